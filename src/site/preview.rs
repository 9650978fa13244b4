//! The site `serve` shows, updated in place after each change instead of built anew.
//!
//! A [`Preview`] stays alive between updates and remembers what it did: lessons parsed (see
//! [`LessonCache`]), the key of every file it wrote and, for each lesson page, the lesson
//! version its key was computed from. After an edit of one lesson it parses that lesson,
//! computes the views of its pages only (a lesson's pages show nothing of other lessons),
//! renders the pages whose keys changed (that lesson's, and the index that lists it) and
//! writes them over the old files. On a 1,000-lesson pack an edit is served about 45 ms after
//! the save (`examples/serve_latency`), where a build would visit all 13,000 pages.
//!
//! The folder is the preview's own and nobody else reads it but the preview server, so it is
//! written in place, each file atomically (written aside, then renamed over the old one).
//! Changed pages are rendered in memory first: an update that fails (a lesson or template
//! that does not load or render) writes nothing.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::cache::{bytes_key, copy_key, global_key, page_key};
use super::pages::{Site, page_views};
use super::plan::{Linker, Page, plan_pages};
use super::{
    BuildOptions, BuildReport, both_loaded, generated_files, lesson_ranges, list_copies, output,
    site_path,
};
use crate::assets::Assets;
use crate::config::{CONFIG_FILE, PackConfig};
use crate::content::{LessonCache, LoadOptions, load_lessons_cached};
use crate::error::Error;
use crate::render::{Renderer, TEMPLATES_DIR};

/// A site kept up to date in a folder of its own.
pub struct Preview {
    options: BuildOptions,
    lessons: LessonCache,
    /// The renderer of the last update, and the stamp of the templates and config it was
    /// loaded from.
    renderer: Option<(u64, Renderer)>,
    /// The key of every file in the folder, by site path.
    files: HashMap<String, u64>,
    /// For each lesson, by its path: the lesson version and build version its pages' keys
    /// were computed under, and their paths and keys.
    lesson_pages: HashMap<PathBuf, LessonPages>,
}

/// The site paths and keys of a lesson's pages, and what they were computed from.
struct LessonPages {
    versions: (u64, u64),
    keys: Arc<Vec<(String, u64)>>,
}

/// What an update changed.
#[derive(Debug)]
pub struct PreviewUpdate {
    pub report: BuildReport,
    /// The site paths of the files written or removed, sorted.
    pub changed: Vec<String>,
}

impl Preview {
    /// A preview of the pack of `options` in `options.output`, a folder it owns.
    pub fn new(options: BuildOptions) -> Preview {
        Preview {
            options,
            lessons: LessonCache::default(),
            renderer: None,
            files: HashMap::new(),
            lesson_pages: HashMap::new(),
        }
    }

