//! The model of a pack, and everything that makes it from source text.
//!
//! `content/` is walked in sorted order; every `.md` file is a lesson, every sub-folder a
//! unit. Each lesson is parsed from its text alone ([`Lesson::parse`]); only [`load`] touches
//! the disk. Problems are collected, never thrown: loading goes on to the next file.
//!
//! A lesson keeps where everything in it was written (entity marks, links, images, focus
//! sentences, questions, choices), so checks over the model can point at the source.

pub mod article;
pub mod entity;
pub(crate) mod fragment;
pub mod front_matter;
pub mod load;
pub(crate) mod markdown;
pub mod quiz;
pub mod reading;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, Tag};

pub use article::{Article, ArticleBlock, FocusSentence};
pub use entity::{Entity, EntityMark};
pub use fragment::Fragment;
pub use front_matter::LessonMeta;
pub use load::{
    BODY_BUDGET, Bodies, LessonCache, LoadOptions, load_lessons, load_lessons_cached,
    load_lessons_partial, load_pack,
};
pub use quiz::{Answer, Blank, Choice, Cloze, Question, QuestionKind, Quiz, QuizShape};

use crate::config::PackConfig;
use crate::diagnostic::{Diagnostic, ErrorKind, Lint, LintKind, Span};
use crate::source::SourceText;
use crate::web::percent_decode_path;
use entity::{EntityLink, parse_entity_link};
use fragment::is_lesson_relative;
use markdown::parse_blocks;

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
    pub warnings: Vec<Lint>,
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
///
/// A lesson of a large pack may have dropped its body (see [`Lesson::drop_body`]): then its
/// quiz, its article's `blocks`, its focus sentences' `html`, its `marks` and its `source`
/// are gone ([`Lesson::quiz`] panics). What is known of its quiz without them comes from
/// [`Lesson::has_quiz`], [`Lesson::question_count`] and [`Lesson::quiz_shape`]; a view of its
/// own pages takes the lesson from [`Lesson::with_body`].
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
    /// Read through [`Lesson::quiz`], which refuses a lesson that dropped its body.
    quiz: Option<Quiz>,
    /// Files the lesson shows (images, recordings), relative to the lesson's folder, as
    /// written.
    pub files: Vec<LessonFile>,
    /// The length of the focus sentences, counted once: every page of the lesson and every
    /// list of lessons shows it.
    length: reading::TextLength,
    /// Each focus sentence's recording, if the lesson's `audio` folder has one, relative to
    /// the lesson's folder (one of `files`); set when the pack is loaded.
    pub audio: Vec<Option<String>>,
    /// Every entity mark of the article and the quiz, in the order written.
    pub marks: Vec<EntityMark>,
    /// Every link that is not an entity mark, and every image, in the order written.
    pub links: Vec<LinkTarget>,
    /// The text as parsed (no byte order mark), for the source lines shown under diagnostics.
    pub source: Arc<str>,
    /// Problems that do not stop a build (raw HTML that was sanitised).
    pub warnings: Vec<Lint>,
    /// Set when the lesson's body was dropped (see [`Lesson::drop_body`]).
    dropped: Option<DroppedBody>,
}

/// What a lesson whose body was dropped still tells of it, and how to check that its file
/// still holds the text it was loaded from.
#[derive(Debug, Clone)]
struct DroppedBody {
    /// A hash of [`Lesson::source`] as loaded.
    source_hash: u64,
    question_count: usize,
    /// What the quiz asks, if the lesson has a quiz.
    quiz: Option<QuizShape>,
}

/// A destination a lesson's text points at, as written: `[notes](notes.md)`, `![map](map.png)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub kind: LinkKind,
    /// The destination as written (not decoded).
    pub url: String,
    /// Where the link or image starts.
    pub span: Span,
}

