//! The views of the pages that gather lessons across the pack, from what [`super::ways`]
//! gathered: the entity index, an entity's page, the tag and level indexes, a tag's or a
//! level's page, and the index page's ways to them.

use super::kinds::{lesson_card, page_view};
use super::pages::{KindView, PageViews, Site, fill_name};
use super::plan::PagePath;
use super::ways::{ENTITIES_DIR, LEVELS_DIR, TAGS_DIR, Term};
use crate::assets::Script;
use crate::render::views::*;
use rustc_hash::FxHashMap;

/// Pages without a script of their own load the article's (the shared core only).
const SCRIPT: Script = Script::Page("article");

/// A page that gathers lessons across the pack: the article's script, the kind's template
/// name, and no lesson of its own (its folder is not a lesson's).
fn gathering_page(
    site: &Site,
    dir: &PagePath,
    kind_name: &'static str,
    title: &str,
    description: &str,
    kind: KindView,
) -> PageViews {
    let mut page = page_view(site, dir, SCRIPT, title, description);
    page.kind = kind_name;
    page.lesson = None;
    PageViews { page, kind }
}

/// The index page's ways in, as seen from the page at `from`.
pub(super) fn browse_view(site: &Site, from: &PagePath) -> BrowseView {
    let pages = site.pack.config.pages;
    let in_site = site.in_site();
    let units = site.pack.units.iter().enumerate();
    let term_links = |terms: &[Term]| -> Vec<WayLinkView> {
        let config = &site.pack.config;
        // Only those in reach: in a bundle of a pack without `base_url`, none.
        (terms.iter())
            .filter_map(|term| {
                Some(WayLinkView {
                    name: term.name.to_string(),
                    url: Some(site.way_link(from, &term.path)?),
                    count: term.lessons.len(),
                    count_text: config.count_text("lesson_count", term.lessons.len()),
                })
            })
            .collect()
    };
    BrowseView {
        // A bundle routes by fragment: there, the units are only scrolled to.
        units: units
            .filter(|_| in_site)
            .filter_map(|(index, unit)| {
                let title = unit.title.as_ref()?;
                Some(WayLinkView {
                    name: title.clone(),
                    url: Some(format!("#unit-{}", index + 1)),
                    count: unit.lessons.len(),
                    count_text: site
                        .pack
                        .config
                        .count_text("lesson_count", unit.lessons.len()),
                })
            })
            .collect(),
        levels: term_links(&site.ways.levels),
        tags: term_links(&site.ways.tags),
        entities_url: (pages.entities && !site.ways.entities.is_empty())
            .then(|| site.way_link(from, &PagePath::way_index(ENTITIES_DIR)))
            .flatten(),
        tags_url: (pages.tags && !site.ways.tags.is_empty())
            .then(|| site.way_link(from, &PagePath::way_index(TAGS_DIR)))
            .flatten(),
        levels_url: (pages.levels && !site.ways.levels.is_empty())
            .then(|| site.way_link(from, &PagePath::way_index(LEVELS_DIR)))
            .flatten(),
    }
}

/// `entities/index.html`: every entity by kind, kinds in the pack's order.
pub(super) fn entity_index_views(site: &Site) -> PageViews {
    let config = &site.pack.config;
    let dir = PagePath::way_index(ENTITIES_DIR);
    let mut groups: Vec<EntityIndexGroupView> = Vec::new();
    for entity in &site.ways.entities {
        if groups.last().is_none_or(|g| g.kind != entity.kind) {
            groups.push(EntityIndexGroupView {
                kind: entity.kind.to_string(),
                label: config
                    .entity_label(entity.kind)
                    .unwrap_or(entity.kind)
                    .to_string(),
                heading_id: format!("kind-{}", entity.kind),
                entities: Vec::new(),
            });
        }
        let group = groups.last_mut().expect("pushed above");
        group.entities.push(WayLinkView {
            name: entity.name.to_string(),
            url: Some(site.linker.link(&dir, entity.path())),
            count: entity.mentions.len(),
            count_text: config.count_text("entity_mentions", entity.mentions.len()),
        });
    }
    let view = EntityIndexView {
        groups,
        count: site.ways.entities.len(),
    };
    let title = config.string("entity_index_title");
    gathering_page(
        site,
        &dir,
        "entities",
        title,
        &config.description,
        KindView::EntityIndex(view),
    )
}

