//! The plan of output files: every file the site will hold, planned once as an entry with its
//! site path and its [`Producer`], keyed from what it is made of without being produced.
//!
//! Pages come first (in [`plan_pages`] order), then every other file. A new kind of output
//! is a new [`Producer`] variant, keyed in [`OutputPlan::file_keys`] and made in
//! [`OutputPlan::produce_file`]; the sinks (see [`super::sink`]) write every entry alike.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::cache::{self, bytes_key, copy_key, derived_key, view_key};
use super::feeds::{self, FileView};
use super::{BuildOptions, STATIC_DIR, site_path};
use crate::assets::Assets;
use crate::bundle::{BundleContext, render_lesson_bundle, render_pack_bundle};
use crate::content::{CONTENT_DIR, Pack};
use crate::diagnostic::{Diagnostic, ErrorKind, Lint, LintKind, did_you_mean};
use crate::export::{self, ExportFormat, ExportInput};
use crate::layout::pages::{PageViews, RunMemo, Site, page_views};
use crate::layout::plan::{Layout, has_practice, plan_site_pages, zip_path};
use crate::layout::plan::{
    Linker, Page, PageKind, lesson_bundle_path, pack_bundle_name, pack_bundle_path,
};
use crate::layout::search::index::{SEARCH_INDEX_PATH, search_index_json, search_index_script};
use crate::layout::ways::Ways;
use crate::render::Renderer;
use crate::source::walk_error;

/// Every file of one site, planned: what each is made of and how to make it.
pub struct OutputPlan<'a> {
    pub(crate) site: Site<'a>,
    renderer: &'a Renderer,
    assets: &'a Assets,
    root: PathBuf,
    pub(crate) pages: Arc<Vec<Page>>,
    /// Each page's site path, in plan order.
    page_paths: Arc<Vec<String>>,
    /// The plan split into runs written by one worker (see [`lesson_ranges`]).
    pub(crate) runs: Arc<Vec<Range<usize>>>,
    /// Every file after the pages.
    pub(crate) files: Vec<PlannedFile>,
    pub(crate) global: u64,
    minify: bool,
    /// Problems that do not stop the build: the pack's, and images too large for a bundle.
    pub(crate) warnings: Vec<Lint>,
    /// What the bundles are made from, when they are built.
    bundles: Option<BundleContext<'a>>,
}

/// A plan's pages with their site paths and runs. They follow from the pack's shape alone
/// (see [`PlannedPages::shape`]), so `serve` keeps them while edits leave it as it was: on a
/// large pack, planning 13,000 pages again costs more than the pages an edit changes.
#[derive(Clone)]
pub(crate) struct PlannedPages {
    shape: u64,
    layout: Layout,
    pages: Arc<Vec<Page>>,
    paths: Arc<Vec<String>>,
    runs: Arc<Vec<Range<usize>>>,
}

impl PlannedPages {
    pub fn of(pack: &Pack, ways: &Ways, layout: Layout) -> PlannedPages {
        let pages = plan_site_pages(pack, ways);
        PlannedPages {
            shape: PlannedPages::shape(pack, ways),
            layout,
            paths: Arc::new(site_files(&pages, pack, ways, layout)),
            runs: Arc::new(lesson_ranges(&pages)),
            pages: Arc::new(pages),
        }
    }

    /// These pages if they are the pack's still, else the pack's.
    pub fn kept_for(self, pack: &Pack, ways: &Ways, layout: Layout) -> PlannedPages {
        match self.shape == PlannedPages::shape(pack, ways) && self.layout == layout {
            true => self,
            false => PlannedPages::of(pack, ways, layout),
        }
    }

    /// What the pages are planned from: each lesson's slug, number of focus sentences, and
    /// whether it has a quiz page and a practice page, in pack order; and the pages of the
    /// pack's entities, tags and levels.
    fn shape(pack: &Pack, ways: &Ways) -> u64 {
        let mut hasher = std::hash::DefaultHasher::new();
        for lesson in pack.lessons() {
            let pages = (
                &lesson.slug,
                lesson.article.focus_sentences.len(),
                lesson.has_quiz(),
                has_practice(pack, lesson),
            );
            pages.hash(&mut hasher);
        }
        ways.hash_pages(&mut hasher);
        hasher.finish()
    }
}

