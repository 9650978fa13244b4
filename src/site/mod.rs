//! Building the site: load → plan → render (in parallel) → write (atomically).

pub(crate) mod answers;
pub mod feeds;
pub mod output;
pub(crate) mod pages;
pub mod plan;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::assets::{ASSETS_DIR, Assets};
use crate::config::PackConfig;
use crate::content::{CONTENT_DIR, LoadOptions, Pack, load_lessons};
use crate::error::{Error, ErrorKind};
use crate::render::{Renderer, TEMPLATES_DIR};
use pages::{Site, page_context};
use plan::{Linker, Page, plan_pages};

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
}

impl BuildOptions {
    /// Defaults for the pack at `root`: minified, plain links, no drafts, into `root/site`.
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            minify: true,
            pretty_urls: false,
            bundle: false,
            zip: false,
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
    /// HTML pages written.
    pub pages: usize,
    /// All files written, pages included.
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Problems that did not stop the build: raw HTML sanitised, links not followed, images
    /// too large for a bundle.
    pub warnings: Vec<Error>,
}

/// Builds the pack into its output folder. On any error nothing in the output changes.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Error>> {
    let started = Instant::now();
    let output = options.output_dir();
    check_output_location(&options.root, &output)?;
    output::check_replaceable(&output).map_err(|e| vec![e])?;

    // Templates and lessons are checked together, so one run reports the problems of both.
    let config = PackConfig::load(&options.root).map_err(|e| vec![e])?;
    let renderer = Renderer::load(&options.root, &config);
    let load_options = LoadOptions {
        drafts: options.drafts,
    };
    let pack = load_lessons(&options.root, config, load_options);
    let (pack, renderer) = match (pack, renderer) {
        (Ok(pack), Ok(renderer)) => (pack, renderer),
        (pack, renderer) => {
            let mut errors = pack.err().unwrap_or_default();
            errors.extend(renderer.err().unwrap_or_default());
            errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            return Err(errors);
        }
    };

    let staging = output::create_staging(&output).map_err(|e| vec![e])?;
    match write_site(&pack, &renderer, options, &staging) {
        Ok(files) => {
            output::swap_in(&staging, &output).map_err(|e| vec![e])?;
            Ok(BuildReport {
                lessons: pack.lessons().count(),
                pages: files.pages,
                files: files.total,
                output,
                elapsed: started.elapsed(),
                warnings: pack
                    .warnings
                    .iter()
                    .cloned()
                    .chain(files.warnings)
                    .collect(),
            })
        }
        Err(errors) => {
            output::discard_staging(&staging);
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

struct Written {
    pages: usize,
    total: usize,
    warnings: Vec<Error>,
}

/// Renders every page and writes it, with assets, feeds, images and static files, into
/// `dir`. Render errors are collected (once per template position) and returned together.
fn write_site(
    pack: &Pack,
    renderer: &Renderer,
    options: &BuildOptions,
    dir: &Path,
) -> Result<Written, Vec<Error>> {
    let assets = Assets::prepare(renderer, options.minify);
    let pages = plan_pages(pack);
    let site = Site {
        pack,
        lessons: pack.lessons().collect(),
        linker: Linker::files(options.pretty_urls),
        assets: &assets.names,
        bundle: options.bundle.then(|| crate::bundle::pack_file_name(pack)),
    };

    // Folders first, once each, so page writers never race to create them.
    let folders: BTreeSet<PathBuf> = pages
        .iter()
        .filter_map(|page| page.file().parent().map(Path::to_path_buf))
        .chain([PathBuf::from(ASSETS_DIR)])
        .collect();
    for folder in &folders {
        output::create_dir(&dir.join(folder)).map_err(|e| vec![e])?;
    }

    let results: Vec<Result<(), Error>> = pages
        .par_iter()
        .map(|page| render_page(&site, renderer, page, options.minify, dir))
        .collect();
    let mut errors: Vec<Error> = Vec::new();
    let mut seen = HashSet::new();
    for error in results.into_iter().filter_map(Result::err) {
        if seen.insert(error.headline()) {
            errors.push(error);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut total = pages.len();
    let mut write = |relative: &str, bytes: &[u8]| -> Result<(), Vec<Error>> {
        total += 1;
        output::write_file(&dir.join(relative), bytes).map_err(|e| vec![e])
    };
    write(&assets.names.css, &assets.css)?;
    write(&assets.names.js, &assets.js)?;
    write(
        "sitemap.xml",
        feeds::render_sitemap(pack, &pages).as_bytes(),
    )?;
    write("feed.xml", feeds::render_feed(pack).as_bytes())?;
    write("robots.txt", feeds::render_robots(pack).as_bytes())?;
    total += copy_lesson_files(pack, &options.root, dir)?;
    total += copy_static(&options.root, dir)?;
    let mut warnings = Vec::new();
    if options.bundle || options.zip {
        let written = crate::bundle::write_bundles(pack, renderer, options, &assets, dir)?;
        total += written.files;
        warnings = written.warnings;
    }
    Ok(Written {
        pages: pages.len(),
        total,
        warnings,
    })
}

/// Renders every page of a pack to HTML in memory, in plan order, unminified: for tests,
/// fuzzing and anything else that wants pages without a site on disk.
pub fn render_pages(
    pack: &Pack,
    renderer: &Renderer,
    options: &BuildOptions,
) -> Result<Vec<(PathBuf, String)>, Vec<Error>> {
    let assets = Assets::prepare(renderer, false);
    let site = Site {
        pack,
        lessons: pack.lessons().collect(),
        linker: Linker::files(options.pretty_urls),
        assets: &assets.names,
        bundle: None,
    };
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    for page in plan_pages(pack) {
        match renderer.render(page.template(), &page_context(&site, &page)) {
            Ok(html) => pages.push((page.file(), html)),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(errors)
    }
}

fn render_page(
    site: &Site,
    renderer: &Renderer,
    page: &Page,
    minify: bool,
    dir: &Path,
) -> Result<(), Error> {
    let context = page_context(site, page);
    let html = renderer.render(page.template(), &context)?;
    let bytes = if minify {
        minify_html::minify(html.as_bytes(), &minify_config())
    } else {
        html.into_bytes()
    };
    output::write_file(&dir.join(page.file()), &bytes)
}

/// Spec-compliant HTML minification: what validators accept.
fn minify_config() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_input_type_text_attr = true;
    cfg
}

/// Copies every image a lesson shows into the lesson's folder of the site.
fn copy_lesson_files(pack: &Pack, root: &Path, dir: &Path) -> Result<usize, Vec<Error>> {
    let mut count = 0;
    for unit in &pack.units {
        for lesson in &unit.lessons {
            for file in &lesson.files {
                let from = root.join(CONTENT_DIR).join(&unit.dir).join(&file.relative);
                let to = dir.join(&lesson.slug).join(&file.relative);
                if let Some(parent) = to.parent() {
                    output::create_dir(parent).map_err(|e| vec![e])?;
                }
                if !to.exists() {
                    std::fs::copy(&from, &to).map_err(|err| vec![Error::io(&from, &err)])?;
                    count += 1;
                }
            }
        }
    }
    Ok(count)
}

/// Copies the pack's `static/` folder into the site root as it is.
fn copy_static(root: &Path, dir: &Path) -> Result<usize, Vec<Error>> {
    let source = root.join(STATIC_DIR);
    if !source.is_dir() {
        return Ok(0);
    }
    let mut count = 0;
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
        let to = dir.join(relative);
        if entry.file_type().is_dir() {
            output::create_dir(&to).map_err(|e| vec![e])?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &to).map_err(|err| vec![Error::io(entry.path(), &err)])?;
            count += 1;
        }
    }
    Ok(count)
}
