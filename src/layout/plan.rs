//! Every page of the site, its output path and the links between pages, computed once from
//! the model.
//!
//! A page's [`PagePath`] says where it sits among its siblings; the [`Layout`] turns it into
//! a file. By default each lesson is one folder of files (`deepseek-v4/index.html`,
//! `deepseek-v4/3.html`, `deepseek-v4/quiz.html`): a 10,000-lesson site then asks the file
//! system for 10,000 folders rather than 140,000, the largest cost of writing it. With
//! `--pretty-urls` each page is a folder with an `index.html` (`deepseek-v4/focus/3/`), for
//! hosts that serve a folder's index but not `quiz.html` at `/quiz`.
//!
//! Links are always relative, so the site works from any sub-path and from disk. On disk a
//! link to a folder does not open its index, so the default layout's links name files
//! (`index.html`, `3.html`); the folder layout's links name folders (`focus/3/`).

use std::path::PathBuf;

use crate::config::Practice;
use crate::content::front_matter::slug_from_title;
use crate::content::{Lesson, Pack};
use crate::web::push_encoded_segment;

use super::ways::{ENTITIES_DIR, LEVELS_DIR, TAGS_DIR, Ways};

/// The folder of offline bundles in the site.
pub const BUNDLE_DIR: &str = "bundle";

/// The folder of the search page.
pub const SEARCH_DIR: &str = "search";

/// How pages are laid out in folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// One folder per lesson, a file per page in it: `<slug>/3.html`; links name files.
    #[default]
    Lessons,
    /// One folder per page, with its `index.html`: `<slug>/focus/3/index.html`; links name
    /// folders (`focus/3/`), so it is for web hosts only.
    Folders,
}

impl Layout {
    /// The layout `--pretty-urls` asks for, or the default one.
    pub fn new(pretty_urls: bool) -> Layout {
        match pretty_urls {
            true => Layout::Folders,
            false => Layout::Lessons,
        }
    }
}

/// Where a page sits: its folder in the one-folder-per-lesson layout, and its name there
/// unless it is that folder's own page (its `index.html`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PagePath {
    /// The folders from the site root to the page's folder: `["deepseek-v4"]`.
    pub folder: Vec<String>,
    /// The page's name in its folder; `None` for the folder's own page.
    pub leaf: Option<Leaf>,
}

/// A page named in its folder: `3.html`, or in the folder layout `focus/3/index.html`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Leaf {
    /// The folder that groups pages of its kind in the folder layout: `focus`.
    pub group: Option<&'static str>,
    /// The page's name: `3`, `quiz`.
    pub name: String,
}

/// The folder of focus pages in the folder layout, and their fragments' prefix in bundles.
const FOCUS_GROUP: &str = "focus";

impl PagePath {
    /// The page of a folder: the site's index at `[]`, a lesson's article at `[slug]`.
    fn folder_page(folder: Vec<String>) -> PagePath {
        PagePath { folder, leaf: None }
    }

    /// A lesson's page other than its article.
    fn lesson_page(slug: &str, group: Option<&'static str>, name: String) -> PagePath {
        PagePath {
            folder: vec![slug.to_string()],
            leaf: Some(Leaf { group, name }),
        }
    }

    pub fn index() -> PagePath {
        PagePath::folder_page(Vec::new())
    }

    pub fn article(slug: &str) -> PagePath {
        PagePath::folder_page(vec![slug.to_string()])
    }

    pub fn focus(slug: &str, n: usize) -> PagePath {
        PagePath::lesson_page(slug, Some(FOCUS_GROUP), n.to_string())
    }

    pub fn end(slug: &str) -> PagePath {
        PagePath::lesson_page(slug, None, "end".to_string())
    }

    pub fn quiz(slug: &str) -> PagePath {
        PagePath::lesson_page(slug, None, "quiz".to_string())
    }

