//! Reading mdbook-quiz TOML files into a [`Bank`].
//!
//! The schema is mdbook-quiz's (`crates/mdbook-quiz-schema`): `[[questions]]` tables, each
//! with a `type`, a `prompt`, an `answer` and an optional `context` (shown once answered:
//! our explanation). `MultipleChoice` has `prompt.prompt`, `prompt.distractors` (the wrong
//! choices) and `answer.answer`, one right choice (single choice) or a list of them
//! (multiple choice); `ShortAnswer` has `answer.answer` and `answer.alternatives`. A
//! question in a multipart group gets the group's text (`[multipart]`) above its own.
//! `Tracing` questions, and any other type, are left out and reported, each at its `type`.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::bank::{Bank, BankAnswer, BankChoice, BankQuestion};
use super::markdown::escape_inline;
use super::mkdocs_quiz::prompt_and_body;
use super::quizdown::line_offsets;
use crate::diagnostic::{Diagnostic, ErrorKind, LintKind};
use crate::source::SourceText;

/// The questions of the file at `path` holding `text`, or every problem found, each at its
/// `path:line:col`.
pub fn read(path: &Path, text: &str) -> Result<Bank, Vec<Diagnostic>> {
    let source = SourceText::new(path, text);
    let (document, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        let errors = syntax
            .iter()
            .map(|err| {
                let offset = err.span().map_or(0, |span| span.start);
                let message = err.message().trim().lines().next().unwrap_or_default();
                let mut chars = message.chars();
                let message = chars
                    .next()
                    .map(|first| first.to_lowercase().chain(chars).collect())
                    .unwrap_or_default();
                source.error(offset, ErrorKind::Toml { message })
            })
            .collect();
        return super::bank::finish(Bank::default(), errors);
    }
    let mut reader = Reader {
        source: &source,
        bank: Bank::default(),
        errors: Vec::new(),
    };
    let top = document.get_ref();
    let multipart = reader.multipart(top);
    for key in top.keys() {
        if !matches!(key.get_ref().as_ref(), "questions" | "multipart") {
            reader.not_kept(key.span().start, format!("key \"{}\"", key.get_ref()), "");
        }
    }
    let questions = get(top, "questions");
    match questions.map(|q| q.get_ref()) {
        Some(DeValue::Array(items)) if !items.is_empty() => {
            for (n, question) in items.iter().enumerate() {
                reader.question(question, n + 1, &multipart);
            }
        }
        Some(DeValue::Array(_)) | None => reader.errors.push(source.error(
            0,
            ErrorKind::ImportNoQuestion(
                "write each question as a [[questions]] table with its type, prompt and answer",
            ),
        )),
        Some(_) => reader.wrong(
            questions.expect("matched a value"),
            "questions",
            "an array of tables ([[questions]])",
        ),
    }
    super::bank::finish(reader.bank, reader.errors)
}

/// The TOML entries of a table.
type Entries<'i> = DeTable<'i>;

struct Reader<'s, 'a> {
    source: &'s SourceText<'a>,
    bank: Bank,
    errors: Vec<Diagnostic>,
}

/// The value of `key` in `table`.
fn get<'t, 'i>(table: &'t Entries<'i>, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v)
}

impl Reader<'_, '_> {
    fn wrong(&mut self, value: &Spanned<DeValue>, key: &str, expected: &'static str) {
        self.errors.push(self.source.error(
            value.span().start,
            ErrorKind::ImportWrongValue {
                key: key.to_string(),
                expected,
            },
        ));
    }

    fn not_kept(&mut self, offset: usize, what: String, why: &'static str) {
        let why = if why.is_empty() {
            "mdbook-quiz ignores it too, or lessonpack has nothing like it"
        } else {
            why
        };
        self.bank.warnings.push(
            self.source
                .lint(offset, LintKind::ImportNotKept { what, why }),
        );
    }

    /// The `[multipart]` table: each group's text by its key.
    fn multipart(&mut self, top: &Entries) -> Vec<(String, String)> {
        let Some(value) = get(top, "multipart") else {
            return Vec::new();
        };
        let DeValue::Table(groups) = value.get_ref() else {
            self.wrong(value, "multipart", "a table of texts");
            return Vec::new();
        };
        let mut texts = Vec::new();
        for (key, text) in groups {
            match text.get_ref().as_str() {
                Some(markdown) => texts.push((key.get_ref().to_string(), markdown.to_string())),
                None => self.wrong(text, &format!("multipart.{}", key.get_ref()), "a string"),
            }
        }
        texts
    }

    /// A string at `table.key`, reported when it is not one (or missing and `required`).
    fn string(
        &mut self,
        table: &Entries,
        at: &Range<usize>,
        path: &str,
        required: Option<&'static str>,
    ) -> Option<String> {
        let value = self.lookup(table, path);
        match value.map(|v| (v, v.get_ref())) {
            Some((_, DeValue::String(text))) => Some(text.to_string()),
            Some((value, _)) => {
                self.wrong(value, path, "a string");
                None
            }
            None => {
                if let Some(kind) = required {
                    self.errors.push(self.source.error(
                        at.start,
                        ErrorKind::MissingKey {
                            key: path.to_string(),
                            table: kind,
                        },
                    ));
                }
                None
            }
        }
    }

