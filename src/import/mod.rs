//! `lessonpack import`: question banks of other tools ([`gift`], [`quizdown`],
//! [`mkdocs_quiz`], [`mdbook_quiz`], each read into a [`bank::Bank`]) and lessons exported as
//! text from the reading app, turned into lesson sources of our format.
//!
//! The text export (`--from text`) is a title, then focus sentences, each followed by tag lines that glue an
//! entity kind to a name (`orgDeepSeek`, `conceptEngram Conditional Memory`), then a
//! "Challenge Mode" section where each question is followed by "Correct Choice" and the right
//! answer. The app's own lines ("🎉", "End of article", "You read 9 focus sentences.") and its
//! trailer ("Ringoo Icon", …) are left out. Each tag becomes an entity mark at its first
//! occurrence in the sentence; the export has no wrong choices, so each question gets a
//! placeholder choice that `check` and `build` report until the author replaces it.

use std::path::{Path, PathBuf};

use crate::config::PackConfig;
use crate::content::quiz::PLACEHOLDER_PREFIX;
use crate::diagnostic::{Diagnostic, ErrorKind, Lint, LintKind, Span};
use crate::i18n::QuizWords;

pub mod bank;
pub mod gift;
mod markdown;
pub mod mdbook_quiz;
pub mod mkdocs_quiz;
pub mod quizdown;

use markdown::{escape_heading, escape_inline, mark_entities};

/// A format `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// The reading app's text export.
    Text,
    /// Moodle's GIFT.
    Gift,
    /// quizdown Markdown.
    Quizdown,
    /// mkdocs-quiz `<quiz>` blocks in Markdown.
    MkdocsQuiz,
    /// mdbook-quiz TOML.
    MdbookQuiz,
}

impl ImportFormat {
    /// Every format, as the CLI lists them.
    pub const ALL: [ImportFormat; 5] = [
        ImportFormat::Gift,
        ImportFormat::Quizdown,
        ImportFormat::MkdocsQuiz,
        ImportFormat::MdbookQuiz,
        ImportFormat::Text,
    ];

