//! Ordering questions as a list to reorder, and the tokens that name items in the page.
//!
//! Parts: one per position; the value is the token of the item there (see [`item_token`]),
//! so neither the page's order nor its values give the right order away.

use super::Checked;
use crate::content::{Choice, Lesson};
use crate::layout::answers;
use crate::layout::pages::Site;
use crate::render::views::{OrderItemView, QuestionView};

/// What the page calls an item (an item to order, a right side of a match) instead of its
/// position: 12 hex digits of the salted hash of its text, the same on every build.
pub(super) fn item_token(salt: &str, text: &str) -> String {
    answers::answer_hash(salt, &format!("item:{text}"))[..12].to_string()
}

/// An ordering question's items, shuffled, and its right order.
pub(super) fn order_view(
    site: &Site,
    lesson: &Lesson,
    id: &str,
    salt: &str,
    items: &[Choice],
    view: &mut QuestionView,
) -> Checked {
    view.order_items = shuffled(salt, items)
        .into_iter()
        .enumerate()
        .map(|(i, item)| OrderItemView {
            id: format!("{id}-i{}", i + 1),
            token: item_token(salt, &item.text),
            html: site.quiz_html(lesson, &item.html),
            text: item.text.clone(),
        })
        .collect();
    Checked {
        parts: items
            .iter()
            .map(|item| vec![item_token(salt, &item.text)])
            .collect(),
        answer_text: items
            .iter()
            .enumerate()
            .map(|(i, item)| format!("{}. {}", i + 1, item.text))
            .collect::<Vec<_>>()
            .join("; "),
        answer_html: items
            .iter()
            .map(|item| site.quiz_html(lesson, &item.html))
            .collect(),
        answer_label: "correct_order",
    }
}

/// The items in the order the page starts with: sorted by a salted hash of their text, so
/// builds stay byte-identical, and never the right order (then the first goes last).
fn shuffled<'c>(salt: &str, items: &'c [Choice]) -> Vec<&'c Choice> {
    let mut order: Vec<&Choice> = items.iter().collect();
    order.sort_by_cached_key(|item| answers::answer_hash(salt, &format!("shuffle:{}", item.text)));
    let in_source_order = order
        .iter()
        .zip(items)
        .all(|(shown, right)| std::ptr::eq(*shown, right));
    if in_source_order {
        order.rotate_left(1);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::fragment::Fragment;
    use crate::diagnostic::Span;

    fn items(texts: &[&str]) -> Vec<Choice> {
        texts
            .iter()
            .map(|text| Choice {
                html: Fragment::default(),
                text: text.to_string(),
                correct: true,
                feedback: None,
                pinned: false,
                span: Span {
                    path: std::path::PathBuf::from("a.md").into(),
                    line: 1,
                    col: 1,
                },
            })
            .collect()
    }

    #[test]
    fn the_page_never_starts_in_the_right_order() {
        for n in 2..8 {
            let texts: Vec<String> = (0..n).map(|i| format!("item {i}")).collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let items = items(&refs);
            for salt in ["a", "b", "c", "d", "e", "f"] {
                let shown = shuffled(salt, &items);
                let same = shown.iter().zip(&items).all(|(s, i)| s.text == i.text);
                assert!(!same, "{salt} {n}: in the right order");
                assert_eq!(shown.len(), n);
                assert_eq!(
                    shuffled(salt, &items)
                        .iter()
                        .map(|c| &c.text)
                        .collect::<Vec<_>>(),
                    shown.iter().map(|c| &c.text).collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn tokens_differ_by_item_and_question() {
        assert_ne!(item_token("s", "First"), item_token("s", "Second"));
        assert_ne!(item_token("s", "First"), item_token("t", "First"));
        assert_eq!(item_token("s", "First").len(), 12);
    }
}
