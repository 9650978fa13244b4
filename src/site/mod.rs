//! Building the site: load → plan every output file ([`outputs`]) → write the plan into a
//! sink ([`sink`]): the staging folder, swapped in atomically, for `build`; the preview's
//! folder, updated in place, for `serve` ([`preview`]); memory for `check`, tests and
//! benchmarks ([`render_in_memory`]).
//!
//! Pages are rendered lesson by lesson on rayon's threads; each worker creates its lesson's
//! folders and writes its pages into the staging folder as it goes, so no rendered page is
//! held longer than it takes to write it. A page that the previous build made from the same
//! inputs is hard-linked from the old site instead (see [`cache`]); when every file is
//! unchanged, nothing is written at all.

mod archive;
pub(crate) mod cache;
pub mod feeds;
mod in_place;
pub mod lock;
pub mod output;
pub mod outputs;
pub mod preview;
mod sink;
mod staging;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::assets::Assets;
use crate::config::PackConfig;
use crate::content::{Bodies, CONTENT_DIR, LoadOptions, Pack, load_lessons};
use crate::diagnostic::{Diagnostic, ErrorKind, Lint};
use crate::layout::plan::Layout;
use crate::layout::quiz_scripts;
use crate::render::{Renderer, TEMPLATES_DIR};
use cache::PreviousSite;
use sink::{KeptViews, MemorySink};
use staging::{SpareManifest, StagingSink};

pub use cache::CACHE_FILE;
pub use outputs::OutputPlan;

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
    /// Lay pages out one folder each, linked as folders (`quiz/`), rather than one folder
    /// per lesson with a file per page (`quiz.html`); see [`Layout`].
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
    /// The process ends when the build returns: its model and plan are left for the exit to
    /// take back instead of being freed.
    pub exit_after: bool,
    /// Whether lessons keep their bodies while the site is planned and written; a lesson that
    /// dropped its body is parsed again when its pages are made (see
    /// [`Lesson::drop_body`](crate::content::Lesson::drop_body)). Bundles, made of every
    /// lesson at once, keep them.
    pub bodies: Bodies,
    /// Also write the lessons' exports for learning platforms into `export/` (see
    /// [`crate::export`]).
    pub exports: Vec<crate::export::ExportFormat>,
    /// Export only the lesson with this slug (and no pack file).
    pub export_lesson: Option<String>,
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
            exit_after: false,
            bodies: Bodies::Budgeted,
            exports: Vec::new(),
            export_lesson: None,
        }
    }

    /// How pages are laid out in folders.
    pub fn layout(&self) -> Layout {
        Layout::new(self.pretty_urls)
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
    /// Offline bundles rendered by this build (the others were unchanged).
    pub rendered_bundles: usize,
    /// Offline bundles in the site.
    pub bundles: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Problems that did not stop the build: raw HTML sanitised, links not followed, images
    /// too large for a bundle.
    pub warnings: Vec<Lint>,
}

/// Builds the pack into its output folder. On any error nothing in the output changes.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
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
        bodies: match options.bundle || !options.exports.is_empty() {
            true => Bodies::Kept,
            false => options.bodies,
        },
    };
    let pack = load_lessons(&options.root, config, load_options);
    let (pack, renderer) = both_loaded(pack, renderer)?;
    let assets = Assets::prepare(&renderer, options.minify, &quiz_scripts(&pack));
    let written = write_site(options, &pack, &renderer, &assets, &output, started);
    if options.exit_after {
        // Freeing a 10,000-lesson model allocation by allocation takes longer than the
        // process's exit, which gives all of its memory back at once.
        std::mem::forget((pack, renderer, assets));
    }
    written
}

/// Plans the site and writes what changed into the output, atomically.
fn write_site(
    options: &BuildOptions,
    pack: &Pack,
    renderer: &Renderer,
    assets: &Assets,
    output: &Path,
    started: Instant,
) -> Result<BuildReport, Vec<Diagnostic>> {
    let plan = OutputPlan::new(pack, renderer, assets, options)?;
    let report = write_planned(options, &plan, output, started);
    if options.exit_after {
        std::mem::forget(plan);
    }
    report
}

