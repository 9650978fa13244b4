//! `lessonpack check`: every error `build` finds, without touching the site, plus warnings
//! about things that build but are probably mistakes.
//!
//! Errors come from the real [`crate::site::build`], run into a temporary folder that is
//! thrown away, so `check` can never disagree with `build`. Warnings come from the lessons that
//! parse: a focus sentence with no entity, a question without explanation, a choice repeated
//! from another question, an entity spelled two ways across the pack, a lesson with no quiz, a
//! link to a file that does not exist.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::config::PackConfig;
use crate::content::entity::{EntityLink, parse_entity_link};
use crate::content::fragment::{collapse_whitespace, is_lesson_relative, plain_text};
use crate::content::markdown::{SourceText, parse_blocks};
use crate::content::{CONTENT_DIR, Lesson, relative_to};
use crate::error::{Error, ErrorKind, Severity, Span};
use crate::site::{BuildOptions, build};

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Errors and warnings, sorted by file and position (pack-wide ones first).
    pub diagnostics: Vec<Error>,
    /// Lessons that parsed (and were looked at for warnings).
    pub lessons: usize,
}

impl CheckReport {
    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }
}

/// Checks the pack at `root`: build's errors (drafts included) and the warnings.
pub fn check(root: &Path) -> CheckReport {
    let mut diagnostics = build_errors(root);
    let Ok(config) = PackConfig::load(root) else {
        // The build above has already reported the broken or missing config.
        sort(&mut diagnostics);
        return CheckReport {
            diagnostics,
            lessons: 0,
        };
    };

    let mut lessons = 0;
    let mut spellings = Spellings::default();
    for path in lesson_paths(root) {
        let shown = relative_to(root, &path);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // reported by the build
        };
        let Ok(lesson) = Lesson::parse(&shown, &text, &config) else {
            continue; // reported by the build
        };
        lessons += 1;
        let folder = path.parent().unwrap_or(root);
        lint_lesson(
            &lesson,
            &text,
            folder,
            &config,
            &mut spellings,
            &mut diagnostics,
        );
    }
    diagnostics.extend(spellings.warnings());
    sort(&mut diagnostics);
    CheckReport {
        diagnostics,
        lessons,
    }
}

fn sort(diagnostics: &mut [Error]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Everything `build` would report (errors, or the warnings of a good build), found by building into a folder that is then deleted.
fn build_errors(root: &Path) -> Vec<Error> {
    let temp = match tempfile::tempdir() {
        Ok(temp) => temp,
        Err(err) => return vec![Error::io(&std::env::temp_dir(), &err)],
    };
    let options = BuildOptions {
        output: Some(temp.path().join("site")),
        drafts: true,
        minify: false,
        ..BuildOptions::new(root)
    };
    // A build that succeeds still has its warnings (raw HTML sanitised, links not followed).
    match build(&options) {
        Ok(report) => report.warnings,
        Err(errors) => errors,
    }
}

/// Every `.md` file under `content/`, sorted, hidden files and folders skipped.
fn lesson_paths(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root.join(CONTENT_DIR))
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect()
}

/// Every entity mark of the pack: its canonical name, where it is, and its line.
#[derive(Default)]
struct Spellings {
    marks: Vec<(String, Span, String)>,
}

impl Spellings {
    /// A warning at each mark whose name is spelled unlike the pack's usual spelling of it
    /// (the most frequent; on a tie, the first seen).
    fn warnings(&self) -> Vec<Error> {
        let mut by_key: HashMap<String, Vec<&(String, Span, String)>> = HashMap::new();
        for mark in &self.marks {
            by_key.entry(fold_name(&mark.0)).or_default().push(mark);
        }
        let mut warnings = Vec::new();
        for marks in by_key.values() {
            let mut counts: Vec<(&str, usize, &Span)> = Vec::new();
            for (name, span, _) in marks {
                match counts.iter_mut().find(|(n, _, _)| n == name) {
                    Some(entry) => entry.1 += 1,
                    None => counts.push((name, 1, span)),
                }
            }
            if counts.len() < 2 {
                continue;
            }
            // `max_by_key` keeps the last of equals; reversed, that is the first seen.
            let (usual, _, usual_span) = *counts
                .iter()
                .rev()
                .max_by_key(|(_, count, _)| *count)
                .expect("at least two spellings");
            for (name, span, line) in marks.iter().filter(|(name, _, _)| name != usual) {
                warnings.push(Error::at(
                    span.clone(),
                    Some(line.clone()),
                    ErrorKind::EntitySpelling {
                        name: name.clone(),
                        other: usual.to_string(),
                        first: usual_span.clone(),
                    },
                ));
            }
        }
        warnings
    }
}

