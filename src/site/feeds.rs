//! The site's machine-readable files: `sitemap.xml`, `feed.xml` (Atom) and `robots.txt`,
//! rendered from built-in templates of those names (a pack may replace them) with the views
//! made here. None of them depend on the time of the build, so the same sources give the
//! same bytes.

use std::fmt::Write;

use serde::Serialize;

use crate::content::{Lesson, Pack};

use crate::layout::plan::{Layout, PagePath, page_url};
use crate::web::encode_segment;

/// Newest lessons listed in the feed.
const FEED_ENTRIES: usize = 20;

/// The view of one machine-readable file; its template is named like the file.
#[derive(Hash)]
pub(crate) enum FileView {
    /// Made from the plan's pages when it is rendered, and keyed by their paths: on a large
    /// pack, a view of every page's URL costs more to make than the pages an edit changes.
    Sitemap,
    Feed(FeedView),
    Robots(RobotsView),
}

/// What `sitemap.xml` sees, under `sitemap`.
#[derive(Hash, Serialize)]
pub(crate) struct SitemapView {
    /// Every page's URL but the 404's, absolute when the pack has a `base_url`.
    pub urls: Vec<String>,
}

/// What `feed.xml` sees, under `feed`.
#[derive(Hash, Serialize)]
pub(crate) struct FeedView {
    pub language: String,
    pub title: String,
    /// The pack's description, `null` when it has none.
    pub subtitle: Option<String>,
    pub id: String,
    /// The newest entry's date, RFC 3339.
    pub updated: String,
    /// The index's URL.
    pub link: String,
    pub entries: Vec<FeedEntryView>,
}

/// A lesson in the feed.
#[derive(Hash, Serialize)]
pub(crate) struct FeedEntryView {
    pub title: String,
    pub id: String,
    /// The article's URL.
    pub link: String,
    pub updated: String,
    /// The lesson's date in words for the pack's language, `null` when it has none.
    pub date_text: Option<String>,
    pub summary: String,
}

/// What `robots.txt` sees, under `robots`.
#[derive(Hash, Serialize)]
pub(crate) struct RobotsView {
    /// The sitemap's absolute URL, `null` without a `base_url`.
    pub sitemap_url: Option<String>,
}

impl FileView {
    /// The file's path in the site, which is also its template's name.
    pub fn path(&self) -> &'static str {
        match self {
            FileView::Sitemap => "sitemap.xml",
            FileView::Feed(_) => "feed.xml",
            FileView::Robots(_) => "robots.txt",
        }
    }

    /// The template that renders it.
    pub fn template(&self) -> &'static str {
        self.path()
    }

    /// The Tera context: the view under the file's kind (for the sitemap, of these pages).
    /// Its template's context; `pages` are where the site's pages are (the 404 page has
    /// none).
    pub fn context(
        &self,
        pack: &Pack,
        pages: impl Iterator<Item = PagePath>,
        layout: Layout,
    ) -> tera::Context {
        let mut context = tera::Context::new();
        match self {
            FileView::Sitemap => context.insert("sitemap", &sitemap_view(pack, pages, layout)),
            FileView::Feed(view) => context.insert("feed", view),
            FileView::Robots(view) => context.insert("robots", view),
        }
        context
    }
}

/// The views of the sitemap, the feed and robots.txt.
pub(crate) fn file_views(pack: &Pack, layout: Layout) -> [FileView; 3] {
    [
        FileView::Sitemap,
        FileView::Feed(feed_view(pack, layout)),
        FileView::Robots(robots_view(pack)),
    ]
}

/// A sitemap of every page (not the 404); absolute URLs when the pack has a `base_url`.
fn sitemap_view(pack: &Pack, pages: impl Iterator<Item = PagePath>, layout: Layout) -> SitemapView {
    let base = pack.config.base_url.as_deref().unwrap_or("");
    SitemapView {
        urls: pages.map(|path| page_url(base, &path, layout)).collect(),
    }
}

/// An Atom feed of the newest lessons (by date; undated lessons last, in pack order).
fn feed_view(pack: &Pack, layout: Layout) -> FeedView {
    let config = &pack.config;
    let base = config.base_url.as_deref().unwrap_or("");
    let mut lessons: Vec<&Lesson> = pack.lessons().collect();
    // Stable sort: equal dates keep pack order. Each date is made once, not per comparison.
    lessons.sort_by_cached_key(|lesson| std::cmp::Reverse(atom_date(lesson)));
    lessons.truncate(FEED_ENTRIES);
    let updated = lessons
        .iter()
        .filter_map(|l| atom_date(l))
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let feed_id = if base.is_empty() {
        format!("urn:lessonpack:{}", encode_segment(&config.title))
    } else {
        base.to_string()
    };
    let entries = lessons
        .into_iter()
        .map(|lesson| {
            let url = page_url(base, &PagePath::article(&lesson.slug), layout);
            FeedEntryView {
                title: lesson.meta.title.clone(),
                id: match base.is_empty() {
                    true => format!("{feed_id}:{}", encode_segment(&lesson.slug)),
                    false => url.clone(),
                },
                link: url,
                updated: atom_date(lesson).unwrap_or_else(|| updated.clone()),
                date_text: lesson.meta.date.as_ref().and_then(|d| config.date_text(d)),
                summary: lesson.summary().to_string(),
            }
        })
        .collect();
    FeedView {
        language: config.language.clone(),
        title: config.title.clone(),
        subtitle: (!config.description.is_empty()).then(|| config.description.clone()),
        id: feed_id,
        link: page_url(base, &PagePath::index(), layout),
        updated,
        entries,
    }
}

/// The lesson's date as an RFC 3339 date-time (midnight UTC for a bare date).
fn atom_date(lesson: &Lesson) -> Option<String> {
    let date = lesson.meta.date.as_ref()?;
    let d = date.date?;
    let mut text = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
    match (&date.time, &date.offset) {
        (Some(t), Some(offset)) => {
            let _ = write!(
                text,
                "T{:02}:{:02}:{:02}{offset}",
                t.hour,
                t.minute,
                t.second.unwrap_or(0)
            );
        }
        (Some(t), None) => {
            let _ = write!(
                text,
                "T{:02}:{:02}:{:02}Z",
                t.hour,
                t.minute,
                t.second.unwrap_or(0)
            );
        }
        _ => text.push_str("T00:00:00Z"),
    }
    Some(text)
}

/// `robots.txt`: everything may be crawled; the sitemap is named when its URL is known.
fn robots_view(pack: &Pack) -> RobotsView {
    RobotsView {
        sitemap_url: pack
            .config
            .base_url
            .as_ref()
            .map(|base| format!("{base}sitemap.xml")),
    }
}
