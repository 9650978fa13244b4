//! The views of the pages that gather lessons across the pack (see `layout::ways`): the
//! entity index and each entity's page, the tag and level indexes and each tag's and level's
//! page, and the index page's ways to them.

use serde::Serialize;

use super::{LessonCardView, SharedText};

/// A link to an entity's, a tag's or a level's page (or a unit of the index), with how many
/// sentences or lessons it has.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct WayLinkView {
    pub name: String,
    /// `null` where the page is not reachable (in a bundle of a pack without `base_url`).
    pub url: Option<String>,
    pub count: usize,
    /// "12 sentences", "3 lessons", from the pack's strings; `""` where no count is shown.
    pub count_text: String,
}

/// The index page's ways in: its units, levels and tags, and the pages listing them.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct BrowseView {
    /// Each titled unit, linking to its heading on the index.
    pub units: Vec<WayLinkView>,
    pub levels: Vec<WayLinkView>,
    pub tags: Vec<WayLinkView>,
    /// `entities/index.html`, `tags/index.html`, `levels/index.html`; `null` when the pack
    /// has no such pages (or they are out of reach).
    pub entities_url: Option<String>,
    pub tags_url: Option<String>,
    pub levels_url: Option<String>,
}

/// `entities/index.html`: every entity of the pack, by kind.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EntityIndexView {
    pub groups: Vec<EntityIndexGroupView>,
    /// How many entities there are.
    pub count: usize,
}

/// The entities of one kind, each with how many sentences mention it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EntityIndexGroupView {
    pub kind: String,
    pub label: String,
    /// The id of the group's heading.
    pub heading_id: String,
    pub entities: Vec<WayLinkView>,
}

/// An entity's page: every focus sentence of the pack that mentions it, by lesson.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EntityPageView {
    pub kind: String,
    pub label: String,
    pub name: String,
    /// The words its marks show, each once, sorted (the name itself among them when a mark
    /// shows it).
    pub spellings: Vec<String>,
    /// "12 sentences".
    pub mentions_text: String,
    pub lessons: Vec<EntityLessonView>,
    /// `entities/index.html`.
    pub index_url: String,
}

/// A lesson's sentences on an entity's page. A large pack's entity has thousands: their
/// texts are template values from the start (see [`SharedText`]).
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EntityLessonView {
    pub title: SharedText,
    pub article_url: SharedText,
    pub sentences: Vec<EntitySentenceView>,
}

/// A focus sentence that mentions an entity, the entity's marks marked.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EntitySentenceView {
    /// Its 1-based number in its lesson, and "Sentence 3 of 9".
    pub n: usize,
    pub position_text: SharedText,
    /// Its focus page.
    pub url: SharedText,
    /// The sentence's plain text as HTML, escaped, each of the entity's marks in `<mark>`
    /// (output it with `| safe`). An entity's page shows thousands of them in a large pack:
    /// one string each, rather than a list of pieces for the template to join.
    pub html: SharedText,
}

/// `tags/index.html` or `levels/index.html`: every tag (or level) with its lesson count.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TermIndexView {
    /// `tags` or `levels`.
    pub taxonomy: &'static str,
    /// "Topics", "Levels".
    pub title: String,
    pub terms: Vec<WayLinkView>,
}

/// A tag's or a level's page: its lessons.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TermPageView {
    /// `tags` or `levels`.
    pub taxonomy: &'static str,
    pub name: String,
    /// "Topic: energy", "Level B2".
    pub title: String,
    /// "3 lessons".
    pub count_text: String,
    pub lessons: Vec<LessonCardView>,
    /// `tags/index.html` or `levels/index.html`, and its link's text ("All topics").
    pub index_url: String,
    pub index_link_text: String,
}
