//! Ordering questions (`{.order}`): a plain list under the heading, numbered or not, whose
//! order in the source is the right order. The page shows the items shuffled.

use pulldown_cmark::Event;

use super::choices::{list_items, unwrap_single_paragraph};
use super::{Answer, Choice, Draft};
use crate::content::fragment::{collapse_whitespace, plain_text, render_fragment};
use crate::content::markdown::{Block, Spanned};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::source::SourceText;

/// Reads an ordering question's list: at least two items, none a task item, none twice.
pub(super) fn read_answer(
    draft: &Draft,
    list: &Block,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Option<Answer> {
    let errors_before = errors.len();
    let mut items: Vec<Choice> = Vec::new();
    for (content, offset) in plain_items(list, "an ordering", source, errors) {
        let text = plain_text(content);
        if text.trim().is_empty() {
            errors.push(source.error(offset, ErrorKind::EmptyListItem));
            continue;
        }
        let key = item_key(&text);
        if items.iter().any(|item| item_key(&item.text) == key) {
            errors.push(source.error(offset, ErrorKind::DuplicateOrderItem(text.clone())));
        }
        items.push(Choice {
            html: render_fragment(content),
            text,
            correct: true,
            feedback: None,
            pinned: false,
            span: source.span(offset),
        });
    }
    if errors.len() > errors_before {
        return None;
    }
    if items.len() < 2 {
        errors.push(source.error(draft.heading.offset(), ErrorKind::OrderWithOneItem));
        return None;
    }
    Some(Answer::Order { items })
}

/// How items compare for being the same: spacing and case do not count.
pub(super) fn item_key(text: &str) -> String {
    collapse_whitespace(text).to_lowercase()
}

/// The items of a list that must not be task items (ordering, matching), each its content
/// (a lone paragraph unwrapped) and offset; a task item is reported and left out.
pub(super) fn plain_items<'s, 'a>(
    list: &'s Block<'a>,
    kind: &'static str,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(&'s [Spanned<'a>], usize)> {
    list_items(list.inner())
        .into_iter()
        .filter(|(item, offset)| {
            let is_task = matches!(item.first(), Some((Event::TaskListMarker(_), _)));
            if is_task {
                errors.push(source.error(*offset, ErrorKind::TaskItemInList(kind)));
            }
            !is_task
        })
        .map(|(item, offset)| (unwrap_single_paragraph(item), offset))
        .collect()
}
