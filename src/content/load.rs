//! Loading a pack from disk: the one walk of `content/` (sorted, hidden files skipped, links
//! never followed), the lessons read and parsed in parallel (or taken from a [`LessonCache`]),
//! units made from folders and `_unit.toml`, and the checks that need the whole pack or the
//! disk (images exist, slugs are unique).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use super::front_matter::{key_offset, split};
use super::{CONTENT_DIR, Lesson, LessonFile, Pack, UNIT_FILE, Unit};
use crate::config::PackConfig;
use crate::diagnostic::{Diagnostic, ErrorKind, Lint, LintKind, Span};
use crate::source::{SourceText, decode_utf8, relative_to, walk_error};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitMeta {
    title: Option<String>,
    #[serde(default)]
    order: i64,
}

/// Options that change which lessons a pack has, and what it holds of them.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include lessons with `draft = true`.
    pub drafts: bool,
    /// Whether each lesson keeps its body (see [`Lesson::drop_body`]).
    pub bodies: Bodies,
}

/// Whether the lessons of a pack keep their bodies once loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Bodies {
    /// Every lesson keeps its body.
    #[default]
    Kept,
    /// Bodies are dropped when the pack's lesson files hold more than [`BODY_BUDGET`]
    /// bytes: a build then parses each lesson again when it writes its pages, which costs
    /// less than holding every body at once would.
    Budgeted,
    /// Every lesson drops its body.
    Dropped,
}

/// The size of lesson files a pack may hold in full, about 16,000 lessons of 4 KB: in
/// memory, a lesson with its body takes five times its file's size, and without it half.
pub const BODY_BUDGET: u64 = 64 << 20;

/// Loads a pack from disk: config, units and lessons, every problem collected.
pub fn load_pack(root: &Path, options: LoadOptions) -> Result<Pack, Vec<Diagnostic>> {
    let config = PackConfig::load(root).map_err(|e| vec![e])?;
    load_lessons(root, config, options)
}

/// Lessons parsed by earlier loads, for a process that loads the same pack again and again
/// (`serve`): a lesson file whose size and modification time are unchanged, under the same
/// config, is taken from here instead of being read and parsed again.
#[derive(Default)]
pub struct LessonCache {
    /// The config the lessons were parsed under.
    config_version: u64,
    /// By the lesson file's path.
    lessons: HashMap<PathBuf, CachedLesson>,
    next_version: u64,
}

/// A lesson as loaded: parsed, or the problems that stopped it.
type LessonResult = Result<Arc<Lesson>, Vec<Diagnostic>>;

/// A file's size and modification time.
type Stamp = (u64, Option<std::time::SystemTime>);

struct CachedLesson {
    stamp: Stamp,
    /// Changes whenever the lesson is parsed anew.
    version: u64,
    lesson: LessonResult,
}

impl LessonCache {
    /// A number that changes whenever the lesson from the file at `path` (relative to the
    /// pack root, as [`Lesson::path`]) is parsed anew.
    pub fn version(&self, path: &Path) -> Option<u64> {
        self.lessons.get(path).map(|cached| cached.version)
    }
}

/// Loads the units and lessons of the pack at `root`, whose config is already read.
pub fn load_lessons(
    root: &Path,
    config: PackConfig,
    options: LoadOptions,
) -> Result<Pack, Vec<Diagnostic>> {
    load_lessons_cached(root, config, options, &mut LessonCache::default(), 0)
}

/// [`load_lessons`], taking unchanged lessons from `cache` and leaving every lesson in it.
/// `config_version` identifies the config (a hash of its text): lessons parsed under
/// another are parsed again.
pub fn load_lessons_cached(
    root: &Path,
    config: PackConfig,
    options: LoadOptions,
    cache: &mut LessonCache,
    config_version: u64,
) -> Result<Pack, Vec<Diagnostic>> {
    let (pack, errors) = load_all(root, config, options, cache, config_version);
    match errors.is_empty() {
        true => Ok(pack),
        false => Err(errors),
    }
}

/// The pack as far as it loads, with the problems that stopped the rest (sorted): every
/// lesson that parsed is in it, also when others did not or when its images are missing.
/// For `check`, which looks at the good lessons of a broken pack.
pub fn load_lessons_partial(
    root: &Path,
    config: PackConfig,
    options: LoadOptions,
) -> (Pack, Vec<Diagnostic>) {
    load_all(root, config, options, &mut LessonCache::default(), 0)
}

