//! The `lessonpack` command: parses arguments, calls the library, prints diagnostics and
//! returns the exit code (0 success, 1 errors, 2 wrong usage, 75 the output is busy with
//! another build and `--no-wait` was given).

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use lessonpack::diagnostic::{Diagnostic, ErrorKind, Severity};
use lessonpack::export::ExportFormat;
use lessonpack::import::ImportFormat;
use lessonpack::report::{Printer, json_line, plural, render};
use lessonpack::scaffold::{NewLesson, init_pack, new_lesson};
use lessonpack::site::lock::Wait;
use lessonpack::site::output::Notice;
use lessonpack::{BuildOptions, ServeOptions, build, check, import, serve};

// Rendering and minifying allocate many small strings; glibc's allocator spent over a quarter
// of a build's instructions on them, mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit code when another build holds the output and `--no-wait` was given: sysexits'
/// EX_TEMPFAIL, "try again later".
const EXIT_BUSY: u8 = 75;

/// Build lesson packs into static sites: articles read one focus sentence at a time, with
/// quizzes checked in the page.
#[derive(Parser)]
#[command(
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  lessonpack init my-pack && cd my-pack\n  lessonpack new \"Sand Batteries in Finland\" --unit energy\n  lessonpack serve --open\n  lessonpack check\n  lessonpack build\n\nColours are used on a terminal only; set NO_COLOR=1 to turn them off."
)]
struct Cli {
    /// The pack folder (with lessonpack.toml); default: the current folder.
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Print errors and warnings only.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: files written, files changed, where output went.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// Options shared by `build` and `bundle`.
#[derive(clap::Args)]
struct BuildArgs {
    /// Output folder; default: site/ inside the pack.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Include lessons marked draft = true.
    #[arg(long)]
    drafts: bool,
    /// Write HTML as rendered, unminified (for debugging templates).
    #[arg(long)]
    no_minify: bool,
    /// One folder per page (quiz/index.html, linked as quiz/) instead of one per lesson
    /// (quiz.html); for web hosts without clean URLs, not for file://.
    #[arg(long)]
    pretty_urls: bool,
    /// Also write bundle/<pack>.zip of the whole site, for hosts that take an archive.
    #[arg(long)]
    zip: bool,
    /// Render every page, even those unchanged since the previous build.
    #[arg(long)]
    no_cache: bool,
    /// If another build is writing the same output, fail at once (exit 75) instead of
    /// waiting for it to finish.
    #[arg(long)]
    no_wait: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the pack into a static site.
    #[command(
        after_help = "Examples:\n  lessonpack build\n  lessonpack build --root my-pack --output public --pretty-urls"
    )]
    Build {
        #[command(flatten)]
        args: BuildArgs,
        /// Also write offline single-file bundles into bundle/ (as `lessonpack bundle`).
        #[arg(long)]
        bundle: bool,
        /// Also export the lessons for learning platforms into export/ (as `lessonpack
        /// export --to`): scorm12, scorm2004, qti21, qti12, gift, moodle-xml.
        #[arg(long = "export", value_parser = parse_export_format, value_delimiter = ',')]
        exports: Vec<ExportFormat>,
    },
    /// Build the site with offline bundles: bundle/<lesson>.html and bundle/<pack>.html.
    #[command(
        after_help = "Each bundle is one HTML file with every page, style, script and image inside; it works opened from disk with no network.\n\nExamples:\n  lessonpack bundle\n  lessonpack bundle --zip    # also bundle/<pack>.zip of the whole site"
    )]
    Bundle {
        #[command(flatten)]
        args: BuildArgs,
    },
    /// Make a new pack with an example lesson that shows every feature.
    #[command(
        after_help = "Refuses a folder that is not empty.\n\nExamples:\n  lessonpack init my-pack\n  lessonpack init --language fr mon-recueil\n  mkdir news && cd news && lessonpack init"
    )]
    Init {
        /// The folder to make the pack in (created if missing); default: the current folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The pack's language, a BCP 47 tag with built-in wording: ar, de, en, es, fa, fr,
        /// he, it, ja, pt, ru, uk or zh, with a region or script if you like (pt-BR).
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Add a lesson from a template, its file named after the title.
    #[command(
        after_help = "The file name is the title in lower case ASCII (\"Straße über\" → strasse-uber.md); an existing file is never overwritten.\n\nExamples:\n  lessonpack new \"DeepSeek Delays V4\"\n  lessonpack new \"Sand Batteries\" --unit energy\n  lessonpack new \"東京の夏\" --slug tokyo-summer"
    )]
    New {
        /// The lesson's title.
        title: String,
        /// The unit folder under content/ (created if missing).
        #[arg(long)]
        unit: Option<PathBuf>,
        /// The file name (without .md) instead of one made from the title.
        #[arg(long)]
        slug: Option<String>,
    },
    /// Report every build error and likely mistakes, without writing the site.
    #[command(
        after_help = "Warnings: a focus sentence with no entity, a question without explanation, a choice repeated from another question, an entity spelled two ways across the pack, a lesson with no quiz, a link to a missing file.\n\nExit status: 0 when there are no errors (and no warnings with --deny-warnings), 1 otherwise.\n\nExamples:\n  lessonpack check\n  lessonpack check --deny-warnings\n  lessonpack check --format json | jq -r .message"
    )]
    Check {
        /// human: rustc-like with the source line; json: one JSON object per line.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Preview the pack: rebuild on every change and reload open pages.
    #[command(
        after_help = "Builds into a temporary folder (never site/), watches content/, templates/, static/ and lessonpack.toml, and keeps serving the last good site when a build fails (the errors show over the page). Ctrl-C stops.\n\nExamples:\n  lessonpack serve\n  lessonpack serve --port 8000 --open\n  lessonpack serve --port 0    # any free port; the URL is printed"
    )]
    Serve {
        /// The port to listen on (0: any free port).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback lets others on the network in.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include lessons marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Build the site with the lessons exported for learning platforms into export/.
    #[command(
        after_help = "Each format writes export/<format>/<lesson>.<ext> for every lesson and export/<format>/<pack>.<ext> for the whole pack (with --lesson, that lesson's file only). The site is built with them, as `lessonpack build --export`.\n\nFormats: scorm12, scorm2004 (zips for any LMS: Moodle, Canvas, Blackboard, Brightspace), qti21, qti12 (zips of IMS QTI: Canvas, Blackboard, Moodle), gift, moodle-xml (Moodle's question bank).\n\nExamples:\n  lessonpack export --to scorm12\n  lessonpack export --to qti21 --to gift --lesson deepseek-v4"
    )]
    Export {
        #[command(flatten)]
        args: BuildArgs,
        /// The formats to export to.
        #[arg(long = "to", required = true, value_parser = parse_export_format)]
        to: Vec<ExportFormat>,
        /// Export only the lesson with this slug.
        #[arg(long)]
        lesson: Option<String>,
    },
    /// Convert question banks (Moodle GIFT, quizdown, mkdocs-quiz, mdbook-quiz) and lessons exported as text from the reading app into lesson files.
    #[command(
        after_help = "Without --from, the format is told by the file: .gift is GIFT and .toml mdbook-quiz; else <quiz> blocks are mkdocs-quiz, [[questions]] tables mdbook-quiz, answer blocks such as {=right ~wrong} GIFT, other .md files (or Markdown headings with lists) quizdown, and anything else the reading app's text export. Every file is read first: when one has an error, no file is written.\n\nA bank of questions has no article: its lesson gets a placeholder sentence (\"TODO: …\") that check and build report until you write the article. What does not map (GIFT numeric, essay and description questions, weights, titles, …) is reported as a warning at its line.\n\nIn the text export, each tag line (\"orgDeepSeek\") becomes an entity mark at the first occurrence of the name in its sentence. It has no wrong choices: each question gets a placeholder choice that check and build report until you replace it.\n\nExamples:\n  lessonpack import questions.gift --unit ai\n  lessonpack import quiz.md --from quizdown\n  lessonpack import export.txt --unit ai\n  lessonpack import exports/*.txt\n  lessonpack import export.txt --stdout > lesson.md"
    )]
    Import {
        /// Files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Their format: gift, quizdown, mkdocs-quiz, mdbook-quiz or text (told by each file when absent).
        #[arg(long, value_parser = parse_import_format)]
        from: Option<ImportFormat>,
        /// The unit folder under content/ to write into.
        #[arg(long)]
        unit: Option<PathBuf>,
        /// Print the lessons instead of writing files.
        #[arg(long)]
        stdout: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let printer = Printer {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let root = cli.root;
    match cli.command {
        Command::Build {
            args,
            bundle,
            exports,
        } => run_build(&printer, &root, args, bundle, (exports, None)),
        Command::Bundle { args } => run_build(&printer, &root, args, true, (Vec::new(), None)),
        Command::Export { args, to, lesson } => {
            run_build(&printer, &root, args, false, (to, lesson))
        }
        Command::Init { dir, language } => run_init(&printer, &dir, &language),
        Command::New { title, unit, slug } => {
            match new_lesson(&root, &NewLesson { title, unit, slug }) {
                Ok(path) => {
                    printer.info(&format!("wrote {}", path.display()));
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&printer, &[error]),
            }
        }
        Command::Check {
            format,
            deny_warnings,
        } => run_check(&printer, &root, format, deny_warnings),
        Command::Serve {
            port,
            bind,
            open,
            drafts,
        } => {
            let options = ServeOptions {
                bind,
                port,
                open,
                drafts,
                ..ServeOptions::new(&root)
            };
            match serve(&options, &printer) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => fail(&printer, &[error]),
            }
        }
        Command::Import {
            files,
            from,
            unit,
            stdout,
        } => run_import(&printer, &root, &files, from, unit.as_deref(), stdout),
    }
}

