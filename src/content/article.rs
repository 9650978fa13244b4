//! The article of a lesson: its top-level blocks, of which every paragraph is a focus
//! sentence with the entities it marks.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::entity::{
    Entity, EntityKind, EntityLink, EntityMark, is_valid_entity_name, parse_entity_link,
};
use super::fragment::{Fragment, plain_text, render_fragment};
use super::markdown::{Block, Spanned};
use super::shrink_exact;
use crate::config::PackConfig;
use crate::diagnostic::{Diagnostic, ErrorKind, Span, did_you_mean};
use crate::source::SourceText;

/// The text of a lesson before its quiz.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Every block in order, focus sentences by index into `focus_sentences`.
    pub blocks: Vec<ArticleBlock>,
    pub focus_sentences: Vec<FocusSentence>,
}

impl Article {
    /// Gives back the spare capacity of its vectors, once it is built.
    pub(crate) fn shrink_to_fit(&mut self) {
        shrink_exact(&mut self.blocks);
        shrink_exact(&mut self.focus_sentences);
        for sentence in &mut self.focus_sentences {
            shrink_exact(&mut sentence.entities);
            shrink_exact(&mut sentence.marks);
            shrink_exact(&mut sentence.mark_texts);
        }
    }
}

/// A block of the article page.
#[derive(Debug, Clone)]
pub enum ArticleBlock {
    /// The focus sentence with this index.
    Focus(usize),
    /// A heading, image, list, quote, … shown on the article page only.
    Other(Fragment),
}

/// A focus sentence left for the author to write, in a lesson made from questions alone
/// (`lessonpack import`); `check` and `build` report it (it starts with `TODO`).
pub const PLACEHOLDER_SENTENCE: &str =
    "TODO: write the article these questions are about, one focus sentence per paragraph.";

/// One paragraph of the article, read on a page of its own.
#[derive(Debug, Clone)]
pub struct FocusSentence {
    /// The paragraph's inner HTML (no `<p>`), entities marked.
    pub html: Fragment,
    /// The paragraph as plain text.
    pub text: String,
    /// Its entities, each once, in order of first appearance.
    pub entities: Vec<Entity>,
    /// Each entity mark of the paragraph in order, as an index into `entities` (a name
    /// marked twice is there twice).
    pub marks: Vec<usize>,
    /// The words each of `marks` shows (its link text, plain), in the same order.
    pub mark_texts: Vec<String>,
    /// A hash of `text` and `mark_texts`, what an entity's page shows of the sentence: `serve`
    /// keys those pages from it rather than hash every mention's text on every update.
    pub shown_hash: u64,
    /// Where the paragraph starts.
    pub span: Span,
}

/// Builds the article from its blocks; every entity mark goes to `marks`, problems go to
/// `errors` and parsing goes on.
pub(crate) fn parse_article(
    blocks: &[Block],
    source: &SourceText,
    config: &PackConfig,
    marks: &mut Vec<EntityMark>,
    errors: &mut Vec<Diagnostic>,
) -> Article {
    let mut article = Article::default();
    // The page's title is the only h1: the article's top heading level becomes h2, the
    // others keep their distance to it, so headings never skip a level.
    let top_level = blocks
        .iter()
        .filter_map(|block| match &block.events[0].0 {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min();
    let shift = top_level.map_or(0, |top| top as isize - 2);
    for block in blocks {
        let first_mark = marks.len();
        let mut mark_texts = Vec::new();
        collect_entities(
            &block.events,
            source,
            config,
            marks,
            Some(&mut mark_texts),
            errors,
        );
        let mut entities: Vec<Entity> = Vec::new();
        let mut mark_entities = Vec::new();
        for mark in &marks[first_mark..] {
            let at = match entities.iter().position(|e| *e == mark.entity) {
                Some(at) => at,
                None => {
                    entities.push(mark.entity.clone());
                    entities.len() - 1
                }
            };
            mark_entities.push(at);
        }
        let is_paragraph = matches!(block.events[0].0, Event::Start(Tag::Paragraph));
        if is_paragraph && !is_only_images(block.inner()) {
            let text = plain_text(block.inner());
            article
                .blocks
                .push(ArticleBlock::Focus(article.focus_sentences.len()));
            let shown_hash = {
                use std::hash::{Hash, Hasher};
                let mut hasher = twox_hash::XxHash3_64::with_seed(0);
                (&text, &mark_texts).hash(&mut hasher);
                hasher.finish()
            };
            article.focus_sentences.push(FocusSentence {
                html: render_fragment(block.inner()),
                text,
                entities,
                marks: mark_entities,
                mark_texts,
                shown_hash,
                span: source.span(block.offset()),
            });
        } else {
            let events = shift_headings(&block.events, shift);
            article
                .blocks
                .push(ArticleBlock::Other(render_fragment(&events)));
        }
    }
    article
}

/// The events with every heading moved `shift` levels up (down when negative), within h2–h6.
fn shift_headings<'a>(events: &[Spanned<'a>], shift: isize) -> Vec<Spanned<'a>> {
    let shifted = |level: HeadingLevel| {
        let new = (level as isize - shift).clamp(2, 6) as usize;
        HeadingLevel::try_from(new).expect("clamped to 2..=6")
    };
    events
        .iter()
        .map(|(event, range)| {
            let event = match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => Event::Start(Tag::Heading {
                    level: shifted(*level),
                    id: id.clone(),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }),
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shifted(*level))),
                other => other.clone(),
            };
            (event, range.clone())
        })
        .collect()
}