    /// The lesson's entity practice page (see `layout::practice`).
    pub fn practice(slug: &str) -> PagePath {
        PagePath::lesson_page(slug, None, "practice".to_string())
    }

    /// The index page of a group of pages that gather lessons across the pack: `entities`,
    /// `tags` or `levels` (see `layout::ways`).
    pub fn way_index(folder: &str) -> PagePath {
        PagePath::folder_page(vec![folder.to_string()])
    }

    /// A page of such a group: `folders` from the root to it (`["entities", "org"]`), then
    /// its name.
    pub fn way(folders: &[&str], name: &str) -> PagePath {
        PagePath {
            folder: folders.iter().map(|s| s.to_string()).collect(),
            leaf: Some(Leaf {
                group: None,
                name: name.to_string(),
            }),
        }
    }

    /// The search page, `search/`.
    pub fn search() -> PagePath {
        PagePath::folder_page(vec![SEARCH_DIR.to_string()])
    }

    /// The lesson the page belongs to, or the group it is in: its first folder.
    pub fn top(&self) -> Option<&str> {
        self.folder.first().map(String::as_str)
    }

    /// The folders from the site root to the page's file in `layout`.
    pub fn folders(&self, layout: Layout) -> impl Iterator<Item = &str> {
        let leaf = match (layout, &self.leaf) {
            (Layout::Folders, Some(leaf)) => Some(leaf.group.into_iter().chain([&*leaf.name])),
            _ => None,
        };
        self.folder
            .iter()
            .map(String::as_str)
            .chain(leaf.into_iter().flatten())
    }

    /// How many folders below the site root the page's file is in `layout`.
    pub fn depth(&self, layout: Layout) -> usize {
        self.folders(layout).count()
    }

    /// From this page to the site root: `""`, `"../"`, ….
    pub fn to_root(&self, layout: Layout) -> String {
        "../".repeat(self.depth(layout))
    }

    /// From this page to its first folder (a lesson's own, where its files are): `""`,
    /// `"../"`, ….
    pub fn to_top(&self, layout: Layout) -> String {
        "../".repeat(self.depth(layout).saturating_sub(1))
    }

    /// The page's file name in its folder in `layout`: `3.html` or `index.html`.
    fn file_name(&self, layout: Layout) -> String {
        match (layout, &self.leaf) {
            (Layout::Lessons, Some(leaf)) => format!("{}.html", leaf.name),
            _ => "index.html".to_string(),
        }
    }

    /// The path of the page's file in `layout`, relative to the site root.
    pub fn file(&self, layout: Layout) -> PathBuf {
        let mut path: PathBuf = self.folders(layout).collect();
        path.push(self.file_name(layout));
        path
    }

    /// [`PagePath::file`] as a site path, `/`-separated: `slug/3.html`.
    pub fn site_file(&self, layout: Layout) -> String {
        let mut path = String::new();
        for folder in self.folders(layout) {
            path.push_str(folder);
            path.push('/');
        }
        path.push_str(&self.file_name(layout));
        path
    }

    /// The page's URL path below the site root in `layout`, each segment percent-encoded:
    /// what links and absolute URLs end with. A folder's own page is the folder (`slug/`),
    /// other pages their file (`slug/3.html`) or, in the folder layout, folder (`slug/focus/3/`).
    fn url_path(&self, layout: Layout) -> String {
        let mut url = String::new();
        for folder in self.folders(layout) {
            push_encoded_segment(&mut url, folder);
            url.push('/');
        }
        if let (Layout::Lessons, Some(leaf)) = (layout, &self.leaf) {
            push_encoded_segment(&mut url, &leaf.name);
            url.push_str(".html");
        }
        url
    }
}

/// How links are written.
#[derive(Debug, Clone, Copy)]
pub struct Linker {
    /// Where pages are, which decides what links name.
    pub layout: Layout,
    /// Link to parts of one offline bundle file (`#focus-3`) instead of other files.
    pub fragments: Option<Fragments>,
}

