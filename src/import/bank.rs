//! A question bank read from another tool's format (GIFT, quizdown, mkdocs-quiz,
//! mdbook-quiz), and its writing as a lesson source of ours.
//!
//! Each format's reader turns its file into a [`Bank`]: questions whose texts are already
//! Markdown of ours (escaped as needed), with what did not map reported as [`Lint`]s naming
//! the source line. [`write_lesson`] then writes the lesson: front matter, the bank's article
//! or a placeholder sentence that `check` reports, and the quiz.

use crate::diagnostic::{Diagnostic, Lint};
use crate::i18n::QuizWords;

/// A placeholder focus sentence, for banks that come without an article; `check` and
/// `build` report it (it starts with `TODO`) until the author writes the article.
pub const PLACEHOLDER_ARTICLE: &str = crate::content::article::PLACEHOLDER_SENTENCE;

/// Questions read from one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bank {
    /// The lesson's title, if the file gives one (else the file's name is used).
    pub title: Option<String>,
    /// The article's paragraphs, Markdown, if the file has text besides its questions.
    pub article: Vec<String>,
    pub questions: Vec<BankQuestion>,
    /// What did not map, or mapped with a loss, each at its line.
    pub warnings: Vec<Lint>,
}

/// One question of a bank.
#[derive(Debug, Clone, PartialEq)]
pub struct BankQuestion {
    /// The question's text, Markdown on one line (it becomes the question's heading). Empty
    /// for a cloze whose text says it all (a GIFT missing word): its heading is then the
    /// pack language's [`QuizWords::cloze_heading`].
    pub prompt: String,
    /// Text shown between the heading and the answers (Markdown blocks), if the prompt is
    /// longer than a heading holds.
    pub body: Option<String>,
    pub answer: BankAnswer,
    /// Shown behind "Hint" before answering.
    pub hint: Option<String>,
    /// Shown once answered (GIFT's general feedback, quizdown's explanation).
    pub explanation: Option<String>,
    /// The 1-based line the question starts at in its file, for messages.
    pub line: usize,
}

/// What a bank question asks, in the kinds of ours.
#[derive(Debug, Clone, PartialEq)]
pub enum BankAnswer {
    /// Pick one (`multiple` false: exactly one correct) or any number.
    Choices {
        multiple: bool,
        choices: Vec<BankChoice>,
    },
    /// Type one of these answers.
    Short { accepted: Vec<String> },
    /// True or false, with the feedback for a learner who answers each.
    TrueFalse {
        answer: bool,
        if_true: Option<String>,
        if_false: Option<String>,
    },
    /// Each left side's match.
    Match { pairs: Vec<(String, String)> },
    /// Items in their right order.
    Order { items: Vec<String> },
    /// A text with blanks: the pieces around them, and each blank's accepted answers
    /// (`pieces.len() == blanks.len() + 1`).
    Cloze {
        pieces: Vec<String>,
        blanks: Vec<Vec<String>>,
    },
}

/// A choice of a choice question.
#[derive(Debug, Clone, PartialEq)]
pub struct BankChoice {
    /// Markdown, one line.
    pub text: String,
    pub correct: bool,
    /// Shown when it is picked and checked.
    pub feedback: Option<String>,
}

/// The lesson source for `bank`, titled `title` when the bank has none; `words` are the
/// pack language's, for true or false and for a cloze without a heading.
pub fn write_lesson(bank: &Bank, title: &str, words: &QuizWords) -> String {
    let title = bank.title.as_deref().unwrap_or(title);
    let mut out = String::new();
    out.push_str("+++\n");
    out.push_str(&format!("title = {}\n", toml_string(title)));
    out.push_str("+++\n\n");
    if bank.article.is_empty() {
        out.push_str(PLACEHOLDER_ARTICLE);
        out.push_str("\n\n");
    }
    for paragraph in &bank.article {
        out.push_str(paragraph.trim());
        out.push_str("\n\n");
    }
    if bank.questions.is_empty() {
        return out;
    }
    out.push_str("## Challenge Mode {.quiz}\n");
    for question in &bank.questions {
        out.push('\n');
        write_question(&mut out, question, words);
    }
    out
}

