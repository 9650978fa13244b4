//! The model of a pack, and everything that makes it from source text.
//!
//! `content/` is walked in sorted order; every `.md` file is a lesson, every sub-folder a
//! unit. Each lesson is parsed from its text alone ([`Lesson::parse`]); only [`load_pack`]
//! touches the disk. Problems are collected, never thrown: loading goes on to the next file.

pub mod article;
pub mod entity;
pub(crate) mod fragment;
pub mod front_matter;
pub(crate) mod markdown;
pub mod quiz;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, Tag};
use rayon::prelude::*;
use serde::Deserialize;

pub use article::{Article, ArticleBlock, FocusSentence};
pub use entity::Entity;
pub use fragment::Fragment;
pub use front_matter::LessonMeta;
pub use quiz::{Choice, Question, QuestionKind, Quiz};

use crate::config::PackConfig;
use crate::error::{Error, ErrorKind, Span};
use fragment::is_lesson_relative;
use markdown::{SourceText, parse_blocks};

/// The folder of lessons inside a pack.
pub const CONTENT_DIR: &str = "content";
/// The optional file that names a unit folder and places it.
pub const UNIT_FILE: &str = "_unit.toml";

/// A whole pack: its settings and its units of lessons, in order.
#[derive(Debug)]
pub struct Pack {
    pub config: PackConfig,
    pub units: Vec<Unit>,
    /// Problems that do not stop a build: symbolic links not followed, and each lesson's own.
    pub warnings: Vec<Error>,
}

impl Pack {
    /// Every lesson of the pack, unit by unit.
    pub fn lessons(&self) -> impl Iterator<Item = &Lesson> {
        self.units
            .iter()
            .flat_map(|unit| unit.lessons.iter().map(Arc::as_ref))
    }
}

/// A folder of lessons; lessons directly in `content/` form a unit with no title.
#[derive(Debug)]
pub struct Unit {
    /// The folder, relative to `content/` (`""` for lessons directly in it).
    pub dir: PathBuf,
    /// From `_unit.toml`, else the folder name; `None` for the top-level unit.
    pub title: Option<String>,
    /// From `_unit.toml`; units sort by order, then by folder.
    pub order: i64,
    /// Shared, so a loader that keeps lessons between loads (see [`LessonCache`]) need not
    /// copy them.
    pub lessons: Vec<Arc<Lesson>>,
}

/// One lesson: an article read focus sentence by focus sentence, and an optional quiz.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// The source file, relative to the pack root (as shown in messages).
    pub path: PathBuf,
    pub meta: LessonMeta,
    /// The folder name of its pages in the site.
    pub slug: String,
    /// Where the slug was set, and that line, for duplicate-slug messages.
    pub slug_span: Span,
    pub slug_excerpt: String,
    pub article: Article,
    pub quiz: Option<Quiz>,
    /// Files the lesson shows (images), relative to the lesson's folder, as written.
    pub files: Vec<LessonFile>,
    /// Problems that do not stop a build (raw HTML that was sanitised).
    pub warnings: Vec<Error>,
}

/// A file next to a lesson that its text references, e.g. `![map](img/map.png)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonFile {
    /// The path as written (after URL decoding), relative to the lesson's folder.
    pub relative: String,
    /// Where it is referenced.
    pub span: Span,
    pub excerpt: String,
}

impl Lesson {
    /// Parses a lesson from its text. `path` (relative to the pack root) is used for
    /// messages and the default slug.
    pub fn parse(path: &Path, text: &str, config: &PackConfig) -> Result<Lesson, Vec<Error>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // CommonMark replaces NUL for safety; fragments also rely on it (see `fragment`).
        // The front matter keeps its NULs: TOML forbids them, and the error says where.
        let without_nul;
        let text = if text.contains('\0') {
            let body =
                front_matter::split(&SourceText::new(path, text)).map_or(0, |s| s.body_start);
            without_nul = format!(
                "{}{}",
                &text[..body],
                text[body..].replace('\0', "\u{fffd}")
            );
            without_nul.as_str()
        } else {
            text
        };
        let source = SourceText::new(path, text);
        let split = front_matter::split(&source).map_err(|e| vec![e])?;
        let meta = front_matter::parse_meta(&source, &split).map_err(|e| vec![e])?;
        let mut errors = Vec::new();