/// Which bundle fragment links are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fragments {
    /// One lesson's file: `#article`, `#focus-3`, `#end`, `#quiz`; the index is the article.
    Lesson,
    /// The whole pack's file: `#index`, `#<slug>/article`, `#<slug>/focus-3`, ….
    Pack,
}

impl Fragments {
    /// The id of the bundle part that shows the page at `path`.
    pub fn id(self, path: &PagePath) -> String {
        let (slug, part) = match (path.folder.as_slice(), &path.leaf) {
            ([], None) => return "index".to_string(),
            // No lesson has this slug (see `slug_problem`).
            ([search], None) if search == SEARCH_DIR => return SEARCH_DIR.to_string(),
            ([slug], None) => (slug, "article".to_string()),
            ([slug], Some(Leaf { group, name })) => match group {
                Some(group) => (slug, format!("{group}-{name}")),
                None => (slug, name.clone()),
            },
            _ => unreachable!("bundles hold the index, the search page and lessons' pages"),
        };
        match self {
            Fragments::Lesson => part,
            Fragments::Pack => format!("{slug}/{part}"),
        }
    }
}

impl Linker {
    /// Links between files of the site laid out in `layout`.
    pub fn files(layout: Layout) -> Linker {
        Linker {
            layout,
            fragments: None,
        }
    }

    /// The shortest relative link from page `from` to page `to`.
    pub fn link(&self, from: &PagePath, to: &PagePath) -> String {
        match self.fragments {
            Some(Fragments::Lesson) if *to == PagePath::index() => {
                // A lesson's bundle holds no index: its article is its front page.
                let article = PagePath::folder_page(from.folder.iter().take(1).cloned().collect());
                return format!("#{}", Fragments::Lesson.id(&article));
            }
            Some(fragments) => return format!("#{}", fragments.id(to)),
            None => {}
        }
        let layout = self.layout;
        let common = (from.folders(layout).zip(to.folders(layout)))
            .take_while(|(a, b)| a == b)
            .count();
        let mut url = "../".repeat(from.depth(layout) - common);
        for folder in to.folders(layout).skip(common) {
            push_encoded_segment(&mut url, folder);
            url.push('/');
        }
        // The file name as `file_name` makes it, encoded (`.html` needs no encoding).
        match (layout, &to.leaf) {
            (Layout::Lessons, Some(leaf)) => {
                push_encoded_segment(&mut url, &leaf.name);
                url.push_str(".html");
            }
            (Layout::Lessons, None) => url.push_str("index.html"),
            (Layout::Folders, _) if url.is_empty() => url.push_str("./"),
            (Layout::Folders, _) => {}
        }
        url
    }

    /// The links from the page at `from` to the pages of the lesson `slug`, for a page that
    /// links to many of them (see [`LessonLinks`]).
    pub fn lesson_links<'a>(&'a self, from: &'a PagePath, slug: &'a str) -> LessonLinks<'a> {
        let layout = self.layout;
        // Outside the lesson's folder, every link to its pages starts with the way to it.
        let folder =
            (self.fragments.is_none() && from.folders(layout).next() != Some(slug)).then(|| {
                let mut url = "../".repeat(from.depth(layout));
                push_encoded_segment(&mut url, slug);
                url.push('/');
                url
            });
        LessonLinks {
            linker: self,
            from,
            slug,
            folder,
        }
    }
}

/// The links from one page to the pages of one lesson, as [`Linker::link`] makes them: the
/// way to the lesson's folder is made once, and each link adds a page's name to it. An
/// entity's page links to thousands of focus pages.
pub struct LessonLinks<'a> {
    linker: &'a Linker,
    from: &'a PagePath,
    slug: &'a str,
    /// The link to the lesson's folder, ending in `/`; `None` where links are not made from
    /// it (bundle fragments, a page in the lesson's own folder).
    folder: Option<String>,
}

