//! Every page of the site, its output path and the links between pages, computed once from
//! the model.
//!
//! Each page is a folder with an `index.html` (`deepseek-v4/focus/3/index.html`), so pretty
//! URLs work on hosts. Links are always relative, so the site works from any sub-path and
//! from disk; on disk a link to a folder does not open its index, so links name
//! `index.html` unless pretty URLs are asked for.

use std::path::PathBuf;

use crate::config::Practice;
use crate::content::front_matter::slug_from_title;
use crate::content::{Lesson, Pack};
use crate::web::encode_segment;

use super::ways::{ENTITIES_DIR, LEVELS_DIR, TAGS_DIR, Ways};

/// The folder of offline bundles in the site.
pub const BUNDLE_DIR: &str = "bundle";

/// The folder of the search page.
pub const SEARCH_DIR: &str = "search";

/// Where a page lives: the folders from the site root to it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageDir(pub Vec<String>);

impl PageDir {
    pub fn index() -> PageDir {
        PageDir(Vec::new())
    }

    pub fn article(slug: &str) -> PageDir {
        PageDir(vec![slug.to_string()])
    }

    pub fn focus(slug: &str, n: usize) -> PageDir {
        PageDir(vec![slug.to_string(), "focus".to_string(), n.to_string()])
    }

    pub fn end(slug: &str) -> PageDir {
        PageDir(vec![slug.to_string(), "end".to_string()])
    }

    pub fn quiz(slug: &str) -> PageDir {
        PageDir(vec![slug.to_string(), "quiz".to_string()])
    }

    /// The lesson's entity practice page (see `layout::practice`).
    pub fn practice(slug: &str) -> PageDir {
        PageDir(vec![slug.to_string(), "practice".to_string()])
    }

    /// The folder of a page that gathers lessons across the pack: `entities`, `tags` or
    /// `levels`, then the rest of its path (see `layout::ways`).
    pub fn way(folder: &str, rest: &[&str]) -> PageDir {
        let mut dir = vec![folder.to_string()];
        dir.extend(rest.iter().map(|s| s.to_string()));
        PageDir(dir)
    }

    /// The search page, `search/`.
    pub fn search() -> PageDir {
        PageDir(vec![SEARCH_DIR.to_string()])
    }

    /// How many folders below the site root the page is.
    pub fn depth(&self) -> usize {
        self.0.len()
    }

    /// From this page to the site root: `""`, `"../"`, ….
    pub fn to_root(&self) -> String {
        "../".repeat(self.depth())
    }

    /// The path of the page's HTML file, relative to the site root.
    pub fn file(&self) -> PathBuf {
        let mut path: PathBuf = self.0.iter().collect();
        path.push("index.html");
        path
    }
}

/// How links are written.
#[derive(Debug, Clone, Copy)]
pub struct Linker {
    /// Link to folders (`focus/3/`) instead of their `index.html`; for web hosts only.
    pub pretty_urls: bool,
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
    /// The id of the bundle part that shows the page at `dir`.
    pub fn id(self, dir: &PageDir) -> String {
        let part = match dir.0.as_slice() {
            [] => return "index".to_string(),
            // No lesson has this slug (see `slug_problem`).
            [search] if search == SEARCH_DIR => return SEARCH_DIR.to_string(),
            [_] => "article".to_string(),
            [_, kind, n] => format!("{kind}-{n}"),
            [_, kind] => kind.clone(),
            _ => unreachable!("page folders are at most three deep"),
        };
        match self {
            Fragments::Lesson => part,
            Fragments::Pack => format!("{}/{part}", dir.0[0]),
        }
    }
}

impl Linker {
    /// Links between files of the site.
    pub fn files(pretty_urls: bool) -> Linker {
        Linker {
            pretty_urls,
            fragments: None,
        }
    }

