//! Building the site: load → plan → render (in parallel) → write (atomically).
//!
//! Pages are rendered lesson by lesson on rayon's threads; each worker creates its lesson's
//! folders and writes its pages into the staging folder as it goes, so no rendered page is
//! held longer than it takes to write it. A page that the previous build made from the same
//! inputs is hard-linked from the old site instead (see [`cache`]); when every file is
//! unchanged, nothing is written at all.

pub(crate) mod answers;
pub(crate) mod cache;
pub mod feeds;
pub mod lock;
pub mod output;
pub(crate) mod pages;
pub mod plan;
pub mod preview;

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::assets::{ASSETS_DIR, Assets};
use crate::config::PackConfig;
use crate::content::{CONTENT_DIR, LoadOptions, Pack, load_lessons};
use crate::error::{Error, ErrorKind, Lint};
use crate::render::{Renderer, TEMPLATES_DIR};
use cache::{Entry, PreviousSite, page_key};
use pages::{Site, page_views};
use plan::{Linker, Page, plan_pages};

pub use cache::CACHE_FILE;

/// The folder of files copied into the site as they are.
pub const STATIC_DIR: &str = "static";
/// The default output folder, inside the pack.
pub const DEFAULT_OUTPUT: &str = "site";

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The pack folder (with `lessonpack.toml`).
    pub root: PathBuf,
    /// The output folder; `<root>/site` when `None`.
    pub output: Option<PathBuf>,
    /// Include lessons marked `draft = true`.
    pub drafts: bool,
    /// Minify HTML, CSS and JavaScript.
    pub minify: bool,
    /// Link to folders (`quiz/`) rather than their `index.html`.
    pub pretty_urls: bool,
    /// Also write offline single-file bundles into `bundle/` (see [`crate::bundle`]).
    pub bundle: bool,
    /// Also write `bundle/<pack-slug>.zip` of the whole site (implies nothing else).
    pub zip: bool,
    /// Take over unchanged files from the previous build instead of rendering them again.
    pub cache: bool,
    /// Pages are served with `serve`'s live reload: their policy admits its event stream.
    pub live_reload: bool,
    /// When another build is writing the same output: wait for it, or fail at once.
    pub wait: lock::Wait,
    /// Told when the build waits for another one, and of what it cleans up beside the output.
    pub notify: fn(&output::Notice),
}

impl BuildOptions {
    /// Defaults for the pack at `root`: minified, plain links, no drafts, cached, into
    /// `root/site`.
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            minify: true,
            pretty_urls: false,
            bundle: false,
            zip: false,
            cache: true,
            live_reload: false,
            wait: lock::Wait::Block,
            notify: |_| {},
        }
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join(DEFAULT_OUTPUT))
    }
}

/// What a successful build wrote.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub lessons: usize,
    /// HTML pages in the site.
    pub pages: usize,
    /// All files in the site, pages included.
    pub files: usize,
    /// Pages rendered by this build; the others were unchanged and kept from the previous one.
    pub rendered: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Problems that did not stop the build: raw HTML sanitised, links not followed, images
    /// too large for a bundle.
    pub warnings: Vec<Lint>,
}