fn run_init(printer: &Printer, dir: &Path, language: &str) -> ExitCode {
    match init_pack(dir, language) {
        Ok(files) => {
            for file in files {
                printer.detail(&format!("wrote {}", dir.join(file).display()));
            }
            printer.info(&format!(
                "made a pack in {}; try `lessonpack serve{}`",
                dir.display(),
                if dir.as_os_str() == "." {
                    String::new()
                } else {
                    format!(" --root {}", dir.display())
                }
            ));
            ExitCode::SUCCESS
        }
        Err(error) => fail(printer, &[error]),
    }
}

fn run_check(printer: &Printer, root: &Path, format: Format, deny_warnings: bool) -> ExitCode {
    let report = printer.with_progress("checking", || check(root));
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    for diagnostic in report.diagnostics() {
        match format {
            Format::Json => println!("{}", json_line(diagnostic)),
            Format::Human => {
                if !(printer.quiet && diagnostic.severity() == Severity::Warning) {
                    anstream::println!("{}\n", render(diagnostic, true));
                }
            }
        }
    }
    if matches!(format, Format::Human) && !printer.quiet {
        anstream::eprintln!(
            "checked {}: {}, {}",
            plural(report.lessons, "lesson"),
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn run_import(
    printer: &Printer,
    root: &Path,
    files: &[PathBuf],
    from: Option<ImportFormat>,
    unit: Option<&Path>,
    stdout: bool,
) -> ExitCode {
    match import::import_files(root, files, from, unit, stdout) {
        Ok(outcomes) => {
            for imported in outcomes {
                printer.diagnostics(&imported.warnings);
                match &imported.written {
                    Some(path) => printer.info(&format!(
                        "wrote {}: replace its placeholders (\"TODO: …\") before building",
                        path.display()
                    )),
                    None => print!("{}", imported.lesson.markdown),
                }
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            printer.diagnostics(&errors);
            printer.error(&format!(
                "import failed with {}; no file was written",
                plural(errors.len(), "error")
            ));
            ExitCode::FAILURE
        }
    }
}

/// The import format named `name` on the command line.
fn parse_import_format(name: &str) -> Result<ImportFormat, String> {
    ImportFormat::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = ImportFormat::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format (known: {})", names.join(", "))
    })
}

/// The export format named `name` on the command line.
fn parse_export_format(name: &str) -> Result<ExportFormat, String> {
    ExportFormat::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format (known: {})", names.join(", "))
    })
}

