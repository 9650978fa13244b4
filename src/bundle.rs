//! Offline bundles: one self-contained HTML file per lesson and one for the whole pack, made
//! from the same views and templates as the site, plus an optional zip of the whole site.
//!
//! A bundle is rendered by `bundle.html`, which includes for each part (one page of the
//! site) the same per-kind content template the site's page includes (`main/focus.html`,
//! …), so a pack's override of one of them shows in its bundles too. Nothing is rewritten
//! after rendering: the views are made for the bundle. Their links are fragments
//! (`#focus-3`, or `#<slug>/focus-3` in the pack bundle, from [`Linker`]), their images
//! `data:` URIs (from [`InlineFiles`], the bundle's [`AssetResolver`]) and, in the pack
//! bundle, their ids start with the lesson's slug (`page.id_prefix`). The site's
//! stylesheet and script are inlined, and the policy admits exactly them by hash. The
//! script shows one part at a time, following the URL fragment.
//!
//! For a build that keys its outputs, each bundle's view ([`lesson_bundle_view`],
//! [`pack_bundle_view`]) is made without rendering, and [`bundle_key`] hashes it with the
//! templates; [`render_bundle_view`] renders a view.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Serialize;

use crate::assets::{Assets, Script};
use crate::content::{CONTENT_DIR, Lesson, Pack};
use crate::diagnostic::Diagnostic;
use crate::layout::pages::{AssetResolver, KindView, RunMemo, Site, has_recordings, page_views};
use crate::layout::plan::{
    Fragments, Layout, Linker, Page, PageKind, PagePath, SEARCH_DIR, plan_pages,
};
use crate::layout::ways::Ways;
use crate::render::Renderer;
use crate::render::csp::Csp;
use crate::render::views::PageView;
use crate::web::{mime_type, percent_decode_path};

/// What every bundle of a pack is made from, prepared once: the plan, the inlined assets,
/// the policy, and the lesson files read so far.
pub(crate) struct BundleContext<'a> {
    pack: &'a Pack,
    /// The pack's entities, tags and levels: bundles do not hold their pages, but link to
    /// them on the site when the pack has a `base_url`.
    ways: Arc<Ways<'a>>,
    renderer: &'a Renderer,
    /// Every page of the site, and each lesson's run of them, by index in site order.
    pages: Vec<Page>,
    lesson_pages: Vec<Range<usize>>,
    css: String,
    /// The script of lesson bundles, and of the pack bundle (which may search).
    lesson_script: InlineScript,
    pack_script: InlineScript,
    files: InlineFiles<'a>,
    /// The search index's JSON, which the pack bundle's search part holds.
    search: Option<Arc<str>>,
    /// The site's layout, which the absolute URLs of pages outside the bundles follow.
    layout: Layout,
}

