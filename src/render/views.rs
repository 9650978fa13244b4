//! What templates see: flat, serializable views of the model, one per page kind, with every
//! URL already made relative to the page and every text already worded.
//!
//! Templates get views, never the model, so the model can change without breaking packs'
//! template overrides. Every field is always present (`null` when absent), since Tera 2
//! treats an undefined variable as an error. Views derive `Hash`: a page is made from its views
//! and the templates alone, so their hash tells whether the previous build's page can be kept
//! (see `site::cache`).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::Serialize;

mod browse;
pub use browse::*;

/// The part of every page's context that says where the page is and what it is.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct PageView {
    /// The `<title>`.
    pub title: String,
    /// The meta description.
    pub description: String,
    /// `index`, `article`, `focus`, `end`, `quiz`, `practice`, `entities`, `entity`,
    /// `terms` (tags' or levels' index), `term` (a tag's or level's page) or `not_found`.
    pub kind: &'static str,
    /// From this page to the site root: `""`, `"../"`, `"../../"`, ….
    pub root: String,
    /// Link to the pack index.
    pub index_url: String,
    /// Links to the stylesheet and script (content-hashed names).
    pub css_url: String,
    pub js_url: String,
    /// The site's icon: `assets/icon.<hash>.svg`, the pack's own `favicon.svg` or
    /// `favicon.ico` from `static/`, or a `data:` URI where the page holds its assets.
    pub icon_url: String,
    /// Its media type: `image/svg+xml`, or `image/x-icon` for a `favicon.ico`.
    pub icon_type: &'static str,
    /// The page's absolute URL when the pack has a `base_url`.
    pub canonical: Option<String>,
    /// Link to the Atom feed.
    pub feed_url: String,
    /// The pack's id in the learner's browser storage (see `layout::answers::pack_id`).
    pub pack_id: String,
    /// The slug of the page's lesson, `null` on the index and 404 pages.
    pub lesson: Option<String>,
    /// The page's Content-Security-Policy, whole (see `render::csp`); write it unescaped.
    pub csp: String,
    /// What the page's own ids (and the `for`, `aria-*` and `#` references to them) start
    /// with: `""` on the site and in a lesson's bundle, `<slug>/` in the pack's bundle, where
    /// every lesson's pages share one document. It never needs quotes or escaping.
    pub id_prefix: String,
    /// The stylesheet's text when the page holds it instead of linking `css_url`, with no
    /// script (`js_url` is empty): the 404 page of a site without a `base_url`, which a host
    /// serves at any depth, where relative links would miss.
    pub style: Option<String>,
    /// Link to the search page, which the header's search box submits to; empty where
    /// there is none (the search page itself, bundles).
    pub search_url: String,
    /// The search index script, which the header's box loads when first focused (empty
    /// with no box).
    pub search_index_url: String,
}

/// The search page: where its index is and how its results link to focus pages.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct SearchView {
    /// The index script's URL, when the page loads it.
    pub index_url: String,
    /// The index as JSON, when the page holds it (the pack bundle's search part).
    pub index_data: Option<String>,
    /// A result's link, with `{lesson}` (the lesson's slug, percent-encoded) and `{n}` (its
    /// focus sentence) to fill in.
    pub focus_url: String,
}

/// The pack's index page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct IndexView {
    pub units: Vec<UnitView>,
    pub lesson_count: usize,
    /// Ways in: units, levels, tags and entities.
    pub browse: BrowseView,
    /// Link to the pack's offline bundle, `null` when bundles are not built.
    pub bundle_url: Option<String>,
}

/// A unit of the index: its title (none for top-level lessons) and its lessons.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct UnitView {
    pub title: Option<String>,
    /// The id of the heading that names the unit: its own, or the pack's when it has no title.
    pub heading_id: String,
    pub lessons: Vec<SharedCard>,
}

