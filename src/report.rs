//! What the command prints on a terminal: diagnostics, build summaries, notes and a progress
//! spinner for slow builds.
//!
//! Everything goes through `anstream`, which drops colours when the stream is not a terminal
//! or when `NO_COLOR` is set (and forces them with `CLICOLOR_FORCE`); the spinner is hidden
//! when stderr is not a terminal.

use std::sync::mpsc;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::Error;
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
    /// Errors and warnings, rustc-like, on stderr, a blank line after each.
    pub fn diagnostics(&self, errors: &[Error]) {
        for error in errors {
            anstream::eprintln!("{}\n", error.render(true));
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

/// `built 12 lessons, 171 pages in 0.21 s`.
pub fn summary_line(report: &BuildReport) -> String {
    let reused = match report.pages - report.rendered {
        0 => String::new(),
        unchanged => format!(" ({} rendered, {unchanged} unchanged)", report.rendered),
    };
    format!(
        "built {}, {}{reused} in {:.2} s",
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

    #[test]
    fn summary_reads_like_a_sentence() {
        let report = BuildReport {
            lessons: 12,
            pages: 171,
            files: 180,
            rendered: 171,
            rendered_bundles: 0,
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
    }

    #[test]
    fn quick_work_shows_no_spinner_and_returns_its_value() {
        assert_eq!(Printer::default().with_progress("building", || 42), 42);
    }
}
