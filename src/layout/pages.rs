//! Builds each page's view from the model and the plan: the only place that knows which
//! model fields a page shows and how its links are made.

use crate::content::{Lesson, Pack};
use crate::render::views::*;

use std::sync::Arc;

use super::answers;
pub(crate) use super::kinds::hash_index;
use super::plan::{Fragments, Linker, Page, PageKind, PagePath, page_url};
use super::ways::{LEVELS_DIR, TAGS_DIR, Ways};
use crate::assets::{AssetNames, Script};
use crate::content::{Entity, Fragment};
use crate::render::csp::Csp;

/// What every page view is built from.
pub(crate) struct Site<'a> {
    pub pack: &'a Pack,
    /// Lessons in site order; [`PageKind`] indexes into it.
    pub lessons: Vec<&'a Lesson>,
    /// The pack's entities, tags and levels, gathered once for every page.
    pub ways: Arc<Ways<'a>>,
    pub linker: Linker,
    /// Where asset and lesson-file URLs point.
    pub assets: &'a dyn AssetResolver,
    /// The pack bundle's file name when offline bundles are built (pages link to them).
    pub bundle: Option<String>,
    /// The pages' Content-Security-Policy (the site's unless changed).
    pub csp: String,
    /// Pages are served with `serve`'s live reload.
    pub live_reload: bool,
    /// The stylesheet's text, which the 404 page holds when it has no absolute links.
    pub css: Option<String>,
    /// The site path of the pack's own icon, copied from `static/` (`favicon.svg` or
    /// `favicon.ico`), which pages link instead of the built-in one.
    pub icon: Option<String>,
    /// The built-in icon as a `data:` URI, for the 404 page when it has no absolute links.
    pub icon_data: Option<String>,
    /// The search index script's site path, where the site has a search page.
    pub search_index: Option<String>,
    /// The search index itself, for a search page that holds it (the pack bundle's).
    pub search_data: Option<Arc<str>>,
    /// The pack's id, which names its learners' saved answers (see [`answers::pack_id`]).
    pub pack_id: String,
    /// The index's card of every lesson, in site order, made beforehand (by `serve`, which
    /// keeps them from update to update); else the index makes them.
    pub index_cards: Option<Arc<[SharedCard]>>,
}

/// Whether some lesson of `pack` has a recording of a focus sentence.
pub(crate) fn has_recordings(pack: &Pack) -> bool {
    pack.lessons()
        .any(|lesson| lesson.audio.iter().any(Option::is_some))
}