    /// The value at a dotted path (`prompt.prompt`) below `table`.
    fn lookup<'t, 'i>(
        &self,
        table: &'t Entries<'i>,
        path: &str,
    ) -> Option<&'t Spanned<DeValue<'i>>> {
        let mut keys = path.split('.');
        let mut value = get(table, keys.next()?)?;
        for key in keys {
            match value.get_ref() {
                DeValue::Table(inner) => value = get(inner, key)?,
                _ => return None,
            }
        }
        Some(value)
    }

    /// A list of strings at `path`, or one string when `one_allowed`: `(texts, was a list)`.
    fn strings(
        &mut self,
        table: &Entries,
        path: &str,
        expected: &'static str,
        one_allowed: bool,
    ) -> Option<(Vec<String>, bool)> {
        let value = self.lookup(table, path)?;
        match value.get_ref() {
            DeValue::String(text) if one_allowed => Some((vec![text.to_string()], false)),
            DeValue::Array(items) => {
                let texts: Option<Vec<String>> = items
                    .iter()
                    .map(|item| item.get_ref().as_str().map(str::to_string))
                    .collect();
                match texts {
                    Some(texts) => Some((texts, true)),
                    None => {
                        self.wrong(value, path, expected);
                        None
                    }
                }
            }
            _ => {
                self.wrong(value, path, expected);
                None
            }
        }
    }

    fn question(
        &mut self,
        value: &Spanned<DeValue>,
        number: usize,
        multipart: &[(String, String)],
    ) {
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong(value, "questions", "an array of tables ([[questions]])");
            return;
        };
        let at = value.span();
        let errors_before = self.errors.len();
        let Some(kind) = self.string(table, &at, "type", Some("a question")) else {
            return;
        };
        let type_at = get(table, "type").map_or(at.start, |t| t.span().start);
        let table_name = match kind.as_str() {
            "MultipleChoice" => "a MultipleChoice question",
            "ShortAnswer" => "a ShortAnswer question",
            _ => {
                self.bank.warnings.push(
                    self.source
                        .lint(type_at, LintKind::ImportQuestionLeftOut(kind.clone())),
                );
                return;
            }
        };
        for (key, _) in table {
            let known = [
                "type",
                "prompt",
                "answer",
                "context",
                "id",
                "multipart",
                "promptExplanation",
            ];
            if !known.contains(&key.get_ref().as_ref()) {
                self.not_kept(key.span().start, format!("key \"{}\"", key.get_ref()), "");
            }
        }
        if let Some(flag) = get(table, "promptExplanation")
            && flag.get_ref().as_bool() == Some(true)
        {
            self.not_kept(
                flag.span().start,
                "promptExplanation".to_string(),
                "lessonpack asks for no written justification of an answer",
            );
        }
        let prompt = self.string(table, &at, "prompt.prompt", Some(table_name));
        let answer = if kind == "MultipleChoice" {
            self.choices(table, &at)
        } else {
            self.short(table, &at)
        };
        let explanation = self.string(table, &at, "context", None);
        let group = match get(table, "multipart") {
            Some(key) => match key.get_ref().as_str() {
                Some(name) => match multipart.iter().find(|(k, _)| k == name) {
                    Some((_, text)) => Some(text.clone()),
                    None => {
                        self.wrong(key, "multipart", "a key of the [multipart] table");
                        None
                    }
                },
                None => {
                    self.wrong(key, "multipart", "a string");
                    None
                }
            },
            None => None,
        };
        let (Some(prompt), Some(answer)) = (prompt, answer) else {
            return;
        };
        if self.errors.len() > errors_before {
            return;
        }
        let lines = line_offsets(&prompt);
        let (prompt, body) = prompt_and_body(&lines, number);
        let body = match (group, body) {
            (Some(group), Some(body)) => Some(format!("{}\n\n{body}", group.trim())),
            (group, body) => group.map(|g| g.trim().to_string()).or(body),
        };
        self.bank.questions.push(BankQuestion {
            prompt,
            body,
            answer,
            hint: None,
            explanation: explanation
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty()),
            line: self.source.span(at.start).line,
        });
    }

    /// A MultipleChoice's choices: the right ones and the distractors, in mdbook-quiz's
    /// fixed order when `answerIndex` or `sortAnswers` asks for one, else sorted by text
    /// (mdbook-quiz shuffles them; a fixed order that always starts with the right answer
    /// would give it away).
    fn choices(&mut self, table: &Entries, at: &Range<usize>) -> Option<BankAnswer> {
        let list = "a string or a list of strings";
        let right = self.strings(table, "answer.answer", list, true);
        if right.is_none() && self.lookup(table, "answer.answer").is_none() {
            self.errors.push(self.source.error(
                at.start,
                ErrorKind::MissingKey {
                    key: "answer.answer".to_string(),
                    table: "a MultipleChoice question",
                },
            ));
        }
        let wrong = self.strings(table, "prompt.distractors", "a list of strings", false);
        let index = self.lookup(table, "prompt.answerIndex").map(|value| {
            let index = value
                .get_ref()
                .as_integer()
                .and_then(|i| i.as_str().parse::<usize>().ok());
            if index.is_none() {
                self.wrong(value, "prompt.answerIndex", "a number from 0");
            }
            index
        });
        let (right, multiple) = right?;
        let (wrong, _) = wrong.unwrap_or_default();
        if right.len() + wrong.len() < 2 && !multiple {
            self.errors
                .push(self.source.error(at.start, ErrorKind::ImportOneChoice));
            return None;
        }
        let choice = |text: &String, correct| BankChoice {
            text: one_line(text),
            correct,
            feedback: None,
        };
        let mut choices: Vec<BankChoice> = wrong.iter().map(|t| choice(t, false)).collect();
        match index.flatten() {
            Some(index) if !multiple => {
                choices.insert(index.min(choices.len()), choice(&right[0], true))
            }
            _ => {
                choices.extend(right.iter().map(|t| choice(t, true)));
                choices.sort_by(|a, b| a.text.cmp(&b.text));
            }
        }
        Some(BankAnswer::Choices { multiple, choices })
    }

    /// A ShortAnswer's accepted answers: `answer.answer`, then `answer.alternatives`.
    fn short(&mut self, table: &Entries, at: &Range<usize>) -> Option<BankAnswer> {
        if let Some(response) = self.lookup(table, "prompt.response")
            && matches!(response.get_ref().as_str(), Some("long" | "code"))
        {
            self.not_kept(
                response.span().start,
                format!(
                    "response format \"{}\"",
                    response.get_ref().as_str().unwrap_or_default()
                ),
                "a short answer is typed on one line",
            );
        }
        let answer = self.string(table, at, "answer.answer", Some("a ShortAnswer question"));
        let alternatives = self.strings(table, "answer.alternatives", "a list of strings", false);
        let mut accepted = vec![escape_inline(answer?.trim())];
        if let Some((alternatives, _)) = alternatives {
            accepted.extend(alternatives.iter().map(|a| escape_inline(a.trim())));
        }
        Some(BankAnswer::Short { accepted })
    }
}