/// A lesson as the index lists it, and as every lesson page shows its header.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct LessonCardView {
    pub title: String,
    pub slug: String,
    pub level: Option<String>,
    pub tags: Vec<String>,
    /// `YYYY-MM-DD` or the date-time as written.
    pub date: Option<String>,
    /// The date in words for the pack's language, e.g. "10 février 2026".
    pub date_text: Option<String>,
    pub summary: String,
    pub focus_count: usize,
    pub question_count: usize,
    /// "9 focus sentences", "5 questions", worded by the pack's strings.
    pub focus_count_text: String,
    pub question_count_text: String,
    /// Words of the focus sentences (CJK characters count one each), and that worded.
    pub word_count: usize,
    pub word_count_text: String,
    /// "2 min read": the estimated reading time, worded.
    pub reading_time_text: String,
    pub article_url: String,
    pub first_focus_url: String,
    pub end_url: String,
    pub quiz_url: Option<String>,
    /// The lesson's entity practice page, `null` when it has none.
    pub practice_url: Option<String>,
    /// The level's page and each tag's (`url` `null` where there is none), in `tags` order.
    pub level_url: Option<String>,
    pub tag_links: Vec<WayLinkView>,
}

/// A lesson's card as the pages of the lesson show it (see [`Shared`]).
pub type SharedCard = Shared<LessonCardView>;

/// A view that several pages show alike (a lesson's card, an entity's tag): built once for
/// them all and, for the site's pages, turned into a template value once, which Tera then
/// takes as it is (a clone of a few `Arc`s) instead of serializing the view again for every
/// page.
#[derive(Debug)]
pub struct Shared<T> {
    view: Arc<T>,
    /// `None` where views are serialized for other readers than Tera (the bundles' JSON),
    /// which must see the fields in order: a Tera map has none.
    value: Option<tera::Value>,
    /// A hash of the view, made once: each page's key takes it instead of hashing the view.
    digest: u64,
}

impl<T: Serialize + Hash> Shared<T> {
    /// The view, made a template value now if `for_templates`.
    pub fn new(view: T, for_templates: bool) -> Shared<T> {
        let mut hasher = twox_hash::XxHash3_64::with_seed(0);
        view.hash(&mut hasher);
        Shared {
            value: for_templates.then(|| tera::Value::from_serializable(&view)),
            digest: hasher.finish(),
            view: Arc::new(view),
        }
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared {
            view: Arc::clone(&self.view),
            value: self.value.clone(),
            digest: self.digest,
        }
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.view
    }
}

impl<T> Hash for Shared<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.digest);
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Some(value) => value.serialize(serializer),
            None => self.view.serialize(serializer),
        }
    }
}

/// A text of a view, held as a template value from the start: Tera takes it as it is (a
/// clone of an `Arc`, or of the bytes of a text of 21 bytes or fewer, which it holds inline)
/// where it would copy a `String` into a new value. For the texts of which a page has
/// thousands (an entity's page: each sentence's link and HTML), made once and never copied.
#[derive(Debug, Clone)]
pub struct SharedText(tera::Value);

impl SharedText {
    pub fn new(text: &str) -> SharedText {
        SharedText(tera::Value::from(text))
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_str().expect("made from a text")
    }
}

impl Hash for SharedText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl Serialize for SharedText {
    /// The value itself for Tera; a string for other serializers.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// The article page: every block, focus sentences marked, and the entities by kind.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ArticleView {
    pub lesson: SharedCard,
    pub blocks: Vec<ArticleBlockView>,
    pub entity_groups: Vec<EntityGroupView>,
    /// Link to the lesson's offline bundle, `null` when bundles are not built.
    pub bundle_url: Option<String>,
    /// Every focus sentence's recording in order, space-separated, when each has one (else
    /// the article is read by speech synthesis).
    pub audio_urls: Option<String>,
}

/// A block of the article page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ArticleBlockView {
    /// The 1-based number of the focus sentence, or `null` for other blocks.
    pub focus: Option<usize>,
    /// Inner HTML for a focus sentence, the whole block's HTML otherwise.
    pub html: String,
    /// Link to the focus page of this sentence.
    pub focus_url: Option<String>,
}

/// The entities of one kind, for the article page's list.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EntityGroupView {
    pub kind: String,
    pub label: String,
    pub entities: Vec<Shared<EntityView>>,
}

