//! `lessonpack check`: every error `build` finds, and lints (warnings) about things that build
//! but are probably mistakes, without writing anything anywhere.
//!
//! The pack is loaded once, as `build` loads it (drafts included), keeping every lesson that
//! parses even when others do not. When it loads without an error, every page is rendered in
//! memory, so template and render errors show as `build` would show them. The lints then run
//! over the loaded [`Pack`]: a focus sentence with no entity, a question without explanation, a
//! choice repeated from another question, an entity spelled two ways across the pack, a lesson
//! with no quiz, a link to a file that does not exist; and the loader's own (raw HTML sanitised,
//! a symbolic link not followed).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::config::PackConfig;
use crate::content::fragment::{collapse_whitespace, is_lesson_relative};
use crate::content::{EntityMark, Lesson, LinkKind, LoadOptions, Pack, load_lessons_partial};
use crate::diagnostic::{Diagnose, Diagnostic, Lint, LintKind, Severity, Span};
use crate::render::Renderer;
use crate::site::BuildOptions;
use crate::web::percent_decode_path;

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// What stops a build, sorted by file and position (pack-wide ones first).
    pub errors: Vec<Diagnostic>,
    /// The warnings, sorted alike.
    pub lints: Vec<Lint>,
    /// Lessons that parsed (and were looked at for warnings).
    pub lessons: usize,
}

impl CheckReport {
    /// Errors and lints together, sorted by file and position (pack-wide ones first).
    pub fn diagnostics(&self) -> Vec<&dyn Diagnose> {
        let mut all: Vec<&dyn Diagnose> = Vec::with_capacity(self.errors.len() + self.lints.len());
        all.extend(self.errors.iter().map(|e| e as &dyn Diagnose));
        all.extend(self.lints.iter().map(|l| l as &dyn Diagnose));
        all.sort_by_cached_key(|d| sort_key(*d));
        all
    }

    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors.len(),
            Severity::Warning => self.lints.len(),
        }
    }
}

/// By file, then position, then message; pack-wide ones first.
fn sort_key(diagnostic: &dyn Diagnose) -> (Option<Span>, String) {
    (diagnostic.span().cloned(), diagnostic.message())
}

/// Checks the pack at `root`: build's errors (drafts included) and the lints.
pub fn check(root: &Path) -> CheckReport {
    let config = match PackConfig::load(root) {
        Ok(config) => config,
        Err(error) => {
            return CheckReport {
                errors: vec![error],
                ..CheckReport::default()
            };
        }
    };
    let renderer = Renderer::load(root, &config);
    let (pack, mut errors) = load_lessons_partial(
        root,
        config,
        LoadOptions {
            drafts: true,
            ..LoadOptions::default()
        },
    );
    match renderer {
        Err(template_errors) => errors.extend(template_errors),
        Ok(renderer) if errors.is_empty() => errors.extend(render_errors(&pack, &renderer, root)),
        // Like `build`, pages are rendered only from a pack that loaded whole.
        Ok(_) => {}
    }
    let mut lints = lint_pack(&pack, root);
    errors.sort_by_cached_key(|e| sort_key(e));
    lints.sort_by_cached_key(|l| sort_key(l));
    CheckReport {
        errors,
        lints,
        lessons: pack.lessons().count(),
    }
}

/// The errors rendering every page raises, each once (a broken template breaks many pages
/// alike). The pages are rendered in memory and dropped.
fn render_errors(pack: &Pack, renderer: &Renderer, root: &Path) -> Vec<Diagnostic> {
    let options = BuildOptions {
        drafts: true,
        minify: false,
        ..BuildOptions::new(root)
    };
    let Err(errors) = crate::site::render_in_memory(pack, renderer, &options) else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    errors
        .into_iter()
        .filter(|error| seen.insert(error.headline()))
        .collect()
}