    /// The name `--from` takes.
    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Text => "text",
            ImportFormat::Gift => "gift",
            ImportFormat::Quizdown => "quizdown",
            ImportFormat::MkdocsQuiz => "mkdocs-quiz",
            ImportFormat::MdbookQuiz => "mdbook-quiz",
        }
    }

    /// The format named `name`.
    pub fn from_name(name: &str) -> Option<ImportFormat> {
        ImportFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Reads a bank of questions from `text`, the file at `path`, in `format` (not `Text`,
/// which [`import_lesson`] reads).
pub fn read_bank(
    format: ImportFormat,
    path: &Path,
    text: &str,
) -> Result<bank::Bank, Vec<Diagnostic>> {
    match format {
        ImportFormat::Gift => gift::read(path, text),
        ImportFormat::Quizdown => quizdown::read(path, text),
        ImportFormat::MkdocsQuiz => mkdocs_quiz::read(path, text),
        ImportFormat::MdbookQuiz => mdbook_quiz::read(path, text),
        ImportFormat::Text => unreachable!("the text export is read by import_lesson"),
    }
}

/// The wrong choice each imported question gets, to be replaced by the author.
pub const PLACEHOLDER_CHOICE: &str = "TODO: write a wrong choice";

/// A lesson made from an export.
#[derive(Debug, Clone)]
pub struct ImportedLesson {
    pub title: String,
    /// The file name to give it, without `.md`.
    pub slug: String,
    /// The lesson source.
    pub markdown: String,
    /// Tags not found in their sentence and lines left out; the lesson is still made.
    pub warnings: Vec<Lint>,
}

/// What importing one file did.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub lesson: ImportedLesson,
    /// The file written, relative to the pack root; `None` when printing instead.
    pub written: Option<PathBuf>,
    /// The lesson's warnings (same as `lesson.warnings`).
    pub warnings: Vec<Lint>,
}

/// Imports `files` into the pack at `root`, each read in `format` or, without one, in the
/// format [`guess_format`] tells: into `content/<unit>/<slug>.md` (refusing to overwrite),
/// or only returned when `to_stdout`. Every file is read first, and nothing is written when
/// any has an error (all are returned). Without a pack, printing still works with the
/// default entity kinds.
pub fn import_files(
    root: &Path,
    files: &[PathBuf],
    format: Option<ImportFormat>,
    unit: Option<&Path>,
    to_stdout: bool,
) -> Result<Vec<ImportOutcome>, Vec<Diagnostic>> {
    let config = match PackConfig::load(root) {
        Ok(config) => config,
        Err(err) if to_stdout && matches!(*err.kind, ErrorKind::ConfigMissing) => {
            PackConfig::parse(
                Path::new(crate::config::CONFIG_FILE),
                "title = \"Imported\"\nlanguage = \"en\"\n",
            )
            .expect("a valid built-in config")
        }
        Err(err) => return Err(vec![err]),
    };
    let mut errors = Vec::new();
    let mut lessons = Vec::new();
    for file in files {
        match read_lesson(file, format, &config) {
            Ok(lesson) if lesson.slug.is_empty() => errors.push(Diagnostic::global(
                ErrorKind::EmptySlug(lesson.title.clone()),
            )),
            Ok(lesson) => lessons.push(lesson),
            Err(mut more) => errors.append(&mut more),
        }
    }
    let mut targets: Vec<Option<PathBuf>> = Vec::new();
    for lesson in &lessons {
        if to_stdout {
            targets.push(None);
            continue;
        }
        match lesson_path(unit, &lesson.slug) {
            Ok(relative)
                if root.join(&relative).exists() || targets.contains(&Some(relative.clone())) =>
            {
                errors.push(Diagnostic::global(ErrorKind::FileExists(
                    root.join(relative),
                )));
            }
            Ok(relative) => targets.push(Some(relative)),
            Err(err) => errors.push(err),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut outcomes = Vec::new();
    for (lesson, written) in lessons.into_iter().zip(targets) {
        if let Some(relative) = &written {
            crate::scaffold::write_new(&root.join(relative), &lesson.markdown)
                .map_err(|err| vec![err])?;
        }
        outcomes.push(ImportOutcome {
            warnings: lesson.warnings.clone(),
            lesson,
            written,
        });
    }
    Ok(outcomes)
}

/// `content/<unit>/<slug>.md`, with `unit` checked to be a folder inside `content/`.
fn lesson_path(unit: Option<&Path>, slug: &str) -> Result<PathBuf, Diagnostic> {
    let mut relative = PathBuf::from(crate::content::CONTENT_DIR);
    if let Some(unit) = unit {
        if !unit
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Diagnostic::global(ErrorKind::InvalidSlug {
                slug: unit.display().to_string(),
                reason: "a unit is a folder name inside content/, without '..' or a leading '/'",
            }));
        }
        relative.push(unit);
    }
    relative.push(format!("{slug}.md"));
    Ok(relative)
}

/// The lesson made from the file at `path`, read in `format` or the one it looks like.
fn read_lesson(
    path: &Path,
    format: Option<ImportFormat>,
    config: &PackConfig,
) -> Result<ImportedLesson, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|err| vec![Diagnostic::io(path, &err)])?;
    let format = format.unwrap_or_else(|| guess_format(path, &text));
    if format == ImportFormat::Text {
        return import_lesson(path, &text, config).map_err(|err| vec![err]);
    }
    let bank = read_bank(format, path, &text)?;
    let stem = path.file_stem().map_or_else(String::new, |s| {
        s.to_string_lossy().replace(['-', '_'], " ")
    });
    let title = bank.title.clone().unwrap_or(stem);
    let markdown = bank::write_lesson(&bank, &title, &QuizWords::for_language(&config.language));
    Ok(ImportedLesson {
        slug: crate::content::front_matter::slug_from_title(&title),
        title,
        markdown,
        warnings: bank.warnings,
    })
}

/// The format `text`, the file at `path`, looks like: by its extension (`.gift`, `.toml`),
/// else by its content: `<quiz>` blocks are mkdocs-quiz, `[[questions]]` tables mdbook-quiz,
/// GIFT answer blocks (`{=…`, `{~…`, `{T}`, `{F}`, …) GIFT, any other `.md` file, or a file of
/// Markdown headings with lists, quizdown; anything else is the reading app's text export.
pub fn guess_format(path: &Path, text: &str) -> ImportFormat {
    let extension = path.extension().and_then(|e| e.to_str());
    match extension {
        Some("gift") => return ImportFormat::Gift,
        Some("toml") => return ImportFormat::MdbookQuiz,
        _ => {}
    }
    let lines = || text.lines().map(str::trim);
    if text.contains("<quiz>") {
        ImportFormat::MkdocsQuiz
    } else if lines().any(|line| line == "[[questions]]") {
        ImportFormat::MdbookQuiz
    } else if has_gift_block(text) {
        ImportFormat::Gift
    } else if matches!(extension, Some("md" | "markdown"))
        || lines().any(|l| l.starts_with('#'))
            && lines().any(|l| l.starts_with("- ") || l.starts_with("* ") || l.starts_with("1. "))
    {
        ImportFormat::Quizdown
    } else {
        ImportFormat::Text
    }
}