/// One entity tag.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EntityView {
    pub kind: String,
    pub label: String,
    pub name: String,
    /// The lesson's note about this entity, from front matter `[notes]`.
    pub note: Option<String>,
    /// Its page (every sentence of the pack naming it), `null` when there is none or it is
    /// out of reach; and that link's text, "Every sentence naming Huawei".
    pub url: Option<String>,
    pub link_text: String,
}

/// A focus page: one sentence, its tags, where it is, and the way on.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct FocusView {
    pub lesson: SharedCard,
    /// 1-based position and the number of focus sentences.
    pub n: usize,
    pub total: usize,
    /// "Sentence 3 of 9", from the pack's strings.
    pub position_text: String,
    pub html: String,
    pub entities: Vec<Shared<EntityView>>,
    pub previous_url: Option<String>,
    /// The next focus page, or the end page after the last sentence.
    pub next_url: String,
    pub is_last: bool,
    /// The sentence's recording, when the lesson's `audio` folder has one.
    pub audio_url: Option<String>,
}

/// The end page of a lesson.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EndView {
    pub lesson: SharedCard,
    /// "You read 9 focus sentences.", from the pack's strings.
    pub you_read_text: String,
    pub last_focus_url: String,
}

/// The quiz page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct QuizView {
    pub lesson: SharedCard,
    pub title: String,
    pub intro: String,
    pub questions: Vec<QuestionView>,
    /// `[quiz] plain_answers`: the answers are in the page as text (reveal, answer key).
    pub plain_answers: bool,
    /// Shuffle the choices on each visit (the lesson's `shuffle`, else the pack's).
    pub shuffle: bool,
    /// Policies (the lesson's, else the pack's), each `""` when unset: tries per question
    /// (unset: unlimited).
    pub tries: String,
    /// When answers show: `after_wrong`, `after_tries`, `always` or `never`.
    pub show_answers: &'static str,
    /// The percent that passes (unset: none).
    pub pass_mark: String,
    /// A point per right part instead of per right question.
    pub partial_credit: bool,
    /// Questions drawn on each attempt (unset: all).
    pub pick: String,
}

/// A question of the quiz page as a form. Each kind of question fills the fields of its
/// controls (see `layout::quiz`); the others stay empty.
#[derive(Debug, Clone, Default, Hash, Serialize)]
pub struct QuestionView {
    /// 1-based number, and the id prefix of its form controls (`q1`).
    pub n: usize,
    pub id: String,
    /// `single`, `multi`, `short` or `cloze`.
    pub kind: &'static str,
    pub prompt: String,
    pub body: String,
    /// Choice questions: `checkbox` for a multiple-answer question, else `radio`.
    pub input_type: &'static str,
    /// Choice questions: the choices.
    pub choices: Vec<ChoiceView>,
    /// Ordering questions: the items, in the shuffled order the page starts with.
    pub order_items: Vec<OrderItemView>,
    /// Matching questions: the left sides, in source order, each with a drop-down.
    pub match_items: Vec<MatchItemView>,
    /// Matching questions: every drop-down's options, the distinct right sides sorted.
    pub match_options: Vec<MatchOptionView>,
    /// "Correct answer", "Correct answers" or "Accepted answers", from the pack's strings.
    pub answer_label: String,
    /// The salt of this question's hashes.
    pub salt: String,
    /// What the learner's stored answer is kept under: a hash of the question's kind,
    /// prompt and right answer, so a changed question starts fresh.
    pub key: String,
    /// The accepted hashes of each part of the answer, space-separated, parts joined by `|`
    /// (see `layout::quiz`).
    pub parts: String,
    /// The correct choices' (or accepted answers') text, obfuscated with the salt.
    pub answer_code: String,
    /// The explanation's HTML, obfuscated with the salt; `null` when there is none.
    pub explanation_code: Option<String>,
    /// The correct choices (or accepted answers) as HTML; empty unless `plain_answers`.
    pub answers: Vec<String>,
    /// The explanation as HTML; `null` unless `plain_answers` (it often names the answer).
    pub explanation: Option<String>,
    /// Cloze questions: the text, piece by piece, each piece but the last followed by a blank.
    pub cloze: Vec<ClozePieceView>,
    /// Cloze questions: what to do ("Type the missing word in each blank").
    pub cloze_hint: String,
    /// Feedback: the hint's HTML (shown behind its button), `null` when there is none.
    pub hint: Option<String>,
    /// Feedback: "Show me where": a link to each evidence sentence's focus page, the
    /// sentence marked there; empty when the question names no evidence.
    pub evidence: Vec<EvidenceLinkView>,
    /// Feedback: the article at the first evidence sentence, marked; `null` without evidence.
    pub evidence_article_url: Option<String>,
}