impl<'a> BundleContext<'a> {
    /// The context for the bundles of `pack` (at `root`), with the site's assets inlined.
    pub(crate) fn new(
        pack: &'a Pack,
        ways: Arc<Ways<'a>>,
        renderer: &'a Renderer,
        assets: &Assets,
        root: &Path,
        search: Option<Arc<str>>,
        layout: Layout,
    ) -> BundleContext<'a> {
        let pages = plan_pages(pack);
        let mut lesson_pages: Vec<Range<usize>> = Vec::new();
        for (at, page) in pages.iter().enumerate() {
            let Some(index) = page.lesson() else { continue };
            match lesson_pages.get_mut(index) {
                Some(range) => range.end = at + 1,
                None => lesson_pages.push(at..at + 1),
            }
        }
        let css = String::from_utf8_lossy(&assets.css).into_owned();
        // A pack with practice pages inlines their question kind too (every bundle of it).
        let practice = pages
            .iter()
            .any(|p| matches!(p.kind, PageKind::Practice(_)));
        let script = |search: bool| {
            let js = String::from_utf8_lossy(assets.bundle_js(practice, search)).into_owned();
            InlineScript {
                csp: Csp::bundle(&js, &css).with_recordings(has_recordings(pack), "data:"),
                js,
            }
        };
        BundleContext {
            pack,
            ways,
            renderer,
            pages,
            lesson_pages,
            lesson_script: script(false),
            pack_script: script(search.is_some()),
            css,
            files: InlineFiles::new(pack, root, assets.icon_data_uri()),
            search,
            layout,
        }
    }

    /// The script a bundle of these fragments inlines.
    fn script(&self, fragments: Fragments) -> &InlineScript {
        match fragments {
            Fragments::Lesson => &self.lesson_script,
            Fragments::Pack => &self.pack_script,
        }
    }

    /// The views of the pages of a bundle, one part each.
    fn view(&self, fragments: Fragments, pages: &[Page], top: PageView) -> BundleView {
        let linker = Linker {
            layout: self.layout,
            fragments: Some(fragments),
        };
        let mut site = Site::new(self.pack, self.ways.clone(), linker, &self.files, None);
        site.csp = self.script(fragments).csp.to_string();
        if fragments == Fragments::Pack {
            site.search_data = self.search.clone();
        }
        // Bundles are built from lessons that keep their bodies.
        let mut run = RunMemo::default();
        let parts = pages
            .iter()
            .map(|page| {
                let path = page.path(&site.lessons, &site.ways);
                let path = path.expect("only the 404 page has no path");
                let views = page_views(&site, page, &mut run);
                PartView {
                    id: fragments.id(&path),
                    page: views.page,
                    view: views.kind,
                }
            })
            .collect();
        BundleView {
            page: top,
            css: self.css.clone(),
            js: self.script(fragments).js.clone(),
            bridge: String::new(),
            parts,
        }
    }

    /// The bundle's own page view: its title, policy and where its header links.
    fn top_view(
        &self,
        title: &str,
        description: &str,
        home: &str,
        fragments: Fragments,
        lesson: Option<&str>,
    ) -> PageView {
        PageView {
            title: title.to_string(),
            description: description.to_string(),
            kind: "bundle",
            root: String::new(),
            index_url: home.to_string(),
            css_url: String::new(),
            js_url: String::new(),
            icon_url: self.files.icon.clone(),
            icon_type: "image/svg+xml",
            canonical: None,
            feed_url: String::new(),
            pack_id: crate::layout::answers::pack_id(&self.pack.config.title),
            lesson: lesson.map(str::to_string),
            csp: self.script(fragments).csp.to_string(),
            id_prefix: String::new(),
            style: None,
            search_url: match (fragments, &self.search) {
                (Fragments::Pack, Some(_)) => format!("#{SEARCH_DIR}"),
                _ => String::new(),
            },
            search_index_url: String::new(),
        }
    }

    /// The first error met reading a lesson file while making views, if any.
    fn failure(&self) -> Result<(), Diagnostic> {
        match lock(&self.files.failure).take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

/// A bundle's script, and the policy that admits it and the stylesheet.
struct InlineScript {
    js: String,
    csp: Csp,
}

/// What `bundle.html` sees besides the pack-wide globals: `page` (the bundle's own) and
/// `bundle`.
#[derive(Hash, Serialize)]
pub(crate) struct BundleView {
    #[serde(skip)]
    page: PageView,
    /// The stylesheet and script, inlined.
    css: String,
    js: String,
    /// A script of its own run before `js` (a SCORM package's link to its platform), or "".
    bridge: String,
    /// One per page of the site it holds, in site order.
    parts: Vec<PartView>,
}

/// One page of the site as a part of the bundle: its `page` view and the view of its kind,
/// which `bundle.html` passes to the kind's content template.
#[derive(Hash, Serialize)]
struct PartView {
    /// The part's element id, the fragment that shows it: `focus-3`, `<slug>/quiz`.
    id: String,
    page: PageView,
    view: KindView,
}

/// The view of the bundle of the lesson `lesson`: its article, focus, end and quiz pages.
pub(crate) fn lesson_bundle_view(
    context: &BundleContext,
    lesson: &Lesson,
) -> Result<BundleView, Diagnostic> {
    let index = context
        .pack
        .lessons()
        .position(|l| std::ptr::eq(l, lesson))
        .expect("the lesson is one of the pack's");
    let pages = &context.pages[context.lesson_pages[index].clone()];
    let home = format!(
        "#{}",
        Fragments::Lesson.id(&PagePath::article(&lesson.slug))
    );
    let top = context.top_view(
        &lesson.meta.title,
        lesson.summary(),
        &home,
        Fragments::Lesson,
        Some(&lesson.slug),
    );
    let view = context.view(Fragments::Lesson, pages, top);
    context.failure()?;
    Ok(view)
}

/// The view of the pack's bundle: the index and every lesson's pages.
pub(crate) fn pack_bundle_view(context: &BundleContext) -> Result<BundleView, Diagnostic> {
    let config = &context.pack.config;
    let home = format!("#{}", Fragments::Pack.id(&PagePath::index()));
    let top = context.top_view(
        &config.title,
        &config.description,
        &home,
        Fragments::Pack,
        None,
    );
    // Every page but the 404 page, which has no place in a bundle; the search page when the
    // bundle holds the index.
    let pages: Vec<Page> = context
        .pages
        .iter()
        .filter(|p| p.kind != PageKind::NotFound)
        .filter(|p| p.kind != PageKind::Search || context.search.is_some())
        .cloned()
        .collect();
    let view = context.view(Fragments::Pack, &pages, top);
    context.failure()?;
    Ok(view)
}

/// The key of a bundle: a hash of its view and of everything its templates see besides.
/// Equal keys render equal bundles.
// For the output plan, which keys each bundle from its parts before rendering any.
#[allow(dead_code)]
pub(crate) fn bundle_key(context: &BundleContext, view: &BundleView) -> u64 {
    let mut hasher = DefaultHasher::new();
    (context.renderer.fingerprint(), view).hash(&mut hasher);
    hasher.finish()
}

/// Renders a bundle's view with `bundle.html`.
pub(crate) fn render_bundle_view(
    context: &BundleContext,
    view: &BundleView,
) -> Result<Vec<u8>, Diagnostic> {
    let mut tera_context = tera::Context::new();
    tera_context.insert("page", &view.page);
    tera_context.insert("bundle", view);
    let html = context.renderer.render("bundle.html", &tera_context)?;
    Ok(html.into_bytes())
}

/// Renders the bundle of one lesson.
pub(crate) fn render_lesson_bundle(
    context: &BundleContext,
    lesson: &Lesson,
) -> Result<Vec<u8>, Diagnostic> {
    render_bundle_view(context, &lesson_bundle_view(context, lesson)?)
}

/// Renders the bundle of one lesson with `bridge`, a script of its own that runs before the
/// page's script (a SCORM package's link to its platform), which the policy admits too.
pub(crate) fn render_lesson_bundle_with(
    context: &BundleContext,
    lesson: &Lesson,
    bridge: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let mut view = lesson_bundle_view(context, lesson)?;
    view.bridge = bridge.to_string();
    let policy = context.lesson_script.csp.clone();
    view.page.csp = policy.with_inline_script(bridge).to_string();
    render_bundle_view(context, &view)
}

/// Renders the bundle of the whole pack.
pub(crate) fn render_pack_bundle(context: &BundleContext) -> Result<Vec<u8>, Diagnostic> {
    render_bundle_view(context, &pack_bundle_view(context)?)
}

/// The bundle's [`AssetResolver`]: lesson images as `data:` URIs, each file read once (the
/// output plan warns of those over the pack's `bundle_image_limit`). The stylesheet and script are
/// inlined by `bundle.html`, so they have no URL.
struct InlineFiles<'a> {
    pack: &'a Pack,
    root: PathBuf,
    /// The site's icon as a `data:` URI.
    icon: String,
    /// `(slug, file relative to the lesson's folder)` → data URI.
    cache: Mutex<HashMap<(String, String), String>>,
    /// The first file that could not be read.
    failure: Mutex<Option<Diagnostic>>,
}

