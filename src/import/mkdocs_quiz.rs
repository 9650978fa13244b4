//! Reading mkdocs-quiz pages (Markdown with `<quiz>` blocks) into a [`Bank`].
//!
//! Each `<quiz>` … `</quiz>` block is one question, read line by line as mkdocs-quiz 1.7
//! reads it (`plugin.py`): its lines are dedented; the question is every line before the
//! first answer line (`- [x] right`, `- [ ] wrong`, `*` bullets and `[X]`, `[]` too), each
//! answer may be followed at once by `> …` lines, its feedback, and everything after the
//! answers is the content shown once answered (our explanation). One right answer makes a
//! single choice, more a multiple choice. A block holding `[[answer]]` is a fill in the
//! blanks (our cloze): its text up to a `---` line is the question, the rest its content.
//! The page's text outside the blocks is the article, its first `# heading` the title; the
//! page's front matter options are reported, not kept.

use std::ops::Range;
use std::path::Path;

use super::bank::{Bank, BankAnswer, BankChoice, BankQuestion};
use super::quizdown::line_offsets;
use crate::content::markdown::parse_blocks;
use crate::diagnostic::{Diagnostic, ErrorKind, LintKind};
use crate::source::SourceText;

const OPEN: &str = "<quiz>";
const CLOSE: &str = "</quiz>";

/// The questions of the file at `path` holding `text`, or every problem found, each at its
/// `path:line:col`.
pub fn read(path: &Path, text: &str) -> Result<Bank, Vec<Diagnostic>> {
    let source = SourceText::new(path, text);
    let mut bank = Bank::default();
    let mut errors = Vec::new();
    let body_start = front_matter(&source, &mut bank);
    let (quizzes, outside) = find_quizzes(&source, body_start, &mut errors);
    for range in outside {
        for block in parse_blocks(&text[range.clone()], range.start) {
            let range = block.events[0].1.clone();
            let is_title = matches!(
                block.events[0].0,
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
                    level: pulldown_cmark::HeadingLevel::H1,
                    ..
                })
            );
            if is_title && bank.title.is_none() {
                let inner = block.inner();
                let start = inner.first().map_or(range.start, |(_, r)| r.start);
                let end = inner.last().map_or(range.start, |(_, r)| r.end);
                bank.title = Some(text[start..end].trim().to_string());
            } else {
                bank.article.push(text[range].trim().to_string());
            }
        }
    }
    if quizzes.is_empty() && errors.is_empty() {
        errors.push(source.error(
            body_start,
            ErrorKind::ImportNoQuestion(
                "write each question in a <quiz> … </quiz> block, its answers as \"- [x] right\" and \"- [ ] wrong\" lines",
            ),
        ));
    }
    for (n, (open, content)) in quizzes.into_iter().enumerate() {
        let lines = dedent(line_offsets(&text[content.clone()]), content.start);
        let read = if has_blank(&text[content]) {
            cloze(&source, open, &lines, &mut bank)
        } else {
            choices(&source, open, &lines, n + 1)
        };
        match read {
            Ok(question) => bank.questions.push(question),
            Err(mut found) => errors.append(&mut found),
        }
    }
    super::bank::finish(bank, errors)
}

/// A line of a quiz block: its byte offset in the file (after the dedent) and its text.
pub(super) type Line<'a> = (usize, &'a str);

/// Reads the page's YAML front matter (`---` lines at the very top): `title` becomes the
/// lesson's, every other key is reported. Returns where the page's body starts.
fn front_matter(source: &SourceText, bank: &mut Bank) -> usize {
    let lines = line_offsets(source.text);
    if lines.first().is_none_or(|(_, l)| l.trim_end() != "---") {
        return 0;
    }
    let Some(close) = (1..lines.len()).find(|&i| lines[i].1.trim_end() == "---") else {
        return 0;
    };
    let mut table = "";
    for &(offset, line) in &lines[1..close] {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let nested = line.starts_with(char::is_whitespace);
        let key = key.trim();
        if !nested {
            table = key;
        }
        match (nested, key) {
            (false, "title") => {
                bank.title = Some(value.trim().trim_matches(['"', '\'']).to_string());
            }
            (false, _) if value.trim().is_empty() => {}
            _ => bank.warnings.push(source.lint(
                offset,
                LintKind::ImportNotKept {
                    what: if nested {
                        format!("page option \"{table}.{key}\"")
                    } else {
                        format!("page option \"{key}\"")
                    },
                    why: "set the quiz policies (shuffle, show_answers, …) in the lesson's front matter instead",
                },
            )),
        }
    }
    let (offset, line) = lines[close];
    (offset + line.len() + 1).min(source.text.len())
}