    /// Brings the folder up to date with the sources. On error nothing is written.
    pub fn update(&mut self) -> Result<PreviewUpdate, Vec<Error>> {
        let started = Instant::now();
        let options = self.options.clone();
        let root = &options.root;
        let dir = options.output_dir();
        let config_text = PackConfig::read_text(root).map_err(|e| vec![e])?;
        let config =
            PackConfig::parse(Path::new(CONFIG_FILE), &config_text).map_err(|e| vec![e])?;
        let config_version = hash_of(&config_text);
        // Templates are loaded again only when one of them (or the config) changed.
        let templates_version = hash_of(&(config_version, templates_stamp(root)));
        let renderer = match self.renderer.take() {
            Some((version, renderer)) if version == templates_version => Ok(renderer),
            _ => Renderer::load(root, &config),
        };
        let load_options = LoadOptions {
            drafts: options.drafts,
        };
        let pack = load_lessons_cached(
            root,
            config,
            load_options,
            &mut self.lessons,
            config_version,
        );
        let (pack, renderer) = both_loaded(pack, renderer)?;

        let assets = Assets::prepare(&renderer, options.minify);
        let pages = plan_pages(&pack);
        let linker = Linker::files(options.pretty_urls);
        let site = Site::new(&pack, linker, &assets.names, None).live_reload(options.live_reload);
        let global = global_key(renderer.fingerprint(), options.minify, options.pretty_urls);
        // What a lesson page's views come from besides its lesson: the build and the config.
        let build_version = hash_of(&(global, config_version));

        // Every page's key. A lesson's pages are keyed again only if the lesson changed
        // (its pages show nothing of other lessons); the others, each update.
        let ranges = lesson_ranges(&pages);
        let keyed: Vec<KeyedRun> = ranges
            .par_iter()
            .map(|range| {
                let lesson = pages[range.start].lesson().map(|index| site.lessons[index]);
                let versions = lesson
                    .and_then(|l| self.lessons.version(&l.path))
                    .map(|version| (version, build_version));
                let known = lesson.and_then(|l| self.lesson_pages.get(&l.path));
                if let Some(known) = known.filter(|known| Some(known.versions) == versions) {
                    return KeyedRun {
                        lesson: lesson.map(|l| l.path.as_path()),
                        versions,
                        keys: known.keys.clone(),
                        fresh: false,
                    };
                }
                let keys = pages[range.clone()]
                    .iter()
                    .map(|page| {
                        let path = site_path(&page.file());
                        let key =
                            page_key(global, &path, page.template(), &page_views(&site, page));
                        (path, key)
                    })
                    .collect();
                KeyedRun {
                    lesson: lesson.map(|l| l.path.as_path()),
                    versions,
                    keys: Arc::new(keys),
                    fresh: true,
                }
            })
            .collect();

        // Render what changed, in memory, before writing anything.
        let to_render: Vec<(&Page, &str, u64)> = ranges
            .iter()
            .zip(&keyed)
            .filter(|(_, run)| run.fresh)
            .flat_map(|(range, run)| pages[range.clone()].iter().zip(run.keys.iter()))
            .filter(|(_, (path, key))| self.files.get(path) != Some(key))
            .map(|(page, (path, key))| (page, path.as_str(), *key))
            .collect();
        let rendered: Vec<Result<FileWrite, Error>> = to_render
            .par_iter()
            .map(|&(page, path, key)| {
                let context = page_views(&site, page).context();
                let bytes = match options.minify {
                    true => renderer.render_minified(page.template(), &context)?,
                    false => renderer.render(page.template(), &context)?.into_bytes(),
                };
                Ok(FileWrite {
                    path: path.to_string(),
                    key,
                    content: Content::Bytes(bytes),
                })
            })
            .collect();
        let mut errors = Vec::new();
        let mut seen = HashSet::new();
        let mut writes: Vec<FileWrite> = Vec::new();
        for result in rendered {
            match result {
                Ok(write) => writes.push(write),
                Err(error) if seen.insert(error.headline()) => errors.push(error),
                Err(_) => {}
            }
        }
        if !errors.is_empty() {
            self.renderer = Some((templates_version, renderer));
            return Err(errors);
        }
        let rendered_pages = writes.len();
        let (copies, static_folders) = list_copies(&pack, root)?;
        let mut copy_writes = Vec::new();
        let mut other_paths: HashSet<String> = HashSet::new();
        for copy in copies {
            let key = copy_key(global, &copy.to, &copy.from)
                .map_err(|err| vec![Error::io(&copy.from, &err)])?;
            other_paths.insert(copy.to.clone());
            if self.files.get(&copy.to) != Some(&key) {
                let content = Content::Copy(copy.from);
                copy_writes.push(FileWrite {
                    path: copy.to,
                    key,
                    content,
                });
            }
        }

        // Pages first: an edited page is served as soon as it is written, before the sitemap
        // and feed, which list every page, are made.
        let mut changed: Vec<String> = Vec::with_capacity(writes.len());
        write_files(&dir, writes, &mut self.files, &mut changed)?;
        let mut generated_writes = Vec::new();
        for (path, bytes) in generated_files(&pack, &pages, &assets) {
            let key = bytes_key(global, &path, &bytes);
            other_paths.insert(path.clone());
            if self.files.get(&path) != Some(&key) {
                let content = Content::Bytes(bytes);
                generated_writes.push(FileWrite { path, key, content });
            }
        }
        write_files(&dir, generated_writes, &mut self.files, &mut changed)?;
        for folder in &static_folders {
            output::create_dir(&dir.join(folder)).map_err(|e| vec![e])?;
        }
        write_files(&dir, copy_writes, &mut self.files, &mut changed)?;

        // Then remove what the site no longer has.
        let page_paths: HashSet<&str> = keyed
            .iter()
            .flat_map(|run| run.keys.iter().map(|(path, _)| path.as_str()))
            .collect();
        let stale: Vec<String> = self
            .files
            .keys()
            .filter(|path| !page_paths.contains(path.as_str()) && !other_paths.contains(*path))
            .cloned()
            .collect();
        for path in stale {
            let file = dir.join(&path);
            std::fs::remove_file(&file).map_err(|err| vec![Error::io(&file, &err)])?;
            // Folders left empty go too; a folder with anything else in it stays.
            for folder in file.ancestors().skip(1) {
                if folder == dir || std::fs::remove_dir(folder).is_err() {
                    break;
                }
            }
            self.files.remove(&path);
            changed.push(path);
        }
        self.lesson_pages = keyed
            .into_iter()
            .filter_map(|run| {
                let pages = LessonPages {
                    versions: run.versions?,
                    keys: run.keys,
                };
                Some((run.lesson?.to_path_buf(), pages))
            })
            .collect();
        let lessons = site.lessons.len();
        let page_count = pages.len();
        let warnings = pack.warnings.clone();
        self.renderer = Some((templates_version, renderer));
        changed.sort();

        Ok(PreviewUpdate {
            report: BuildReport {
                lessons,
                pages: page_count,
                files: self.files.len(),
                rendered: rendered_pages,
                output: dir,
                elapsed: started.elapsed(),
                warnings,
            },
            changed,
        })
    }
}