/// Whether `text` has an unescaped `{` opening a GIFT answer block: `=` or `~` answers, or
/// true or false.
fn has_gift_block(text: &str) -> bool {
    let mut previous = None;
    text.char_indices().any(|(i, c)| {
        let escaped = previous == Some('\\');
        previous = Some(c);
        if c != '{' || escaped {
            return false;
        }
        let inside = text[i + 1..].trim_start();
        let word = inside.split(['}', '#']).next().unwrap_or("").trim();
        inside.starts_with(['=', '~'])
            || ["T", "F", "TRUE", "FALSE"].contains(&word.to_uppercase().as_str())
                && inside.contains('}')
    })
}

/// A focus sentence of the export with its tags: `(kind, name, line)`.
struct Sentence {
    text: String,
    tags: Vec<(String, String, usize)>,
}

struct Question {
    prompt: String,
    answer: String,
}

/// One line of the export with its 1-based number.
struct Line<'a> {
    number: usize,
    text: &'a str,
}

/// Converts the text of an export; `path` is used in messages and the import note.
pub fn import_lesson(
    path: &Path,
    text: &str,
    config: &PackConfig,
) -> Result<ImportedLesson, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let kinds: Vec<&str> = config
        .entity_kinds
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    let warn = |line: &Line, col: usize, kind: LintKind| {
        Lint::at(
            Span {
                path: path.to_path_buf().into(),
                line: line.number,
                col,
            },
            Some(line.text.to_string()),
            kind,
        )
    };

    // Lines of the app, not of the lesson; everything from the trailer on is dropped.
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, text)| Line {
            number: i + 1,
            text: text.trim(),
        })
        .take_while(|line| !is_trailer(line.text))
        .filter(|line| !is_app_line(line.text))
        .collect();

    let export = read_export(&lines, &kinds)?;
    let mut warnings = Vec::new();
    let (intro, questions) = read_quiz(&export.quiz_lines, |line| {
        warnings.push(warn(
            line,
            1,
            LintKind::ImportLineLeftOut(line.text.to_string()),
        ));
    });

    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut markdown = String::new();
    markdown.push_str("+++\n");
    markdown.push_str(&format!(
        "title = {}\n",
        toml::Value::String(export.title.clone())
    ));
    markdown.push_str(&format!(
        "# Imported from {file_name} by `lessonpack import`: add date, level, tags and a summary if you like.\n"
    ));
    markdown.push_str("+++\n");
    for sentence in &export.sentences {
        let (marked, missing) = mark_entities(&sentence.text, &sentence.tags);
        markdown.push('\n');
        markdown.push_str(&marked);
        markdown.push('\n');
        for (kind, name, number) in missing {
            let line = lines
                .iter()
                .find(|l| l.number == number)
                .expect("tags come from these lines");
            warnings.push(warn(
                line,
                kind.chars().count() + 1,
                LintKind::TagNotFound {
                    kind: kind.clone(),
                    name: name.clone(),
                },
            ));
            markdown.push_str(&format!(
                "\n<!-- lessonpack import: tag {kind} \"{}\" not found in the sentence above; mark it by hand -->\n",
                name.replace("--", "- -")
            ));
        }
    }
    if let Some(quiz_title) = &export.quiz_title {
        write_quiz(&mut markdown, quiz_title, &intro, &questions);
    }

    let slug = crate::content::front_matter::slug_from_title(&export.title);
    Ok(ImportedLesson {
        title: export.title,
        slug,
        markdown,
        warnings,
    })
}

/// What an export holds: its title, its sentences with their tags, and the quiz's lines.
struct Export<'l, 'a> {
    title: String,
    sentences: Vec<Sentence>,
    /// `Some("Challenge Mode")` when the export has a quiz.
    quiz_title: Option<String>,
    quiz_lines: Vec<&'l Line<'a>>,
}

/// Reads the title (often repeated once), then the sentences, each followed by the tag lines
/// of its entities, up to the quiz.
fn read_export<'l, 'a>(
    lines: &'l [Line<'a>],
    kinds: &[&str],
) -> Result<Export<'l, 'a>, Diagnostic> {
    let mut rest = lines.iter().peekable();
    while rest.peek().is_some_and(|l| l.text.is_empty()) {
        rest.next();
    }
    let title = match rest.next() {
        Some(line) => line.text.to_string(),
        None => return Err(Diagnostic::global(ErrorKind::ImportNothing)),
    };

    let mut sentences: Vec<Sentence> = Vec::new();
    let mut in_tag_run = false;
    let mut quiz_title = None;
    for line in rest.by_ref() {
        if line.text.is_empty() {
            in_tag_run = false;
            continue;
        }
        if line.text == title && sentences.is_empty() {
            continue;
        }
        if line.text == "Challenge Mode" {
            quiz_title = Some(line.text.to_string());
            break;
        }
        let tag = sentences
            .last()
            .and_then(|sentence| tag_line(line.text, kinds, &sentence.text, in_tag_run));
        match (tag, sentences.last_mut()) {
            (Some((kind, name)), Some(sentence)) => {
                sentence.tags.push((kind, name, line.number));
                in_tag_run = true;
            }
            _ => {
                sentences.push(Sentence {
                    text: line.text.to_string(),
                    tags: Vec::new(),
                });
                in_tag_run = false;
            }
        }
    }
    if sentences.is_empty() {
        return Err(Diagnostic::global(ErrorKind::ImportNothing));
    }
    Ok(Export {
        title,
        sentences,
        quiz_title,
        quiz_lines: rest.filter(|line| !line.text.is_empty()).collect(),
    })
}

