//! What the command prints: diagnostics (rustc-like with the source line and a caret, or one
//! JSON object per line), build summaries, notes and a progress spinner for slow builds.
//! Errors and lints print alike, through [`Diagnose`].
//!
//! Everything goes through `anstream`, which drops colours when the stream is not a terminal
//! or when `NO_COLOR` is set (and forces them with `CLICOLOR_FORCE`); the spinner is hidden
//! when stderr is not a terminal.

use std::sync::mpsc;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::diagnostic::{Diagnose, Severity};
use crate::site::BuildReport;

/// A build that takes longer than this gets a spinner on a terminal.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// How much to print: `-q` keeps errors and warnings only, `-v` adds details.
#[derive(Debug, Clone, Copy, Default)]
pub struct Printer {
    pub quiet: bool,
    pub verbose: bool,
}

impl Printer {
    /// Errors or warnings, rustc-like, on stderr, a blank line after each.
    pub fn diagnostics<D: Diagnose>(&self, diagnostics: &[D]) {
        for diagnostic in diagnostics {
            anstream::eprintln!("{}\n", render(diagnostic, true));
        }
    }

    /// `built 12 lessons, 171 pages in 0.21 s`, on stdout unless quiet.
    pub fn summary(&self, report: &BuildReport) {
        if self.quiet {
            return;
        }
        let green = AnsiColor::Green.on_default().bold();
        anstream::println!("{green}{}{green:#}", summary_line(report));
        self.detail(&format!(
            "{} files written to {}",
            report.files,
            report.output.display()
        ));
    }

    /// A note on stdout, unless quiet.
    pub fn info(&self, text: &str) {
        if !self.quiet {
            anstream::println!("{text}");
        }
    }

    /// A detail on stdout, only with `-v`.
    pub fn detail(&self, text: &str) {
        if self.verbose && !self.quiet {
            let dim = Style::new().dimmed();
            anstream::println!("{dim}{text}{dim:#}");
        }
    }

    /// `warning: …` on stderr (even when quiet).
    pub fn warning(&self, text: &str) {
        let yellow = AnsiColor::Yellow.on_default().bold();
        anstream::eprintln!("{yellow}warning:{yellow:#} {text}");
    }

    /// `error: …` on stderr.
    pub fn error(&self, text: &str) {
        let red = AnsiColor::BrightRed.on_default().bold();
        anstream::eprintln!("{red}error:{red:#} {text}");
    }

    /// Runs `work`, showing a spinner with `label` if it takes over a second on a terminal.
    pub fn with_progress<T>(&self, label: &str, work: impl FnOnce() -> T) -> T {
        if self.quiet {
            return work();
        }
        let (done, finished) = mpsc::channel::<()>();
        std::thread::scope(|scope| {
            let label = label.to_string();
            scope.spawn(move || {
                if finished.recv_timeout(PROGRESS_AFTER).is_ok() {
                    return;
                }
                // Hidden by indicatif itself when stderr is not a terminal.
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
                    .with_elapsed(PROGRESS_AFTER);
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                        .expect("a valid template"),
                );
                bar.set_message(label);
                bar.enable_steady_tick(Duration::from_millis(100));
                let _ = finished.recv();
                bar.finish_and_clear();
            });
            let result = work();
            let _ = done.send(());
            result
        })
    }
}