/// Whether a [`LinkTarget`] is followed or shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Link,
    Image,
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
    pub fn parse(path: &Path, text: &str, config: &PackConfig) -> Result<Lesson, Vec<Diagnostic>> {
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

        let (slug, slug_span, slug_excerpt) = parse_slug(&source, &split, &meta, &mut errors);

        let blocks = parse_blocks(&text[split.body_start..], split.body_start);
        let quiz_at = blocks
            .iter()
            .position(|b| quiz::quiz_heading_level(b).is_some());
        let (article_blocks, quiz_blocks) = blocks.split_at(quiz_at.unwrap_or(blocks.len()));
        let mut marks = Vec::new();
        let article =
            article::parse_article(article_blocks, &source, config, &mut marks, &mut errors);
        for block in article_blocks {
            quiz::cloze::report_stray_blanks(&block.events, &source, &mut errors);
        }
        if article.focus_sentences.is_empty() {
            let at = article_blocks
                .first()
                .or(quiz_blocks.first())
                .map_or(split.body_start, |b| b.offset());
            errors.push(source.error(at, ErrorKind::EmptyArticle));
        }
        let quiz = quiz_blocks.split_first().map(|(heading, rest)| {
            let level = quiz::quiz_heading_level(heading).expect("split at a quiz heading");
            quiz::parse_quiz(
                heading,
                level,
                rest,
                &source,
                config,
                &mut marks,
                &mut errors,
            )
        });
        if let Some(quiz) = &quiz {
            let count = article.focus_sentences.len();
            quiz::check_evidence(quiz, count, &source, &mut errors);
        }
        if let (Some(quiz), Some(heading)) = (&quiz, quiz_blocks.first()) {
            let at = heading.offset();
            quiz::check_policies(quiz, at, &meta, &split, &source, config, &mut errors);
        }
        let links = link_targets(&blocks, &source);
        let files = lesson_files(&links, &source);
        let mut warnings = placeholder_warnings(&article, &source);
        let (mut article, mut quiz) = (article, quiz);
        if !config.allow_raw_html {
            warnings.extend(raw_html_warnings(&blocks, &source));
            for fragment in fragments_mut(&mut article, quiz.as_mut()) {
                fragment.sanitize();
            }
        }

        if errors.is_empty() {
            // A pack holds every lesson at once: no spare capacity is kept.
            article.shrink_to_fit();
            if let Some(quiz) = &mut quiz {
                quiz.shrink_to_fit();
            }
            shrink_exact(&mut marks);
            let (mut links, mut files) = (links, files);
            shrink_exact(&mut links);
            shrink_exact(&mut files);
            shrink_exact(&mut warnings);
            let length = article
                .focus_sentences
                .iter()
                .map(|sentence| reading::TextLength::of(&sentence.text))
                .sum();
            Ok(Lesson {
                length,
                path: path.to_path_buf(),
                meta,
                slug,
                slug_span,
                slug_excerpt,
                article,
                quiz,
                files,
                audio: Vec::new(),
                marks,
                links,
                source: Arc::from(text),
                warnings,
                dropped: None,
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

    /// The text of a 1-based line of the source, without its line ending (`""` past the end).
    pub fn source_line(&self, line: usize) -> &str {
        self.source
            .split('\n')
            .nth(line.saturating_sub(1))
            .map_or("", |text| text.trim_end_matches('\r'))
    }

    /// The length of the article's focus sentences, the text a learner reads.
    pub fn text_length(&self) -> reading::TextLength {
        self.length
    }

    /// The number of quiz questions (0 without a quiz).
    pub fn question_count(&self) -> usize {
        match &self.dropped {
            Some(dropped) => dropped.question_count,
            None => self.quiz.as_ref().map_or(0, |q| q.questions.len()),
        }
    }

    /// The lesson's quiz, if it has one.
    ///
    /// # Panics
    /// If the lesson dropped its body: pages across the pack must not show its quiz, and a
    /// page of its own takes it from [`Lesson::with_body`].
    pub fn quiz(&self) -> Option<&Quiz> {
        assert!(
            self.has_body(),
            "{} dropped its body: its quiz is parsed again by Lesson::with_body",
            self.path.display()
        );
        self.quiz.as_ref()
    }

    /// Whether the lesson has a quiz (and so a quiz page).
    pub fn has_quiz(&self) -> bool {
        match &self.dropped {
            Some(dropped) => dropped.quiz.is_some(),
            None => self.quiz.is_some(),
        }
    }

    /// What the lesson's quiz asks, if it has one.
    pub fn quiz_shape(&self) -> Option<QuizShape> {
        match &self.dropped {
            Some(dropped) => dropped.quiz.clone(),
            None => self.quiz.as_ref().map(Quiz::shape),
        }
    }

    /// Drops the lesson's *body*: what only its own pages show (its article's blocks, its
    /// focus sentences' HTML and its quiz), its entity marks and its source text. What pages
    /// across the pack show of it stays: its metadata, slug, files, recordings, and each
    /// focus sentence's text and entities. A pack of 100,000 lessons cannot hold every body
    /// at once; [`Lesson::with_body`] gives the lesson back whole when its pages are made.
    pub fn drop_body(&mut self) {
        if self.dropped.is_some() {
            return;
        }
        self.dropped = Some(DroppedBody {
            source_hash: source_hash(&self.source),
            question_count: self.question_count(),
            quiz: self.quiz_shape(),
        });
        self.quiz = None;
        self.article.blocks = Vec::new();
        for sentence in &mut self.article.focus_sentences {
            sentence.html = Fragment::default();
        }
        self.marks = Vec::new();
        self.source = Arc::from("");
    }

    /// Whether the lesson holds its body (it was not dropped).
    pub fn has_body(&self) -> bool {
        self.dropped.is_none()
    }

    /// The lesson whole: itself if it holds its body, else itself with the body parsed
    /// again from its file under `root` (which must still hold the text it was loaded from).
    pub fn with_body(
        &self,
        root: &Path,
        config: &PackConfig,
    ) -> Result<std::borrow::Cow<'_, Lesson>, Diagnostic> {
        let Some(dropped) = &self.dropped else {
            return Ok(std::borrow::Cow::Borrowed(self));
        };
        let changed = || {
            Diagnostic::at(
                Span {
                    path: self.path.clone().into(),
                    line: 1,
                    col: 1,
                },
                None,
                ErrorKind::ChangedDuringBuild,
            )
        };
        let parsed = load::read_lesson(root, &self.path, config)
            .ok()
            .filter(|parsed| source_hash(&parsed.source) == dropped.source_hash)
            .ok_or_else(changed)?;
        let mut whole = self.clone();
        whole.dropped = None;
        whole.quiz = parsed.quiz;
        whole.article.blocks = parsed.article.blocks;
        let sentences = whole.article.focus_sentences.iter_mut();
        for (sentence, parsed) in sentences.zip(parsed.article.focus_sentences) {
            sentence.html = parsed.html;
        }
        whole.marks = parsed.marks;
        whole.source = parsed.source;
        Ok(std::borrow::Cow::Owned(whole))
    }
}

/// Gives back a vector's spare capacity, for a model that holds every lesson at once.
/// `Vec::shrink_to_fit` asks the allocator to shrink the block in place, and mimalloc keeps
/// the whole block while the vector still fills half of it; a vector with room to spare is
/// moved into an allocation of its length instead.
pub(crate) fn shrink_exact<T>(vec: &mut Vec<T>) {
    if vec.len() < vec.capacity() {
        let mut exact = Vec::with_capacity(vec.len());
        exact.append(vec);
        *vec = exact;
    }
}

/// The hash a dropped body keeps of its lesson's source text.
fn source_hash(source: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = twox_hash::XxHash3_64::with_seed(0);
    hasher.write(source.as_bytes());
    hasher.finish()
}

/// The lesson's slug (from front matter, else from the file name), where it was set and that
/// line; an unusable slug is reported in `errors`.
fn parse_slug(
    source: &SourceText,
    split: &front_matter::Split,
    meta: &LessonMeta,
    errors: &mut Vec<Diagnostic>,
) -> (String, Span, String) {
    let slug_offset = front_matter::key_offset(source, split, "slug");
    let slug = match &meta.slug {
        Some(slug) => slug.clone(),
        None => front_matter::default_slug(
            &source
                .path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy(),
        ),
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
    (slug, slug_span, slug_excerpt)
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
        std::iter::once(&mut quiz.intro).chain(
            quiz.questions
                .iter_mut()
                .flat_map(|question| question.fragments_mut()),
        )
    });
    blocks.chain(sentences).chain(quiz_parts)
}

/// A warning for each focus sentence left for the author to write (`lessonpack import`
/// writes one, [`article::PLACEHOLDER_SENTENCE`], in a lesson made from questions alone).
fn placeholder_warnings(article: &Article, source: &SourceText) -> Vec<Lint> {
    article
        .focus_sentences
        .iter()
        .filter(|sentence| quiz::is_placeholder(&sentence.text))
        .map(|sentence| {
            let excerpt = Some(source.line(sentence.span.line).to_string());
            Lint::at(
                sentence.span.clone(),
                excerpt,
                LintKind::PlaceholderSentence,
            )
        })
        .collect()
}

/// A warning for each piece of raw HTML holding something the sanitiser removes.
fn raw_html_warnings(blocks: &[markdown::Block], source: &SourceText) -> Vec<Lint> {
    blocks
        .iter()
        .flat_map(|b| b.events.iter())
        .filter_map(|(event, range)| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let parts = fragment::unsafe_html_parts(raw);
                (!parts.is_empty())
                    .then(|| source.lint(range.start, LintKind::RawHtmlSanitised(parts)))
            }
            _ => None,
        })
        .collect()
}