        let slug_offset = front_matter::key_offset(&source, &split, "slug");
        let slug = match &meta.slug {
            Some(slug) => slug.clone(),
            None => {
                front_matter::default_slug(&path.file_stem().unwrap_or_default().to_string_lossy())
            }
        };
        let slug_span = source.span(slug_offset.unwrap_or(0));
        let slug_excerpt = source.line(slug_span.line).to_string();
        if let Some(reason) = front_matter::slug_problem(&slug) {
            errors.push(source.error(
                slug_offset.unwrap_or(0),
                ErrorKind::InvalidSlug {
                    slug: slug.clone(),
                    reason,
                },
            ));
        }

        let blocks = parse_blocks(&text[split.body_start..], split.body_start);
        let quiz_at = blocks
            .iter()
            .position(|b| quiz::quiz_heading_level(b).is_some());
        let (article_blocks, quiz_blocks) = blocks.split_at(quiz_at.unwrap_or(blocks.len()));
        let article = article::parse_article(article_blocks, &source, config, &mut errors);
        if article.focus_sentences.is_empty() {
            let at = article_blocks
                .first()
                .or(quiz_blocks.first())
                .map_or(split.body_start, |b| b.offset());
            errors.push(source.error(at, ErrorKind::EmptyArticle));
        }
        let quiz = quiz_blocks.split_first().map(|(heading, rest)| {
            let level = quiz::quiz_heading_level(heading).expect("split at a quiz heading");
            quiz::parse_quiz(heading, level, rest, &source, config, &mut errors)
        });
        let files = lesson_files(&blocks, &source);
        let mut warnings = Vec::new();
        let (mut article, mut quiz) = (article, quiz);
        if !config.allow_raw_html {
            warnings = raw_html_warnings(&blocks, &source);
            for fragment in fragments_mut(&mut article, quiz.as_mut()) {
                fragment.sanitize();
            }
        }

        if errors.is_empty() {
            Ok(Lesson {
                path: path.to_path_buf(),
                meta,
                slug,
                slug_span,
                slug_excerpt,
                article,
                quiz,
                files,
                warnings,
            })
        } else {
            Err(errors)
        }
    }

    /// The summary: from front matter, else the first focus sentence.
    pub fn summary(&self) -> &str {
        match &self.meta.summary {
            Some(summary) => summary,
            None => self
                .article
                .focus_sentences
                .first()
                .map_or("", |s| s.text.as_str()),
        }
    }

    /// The number of quiz questions (0 without a quiz).
    pub fn question_count(&self) -> usize {
        self.quiz.as_ref().map_or(0, |q| q.questions.len())
    }
}

/// Every rendered fragment of a lesson, to clean them all.
fn fragments_mut<'a>(
    article: &'a mut Article,
    quiz: Option<&'a mut Quiz>,
) -> impl Iterator<Item = &'a mut Fragment> {
    let blocks = article.blocks.iter_mut().filter_map(|block| match block {
        ArticleBlock::Other(fragment) => Some(fragment),
        ArticleBlock::Focus(_) => None,
    });
    let sentences = article.focus_sentences.iter_mut().map(|s| &mut s.html);
    let quiz_parts = quiz.into_iter().flat_map(|quiz| {
        std::iter::once(&mut quiz.intro).chain(quiz.questions.iter_mut().flat_map(|q| {
            [&mut q.prompt, &mut q.body]
                .into_iter()
                .chain(q.explanation.as_mut())
                .chain(q.choices.iter_mut().map(|c| &mut c.html))
        }))
    });
    blocks.chain(sentences).chain(quiz_parts)
}