    /// The shortest relative link from page `from` to page `to`.
    pub fn link(&self, from: &PageDir, to: &PageDir) -> String {
        match self.fragments {
            Some(Fragments::Lesson) if to.0.is_empty() => {
                // A lesson's bundle holds no index: its article is its front page.
                let article = PageDir(from.0.iter().take(1).cloned().collect());
                return format!("#{}", Fragments::Lesson.id(&article));
            }
            Some(fragments) => return format!("#{}", fragments.id(to)),
            None => {}
        }
        let common = from.0.iter().zip(&to.0).take_while(|(a, b)| a == b).count();
        let mut url = "../".repeat(from.depth() - common);
        for segment in &to.0[common..] {
            url.push_str(&encode_segment(segment));
            url.push('/');
        }
        if !self.pretty_urls {
            url.push_str("index.html");
        } else if url.is_empty() {
            url.push_str("./");
        }
        url
    }
}

/// The absolute URL of the page at `dir` under `base` (the pack's `base_url`, ending in `/`),
/// each segment percent-encoded: the one URL that canonical links, the sitemap and the feed
/// give a page. With an empty `base` it is relative to the site root (`./` for the index).
pub fn page_url(base: &str, dir: &PageDir) -> String {
    let path: String = dir.0.iter().map(|s| encode_segment(s) + "/").collect();
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

/// One output page: what it shows and where it goes.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    /// `None` only for the 404 page, which lives at `404.html` and links from the root.
    pub dir: Option<PageDir>,
}

impl Page {
    /// The file the page is written to, relative to the site root.
    pub fn file(&self) -> PathBuf {
        match &self.dir {
            Some(dir) => dir.file(),
            None => PathBuf::from("404.html"),
        }
    }