impl<'a> Site<'a> {
    pub fn new(
        pack: &'a Pack,
        ways: Arc<Ways<'a>>,
        linker: Linker,
        assets: &'a dyn AssetResolver,
        bundle: Option<String>,
    ) -> Site<'a> {
        Site {
            pack,
            lessons: pack.lessons().collect(),
            ways,
            linker,
            assets,
            bundle,
            csp: Csp::site()
                .with_recordings(has_recordings(pack), "'self'")
                .to_string(),
            live_reload: false,
            css: None,
            icon: None,
            icon_data: None,
            search_index: None,
            search_data: None,
            pack_id: answers::pack_id(&pack.config.title),
            index_cards: None,
        }
    }

    /// The same, with the preview's policy when pages are served with live reload.
    pub fn live_reload(mut self, live_reload: bool) -> Site<'a> {
        self.csp = Csp::for_site(live_reload)
            .with_recordings(has_recordings(self.pack), "'self'")
            .to_string();
        self.live_reload = live_reload;
        self
    }

    /// Whether the views are for the site's pages, rendered by Tera; else for a bundle, whose
    /// views are serialized as JSON for its script and reach no page beyond it.
    pub(super) fn in_site(&self) -> bool {
        self.linker.fragments.is_none()
    }

    /// A fragment of `lesson` as HTML for a page whose path to the lesson folder is
    /// `to_lesson`, its lesson files' URLs made by the resolver.
    pub(super) fn html(&self, lesson: &Lesson, fragment: &Fragment, to_lesson: &str) -> String {
        fragment.render_with(|url| self.assets.lesson_file_url(lesson, url, to_lesson))
    }

    /// A fragment of `lesson` as HTML for its quiz page, or its practice page beside it.
    pub(super) fn quiz_html(&self, lesson: &Lesson, fragment: &Fragment) -> String {
        let to_lesson = PagePath::quiz(&lesson.slug).to_top(self.linker.layout);
        self.html(lesson, fragment, &to_lesson)
    }

    /// A link from the page at `from` to a page gathering lessons across the pack: relative
    /// on the site; in a bundle, which does not hold these pages, the page's absolute URL when
    /// the pack has a `base_url`, else none.
    pub(super) fn way_link(&self, from: &PagePath, to: &PagePath) -> Option<String> {
        match self.linker.fragments {
            None => Some(self.linker.link(from, to)),
            Some(_) => (self.pack.config.base_url.as_ref())
                .map(|base| page_url(base, to, self.linker.layout)),
        }
    }

    /// The link to the page of the entity `kind`/`name`, if it has one.
    pub(super) fn entity_link(&self, from: &PagePath, kind: &str, name: &str) -> Option<String> {
        let entity = self.ways.entity(kind, name)?;
        self.way_link(from, entity.path())
    }

    /// The link to a tag's page, if it has one.
    pub(super) fn tag_link(&self, from: &PagePath, tag: &str) -> Option<String> {
        let tag = self.ways.tag(tag)?;
        self.way_link(from, &tag.path)
    }

    /// The link to a level's page, if it has one.
    pub(super) fn level_link(&self, from: &PagePath, level: &str) -> Option<String> {
        let level = self.ways.level(level)?;
        self.way_link(from, &level.path)
    }

    /// The prefix of the page's own ids: the lesson's slug in the pack bundle, where the
    /// pages of every lesson share one document; nothing elsewhere.
    pub(super) fn id_prefix(&self, dir: &PagePath) -> String {
        match (self.linker.fragments, dir.top()) {
            (Some(Fragments::Pack), Some(slug)) => format!("{slug}/"),
            _ => String::new(),
        }
    }
}

/// Where a page's asset and lesson-file URLs point: files of the site (relative paths), or
/// `data:` URIs inside a bundle. Views get every such URL from here.
pub(crate) trait AssetResolver: Sync {
    /// The stylesheet's URL from a page whose path to the site root is `root`; `""` where
    /// pages carry it inline.
    fn css_url(&self, root: &str) -> String;
    /// The URL of `script`, likewise.
    fn js_url(&self, root: &str, script: Script) -> String;
    /// The URL of the site's icon, likewise (the built-in one: a pack's own from `static/`
    /// is linked by [`Site::icon`]).
    fn icon_url(&self, root: &str) -> String;
    /// The URL of the file `url` of `lesson` (relative to its folder, as the author wrote it)
    /// from a page whose path to the lesson folder is `to_lesson`, safe inside a quoted
    /// attribute.
    fn lesson_file_url(&self, lesson: &Lesson, url: &str, to_lesson: &str) -> String;
}

/// The site's files: relative paths to the content-hashed assets and the copied images.
impl AssetResolver for AssetNames {
    fn css_url(&self, root: &str) -> String {
        format!("{root}{}", self.css)
    }

    fn js_url(&self, root: &str, script: Script) -> String {
        format!("{root}{}", self.js(script))
    }

    fn icon_url(&self, root: &str) -> String {
        format!("{root}{}", self.icon)
    }

    fn lesson_file_url(&self, _lesson: &Lesson, url: &str, to_lesson: &str) -> String {
        let mut href = to_lesson.to_string();
        pulldown_cmark_escape::escape_href(&mut href, url).expect("writing to a String");
        href
    }
}

/// Everything a page's template sees besides the pack-wide globals: `page`, and the view of
/// its kind under the kind's name.
#[derive(Hash)]
pub(crate) struct PageViews {
    pub page: PageView,
    pub kind: KindView,
}