impl<'a> InlineFiles<'a> {
    fn new(pack: &'a Pack, root: &Path, icon: String) -> InlineFiles<'a> {
        InlineFiles {
            pack,
            root: root.to_path_buf(),
            icon,
            cache: Mutex::new(HashMap::new()),
            failure: Mutex::new(None),
        }
    }

    /// The data URI of the lesson file `url` names, `None` when it names none.
    fn data_uri(&self, lesson: &Lesson, url: &str) -> Result<Option<String>, Diagnostic> {
        // Decoded as the model decoded it when it listed the lesson's files.
        let relative = percent_decode_path(url);
        let key = (lesson.slug.clone(), relative);
        if let Some(uri) = lock(&self.cache).get(&key) {
            return Ok(Some(uri.clone()));
        }
        let Some(file) = lesson.files.iter().find(|f| f.relative == key.1) else {
            return Ok(None);
        };
        let unit = self
            .pack
            .units
            .iter()
            .find(|unit| {
                unit.lessons
                    .iter()
                    .any(|l| std::ptr::eq(l.as_ref(), lesson))
            })
            .expect("the lesson is one of the pack's");
        let shown = Path::new(CONTENT_DIR).join(&unit.dir).join(&file.relative);
        let path = self.root.join(&shown);
        let bytes = std::fs::read(&path).map_err(|err| Diagnostic::io(&path, &err))?;
        let media_type = mime_type(&path);
        let uri = format!("data:{media_type};base64,{}", BASE64.encode(&bytes));
        lock(&self.cache).insert(key, uri.clone());
        Ok(Some(uri))
    }
}

impl AssetResolver for InlineFiles<'_> {
    fn css_url(&self, _root: &str) -> String {
        String::new()
    }