/// The page of entity `i`: every focus sentence naming it, by lesson in site order.
pub(super) fn entity_views(site: &Site, i: usize) -> PageViews {
    let config = &site.pack.config;
    let entity = &site.ways.entities[i];
    let dir = entity.path();
    let mut positions = PositionTexts::new(config.string("sentence_position"));
    // Each link and HTML is written here, then made a template value.
    let mut url = String::new();
    let mut html = Vec::new();
    let mut lessons = Vec::new();
    // A lesson's mentions are next to each other, in site order.
    for mentions in entity.mentions.chunk_by(|a, b| a.lesson() == b.lesson()) {
        let lesson = site.lessons[mentions[0].lesson()];
        let links = site.linker.lesson_links(dir, &lesson.slug);
        let sentences = &lesson.article.focus_sentences;
        let mut views = Vec::with_capacity(mentions.len());
        for &mention in mentions {
            let sentence = &sentences[mention.sentence()];
            let n = mention.sentence() + 1;
            links.push_focus(n, &mut url);
            let marked = |k| mention.names_mark(sentence, k);
            push_marked_html(&sentence.text, &sentence.mark_texts, marked, &mut html);
            views.push(EntitySentenceView {
                n,
                position_text: positions.get(n, sentences.len()),
                url: take_shared(&mut url),
                html: SharedText::new(std::str::from_utf8(&html).expect("escaped UTF-8")),
            });
            html.clear();
        }
        links.push_article(&mut url);
        lessons.push(EntityLessonView {
            title: SharedText::new(&lesson.meta.title),
            article_url: take_shared(&mut url),
            sentences: views,
        });
    }
    let label = config.entity_label(entity.kind).unwrap_or(entity.kind);
    let view = EntityPageView {
        kind: entity.kind.to_string(),
        label: label.to_string(),
        name: entity.name.to_string(),
        // Worth showing only when a mark shows other words than the name.
        spellings: match entity.spellings.as_slice() {
            [only] if *only == entity.name => Vec::new(),
            spellings => spellings.iter().map(|s| s.to_string()).collect(),
        },
        mentions_text: config.count_text("entity_mentions", entity.mentions.len()),
        lessons,
        index_url: site.linker.link(dir, &PagePath::way_index(ENTITIES_DIR)),
    };
    let title = format!("{} ({label})", entity.name);
    let description = format!("{}: {}", view.name, view.mentions_text);
    gathering_page(
        site,
        dir,
        "entity",
        &title,
        &description,
        KindView::Entity(view),
    )
}

/// "Sentence 3 of 9" by (3, 9), each made once: a large pack's entity lists thousands of
/// sentences, and their positions repeat.
struct PositionTexts<'a> {
    string: &'a str,
    made: FxHashMap<(usize, usize), SharedText>,
}

impl<'a> PositionTexts<'a> {
    fn new(string: &'a str) -> PositionTexts<'a> {
        PositionTexts {
            string,
            made: FxHashMap::default(),
        }
    }

    /// Sentence `n` of `total`.
    fn get(&mut self, n: usize, total: usize) -> SharedText {
        let string = self.string;
        let made = self.made.entry((n, total)).or_insert_with(|| {
            SharedText::new(&super::pages::fill(string, &[("n", n), ("total", total)]))
        });
        made.clone()
    }
}

/// The text written in `buffer` as a template value, `buffer` left empty for the next.
fn take_shared(buffer: &mut String) -> SharedText {
    let shared = SharedText::new(buffer);
    buffer.clear();
    shared
}

/// Appends `text` as HTML to `html`, escaped as templates escape, the marks that are
/// `marked` (positions in `mark_texts`) in `<mark>`. Each mark's words are found in order
/// after the previous mark's; a mark whose words are not found (an author's raw HTML could
/// hide them) is left unmarked.
fn push_marked_html(
    text: &str,
    mark_texts: &[String],
    marked: impl Fn(usize) -> bool,
    html: &mut Vec<u8>,
) {
    let escaped = |piece: &str, html: &mut Vec<u8>| {
        tera::escape_html(piece, html).expect("writing into memory");
    };
    // Marks after the last marked one change nothing.
    let last = (0..mark_texts.len()).rev().find(|&k| marked(k));
    let mut from = 0;
    let mut plain = 0;
    for (k, words) in mark_texts
        .iter()
        .enumerate()
        .take(last.map_or(0, |last| last + 1))
    {
        let Some(start) = find_from(text, from, words) else {
            continue;
        };
        let end = start + words.len();
        if marked(k) {
            escaped(&text[plain..start], html);
            html.extend_from_slice(b"<mark>");
            escaped(words, html);
            html.extend_from_slice(b"</mark>");
            plain = end;
        }
        from = end;
    }
    escaped(&text[plain..], html);
}

/// Where `words` first are in `text` at or after `from`, as `str::find` finds them (`None`
/// for no words): the first character is looked for, then the rest compared, for setting
/// up `str::find`'s searcher takes longer than a sentence takes to scan.
fn find_from(text: &str, from: usize, words: &str) -> Option<usize> {
    let first = words.chars().next()?;
    let mut at = from;
    while let Some(skip) = text[at..].find(first) {
        at += skip;
        if text[at..].starts_with(words) {
            return Some(at);
        }
        at += first.len_utf8();
    }
    None
}

/// `tags/index.html` or `levels/index.html`.
pub(super) fn term_index_views(site: &Site, folder: &'static str) -> PageViews {
    let config = &site.pack.config;
    let dir = PagePath::way_index(folder);
    let (terms, taxonomy) = terms_of(site, folder);
    let title = config.string(&format!("{}_index_title", taxonomy_key(taxonomy)));
    let view = TermIndexView {
        taxonomy,
        title: title.to_string(),
        terms: (terms.iter())
            .map(|term| WayLinkView {
                name: term.name.to_string(),
                url: Some(site.linker.link(&dir, &term.path)),
                count: term.lessons.len(),
                count_text: config.count_text("lesson_count", term.lessons.len()),
            })
            .collect(),
    };
    gathering_page(
        site,
        &dir,
        "terms",
        title,
        &config.description,
        KindView::TermIndex(view),
    )
}

/// The page of tag (or level) `i`: its lessons' cards, in site order.
pub(super) fn term_views(site: &Site, folder: &'static str, i: usize) -> PageViews {
    let config = &site.pack.config;
    let (terms, taxonomy) = terms_of(site, folder);
    let term = &terms[i];
    let dir = &term.path;
    let key = taxonomy_key(taxonomy);
    let title = fill_name(config.string(&format!("{key}_title")), term.name);
    let view = TermPageView {
        taxonomy,
        name: term.name.to_string(),
        title: title.clone(),
        count_text: config.count_text("lesson_count", term.lessons.len()),
        lessons: (term.lessons.iter())
            .map(|&lesson| lesson_card(site, site.lessons[lesson], dir))
            .collect(),
        index_url: site.linker.link(dir, &PagePath::way_index(folder)),
        index_link_text: config.string(&format!("{key}_index_link")).to_string(),
    };
    gathering_page(
        site,
        dir,
        "term",
        &title,
        &config.description,
        KindView::Term(view),
    )
}

/// The tags or the levels, and their taxonomy's name.
fn terms_of<'s>(site: &'s Site, folder: &str) -> (&'s [Term<'s>], &'static str) {
    match folder {
        TAGS_DIR => (&site.ways.tags, "tags"),
        _ => (&site.ways.levels, "levels"),
    }
}

