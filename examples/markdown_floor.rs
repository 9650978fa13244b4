//! The Markdown floor: pulldown-cmark's raw Markdown → HTML time on a pack's lessons, with
//! nothing else (no front matter, entities, quiz, templates, minification or writing).
//!
//! ```text
//! cargo run --release --example markdown_floor -- PACK_DIR
//! ```
//!
//! Reads every `.md` file under `PACK_DIR/content` into memory first (not timed), then
//! converts them all on one thread and on all of rayon's threads. Prints one line:
//! `lessons=… bytes=… html_bytes=… seconds_one_thread=… seconds_parallel=…`.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn to_html(markdown: &str) -> usize {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, Options::empty()));
    out.len()
}

fn main() -> ExitCode {
    let Some(pack) = std::env::args().nth(1) else {
        eprintln!("usage: markdown_floor PACK_DIR");
        return ExitCode::FAILURE;
    };
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(Path::new(&pack).join("content")).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                eprintln!("markdown_floor: {err}");
                return ExitCode::FAILURE;
            }
        };
        if entry.path().extension().is_some_and(|e| e == "md") {
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => texts.push(text),
                Err(err) => {
                    eprintln!("markdown_floor: {}: {err}", entry.path().display());
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();

    let started = Instant::now();
    let html_bytes: usize = texts.iter().map(|t| to_html(t)).sum();
    let one = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let parallel_bytes: usize = texts.par_iter().map(|t| to_html(t)).sum();
    let parallel = started.elapsed().as_secs_f64();
    assert_eq!(html_bytes, parallel_bytes);

    println!(
        "lessons={} bytes={bytes} html_bytes={html_bytes} seconds_one_thread={one:.3} seconds_parallel={parallel:.3}",
        texts.len()
    );
    ExitCode::SUCCESS
}