/// A warning for each piece of raw HTML holding something the sanitiser removes.
fn raw_html_warnings(blocks: &[markdown::Block], source: &SourceText) -> Vec<Error> {
    blocks
        .iter()
        .flat_map(|b| b.events.iter())
        .filter_map(|(event, range)| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let parts = fragment::unsafe_html_parts(raw);
                (!parts.is_empty())
                    .then(|| source.error(range.start, ErrorKind::RawHtmlSanitised(parts)))
            }
            _ => None,
        })
        .collect()
}

/// Every image the lesson shows from its own folder.
fn lesson_files(blocks: &[markdown::Block], source: &SourceText) -> Vec<LessonFile> {
    let mut files = Vec::new();
    for (event, range) in blocks.iter().flat_map(|b| b.events.iter()) {
        if let Event::Start(Tag::Image { dest_url, .. }) = event
            && is_lesson_relative(dest_url)
        {
            let span = source.span(range.start);
            files.push(LessonFile {
                relative: percent_decode(dest_url),
                excerpt: source.line(span.line).to_string(),
                span,
            });
        }
    }
    files
}

/// Decodes `%20` and friends in a URL path; invalid sequences stay as they are.
pub(crate) fn percent_decode(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap() * 16 + hex(l).unwrap()) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitMeta {
    title: Option<String>,
    #[serde(default)]
    order: i64,
}

/// Options that change which lessons a pack has.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include lessons with `draft = true`.
    pub drafts: bool,
}