/// A `<quiz>` block: the offset of its `<quiz>` and the range of its content.
type QuizBlock = (usize, Range<usize>);

/// The quiz blocks of the page after `start`, and the ranges of text outside them. Tags
/// inside fenced code outside a quiz are text, as mkdocs-quiz masks such code first.
fn find_quizzes(
    source: &SourceText,
    start: usize,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<QuizBlock>, Vec<Range<usize>>) {
    let text = source.text;
    let mut quizzes = Vec::new();
    let mut outside = Vec::new();
    let mut outside_from = start;
    let mut open: Option<usize> = None;
    let mut fence: Option<&str> = None;
    for (offset, line) in line_offsets(text) {
        if offset < start {
            continue;
        }
        if open.is_none() {
            let trimmed = line.trim_start();
            match fence {
                Some(marker) if trimmed.starts_with(marker) => fence = None,
                Some(_) => {}
                None if trimmed.starts_with("```") => fence = Some("```"),
                None if trimmed.starts_with("~~~") => fence = Some("~~~"),
                None => {}
            }
            if fence.is_some() {
                continue;
            }
        }
        let mut from = 0;
        while from < line.len() {
            let rest = &line[from..];
            let next_open = rest.find(OPEN);
            let next_close = rest.find(CLOSE);
            match (open, next_open, next_close) {
                (None, Some(at), close) if close.is_none_or(|c| at < c) => {
                    let at = offset + from + at;
                    outside.push(outside_from..at);
                    open = Some(at);
                    from = at + OPEN.len() - offset;
                }
                (None, _, Some(at)) => {
                    errors.push(source.error(offset + from + at, ErrorKind::QuizCloseWithoutOpen));
                    from += at + CLOSE.len();
                }
                (Some(opened), Some(at), close) if close.is_none_or(|c| at < c) => {
                    // A second <quiz> before the first one closed.
                    errors.push(source.error(opened, ErrorKind::QuizUnclosed));
                    open = Some(offset + from + at);
                    from += at + OPEN.len();
                }
                (Some(opened), _, Some(at)) => {
                    let at = offset + from + at;
                    quizzes.push((opened, opened + OPEN.len()..at));
                    open = None;
                    outside_from = at + CLOSE.len();
                    from = outside_from - offset;
                }
                _ => break,
            }
        }
    }
    match open {
        Some(opened) => errors.push(source.error(opened, ErrorKind::QuizUnclosed)),
        None => outside.push(outside_from..text.len()),
    }
    (quizzes, outside)
}

/// `lines` with their common leading white space removed (as Python's `textwrap.dedent`),
/// each with the file offset of what is left; `start` is the offset of the first line.
fn dedent<'a>(lines: Vec<Line<'a>>, start: usize) -> Vec<Line<'a>> {
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let common = lines
        .iter()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(_, line)| &line[..indent(line)])
        .reduce(|a, b| {
            let same = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            &a[..same]
        })
        .map_or(0, str::len);
    lines
        .into_iter()
        .map(|(offset, line)| {
            let cut = if line.trim().is_empty() {
                line.len()
            } else {
                common
            };
            (start + offset + cut, &line[cut..])
        })
        .collect()
}

/// Whether a block holds a blank (mkdocs-quiz's `\[\[([^\]]+)\]\]`, or an empty `[[]]`,
/// which we report).
fn has_blank(text: &str) -> bool {
    blanks(text).next().is_some()
}