/// Every link destination that is not an entity mark, and every image, in the order written.
fn link_targets(blocks: &[markdown::Block], source: &SourceText) -> Vec<LinkTarget> {
    let mut links = Vec::new();
    for (event, range) in blocks.iter().flat_map(|b| b.events.iter()) {
        let (kind, url) = match event {
            Event::Start(Tag::Image { dest_url, .. }) => (LinkKind::Image, dest_url),
            Event::Start(Tag::Link { dest_url, .. })
                if parse_entity_link(dest_url) == EntityLink::NotEntity =>
            {
                (LinkKind::Link, dest_url)
            }
            _ => continue,
        };
        links.push(LinkTarget {
            kind,
            url: url.to_string(),
            span: source.span(range.start),
        });
    }
    links
}

/// Every image the lesson shows from its own folder.
fn lesson_files(links: &[LinkTarget], source: &SourceText) -> Vec<LessonFile> {
    links
        .iter()
        .filter(|link| link.kind == LinkKind::Image && is_lesson_relative(&link.url))
        .map(|link| LessonFile {
            relative: percent_decode_path(&link.url),
            excerpt: source.line(link.span.line).to_string(),
            span: link.span.clone(),
        })
        .collect()
}

/// Every string of up to `max_len` characters from `alphabet`, the empty one first: for tests
/// that check a fast path against the plain one on every short input.
#[cfg(test)]
pub(crate) fn every_string(alphabet: &[char], max_len: usize) -> Vec<String> {
    let mut strings = vec![String::new()];
    let mut last = strings.clone();
    for _ in 0..max_len {
        last = (last.iter())
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        strings.extend(last.iter().cloned());
    }
    strings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(text: &str) -> Lesson {
        let config = PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"T\"\nlanguage = \"en\"\n",
        )
        .expect("a valid config");
        Lesson::parse(Path::new("content/a.md"), text, &config).expect("a valid lesson")
    }

    fn place(span: &Span) -> String {
        format!("{}:{}:{}", span.path.display(), span.line, span.col)
    }

    const TEXT: &str = "\u{feff}+++\ntitle = \"T\"\n+++\n\nSaw [Deep Seek](org:DeepSeek) and [notes](notes.md#top).\n\n![map](img/map%20a.png) [DeepSeek](org:) again.\n\n## Quiz {.quiz}\n\n### Who, [Ada](person:)?\n- [x] [Ada](person:)\n- [ ] Bob\n";

    #[test]
    fn entity_marks_keep_their_canonical_name_and_place_in_article_and_quiz() {
        let lesson = lesson(TEXT);
        let marks: Vec<(String, String)> = lesson
            .marks
            .iter()
            .map(|m| (m.entity.name.clone(), place(&m.span)))
            .collect();
        assert_eq!(
            marks,
            [
                ("DeepSeek".to_string(), "content/a.md:5:5".to_string()),
                ("DeepSeek".to_string(), "content/a.md:7:25".to_string()),
                ("Ada".to_string(), "content/a.md:11:10".to_string()),
                ("Ada".to_string(), "content/a.md:12:7".to_string()),
            ]
        );
        // The sentence lists its entity once; the marks list every mark.
        assert_eq!(lesson.article.focus_sentences[1].entities.len(), 1);
    }

    #[test]
    fn links_and_images_keep_their_destination_as_written_and_place() {
        let lesson = lesson(TEXT);
        let links: Vec<(LinkKind, &str, String)> = lesson
            .links
            .iter()
            .map(|l| (l.kind, l.url.as_str(), place(&l.span)))
            .collect();
        assert_eq!(
            links,
            [
                (
                    LinkKind::Link,
                    "notes.md#top",
                    "content/a.md:5:35".to_string()
                ),
                (
                    LinkKind::Image,
                    "img/map%20a.png",
                    "content/a.md:7:1".to_string()
                ),
            ]
        );
        assert_eq!(lesson.files[0].relative, "img/map a.png");
        assert_eq!(
            lesson.source_line(7),
            "![map](img/map%20a.png) [DeepSeek](org:) again."
        );
        assert_eq!(lesson.source_line(1), "+++", "no byte order mark");
    }
}