/// Builds the pack into its output folder. On any error nothing in the output changes.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Error>> {
    let started = Instant::now();
    let output = options.output_dir();
    check_output_location(&options.root, &output)?;
    // Held until the build returns: builds of one output take turns.
    let _lock = output::claim(&output, options.wait, options.notify).map_err(|e| vec![e])?;
    output::check_replaceable(&output).map_err(|e| vec![e])?;

    // Templates and lessons are checked together, so one run reports the problems of both.
    let config = PackConfig::load(&options.root).map_err(|e| vec![e])?;
    let renderer = Renderer::load(&options.root, &config);
    let load_options = LoadOptions {
        drafts: options.drafts,
    };
    let pack = load_lessons(&options.root, config, load_options);
    let (pack, renderer) = both_loaded(pack, renderer)?;

    let assets = Assets::prepare(&renderer, options.minify);
    let pages = plan_pages(&pack);
    let bundle = options.bundle.then(|| crate::bundle::pack_file_name(&pack));
    let linker = Linker::files(options.pretty_urls);
    let site = Site::new(&pack, linker, &assets.names, bundle).live_reload(options.live_reload);
    let (copies, static_folders) = list_copies(&pack, &options.root)?;
    let mut generated = generated_files(&pack, &pages, &assets);
    let mut warnings = pack.warnings.clone();
    if options.bundle {
        let bundles = crate::bundle::render_bundles(&pack, &renderer, options, &assets)?;
        generated.extend(bundles.files);
        warnings.extend(bundles.warnings);
    }
    let job = SiteJob {
        site: &site,
        renderer: &renderer,
        pages: &pages,
        generated,
        copies,
        static_folders,
        global: cache::global_key(renderer.fingerprint(), options.minify, options.pretty_urls),
        minify: options.minify,
        zip: options.zip.then(|| crate::bundle::zip_path(&pack)),
    };
    let report = |rendered| BuildReport {
        lessons: site.lessons.len(),
        pages: pages.len(),
        files: pages.len() + job.generated.len() + job.copies.len() + usize::from(options.zip),
        rendered,
        output: output.clone(),
        elapsed: started.elapsed(),
        warnings: warnings.clone(),
    };

    // The live site's files, if this build may reuse them; unchanged, it has nothing to do.
    let live_manifest = match options.cache {
        true => std::fs::read_to_string(output.join(CACHE_FILE)).ok(),
        false => None,
    };
    let live = live_manifest
        .as_deref()
        .and_then(|text| PreviousSite::parse(&output, text, job.global))
        .filter(PreviousSite::trusted);
    let mut page_keys = None;
    if let Some(live) = &live {
        let keys = job.keys().map_err(|e| vec![e])?;
        if live.is_current(&keys.files) {
            return Ok(report(0));
        }
        page_keys = Some(keys.pages);
    }

    // The staging folder holds the site before the live one, if any, updated in place.
    let staging = output::staging_dir(&output);
    let spare_manifest = output::prepare_staging(&output, CACHE_FILE).map_err(|e| vec![e])?;
    let mut spare = spare_manifest
        .as_deref()
        .and_then(|text| PreviousSite::parse(&staging, text, job.global));
    if spare_manifest.is_some() && spare.is_none() {
        // A manifest we cannot read: what the staging folder holds is unknown.
        output::create_staging(&output).map_err(|e| vec![e])?;
    }
    if let Some(spare) = spare.as_mut().filter(|_| !options.cache) {
        spare.distrust();
    }
    let sites = Sites {
        staging: &staging,
        live: live.as_ref(),
        spare: spare.as_ref(),
    };
    match job.write(&sites, page_keys.as_deref()) {
        Ok(rendered) => {
            output::swap_in(&staging, &output).map_err(|e| vec![e])?;
            Ok(report(rendered))
        }
        Err(errors) => {
            output::discard_staging(&staging);
            Err(errors)
        }
    }
}

/// The pack and the renderer, or the problems of both, sorted: one run reports them all.
fn both_loaded(
    pack: Result<Pack, Vec<Error>>,
    renderer: Result<Renderer, Vec<Error>>,
) -> Result<(Pack, Renderer), Vec<Error>> {
    match (pack, renderer) {
        (Ok(pack), Ok(renderer)) => Ok((pack, renderer)),
        (pack, renderer) => {
            let mut errors = pack.err().unwrap_or_default();
            errors.extend(renderer.err().unwrap_or_default());
            errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            Err(errors)
        }
    }
}

/// The output must not be the pack itself or inside its sources (it is replaced whole).
fn check_output_location(root: &Path, output: &Path) -> Result<(), Vec<Error>> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, output_abs) = (absolute(root), absolute(output));
    let inside_sources = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR]
        .iter()
        .any(|dir| output_abs.starts_with(root.join(dir)));
    if output_abs == root || root.starts_with(&output_abs) || inside_sources {
        return Err(vec![Error::global(ErrorKind::OutputInsideSource(
            output.to_path_buf(),
        ))]);
    }
    Ok(())
}

/// Everything a build writes, ready to be written.
struct SiteJob<'a> {
    site: &'a Site<'a>,
    renderer: &'a Renderer,
    pages: &'a [Page],
    /// Files other than pages, with their bytes: assets, sitemap, feed, robots.txt.
    generated: Vec<(String, Vec<u8>)>,
    copies: Vec<CopiedFile>,
    /// The folders of `static/`, relative to the site root, parents first.
    static_folders: Vec<PathBuf>,
    global: u64,
    minify: bool,
    /// Where the zip of the whole site goes, when one is wanted.
    zip: Option<String>,
}