impl LessonLinks<'_> {
    /// Appends the link to the lesson's article to `url`.
    pub fn push_article(&self, url: &mut String) {
        match (&self.folder, self.linker.layout) {
            (Some(folder), Layout::Lessons) => {
                url.push_str(folder);
                url.push_str("index.html");
            }
            (Some(folder), Layout::Folders) => url.push_str(folder),
            (None, _) => url.push_str(&self.linker.link(self.from, &PagePath::article(self.slug))),
        }
    }

    /// Appends the link to the lesson's focus page `n` to `url`.
    pub fn push_focus(&self, n: usize, url: &mut String) {
        use std::fmt::Write;
        match (&self.folder, self.linker.layout) {
            (Some(folder), Layout::Lessons) => {
                write!(url, "{folder}{n}.html").expect("writing to a String");
            }
            (Some(folder), Layout::Folders) => {
                write!(url, "{folder}{FOCUS_GROUP}/{n}/").expect("writing to a String");
            }
            (None, _) => url.push_str(&self.linker.link(self.from, &PagePath::focus(self.slug, n))),
        }
    }
}

/// The absolute URL of the page at `path` under `base` (the pack's `base_url`, ending in
/// `/`), each segment percent-encoded: the one URL that canonical links, the sitemap and the
/// feed give a page. With an empty `base` it is relative to the site root (`./` for the
/// index).
pub fn page_url(base: &str, path: &PagePath, layout: Layout) -> String {
    let path = path.url_path(layout);
    if base.is_empty() && path.is_empty() {
        "./".to_string()
    } else {
        format!("{base}{path}")
    }
}

/// The pack bundle's file name: the pack title's slug, kept apart from lessons' slugs.
pub fn pack_bundle_name(pack: &Pack) -> String {
    let mut slug = slug_from_title(&pack.config.title);
    if slug.is_empty() {
        slug = "pack".to_string();
    }
    while pack.lessons().any(|lesson| lesson.slug == slug) {
        slug.push_str("-pack");
    }
    format!("{slug}.html")
}

/// A lesson bundle's path in the site: `bundle/<slug>.html`.
pub fn lesson_bundle_path(slug: &str) -> String {
    format!("{BUNDLE_DIR}/{slug}.html")
}

/// The pack bundle's path in the site: `bundle/<pack-slug>.html`.
pub fn pack_bundle_path(pack: &Pack) -> String {
    format!("{BUNDLE_DIR}/{}", pack_bundle_name(pack))
}

/// The path of the zip of the whole site: `bundle/<pack-slug>.zip`.
pub fn zip_path(pack: &Pack) -> String {
    let name = pack_bundle_name(pack);
    format!("{BUNDLE_DIR}/{}.zip", name.trim_end_matches(".html"))
}

/// A page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Index,
    /// The article page of the lesson with this index in [`Plan::lessons`].
    Article(usize),
    /// The focus page of a lesson's `n`th (1-based) focus sentence.
    Focus(usize, usize),
    End(usize),
    Quiz(usize),
    /// A lesson's entity practice page, when it has one (see [`has_practice`]).
    Practice(usize),
    /// `entities/index.html`: every entity by kind.
    EntityIndex,
    /// The page of the entity with this index in `Ways::entities`.
    Entity(usize),
    /// `tags/index.html`, and the page of the tag with this index in `Ways::tags`.
    TagIndex,
    Tag(usize),
    /// `levels/index.html`, and the page of the level with this index in `Ways::levels`.
    LevelIndex,
    Level(usize),
    /// The search page (see `layout::search`).
    Search,
    NotFound,
}

/// One output page: what it shows, from which its place follows ([`Page::path`]). Only the
/// kind is kept, for a large pack has over a million pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub kind: PageKind,
}

/// The 404 page's file, at the site root in every layout.
const NOT_FOUND_FILE: &str = "404.html";

impl Page {
    fn of(kind: PageKind) -> Page {
        Page { kind }
    }

