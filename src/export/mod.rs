//! `lessonpack export`: lessons for the learning platforms schools use, written into the site
//! under `export/<format>/` as planned files of the build (so atomic, deterministic and kept
//! like any other output).
//!
//! Each format makes one file per lesson (`export/<format>/<slug>.<ext>`) and, unless the
//! export is of one lesson, one for the whole pack (`export/<format>/<pack>.<ext>`), from the
//! lesson model: its quiz. One module per format: [`qti`] (IMS QTI 2.1 and 1.2 packages),
//! [`gift`] (Moodle's GIFT text), [`moodle_xml`] (Moodle XML).

pub mod gift;
pub mod moodle_xml;
pub mod qti;

use crate::content::{Lesson, Pack};
use crate::diagnostic::Diagnostic;

/// The folder of the site that holds the exports.
pub const EXPORT_DIR: &str = "export";

/// A format lessons are exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExportFormat {
    /// IMS QTI 2.1: a content package of one assessment item per question and a test.
    Qti21,
    /// IMS QTI 1.2: one `questestinterop` document in a zip.
    Qti12,
    /// Moodle's GIFT text format.
    Gift,
    /// Moodle XML.
    MoodleXml,
}

impl ExportFormat {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Qti21,
        ExportFormat::Qti12,
        ExportFormat::Gift,
        ExportFormat::MoodleXml,
    ];

    /// The name the CLI takes and the folder under `export/`: `qti21`, `moodle-xml`, …
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Qti21 => "qti21",
            ExportFormat::Qti12 => "qti12",
            ExportFormat::Gift => "gift",
            ExportFormat::MoodleXml => "moodle-xml",
        }
    }

    /// The format named `name`, as [`ExportFormat::name`] gives it.
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The extension of its files, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Qti21 | ExportFormat::Qti12 => "zip",
            ExportFormat::Gift => "gift",
            ExportFormat::MoodleXml => "xml",
        }
    }

    /// The site path of the export of the lesson or pack whose file stem is `stem`.
    pub fn path(self, stem: &str) -> String {
        format!("{EXPORT_DIR}/{}/{stem}.{}", self.name(), self.extension())
    }
}

/// What one export file is made from.
pub(crate) struct ExportInput<'a, 'b> {
    pub pack: &'a Pack,
    /// The lessons it holds, in site order: one for a lesson's file, all for the pack's.
    pub lessons: Vec<&'a Lesson>,
    /// Its file stem (the lesson's slug, or the pack's bundle name without `.html`).
    pub stem: &'b str,
}

/// Makes the bytes of one export file.
pub(crate) fn produce(format: ExportFormat, input: &ExportInput) -> Result<Vec<u8>, Diagnostic> {
    match format {
        ExportFormat::Qti21 => qti::package(qti::Version::Qti21, input),
        ExportFormat::Qti12 => qti::package(qti::Version::Qti12, input),
        ExportFormat::Gift => gift::export(input).map(String::into_bytes),
        ExportFormat::MoodleXml => moodle_xml::export(input).map(String::into_bytes),
    }
}

/// A drop-down cloze's options as the exports offer them: every blank's first accepted
/// answer, each once, sorted, so the order tells nothing.
pub(crate) fn drop_down_options(cloze: &crate::content::quiz::Cloze) -> Vec<&str> {
    let mut options: Vec<&str> = cloze
        .blanks
        .iter()
        .map(|b| b.accepted[0].as_str())
        .collect();
    options.sort_unstable();
    options.dedup();
    options
}

/// How every zip lessonpack writes stores its files: deflated, with a fixed timestamp and
/// permissions, so equal contents give byte-identical archives.
pub(crate) fn deterministic_zip_options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
}
