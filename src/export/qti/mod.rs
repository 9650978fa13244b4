//! IMS QTI 2.1 and QTI 1.2 packages: zips that learning platforms (Canvas, Blackboard,
//! Moodle, Brightspace) import as question banks or tests.
//!
//! QTI 2.1 ([`v21`]): an IMS content package of one `assessmentItem` per question and an
//! `assessmentTest` of them, a section per lesson. QTI 1.2 ([`v12`]): one `questestinterop`
//! document, a section per lesson, in the form Canvas and Blackboard import.

mod v12;
mod v21;
pub(crate) mod xhtml;

use super::ExportInput;
use super::xml::Xml;
use crate::content::quiz::Question;
use crate::content::{Lesson, Pack};
use crate::diagnostic::Diagnostic;

/// Which QTI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Qti21,
    Qti12,
}

/// The zip of a QTI package holding `input`'s quizzes.
pub(crate) fn package(version: Version, input: &ExportInput) -> Result<Vec<u8>, Diagnostic> {
    let sections = sections(input);
    let files = match version {
        Version::Qti21 => v21::files(input, &sections),
        Version::Qti12 => v12::files(input, &sections),
    };
    crate::export::zip_package(&format!("{}.zip", input.stem), files)
}

/// The questions of one lesson, as they go into a package.
pub(crate) struct Section<'a> {
    pub lesson: &'a Lesson,
    /// A valid XML name (NCName) made of the lesson's slug.
    pub identifier: String,
    pub questions: Vec<&'a Question>,
    /// The quiz's `partial_credit` policy: a point per right part of an answer.
    pub partial_credit: bool,
    /// The quiz's `shuffle` policy.
    pub shuffle: bool,
}

impl Section<'_> {
    /// The identifier of its question `index` (from 0), unique in a package.
    pub fn item_identifier(&self, index: usize) -> String {
        format!("{}-q{}", self.identifier, index + 1)
    }
}

/// A section per lesson with a quiz, in site order.
pub(crate) fn sections<'a>(input: &ExportInput<'a, '_>) -> Vec<Section<'a>> {
    input
        .lessons
        .iter()
        .filter_map(|&lesson| {
            let quiz = lesson.quiz()?;
            Some(Section {
                lesson,
                identifier: format!("lesson-{}", ncname_part(&lesson.slug)),
                questions: quiz.questions.iter().collect(),
                partial_credit: partial_credit(input.pack, lesson),
                shuffle: lesson
                    .meta
                    .shuffle
                    .unwrap_or(input.pack.config.quiz.shuffle),
            })
        })
        .collect()
}

/// The title of the export: its lesson's, or the pack's.
pub(crate) fn title<'a>(input: &ExportInput<'a, '_>) -> &'a str {
    match input.lessons.as_slice() {
        [lesson] if lesson.slug == input.stem => &lesson.meta.title,
        _ => &input.pack.config.title,
    }
}

/// Whether the lesson's quiz gives a point per right part (its policy over the pack's).
pub(crate) fn partial_credit(pack: &Pack, lesson: &Lesson) -> bool {
    lesson
        .meta
        .quiz_policy
        .over(pack.config.quiz.policy)
        .partial_credit
        .unwrap_or(false)
}

/// `text` as a part of an XML name: ASCII letters, digits, `-`, `_` and `.` kept, anything
/// else `-` (slugs are mostly of those already).
pub(crate) fn ncname_part(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
            _ => '-',
        })
        .collect()
}

/// The IMS Content Packaging namespace and schema, and XML Schema instance's namespace.
const CP_NS: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
const CP_SCHEMA: &str =
    "http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// A package manifest for `stem`, opened up to its `<resources>`, with its metadata naming
/// `schema` at `version`.
fn manifest_start(stem: &str, schema: &str, version: &str) -> Xml {
    let mut xml = Xml::new();
    let identifier = format!("manifest-{}", ncname_part(stem));
    xml.open(
        "manifest",
        &[
            ("xmlns", CP_NS),
            ("xmlns:xsi", XSI_NS),
            ("xsi:schemaLocation", CP_SCHEMA),
            ("identifier", &identifier),
        ],
    );
    xml.open("metadata", &[]);
    xml.text("schema", &[], schema);
    xml.text("schemaversion", &[], version);
    xml.close("metadata");
    xml.empty("organizations", &[]);
    xml.open("resources", &[]);
    xml
}