/// Loads a pack from disk: config, units and lessons, every problem collected.
pub fn load_pack(root: &Path, options: LoadOptions) -> Result<Pack, Vec<Error>> {
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
type LessonResult = Result<Arc<Lesson>, Vec<Error>>;

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
) -> Result<Pack, Vec<Error>> {
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
) -> Result<Pack, Vec<Error>> {
    if cache.config_version != config_version {
        cache.lessons.clear();
        cache.config_version = config_version;
    }
    let content_root = root.join(CONTENT_DIR);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    // Walk once, sorted, without following links; sort files into units.
    let mut unit_dirs: BTreeMap<PathBuf, (Option<UnitMeta>, Vec<PathBuf>)> = BTreeMap::new();
    let walker = walkdir::WalkDir::new(&content_root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(&content_root).to_path_buf();
                let io = err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot read folder"));
                errors.push(Error::io(&relative_to(root, &path), &io));
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

    let lesson_paths: Vec<(PathBuf, PathBuf)> = unit_dirs
        .iter()
        .flat_map(|(dir, (_, lessons))| lessons.iter().map(move |p| (dir.clone(), p.clone())))
        .collect();
    // A lesson file is parsed again unless its size and modification time are as they were
    // before the cached parse read it.
    let stamp = |path: &Path| {
        let metadata = std::fs::metadata(path).ok()?;
        Some((metadata.len(), metadata.modified().ok()))
    };
    type Loaded = (PathBuf, PathBuf, Option<Stamp>, bool, LessonResult);
    let loaded: Vec<Loaded> = lesson_paths
        .par_iter()
        .map(|(dir, path)| {
            let shown = relative_to(root, path);
            let stamp = stamp(path);
            let (reused, lesson) = match cache.lessons.get(&shown) {
                Some(cached) if stamp == Some(cached.stamp) => (true, cached.lesson.clone()),
                _ => (false, load_lesson(root, path, &config).map(Arc::new)),
            };
            (dir.clone(), shown, stamp, reused, lesson)
        })
        .collect();
    let mut seen = HashSet::new();
    let mut parsed: Vec<(PathBuf, LessonResult)> = Vec::new();
    for (dir, shown, stamp, reused, lesson) in loaded {
        seen.insert(shown.clone());
        match stamp {
            Some(stamp) if !reused => {
                cache.next_version += 1;
                let cached = CachedLesson {
                    stamp,
                    version: cache.next_version,
                    lesson: lesson.clone(),
                };
                cache.lessons.insert(shown, cached);
            }
            None => {
                cache.lessons.remove(&shown);
            }
            _ => {}
        }
        parsed.push((dir, lesson));
    }
    cache.lessons.retain(|path, _| seen.contains(path));

    let mut lessons_by_dir: HashMap<PathBuf, Vec<Arc<Lesson>>> = HashMap::new();
    for (dir, result) in parsed {
        match result {
            Ok(lesson) if lesson.meta.draft && !options.drafts => {}
            Ok(lesson) => {
                check_lesson_files(root, &dir, &lesson, &mut errors);
                lessons_by_dir.entry(dir).or_default().push(lesson);
            }
            Err(mut lesson_errors) => errors.append(&mut lesson_errors),
        }
    }

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

    check_duplicate_slugs(&units, &mut errors);
    warnings.extend(
        units
            .iter()
            .flat_map(|u| u.lessons.iter())
            .flat_map(|l| l.warnings.iter().cloned()),
    );
    if errors.is_empty() {
        Ok(Pack {
            config,
            units,
            warnings,
        })
    } else {
        errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Err(errors)
    }
}

/// Links are never followed (a loop, or a way out of the pack); the author hears of each.
fn symlink_warning(root: &Path, path: &Path) -> Error {
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
    Error::at(
        Span {
            path: shown,
            line: 1,
            col: 1,
        },
        None,
        ErrorKind::SymlinkNotFollowed {
            target: target.display().to_string(),
            why,
        },
    )
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// `path` relative to the pack root, for messages.
pub(crate) fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads and parses one lesson file, refusing files over the size limit and non-UTF-8 text.
fn load_lesson(root: &Path, path: &Path, config: &PackConfig) -> Result<Lesson, Vec<Error>> {
    let shown = relative_to(root, path);
    let at_start = |kind| {
        vec![Error::at(
            Span {
                path: shown.clone(),
                line: 1,
                col: 1,
            },
            None,
            kind,
        )]
    };
    let size = std::fs::metadata(path)
        .map_err(|err| vec![Error::io(&shown, &err)])?
        .len();
    if size > config.max_file_size {
        return Err(at_start(ErrorKind::FileTooLarge {
            size,
            limit: config.max_file_size,
        }));
    }
    let bytes = std::fs::read(path).map_err(|err| vec![Error::io(&shown, &err)])?;
    if bytes.is_empty() {
        return Err(at_start(ErrorKind::EmptyFile));
    }
    let text = decode_utf8(&shown, bytes).map_err(|e| vec![e])?;
    Lesson::parse(&shown, &text, config)
}

/// The text of a file, or an error at the first byte that is not UTF-8.
pub(crate) fn decode_utf8(shown: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).expect("prefix is valid");
        SourceText::new(shown, valid).error(valid.len(), ErrorKind::NotUtf8)
    })
}

fn load_unit_meta(root: &Path, path: &Path) -> Result<UnitMeta, Error> {
    let shown = relative_to(root, path);
    let text = std::fs::read_to_string(path).map_err(|err| Error::io(&shown, &err))?;
    let source = SourceText::new(&shown, &text);
    crate::toml_source::parse_toml(&source, 0, text.len(), "_unit.toml", &["title", "order"])
}

/// Every image a lesson references must exist inside its folder's tree.
fn check_lesson_files(root: &Path, dir: &Path, lesson: &Lesson, errors: &mut Vec<Error>) {
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
        errors.push(Error::at(
            file.span.clone(),
            Some(file.excerpt.clone()),
            problem,
        ));
    }
}

fn check_duplicate_slugs(units: &[Unit], errors: &mut Vec<Error>) {
    let mut seen: HashMap<String, &Span> = HashMap::new();
    for lesson in units.iter().flat_map(|u| u.lessons.iter()) {
        let key = lesson.slug.to_lowercase();
        match seen.get(&key) {
            Some(first) => errors.push(Error::at(
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