/// The keys of every file a site will have.
struct Keys {
    /// The pages', in plan order.
    pages: Vec<u64>,
    /// Every file's path and key: the pages, then the other files.
    files: Vec<(String, u64)>,
}

/// What a run of pages left in the staging folder.
struct WrittenPages {
    entries: Vec<Entry>,
    /// How many of them were rendered rather than taken over.
    rendered: usize,
}

/// A file copied into the site as it is: a lesson's image or a file of `static/`.
struct CopiedFile {
    from: PathBuf,
    /// Relative to the site root, `/`-separated.
    to: String,
}

impl SiteJob<'_> {
    /// The key of every file that the site will have.
    fn keys(&self) -> Result<Keys, Error> {
        let page_files: Vec<(String, u64)> = self
            .pages
            .par_iter()
            .map(|page| {
                let path = site_path(&page.file());
                let key = page_key(
                    self.global,
                    &path,
                    page.template(),
                    &page_views(self.site, page),
                );
                (path, key)
            })
            .collect();
        let pages = page_files.iter().map(|(_, key)| *key).collect();
        let mut files = page_files;
        for (path, bytes) in &self.generated {
            files.push((path.clone(), cache::bytes_key(self.global, path, bytes)));
        }
        for copy in &self.copies {
            let key = cache::copy_key(self.global, &copy.to, &copy.from)
                .map_err(|err| Error::io(&copy.from, &err))?;
            files.push((copy.to.clone(), key));
        }
        for folder in self.static_folder_paths() {
            let key = cache::bytes_key(self.global, &folder, b"");
            files.push((folder, key));
        }
        if let Some(zip) = &self.zip {
            let key = cache::derived_key(self.global, zip, &files);
            files.push((zip.clone(), key));
        }
        Ok(Keys { pages, files })
    }

    /// Every path the site will have, files and folders.
    fn paths(&self) -> (HashSet<String>, HashSet<String>) {
        let mut files: HashSet<String> = self
            .pages
            .par_iter()
            .map(|page| site_path(&page.file()))
            .collect();
        files.extend(self.generated.iter().map(|(path, _)| path.clone()));
        files.extend(self.copies.iter().map(|copy| copy.to.clone()));
        files.extend(self.static_folder_paths());
        files.extend(self.zip.clone());
        let folders: HashSet<String> = files
            .iter()
            .flat_map(|path| parent_folders(path))
            .map(str::to_string)
            .collect();
        (files, folders)
    }

    /// The folders of `static/` as the manifest lists them: `fonts/`.
    fn static_folder_paths(&self) -> impl Iterator<Item = String> + '_ {
        self.static_folders
            .iter()
            .map(|folder| format!("{}/", site_path(folder)))
    }

    /// Removes from the staging folder's previous site what the new site does not have.
    fn remove_stale(&self, staging: &Path, spare: &PreviousSite) -> Result<(), Error> {
        let (files, folders) = self.paths();
        let stale_folders: HashSet<&str> = spare
            .paths()
            .flat_map(parent_folders)
            .filter(|folder| !folders.contains(*folder))
            .collect();
        // Whole stale folders at their top, then stale files in folders that stay.
        let outermost = |path: &str| parent_folders(path).all(|f| !stale_folders.contains(f));
        let mut stale: Vec<PathBuf> = stale_folders
            .iter()
            .filter(|folder| outermost(folder))
            .map(|folder| staging.join(folder))
            .collect();
        stale.extend(
            spare
                .paths()
                .filter(|path| !files.contains(*path) && outermost(path))
                .map(|path| staging.join(path)),
        );
        output::remove_all(&stale).map_err(|err| Error::io(staging, &err))
    }

    /// Writes the whole site into the staging folder, taking unchanged files over where it can;
    /// `page_keys`, when known, are the pages' keys in plan order. Returns how many pages were
    /// rendered. Render errors are collected (once per template position) and returned
    /// together.
    fn write(&self, sites: &Sites, page_keys: Option<&[u64]>) -> Result<usize, Vec<Error>> {
        let dir = sites.staging;
        if let Some(spare) = sites.spare {
            self.remove_stale(dir, spare).map_err(|e| vec![e])?;
        }
        let results: Vec<Result<WrittenPages, Vec<Error>>> = lesson_ranges(self.pages)
            .into_par_iter()
            .map(|range| {
                let keys = page_keys.map(|keys| &keys[range.clone()]);
                self.write_pages(&self.pages[range], keys, sites)
            })
            .collect();
        let mut entries = Vec::with_capacity(self.pages.len());
        let mut rendered = 0;
        let mut errors: Vec<Error> = Vec::new();
        let mut seen = HashSet::new();
        for result in results {
            match result {
                Ok(mut written) => {
                    entries.append(&mut written.entries);
                    rendered += written.rendered;
                }
                Err(found) => {
                    for error in found {
                        if seen.insert(error.headline()) {
                            errors.push(error);
                        }
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        output::create_dir(&dir.join(ASSETS_DIR)).map_err(|e| vec![e])?;
        for folder in self.static_folder_paths() {
            output::create_dir(&dir.join(&folder)).map_err(|e| vec![e])?;
            entries.push(Entry {
                key: cache::bytes_key(self.global, &folder, b""),
                path: folder,
                size: 0,
            });
        }
        if self
            .generated
            .iter()
            .any(|(path, _)| path.starts_with(crate::bundle::BUNDLE_DIR))
            || self.zip.is_some()
        {
            output::create_dir(&dir.join(crate::bundle::BUNDLE_DIR)).map_err(|e| vec![e])?;
        }
        for (path, bytes) in &self.generated {
            let key = cache::bytes_key(self.global, path, bytes);
            let placed = sites.place(path, key, |target| sites.write(target, bytes));
            entries.push(placed.map_err(|e| vec![e])?.entry);
        }
        for copy in &self.copies {
            let key = cache::copy_key(self.global, &copy.to, &copy.from)
                .map_err(|err| vec![Error::io(&copy.from, &err)])?;
            let target = dir.join(&copy.to);
            if let Some(parent) = target.parent() {
                output::create_dir(parent).map_err(|e| vec![e])?;
            }
            let placed = sites.place(&copy.to, key, |target| sites.copy(&copy.from, target));
            entries.push(placed.map_err(|e| vec![e])?.entry);
        }
        if let Some(zip) = &self.zip {
            // The zip holds every other file, so their keys make its key.
            let files: Vec<(String, u64)> = entries
                .iter()
                .map(|entry| (entry.path.clone(), entry.key))
                .collect();
            let key = cache::derived_key(self.global, zip, &files);
            let placed = sites.place(zip, key, |target| {
                let bytes = crate::bundle::zip_site(dir, target)?;
                sites.write(target, &bytes)
            });
            entries.push(placed.map_err(|e| vec![e])?.entry);
        }
        let manifest = cache::render_manifest(self.global, &entries);
        output::write_manifest(&dir.join(CACHE_FILE), manifest.as_bytes()).map_err(|e| vec![e])?;
        Ok(rendered)
    }

    /// Writes a run of pages (one lesson's, or a page of the site root) with their folders.
    fn write_pages(
        &self,
        pages: &[Page],
        keys: Option<&[u64]>,
        sites: &Sites,
    ) -> Result<WrittenPages, Vec<Error>> {
        let mut folders: Vec<PathBuf> = Vec::new();
        for segments in pages.iter().filter_map(|page| page.dir.as_ref()) {
            for depth in 1..=segments.depth() {
                let folder: PathBuf = segments.0[..depth].iter().collect();
                if !folders.contains(&folder) {
                    output::create_dir(&sites.staging.join(&folder)).map_err(|e| vec![e])?;
                    folders.push(folder);
                }
            }
        }

        let mut entries = Vec::with_capacity(pages.len());
        let mut rendered = 0;
        let mut errors = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            let path = site_path(&page.file());
            let mut views = None;
            let key = match keys {
                Some(keys) => keys[i],
                None => {
                    let views = views.insert(page_views(self.site, page));
                    page_key(self.global, &path, page.template(), views)
                }
            };
            let placed = sites.place(&path, key, |target| {
                let views = views.take().unwrap_or_else(|| page_views(self.site, page));
                sites.write(target, &self.render_page(page, &views)?)
            });
            match placed {
                Ok(placed) => {
                    rendered += usize::from(placed.made);
                    entries.push(placed.entry);
                }
                Err(error) => errors.push(error),
            }
        }
        match errors.is_empty() {
            true => Ok(WrittenPages { entries, rendered }),
            false => Err(errors),
        }
    }

    /// Renders a page, minified if asked.
    fn render_page(&self, page: &Page, views: &pages::PageViews) -> Result<Vec<u8>, Error> {
        let bytes = match self.minify {
            true => self
                .renderer
                .render_minified(page.template(), &views.context())?,
            false => self
                .renderer
                .render(page.template(), &views.context())?
                .into_bytes(),
        };
        Ok(bytes)
    }
}

/// The sites a build works with: the staging folder being written, with the site it held
/// before (the one before the live one), and the live site.
struct Sites<'a> {
    staging: &'a Path,
    live: Option<&'a PreviousSite<'a>>,
    /// The site the staging folder held; `None` when it was made empty, so nothing in it
    /// needs replacing (which saves a lookup of every file).
    spare: Option<&'a PreviousSite<'a>>,
}

/// A file put into the staging folder.
struct Placed {
    entry: Entry,
    /// Made by this build, rather than taken over from a previous one.
    made: bool,
}

impl Sites<'_> {
    /// Writes a file into the staging folder, over what is there; returns its size.
    fn write(&self, target: &Path, bytes: &[u8]) -> Result<u64, Error> {
        match self.spare {
            Some(_) => output::replace_file(target, bytes)?,
            None => output::write_file(target, bytes)?,
        }
        Ok(bytes.len() as u64)
    }

    /// Copies a file into the staging folder, over what is there; returns its size.
    fn copy(&self, from: &Path, target: &Path) -> Result<u64, Error> {
        match self.spare {
            Some(_) => output::replace_with_copy(from, target),
            None => std::fs::copy(from, target).map_err(|err| Error::io(from, &err)),
        }
    }

    /// Puts the file at `path` with `key` into the staging folder: kept if it is there
    /// already, hard-linked from the live site if that has it, else made by `make` (which
    /// writes the file it is given and returns its size).
    fn place(
        &self,
        path: &str,
        key: u64,
        make: impl FnOnce(&Path) -> Result<u64, Error>,
    ) -> Result<Placed, Error> {
        let taken = |size| Placed {
            entry: Entry {
                path: path.to_string(),
                key,
                size,
            },
            made: false,
        };
        if let Some(kept) = self.spare.and_then(|spare| spare.reusable(path, key)) {
            return Ok(taken(kept.size));
        }
        let target = self.staging.join(path);
        let linked = |old: &Path| match self.spare {
            Some(_) => output::replace_with_link(old, &target),
            None => std::fs::hard_link(old, &target).map_err(|err| Error::io(&target, &err)),
        };
        if let Some(old) = self.live.and_then(|live| live.reusable(path, key))
            && linked(&old.file).is_ok()
        {
            return Ok(taken(old.size));
        }
        let size = make(&target)?;
        Ok(Placed {
            entry: Entry {
                path: path.to_string(),
                key,
                size,
            },
            made: true,
        })
    }
}