/// The prefix of a taxonomy's UI strings: `tag_…`, `level_…`.
fn taxonomy_key(taxonomy: &str) -> &'static str {
    match taxonomy {
        "tags" => "tag",
        _ => "level",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked_html(text: &str, mark_texts: &[String], marked: &[usize]) -> String {
        let mut html = Vec::new();
        push_marked_html(text, mark_texts, |k| marked.contains(&k), &mut html);
        String::from_utf8(html).unwrap()
    }

    fn shown(html: &str) -> String {
        html.replace("<mark>", "[").replace("</mark>", "]")
    }

    #[test]
    fn the_entity_s_marks_are_marked_in_order() {
        let text = "Huawei said Huawei chips beat Nvidia and Huawei.";
        let marks = ["Huawei", "Nvidia", "Huawei"].map(String::from);
        // Marks 0 and 2 name the entity; the second "Huawei" of the text is not a mark,
        // but the first occurrence after the previous mark is taken.
        let parts = marked_html(text, &marks, &[0, 2]);
        assert_eq!(
            shown(&parts),
            "[Huawei] said Huawei chips beat Nvidia and [Huawei]."
        );
        let parts = marked_html(text, &marks, &[1]);
        assert_eq!(
            shown(&parts),
            "Huawei said Huawei chips beat [Nvidia] and Huawei."
        );
    }

    #[test]
    fn words_are_found_where_str_find_finds_them() {
        let text = "aab ab abc «é» ab";
        for words in [
            "ab",
            "abc",
            "é",
            "«é»",
            "b a",
            "x",
            "ab ",
            "aab ab abc «é» ab!",
        ] {
            for from in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                let found = text[from..].find(words).map(|at| from + at);
                assert_eq!(find_from(text, from, words), found, "{words:?} from {from}");
            }
        }
    }

    #[test]
    fn words_not_found_are_left_unmarked() {
        let marks = ["gone".to_string()];
        let parts = marked_html("Nothing here.", &marks, &[0]);
        assert_eq!(shown(&parts), "Nothing here.");
    }

    #[test]
    fn text_around_and_inside_marks_is_escaped_as_templates_escape_it() {
        let marks = ["R&D <Lab>".to_string()];
        let html = marked_html("The \"R&D <Lab>\" opened.", &marks, &[0]);
        assert_eq!(
            html,
            "The &quot;<mark>R&amp;D &lt;Lab&gt;</mark>&quot; opened."
        );
    }
}
