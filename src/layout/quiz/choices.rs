//! Single-choice, multiple-choice and short-answer questions as forms.
//!
//! Parts: a single choice has one part, the 1-based position of the chosen choice; a
//! multiple choice has one part per choice, `1` when ticked and `0` when not; a short answer
//! has one part, the typed text normalised (see [`answers::normalize_answer`]).

use super::Checked;
use crate::content::{Choice, Lesson};
use crate::layout::answers;
use crate::layout::pages::Site;
use crate::render::views::{ChoiceView, QuestionView};

/// A choice question's radio buttons or checkboxes, and its right answer.
pub(super) fn choices_view(
    site: &Site,
    lesson: &Lesson,
    id: &str,
    multiple: bool,
    choices: &[Choice],
    view: &mut QuestionView,
) -> Checked {
    view.input_type = if multiple { "checkbox" } else { "radio" };
    view.choices = choices
        .iter()
        .enumerate()
        .map(|(c, choice)| ChoiceView {
            id: format!("{id}-c{}", c + 1),
            html: site.quiz_html(lesson, &choice.html),
            value: c + 1,
            pinned: choice.pinned,
            ..ChoiceView::default()
        })
        .collect();
    let parts = if multiple {
        choices
            .iter()
            .map(|c| vec![if c.correct { "1" } else { "0" }.to_string()])
            .collect()
    } else {
        let right = choices.iter().position(|c| c.correct).map_or(0, |p| p + 1);
        vec![vec![right.to_string()]]
    };
    let right: Vec<&Choice> = choices.iter().filter(|c| c.correct).collect();
    Checked {
        parts,
        answer_text: answer_text(&right),
        answer_html: right
            .iter()
            .map(|c| site.quiz_html(lesson, &c.html))
            .collect(),
        answer_label: if right.len() > 1 {
            "correct_answers"
        } else {
            "correct_answer"
        },
    }
}

/// A short-answer question's right answer: any of the accepted answers.
pub(super) fn short_view(site: &Site, lesson: &Lesson, accepted: &[Choice]) -> Checked {
    let all: Vec<&Choice> = accepted.iter().collect();
    Checked {
        parts: vec![
            accepted
                .iter()
                .map(|c| answers::normalize_answer(&c.text))
                .collect(),
        ],
        answer_text: answer_text(&all),
        answer_html: accepted
            .iter()
            .map(|c| site.quiz_html(lesson, &c.html))
            .collect(),
        answer_label: "accepted_answers",
    }
}

/// The choices' texts joined by `; `.
fn answer_text(choices: &[&Choice]) -> String {
    choices
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