/// Writes the planned site: nothing when the live site is current, else every changed file
/// into the staging folder, which then replaces the live site.
fn write_planned(
    options: &BuildOptions,
    plan: &OutputPlan,
    output: &Path,
    started: Instant,
) -> Result<BuildReport, Vec<Diagnostic>> {
    // The live site's files, if this build may reuse them; unchanged, it has nothing to do.
    let live_manifest = match options.cache {
        true => std::fs::read_to_string(output.join(CACHE_FILE)).ok(),
        false => None,
    };
    let live = live_manifest
        .as_deref()
        .and_then(|text| PreviousSite::parse(output, text, plan.global))
        .filter(PreviousSite::trusted);
    let mut keys = None;
    if let Some(live) = &live {
        let all = plan.keys().map_err(|e| vec![e])?;
        let wanted: Vec<(String, u64)> = plan
            .paths()
            .zip(&all)
            .map(|(path, key)| (path.to_string(), *key))
            .collect();
        if live.is_current(&wanted) {
            let unchanged = sink::Written {
                entries: Vec::new(),
                rendered: 0,
                rendered_bundles: 0,
            };
            return Ok(unchanged.report(plan, output, started));
        }
        keys = Some(all);
    }

    // The staging folder holds the site before the live one, if any, updated in place.
    let staging = output::staging_dir(output);
    let manifest = SpareManifest::take(output).map_err(|e| vec![e])?;
    let spare = manifest
        .site(output, &staging, plan.global, options.cache)
        .map_err(|e| vec![e])?;
    let sink = StagingSink::new(&staging, live.as_ref(), spare.as_ref());
    match sink::write_plan(plan, keys.as_deref(), &KeptViews::default(), &sink) {
        Ok(written) => {
            sink.finish(plan.global, &written.entries, output)
                .map_err(|e| vec![e])?;
            Ok(written.report(plan, output, started))
        }
        Err(errors) => {
            sink.discard();
            Err(errors)
        }
    }
}

/// The pack and the renderer, or the problems of both, sorted: one run reports them all.
fn both_loaded(
    pack: Result<Pack, Vec<Diagnostic>>,
    renderer: Result<Renderer, Vec<Diagnostic>>,
) -> Result<(Pack, Renderer), Vec<Diagnostic>> {
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
fn check_output_location(root: &Path, output: &Path) -> Result<(), Vec<Diagnostic>> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, output_abs) = (absolute(root), absolute(output));
    let inside_sources = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR]
        .iter()
        .any(|dir| output_abs.starts_with(root.join(dir)));
    if output_abs == root || root.starts_with(&output_abs) || inside_sources {
        return Err(vec![Diagnostic::global(ErrorKind::OutputInsideSource(
            output.to_path_buf(),
        ))]);
    }
    Ok(())
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

/// A site rendered in memory, as a build would write it: nothing is written anywhere.
#[derive(Debug)]
pub struct MemorySite {
    /// Every file by its site path (`lesson/focus/3/index.html`).
    pub files: BTreeMap<String, Vec<u8>>,
    /// The folders that hold them and those of `static/`, by site path without a final `/`.
    pub folders: BTreeSet<String>,
    /// What a build of it would report.
    pub report: BuildReport,
}

impl<'a> OutputPlan<'a> {
    /// Renders every file of the plan into memory.
    pub fn render_in_memory(&self) -> Result<MemorySite, Vec<Diagnostic>> {
        let started = Instant::now();
        let sink = MemorySink::default();
        let written = sink::write_plan(self, None, &KeptViews::default(), &sink)?;
        let report = written.report(self, Path::new(""), started);
        let (files, folders) = sink.into_parts();
        Ok(MemorySite {
            files,
            folders,
            report,
        })
    }

    /// Renders one page in memory by its site path; `None` if the site has no such page.
    pub fn render_page_at(&self, path: &str) -> Option<Result<Vec<u8>, Diagnostic>> {
        let i = (0..self.page_count()).find(|&i| self.page_path(i) == path)?;
        let rendered = self
            .run_memo(i..i + 1)
            .and_then(|mut run| self.render_page(i, None, &mut run));
        Some(rendered)
    }
}

/// Renders the whole site of a loaded pack in memory, as a build with `options` would write
/// it: for `check`, tests, fuzzing and benchmarks.
pub fn render_in_memory(
    pack: &Pack,
    renderer: &Renderer,
    options: &BuildOptions,
) -> Result<MemorySite, Vec<Diagnostic>> {
    let assets = Assets::prepare(renderer, options.minify, &quiz_scripts(pack));
    OutputPlan::new(pack, renderer, &assets, options)?.render_in_memory()
}