/// The view of a page's kind (serialized as the view itself, for the bundle's parts).
#[derive(Hash, serde::Serialize)]
#[serde(untagged)]
pub(crate) enum KindView {
    Index(IndexView),
    Article(ArticleView),
    Focus(FocusView),
    End(EndView),
    Quiz(QuizView),
    Practice(PracticeView),
    EntityIndex(EntityIndexView),
    Entity(EntityPageView),
    TermIndex(TermIndexView),
    Term(TermPageView),
    Search(SearchView),
    NotFound,
}

impl PageViews {
    /// The Tera context: `page` plus the kind's view under its own name.
    pub fn context(&self) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("page", &self.page);
        match &self.kind {
            KindView::Index(view) => context.insert("index", view),
            KindView::Article(view) => context.insert("article", view),
            KindView::Focus(view) => context.insert("focus", view),
            KindView::End(view) => context.insert("end", view),
            KindView::Quiz(view) => context.insert("quiz", view),
            KindView::Practice(view) => context.insert("practice", view),
            KindView::EntityIndex(view) => context.insert("entities", view),
            KindView::Entity(view) => context.insert("entity", view),
            KindView::TermIndex(view) => context.insert("terms", view),
            KindView::Term(view) => context.insert("term", view),
            KindView::Search(view) => context.insert("search", view),
            KindView::NotFound => {}
        }
        context
    }
}

/// What the pages of the lesson being viewed show alike, kept for its next page: its card,
/// and the tags of its entities. The pages of a lesson are viewed one after another, and
/// each shows these as seen from its folder (the same one for all of them but in the
/// `--pretty-urls` layout).
#[derive(Default)]
pub(crate) struct FolderMemo {
    /// The lesson's slug and the folder its views are for.
    at: Option<(String, Vec<String>)>,
    card: Option<SharedCard>,
    /// Each entity's tag by kind and name, in the order first shown (a lesson names few).
    entities: Vec<Shared<EntityView>>,
}

impl FolderMemo {
    /// The card of `lesson` as the page at `from` shows it.
    pub fn card(&mut self, site: &Site, lesson: &Lesson, from: &PagePath) -> SharedCard {
        self.move_to(site, lesson, from);
        let card = self.card.get_or_insert_with(|| {
            SharedCard::new(
                super::kinds::lesson_card(site, lesson, from),
                site.in_site(),
            )
        });
        card.clone()
    }

    /// The tag of `entity`, named in `lesson`, as the page at `from` shows it.
    pub fn entity(
        &mut self,
        site: &Site,
        lesson: &Lesson,
        entity: &Entity,
        from: &PagePath,
    ) -> Shared<EntityView> {
        self.move_to(site, lesson, from);
        let known = (self.entities.iter())
            .find(|view| view.kind == entity.kind.as_str() && view.name == entity.name);
        if let Some(view) = known {
            return view.clone();
        }
        let view = Shared::new(
            super::kinds::entity_view(site, lesson, entity, from),
            site.in_site(),
        );
        self.entities.push(view.clone());
        view
    }

    /// Forgets what it holds unless it is for `lesson` seen from the folder of `from`.
    fn move_to(&mut self, site: &Site, lesson: &Lesson, from: &PagePath) {
        let layout = site.linker.layout;
        if let Some((slug, folder)) = &self.at
            && *slug == lesson.slug
            && from.folders(layout).eq(folder.iter().map(String::as_str))
        {
            return;
        }
        let folder = from.folders(layout).map(str::to_string).collect();
        *self = FolderMemo {
            at: Some((lesson.slug.clone(), folder)),
            ..FolderMemo::default()
        };
    }
}

/// What the pages of one run (one lesson's pages, or a page of their own; see
/// `site::outputs::lesson_ranges`) share while their views are built: the run's lesson
/// whole, if it dropped its body (see [`Lesson::drop_body`]), and what its pages show alike.
#[derive(Default)]
pub(crate) struct RunMemo {
    /// The lesson with this index in site order, parsed again with its body.
    whole: Option<(usize, Lesson)>,
    shared: FolderMemo,
}

