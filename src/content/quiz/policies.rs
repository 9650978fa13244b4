//! The checks of a quiz against its policies that need the questions: `pick` no larger
//! than the quiz, and `{.pin}` only where choices are shuffled.

use super::{Answer, Quiz};
use crate::config::{PackConfig, value_offset};
use crate::content::front_matter::{LessonMeta, Split};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::source::SourceText;

/// Reports, into `errors`, a `pick` larger than the quiz (at the front matter's `pick`, or at
/// the quiz heading when the pack sets it) and every pinned choice of a question whose
/// choices are not shuffled.
pub(crate) fn check_policies(
    quiz: &Quiz,
    quiz_offset: usize,
    meta: &LessonMeta,
    split: &Split,
    source: &SourceText,
    config: &PackConfig,
    errors: &mut Vec<Diagnostic>,
) {
    let pick = meta.quiz_policy.pick.or(config.quiz.policy.pick);
    if let Some(pick) = pick.filter(|&pick| pick as usize > quiz.questions.len()) {
        let at = match meta.quiz_policy.pick {
            Some(_) => value_offset(&source.text[split.toml.clone()], &[], "pick")
                .map_or(quiz_offset, |at| split.toml.start + at),
            None => quiz_offset,
        };
        errors.push(source.error(
            at,
            ErrorKind::PickMoreThanQuestions {
                pick,
                questions: quiz.questions.len(),
                in_pack: meta.quiz_policy.pick.is_none(),
            },
        ));
    }
    let shuffled = meta.shuffle.unwrap_or(config.quiz.shuffle);
    for question in &quiz.questions {
        // Only choice questions are shuffled; a short answer's items are never shown.
        let shuffles = shuffled && matches!(question.answer, Answer::Choices { .. });
        for choice in question.choices().iter().filter(|c| c.pinned && !shuffles) {
            let excerpt = source.line(choice.span.line).to_string();
            errors.push(Diagnostic::at(
                choice.span.clone(),
                Some(excerpt),
                ErrorKind::PinWithoutShuffle,
            ));
        }
    }
}