    /// Where the page sits, among the site's `lessons` (in site order) and `ways`; `None`
    /// only for the 404 page, which lives at `404.html` and links from the root.
    pub fn path(&self, lessons: &[&Lesson], ways: &Ways) -> Option<PagePath> {
        let slug = |index: usize| lessons[index].slug.as_str();
        Some(match self.kind {
            PageKind::Index => PagePath::index(),
            PageKind::Article(index) => PagePath::article(slug(index)),
            PageKind::Focus(index, n) => PagePath::focus(slug(index), n),
            PageKind::End(index) => PagePath::end(slug(index)),
            PageKind::Quiz(index) => PagePath::quiz(slug(index)),
            PageKind::Practice(index) => PagePath::practice(slug(index)),
            PageKind::EntityIndex => PagePath::way_index(ENTITIES_DIR),
            PageKind::Entity(i) => ways.entities[i].path().clone(),
            PageKind::TagIndex => PagePath::way_index(TAGS_DIR),
            PageKind::Tag(i) => ways.tags[i].path.clone(),
            PageKind::LevelIndex => PagePath::way_index(LEVELS_DIR),
            PageKind::Level(i) => ways.levels[i].path.clone(),
            PageKind::Search => PagePath::search(),
            PageKind::NotFound => return None,
        })
    }

    /// The file the page is written to in `layout`, as a site path (`/`-separated, relative
    /// to the site root): `slug/3.html`.
    pub fn site_file(&self, lessons: &[&Lesson], ways: &Ways, layout: Layout) -> String {
        match self.path(lessons, ways) {
            Some(path) => path.site_file(layout),
            None => NOT_FOUND_FILE.to_string(),
        }
    }

    /// The index in site order of the lesson the page belongs to, if any.
    pub fn lesson(&self) -> Option<usize> {
        match self.kind {
            PageKind::Article(index)
            | PageKind::Focus(index, _)
            | PageKind::End(index)
            | PageKind::Quiz(index)
            | PageKind::Practice(index) => Some(index),
            _ => None,
        }
    }

    /// The template that renders it.
    pub fn template(&self) -> &'static str {
        match self.kind {
            PageKind::Index => "index.html",
            PageKind::Article(_) => "article.html",
            PageKind::Focus(..) => "focus.html",
            PageKind::End(_) => "end.html",
            PageKind::Quiz(_) => "quiz.html",
            PageKind::Practice(_) => "practice.html",
            PageKind::EntityIndex => "entities.html",
            PageKind::Entity(_) => "entity.html",
            PageKind::TagIndex | PageKind::LevelIndex => "terms.html",
            PageKind::Tag(_) | PageKind::Level(_) => "term.html",
            PageKind::Search => "search.html",
            PageKind::NotFound => "404.html",
        }
    }
}

/// Every page of a pack, in a stable order: index, then each lesson's pages, then 404.
pub fn plan_pages(pack: &Pack) -> Vec<Page> {
    let mut pages = vec![Page::of(PageKind::Index)];
    for (index, lesson) in pack.lessons().enumerate() {
        pages.push(Page::of(PageKind::Article(index)));
        for n in 1..=lesson.article.focus_sentences.len() {
            pages.push(Page::of(PageKind::Focus(index, n)));
        }
        pages.push(Page::of(PageKind::End(index)));
        if lesson.has_quiz() {
            pages.push(Page::of(PageKind::Quiz(index)));
        }
        if has_practice(pack, lesson) {
            pages.push(Page::of(PageKind::Practice(index)));
        }
    }
    pages.push(Page::of(PageKind::Search));
    pages.push(Page::of(PageKind::NotFound));
    pages
}