impl RunMemo {
    /// The memo for a run of `pages`, which parses their lesson again (from its file under
    /// `root`) if it dropped its body.
    pub fn for_run<'p>(
        site: &Site,
        root: &std::path::Path,
        mut pages: impl Iterator<Item = &'p Page>,
    ) -> Result<RunMemo, crate::diagnostic::Diagnostic> {
        let index = pages.next().and_then(Page::lesson);
        let whole = match index.map(|index| (index, site.lessons[index])) {
            Some((index, lesson)) if !lesson.has_body() => {
                let whole = lesson.with_body(root, &site.pack.config)?.into_owned();
                Some((index, whole))
            }
            _ => None,
        };
        Ok(RunMemo {
            whole,
            shared: FolderMemo::default(),
        })
    }

    /// Lesson `index` of `site`, whole, and the card memo.
    fn lesson<'s>(&'s mut self, site: &'s Site, index: usize) -> (&'s Lesson, &'s mut FolderMemo) {
        let lesson = site.lessons[index];
        let whole = match &self.whole {
            _ if lesson.has_body() => lesson,
            Some((at, whole)) if *at == index => whole,
            _ => panic!(
                "{} dropped its body, and its run did not parse it again",
                lesson.path.display()
            ),
        };
        (whole, &mut self.shared)
    }
}

/// A page's views, built from the model and the plan; `run` holds what the pages of a run
/// share.
pub(crate) fn page_views(site: &Site, page: &Page, run: &mut RunMemo) -> PageViews {
    use super::kinds::*;
    match page.kind {
        PageKind::Index => index_views(site),
        PageKind::Article(index) => {
            let (lesson, shared) = run.lesson(site, index);
            article_views(site, lesson, shared)
        }
        PageKind::Focus(index, n) => {
            let (lesson, shared) = run.lesson(site, index);
            focus_views(site, lesson, n, shared)
        }
        PageKind::End(index) => {
            let (lesson, shared) = run.lesson(site, index);
            end_views(site, lesson, shared)
        }
        PageKind::Quiz(index) => {
            let (lesson, shared) = run.lesson(site, index);
            quiz_views(site, lesson, shared)
        }
        PageKind::Practice(index) => {
            let (lesson, shared) = run.lesson(site, index);
            super::practice::practice_views(site, lesson, shared)
        }
        PageKind::EntityIndex => super::browse::entity_index_views(site),
        PageKind::Entity(i) => super::browse::entity_views(site, i),
        PageKind::TagIndex => super::browse::term_index_views(site, TAGS_DIR),
        PageKind::LevelIndex => super::browse::term_index_views(site, LEVELS_DIR),
        PageKind::Tag(i) => super::browse::term_views(site, TAGS_DIR, i),
        PageKind::Level(i) => super::browse::term_views(site, LEVELS_DIR, i),
        PageKind::Search => search_views(site),
        PageKind::NotFound => not_found_views(site),
    }
}

/// `lesson`'s card as the index shows it, and its hash. The card a page elsewhere shows differs
/// only in its links, which follow from the same lesson data, so a page that lists lessons
/// changes with their cards' keys: `serve` keys tag and level pages from them, and keeps the
/// cards for the index (see [`Site::index_cards`]) while their keys stay.
pub(crate) fn index_card(site: &Site, lesson: &Lesson) -> (u64, SharedCard) {
    use std::hash::{Hash, Hasher};
    let view = super::kinds::lesson_card(site, lesson, &PagePath::index());
    let mut hasher = std::hash::DefaultHasher::new();
    view.hash(&mut hasher);
    (hasher.finish(), SharedCard::new(view, site.in_site()))
}

/// Fills the `{name}` placeholder of a UI string with text.
pub(crate) fn fill_name(template: &str, name: &str) -> String {
    template.replace("{name}", name)
}

/// Fills `{name}` placeholders of a UI string.
pub(crate) fn fill(template: &str, values: &[(&str, usize)]) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), &value.to_string());
    }
    text
}
