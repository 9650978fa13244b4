//! Cloze questions as forms: the text with a text box (or a drop-down) in each blank.
//!
//! Parts: one per blank, its value the typed (or picked) text normalised as a short answer's
//! is (see [`answers::normalize_answer`]). A drop-down's options are the answers' texts, so
//! picking is checked like typing; sorted, the options do not tell which blank is which.
//!
//! [`fill_cloze`] works from HTML pieces and accepted answers alone, so any text with blanks
//! (a lesson's generated practice, say) can be made into the same controls.

use super::Checked;
use crate::config::PackConfig;
use crate::content::{Cloze, Lesson};
use crate::layout::answers;
use crate::layout::pages::{Site, fill};
use crate::render::views::{BlankView, ClozePieceView, QuestionView};
use crate::web::escape_xml;

/// A cloze question's controls, and its right answer.
pub(super) fn cloze_view(
    site: &Site,
    lesson: &Lesson,
    id: &str,
    cloze: &Cloze,
    view: &mut QuestionView,
) -> Checked {
    let pieces: Vec<String> = cloze
        .pieces
        .iter()
        .map(|piece| site.quiz_html(lesson, piece))
        .collect();
    let blanks: Vec<Vec<String>> = cloze.blanks.iter().map(|b| b.accepted.clone()).collect();
    fill_cloze(&site.pack.config, id, &pieces, &blanks, cloze.choices, view)
}

/// Fills `view`'s cloze fields from a text's HTML `pieces` (one more than there are blanks:
/// the text before each blank, then the text after the last) and each blank's accepted
/// answers (the first is the one shown as the answer); `choices` makes every blank a
/// drop-down. The controls' ids start with `id` (`<id>-b1`, …).
pub(crate) fn fill_cloze(
    config: &PackConfig,
    id: &str,
    pieces: &[String],
    blanks: &[Vec<String>],
    choices: bool,
    view: &mut QuestionView,
) -> Checked {
    debug_assert_eq!(pieces.len(), blanks.len() + 1, "a piece around every blank");
    let options = if choices {
        drop_down_options(blanks)
    } else {
        Vec::new()
    };
    let total = blanks.len();
    view.cloze = pieces
        .iter()
        .enumerate()
        .map(|(i, html)| ClozePieceView {
            html: html.clone(),
            blank: blanks.get(i).map(|accepted| BlankView {
                id: format!("{id}-b{}", i + 1),
                label: fill(
                    config.string("blank_position"),
                    &[("n", i + 1), ("total", total)],
                ),
                size: accepted
                    .iter()
                    .map(|a| a.chars().count())
                    .max()
                    .unwrap_or(1)
                    .max(1),
                options: options.clone(),
            }),
        })
        .collect();
    view.cloze_hint = config
        .string(if choices {
            "choose_blanks"
        } else {
            "fill_blanks"
        })
        .to_string();
    cloze_checked(blanks, choices)
}

/// The right answer of a text with blanks: a part per blank.
fn cloze_checked(blanks: &[Vec<String>], choices: bool) -> Checked {
    // A drop-down names only the first answer; a text box takes any of them.
    let shown = |accepted: &[String]| {
        if choices {
            accepted.first().cloned().unwrap_or_default()
        } else {
            accepted.join(" / ")
        }
    };
    let answer_text: Vec<String> = blanks.iter().map(|a| shown(a)).collect();
    Checked {
        parts: blanks
            .iter()
            .map(|accepted| {
                accepted
                    .iter()
                    .map(|a| answers::normalize_answer(a))
                    .collect()
            })
            .collect(),
        answer_html: answer_text.iter().map(|text| escape_xml(text)).collect(),
        answer_text: answer_text.join("; "),
        answer_label: if blanks.len() > 1 {
            "correct_answers"
        } else {
            "correct_answer"
        },
    }
}

/// Every blank's first accepted answer, once each (as answers compare), sorted by how they
/// compare, so the order tells nothing.
fn drop_down_options(blanks: &[Vec<String>]) -> Vec<String> {
    let mut options: Vec<(String, String)> = Vec::new();
    for first in blanks.iter().filter_map(|accepted| accepted.first()) {
        let key = answers::normalize_answer(first);
        if !options.iter().any(|(k, _)| *k == key) {
            options.push((key, first.clone()));
        }
    }
    options.sort();
    options.into_iter().map(|(_, text)| text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(list: &[&[&str]]) -> Vec<Vec<String>> {
        list.iter()
            .map(|a| a.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn drop_down_options_are_first_answers_once_each_sorted() {
        let blanks = answers(&[
            &["Huawei"],
            &["Ascend", "Ascend AI"],
            &["huawei"],
            &["DeepSeek"],
        ]);
        assert_eq!(drop_down_options(&blanks), ["Ascend", "DeepSeek", "Huawei"]);
    }

    #[test]
    fn each_blank_is_a_part_of_its_normalised_answers() {
        let checked = cloze_checked(&answers(&[&["Huawei"], &["Ascend", "Ascend  AI"]]), false);
        assert_eq!(checked.parts, [vec!["huawei"], vec!["ascend", "ascendai"]]);
        assert_eq!(checked.answer_text, "Huawei; Ascend / Ascend  AI");
        assert_eq!(checked.answer_label, "correct_answers");
        let picked = cloze_checked(&answers(&[&["Ascend", "Ascend AI"]]), true);
        assert_eq!(picked.answer_text, "Ascend");
        assert_eq!(picked.answer_label, "correct_answer");
    }
}
