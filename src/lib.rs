//! lessonpack turns a folder of lesson sources into a static site: an index of the pack, and
//! for each lesson an article page, one page per focus sentence, an end page and a quiz.
//!
//! The pipeline, one module a step: [`config`] reads `lessonpack.toml`; [`content`] walks
//! `content/` and parses every lesson into the model; [`render`] fills Tera templates from
//! views of that model; [`layout`] gives every page its path, links and view; [`site`] plans
//! every output file, renders in parallel and writes the site atomically. Every problem on
//! the way is a [`diagnostic::Diagnostic`] with a file position; warnings are
//! [`diagnostic::Lint`]s.
//!
//! The authoring tools sit on top: [`scaffold`] makes packs and lessons, [`check`] reports
//! build errors and lints from the loaded pack without writing anything, [`serve`] previews
//! with live reload, [`import`] converts the reading app's text exports, and [`report`]
//! prints for a terminal.
//!
//! # Layers
//!
//! The modules form layers, lowest first: a module uses only modules listed above it, never
//! one below (the test `tests/suite/layers.rs` reads this list and every `crate::` path in
//! `src/`, and fails on an import against it). `main.rs`, the CLI, is above them all.
//!
//! 1. `diagnostic`: where a problem is (`Span`), errors and lints, and their wording
//! 2. `web`: percent-coding, media types by extension, HTML/XML escaping
//! 3. `pause`: the pause points the fault tests kill at
//! 4. `source`: source text: UTF-8 decoding, offset to line:col, TOML with spans, walk errors
//! 5. `i18n`: the built-in UI catalogues, plural rules, dates in words
//! 6. `config`: `lessonpack.toml` into `PackConfig`
//! 7. `content`: the model (`Pack`, `Unit`, `Lesson`) parsed from source text, and its loading
//! 8. `render`: Tera with built-ins and pack overrides, the views templates see, the CSP
//! 9. `assets`: the stylesheet and scripts, minified and named by content hash
//! 10. `layout`: every page's path and links, its view, the quiz answers it carries
//! 11. `bundle`: offline single-file bundles rendered from the views
//! 12. `export`: lessons for learning platforms (SCORM, QTI, GIFT, Moodle XML)
//! 13. `site`: the plan of output files and the sinks that write it (build, preview, memory)
//! 14. `check`: build errors and lints from the loaded pack, in memory
//! 15. `report`: the printer of diagnostics and summaries
//! 16. `serve`: the preview server: HTTP, file watching, live reload
//! 17. `scaffold`: `init` and `new`, files written whole or not at all
//! 18. `import`: other tools' formats (the reading app's text exports, GIFT, quizdown,
//!     mkdocs-quiz, mdbook-quiz) into lesson sources

pub mod assets;
pub(crate) mod bundle;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod export;
pub mod i18n;
pub mod import;
pub mod layout;
mod pause;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod site;
mod source;
mod web;

pub use check::{CheckReport, check};
pub use serve::{ServeOptions, serve};
pub use site::{BuildOptions, BuildReport, CACHE_FILE, MemorySite, build, render_in_memory};