/// Markdown of a choice on one line.
fn one_line(text: &str) -> String {
    let words: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIZ: &str = r#"[multipart]
a = "Consider this program."

[[questions]]
type = "MultipleChoice"
prompt.prompt = "What is 1 + 1?"
prompt.distractors = ["1", "3"]
answer.answer = "2"
context = "Arithmetic."

[[questions]]
type = "Tracing"
prompt.program = "fn main() {}"
answer.doesCompile = true

[[questions]]
type = "ShortAnswer"
multipart = "a"
prompt.prompt = "Which keyword declares a variable?"
answer.answer = "let"
answer.alternatives = ["let mut"]
"#;

    #[test]
    fn questions_map_and_tracing_is_reported() {
        let bank = read(Path::new("q.toml"), QUIZ).unwrap();
        assert_eq!(bank.questions.len(), 2);
        let q = &bank.questions[0];
        assert_eq!(q.line, 4);
        assert_eq!(q.explanation.as_deref(), Some("Arithmetic."));
        let BankAnswer::Choices { multiple, choices } = &q.answer else {
            panic!("{q:?}")
        };
        assert!(!multiple);
        let texts: Vec<(&str, bool)> = choices
            .iter()
            .map(|c| (c.text.as_str(), c.correct))
            .collect();
        assert_eq!(texts, [("1", false), ("2", true), ("3", false)]);
        let q = &bank.questions[1];
        assert_eq!(q.body.as_deref(), Some("Consider this program."));
        assert_eq!(
            q.answer,
            BankAnswer::Short {
                accepted: vec!["let".into(), "let mut".into()]
            }
        );
        let lints: Vec<String> = bank.warnings.iter().map(|l| l.headline()).collect();
        assert_eq!(lints.len(), 1);
        assert!(
            lints[0].starts_with("q.toml:12:8: warning: Tracing question left out"),
            "{lints:?}"
        );
    }

    #[test]
    fn malformed_files_are_reported_at_their_place() {
        let headlines = |text: &str| -> Vec<String> {
            read(Path::new("q.toml"), text)
                .unwrap_err()
                .iter()
                .map(Diagnostic::headline)
                .collect()
        };
        assert_eq!(
            headlines(
                "[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q\"\nprompt.distractors = [\"a\"]\n"
            ),
            ["q.toml:1:1: missing key \"answer.answer\" in a MultipleChoice question"]
        );
        assert!(headlines("[[questions]\n")[0].starts_with("q.toml:1:"));
    }
}
