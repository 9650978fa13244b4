//! A lesson's entity practice page (`<slug>/practice/`), generated with no authoring: one
//! question per focus sentence that marks entities, the sentence shown with each entity
//! mark replaced by a blank. The page reuses the quiz's answer scheme and script: each
//! question is checked in parts, one part per blank, so `templates/js/quiz.js` checks it
//! with the `practice` kind of `templates/js/kinds/practice.js`.
//!
//! A typed blank accepts the entity's name or the words the article marks (normalised like
//! a short answer). With `practice = "choices"` a blank is a drop-down of the lesson's
//! entities of the mark's kind, sorted by name; its options' values are tokens (a short hash
//! of the question's salt and the name), so the page does not say which one is right. A
//! kind the lesson marks only once would offer a single option, so that blank stays typed.

use super::answers;
use super::kinds::page_view;
use super::pages::{FolderMemo, KindView, PageViews, Site, fill};
use super::plan::PagePath;
use crate::assets::{Script, short_hash};
use crate::config::{PackConfig, Practice};
use crate::content::{Entity, FocusSentence, Lesson};
use crate::render::views::{PracticeQuestionView, PracticeView};
use crate::web::escape_xml;

/// The practice page of a lesson that has one (see `plan::has_practice`).
pub(super) fn practice_views(site: &Site, lesson: &Lesson, shared: &mut FolderMemo) -> PageViews {
    let config = &site.pack.config;
    let dir = PagePath::practice(&lesson.slug);
    let mode = lesson.meta.practice.unwrap_or(config.quiz.practice);
    let entities = lesson_entities(lesson);
    let total = lesson.article.focus_sentences.len();
    let mut questions = Vec::new();
    for (i, sentence) in lesson.article.focus_sentences.iter().enumerate() {
        let n = questions.len() + 1;
        let ask = Ask {
            site,
            lesson,
            mode,
            entities: &entities,
            id: format!("p{n}"),
            id_prefix: site.id_prefix(&dir),
            salt: answers::question_salt(&site.pack_id, &format!("{}/practice", lesson.slug), n),
        };
        if let Some(mut question) = ask.question(n, sentence) {
            question.position_text = fill(
                config.string("sentence_position"),
                &[("n", i + 1), ("total", total)],
            );
            questions.push(question);
        }
    }
    let view = PracticeView {
        lesson: shared.card(site, lesson, &dir),
        questions,
        mode: if mode == Practice::Choices {
            "choices"
        } else {
            "typed"
        },
    };
    let title = format!(
        "{} – {}",
        lesson.meta.title,
        config.string("practise_names")
    );
    let description = config.string("practice_intro");
    PageViews {
        page: page_view(site, &dir, Script::Page("practice"), &title, description),
        kind: KindView::Practice(view),
    }
}

/// What every question of one practice page is asked with.
struct Ask<'a> {
    site: &'a Site<'a>,
    lesson: &'a Lesson,
    mode: Practice,
    /// The lesson's entities, each once, in order of first appearance.
    entities: &'a [&'a Entity],
    id: String,
    id_prefix: String,
    salt: String,
}

/// One entity mark as a blank: its control's HTML and the values its part accepts.
struct Blank {
    html: String,
    accepted: Vec<String>,
}