/// Every page of a site: [`plan_pages`], with the pages that gather lessons across the pack
/// (entities, tags, levels; as `[pages]` asks for them) before the 404 page.
pub fn plan_site_pages(pack: &Pack, ways: &Ways) -> Vec<Page> {
    let mut pages = plan_pages(pack);
    let not_found = pages.pop().expect("the 404 page comes last");
    let mut add = |kind| pages.push(Page::of(kind));
    if pack.config.pages.entities {
        add(PageKind::EntityIndex);
        (0..ways.entities.len()).for_each(|i| add(PageKind::Entity(i)));
    }
    if pack.config.pages.tags {
        add(PageKind::TagIndex);
        (0..ways.tags.len()).for_each(|i| add(PageKind::Tag(i)));
    }
    if pack.config.pages.levels {
        add(PageKind::LevelIndex);
        (0..ways.levels.len()).for_each(|i| add(PageKind::Level(i)));
    }
    pages.push(not_found);
    pages
}

/// Whether a lesson has an entity practice page: `practice` is on for it (its front
/// matter, else the pack's `[quiz]`) and some focus sentence of it marks an entity.
pub fn has_practice(pack: &Pack, lesson: &Lesson) -> bool {
    let setting = lesson.meta.practice.unwrap_or(pack.config.quiz.practice);
    setting != Practice::Off
        && lesson
            .article
            .focus_sentences
            .iter()
            .any(|sentence| !sentence.marks.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_in_the_lesson_layout_name_files_in_the_lesson_folder() {
        let plain = Linker::files(Layout::Lessons);
        let focus3 = PagePath::focus("a", 3);
        assert_eq!(plain.link(&focus3, &PagePath::focus("a", 4)), "4.html");
        assert_eq!(plain.link(&focus3, &PagePath::end("a")), "end.html");
        assert_eq!(plain.link(&focus3, &PagePath::article("a")), "index.html");
        assert_eq!(plain.link(&focus3, &PagePath::index()), "../index.html");
        assert_eq!(plain.link(&focus3, &PagePath::quiz("b")), "../b/quiz.html");
        assert_eq!(
            plain.link(&PagePath::index(), &PagePath::article("a")),
            "a/index.html"
        );
        assert_eq!(
            plain.link(&PagePath::search(), &PagePath::focus("é", 1)),
            "../%C3%A9/1.html"
        );
        let entity = PagePath::way(&[ENTITIES_DIR, "org"], "acme");
        assert_eq!(plain.link(&focus3, &entity), "../entities/org/acme.html");
        assert_eq!(
            plain.link(&entity, &PagePath::way_index(ENTITIES_DIR)),
            "../index.html"
        );
    }

    #[test]
    fn links_in_the_folder_layout_name_folders() {
        let pretty = Linker::files(Layout::Folders);
        let focus3 = PagePath::focus("a", 3);
        assert_eq!(pretty.link(&focus3, &PagePath::focus("a", 4)), "../4/");
        assert_eq!(pretty.link(&focus3, &PagePath::end("a")), "../../end/");
        assert_eq!(pretty.link(&focus3, &PagePath::index()), "../../../");
        assert_eq!(
            pretty.link(&PagePath::article("a"), &PagePath::index()),
            "../"
        );
        assert_eq!(pretty.link(&PagePath::index(), &PagePath::index()), "./");
        assert_eq!(
            pretty.link(&PagePath::index(), &PagePath::quiz("é")),
            "%C3%A9/quiz/"
        );
    }

    #[test]
    fn lesson_links_are_the_links_to_the_lesson_s_pages() {
        let entity = PagePath::way(&[ENTITIES_DIR, "org"], "acme");
        let own_page = PagePath::end("a");
        let linkers = [
            Linker::files(Layout::Lessons),
            Linker::files(Layout::Folders),
            Linker {
                layout: Layout::Lessons,
                fragments: Some(Fragments::Pack),
            },
        ];
        for linker in &linkers {
            for (from, slug) in [(&entity, "é a"), (&own_page, "a"), (&own_page, "b")] {
                let links = linker.lesson_links(from, slug);
                let mut article = String::new();
                links.push_article(&mut article);
                assert_eq!(article, linker.link(from, &PagePath::article(slug)));
                for n in [1, 12] {
                    let mut focus = String::new();
                    links.push_focus(n, &mut focus);
                    assert_eq!(focus, linker.link(from, &PagePath::focus(slug, n)));
                }
            }
        }
    }

    #[test]
    fn each_layout_puts_pages_in_its_files() {
        let pages = [
            PagePath::index(),
            PagePath::article("a"),
            PagePath::focus("é", 3),
            PagePath::end("a"),
            PagePath::practice("a"),
            PagePath::way(&[TAGS_DIR], "energy"),
        ];
        let no_ways = Ways::default();
        let files = |layout| {
            let mut files: Vec<String> = pages.iter().map(|p| p.site_file(layout)).collect();
            files.push(Page::of(PageKind::NotFound).site_file(&[], &no_ways, layout));
            files
        };
        assert_eq!(
            files(Layout::Lessons),
            [
                "index.html",
                "a/index.html",
                "é/3.html",
                "a/end.html",
                "a/practice.html",
                "tags/energy.html",
                "404.html"
            ]
        );
        assert_eq!(
            files(Layout::Folders),
            [
                "index.html",
                "a/index.html",
                "é/focus/3/index.html",
                "a/end/index.html",
                "a/practice/index.html",
                "tags/energy/index.html",
                "404.html"
            ]
        );
        for layout in [Layout::Lessons, Layout::Folders] {
            for path in &pages {
                let file = path.file(layout);
                let parts: Vec<_> = file.iter().map(|p| p.to_string_lossy()).collect();
                assert_eq!(path.site_file(layout), parts.join("/"));
            }
        }
    }

    #[test]
    fn a_page_reaches_the_root_and_its_lesson_folder() {
        let focus = PagePath::focus("a", 3);
        assert_eq!(focus.to_root(Layout::Lessons), "../");
        assert_eq!(focus.to_top(Layout::Lessons), "");
        assert_eq!(focus.to_root(Layout::Folders), "../../../");
        assert_eq!(focus.to_top(Layout::Folders), "../../");
        assert_eq!(PagePath::quiz("a").to_top(Layout::Folders), "../");
        assert_eq!(PagePath::article("a").to_top(Layout::Folders), "");
        assert_eq!(PagePath::index().to_root(Layout::Lessons), "");
    }

    #[test]
    fn page_urls_are_percent_encoded_under_the_base() {
        let base = "https://example.org/news/";
        let quiz = PagePath::quiz("café");
        assert_eq!(
            page_url(base, &quiz, Layout::Lessons),
            "https://example.org/news/caf%C3%A9/quiz.html"
        );
        assert_eq!(
            page_url(base, &quiz, Layout::Folders),
            "https://example.org/news/caf%C3%A9/quiz/"
        );
        for layout in [Layout::Lessons, Layout::Folders] {
            assert_eq!(page_url(base, &PagePath::index(), layout), base);
            assert_eq!(page_url("", &PagePath::index(), layout), "./");
            assert_eq!(page_url("", &PagePath::article("a b"), layout), "a%20b/");
        }
    }

    #[test]
    fn bundle_links_are_fragments() {
        let lesson = Linker {
            layout: Layout::Lessons,
            fragments: Some(Fragments::Lesson),
        };
        let focus3 = PagePath::focus("a", 3);
        assert_eq!(lesson.link(&focus3, &PagePath::focus("a", 4)), "#focus-4");
        assert_eq!(lesson.link(&focus3, &PagePath::article("a")), "#article");
        assert_eq!(lesson.link(&focus3, &PagePath::index()), "#article");
        assert_eq!(lesson.link(&focus3, &PagePath::quiz("a")), "#quiz");
        let pack = Linker {
            fragments: Some(Fragments::Pack),
            ..lesson
        };
        assert_eq!(pack.link(&focus3, &PagePath::end("a")), "#a/end");
        assert_eq!(pack.link(&focus3, &PagePath::index()), "#index");
        assert_eq!(pack.link(&focus3, &PagePath::search()), "#search");
    }
}