/// The site path of each of `pages`.
fn site_files(pages: &[Page], pack: &Pack, ways: &Ways, layout: Layout) -> Vec<String> {
    let lessons: Vec<_> = pack.lessons().collect();
    pages
        .iter()
        .map(|page| page.site_file(&lessons, ways, layout))
        .collect()
}

/// A file of the site other than a page.
pub(crate) struct PlannedFile {
    /// Relative to the site root, `/`-separated; a folder's ends in `/`.
    pub path: String,
    pub producer: Producer,
    /// The lesson (index in site order) whose image this is, for bundle keys.
    pub lesson: Option<usize>,
}

/// How a file other than a page is made.
pub(crate) enum Producer {
    /// These bytes (the assets).
    Bytes(Vec<u8>),
    /// A template filled with a view (sitemap, feed, robots.txt).
    Template(FileView),
    /// The search index script, made when it is first keyed or written: in a fresh build,
    /// after the pages, whose memory it then takes over (at 100,000 lessons it is a quarter
    /// of a gigabyte, and building it takes twice that).
    SearchIndex(OnceLock<Vec<u8>>),
    /// A copy of this source file (lesson images, `static/`).
    Copy(PathBuf),
    /// A folder of `static/`, kept even when empty.
    Folder,
    /// An offline bundle, keyed from its parts.
    Bundle(BundleOf),
    /// A lesson's or the pack's export for a learning platform, keyed from its parts like
    /// a bundle (see [`crate::export`]).
    Export(ExportFormat, BundleOf),
    /// The zip of every other file of the site.
    Zip,
}

/// Which offline bundle.
#[derive(Debug, Clone, Copy)]
pub(crate) enum BundleOf {
    /// The lesson with this index in site order.
    Lesson(usize),
    Pack,
}

