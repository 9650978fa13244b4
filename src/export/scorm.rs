//! SCORM 1.2 and SCORM 2004 (4th edition) packages: a zip of `imsmanifest.xml` and, for each
//! lesson, its offline bundle (`<slug>.html`) as one SCO, which the manifest's organization
//! lists as one item. A lesson's pass mark is its item's mastery score (1.2) or its primary
//! objective's minimum normalized measure (2004).
//!
//! Each bundle carries the SCORM bridge (`scorm.js`), a script of its own run before the
//! page's: when the page finds its platform's API it keeps the learner's state there and
//! reports the quiz's score and the lesson's status; without a platform the page is the
//! normal bundle. The bridge is the only difference from the bundles of `lessonpack bundle`.

use super::ExportInput;
use super::xml::Xml;
use crate::bundle::render_lesson_bundle_with;
use crate::content::Lesson;
use crate::diagnostic::{Diagnostic, ErrorKind};

/// The bridge, a function of the SCORM version ("1.2" or "2004") the package is for.
const BRIDGE: &str = include_str!("scorm.js");

/// The manifest's name, at the root of the package, as SCORM requires.
const MANIFEST: &str = "imsmanifest.xml";

/// Which SCORM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Scorm12,
    Scorm2004,
}

impl Version {
    /// The version as the bridge takes it.
    fn bridge_name(self) -> &'static str {
        match self {
            Version::Scorm12 => "1.2",
            Version::Scorm2004 => "2004",
        }
    }
}

/// The zip of a SCORM package holding `input`'s lessons.
pub(crate) fn package(version: Version, input: &ExportInput) -> Result<Vec<u8>, Diagnostic> {
    let context = input
        .bundles
        .expect("SCORM exports are planned with the bundles' context");
    let bridge = format!("{BRIDGE}({:?});\n", version.bridge_name());
    let mut entries = vec![(MANIFEST.to_string(), manifest(version, input).into_bytes())];
    for lesson in &input.lessons {
        let page = render_lesson_bundle_with(context, lesson, &bridge)?;
        if !contains(&page, bridge.as_bytes()) {
            return Err(bridge_left_out());
        }
        entries.push((launch_page(lesson), page));
    }
    crate::export::zip_package(&format!("{}.zip", input.stem), entries)
}

/// Whether `page` holds `part` as written.
fn contains(page: &[u8], part: &[u8]) -> bool {
    page.windows(part.len()).any(|window| window == part)
}

/// The error of a pack's own `bundle.html` that lost the bridge's script block: without it
/// the package would never report to its platform.
fn bridge_left_out() -> Diagnostic {
    Diagnostic::global(ErrorKind::Template {
        template: "bundle.html".to_string(),
        message: "SCORM packages need its `{% if bundle.bridge %}` script block, before the \
                  page's script; copy it from the built-in bundle.html"
            .to_string(),
    })
}

/// The file of a lesson's SCO in the package.
fn launch_page(lesson: &Lesson) -> String {
    format!("{}.html", lesson.slug)
}

/// The package's `imsmanifest.xml`: one organization, one item and one SCO per lesson.
fn manifest(version: Version, input: &ExportInput) -> String {
    let config = &input.pack.config;
    let (namespaces, schema_version, sco_type): (&[(&str, &str)], _, _) = match version {
        Version::Scorm12 => (
            &[
                ("xmlns", "http://www.imsproject.org/xsd/imscp_rootv1p1p2"),
                ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2"),
            ],
            "1.2",
            "adlcp:scormtype",
        ),
        Version::Scorm2004 => (
            &[
                ("xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1"),
                ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3"),
                ("xmlns:imsss", "http://www.imsglobal.org/xsd/imsss"),
            ],
            "2004 4th Edition",
            "adlcp:scormType",
        ),
    };
    let mut xml = Xml::new();
    let identifier = format!("lessonpack-{}", input.stem);
    let mut attributes = vec![("identifier", identifier.as_str()), ("version", "1")];
    attributes.extend_from_slice(namespaces);
    xml.open("manifest", &attributes);
    xml.open("metadata", &[]);
    xml.text("schema", &[], "ADL SCORM");
    xml.text("schemaversion", &[], schema_version);
    xml.close("metadata");
    xml.open("organizations", &[("default", "lessons")]);
    xml.open("organization", &[("identifier", "lessons")]);
    xml.text("title", &[], &config.title);
    for lesson in &input.lessons {
        let pass_mark = lesson.meta.quiz_policy.over(config.quiz.policy).pass_mark;
        let pass_mark = pass_mark.filter(|_| lesson.has_quiz());
        let item = format!("item-{}", lesson.slug);
        let sco = format!("sco-{}", lesson.slug);
        xml.open("item", &[("identifier", &item), ("identifierref", &sco)]);
        xml.text("title", &[], &lesson.meta.title);
        match (version, pass_mark) {
            (_, None) => {}
            (Version::Scorm12, Some(mark)) => {
                xml.text("adlcp:masteryscore", &[], &mark.to_string());
            }
            (Version::Scorm2004, Some(mark)) => {
                let objective = format!("pass-{}", lesson.slug);
                xml.open("imsss:sequencing", &[]);
                xml.open("imsss:objectives", &[]);
                xml.open(
                    "imsss:primaryObjective",
                    &[("objectiveID", &objective), ("satisfiedByMeasure", "true")],
                );
                let measure = (f64::from(mark) / 100.0).to_string();
                xml.text("imsss:minNormalizedMeasure", &[], &measure);
                xml.close("imsss:primaryObjective");
                xml.close("imsss:objectives");
                xml.close("imsss:sequencing");
            }
        }
        xml.close("item");
    }
    xml.close("organization");
    xml.close("organizations");
    xml.open("resources", &[]);
    for lesson in &input.lessons {
        let sco = format!("sco-{}", lesson.slug);
        let href = launch_page(lesson);
        xml.open(
            "resource",
            &[
                ("identifier", &sco),
                ("type", "webcontent"),
                (sco_type, "sco"),
                ("href", &href),
            ],
        );
        xml.empty("file", &[("href", &href)]);
        xml.close("resource");
    }
    xml.close("resources");
    xml.close("manifest");
    xml.finish()
}
