//! A question's feedback as the quiz page carries it: each choice's feedback obfuscated with
//! the question's salt (purpose `f<position>`, plain only with `plain_answers`), the hint as
//! HTML (no secret: the page hides it behind its button), and the "Show me where" links to
//! the evidence: each focus page and the article, the sentence marked there by `:target`.

use crate::content::{Lesson, Question};
use crate::layout::answers;
use crate::layout::pages::{Site, fill};
use crate::layout::plan::PagePath;
use crate::render::views::{EvidenceLinkView, QuestionView};

/// Fills the feedback fields of a question's view (its choices are in `view` already).
pub(super) fn fill_feedback(
    site: &Site,
    lesson: &Lesson,
    question: &Question,
    salt: &str,
    view: &mut QuestionView,
) {
    let plain = site.pack.config.quiz.plain_answers;
    view.hint = question.hint.as_ref().map(|h| site.quiz_html(lesson, h));
    let choices = question.choices();
    for choice_view in &mut view.choices {
        let Some(feedback) = choices
            .get(choice_view.value - 1)
            .and_then(|c| c.feedback.as_ref())
        else {
            continue;
        };
        let html = site.quiz_html(lesson, feedback);
        choice_view.feedback_code = Some(answers::obfuscate(
            salt,
            &format!("f{}", choice_view.value),
            &html,
        ));
        choice_view.feedback = plain.then_some(html);
    }
    let Some(evidence) = &question.evidence else {
        return;
    };
    let slug = &lesson.slug;
    let quiz = PagePath::quiz(slug);
    let config = &site.pack.config;
    view.evidence = evidence
        .sentences
        .iter()
        .map(|&n| EvidenceLinkView {
            url: element_link(
                site,
                &quiz,
                &PagePath::focus(slug, n),
                &focus_sentence_id(n),
            ),
            text: fill(config.string("evidence_sentence"), &[("n", n)]),
        })
        .collect();
    view.evidence_article_url = Some(element_link(
        site,
        &quiz,
        &PagePath::article(slug),
        &article_sentence_id(evidence.sentences[0]),
    ));
}

/// The id of focus sentence `n` on its focus page (in a bundle, after the page's prefix).
pub(crate) fn focus_sentence_id(n: usize) -> String {
    format!("sentence-{n}")
}

/// The id of focus sentence `n` on the article page, as `templates/main/article.html` gives it.
fn article_sentence_id(n: usize) -> String {
    format!("s{n}")
}

/// A link from page `from` to the element `id` of page `to`: the page's link and the id as
/// its fragment, or in a bundle, where the page is a part of the same file, the element's
/// own fragment (bundle.js shows the part that holds it).
fn element_link(site: &Site, from: &PagePath, to: &PagePath, id: &str) -> String {
    match site.linker.fragments {
        Some(_) => format!("#{}{id}", site.id_prefix(to)),
        None => format!("{}#{id}", site.linker.link(from, to)),
    }
}