/// What making a file gives a sink.
pub(crate) enum Product<'p> {
    Bytes(Cow<'p, [u8]>),
    Copy(&'p Path),
    Folder,
}

impl<'a> OutputPlan<'a> {
    /// Plans every file the pack's site holds under `options`.
    pub fn new(
        pack: &'a Pack,
        renderer: &'a Renderer,
        assets: &'a Assets,
        options: &BuildOptions,
    ) -> Result<OutputPlan<'a>, Vec<Diagnostic>> {
        let ways = Arc::new(Ways::of(pack));
        let pages = PlannedPages::of(pack, &ways, options.layout());
        OutputPlan::with_pages(pack, ways, pages, None, renderer, assets, options)
    }

    /// The same, with the pack's entities, tags and levels gathered, its pages planned and
    /// its search index script made already if it is at hand (else it is made when it is
    /// first keyed or written).
    pub(crate) fn with_pages(
        pack: &'a Pack,
        ways: Arc<Ways<'a>>,
        pages: PlannedPages,
        search_index: Option<Vec<u8>>,
        renderer: &'a Renderer,
        assets: &'a Assets,
        options: &BuildOptions,
    ) -> Result<OutputPlan<'a>, Vec<Diagnostic>> {
        let bundle = options.bundle.then(|| pack_bundle_name(pack));
        // A pack's own icon in `static/`, copied to the site root, replaces the built-in one.
        let own_icon = ["favicon.svg", "favicon.ico"]
            .into_iter()
            .find(|name| options.root.join(STATIC_DIR).join(name).is_file());
        // The pack bundle holds the index: it is made now.
        let with_bundles = options.bundle || options.exports.iter().any(|f| f.needs_bundles());
        let search_index = match with_bundles {
            true => Some(search_index.unwrap_or_else(|| search_index_script(pack))),
            false => search_index,
        };
        let bundles = with_bundles.then(|| {
            let root = &options.root;
            let search_index = search_index.as_deref().expect("made above");
            BundleContext::new(
                pack,
                ways.clone(),
                renderer,
                assets,
                root,
                Some(search_index_json(search_index).into()),
                options.layout(),
            )
        });
        let search_path = SEARCH_INDEX_PATH.to_string();
        let site = Site {
            search_index: Some(search_path.clone()),
            css: Some(String::from_utf8_lossy(&assets.css).into_owned()),
            icon: own_icon.map(str::to_string),
            icon_data: Some(assets.icon_data_uri()),
            ..Site::new(
                pack,
                ways,
                Linker::files(options.layout()),
                &assets.names,
                bundle,
            )
            .live_reload(options.live_reload)
        };
        let global = cache::global_key(renderer.fingerprint(), options.minify, options.pretty_urls);
        let mut plan = OutputPlan {
            page_paths: pages.paths,
            runs: pages.runs,
            site,
            renderer,
            assets,
            root: options.root.clone(),
            files: Vec::new(),
            global,
            minify: options.minify,
            warnings: pack.warnings.clone(),
            bundles,
            pages: pages.pages,
        };
        plan.plan_files(options)?;
        // With the assets, before the feeds (the pack bundle holds the index itself).
        let at = plan
            .files
            .partition_point(|f| matches!(f.producer, Producer::Bytes(_)));
        plan.files.insert(
            at,
            PlannedFile {
                path: search_path,
                producer: Producer::SearchIndex(
                    search_index.map_or_else(OnceLock::new, OnceLock::from),
                ),
                lesson: None,
            },
        );
        Ok(plan)
    }

    /// Plans the files after the pages, in the order they are written.
    fn plan_files(&mut self, options: &BuildOptions) -> Result<(), Vec<Diagnostic>> {
        let pack = self.site.pack;
        let file = |path: String, producer| PlannedFile {
            path,
            producer,
            lesson: None,
        };
        let practice = self
            .pages
            .iter()
            .any(|p| matches!(p.kind, PageKind::Practice(_)));
        for (path, bytes) in self.assets.files_for(practice) {
            self.files.push(file(path, Producer::Bytes(bytes)));
        }
        for view in feeds::file_views(pack, options.layout()) {
            self.files
                .push(file(view.path().to_string(), Producer::Template(view)));
        }
        if options.bundle {
            for (index, lesson) in self.site.lessons.iter().enumerate() {
                let producer = Producer::Bundle(BundleOf::Lesson(index));
                self.files
                    .push(file(lesson_bundle_path(&lesson.slug), producer));
            }
            let producer = Producer::Bundle(BundleOf::Pack);
            self.files.push(file(pack_bundle_path(pack), producer));
            self.warnings.extend(image_warnings(pack, &self.root));
        }
        self.plan_exports(options)?;
        self.plan_copies()?;
        if options.zip {
            self.files.push(file(zip_path(pack), Producer::Zip));
        }
        Ok(())
    }

    /// Every export file: for each format, one per lesson (or only the one lesson asked
    /// for) and one for the pack. A lesson asked for that the pack lacks is an error.
    fn plan_exports(&mut self, options: &BuildOptions) -> Result<(), Vec<Diagnostic>> {
        let pack = self.site.pack;
        if let Some(slug) = &options.export_lesson
            && !self.site.lessons.iter().any(|lesson| lesson.slug == *slug)
        {
            let slugs = self.site.lessons.iter().map(|lesson| lesson.slug.as_str());
            return Err(vec![Diagnostic::global(ErrorKind::UnknownExportLesson {
                slug: slug.clone(),
                suggestion: did_you_mean(slug, slugs),
            })]);
        }
        let pack_stem = pack_bundle_name(pack);
        let pack_stem = pack_stem.trim_end_matches(".html");
        for &format in &options.exports {
            for (index, lesson) in self.site.lessons.iter().enumerate() {
                if options
                    .export_lesson
                    .as_ref()
                    .is_some_and(|slug| *slug != lesson.slug)
                {
                    continue;
                }
                self.files.push(PlannedFile {
                    path: format.path(&lesson.slug),
                    producer: Producer::Export(format, BundleOf::Lesson(index)),
                    lesson: None,
                });
            }
            if options.export_lesson.is_none() {
                self.files.push(PlannedFile {
                    path: format.path(pack_stem),
                    producer: Producer::Export(format, BundleOf::Pack),
                    lesson: None,
                });
            }
        }
        Ok(())
    }

    /// Every file copied into the site: each image a lesson shows, into the lesson's folder,
    /// and the pack's `static/` folder into the site root as it is (with its folders, even
    /// empty).
    fn plan_copies(&mut self) -> Result<(), Vec<Diagnostic>> {
        let pack = self.site.pack;
        let mut seen = HashSet::new();
        let mut index = 0;
        for unit in &pack.units {
            for lesson in &unit.lessons {
                for file in &lesson.files {
                    let to = site_path(&Path::new(&lesson.slug).join(&file.relative));
                    if seen.insert(to.clone()) {
                        let from = self.root.join(CONTENT_DIR).join(&unit.dir);
                        self.files.push(PlannedFile {
                            path: to,
                            producer: Producer::Copy(from.join(&file.relative)),
                            lesson: Some(index),
                        });
                    }
                }
                index += 1;
            }
        }

        let source = self.root.join(STATIC_DIR);
        if !source.is_dir() {
            return Ok(());
        }
        let mut folders = Vec::new();
        let mut copies = Vec::new();
        for entry in walkdir::WalkDir::new(&source).sort_by_file_name() {
            let entry = entry.map_err(|err| vec![walk_error(err, &self.root, &source)])?;
            let relative = entry
                .path()
                .strip_prefix(&source)
                .expect("walked below source");
            if entry.file_type().is_dir() && entry.depth() > 0 {
                folders.push(PlannedFile {
                    path: format!("{}/", site_path(relative)),
                    producer: Producer::Folder,
                    lesson: None,
                });
            } else if entry.file_type().is_file() {
                let to = site_path(relative);
                if seen.insert(to.clone()) {
                    copies.push(PlannedFile {
                        path: to,
                        producer: Producer::Copy(entry.path().to_path_buf()),
                        lesson: None,
                    });
                }
            }
        }
        // Folders before the files, so they exist (and are listed) whatever the order.
        self.files.extend(folders);
        self.files.extend(copies);
        Ok(())
    }

    /// How many pages the site has.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// How many files it has: pages and other files, not the folders of `static/`.
    pub fn file_count(&self) -> usize {
        let folders = self.files.iter().filter(|f| f.path.ends_with('/')).count();
        self.pages.len() + self.files.len() - folders
    }

    /// The site path of page `i`.
    pub(crate) fn page_path(&self, i: usize) -> &str {
        &self.page_paths[i]
    }

    /// Every site path, pages first, as [`OutputPlan::keys`] orders them.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        let files = self.files.iter().map(|file| file.path.as_str());
        self.page_paths.iter().map(String::as_str).chain(files)
    }

    /// What the pages of the run `range` share while they are viewed: their lesson, parsed
    /// again if it dropped its body.
    pub(crate) fn run_memo(&self, range: Range<usize>) -> Result<RunMemo, Diagnostic> {
        RunMemo::for_run(&self.site, &self.root, self.pages[range].iter())
    }

    /// Page `i`'s key, with the views it was computed from (so a render can use them).
    /// `run` is the memo of its run (see [`OutputPlan::run_memo`]).
    pub(crate) fn page_key(&self, i: usize, run: &mut RunMemo) -> (u64, PageViews) {
        let page = &self.pages[i];
        let views = page_views(&self.site, page, run);
        let key = view_key(self.global, &self.page_paths[i], page.template(), &views);
        (key, views)
    }

    /// The keys of the pages of the run `range`.
    pub(crate) fn page_keys(&self, range: Range<usize>) -> Result<Vec<u64>, Diagnostic> {
        let mut run = self.run_memo(range.clone())?;
        Ok(range.map(|i| self.page_key(i, &mut run).0).collect())
    }

    /// The key of every file of the site, pages first, in the order of [`OutputPlan::paths`].
    pub(crate) fn keys(&self) -> Result<Vec<u64>, Diagnostic> {
        let runs: Vec<Vec<u64>> = self
            .runs
            .par_iter()
            .map(|run| self.page_keys(run.clone()))
            .collect::<Result<_, _>>()?;
        let mut keys: Vec<u64> = runs.concat();
        keys.extend(self.file_keys(&keys)?);
        Ok(keys)
    }

    /// The keys of the files after the pages, given the pages' keys. A bundle's key is made
    /// of its parts' (its pages', the assets', its images'), the zip's of every other file's,
    /// so neither is made to be keyed.
    pub(crate) fn file_keys(&self, page_keys: &[u64]) -> Result<Vec<u64>, Diagnostic> {
        let global = self.global;
        let mut keys: Vec<u64> = self
            .files
            .par_iter()
            .map(|file| {
                let path = file.path.as_str();
                Ok(match &file.producer {
                    Producer::Bytes(bytes) => bytes_key(global, path, bytes),
                    Producer::SearchIndex(made) => bytes_key(global, path, self.search_index(made)),
                    Producer::Template(FileView::Sitemap) => {
                        // What its view is made of: the pages' paths, and the base URL.
                        let base_url = &self.site.pack.config.base_url;
                        let made_of = (&*self.page_paths, base_url);
                        view_key(global, path, FileView::Sitemap.template(), &made_of)
                    }
                    Producer::Template(view) => view_key(global, path, view.template(), view),
                    Producer::Copy(from) => {
                        copy_key(global, path, from).map_err(|err| Diagnostic::io(from, &err))?
                    }
                    Producer::Folder => bytes_key(global, path, b""),
                    // Made of other files: keyed below, once those are.
                    Producer::Bundle(_) | Producer::Export(..) | Producer::Zip => 0,
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        for i in 0..self.files.len() {
            if let Producer::Bundle(of) | Producer::Export(_, of) = self.files[i].producer {
                keys[i] = self.bundle_key(i, of, page_keys, &keys);
            }
        }
        for i in 0..self.files.len() {
            if let Producer::Zip = self.files[i].producer {
                let parts: Vec<(String, u64)> = self
                    .paths()
                    .zip(page_keys.iter().chain(&keys))
                    .filter(|(path, _)| *path != self.files[i].path)
                    .map(|(path, key)| (path.to_string(), *key))
                    .collect();
                keys[i] = derived_key(global, &self.files[i].path, &parts);
            }
        }
        Ok(keys)
    }

    /// A bundle's key: its pages', the assets' and its images' keys (and the search index's,
    /// for the pack bundle, whose search part holds it).
    fn bundle_key(&self, at: usize, of: BundleOf, page_keys: &[u64], keys: &[u64]) -> u64 {
        let wanted_page = |i: usize| match of {
            BundleOf::Lesson(index) => self.pages[i].lesson() == Some(index),
            BundleOf::Pack => self.pages[i].kind != PageKind::NotFound,
        };
        let wanted_file = |file: &PlannedFile| match (&file.producer, of) {
            (Producer::Bytes(_), BundleOf::Lesson(_)) => file.path != SEARCH_INDEX_PATH,
            (Producer::Bytes(_) | Producer::SearchIndex(_), BundleOf::Pack) => true,
            (Producer::Copy(_), BundleOf::Lesson(index)) => file.lesson == Some(index),
            (Producer::Copy(_), BundleOf::Pack) => file.lesson.is_some(),
            _ => false,
        };
        let mut parts: Vec<(String, u64)> = (0..self.pages.len())
            .filter(|&i| wanted_page(i))
            .map(|i| (self.page_paths[i].clone(), page_keys[i]))
            .collect();
        parts.extend(
            self.files
                .iter()
                .zip(keys)
                .filter(|(file, _)| wanted_file(file))
                .map(|(file, key)| (file.path.clone(), *key)),
        );
        derived_key(self.global, &self.files[at].path, &parts)
    }

    /// Gives the plan its search index script, made elsewhere (before it is keyed).
    pub(crate) fn give_search_index(&self, script: Vec<u8>) {
        for file in &self.files {
            if let Producer::SearchIndex(made) = &file.producer {
                made.set(script)
                    .expect("the search index is given before it is keyed");
                return;
            }
        }
    }

    /// The search index script, made now if it was not yet.
    fn search_index<'m>(&self, made: &'m OnceLock<Vec<u8>>) -> &'m [u8] {
        made.get_or_init(|| search_index_script(self.site.pack))
    }

    /// Renders page `i`, minified if the build is, from its views if they are at hand, else
    /// from views built with `run`, the memo of its run.
    pub(crate) fn render_page(
        &self,
        i: usize,
        views: Option<PageViews>,
        run: &mut RunMemo,
    ) -> Result<Vec<u8>, Diagnostic> {
        let page = &self.pages[i];
        let views = views.unwrap_or_else(|| page_views(&self.site, page, run));
        render_minified_or_not(
            self.renderer,
            page.template(),
            &views.context(),
            self.minify,
        )
    }

    /// Makes file `i` (after the pages); `read` gives the bytes of another file of the site,
    /// as the sink holds it (for the zip).
    pub(crate) fn produce_file(
        &self,
        i: usize,
        read: &dyn Fn(&str) -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<Product<'_>, Vec<Diagnostic>> {
        let file = &self.files[i];
        Ok(match &file.producer {
            Producer::Bytes(bytes) => Product::Bytes(Cow::Borrowed(bytes)),
            Producer::SearchIndex(made) => Product::Bytes(Cow::Borrowed(self.search_index(made))),
            Producer::Template(view) => {
                let site = &self.site;
                let paths = self
                    .pages
                    .iter()
                    .filter_map(|p| p.path(&site.lessons, &site.ways));
                let context = view.context(site.pack, paths, site.linker.layout);
                let text = self.renderer.render(view.template(), &context);
                Product::Bytes(Cow::Owned(text.map_err(|e| vec![e])?.into_bytes()))
            }
            Producer::Copy(from) => Product::Copy(from),
            Producer::Folder => Product::Folder,
            Producer::Bundle(of) => {
                let context = self
                    .bundles
                    .as_ref()
                    .expect("bundles are planned with a context");
                let html = match of {
                    BundleOf::Lesson(index) => {
                        render_lesson_bundle(context, self.site.lessons[*index])
                    }
                    BundleOf::Pack => render_pack_bundle(context),
                };
                Product::Bytes(Cow::Owned(html.map_err(|e| vec![e])?))
            }
            Producer::Export(format, of) => {
                let lessons = match of {
                    BundleOf::Lesson(index) => vec![self.site.lessons[*index]],
                    BundleOf::Pack => self.site.lessons.clone(),
                };
                let stem = file.path.rsplit('/').next().unwrap_or_default();
                let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
                let input = ExportInput {
                    pack: self.site.pack,
                    lessons,
                    stem,
                    bundles: self.bundles.as_ref(),
                };
                Product::Bytes(Cow::Owned(
                    export::produce(*format, &input).map_err(|e| vec![e])?,
                ))
            }
            Producer::Zip => {
                let names: Vec<&str> = self
                    .paths()
                    .filter(|path| !path.ends_with('/') && *path != file.path)
                    .collect();
                let zip = super::archive::zip_files(&file.path, names, read);
                Product::Bytes(Cow::Owned(zip.map_err(|e| vec![e])?))
            }
        })
    }
}

/// Renders a template with a context, minified or not: the one place that chooses.
pub(crate) fn render_minified_or_not(
    renderer: &Renderer,
    template: &str,
    context: &tera::Context,
    minify: bool,
) -> Result<Vec<u8>, Diagnostic> {
    match minify {
        true => renderer.render_minified(template, context),
        false => renderer.render(template, context).map(String::into_bytes),
    }
}

/// The plan split into runs of pages written by one worker: each lesson's pages together,
/// and each page outside a lesson (index, 404) alone.
pub(crate) fn lesson_ranges(pages: &[Page]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        match ranges.last_mut() {
            Some(last)
                if page.lesson().is_some() && pages[last.start].lesson() == page.lesson() =>
            {
                last.end = i + 1;
            }
            _ => ranges.push(i..i + 1),
        }
    }
    ranges
}

/// A warning for each image a lesson shows that is over the pack's `bundle_image_limit`:
/// bundles inline it all the same. Found from the files' sizes, so that a build which takes
/// its bundles over from the previous one still warns.
fn image_warnings(pack: &Pack, root: &Path) -> Vec<Lint> {
    let limit = pack.config.bundle_image_limit;
    let mut warnings = Vec::new();
    for unit in &pack.units {
        let mut seen = HashSet::new();
        for lesson in &unit.lessons {
            for file in &lesson.files {
                let shown = Path::new(CONTENT_DIR).join(&unit.dir).join(&file.relative);
                let size = std::fs::metadata(root.join(&shown)).map_or(0, |m| m.len());
                if size > limit && seen.insert((&lesson.slug, &file.relative)) {
                    warnings.push(Lint::at(
                        file.span.clone(),
                        Some(file.excerpt.clone()),
                        LintKind::BundleImageTooLarge {
                            path: shown,
                            size,
                            limit,
                        },
                    ));
                }
            }
        }
    }
    warnings
}
