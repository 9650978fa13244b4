//! Reading quizdown files (bonartm/quizdown-js) into a [`Bank`].
//!
//! quizdown's own parser (`src/parser.ts`) splits the file at its headings: each heading is
//! a question, the first list under it holds the answers, every block quote of the question
//! (not one inside an answer) is its hint, its other blocks (paragraphs, code) are shown
//! under the heading, and a block quote inside an answer is that answer's comment. The list
//! decides the kind: `1. [x]` (ordered, task items) is single choice, `- [x]` (unordered) is
//! multiple choice, `1.` items without boxes are a sequence, in the order written. A YAML
//! header between `---` lines sets options, for the quiz (before the first heading) or for
//! one question; none of them is kept, each is reported.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Tag};

use super::bank::{Bank, BankAnswer, BankChoice, BankQuestion};
use crate::content::markdown::{Block, parse_blocks};
use crate::diagnostic::{Diagnostic, ErrorKind, LintKind};
use crate::source::SourceText;

/// The questions of the file at `path` holding `text`, or every problem found, each at its
/// `path:line:col`.
pub fn read(path: &Path, text: &str) -> Result<Bank, Vec<Diagnostic>> {
    let source = SourceText::new(path, text);
    let (masked, options) = mask_options(text);
    let blocks = parse_blocks(&masked, 0);
    let mut bank = Bank::default();
    let mut errors = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    for block in &blocks {
        let range = block.events[0].1.clone();
        match (&block.events[0].0, drafts.last_mut()) {
            (Event::Start(Tag::Heading { .. }), _) => drafts.push(Draft {
                offset: range.start,
                prompt: inline_source(text, block.inner()).replace('\n', " "),
                body: Vec::new(),
                hints: Vec::new(),
                list: None,
            }),
            (_, None) => bank.article.push(text[range].trim().to_string()),
            (Event::Start(Tag::BlockQuote(_)), Some(draft)) => {
                draft.hints.push(unquote(&text[range]));
            }
            (Event::Start(Tag::List(first)), Some(draft)) if draft.list.is_none() => {
                draft.list = Some(read_list(text, block, first.is_some()));
            }
            (Event::Start(Tag::List(_)), Some(_)) => bank.warnings.push(source.lint(
                range.start,
                LintKind::ImportNotKept {
                    what: "a second list under a question".to_string(),
                    why: "quizdown reads the first list as the answers and ignores the rest",
                },
            )),
            (_, Some(draft)) => draft.body.push(text[range].trim_end().to_string()),
        }
    }
    let first_question = drafts.first().map_or(text.len(), |d| d.offset);
    for (key, offset) in options {
        let why = option_loss(&key, offset < first_question);
        bank.warnings.push(source.lint(
            offset,
            LintKind::ImportNotKept {
                what: format!("quizdown option \"{key}\""),
                why,
            },
        ));
    }
    if drafts.is_empty() {
        errors.push(source.error(
            0,
            ErrorKind::ImportNoQuestion(
                "a quizdown question starts with a heading, such as \"### What is …?\", followed by its list of answers",
            ),
        ));
    }
    for draft in drafts {
        match question(&source, draft, &mut bank) {
            Ok(question) => bank.questions.push(question),
            Err(mut found) => errors.append(&mut found),
        }
    }
    super::bank::finish(bank, errors)
}

/// A question as read, before its list is checked.
struct Draft {
    offset: usize,
    prompt: String,
    body: Vec<String>,
    hints: Vec<String>,
    list: Option<List>,
}

struct List {
    ordered: bool,
    items: Vec<Item>,
}

struct Item {
    offset: usize,
    /// `Some(checked)` for a task item (`[x]` / `[ ]`).
    task: Option<bool>,
    text: String,
    feedback: Option<String>,
}