/// A paragraph holding nothing but images (and white space) is an illustration, not a sentence.
fn is_only_images(inner: &[Spanned]) -> bool {
    let mut image_depth = 0usize;
    let mut saw_image = false;
    for (event, _) in inner {
        match event {
            Event::Start(Tag::Image { .. }) => {
                image_depth += 1;
                saw_image = true;
            }
            Event::End(TagEnd::Image) => image_depth -= 1,
            Event::SoftBreak | Event::HardBreak => {}
            Event::Text(text) if image_depth > 0 || text.trim().is_empty() => {}
            _ if image_depth > 0 => {}
            _ => return false,
        }
    }
    saw_image
}

/// Validates every entity mark in `events` and adds the valid ones to `marks`, in order,
/// and the words each shows to `texts` if given.
pub(crate) fn collect_entities(
    events: &[Spanned],
    source: &SourceText,
    config: &PackConfig,
    marks: &mut Vec<EntityMark>,
    mut texts: Option<&mut Vec<String>>,
    errors: &mut Vec<Diagnostic>,
) {
    let mut index = 0;
    while index < events.len() {
        let (event, range) = &events[index];
        index += 1;
        let Event::Start(Tag::Link {
            dest_url, title, ..
        }) = event
        else {
            continue;
        };
        let EntityLink::Entity { kind, name } = parse_entity_link(dest_url) else {
            continue;
        };
        let content_start = index;
        index = link_end(events, content_start);
        let content = &events[content_start..index.saturating_sub(1)];
        if is_nested_entity(content, &events[index..]) {
            errors.push(source.error(range.start, ErrorKind::NestedEntity));
            continue;
        }
        let link = MarkLink {
            kind,
            name,
            title,
            text: plain_text(content),
        };
        match entity_mark(link, range.start, source, config) {
            Ok((mark, text)) => {
                marks.push(mark);
                if let Some(texts) = texts.as_mut() {
                    texts.push(text);
                }
            }
            Err(error) => errors.push(error),
        }
    }
}

/// The index just past the end of the link whose content starts at `start`: its matching
/// end, counting links nested in it.
fn link_end(events: &[Spanned], start: usize) -> usize {
    let mut index = start;
    let mut depth = 1;
    while index < events.len() && depth > 0 {
        match &events[index].0 {
            Event::Start(Tag::Link { .. }) => depth += 1,
            Event::End(TagEnd::Link) => depth -= 1,
            _ => {}
        }
        index += 1;
    }
    index
}

/// Whether an entity link with this `content`, followed by the events `after` it, is a mark
/// in a mark or around an image, which is an error.
fn is_nested_entity(content: &[Spanned], after: &[Spanned]) -> bool {
    let has_image = content
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })));
    if has_image {
        return true;
    }
    // CommonMark lets the inner link of `[[A](org:) B](tech:)` win; the outer one is left as
    // text holding "](kind:)" after the inner link, maybe over several text events (joined
    // only when one holds a `]`).
    let texts_after = after.iter().map_while(|(e, _)| match e {
        Event::Text(t) => Some(t.as_ref()),
        _ => None,
    });
    if !texts_after.clone().any(|text| text.contains(']')) {
        return false;
    }
    let text_after: String = texts_after.collect();
    text_after.split("](").skip(1).any(|rest| {
        rest.split_once(')').is_some_and(|(dest, _)| {
            matches!(parse_entity_link(dest.trim()), EntityLink::Entity { .. })
        })
    })
}

/// What an entity link says: its kind and name from the destination, its title, its text.
struct MarkLink<'e> {
    kind: &'e str,
    name: &'e str,
    title: &'e str,
    text: String,
}

