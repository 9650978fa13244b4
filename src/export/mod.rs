//! `lessonpack export`: lessons for the learning platforms schools use, written into the site
//! under `export/<format>/` as planned files of the build (so atomic, deterministic and kept
//! like any other output).
//!
//! Each format makes one file per lesson (`export/<format>/<slug>.<ext>`) and, unless the
//! export is of one lesson, one for the whole pack (`export/<format>/<pack>.<ext>`), from the
//! lesson model: its quiz, and for SCORM its offline bundle. One module per format:
//! [`scorm`] (SCORM 1.2 and 2004 packages), [`qti`] (IMS QTI 2.1 and 1.2 packages),
//! [`gift`] (Moodle's GIFT text), [`moodle_xml`] (Moodle XML).

pub mod gift;
pub mod moodle_xml;
pub mod qti;
pub mod scorm;
pub(crate) mod xml;

use crate::bundle::BundleContext;
use crate::content::{Lesson, Pack};
use crate::diagnostic::Diagnostic;

/// The folder of the site that holds the exports.
pub const EXPORT_DIR: &str = "export";

/// A format lessons are exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExportFormat {
    /// SCORM 1.2: a zip with `imsmanifest.xml` and the lesson's page, reporting to the LMS.
    Scorm12,
    /// SCORM 2004, 4th edition: likewise.
    Scorm2004,
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
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Scorm12,
        ExportFormat::Scorm2004,
        ExportFormat::Qti21,
        ExportFormat::Qti12,
        ExportFormat::Gift,
        ExportFormat::MoodleXml,
    ];

    /// The name the CLI takes and the folder under `export/`: `scorm12`, `moodle-xml`, …
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Scorm12 => "scorm12",
            ExportFormat::Scorm2004 => "scorm2004",
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
            ExportFormat::Scorm12
            | ExportFormat::Scorm2004
            | ExportFormat::Qti21
            | ExportFormat::Qti12 => "zip",
            ExportFormat::Gift => "gift",
            ExportFormat::MoodleXml => "xml",
        }
    }

    /// Whether its files hold lesson pages, and so need the offline bundles' context.
    pub fn needs_bundles(self) -> bool {
        matches!(self, ExportFormat::Scorm12 | ExportFormat::Scorm2004)
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
    /// The offline bundles' context, when the format needs it ([`ExportFormat::needs_bundles`]).
    pub bundles: Option<&'b BundleContext<'a>>,
}

/// Makes the bytes of one export file.
pub(crate) fn produce(format: ExportFormat, input: &ExportInput) -> Result<Vec<u8>, Diagnostic> {
    match format {
        ExportFormat::Scorm12 => scorm::package(scorm::Version::Scorm12, input),
        ExportFormat::Scorm2004 => scorm::package(scorm::Version::Scorm2004, input),
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

/// Zips `files` (path inside the archive, contents) in the order given, with
/// [`deterministic_zip_options`]. `zip` is the archive's site path, for errors.
pub(crate) fn zip_package<B: AsRef<[u8]>>(
    zip: &str,
    files: impl IntoIterator<Item = (String, B)>,
) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Write;
    let fail = |err: std::io::Error| Diagnostic::io(std::path::Path::new(zip), &err);
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buffer);
    let options = deterministic_zip_options();
    for (name, contents) in files {
        writer
            .start_file(name, options)
            .map_err(|err| fail(std::io::Error::other(err)))?;
        writer.write_all(contents.as_ref()).map_err(fail)?;
    }
    writer
        .finish()
        .map_err(|err| fail(std::io::Error::other(err)))?;
    Ok(buffer.into_inner())
}