/// The keys of a run of pages: a lesson's, or one page outside any lesson.
struct KeyedRun<'a> {
    lesson: Option<&'a Path>,
    /// The lesson's version and the build version; `None` outside a lesson.
    versions: Option<(u64, u64)>,
    /// Each page's site path and key.
    keys: Arc<Vec<(String, u64)>>,
    /// Keyed by this update, rather than known from the last.
    fresh: bool,
}

/// A file to write into the preview's folder.
struct FileWrite {
    path: String,
    key: u64,
    content: Content,
}

/// What goes into a file: bytes, or a copy of a source file.
enum Content {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// Writes files, recording their keys and paths.
fn write_files(
    dir: &Path,
    writes: Vec<FileWrite>,
    files: &mut HashMap<String, u64>,
    changed: &mut Vec<String>,
) -> Result<(), Vec<Error>> {
    for FileWrite { path, key, content } in writes {
        write_atomically(&dir.join(&path), &content).map_err(|e| vec![e])?;
        files.insert(path.clone(), key);
        changed.push(path);
    }
    Ok(())
}

/// Writes a file beside its final name, then renames it over: a reader sees the old file or
/// the new one, never half of it.
fn write_atomically(path: &Path, content: &Content) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        output::create_dir(parent)?;
    }
    let mut aside = path.as_os_str().to_owned();
    aside.push(".lessonpack-new");
    let aside = PathBuf::from(aside);
    match content {
        Content::Bytes(bytes) => output::write_file(&aside, bytes)?,
        Content::Copy(from) => {
            std::fs::copy(from, &aside).map_err(|err| Error::io(from, &err))?;
        }
    }
    std::fs::rename(&aside, path).map_err(|err| Error::io(path, &err))
}

/// The names, sizes and modification times of the pack's templates (and config).
fn templates_stamp(root: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    let files = walkdir::WalkDir::new(root.join(TEMPLATES_DIR)).sort_by_file_name();
    for entry in files.into_iter().filter_map(Result::ok) {
        let metadata = entry.metadata().ok();
        let stamp = metadata.map(|m| (m.len(), m.modified().ok()));
        (entry.path(), stamp).hash(&mut hasher);
    }
    hasher.finish()
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