    /// [`Page::file`] as a site path, `/`-separated: `slug/focus/3/index.html`.
    pub fn site_file(&self) -> String {
        match &self.dir {
            Some(dir) => {
                let length = dir.0.iter().map(|s| s.len() + 1).sum::<usize>() + 10;
                let mut path = String::with_capacity(length);
                for segment in &dir.0 {
                    path.push_str(segment);
                    path.push('/');
                }
                path.push_str("index.html");
                path
            }
            None => "404.html".to_string(),
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
    let mut pages = vec![Page {
        kind: PageKind::Index,
        dir: Some(PageDir::index()),
    }];
    for (index, lesson) in pack.lessons().enumerate() {
        let slug = &lesson.slug;
        pages.push(Page {
            kind: PageKind::Article(index),
            dir: Some(PageDir::article(slug)),
        });
        for n in 1..=lesson.article.focus_sentences.len() {
            pages.push(Page {
                kind: PageKind::Focus(index, n),
                dir: Some(PageDir::focus(slug, n)),
            });
        }
        pages.push(Page {
            kind: PageKind::End(index),
            dir: Some(PageDir::end(slug)),
        });
        if lesson.quiz.is_some() {
            pages.push(Page {
                kind: PageKind::Quiz(index),
                dir: Some(PageDir::quiz(slug)),
            });
        }
        if has_practice(pack, lesson) {
            pages.push(Page {
                kind: PageKind::Practice(index),
                dir: Some(PageDir::practice(slug)),
            });
        }
    }
    pages.push(Page {
        kind: PageKind::Search,
        dir: Some(PageDir::search()),
    });
    pages.push(Page {
        kind: PageKind::NotFound,
        dir: None,
    });
    pages
}

/// Every page of a site: [`plan_pages`], with the pages that gather lessons across the pack
/// (entities, tags, levels) before the 404 page.
pub fn plan_site_pages(pack: &Pack, ways: &Ways) -> Vec<Page> {
    let mut pages = plan_pages(pack);
    let not_found = pages.pop().expect("the 404 page comes last");
    let mut add = |kind, dir| {
        pages.push(Page {
            kind,
            dir: Some(dir),
        })
    };
    if pack.config.pages.entities {
        add(PageKind::EntityIndex, PageDir::way(ENTITIES_DIR, &[]));
        for (i, entity) in ways.entities.iter().enumerate() {
            add(PageKind::Entity(i), entity.dir());
        }
    }
    if pack.config.pages.tags {
        add(PageKind::TagIndex, PageDir::way(TAGS_DIR, &[]));
        for (i, tag) in ways.tags.iter().enumerate() {
            add(PageKind::Tag(i), PageDir::way(TAGS_DIR, &[&tag.slug]));
        }
    }
    if pack.config.pages.levels {
        add(PageKind::LevelIndex, PageDir::way(LEVELS_DIR, &[]));
        for (i, level) in ways.levels.iter().enumerate() {
            add(PageKind::Level(i), PageDir::way(LEVELS_DIR, &[&level.slug]));
        }
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
    fn links_are_shortest_relative_paths() {
        let plain = Linker::files(false);
        let focus3 = PageDir::focus("a", 3);
        assert_eq!(
            plain.link(&focus3, &PageDir::focus("a", 4)),
            "../4/index.html"
        );
        assert_eq!(
            plain.link(&focus3, &PageDir::end("a")),
            "../../end/index.html"
        );
        assert_eq!(
            plain.link(&focus3, &PageDir::index()),
            "../../../index.html"
        );
        assert_eq!(
            plain.link(&PageDir::index(), &PageDir::article("a")),
            "a/index.html"
        );
        assert_eq!(
            plain.link(&PageDir::article("a"), &PageDir::article("a")),
            "index.html"
        );
    }

    #[test]
    fn a_page_site_file_is_its_file_with_slashes() {
        let pages = [
            PageDir::index(),
            PageDir::article("a"),
            PageDir::focus("é", 3),
            PageDir::end("a"),
        ];
        let mut pages: Vec<Page> = pages
            .into_iter()
            .map(|dir| Page {
                kind: PageKind::Index,
                dir: Some(dir),
            })
            .collect();
        pages.push(Page {
            kind: PageKind::NotFound,
            dir: None,
        });
        let files: Vec<String> = pages.iter().map(Page::site_file).collect();
        assert_eq!(
            files,
            [
                "index.html",
                "a/index.html",
                "é/focus/3/index.html",
                "a/end/index.html",
                "404.html"
            ]
        );
        for page in &pages {
            let file = page.file();
            let parts: Vec<_> = file.iter().map(|p| p.to_string_lossy()).collect();
            assert_eq!(page.site_file(), parts.join("/"));
        }
    }

    #[test]
    fn pretty_links_name_folders() {
        let pretty = Linker::files(true);
        assert_eq!(
            pretty.link(&PageDir::article("a"), &PageDir::index()),
            "../"
        );
        assert_eq!(pretty.link(&PageDir::index(), &PageDir::index()), "./");
        assert_eq!(
            pretty.link(&PageDir::index(), &PageDir::quiz("é")),
            "%C3%A9/quiz/"
        );
    }

    #[test]
    fn page_urls_are_percent_encoded_under_the_base() {
        let base = "https://example.org/news/";
        assert_eq!(
            page_url(base, &PageDir::quiz("café")),
            "https://example.org/news/caf%C3%A9/quiz/"
        );
        assert_eq!(page_url(base, &PageDir::index()), base);
        assert_eq!(page_url("", &PageDir::index()), "./");
        assert_eq!(page_url("", &PageDir::article("a b")), "a%20b/");
    }

    #[test]
    fn bundle_links_are_fragments() {
        let lesson = Linker {
            pretty_urls: false,
            fragments: Some(Fragments::Lesson),
        };
        let focus3 = PageDir::focus("a", 3);
        assert_eq!(lesson.link(&focus3, &PageDir::focus("a", 4)), "#focus-4");
        assert_eq!(lesson.link(&focus3, &PageDir::article("a")), "#article");
        assert_eq!(lesson.link(&focus3, &PageDir::index()), "#article");
        let pack = Linker {
            fragments: Some(Fragments::Pack),
            ..lesson
        };
        assert_eq!(pack.link(&focus3, &PageDir::end("a")), "#a/end");
        assert_eq!(pack.link(&focus3, &PageDir::index()), "#index");
    }
}
