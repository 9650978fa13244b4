//! The `+++` block at the top of a lesson: where it ends, and its TOML as [`LessonMeta`].

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::config::{QuizPolicy, WrittenPolicy, value_offset};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::source::SourceText;
use crate::source::toml_spans::parse_toml;

/// The front matter of a lesson, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonMeta {
    #[serde(default)]
    pub title: String,
    /// A TOML date (or date-time), kept as written, e.g. `2026-02-10`.
    pub date: Option<toml::value::Datetime>,
    /// A learner level such as a CEFR level (`B2`).
    pub level: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// Shuffle the quiz's choices on each visit; overrides the pack's `[quiz] shuffle`.
    pub shuffle: Option<bool>,
    /// An entity practice page for this lesson; overrides the pack's `[quiz] practice`.
    pub practice: Option<crate::config::Practice>,
    /// The quiz policies as written (see `quiz_policy` for them checked).
    tries: Option<i64>,
    show_answers: Option<String>,
    pass_mark: Option<i64>,
    partial_credit: Option<bool>,
    pick: Option<i64>,
    /// The lesson's quiz policies, checked; each wins over the pack's `[quiz]`.
    #[serde(skip)]
    pub quiz_policy: QuizPolicy,
    /// Short notes about entities, by canonical name, shown when a learner taps a tag.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
    /// A folder, relative to the lesson's, of recordings of its focus sentences: `1.mp3`,
    /// `2.mp3`, … (or `.ogg`, `.m4a`), found when the pack is loaded.
    pub audio: Option<String>,
}

const META_KEYS: &[&str] = &[
    "title",
    "date",
    "level",
    "tags",
    "slug",
    "summary",
    "draft",
    "shuffle",
    "tries",
    "show_answers",
    "pass_mark",
    "partial_credit",
    "pick",
    "practice",
    "notes",
    "audio",
];

/// Where the parts of a lesson file lie, as byte offsets into its text.
pub(crate) struct Split {
    /// The TOML between the two `+++` lines.
    pub toml: std::ops::Range<usize>,
    /// Everything after the closing `+++` line.
    pub body_start: usize,
}

/// Finds the front matter: a first line `+++`, then TOML, then a line `+++`.
pub(crate) fn split(source: &SourceText) -> Result<Split, Diagnostic> {
    let text = source.text;
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "+++" {
        return Err(source.error(0, ErrorKind::FrontMatterMissing));
    }
    let mut offset = first_line_end;
    while offset < text.len() {
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..line_end].trim_end() == "+++" {
            return Ok(Split {
                toml: first_line_end..offset,
                body_start: line_end,
            });
        }
        offset = line_end;
    }
    Err(source.error(0, ErrorKind::FrontMatterUnclosed))
}

/// Parses the front matter TOML; a missing or blank title is reported at the opening `+++`.
pub(crate) fn parse_meta(source: &SourceText, split: &Split) -> Result<LessonMeta, Diagnostic> {
    let mut meta: LessonMeta = parse_toml(
        source,
        split.toml.start,
        split.toml.end,
        "front matter",
        META_KEYS,
    )?;
    if meta.title.trim().is_empty() {
        let at = key_offset(source, split, "title").unwrap_or(0);
        return Err(source.error(at, ErrorKind::MissingTitle));
    }
    let written = WrittenPolicy {
        tries: meta.tries,
        show_answers: meta.show_answers.clone(),
        pass_mark: meta.pass_mark,
        partial_credit: meta.partial_credit,
        pick: meta.pick,
    };
    let toml = &source.text[split.toml.clone()];
    meta.quiz_policy = written.check(source, |key| {
        value_offset(toml, &[], key).map_or(split.toml.start, |at| split.toml.start + at)
    })?;
    Ok(meta)
}