/// Rustc-like: the headline, then the offending line with a caret under the column; with
/// ANSI colours when `styled` (print it through `anstream`, which strips them where colours
/// are not wanted).
pub fn render(diagnostic: &(impl Diagnose + ?Sized), styled: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let level = match diagnostic.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let headline = match styled {
        true => styled_headline(diagnostic),
        false => diagnostic.headline(),
    };
    let (Some(span), Some(line)) = (diagnostic.span(), diagnostic.excerpt()) else {
        return headline;
    };
    let start = line
        .char_indices()
        .nth(span.col.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    // Underline the word the column points at, like rustc underlines a token.
    let end = line[start..]
        .find(char::is_whitespace)
        .map_or(line.len(), |len| start + len)
        .max(
            line[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8()),
        );
    let report = &[Group::with_level(level).element(
        Snippet::source(line)
            .line_start(span.line)
            .annotation(AnnotationKind::Primary.span(start..end)),
    )];
    let renderer = match styled {
        true => Renderer::styled(),
        false => Renderer::plain(),
    };
    format!("{headline}\n{}", renderer.render(report))
}

/// The headline with the place in bold and `warning:` in yellow.
fn styled_headline(diagnostic: &(impl Diagnose + ?Sized)) -> String {
    let bold = Style::new().bold();
    let Some(span) = diagnostic.span() else {
        return format!("{bold}{}{bold:#}", diagnostic.headline());
    };
    let place = format!("{}:{}:{}:", span.path.display(), span.line, span.col);
    match diagnostic.severity() {
        Severity::Warning => {
            let yellow = AnsiColor::Yellow.on_default().bold();
            format!(
                "{bold}{place}{bold:#} {yellow}warning:{yellow:#} {}",
                diagnostic.message()
            )
        }
        Severity::Error => format!("{bold}{place}{bold:#} {}", diagnostic.message()),
    }
}

/// One JSON object on one line, for editors and CI (`check --format json`).
pub fn json_line(diagnostic: &(impl Diagnose + ?Sized)) -> String {
    let span = diagnostic.span();
    serde_json::json!({
        "severity": diagnostic.severity().name(),
        "path": span.map(|s| s.path.to_string_lossy().replace('\\', "/")),
        "line": span.map(|s| s.line),
        "column": span.map(|s| s.col),
        "message": diagnostic.message(),
        "source_line": diagnostic.excerpt(),
    })
    .to_string()
}

/// `built 12 lessons, 171 pages in 0.21 s`; what was taken over unchanged, if anything; the
/// bundles, if any.
pub fn summary_line(report: &BuildReport) -> String {
    let reused = match report.pages - report.rendered {
        0 => String::new(),
        unchanged => format!(" ({} rendered, {unchanged} unchanged)", report.rendered),
    };
    let bundles = match (report.bundles, report.bundles - report.rendered_bundles) {
        (0, _) => String::new(),
        (all, 0) => format!(", {}", plural(all, "bundle")),
        (all, unchanged) => format!(
            ", {} ({} rendered, {unchanged} unchanged)",
            plural(all, "bundle"),
            report.rendered_bundles
        ),
    };
    format!(
        "built {}, {}{reused}{bundles} in {:.2} s",
        plural(report.lessons, "lesson"),
        plural(report.pages, "page"),
        report.elapsed.as_secs_f64()
    )
}

/// `1 lesson`, `2 lessons`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, ErrorKind, Lint, LintKind, Span};

    fn span(line: usize, col: usize) -> Span {
        Span {
            path: std::path::PathBuf::from("content/a.md").into(),
            line,
            col,
        }
    }

    #[test]
    fn errors_and_lints_print_alike_but_for_the_warning_word() {
        let line = "Saw [Deep](orgg:) there.".to_string();
        let error = Diagnostic::at(span(5, 5), Some(line.clone()), ErrorKind::NestedEntity);
        let lint = Lint::at(span(5, 5), Some(line), LintKind::FocusWithoutEntity);
        let error_text = render(&error, false);
        let lint_text = render(&lint, false);
        assert_eq!(
            error_text.lines().next(),
            Some("content/a.md:5:5: entity inside another entity: entities cannot nest")
        );
        assert!(lint_text.starts_with("content/a.md:5:5: warning: focus sentence has no entity"));
        // The same source line and caret under both: under the word the column points at.
        let tail = |text: &str| text.lines().skip(1).map(str::to_string).collect::<Vec<_>>();
        assert_eq!(tail(&error_text), tail(&lint_text));
        assert_eq!(tail(&error_text)[1], "5 | Saw [Deep](orgg:) there.");
        assert_eq!(tail(&error_text)[2], "  |     ^^^^^^^^^^^^^");
    }

    #[test]
    fn json_lines_carry_severity_place_message_and_source_line() {
        let lint = Lint::at(
            span(1, 1),
            Some("+++".to_string()),
            LintKind::LessonWithoutQuiz,
        );
        let value: serde_json::Value = serde_json::from_str(&json_line(&lint)).unwrap();
        assert_eq!(value["severity"], "warning");
        assert_eq!(value["path"], "content/a.md");
        assert_eq!(
            (value["line"].as_u64(), value["column"].as_u64()),
            (Some(1), Some(1))
        );
        assert_eq!(value["source_line"], "+++");
        let error = Diagnostic::global(ErrorKind::ConfigMissing);
        let value: serde_json::Value = serde_json::from_str(&json_line(&error)).unwrap();
        assert_eq!(value["severity"], "error");
        assert!(value["path"].is_null() && value["line"].is_null());
    }

    #[test]
    fn summary_reads_like_a_sentence() {
        let report = BuildReport {
            lessons: 12,
            pages: 171,
            files: 180,
            rendered: 171,
            rendered_bundles: 0,
            bundles: 0,
            output: "site".into(),
            elapsed: Duration::from_millis(210),
            warnings: Vec::new(),
        };
        assert_eq!(
            summary_line(&report),
            "built 12 lessons, 171 pages in 0.21 s"
        );
        assert_eq!(plural(1, "lesson"), "1 lesson");
        let cached = BuildReport {
            rendered: 13,
            ..report
        };
        assert_eq!(
            summary_line(&cached),
            "built 12 lessons, 171 pages (13 rendered, 158 unchanged) in 0.21 s"
        );
        let bundled = BuildReport {
            bundles: 13,
            rendered_bundles: 2,
            ..cached
        };
        assert_eq!(
            summary_line(&bundled),
            "built 12 lessons, 171 pages (13 rendered, 158 unchanged), 13 bundles (2 rendered, 11 unchanged) in 0.21 s"
        );
    }

    #[test]
    fn quick_work_shows_no_spinner_and_returns_its_value() {
        assert_eq!(Printer::default().with_progress("building", || 42), 42);
    }
}