/// The plan split into runs of pages written by one worker: each lesson's pages together,
/// and each page outside a lesson (index, 404) alone.
fn lesson_ranges(pages: &[Page]) -> Vec<Range<usize>> {
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

/// The folders a site path lies in, outermost first: `a`, `a/b` for `a/b/index.html`.
fn parent_folders(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(at, _)| &path[..at])
}

/// A path relative to the site root as the manifest writes it: `/`-separated.
fn site_path(path: &Path) -> String {
    let parts: Vec<_> = path.iter().map(|part| part.to_string_lossy()).collect();
    parts.join("/")
}

/// Renders single pages of a loaded pack in memory, as a build would write them (minified if
/// the options say so), by their paths in the site (`lesson/focus/3/index.html`). For
/// benchmarks and tools: nothing is written. The assets and the plan are made once.
pub struct PageRenderer<'a> {
    pack: &'a Pack,
    renderer: &'a Renderer,
    options: BuildOptions,
    assets: Assets,
    pages: Vec<Page>,
}

impl<'a> PageRenderer<'a> {
    pub fn new(pack: &'a Pack, renderer: &'a Renderer, options: &BuildOptions) -> Self {
        PageRenderer {
            pack,
            renderer,
            options: options.clone(),
            assets: Assets::prepare(renderer, options.minify),
            pages: plan_pages(pack),
        }
    }