    fn js_url(&self, _root: &str, _script: Script) -> String {
        String::new()
    }

    fn icon_url(&self, _root: &str) -> String {
        self.icon.clone()
    }

    fn lesson_file_url(&self, lesson: &Lesson, url: &str, _to_lesson: &str) -> String {
        match self.data_uri(lesson, url) {
            Ok(Some(uri)) => uri,
            // Not a file of the lesson: an empty image rather than a request that would leave
            // the file.
            Ok(None) => "data:,".to_string(),
            Err(error) => {
                lock(&self.failure).get_or_insert(error);
                "data:,".to_string()
            }
        }
    }
}

/// Locks a mutex of this module, whose holders never panic.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().expect("no panics while holding the lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_image_becomes_a_data_uri_and_anything_else_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/img")).unwrap();
        std::fs::write(dir.path().join("content/img/a b.png"), b"png").unwrap();
        let config = crate::config::PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"T\"\nlanguage = \"en\"\n",
        )
        .unwrap();
        let text = "+++\ntitle = \"L\"\n+++\n\nA [thing](tech:) ![x](img/a%20b.png).\n";
        let lesson = Lesson::parse(Path::new("content/l.md"), text, &config).unwrap();
        let pack = Pack {
            config,
            units: vec![crate::content::Unit {
                dir: PathBuf::new(),
                title: None,
                order: 0,
                lessons: vec![std::sync::Arc::new(lesson)],
            }],
            warnings: Vec::new(),
        };
        let files = InlineFiles::new(&pack, dir.path(), String::new());
        let lesson = pack.lessons().next().unwrap();
        assert_eq!(
            files.lesson_file_url(lesson, "img/a%20b.png", "../"),
            format!("data:image/png;base64,{}", BASE64.encode(b"png"))
        );
        assert_eq!(
            files.lesson_file_url(lesson, "img/other.png", "../"),
            "data:,"
        );
        assert!(lock(&files.failure).is_none());
    }
}
