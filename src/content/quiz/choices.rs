//! Single-choice, multiple-choice and short-answer questions: a task list under the
//! heading, `[x]` on each right choice (on every accepted answer of a short answer).

use std::borrow::Cow;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Answer, Choice, Draft, QuestionKind, feedback};
use crate::content::fragment::{plain_text, render_fragment};
use crate::content::markdown::{Block, Spanned};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::source::SourceText;

/// How a choice left for the author to write begins (`lessonpack import` writes
/// `- [ ] TODO: write a wrong choice`); such a choice is an error until it is replaced.
pub const PLACEHOLDER_PREFIX: &str = "TODO";

/// Whether a choice's text is a placeholder: `TODO` alone or followed by a non-letter.
pub(crate) fn is_placeholder(text: &str) -> bool {
    text.trim_start()
        .strip_prefix(PLACEHOLDER_PREFIX)
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
}

/// Reads the task list of a single-choice, multiple-choice or short-answer question and
/// checks it against the kind the heading's class (or the number of `[x]`) gives.
pub(super) fn read_answer(
    draft: &Draft,
    list: &Block,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Option<Answer> {
    let heading_offset = draft.heading.offset();
    let errors_before = errors.len();
    let mut choices: Vec<Choice> = Vec::new();
    // Where each choice's feedback is, for the kinds that take none.
    let mut feedback_at = None;
    for (item, offset) in list_items(list.inner()) {
        let Some((checked, item)) = without_task_marker(item) else {
            errors.push(source.error(offset, ErrorKind::NotATaskItem));
            continue;
        };
        let (own, quote) = feedback::split_choice(&item);
        feedback_at = feedback_at.or(quote.map(|(_, at)| at));
        let feedback = feedback::choice_feedback(quote, source, errors);
        let (content, pinned) = without_pin(unwrap_single_paragraph(own));
        let content = content.as_ref();
        let text = plain_text(content);
        if text.is_empty()
            && !content
                .iter()
                .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
        {
            errors.push(source.error(offset, ErrorKind::EmptyChoice));
            continue;
        }
        if choices
            .iter()
            .any(|choice| same_choice(&choice.text, &text))
        {
            errors.push(source.error(offset, ErrorKind::DuplicateChoice(text.clone())));
        }
        if is_placeholder(&text) {
            errors.push(source.error(offset, ErrorKind::PlaceholderChoice(text.clone())));
        }
        choices.push(Choice {
            html: render_fragment(content),
            text,
            correct: checked,
            feedback,
            pinned,
            span: source.span(offset),
        });
    }
    if errors.len() > errors_before {
        return None;
    }

    let correct = choices.iter().filter(|c| c.correct).count();
    // The last kind class wins, as the last of several did before kinds had modules.
    let kind = match draft.classes.last().map(String::as_str) {
        Some("short") => QuestionKind::Short,
        Some("multi") => QuestionKind::Multiple,
        Some("single") => QuestionKind::Single,
        _ if correct > 1 => QuestionKind::Multiple,
        _ => QuestionKind::Single,
    };
    let problem = if correct == 0 {
        Some(ErrorKind::QuestionWithoutCorrectChoice)
    } else {
        match kind {
            QuestionKind::Short if correct < choices.len() => {
                Some(ErrorKind::ShortAnswerWithWrongChoice)
            }
            QuestionKind::Single if choices.len() < 2 => Some(ErrorKind::SingleChoiceWithOneChoice),
            QuestionKind::Single if correct > 1 => Some(ErrorKind::SingleChoiceWithSeveralCorrect),
            _ => None,
        }
    };
    if let Some(problem) = problem {
        errors.push(source.error(heading_offset, problem));
        return None;
    }
    if let (QuestionKind::Short, Some(at)) = (kind, feedback_at) {
        errors.push(source.error(at, ErrorKind::FeedbackUnderAcceptedAnswer));
        return None;
    }

    Some(match kind {
        QuestionKind::Short => Answer::Short { accepted: choices },
        _ => Answer::Choices {
            multiple: kind == QuestionKind::Multiple,
            choices,
        },
    })
}

/// Whether two choices' texts are the same but for case (they are plain text, their white
/// space already folded). ASCII text is compared as it stands; other text in lower case,
/// as `str::to_lowercase` makes it (which also folds, say, the Kelvin sign into a `k`).
fn same_choice(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// A task item's events without its `[x]` or `[ ]` marker, and whether it was checked;
/// `None` for an item that is not a task. In a tight list the marker comes first; in a loose
/// one (an item with a block quote of feedback, say) it opens the item's first paragraph.
fn without_task_marker<'s, 'a>(item: &'s [Spanned<'a>]) -> Option<(bool, Cow<'s, [Spanned<'a>]>)> {
    match item {
        [(Event::TaskListMarker(checked), _), rest @ ..] => Some((*checked, rest.into())),
        [
            paragraph @ (Event::Start(Tag::Paragraph), _),
            (Event::TaskListMarker(checked), _),
            rest @ ..,
        ] => {
            let mut events = vec![paragraph.clone()];
            events.extend_from_slice(rest);
            Some((*checked, events.into()))
        }
        _ => None,
    }
}

/// What marks a choice that keeps its place when the choices are shuffled.
const PIN: &str = "{.pin}";

/// A choice's events without a trailing `{.pin}`, and whether it had one; copied only when it
/// had.
fn without_pin<'s, 'a>(content: &'s [Spanned<'a>]) -> (Cow<'s, [Spanned<'a>]>, bool) {
    let Some(((Event::Text(text), range), before)) = content.split_last() else {
        return (content.into(), false);
    };
    let Some(rest) = text.trim_end().strip_suffix(PIN) else {
        return (content.into(), false);
    };
    let rest = rest.trim_end();
    let mut events = before.to_vec();
    if !rest.is_empty() {
        events.push((Event::Text(rest.to_string().into()), range.clone()));
    }
    (events.into(), true)
}

/// The items of a list's inner events, each without its own start and end, with its offset.
pub(super) fn list_items<'s, 'a>(inner: &'s [Spanned<'a>]) -> Vec<(&'s [Spanned<'a>], usize)> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (index, (event, _)) in inner.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = index;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    items.push((&inner[start + 1..index], inner[start].1.start));
                }
            }
            _ => {}
        }
    }
    items
}

/// A loose list wraps each item in a paragraph; a lone one is dropped so choices stay inline.
pub(super) fn unwrap_single_paragraph<'s, 'a>(events: &'s [Spanned<'a>]) -> &'s [Spanned<'a>] {
    let is_single_paragraph = matches!(events.first(), Some((Event::Start(Tag::Paragraph), _)))
        && matches!(events.last(), Some((Event::End(TagEnd::Paragraph), _)))
        && events
            .iter()
            .filter(|(e, _)| matches!(e, Event::Start(Tag::Paragraph)))
            .count()
            == 1;
    if is_single_paragraph {
        &events[1..events.len() - 1]
    } else {
        events
    }
}
