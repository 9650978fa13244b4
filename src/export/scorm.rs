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
use crate::bundle::render_lesson_bundle_with;
use crate::content::Lesson;
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::web::escape_xml;

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
    let (namespaces, schema_version) = match version {
        Version::Scorm12 => (
            concat!(
                r#"xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" "#,
                r#"xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2""#
            ),
            "1.2",
        ),
        Version::Scorm2004 => (
            concat!(
                r#"xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" "#,
                r#"xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" "#,
                r#"xmlns:imsss="http://www.imsglobal.org/xsd/imsss""#
            ),
            "2004 4th Edition",
        ),
    };
    let mut items = String::new();
    let mut resources = String::new();
    for lesson in &input.lessons {
        let slug = escape_xml(&lesson.slug);
        let title = escape_xml(&lesson.meta.title);
        let href = escape_xml(&launch_page(lesson));
        let pass_mark = lesson.meta.quiz_policy.over(config.quiz.policy).pass_mark;
        let pass_mark = pass_mark.filter(|_| lesson.has_quiz());
        let mastery = match (version, pass_mark) {
            (_, None) => String::new(),
            (Version::Scorm12, Some(mark)) => {
                format!("\n        <adlcp:masteryscore>{mark}</adlcp:masteryscore>")
            }
            (Version::Scorm2004, Some(mark)) => format!(
                concat!(
                    "\n        <imsss:sequencing>",
                    "\n          <imsss:objectives>",
                    "\n            <imsss:primaryObjective objectiveID=\"pass-{slug}\" satisfiedByMeasure=\"true\">",
                    "\n              <imsss:minNormalizedMeasure>{measure}</imsss:minNormalizedMeasure>",
                    "\n            </imsss:primaryObjective>",
                    "\n          </imsss:objectives>",
                    "\n        </imsss:sequencing>"
                ),
                slug = slug,
                measure = f64::from(mark) / 100.0,
            ),
        };
        items.push_str(&format!(
            concat!(
                "\n      <item identifier=\"item-{slug}\" identifierref=\"sco-{slug}\">",
                "\n        <title>{title}</title>{mastery}",
                "\n      </item>"
            ),
            slug = slug,
            title = title,
            mastery = mastery,
        ));
        let sco_type = match version {
            Version::Scorm12 => "adlcp:scormtype",
            Version::Scorm2004 => "adlcp:scormType",
        };
        resources.push_str(&format!(
            concat!(
                "\n    <resource identifier=\"sco-{slug}\" type=\"webcontent\" {sco_type}=\"sco\" href=\"{href}\">",
                "\n      <file href=\"{href}\"/>",
                "\n    </resource>"
            ),
            slug = slug,
            sco_type = sco_type,
            href = href,
        ));
    }
    format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<manifest identifier=\"lessonpack-{stem}\" version=\"1\" {namespaces}>\n",
            "  <metadata>\n",
            "    <schema>ADL SCORM</schema>\n",
            "    <schemaversion>{schema_version}</schemaversion>\n",
            "  </metadata>\n",
            "  <organizations default=\"lessons\">\n",
            "    <organization identifier=\"lessons\">\n",
            "      <title>{title}</title>{items}\n",
            "    </organization>\n",
            "  </organizations>\n",
            "  <resources>{resources}\n",
            "  </resources>\n",
            "</manifest>\n"
        ),
        stem = escape_xml(input.stem),
        namespaces = namespaces,
        schema_version = schema_version,
        title = escape_xml(&config.title),
        items = items,
        resources = resources,
    )
}
