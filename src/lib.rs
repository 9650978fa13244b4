//! lessonpack turns a folder of lesson sources into a static site: an index of the pack, and
//! for each lesson an article page, one page per focus sentence, an end page and a quiz.
//!
//! The pipeline, one module a step: [`config`] reads `lessonpack.toml`; [`content`] walks
//! `content/` and parses every lesson into the model; [`render`] fills Tera templates from
//! views of that model; [`site`] plans every output path, renders in parallel and writes the
//! site atomically. Every problem on the way is an [`error::Diagnostic`] with a file position;
//! warnings are [`error::Lint`]s.
//!
//! The authoring tools sit on top: [`scaffold`] makes packs and lessons, [`check`] reports
//! build errors and lints from the loaded pack without writing anything, [`serve`] previews with live
//! reload, [`import`] converts the reading app's text exports, and [`report`] prints for a
//! terminal.

pub mod assets;
pub(crate) mod bundle;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
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