/// Each blank of `text`: its byte range (brackets included) and its answer, trimmed.
fn blanks(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let open = from + text[from..].find("[[")?;
            let inner = open + 2;
            let close = text[inner..].find(']').map(|c| inner + c);
            match close {
                Some(close) if text[close..].starts_with("]]") => {
                    from = close + 2;
                    return Some((open..close + 2, text[inner..close].trim()));
                }
                _ => from = inner,
            }
        }
    })
}

/// An answer line (`- [x] text`, `* [ ] text`) as mkdocs-quiz's `^[-*] \[(.?)\] (.*)$`: the
/// box's character (maybe none) and the answer.
fn answer_line(line: &str) -> Option<(&str, &str)> {
    let rest = line
        .strip_prefix("- [")
        .or_else(|| line.strip_prefix("* ["))?;
    let close = rest.char_indices().take(2).find(|&(_, c)| c == ']')?.0;
    let answer = rest[close + 1..].strip_prefix(' ')?;
    Some((&rest[..close], answer))
}

/// The text of a `> …` line (mkdocs-quiz's `^\s*>\s?(.*)$`).
fn feedback_line(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix('>')?;
    Some(
        rest.strip_prefix(' ')
            .or_else(|| rest.strip_prefix('\t'))
            .unwrap_or(rest),
    )
}

/// A single or multiple choice block.
fn choices(
    source: &SourceText,
    open: usize,
    lines: &[Line],
    number: usize,
) -> Result<BankQuestion, Vec<Diagnostic>> {
    let at = |offset, kind| vec![source.error(offset, kind)];
    let lines = trim_blank_lines(lines);
    if lines.is_empty() {
        return Err(at(open, ErrorKind::QuizEmpty));
    }
    let Some(first_answer) = lines.iter().position(|(_, l)| answer_line(l).is_some()) else {
        return Err(at(open, ErrorKind::QuizWithoutAnswers));
    };
    let question = &lines[..first_answer];
    if question.iter().all(|(_, l)| l.trim().is_empty()) {
        return Err(at(open, ErrorKind::QuizWithoutQuestion));
    }
    let mut errors = Vec::new();
    let mut answers: Vec<BankChoice> = Vec::new();
    let mut i = first_answer;
    let mut content_start = lines.len();
    while i < lines.len() {
        let (offset, line) = lines[i];
        if let Some((mark, answer)) = answer_line(line) {
            if !matches!(mark, "x" | "X" | " " | "") {
                errors.push(source.error(offset, ErrorKind::QuizBadCheckbox(mark.to_string())));
            }
            let mut feedback = Vec::new();
            i += 1;
            while let Some(text) = lines.get(i).and_then(|(_, l)| feedback_line(l)) {
                feedback.push(text);
                i += 1;
            }
            let feedback = feedback.join("\n").trim_end().to_string();
            answers.push(BankChoice {
                text: answer.trim().to_string(),
                correct: mark.eq_ignore_ascii_case("x"),
                feedback: (!feedback.trim().is_empty()).then_some(feedback),
            });
            content_start = i;
        } else if line.trim().is_empty() {
            i += 1;
        } else {
            if feedback_line(line).is_some()
                && lines[i + 1..].iter().any(|(_, l)| answer_line(l).is_some())
            {
                errors.push(source.error(offset, ErrorKind::QuizOrphanFeedback));
            }
            content_start = i;
            break;
        }
    }
    let correct = answers.iter().filter(|a| a.correct).count();
    // A box that could not be read may be the right one: seek none until all were read.
    let problem = match (errors.is_empty(), correct, answers.len()) {
        (true, 0, _) => Some(ErrorKind::QuestionWithoutCorrectChoice),
        (true, _, 1) => Some(ErrorKind::ImportOneChoice),
        _ => None,
    };
    errors.extend(problem.map(|kind| source.error(open, kind)));
    if !errors.is_empty() {
        return Err(errors);
    }
    let (prompt, body) = prompt_and_body(question, number);
    Ok(BankQuestion {
        prompt,
        body,
        answer: BankAnswer::Choices {
            multiple: correct > 1,
            choices: answers,
        },
        hint: None,
        explanation: joined(&lines[content_start..]),
        line: source.span(open).line,
    })
}