/// The entity mark a link at byte `at` makes, with the words it shows, or why it is not one.
fn entity_mark(
    link: MarkLink,
    at: usize,
    source: &SourceText,
    config: &PackConfig,
) -> Result<(EntityMark, String), Diagnostic> {
    let MarkLink {
        kind,
        name,
        title,
        text,
    } = link;
    let Some(shared_kind) = EntityKind::of_pack(config, kind) else {
        let known: Vec<String> = config.entity_kinds.iter().map(|k| k.name.clone()).collect();
        return Err(source.error(
            at,
            ErrorKind::UnknownEntityKind {
                kind: kind.to_string(),
                suggestion: did_you_mean(kind, known.iter().map(String::as_str)),
                known,
            },
        ));
    };
    if text.is_empty() {
        return Err(source.error(at, ErrorKind::EmptyEntity));
    }
    let canonical = [title.trim(), name]
        .into_iter()
        .find(|candidate| !candidate.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| text.clone());
    if !is_valid_entity_name(&canonical) {
        return Err(source.error(at, ErrorKind::InvalidEntityName(canonical)));
    }
    let mark = EntityMark {
        entity: Entity {
            kind: shared_kind,
            name: canonical,
        },
        span: source.span(at),
    };
    Ok((mark, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::parse_blocks;
    use std::path::Path;

    fn config() -> PackConfig {
        PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"T\"\nlanguage = \"en\"\n",
        )
        .unwrap()
    }

    fn parse(text: &str) -> (Article, Vec<Diagnostic>) {
        let source = SourceText::new(Path::new("a.md"), text);
        let blocks = parse_blocks(text, 0);
        let mut errors = Vec::new();
        let article = parse_article(&blocks, &source, &config(), &mut Vec::new(), &mut errors);
        (article, errors)
    }

    fn tags(sentence: &FocusSentence) -> Vec<(String, String)> {
        sentence
            .entities
            .iter()
            .map(|e| (e.kind.to_string(), e.name.clone()))
            .collect()
    }

    #[test]
    fn each_paragraph_is_a_focus_sentence_and_headings_are_not() {
        let (article, errors) = parse("One.\n\n## Aside\n\nTwo.\n\n- a list\n");
        assert!(errors.is_empty());
        assert_eq!(article.focus_sentences.len(), 2);
        assert_eq!(article.blocks.len(), 4);
        assert_eq!(article.focus_sentences[1].text, "Two.");
    }

    #[test]
    fn entity_names_come_from_title_then_destination_then_text() {
        let (article, _) = parse(
            "[Huawei](org:)'s [Ascend AI chips](tech: \"Ascend AI chip\") and [chips](<tech:Kunlun chip>).",
        );
        assert_eq!(
            tags(&article.focus_sentences[0]),
            [
                ("org".into(), "Huawei".into()),
                ("tech".into(), "Ascend AI chip".into()),
                ("tech".into(), "Kunlun chip".into())
            ]
        );
    }

    #[test]
    fn repeated_entity_is_tagged_once() {
        let (article, _) = parse("[DeepSeek](org:) and [DeepSeek](org:) again.");
        assert_eq!(article.focus_sentences[0].entities.len(), 1);
    }

    #[test]
    fn unknown_entity_kind_reports_line_and_column() {
        let (_, errors) = parse("First.\n\nSaw [DeepSeek](orgg:) there.");
        assert_eq!(
            errors[0].headline(),
            "a.md:3:5: unknown entity kind \"orgg\" (did you mean \"org\"?) (known: person, org, location, tech, concept, event)"
        );
    }

    #[test]
    fn empty_entity_text_is_an_error() {
        let (_, errors) = parse("Saw [](org:) there.");
        assert_eq!(
            errors[0].headline(),
            "a.md:1:5: entity has no text: write its name between the brackets"
        );
    }

    #[test]
    fn article_headings_start_at_h2_and_keep_their_steps() {
        let (article, _) = parse("One.\n\n### Background\n\nTwo.\n\n#### Detail\n");
        let html: Vec<String> = article
            .blocks
            .iter()
            .filter_map(|b| match b {
                ArticleBlock::Other(f) => Some(f.render("")),
                ArticleBlock::Focus(_) => None,
            })
            .collect();
        assert_eq!(html, ["<h2>Background</h2>\n", "<h3>Detail</h3>\n"]);
    }

    #[test]
    fn image_only_paragraph_is_not_a_focus_sentence() {
        let (article, _) = parse("![map](map.png)\n\nText.");
        assert_eq!(article.focus_sentences.len(), 1);
    }
}
