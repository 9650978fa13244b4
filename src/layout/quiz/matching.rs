//! Matching questions as a drop-down per left side.
//!
//! Parts: one per left side, in source order; the value is the token of the right side
//! chosen for it (see [`item_token`]), so an option's value does not say which left side
//! it belongs to.

use super::Checked;
use super::order::item_token;
use crate::content::{Choice, Lesson};
use crate::layout::pages::Site;
use crate::render::views::{MatchItemView, MatchOptionView, QuestionView};

/// A matching question's left sides with their drop-downs, and its right pairs.
pub(super) fn match_view(
    site: &Site,
    lesson: &Lesson,
    id: &str,
    salt: &str,
    lefts: &[Choice],
    rights: &[Choice],
    view: &mut QuestionView,
) -> Checked {
    view.match_items = lefts
        .iter()
        .enumerate()
        .map(|(i, left)| MatchItemView {
            id: format!("{id}-m{}", i + 1),
            html: site.quiz_html(lesson, &left.html),
        })
        .collect();
    let mut options: Vec<MatchOptionView> = rights
        .iter()
        .map(|right| MatchOptionView {
            token: item_token(salt, &right.text),
            text: right.text.clone(),
        })
        .collect();
    options.sort_by(|a, b| (a.text.to_lowercase(), &a.text).cmp(&(b.text.to_lowercase(), &b.text)));
    options.dedup_by(|a, b| a.text == b.text);
    view.match_options = options;
    let pairs: Vec<(&Choice, &Choice)> = lefts.iter().zip(rights).collect();
    Checked {
        parts: rights
            .iter()
            .map(|right| vec![item_token(salt, &right.text)])
            .collect(),
        answer_text: pairs
            .iter()
            .map(|(left, right)| format!("{}: {}", left.text, right.text))
            .collect::<Vec<_>>()
            .join("; "),
        answer_html: pairs
            .iter()
            .map(|(left, right)| {
                let left = site.quiz_html(lesson, &left.html);
                let right = site.quiz_html(lesson, &right.html);
                format!("{left}: {right}")
            })
            .collect(),
        answer_label: "correct_matches",
    }
}