/// What walking `content/` found, by unit folder (relative to `content/`, sorted).
type UnitFolders = BTreeMap<PathBuf, (Option<UnitMeta>, Vec<PathBuf>)>;

fn load_all(
    root: &Path,
    config: PackConfig,
    options: LoadOptions,
    cache: &mut LessonCache,
    config_version: u64,
) -> (Pack, Vec<Diagnostic>) {
    if cache.config_version != config_version {
        cache.lessons.clear();
        cache.config_version = config_version;
    }
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let unit_dirs = walk_content(root, &mut errors, &mut warnings);
    let parsed = parse_lessons(root, &unit_dirs, &config, cache, options.bodies);

    let mut lessons_by_dir: HashMap<PathBuf, Vec<Arc<Lesson>>> = HashMap::new();
    for (dir, result, mut file_errors) in parsed {
        match result {
            Ok(lesson) if lesson.meta.draft && !options.drafts => {}
            Ok(lesson) => {
                errors.append(&mut file_errors);
                lessons_by_dir.entry(dir).or_default().push(lesson);
            }
            Err(mut lesson_errors) => errors.append(&mut lesson_errors),
        }
    }
    let units = make_units(unit_dirs, lessons_by_dir);
    check_duplicate_slugs(&units, &mut errors);
    warnings.extend(
        units
            .iter()
            .flat_map(|u| u.lessons.iter())
            .flat_map(|l| l.warnings.iter().cloned()),
    );
    errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let pack = Pack {
        config,
        units,
        warnings,
    };
    (pack, errors)
}

/// Walks `content/` once, sorted, without following links, sorting files into units.
fn walk_content(
    root: &Path,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Lint>,
) -> UnitFolders {
    let content_root = root.join(CONTENT_DIR);
    let mut unit_dirs = UnitFolders::new();
    let walker = walkdir::WalkDir::new(&content_root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                errors.push(walk_error(err, root, &content_root));
                continue;
            }
        };
        if entry.path_is_symlink() {
            warnings.push(symlink_warning(root, entry.path()));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let dir = path
            .parent()
            .and_then(|p| p.strip_prefix(&content_root).ok())
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let unit = unit_dirs.entry(dir).or_default();
        if entry.file_name() == UNIT_FILE {
            match load_unit_meta(root, path) {
                Ok(meta) => unit.0 = Some(meta),
                Err(err) => errors.push(err),
            }
        } else if path.extension().is_some_and(|ext| ext == "md") {
            unit.1.push(path.to_path_buf());
        }
    }
    unit_dirs
}