/// The quiz: intro lines, then (question, "Correct Choice", answer) triples; any other line
/// is handed to `left_out`.
fn read_quiz(lines: &[&Line], mut left_out: impl FnMut(&Line)) -> (Vec<String>, Vec<Question>) {
    let mut intro = Vec::new();
    let mut questions = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let next = lines.get(i + 1).map(|l| l.text);
        if next == Some("Correct Choice") {
            match lines.get(i + 2) {
                Some(answer) => questions.push(Question {
                    prompt: line.text.to_string(),
                    answer: answer.text.to_string(),
                }),
                None => left_out(line),
            }
            i += 3;
            continue;
        }
        if questions.is_empty() {
            intro.push(line.text.to_string());
        } else {
            left_out(line);
        }
        i += 1;
    }
    (intro, questions)
}

/// The quiz section: its heading, the intro, and each question with its right answer and a
/// placeholder wrong choice for the author to replace.
fn write_quiz(markdown: &mut String, title: &str, intro: &[String], questions: &[Question]) {
    markdown.push_str(&format!("\n## {} {{.quiz}}\n", escape_heading(title)));
    for line in intro {
        markdown.push('\n');
        markdown.push_str(&escape_inline(line));
        markdown.push('\n');
    }
    for question in questions {
        markdown.push_str(&format!("\n### {}\n", escape_heading(&question.prompt)));
        markdown.push_str(&format!("- [x] {}\n", escape_inline(&question.answer)));
        markdown.push_str(&format!("- [ ] {PLACEHOLDER_CHOICE}\n"));
    }
    debug_assert!(PLACEHOLDER_CHOICE.starts_with(PLACEHOLDER_PREFIX));
}

/// From the app's trailer on, nothing is lesson text.
fn is_trailer(line: &str) -> bool {
    line == "Ringoo Icon" || line.starts_with("Learn faster with Ringoo")
}

/// Lines the app adds around the article: decorations and its end-of-article page.
fn is_app_line(line: &str) -> bool {
    let decoration = !line.is_empty() && !line.chars().any(char::is_alphanumeric);
    let you_read = line.strip_prefix("You read ").is_some_and(|rest| {
        rest.ends_with(" focus sentences.") || rest.ends_with(" focus sentence.")
    });
    decoration || you_read || line == "End of article"
}

/// Reads `orgDeepSeek` as `("org", "DeepSeek")` when it is a tag of `sentence`.
///
/// A line is a tag when it starts with a known kind glued to a short name, and either the
/// name does not start with a lower-case letter, or it appears in the sentence, or tags are
/// already being read. So `conceptdistrict heating` is a tag of a sentence about district
/// heating, while a sentence that happens to start with "personally" is not one.
fn tag_line(
    line: &str,
    kinds: &[&str],
    sentence: &str,
    in_tag_run: bool,
) -> Option<(String, String)> {
    // Longest kind first, so a kind that is a prefix of another never wins wrongly.
    let mut sorted: Vec<&&str> = kinds.iter().collect();
    sorted.sort_by_key(|k| std::cmp::Reverse(k.len()));
    sorted.into_iter().find_map(|kind| {
        let name = line.strip_prefix(*kind)?;
        let plausible = !name.is_empty()
            && !name.starts_with(char::is_whitespace)
            && name.chars().count() <= 80
            && (in_tag_run
                || !name.starts_with(char::is_lowercase)
                || sentence.to_lowercase().contains(&name.to_lowercase()));
        plausible.then(|| (kind.to_string(), name.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_lines_need_a_kind_and_a_plausible_name() {
        let kinds = ["person", "org", "concept"];
        assert_eq!(
            tag_line("orgDeepSeek", &kinds, "DeepSeek did it.", false),
            Some(("org".into(), "DeepSeek".into()))
        );
        assert_eq!(
            tag_line(
                "conceptdistrict heating",
                &kinds,
                "The district heating network.",
                false
            ),
            Some(("concept".into(), "district heating".into()))
        );
        assert_eq!(
            tag_line("personally, I agree.", &kinds, "Earlier.", false),
            None
        );
        assert_eq!(tag_line("organic food", &kinds, "x", false), None);
    }
}