impl Ask<'_> {
    /// The sentence as a question, or `None` when it marks no entity (or its HTML does not
    /// show every mark as an entity span, which only an author's raw HTML could cause).
    fn question(&self, n: usize, sentence: &FocusSentence) -> Option<PracticeQuestionView> {
        if sentence.marks.is_empty() {
            return None;
        }
        let html = self.site.quiz_html(self.lesson, &sentence.html);
        let spans = entity_spans(&html);
        if spans.len() != sentence.marks.len() {
            return None;
        }
        let mut blanks = Vec::new();
        for (k, (&entity, span)) in sentence.marks.iter().zip(&spans).enumerate() {
            let entity = &sentence.entities[entity];
            let shown = plain_text(&html[span.inner.clone()]);
            blanks.push(self.blank(k + 1, entity, &shown));
        }
        let mut blanked = String::new();
        let mut from = 0;
        for (span, blank) in spans.iter().zip(&blanks) {
            blanked.push_str(&html[from..span.whole.start]);
            blanked.push_str(&blank.html);
            from = span.whole.end;
        }
        blanked.push_str(&html[from..]);
        let names: Vec<&str> = sentence
            .marks
            .iter()
            .map(|&e| sentence.entities[e].name.as_str())
            .collect();
        let parts: Vec<Vec<String>> = blanks.into_iter().map(|b| b.accepted).collect();
        let config = &self.site.pack.config;
        Some(PracticeQuestionView {
            n,
            id: self.id.clone(),
            position_text: String::new(),
            html: blanked,
            blank_count: parts.len(),
            parts: super::quiz::part_hashes(&self.salt, &parts),
            answer_code: answers::obfuscate(&self.salt, "a", &names.join("; ")),
            answer_label: config
                .string(if names.len() > 1 {
                    "correct_answers"
                } else {
                    "correct_answer"
                })
                .to_string(),
            explanation_code: answers::obfuscate(&self.salt, "e", &html),
            salt: self.salt.clone(),
        })
    }

    /// Blank `k` (1-based) of the question, hiding `entity`, shown in the article as `shown`.
    fn blank(&self, k: usize, entity: &Entity, shown: &str) -> Blank {
        let config = &self.site.pack.config;
        let id = format!("{}{}-b{k}", self.id_prefix, self.id);
        let label = blank_label(config, k, &entity.kind);
        let mut options: Vec<&str> = self
            .entities
            .iter()
            .filter(|e| e.kind == entity.kind)
            .map(|e| e.name.as_str())
            .collect();
        options.sort_unstable();
        if self.mode == Practice::Choices && options.len() > 1 {
            let mut html = format!(
                "<select class=\"blank\" id=\"{id}\" name=\"{id}\" aria-label=\"{label}\"><option value=\"\"></option>"
            );
            for name in options {
                let token = self.token(name);
                html.push_str(&format!(
                    "<option value=\"{token}\">{}</option>",
                    escape_xml(name)
                ));
            }
            html.push_str("</select>");
            return Blank {
                html,
                accepted: vec![self.token(&entity.name)],
            };
        }
        let size = entity.name.chars().count().max(shown.chars().count()) + 1;
        Blank {
            html: format!(
                "<input class=\"blank\" type=\"text\" id=\"{id}\" name=\"{id}\" size=\"{}\" aria-label=\"{label}\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\">",
                size.max(4)
            ),
            accepted: vec![
                answers::normalize_answer(&entity.name),
                answers::normalize_answer(shown),
            ],
        }
    }

    /// The value of the option that names `name`: the same for every blank of a question,
    /// and saying nothing about which option is right.
    fn token(&self, name: &str) -> String {
        short_hash(format!("{}/{name}", self.salt).as_bytes())
    }
}

/// "Blank 2: org", worded by the pack's `blank_label` with the kind's label, escaped.
fn blank_label(config: &PackConfig, k: usize, kind: &str) -> String {
    let label = config.entity_label(kind).unwrap_or(kind);
    escape_xml(&fill(config.string("blank_label"), &[("n", k)]).replace("{kind}", label))
}

/// Every entity of the lesson's focus sentences, each once, in order of first appearance.
fn lesson_entities(lesson: &Lesson) -> Vec<&Entity> {
    let mut entities: Vec<&Entity> = Vec::new();
    for entity in lesson
        .article
        .focus_sentences
        .iter()
        .flat_map(|s| &s.entities)
    {
        if !entities.contains(&entity) {
            entities.push(entity);
        }
    }
    entities
}

/// Where an entity's `<span>` lies in a sentence's HTML: the whole element and its content.
#[derive(Debug, PartialEq)]
struct EntitySpan {
    whole: std::ops::Range<usize>,
    inner: std::ops::Range<usize>,
}

/// The entity spans of a fragment's HTML (`<span class="entity …">…</span>`, as
/// `content::fragment` writes them), in order; spans inside them count towards their end.
fn entity_spans(html: &str) -> Vec<EntitySpan> {
    const OPEN: &str = "<span class=\"entity ";
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(found) = html[at..].find(OPEN) {
        let start = at + found;
        let Some(tag_end) = html[start..].find('>') else {
            break;
        };
        let inner_start = start + tag_end + 1;
        let mut depth = 1;
        let mut cursor = inner_start;
        while depth > 0 {
            let next_open = html[cursor..].find("<span").map(|i| cursor + i);
            let Some(next_close) = html[cursor..].find("</span>").map(|i| cursor + i) else {
                return spans;
            };
            match next_open {
                Some(open) if open < next_close => {
                    depth += 1;
                    cursor = open + "<span".len();
                }
                _ => {
                    depth -= 1;
                    cursor = next_close + "</span>".len();
                }
            }
        }
        spans.push(EntitySpan {
            whole: start..cursor,
            inner: inner_start..cursor - "</span>".len(),
        });
        at = cursor;
    }
    spans
}

/// The text of an HTML fragment: its tags left out, the escapes fragments use undone.
fn plain_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_spans_are_found_with_their_content() {
        let html = "In <span class=\"entity entity-org\" data-kind=\"org\">Deep<span>Seek</span></span> and <span class=\"entity entity-tech\" data-kind=\"tech\"><em>V4</em></span>.";
        let spans = entity_spans(html);
        assert_eq!(spans.len(), 2);
        assert_eq!(&html[spans[0].inner.clone()], "Deep<span>Seek</span>");
        assert_eq!(&html[spans[1].inner.clone()], "<em>V4</em>");
        assert!(html[spans[1].whole.clone()].ends_with("</em></span>"));
        assert_eq!(plain_text(&html[spans[1].inner.clone()]), "V4");
        assert_eq!(plain_text("A &amp; B &lt;3"), "A & B <3");
        assert!(entity_spans("no entities <span>here</span>").is_empty());
    }
}