/// The byte offset of the line that sets `key` in the front matter, if any.
pub(crate) fn key_offset(source: &SourceText, split: &Split, key: &str) -> Option<usize> {
    let toml = &source.text[split.toml.clone()];
    let mut offset = split.toml.start;
    for line in toml.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

/// The slug a file gets when its front matter names none: its stem, lower-cased, with runs of
/// anything but letters and digits turned into one `-`.
pub(crate) fn default_slug(file_stem: &str) -> String {
    let mut slug = String::with_capacity(file_stem.len());
    for c in file_stem.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Longest slug made from a title; longer ones are cut at a `-`.
const MAX_TITLE_SLUG: usize = 60;

/// A file name for a new lesson from its title: transliterated to ASCII (`Straße über` →
/// `strasse-uber`, `深度求索` → `shen-du-qiu-suo`), then folded like [`default_slug`], and cut
/// at a word boundary when long. Empty when the title has no letters or digits.
pub fn slug_from_title(title: &str) -> String {
    let slug = default_slug(&deunicode::deunicode(title));
    if slug.len() <= MAX_TITLE_SLUG {
        return slug;
    }
    let cut = slug[..=MAX_TITLE_SLUG].rfind('-').unwrap_or(MAX_TITLE_SLUG);
    slug[..cut].trim_end_matches('-').to_string()
}

/// Why a slug cannot name a folder of the site, if it cannot.
pub(crate) fn slug_problem(slug: &str) -> Option<&'static str> {
    const WINDOWS_RESERVED: &[&str] = &[
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
        "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    const SITE_NAMES: &[&str] = &[
        "assets",
        "bundle",
        "entities",
        "tags",
        "levels",
        "search",
        "index.html",
        "404.html",
        "sitemap.xml",
        "feed.xml",
        "robots.txt",
    ];
    let stem = slug
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if slug.is_empty() {
        Some("a slug cannot be empty")
    } else if slug.contains(['/', '\\']) {
        Some("a slug cannot contain '/' or '\\'")
    } else if slug.contains('\0') || slug.chars().any(char::is_control) {
        Some("a slug cannot contain control characters")
    } else if slug.starts_with('.') {
        Some("a slug cannot start with '.'")
    } else if WINDOWS_RESERVED.contains(&stem.as_str()) {
        Some("it is a reserved file name on Windows")
    } else if SITE_NAMES.contains(&slug.to_ascii_lowercase().as_str()) {
        Some("the site uses this name for its own files")
    } else if !slug
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Some("use letters, digits, '-', '_' and '.' only")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn default_slug_folds_case_and_punctuation() {
        assert_eq!(default_slug("DeepSeek V4 (draft)"), "deepseek-v4-draft");
        assert_eq!(default_slug("Straße_über"), "straße-über");
    }

    #[test]
    fn title_slugs_are_ascii_and_short() {
        assert_eq!(
            slug_from_title("DeepSeek Delays V4 Model Release!"),
            "deepseek-delays-v4-model-release"
        );
        assert_eq!(slug_from_title("Straße über Köln"), "strasse-uber-koln");
        assert_eq!(slug_from_title("深度求索"), "shen-du-qiu-suo");
        assert_eq!(slug_from_title("🎉 !!"), "tada");
        let long = slug_from_title(&"word ".repeat(30));
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn slugs_that_escape_or_collide_are_refused() {
        for slug in [
            "", "a/b", "..", "a\\b", "nul", "CON.txt", "assets", "a b", "x\0",
        ] {
            assert!(slug_problem(slug).is_some(), "{slug:?}");
        }
        assert_eq!(slug_problem("deepseek-v4"), None);
    }

    #[test]
    fn unclosed_front_matter_is_reported_at_the_top() {
        let source = SourceText::new(Path::new("a.md"), "+++\ntitle = \"x\"\n\nBody\n");
        let err = split(&source).err().unwrap();
        assert_eq!(
            err.headline(),
            "a.md:1:1: front matter is not closed: expected a line \"+++\" after the TOML"
        );
    }

    #[test]
    fn toml_errors_point_into_the_file() {
        let source = SourceText::new(Path::new("a.md"), "+++\ntitle = \"x\"\nlevel = \n+++\n");
        let parts = split(&source).unwrap();
        let err = parse_meta(&source, &parts).unwrap_err();
        assert!(err.headline().starts_with("a.md:3:"), "{}", err.headline());
    }

    #[test]
    fn quiz_policies_are_read_and_checked_where_written() {
        let text = "+++\ntitle = \"x\"\ntries = 2\nshow_answers = \"always\"\n+++\n";
        let source = SourceText::new(Path::new("a.md"), text);
        let meta = parse_meta(&source, &split(&source).unwrap()).unwrap();
        assert_eq!(meta.quiz_policy.tries, Some(2));
        assert_eq!(meta.quiz_policy.pass_mark, None);
        let text = "+++\ntitle = \"x\"\npick = 0\n+++\n";
        let source = SourceText::new(Path::new("a.md"), text);
        let err = parse_meta(&source, &split(&source).unwrap()).unwrap_err();
        assert_eq!(
            err.headline(),
            "a.md:3:8: pick = 0 is out of range: at least 1 question"
        );
        let text = "+++\ntitle = \"x\"\nshow_answers = \"nevr\"\n+++\n";
        let source = SourceText::new(Path::new("a.md"), text);
        let err = parse_meta(&source, &split(&source).unwrap()).unwrap_err();
        assert!(
            err.headline()
                .starts_with("a.md:3:16: unknown show_answers \"nevr\" (did you mean \"never\"?)"),
            "{}",
            err.headline()
        );
    }

    #[test]
    fn unknown_key_suggests_a_known_one() {
        let source = SourceText::new(Path::new("a.md"), "+++\ntitle = \"x\"\nslgu = \"y\"\n+++\n");
        let parts = split(&source).unwrap();
        let err = parse_meta(&source, &parts).unwrap_err();
        assert_eq!(
            err.headline(),
            "a.md:3:1: unknown key \"slgu\" in front matter (did you mean \"slug\"?)"
        );
    }
}