/// Builds the site, with bundles if `bundle`, and the exports of `exports` (of the one lesson
/// named, if any).
fn run_build(
    printer: &Printer,
    root: &Path,
    args: BuildArgs,
    bundle: bool,
    exports: (Vec<ExportFormat>, Option<String>),
) -> ExitCode {
    let (exports, export_lesson) = exports;
    let options = BuildOptions {
        exports,
        export_lesson,
        output: args.output,
        drafts: args.drafts,
        minify: !args.no_minify,
        pretty_urls: args.pretty_urls,
        bundle,
        zip: args.zip,
        cache: !args.no_cache,
        wait: if args.no_wait {
            Wait::Fail
        } else {
            Wait::Block
        },
        notify: if printer.quiet { |_| {} } else { print_notice },
        exit_after: true,
        ..BuildOptions::new(root)
    };
    match printer.with_progress("building", || build(&options)) {
        Ok(report) => {
            printer.diagnostics(&report.warnings);
            printer.summary(&report);
            ExitCode::SUCCESS
        }

        Err(errors) => {
            printer.diagnostics(&errors);
            printer.error(&format!(
                "build failed with {}; nothing was written",
                plural(errors.len(), "error")
            ));
            match errors.first().map(|e| &*e.kind) {
                Some(ErrorKind::OutputLocked { .. }) => ExitCode::from(EXIT_BUSY),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

/// A note on stderr: a wait for another build, or what was cleaned up after one.
fn print_notice(notice: &Notice) {
    anstream::eprintln!("{notice}");
}

fn fail(printer: &Printer, errors: &[Diagnostic]) -> ExitCode {
    printer.diagnostics(errors);
    ExitCode::FAILURE
}