/// Parses every lesson file in parallel, in walk order, with its unit folder and the problems
/// with its images and recordings; takes unchanged ones from `cache` and leaves every one in
/// it, unless the lessons drop their bodies (as `bodies` says): a cache keeps whole lessons.
fn parse_lessons(
    root: &Path,
    unit_dirs: &UnitFolders,
    config: &PackConfig,
    cache: &mut LessonCache,
    bodies: Bodies,
) -> Vec<(PathBuf, LessonResult, Vec<Diagnostic>)> {
    // A lesson file is parsed again unless its size and modification time are as they were
    // before the cached parse read it.
    let stamp = |path: &Path| {
        let metadata = std::fs::metadata(path).ok()?;
        Some((metadata.len(), metadata.modified().ok()))
    };
    let lesson_paths: Vec<(&PathBuf, &PathBuf, Option<Stamp>)> = unit_dirs
        .iter()
        .flat_map(|(dir, (_, lessons))| lessons.iter().map(move |p| (dir, p)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(dir, path)| (dir, path, stamp(path)))
        .collect();
    let drop_bodies = match bodies {
        Bodies::Kept => false,
        Bodies::Dropped => true,
        Bodies::Budgeted => {
            let sizes = lesson_paths.iter().filter_map(|(_, _, stamp)| *stamp);
            sizes.map(|(size, _)| size).sum::<u64>() > BODY_BUDGET
        }
    };
    // With the lesson as parsed, for the cache, when it was parsed and keeps its body.
    type Loaded = (
        PathBuf,
        PathBuf,
        Option<Stamp>,
        Option<LessonResult>,
        LessonResult,
    );
    let loaded: Vec<(Loaded, Vec<Diagnostic>)> = lesson_paths
        .par_iter()
        .map(|&(dir, path, stamp)| {
            let shown = relative_to(root, path);
            let (parsed, mut lesson) = match cache.lessons.get(&shown) {
                Some(cached) if stamp == Some(cached.stamp) => (None, cached.lesson.clone()),
                _ if drop_bodies => (None, load_lesson(root, path, config).map(Arc::new)),
                _ => {
                    let parsed = load_lesson(root, path, config).map(Arc::new);
                    (Some(parsed.clone()), parsed)
                }
            };
            let mut file_errors = Vec::new();
            if let Ok(lesson) = &mut lesson {
                if lesson.meta.audio.is_some() {
                    find_recordings(root, dir, Arc::make_mut(lesson), &mut file_errors);
                }
                check_lesson_files(root, dir, lesson, &mut file_errors);
                if drop_bodies {
                    Arc::make_mut(lesson).drop_body();
                }
            }
            let loaded = (dir.to_path_buf(), shown, stamp, parsed, lesson);
            (loaded, file_errors)
        })
        .collect();
    let mut seen = HashSet::new();
    let mut lessons = Vec::with_capacity(loaded.len());
    for ((dir, shown, stamp, parsed, lesson), file_errors) in loaded {
        seen.insert(shown.clone());
        match (stamp, parsed) {
            (Some(stamp), Some(parsed)) => {
                cache.next_version += 1;
                let cached = CachedLesson {
                    stamp,
                    version: cache.next_version,
                    lesson: parsed,
                };
                cache.lessons.insert(shown, cached);
            }
            (None, _) => {
                cache.lessons.remove(&shown);
            }
            (Some(_), None) => {}
        }
        lessons.push((dir, lesson, file_errors));
    }
    cache.lessons.retain(|path, _| seen.contains(path));
    lessons
}

/// The units that have lessons, titled and in order.
fn make_units(
    unit_dirs: UnitFolders,
    mut lessons_by_dir: HashMap<PathBuf, Vec<Arc<Lesson>>>,
) -> Vec<Unit> {
    let mut units: Vec<Unit> = unit_dirs
        .into_iter()
        .filter_map(|(dir, (meta, _))| {
            let lessons = lessons_by_dir.remove(&dir)?;
            let title = match &meta {
                Some(UnitMeta {
                    title: Some(title), ..
                }) => Some(title.clone()),
                _ if dir.as_os_str().is_empty() => None,
                _ => Some(
                    dir.to_string_lossy()
                        .replace(std::path::MAIN_SEPARATOR, " / "),
                ),
            };
            Some(Unit {
                order: meta.map_or(0, |m| m.order),
                title,
                dir,
                lessons,
            })
        })
        .collect();
    units.sort_by(|a, b| (a.order, &a.dir).cmp(&(b.order, &b.dir)));
    units
}

/// Links are never followed (a loop, or a way out of the pack); the author hears of each.
fn symlink_warning(root: &Path, path: &Path) -> Lint {
    let shown = relative_to(root, path);
    let target = std::fs::read_link(path).unwrap_or_default();
    let resolved = path.parent().unwrap_or(root).join(&target);
    let why = match (
        std::fs::canonicalize(&resolved),
        std::fs::canonicalize(root),
    ) {
        (Err(_), _) => " (it leads nowhere: a loop or a missing file)",
        (Ok(target), Ok(root)) if !target.starts_with(&root) => " (it points outside the pack)",
        _ => "",
    };
    Lint::at(
        Span {
            path: shown.into(),
            line: 1,
            col: 1,
        },
        None,
        LintKind::SymlinkNotFollowed {
            target: target.display().to_string(),
            why,
        },
    )
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Reads and parses one lesson file, refusing files over the size limit and non-UTF-8 text.
/// Reads and parses the lesson at `path` (relative to the pack root, as [`Lesson::path`]).
pub(super) fn read_lesson(
    root: &Path,
    path: &Path,
    config: &PackConfig,
) -> Result<Lesson, Vec<Diagnostic>> {
    load_lesson(root, &root.join(path), config)
}

fn load_lesson(root: &Path, path: &Path, config: &PackConfig) -> Result<Lesson, Vec<Diagnostic>> {
    let shown = relative_to(root, path);
    let at_start = |kind| {
        vec![Diagnostic::at(
            Span {
                path: shown.clone().into(),
                line: 1,
                col: 1,
            },
            None,
            kind,
        )]
    };
    let io_error = |err: std::io::Error| vec![Diagnostic::io(&shown, &err)];
    // The size comes from the open file, so the path is looked up once; a file that cannot be
    // opened is measured by its path, so that its size is still checked before the failed
    // open is reported.
    let file = std::fs::File::open(path);
    let metadata = match &file {
        Ok(file) => file.metadata(),
        Err(_) => std::fs::metadata(path),
    };
    let size = metadata.map_err(io_error)?.len();
    if size > config.max_file_size {
        return Err(at_start(ErrorKind::FileTooLarge {
            size,
            limit: config.max_file_size,
        }));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.and_then(|mut file| file.read_to_end(&mut bytes))
        .map_err(io_error)?;
    if bytes.is_empty() {
        return Err(at_start(ErrorKind::EmptyFile));
    }
    let text = decode_utf8(&shown, bytes).map_err(|e| vec![e])?;
    Lesson::parse(&shown, &text, config)
}

fn load_unit_meta(root: &Path, path: &Path) -> Result<UnitMeta, Diagnostic> {
    let shown = relative_to(root, path);
    let text = std::fs::read_to_string(path).map_err(|err| Diagnostic::io(&shown, &err))?;
    let source = SourceText::new(&shown, &text);
    crate::source::toml_spans::parse_toml(&source, 0, text.len(), "_unit.toml", &["title", "order"])
}

/// The extensions of recordings, in the order they are looked for.
pub const AUDIO_EXTENSIONS: &[&str] = &["mp3", "ogg", "m4a"];

/// Finds the recording of each focus sentence in the lesson's `audio` folder (`<n>.mp3`,
/// else `.ogg`, else `.m4a`) and adds them to the files it shows. Looked up at every load,
/// not cached with the parsed lesson: recordings come and go without the lesson changing. A
/// sentence without one is read by speech synthesis.
fn find_recordings(root: &Path, dir: &Path, lesson: &mut Lesson, errors: &mut Vec<Diagnostic>) {
    let Some(written) = lesson.meta.audio.clone() else {
        return;
    };
    let folder = written.trim_end_matches('/');
    let relative = Path::new(folder);
    let stays_inside = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    let full = root.join(CONTENT_DIR).join(dir).join(relative);
    let source = SourceText::new(&lesson.path, &lesson.source);
    let at = split(&source)
        .ok()
        .and_then(|split| key_offset(&source, &split, "audio"))
        .unwrap_or(0);
    if !stays_inside || !full.is_dir() {
        errors.push(source.error(at, ErrorKind::MissingAudioFolder(written)));
        return;
    }
    let span = source.span(at);
    let excerpt = source.line(span.line).to_string();
    lesson.audio = (1..=lesson.article.focus_sentences.len())
        .map(|n| {
            let name = AUDIO_EXTENSIONS
                .iter()
                .map(|ext| format!("{n}.{ext}"))
                .find(|name| full.join(name).is_file())?;
            let file = if folder.is_empty() || folder == "." {
                name
            } else {
                format!("{folder}/{name}")
            };
            lesson.files.push(LessonFile {
                relative: file.clone(),
                span: span.clone(),
                excerpt: excerpt.clone(),
            });
            Some(file)
        })
        .collect();
}

/// Every image a lesson references must exist inside its folder's tree.
fn check_lesson_files(root: &Path, dir: &Path, lesson: &Lesson, errors: &mut Vec<Diagnostic>) {
    for file in &lesson.files {
        let relative = Path::new(&file.relative);
        let stays_inside = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        let full = root.join(CONTENT_DIR).join(dir).join(relative);
        let problem = if !stays_inside {
            ErrorKind::ImageOutsideLesson(file.relative.clone())
        } else if !full.is_file() {
            ErrorKind::MissingImage(file.relative.clone())
        } else {
            continue;
        };
        errors.push(Diagnostic::at(
            file.span.clone(),
            Some(file.excerpt.clone()),
            problem,
        ));
    }
}

fn check_duplicate_slugs(units: &[Unit], errors: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Span> = HashMap::new();
    for lesson in units.iter().flat_map(|u| u.lessons.iter()) {
        let key = lesson.slug.to_lowercase();
        match seen.get(&key) {
            Some(first) => errors.push(Diagnostic::at(
                lesson.slug_span.clone(),
                Some(lesson.slug_excerpt.clone()),
                ErrorKind::DuplicateSlug {
                    slug: lesson.slug.clone(),
                    first: (*first).clone(),
                },
            )),
            None => {
                seen.insert(key, &lesson.slug_span);
            }
        }
    }
}
