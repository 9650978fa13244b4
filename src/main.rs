//! The `lessonpack` command: parses arguments, calls the library, prints diagnostics and
//! returns the exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use lessonpack::{BuildOptions, build};

// Rendering and minifying allocate many small strings; glibc's allocator spent over a quarter
// of a build's instructions on them, mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build lesson packs into static sites: articles read one focus sentence at a time, with
/// quizzes checked in the page.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The pack folder (with lessonpack.toml); default: the current folder.
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the pack into a static site.
    #[command(
        after_help = "Examples:\n  lessonpack build\n  lessonpack build --root my-pack --output public --pretty-urls"
    )]
    Build {
        /// Output folder; default: site/ inside the pack.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Include lessons marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Write HTML as rendered, unminified (for debugging templates).
        #[arg(long)]
        no_minify: bool,
        /// Link to folders (quiz/) instead of quiz/index.html; for web hosts, not for file://.
        #[arg(long)]
        pretty_urls: bool,
        /// Render every page, even those unchanged since the previous build.
        #[arg(long)]
        no_cache: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            output,
            drafts,
            no_minify,
            pretty_urls,
            no_cache,
        } => {
            let options = BuildOptions {
                output,
                drafts,
                minify: !no_minify,
                pretty_urls,
                cache: !no_cache,
                ..BuildOptions::new(&cli.root)
            };
            match build(&options) {
                Ok(report) => {
                    println!(
                        "built {} lessons, {} pages ({} rendered, {} unchanged) in {:.2} s into {}",
                        report.lessons,
                        report.pages,
                        report.rendered,
                        report.pages - report.rendered,
                        report.elapsed.as_secs_f64(),
                        report.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    for error in &errors {
                        eprintln!("{error}\n");
                    }
                    eprintln!(
                        "build failed with {} error{}; nothing was written",
                        errors.len(),
                        if errors.len() == 1 { "" } else { "s" }
                    );
                    ExitCode::FAILURE
                }
            }
        }
    }
}