    /// The page at `path`; `None` if the site has no such page.
    pub fn render(&self, path: &str) -> Option<Result<Vec<u8>, Error>> {
        let page = self
            .pages
            .iter()
            .find(|page| site_path(&page.file()) == path)?;
        let bundle = (self.options.bundle).then(|| crate::bundle::pack_file_name(self.pack));
        let linker = Linker::files(self.options.pretty_urls);
        let site = Site::new(self.pack, linker, &self.assets.names, bundle)
            .live_reload(self.options.live_reload);
        let context = page_views(&site, page).context();
        Some(match self.options.minify {
            true => self.renderer.render_minified(page.template(), &context),
            false => self
                .renderer
                .render(page.template(), &context)
                .map(String::into_bytes),
        })
    }
}

/// Renders every page of a pack to HTML in memory (in parallel), in plan order, unminified:
/// for `check`, tests, fuzzing and anything else that wants pages without a site on disk.
pub fn render_pages(
    pack: &Pack,
    renderer: &Renderer,
    options: &BuildOptions,
) -> Result<Vec<(PathBuf, String)>, Vec<Error>> {
    let assets = Assets::prepare(renderer, false);
    let linker = Linker::files(options.pretty_urls);
    let site = Site::new(pack, linker, &assets.names, None).live_reload(options.live_reload);
    let rendered: Vec<Result<(PathBuf, String), Error>> = plan_pages(pack)
        .par_iter()
        .map(|page| {
            let html = renderer.render(page.template(), &page_views(&site, page).context())?;
            Ok((page.file(), html))
        })
        .collect();
    let mut pages = Vec::with_capacity(rendered.len());
    let mut errors = Vec::new();
    for result in rendered {
        match result {
            Ok(page) => pages.push(page),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(errors)
    }
}

/// The site's files other than pages: assets, sitemap, feed and robots.txt, with their bytes.
fn generated_files(pack: &Pack, pages: &[Page], assets: &Assets) -> Vec<(String, Vec<u8>)> {
    let mut files = assets.files();
    files.extend([
        (
            "sitemap.xml".to_string(),
            feeds::render_sitemap(pack, pages).into_bytes(),
        ),
        (
            "feed.xml".to_string(),
            feeds::render_feed(pack).into_bytes(),
        ),
        (
            "robots.txt".to_string(),
            feeds::render_robots(pack).into_bytes(),
        ),
    ]);
    files
}

/// Every file copied into the site: each image a lesson shows, into the lesson's folder, and
/// the pack's `static/` folder into the site root as it is (with its folders, even empty).
fn list_copies(pack: &Pack, root: &Path) -> Result<(Vec<CopiedFile>, Vec<PathBuf>), Vec<Error>> {
    let mut copies = Vec::new();
    let mut seen = HashSet::new();
    for unit in &pack.units {
        for lesson in &unit.lessons {
            for file in &lesson.files {
                let to = site_path(&Path::new(&lesson.slug).join(&file.relative));
                if seen.insert(to.clone()) {
                    copies.push(CopiedFile {
                        from: root.join(CONTENT_DIR).join(&unit.dir).join(&file.relative),
                        to,
                    });
                }
            }
        }
    }

    let mut folders = Vec::new();
    let source = root.join(STATIC_DIR);
    if !source.is_dir() {
        return Ok((copies, folders));
    }
    for entry in walkdir::WalkDir::new(&source).sort_by_file_name() {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(&source).to_path_buf();
            let io = err
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("cannot read"));
            vec![Error::io(&path, &io)]
        })?;
        let relative = entry
            .path()
            .strip_prefix(&source)
            .expect("walked below source");
        if entry.file_type().is_dir() && entry.depth() > 0 {
            folders.push(relative.to_path_buf());
        } else if entry.file_type().is_file() {
            let to = site_path(relative);
            if seen.insert(to.clone()) {
                copies.push(CopiedFile {
                    from: entry.path().to_path_buf(),
                    to,
                });
            }
        }
    }
    Ok((copies, folders))
}