/// A fill in the blanks block: its text up to the first `---` line is the question, its
/// blanks in one paragraph; after that line, the content shown once answered.
fn cloze(
    source: &SourceText,
    open: usize,
    lines: &[Line],
    bank: &mut Bank,
) -> Result<BankQuestion, Vec<Diagnostic>> {
    let lines = trim_blank_lines(lines);
    let (question, content) = match lines.iter().position(|(_, l)| l.trim() == "---") {
        Some(0) | None => (lines, &[][..]),
        Some(rule) => (&lines[..rule], &lines[rule + 1..]),
    };
    let paragraphs: Vec<&[Line]> = question
        .split(|(_, l)| l.trim().is_empty())
        .filter(|p| !p.is_empty())
        .collect();
    let with_blanks: Vec<usize> = (0..paragraphs.len())
        .filter(|&p| paragraphs[p].iter().any(|(_, l)| has_blank(l)))
        .collect();
    let mut errors = Vec::new();
    if let Some(&second) = with_blanks.get(1) {
        let (offset, line) = paragraphs[second]
            .iter()
            .find(|(_, l)| has_blank(l))
            .expect("the paragraph has a blank");
        let (range, _) = blanks(line).next().expect("the line has a blank");
        errors.push(source.error(offset + range.start, ErrorKind::BlanksInSeveralParagraphs));
    }
    let Some(&blank_paragraph) = with_blanks.first() else {
        // The blank is in the content after `---`: the question has none.
        return Err(vec![source.error(open, ErrorKind::QuizWithoutAnswers)]);
    };
    let mut pieces = vec![String::new()];
    let mut accepted = Vec::new();
    for (n, &(offset, line)) in paragraphs[blank_paragraph].iter().enumerate() {
        if n > 0 {
            pieces.last_mut().expect("one piece at least").push('\n');
        }
        let mut from = 0;
        for (range, answer) in blanks(line) {
            if answer.is_empty() {
                errors.push(source.error(offset + range.start, ErrorKind::BlankWithoutAnswer));
            }
            let piece = pieces.last_mut().expect("one piece at least");
            piece.push_str(&line[from..range.start]);
            pieces.push(String::new());
            accepted.push(vec![answer.to_string()]);
            from = range.end;
        }
        pieces
            .last_mut()
            .expect("one piece at least")
            .push_str(&line[from..]);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let before = &paragraphs[..blank_paragraph];
    let mut body: Vec<String> = before.iter().skip(1).map(|p| paragraph(p)).collect();
    for after in &paragraphs[blank_paragraph + 1..] {
        bank.warnings.push(source.lint(
            after[0].0,
            LintKind::ImportNotKept {
                what: "the place of text after the blanks".to_string(),
                why: "a cloze question shows its other text above the blanks, so it moves there",
            },
        ));
        body.push(paragraph(after));
    }
    let prompt = match before.first() {
        Some(first) => heading_text(&paragraph(first)),
        None => "Fill in the blanks".to_string(),
    };
    Ok(BankQuestion {
        prompt,
        body: (!body.is_empty()).then(|| body.join("\n\n")),
        answer: BankAnswer::Cloze {
            pieces,
            blanks: accepted,
        },
        hint: None,
        explanation: joined(content),
        line: source.span(open).line,
    })
}

/// The question's first paragraph as the heading (joined on one line), the rest as its
/// body; a question that starts with code is titled "Question n".
pub(super) fn prompt_and_body(question: &[Line], number: usize) -> (String, Option<String>) {
    let question = trim_blank_lines(question);
    let first_end = question
        .iter()
        .position(|(_, l)| l.trim().is_empty())
        .unwrap_or(question.len());
    let first = question.first().map_or("", |(_, l)| l.trim_start());
    let starts_with_code = first.starts_with("```") || first.starts_with("~~~");
    let (prompt, rest) = if starts_with_code {
        (format!("Question {number}"), question)
    } else {
        (
            heading_text(&paragraph(&question[..first_end])),
            &question[first_end..],
        )
    };
    (prompt, joined(rest))
}

/// A paragraph's lines joined on one line.
fn paragraph(lines: &[Line]) -> String {
    let words: Vec<&str> = lines.iter().map(|(_, l)| l.trim()).collect();
    words.join(" ")
}

/// A Markdown heading line's text (`## Why?` → `Why?`); other text as it is.
fn heading_text(text: &str) -> String {
    let hashes = text.len() - text.trim_start_matches('#').len();
    match text[hashes..].strip_prefix(' ') {
        Some(rest) if (1..=6).contains(&hashes) => rest.trim_end_matches('#').trim().to_string(),
        _ => text.to_string(),
    }
}

/// The lines as one Markdown text, or `None` when they are blank.
fn joined(lines: &[Line]) -> Option<String> {
    let text: Vec<&str> = lines.iter().map(|(_, l)| *l).collect();
    let text = text.join("\n");
    (!text.trim().is_empty()).then(|| text.trim().to_string())
}

fn trim_blank_lines<'l, 'a>(lines: &'l [Line<'a>]) -> &'l [Line<'a>] {
    let start = lines
        .iter()
        .position(|(_, l)| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|(_, l)| !l.trim().is_empty())
        .map_or(start, |e| e + 1);
    &lines[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headlines(text: &str) -> Vec<String> {
        read(Path::new("p.md"), text)
            .unwrap_err()
            .iter()
            .map(Diagnostic::headline)
            .collect()
    }

    #[test]
    fn choices_feedback_content_and_blanks() {
        let text = "---\nquiz:\n  show_correct: false\n---\n# Rivers\n\nThe Nile is long.\n\n<quiz>\nWhich is longest?\n- [x] The Nile\n  > Yes.\n- [ ] The Thames\n\nThe Nile is 6,650 km long.\n</quiz>\n\n<quiz>\nThe [[Nile]] flows into the [[Mediterranean]].\n---\nIt flows north.\n</quiz>\n";
        let bank = read(Path::new("p.md"), text).unwrap();
        assert_eq!(bank.title.as_deref(), Some("Rivers"));
        assert_eq!(bank.article, ["The Nile is long."]);
        let q = &bank.questions[0];
        assert_eq!(q.prompt, "Which is longest?");
        assert_eq!(q.line, 9);
        assert_eq!(q.explanation.as_deref(), Some("The Nile is 6,650 km long."));
        let BankAnswer::Choices { multiple, choices } = &q.answer else {
            panic!("{q:?}")
        };
        assert!(!multiple);
        assert_eq!(choices[0].feedback.as_deref(), Some("Yes."));
        let q = &bank.questions[1];
        assert_eq!(
            q.answer,
            BankAnswer::Cloze {
                pieces: vec!["The ".into(), " flows into the ".into(), ".".into()],
                blanks: vec![vec!["Nile".into()], vec!["Mediterranean".into()]],
            }
        );
        assert_eq!(q.explanation.as_deref(), Some("It flows north."));
        let lints: Vec<String> = bank.warnings.iter().map(|l| l.headline()).collect();
        assert_eq!(lints.len(), 1);
        assert!(
            lints[0]
                .starts_with("p.md:3:1: warning: page option \"quiz.show_correct\" is not kept")
        );
    }

    #[test]
    fn malformed_blocks_are_all_reported() {
        assert_eq!(
            headlines(
                "<quiz>\n</quiz>\n<quiz>\nQ?\n- [ ] a\n- [ ] b\n</quiz>\n<quiz>\nFill [[ ]] in.\n</quiz>\n<quiz>\nQ?\n- [x] a\n"
            ),
            [
                "p.md:1:1: <quiz> block is empty: write a question, then its answers as \"- [x] right\" and \"- [ ] wrong\" lines",
                "p.md:3:1: question has no correct choice: mark at least one with \"[x]\"",
                "p.md:9:6: blank has no answer: write it inside, as [[answer]]",
                "p.md:11:1: <quiz> is not closed: end the question with </quiz>",
            ]
        );
    }
}