fn question(
    source: &SourceText,
    draft: Draft,
    bank: &mut Bank,
) -> Result<BankQuestion, Vec<Diagnostic>> {
    let at = |kind| vec![source.error(draft.offset, kind)];
    let Some(list) = draft.list else {
        return Err(at(ErrorKind::QuizdownWithoutList));
    };
    let mut errors: Vec<Diagnostic> = list
        .items
        .iter()
        .filter(|item| item.text.is_empty())
        .map(|item| source.error(item.offset, ErrorKind::EmptyChoice))
        .collect();
    let is_sequence = list.ordered && list.items[0].task.is_none();
    let answer = if is_sequence {
        for item in list.items.iter().filter(|item| item.feedback.is_some()) {
            bank.warnings.push(source.lint(
                item.offset,
                LintKind::ImportNotKept {
                    what: "a comment under an item to put in order".to_string(),
                    why: "an ordering question has no feedback per item (move it to the hint)",
                },
            ));
        }
        if list.items.len() < 2 {
            errors.push(source.error(draft.offset, ErrorKind::OrderWithOneItem));
        }
        BankAnswer::Order {
            items: list.items.into_iter().map(|item| item.text).collect(),
        }
    } else {
        let correct = list
            .items
            .iter()
            .filter(|item| item.task == Some(true))
            .count();
        let problem = match (list.ordered, correct, list.items.len()) {
            (_, 0, _) => Some(ErrorKind::QuestionWithoutCorrectChoice),
            (true, 2.., _) => Some(ErrorKind::QuizdownSingleWithSeveralCorrect(correct)),
            (true, _, 1) => Some(ErrorKind::ImportOneChoice),
            _ => None,
        };
        errors.extend(problem.map(|kind| source.error(draft.offset, kind)));
        BankAnswer::Choices {
            multiple: !list.ordered,
            choices: list
                .items
                .into_iter()
                .map(|item| BankChoice {
                    correct: item.task == Some(true),
                    text: item.text,
                    feedback: item.feedback,
                })
                .collect(),
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(BankQuestion {
        prompt: draft.prompt,
        body: (!draft.body.is_empty()).then(|| draft.body.join("\n\n")),
        answer,
        hint: (!draft.hints.is_empty()).then(|| draft.hints.join("\n\n")),
        explanation: None,
        line: source.span(draft.offset).line,
    })
}

/// Why a quizdown option is not kept; `for_quiz` when it is set before the first question.
fn option_loss(key: &str, for_quiz: bool) -> &'static str {
    match key {
        "shuffleAnswers" | "shuffle_answers" if !for_quiz => {
            "lessonpack shuffles all of a quiz's questions or none (set shuffle in the lesson's front matter)"
        }
        "shuffleAnswers" | "shuffle_answers" | "shuffleQuestions" | "shuffle_questions"
        | "nQuestions" | "passingGrade" => {
            "set the quiz policies (shuffle, pick, pass_mark) in the lesson's front matter instead"
        }
        "primaryColor" | "secondaryColor" | "textColor" | "primary_color" | "secondary_color"
        | "text_color" => "the pages take the pack's style",
        "locale" => "the pages speak the pack's language",
        _ => "lessonpack has no such option",
    }
}

/// The Markdown source spanned by `events` (a block's inner events), trimmed.
fn inline_source(text: &str, events: &[(Event, Range<usize>)]) -> String {
    let start = events.iter().map(|(_, r)| r.start).min();
    let end = events.iter().map(|(_, r)| r.end).max();
    match (start, end) {
        (Some(start), Some(end)) => text[start..end].trim().to_string(),
        _ => String::new(),
    }
}

/// The items of a list block: each one's box, its text up to a block quote (joined on one
/// line), and the block quote as its feedback.
fn read_list(text: &str, block: &Block, ordered: bool) -> List {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<ItemSpans> = None;
    for (event, range) in &block.events {
        match (event, current.as_mut()) {
            (Event::Start(Tag::Item), _) if depth == 1 => {
                current = Some(ItemSpans {
                    item: range.clone(),
                    task: None,
                    content: None,
                    quote: None,
                });
            }
            (Event::End(_), Some(_)) if depth == 2 => {
                items.extend(current.take().map(|spans| spans.read(text)));
            }
            (Event::TaskListMarker(checked), Some(spans)) if depth == 2 => {
                spans.task = Some(*checked);
                spans.content = Some(range.end);
            }
            (_, Some(spans)) if depth == 2 => {
                spans.content.get_or_insert(range.start);
                if matches!(event, Event::Start(Tag::BlockQuote(_))) && spans.quote.is_none() {
                    spans.quote = Some(range.clone());
                }
            }
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    List { ordered, items }
}

/// Where the parts of a list item are in the file.
struct ItemSpans {
    item: Range<usize>,
    task: Option<bool>,
    /// Where its text starts (after the box, if any).
    content: Option<usize>,
    /// Its first block quote, the feedback.
    quote: Option<Range<usize>>,
}

impl ItemSpans {
    fn read(self, text: &str) -> Item {
        let start = self.content.unwrap_or(self.item.end);
        let end = self
            .quote
            .as_ref()
            .map_or(self.item.end, |q| q.start)
            .max(start);
        let words: Vec<&str> = text[start..end]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        Item {
            offset: self.item.start,
            task: self.task,
            text: words.join(" "),
            feedback: self.quote.map(|q| unquote(&text[q])),
        }
    }
}

/// The text of a block quote's source without its `>` markers (and their indentation).
pub(super) fn unquote(quote: &str) -> String {
    let lines: Vec<&str> = quote
        .lines()
        .map(|line| {
            let line = line.trim_start();
            match line.strip_prefix('>') {
                Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
                None => line,
            }
            .trim_end()
        })
        .collect();
    lines.join("\n").trim().to_string()
}

/// `text` with its option headers (`---` lines around `key: value` lines) blanked out, so
/// that Markdown does not read them as a rule and a heading, and each option's key with the
/// byte offset of its line. Offsets stay those of `text`.
fn mask_options(text: &str) -> (String, Vec<(String, usize)>) {
    let mut masked = text.as_bytes().to_vec();
    let mut options = Vec::new();
    let lines: Vec<(usize, &str)> = line_offsets(text);
    let mut fence: Option<String> = None;
    let mut previous_blank = true;
    let mut i = 0;
    while i < lines.len() {
        let (offset, line) = lines[i];
        let trimmed = line.trim();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
        } else if previous_blank
            && is_dashes(line)
            && let Some(close) = (i + 1..lines.len()).find(|&j| is_dashes(lines[j].1))
            && lines[i + 1..close].iter().all(|(_, l)| is_option_line(l))
        {
            for &(at, entry) in &lines[i + 1..close] {
                if let Some((key, _)) = entry.split_once(':')
                    && !entry.starts_with(char::is_whitespace)
                {
                    options.push((key.trim().to_string(), at));
                }
            }
            let end = lines[close].0 + lines[close].1.len();
            for byte in &mut masked[offset..end] {
                if *byte != b'\n' && *byte != b'\r' {
                    *byte = b' ';
                }
            }
            i = close + 1;
            previous_blank = false;
            continue;
        }
        previous_blank = trimmed.is_empty() || trimmed.starts_with('#');
        i += 1;
    }
    let masked = String::from_utf8(masked).expect("only ASCII bytes were replaced");
    (masked, options)
}

/// Each line of `text` with the byte offset it starts at, without its line ending.
pub(super) fn line_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n')
        .map(|line| {
            let start = offset;
            offset += line.len();
            (start, line.trim_end_matches(['\n', '\r']))
        })
        .collect()
}

fn is_dashes(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = line.trim();
    indent <= 3 && rest.len() >= 3 && rest.chars().all(|c| c == '-')
}

/// A line of a YAML header as quizdown writes them: `key: value`, a comment, blank, or
/// indented (the continuation of a value).
fn is_option_line(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty()
        || trimmed.starts_with('#')
        || line.starts_with(char::is_whitespace)
        || trimmed.split_once(':').is_some_and(|(key, _)| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headlines(text: &str) -> Vec<String> {
        read(Path::new("q.md"), text)
            .unwrap_err()
            .iter()
            .map(Diagnostic::headline)
            .collect()
    }

    #[test]
    fn each_list_kind_is_its_question_kind() {
        let text = "---\nshuffleAnswers: false\nlocale: de\n---\n\n# Capital?\n\n> Largest city.\n\n- [x] Berlin\n    > Right.\n- [ ] Paris\n\n## One?\n\nSome *context*.\n\n1. [ ] A\n1. [x] B\n\n## Order\n\n1. One\n2. Two\n";
        let bank = read(Path::new("q.md"), text).unwrap();
        assert_eq!(bank.questions.len(), 3);
        let q = &bank.questions[0];
        assert_eq!(q.prompt, "Capital?");
        assert_eq!(q.hint.as_deref(), Some("Largest city."));
        assert_eq!(q.line, 6);
        let BankAnswer::Choices { multiple, choices } = &q.answer else {
            panic!("{q:?}")
        };
        assert!(*multiple);
        assert_eq!(choices[0].text, "Berlin");
        assert_eq!(choices[0].feedback.as_deref(), Some("Right."));
        assert!(choices[0].correct && !choices[1].correct);
        let q = &bank.questions[1];
        assert_eq!(q.body.as_deref(), Some("Some *context*."));
        assert!(
            matches!(&q.answer, BankAnswer::Choices { multiple: false, choices } if choices[1].correct)
        );
        assert_eq!(
            bank.questions[2].answer,
            BankAnswer::Order {
                items: vec!["One".into(), "Two".into()]
            }
        );
        let lints: Vec<String> = bank.warnings.iter().map(|l| l.headline()).collect();
        assert_eq!(lints.len(), 2, "{lints:?}");
        assert!(
            lints[0]
                .starts_with("q.md:2:1: warning: quizdown option \"shuffleAnswers\" is not kept")
        );
        assert!(lints[1].starts_with("q.md:3:1: warning: quizdown option \"locale\" is not kept"));
    }

    #[test]
    fn malformed_questions_are_all_reported() {
        assert_eq!(
            headlines("# A\n\nNo list.\n\n# B\n\n- [ ] x\n- [ ] y\n\n# C\n\n1. [x] a\n1. [x] b\n"),
            [
                "q.md:1:1: question has no list of answers: write its choices as \"- [x] right\" and \"- [ ] wrong\" items (or \"1.\" items to put in order)",
                "q.md:5:1: question has no correct choice: mark at least one with \"[x]\"",
                "q.md:10:1: single-choice question (a numbered \"1. [x]\" list) has 2 right answers: mark one, or write the choices as \"- [x]\" items for multiple choice",
            ]
        );
        assert!(headlines("Just text.\n")[0].starts_with("q.md:1:1: no question found"));
    }
}