/// A name folded for comparing spellings: lower case, letters and digits only.
fn fold_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Adds the warnings about one parsed lesson.
fn lint_lesson(
    lesson: &Lesson,
    text: &str,
    folder: &Path,
    config: &PackConfig,
    spellings: &mut Spellings,
    out: &mut Vec<Error>,
) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceText::new(&lesson.path, text);
    let at = |span: &Span, kind: ErrorKind| {
        Error::at(span.clone(), Some(source.line(span.line).to_string()), kind)
    };

    for sentence in &lesson.article.focus_sentences {
        if sentence.entities.is_empty() {
            out.push(at(&sentence.span, ErrorKind::FocusWithoutEntity));
        }
    }
    match &lesson.quiz {
        None => out.push(Error::at(
            Span {
                path: lesson.path.clone(),
                line: 1,
                col: 1,
            },
            Some(source.line(1).to_string()),
            ErrorKind::LessonWithoutQuiz,
        )),
        Some(quiz) => {
            let mut seen: HashMap<String, &Span> = HashMap::new();
            for question in &quiz.questions {
                if question.explanation.is_none() {
                    out.push(at(&question.span, ErrorKind::QuestionWithoutExplanation));
                }
                let mut in_this_question = Vec::new();
                for choice in &question.choices {
                    let key = collapse_whitespace(&choice.text).to_lowercase();
                    match seen.get(&key) {
                        Some(first) => out.push(at(
                            &choice.span,
                            ErrorKind::ChoiceRepeated {
                                text: choice.text.clone(),
                                first: (*first).clone(),
                            },
                        )),
                        None => in_this_question.push((key, &choice.span)),
                    }
                }
                seen.extend(in_this_question);
            }
        }
    }

    // Entity marks and links, with their positions, straight from the Markdown events.
    let body_start = body_start(text);
    let blocks = parse_blocks(&text[body_start..], body_start);
    let events: Vec<_> = blocks.iter().flat_map(|b| b.events.iter()).collect();
    for (index, (event, range)) in events.iter().enumerate() {
        let Event::Start(Tag::Link {
            dest_url, title, ..
        }) = event
        else {
            continue;
        };
        match parse_entity_link(dest_url) {
            EntityLink::Entity { kind, name } if config.entity_label(kind).is_some() => {
                let end = events[index..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Link)))
                    .map_or(events.len(), |p| index + p);
                let content: Vec<_> = events[index + 1..end]
                    .iter()
                    .map(|(e, r)| (e.clone(), r.clone()))
                    .collect();
                let canonical = [title.trim(), name]
                    .into_iter()
                    .find(|c| !c.is_empty())
                    .map_or_else(|| plain_text(&content), str::to_string);
                let span = source.span(range.start);
                let line = source.line(span.line).to_string();
                spellings.marks.push((canonical, span, line));
            }
            EntityLink::Entity { .. } => {}
            EntityLink::NotEntity => {
                if let Some(target) = missing_link_target(dest_url, folder) {
                    out.push(at(&source.span(range.start), ErrorKind::BrokenLink(target)));
                }
            }
        }
    }
}

/// Where the body starts: after the closing `+++` line (the lesson parsed, so it exists).
fn body_start(text: &str) -> usize {
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        if n > 0 && line.trim_end() == "+++" {
            return offset;
        }
    }
    0
}

/// A relative link whose file does not exist next to the lesson, as written.
fn missing_link_target(dest: &str, folder: &Path) -> Option<String> {
    if !is_lesson_relative(dest) {
        return None;
    }
    let path = dest.split(['?', '#']).next().unwrap_or_default();
    if path.is_empty() {
        return None;
    }
    let decoded = crate::content::percent_decode(path);
    let target = folder.join(&decoded);
    (!target.exists()).then(|| dest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_letters_and_digits() {
        assert_eq!(fold_name("Deep-Seek"), fold_name("deepseek"));
        assert_ne!(fold_name("DeepSeek V4"), fold_name("DeepSeek"));
    }

    #[test]
    fn body_starts_after_the_closing_fence() {
        let text = "+++\ntitle = \"x\"\n+++\nBody\n";
        assert_eq!(&text[body_start(text)..], "Body\n");
    }
}