/// Every lint of the pack: the loader's, each lesson's, and the spellings across lessons.
fn lint_pack(pack: &Pack, root: &Path) -> Vec<Lint> {
    let mut lessons: Vec<&Lesson> = pack.lessons().collect();
    // In the order of the files, so "the first seen" of a spelling does not hang on units.
    lessons.sort_by(|a, b| a.path.cmp(&b.path));
    let mut lints = pack.warnings.clone();
    lints.par_extend(lessons.par_iter().flat_map_iter(|l| lint_lesson(l, root)));
    lints.extend(spelling_lints(&lessons));
    lints
}

/// A lint at a span of `lesson`, with its source line.
fn lint_at(lesson: &Lesson, span: &Span, kind: LintKind) -> Lint {
    let excerpt = lesson.source_line(span.line).to_string();
    Lint::at(span.clone(), Some(excerpt), kind)
}

/// The lints about one lesson alone.
fn lint_lesson(lesson: &Lesson, root: &Path) -> Vec<Lint> {
    let mut out = Vec::new();
    for sentence in &lesson.article.focus_sentences {
        if sentence.entities.is_empty() {
            out.push(lint_at(
                lesson,
                &sentence.span,
                LintKind::FocusWithoutEntity,
            ));
        }
    }
    match lesson.quiz() {
        None => {
            let start = Span {
                path: lesson.path.clone().into(),
                line: 1,
                col: 1,
            };
            out.push(lint_at(lesson, &start, LintKind::LessonWithoutQuiz));
        }
        Some(quiz) => {
            let mut seen: HashMap<String, &Span> = HashMap::new();
            for question in &quiz.questions {
                if question.explanation.is_none() {
                    out.push(lint_at(
                        lesson,
                        &question.span,
                        LintKind::QuestionWithoutExplanation,
                    ));
                }
                // Repeats inside one question are errors already; these are across questions.
                let mut in_this_question = Vec::new();
                for choice in question.choices() {
                    let key = collapse_whitespace(&choice.text).to_lowercase();
                    match seen.get(&key) {
                        Some(first) => out.push(lint_at(
                            lesson,
                            &choice.span,
                            LintKind::ChoiceRepeated {
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
    let folder = root.join(&lesson.path);
    let folder = folder.parent().unwrap_or(root);
    for link in lesson.links.iter().filter(|l| l.kind == LinkKind::Link) {
        if let Some(target) = missing_link_target(&link.url, folder) {
            out.push(lint_at(lesson, &link.span, LintKind::BrokenLink(target)));
        }
    }
    out
}

/// A lint at each entity mark whose name is spelled unlike the pack's usual spelling of it:
/// the most frequent, and on a tie the first seen (`lessons` are in file order).
fn spelling_lints(lessons: &[&Lesson]) -> Vec<Lint> {
    let mut by_key: HashMap<String, Vec<(&Lesson, &EntityMark)>> = HashMap::new();
    for lesson in lessons {
        for mark in &lesson.marks {
            by_key
                .entry(fold_name(&mark.entity.name))
                .or_default()
                .push((lesson, mark));
        }
    }
    let mut lints = Vec::new();
    for marks in by_key.values() {
        let mut counts: Vec<(&str, usize, &Span)> = Vec::new();
        for (_, mark) in marks {
            let name = mark.entity.name.as_str();
            match counts.iter_mut().find(|(n, _, _)| *n == name) {
                Some(entry) => entry.1 += 1,
                None => counts.push((name, 1, &mark.span)),
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
        for (lesson, mark) in marks.iter().filter(|(_, m)| m.entity.name != usual) {
            let kind = LintKind::EntitySpelling {
                name: mark.entity.name.clone(),
                other: usual.to_string(),
                first: usual_span.clone(),
            };
            lints.push(lint_at(lesson, &mark.span, kind));
        }
    }
    lints
}

/// A name folded for comparing spellings: lower case, letters and digits only.
fn fold_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
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
    let target = folder.join(percent_decode_path(path));
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
}
