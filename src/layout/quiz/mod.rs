//! A quiz's questions as the quiz page shows them: one form per question, its right answer
//! as salted hashes (see [`super::answers`]) that the page's script checks.
//!
//! Every kind of question is checked the same way, in *parts*: one part for a single choice
//! or a short answer, one per choice of a multiple-choice question (ticked or not), one per
//! position of an ordering, one per left side of a matching. The
//! learner's value for part `i` is hashed as `<salt>:<i>:<value>` and compared with the
//! part's accepted hashes; the question is right when every part is. What a part's value is
//! belongs to each kind: its module here builds the hashes and the controls, its script in
//! `templates/js/kinds/` reads the controls.

mod choices;
pub(crate) mod cloze;
mod feedback;
mod matching;
mod order;

use super::answers;
use super::pages::Site;
use crate::assets::QuizParts;
use crate::content::{Answer, Lesson, Pack, Question, QuizShape};
use crate::render::views::QuestionView;

/// What the script of a quiz's page must hold: the scripts of the kinds of question it
/// asks, and the author's feedback if it has any.
pub(crate) fn quiz_parts(shape: &QuizShape) -> QuizParts {
    let parts = (shape.kinds.iter()).fold(QuizParts::default(), |parts, kind| {
        parts.with_kind(kind.name())
    });
    match shape.feedback {
        true => parts.with_feedback(),
        false => parts,
    }
}

/// Every quiz script the pack's quiz pages load.
pub fn quiz_scripts(pack: &Pack) -> std::collections::BTreeSet<QuizParts> {
    (pack.lessons().filter_map(Lesson::quiz_shape))
        .map(|shape| quiz_parts(&shape))
        .collect()
}

/// The right answer of a question, as its kind's module gives it.
pub(crate) struct Checked {
    /// For each part, the values that are right (before hashing; typed ones normalised).
    pub(crate) parts: Vec<Vec<String>>,
    /// The right answer in words, for "Show the answer".
    pub(crate) answer_text: String,
    /// The right answer as HTML, one entry per accepted answer or right choice.
    pub(crate) answer_html: Vec<String>,
    /// The pack string that labels the answer ("Correct answer", "Accepted answers").
    pub(crate) answer_label: &'static str,
}

/// A question as a form, its answers hashed and obfuscated (and in plain text only when the
/// pack asks for `plain_answers`).
pub(super) fn question_view(
    site: &Site,
    lesson: &Lesson,
    n: usize,
    question: &Question,
) -> QuestionView {
    let config = &site.pack.config;
    let id = format!("q{n}");
    let salt = answers::question_salt(&site.pack_id, &lesson.slug, n);
    let mut view = QuestionView {
        n,
        kind: question.kind().name(),
        prompt: site.quiz_html(lesson, &question.prompt),
        body: site.quiz_html(lesson, &question.body),
        ..QuestionView::default()
    };
    let checked = match &question.answer {
        Answer::Choices { multiple, choices } => {
            choices::choices_view(site, lesson, &id, *multiple, choices, &mut view)
        }
        Answer::Short { accepted } => choices::short_view(site, lesson, accepted),
        Answer::Cloze(cloze) => cloze::cloze_view(site, lesson, &id, cloze, &mut view),
        Answer::Order { items } => order::order_view(site, lesson, &id, &salt, items, &mut view),
        Answer::Match { lefts, rights } => {
            matching::match_view(site, lesson, &id, &salt, lefts, rights, &mut view)
        }
    };
    let explanation = question
        .explanation
        .as_ref()
        .map(|e| site.quiz_html(lesson, e));
    feedback::fill_feedback(site, lesson, question, &salt, &mut view);
    let plain = config.quiz.plain_answers;
    view.parts = part_hashes(&salt, &checked.parts);
    view.key = question_key(question, &checked.parts);
    view.answer_label = config.string(checked.answer_label).to_string();
    view.answer_code = answers::obfuscate(&salt, "a", &checked.answer_text);
    view.explanation_code = explanation
        .as_ref()
        .map(|html| answers::obfuscate(&salt, "e", html));
    view.answers = if plain {
        checked.answer_html
    } else {
        Vec::new()
    };
    view.explanation = explanation.filter(|_| plain);
    view.salt = salt;
    view.id = id;
    view
}

/// The key of a question's stored answer: a short hash of its kind, prompt and right parts
/// (unsalted, so moving a question keeps it).
fn question_key(question: &Question, parts: &[Vec<String>]) -> String {
    let parts: Vec<String> = parts.iter().map(|values| values.join(" ")).collect();
    let text = format!(
        "{}\n{}\n{}",
        question.kind().name(),
        question.prompt_text,
        parts.join("|")
    );
    crate::assets::short_hash(text.as_bytes())
}

/// The `data-parts` value: each part's accepted hashes, sorted and space-separated; parts
/// joined by `|`.
pub(super) fn part_hashes(salt: &str, parts: &[Vec<String>]) -> String {
    parts
        .iter()
        .enumerate()
        .map(|(i, values)| {
            let mut hashes: Vec<String> = values
                .iter()
                .map(|value| answers::answer_hash(salt, &format!("{i}:{value}")))
                .collect();
            hashes.sort();
            hashes.dedup();
            hashes.join(" ")
        })
        .collect::<Vec<_>>()
        .join("|")
}