fn write_question(out: &mut String, question: &BankQuestion, words: &QuizWords) {
    let class = match &question.answer {
        BankAnswer::Choices { multiple: true, .. } => " {.multi}",
        BankAnswer::Choices { .. } | BankAnswer::TrueFalse { .. } => "",
        BankAnswer::Short { .. } => " {.short}",
        BankAnswer::Match { .. } => " {.match}",
        BankAnswer::Order { .. } => " {.order}",
        BankAnswer::Cloze { .. } => " {.cloze}",
    };
    let prompt = match (&question.answer, question.prompt.trim()) {
        (BankAnswer::Cloze { .. }, "") => words.cloze_heading,
        (_, prompt) => prompt,
    };
    out.push_str(&format!("### {prompt}{class}\n"));
    if let Some(hint) = &question.hint {
        push_quote(out, hint, "");
        out.push('\n');
    }
    if let Some(body) = &question.body {
        out.push_str(body.trim());
        out.push_str("\n\n");
    }
    match &question.answer {
        BankAnswer::Choices { choices, .. } => {
            for choice in choices {
                let mark = if choice.correct { 'x' } else { ' ' };
                out.push_str(&format!("- [{mark}] {}\n", choice.text.trim()));
                if let Some(feedback) = &choice.feedback {
                    push_quote(out, feedback, "  ");
                }
            }
        }
        BankAnswer::TrueFalse {
            answer,
            if_true,
            if_false,
        } => {
            let sides = [
                (words.true_word, *answer, if_true),
                (words.false_word, !*answer, if_false),
            ];
            for (word, correct, feedback) in sides {
                let mark = if correct { 'x' } else { ' ' };
                out.push_str(&format!("- [{mark}] {word}\n"));
                if let Some(feedback) = feedback {
                    push_quote(out, feedback, "  ");
                }
            }
        }
        BankAnswer::Short { accepted } => {
            for answer in accepted {
                out.push_str(&format!("- [x] {}\n", answer.trim()));
            }
        }
        BankAnswer::Match { pairs } => {
            for (left, right) in pairs {
                out.push_str(&format!("- {} -> {}\n", left.trim(), right.trim()));
            }
        }
        BankAnswer::Order { items } => {
            for (n, item) in items.iter().enumerate() {
                out.push_str(&format!("{}. {}\n", n + 1, item.trim()));
            }
        }
        BankAnswer::Cloze { pieces, blanks } => {
            for (n, piece) in pieces.iter().enumerate() {
                out.push_str(piece);
                if let Some(accepted) = blanks.get(n) {
                    out.push_str(&blank_link(accepted));
                }
            }
            out.push('\n');
        }
    }
    if let Some(explanation) = &question.explanation {
        push_quote(out, explanation, "");
    }
}

/// A blank accepting `accepted`: `[a](blank:)` when the link text says it all, else
/// `[a](<blank:a|b>)`.
fn blank_link(accepted: &[String]) -> String {
    let first = accepted.first().map_or("", String::as_str);
    if accepted.len() == 1 && !first.contains(['[', ']', '\\']) {
        return format!("[{first}](blank:)");
    }
    let all: Vec<&str> = accepted.iter().map(String::as_str).collect();
    format!("[{first}](<blank:{}>)", all.join("|"))
}

/// `text` as a block quote, each line prefixed with `indent` (for one under a list item).
fn push_quote(out: &mut String, text: &str, indent: &str) {
    for line in text.trim().lines() {
        match line.trim_end() {
            "" => out.push_str(&format!("{indent}>\n")),
            line => out.push_str(&format!("{indent}> {line}\n")),
        }
    }
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A reader's result: the bank, or every error it found, in the order of the file.
pub(super) fn finish(bank: Bank, mut errors: Vec<Diagnostic>) -> Result<Bank, Vec<Diagnostic>> {
    if errors.is_empty() {
        return Ok(bank);
    }
    errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Err(errors)
}
