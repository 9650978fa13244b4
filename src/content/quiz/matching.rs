//! Matching questions (`{.match}`): a plain list under the heading, each item a pair
//! `left -> right`. The page shows the left sides in source order, each with a drop-down of
//! every right side; several left sides may share a right side.

use pulldown_cmark::{CowStr, Event};

use super::order::{item_key, plain_items};
use super::{Answer, Choice, Draft};
use crate::content::fragment::{plain_text, render_fragment};
use crate::content::markdown::{Block, Spanned};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::source::SourceText;

/// What separates an item's two sides.
const ARROW: &str = "->";

/// Reads a matching question's list: at least two pairs, each with text on both sides of
/// `->`, no left side twice.
pub(super) fn read_answer(
    draft: &Draft,
    list: &Block,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Option<Answer> {
    let errors_before = errors.len();
    let mut lefts: Vec<Choice> = Vec::new();
    let mut rights: Vec<Choice> = Vec::new();
    for (content, offset) in plain_items(list, "a matching", source, errors) {
        let Some((left, right)) = split_at_arrow(content) else {
            errors.push(source.error(offset, ErrorKind::MatchItemWithoutArrow));
            continue;
        };
        let side = |events: &[Spanned]| Choice {
            html: render_fragment(events),
            text: plain_text(events).trim().to_string(),
            correct: true,
            feedback: None,
            pinned: false,
            span: source.span(offset),
        };
        let (left, right) = (side(&left), side(&right));
        if left.text.is_empty() || right.text.is_empty() {
            errors.push(source.error(offset, ErrorKind::MatchItemWithEmptySide));
            continue;
        }
        let key = item_key(&left.text);
        if lefts.iter().any(|l| item_key(&l.text) == key) {
            errors.push(source.error(offset, ErrorKind::DuplicateChoice(left.text.clone())));
        }
        lefts.push(left);
        rights.push(right);
    }
    if errors.len() > errors_before {
        return None;
    }
    if lefts.len() < 2 {
        errors.push(source.error(draft.heading.offset(), ErrorKind::MatchWithOneItem));
        return None;
    }
    Some(Answer::Match { lefts, rights })
}

/// An item's inline events split at the first `->` outside any markup (emphasis, a link),
/// the arrow left out; `None` when there is none. The arrow may straddle two text events.
fn split_at_arrow<'a>(events: &[Spanned<'a>]) -> Option<(Vec<Spanned<'a>>, Vec<Spanned<'a>>)> {
    let mut depth = 0usize;
    for (index, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(text) if depth == 0 => {
                let next_starts_with_gt = matches!(
                    events.get(index + 1),
                    Some((Event::Text(next), _)) if next.starts_with('>')
                );
                let (at, skip_next) = match text.find(ARROW) {
                    Some(at) => (at, false),
                    None if text.ends_with('-') && next_starts_with_gt => (text.len() - 1, true),
                    None => continue,
                };
                let mut left = events[..index].to_vec();
                let mut right = Vec::new();
                let piece = |s: &str, start: usize| {
                    let range = range.start + start..range.start + start + s.len();
                    (Event::Text(CowStr::from(s.to_string())), range)
                };
                left.push(piece(text[..at].trim_end(), 0));
                if skip_next {
                    if let (Event::Text(next), next_range) = &events[index + 1] {
                        right.push((
                            Event::Text(CowStr::from(next[1..].trim_start().to_string())),
                            next_range.start + 1..next_range.end,
                        ));
                    }
                    right.extend_from_slice(&events[index + 2..]);
                } else {
                    let rest = &text[at + ARROW.len()..];
                    let trimmed = rest.trim_start();
                    let after = text.len() - trimmed.len();
                    right.push(piece(trimmed, after));
                    right.extend_from_slice(&events[index + 1..]);
                }
                return Some((left, right));
            }
            _ => {}
        }
    }
    None
}