/// A piece of a cloze question's text and the blank after it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ClozePieceView {
    /// Inline HTML (entity marks included); it may open an element the next piece closes.
    pub html: String,
    /// The blank after the piece; `null` after the last piece.
    pub blank: Option<BlankView>,
}

/// A blank of a cloze question: a text box, or a drop-down when `options` is not empty.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct BlankView {
    /// The id of its control (`q1-b2`).
    pub id: String,
    /// Its accessible name, "Blank 2 of 3".
    pub label: String,
    /// The text box's `size`: the length of its longest accepted answer.
    pub size: usize,
    /// Drop-downs: every blank's first accepted answer, once each, sorted; empty for a text box.
    pub options: Vec<String>,
}

/// A link to a focus sentence that answers a question.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EvidenceLinkView {
    /// Its focus page, the sentence's id as the fragment.
    pub url: String,
    /// "Sentence 3", from the pack's strings.
    pub text: String,
}

/// A choice of a question.
#[derive(Debug, Clone, Default, Hash, Serialize)]
pub struct ChoiceView {
    /// The id of its input (`q1-c2`).
    pub id: String,
    pub html: String,
    /// The value its input submits: its 1-based position.
    pub value: usize,
    /// Its feedback's HTML, obfuscated with the question's salt (purpose `f<value>`);
    /// `null` when it has none.
    pub feedback_code: Option<String>,
    /// Its feedback as HTML; `null` unless `plain_answers`.
    pub feedback: Option<String>,
    /// Marked `{.pin}`: keeps its place when the choices are shuffled.
    pub pinned: bool,
}

/// The entity practice page: a question per focus sentence that marks entities, each
/// entity hidden behind a blank (see `layout::practice`).
#[derive(Debug, Clone, Hash, Serialize)]
pub struct PracticeView {
    pub lesson: SharedCard,
    pub questions: Vec<PracticeQuestionView>,
    /// `choices` when blanks are picked from a list, else `typed`.
    pub mode: &'static str,
}

/// A focus sentence with its entities as blanks, checked by the quiz's script in parts (one
/// per blank).
#[derive(Debug, Clone, Hash, Serialize)]
pub struct PracticeQuestionView {
    /// 1-based number on the page, and the id of its form (`p1`).
    pub n: usize,
    pub id: String,
    /// "Sentence 3 of 9": where the sentence is in the article.
    pub position_text: String,
    /// The sentence's HTML with a text box or a drop-down for each entity mark.
    pub html: String,
    pub blank_count: usize,
    /// As for quiz questions: the salt, the parts' hashes, the right names obfuscated, and
    /// the whole sentence (the explanation) obfuscated.
    pub salt: String,
    pub parts: String,
    pub answer_code: String,
    pub answer_label: String,
    pub explanation_code: String,
}

/// Ordering questions: an item to put in its place.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct OrderItemView {
    /// Its id (`q1-i2`, numbered as the page shows it, not in the right order).
    pub id: String,
    /// What the page's script hashes for the item's position (see `layout::quiz::order`).
    pub token: String,
    pub html: String,
    /// Its plain text, for the move buttons' labels.
    pub text: String,
}

/// Matching questions: a left side and its drop-down.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct MatchItemView {
    /// The id of its `<select>` (`q1-m2`).
    pub id: String,
    pub html: String,
}

/// Matching questions: a right side, as an option of every drop-down.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct MatchOptionView {
    /// Its token (see `layout::quiz::order`): what a chosen option's part is hashed from.
    pub token: String,
    /// Its plain text (an option holds no markup).
    pub text: String,
}
