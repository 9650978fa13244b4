//! SCORM 1.2 and 2004 packages (`export/scorm12/`, `export/scorm2004/`) of the pack
//! tests/fixtures/interchange/scorm/pack/: a zip per lesson and one for the pack, each with a
//! well-formed `imsmanifest.xml` that names exactly the files the zip holds, and each lesson's
//! page the lesson's offline bundle plus the SCORM bridge; the same bytes from two builds.
//! In real Chromium and Firefox, the package runs inside a platform's frame
//! (tests/fixtures/interchange/scorm/host.html) whose SCORM API is scorm-again's: a learner
//! answers the quiz, scorm-again records the score, the status and the suspend data, and a
//! new session loaded with that record resumes where the learner was, answers and all.
//! Without a platform the package's page is the normal bundle.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::Path;

use base64::Engine as _;
use lessonpack::export::ExportFormat;
use quick_xml::events::Event;
use scraper::Html;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::learner_site::assert_clean;
use crate::support::browser::{Browser, Engine, each_browser};
use crate::support::server::StaticServer;
use crate::support::tools::skip_or_fail;
use crate::support::{html::*, pack::*};

const PACK: &str = "interchange/scorm/pack";
/// The pack's package, named after its title as the pack bundle is.
const PACK_STEM: &str = "harbour-tides";
const SCORM: [ExportFormat; 2] = [ExportFormat::Scorm12, ExportFormat::Scorm2004];

fn exported(bundle: bool) -> (tempfile::TempDir, BuiltSite) {
    let pack = fixture_copy(PACK);
    let site = build_with(pack.path(), |options| {
        options.exports = SCORM.to_vec();
        options.bundle = bundle;
    });
    (pack, site)
}

/// The entries of a zip, by name, in the zip's order kept apart.
fn unzip(bytes: &[u8]) -> (Vec<String>, BTreeMap<String, Vec<u8>>) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut order = Vec::new();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        order.push(entry.name().to_string());
        files.insert(entry.name().to_string(), data);
    }
    (order, files)
}

/// An element of a manifest: its name as written, attributes, text, children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn all<'a>(&'a self, name: &str) -> Vec<&'a Element> {
        let mut found = Vec::new();
        if self.name == name {
            found.push(self);
        }
        for child in &self.children {
            found.extend(child.all(name));
        }
        found
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn attr(&self, name: &str) -> &str {
        self.attributes
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("<{}> has no {name}: {:?}", self.name, self.attributes))
    }
}

/// Parses XML, panicking unless it is well-formed: one root, end tags matching, attributes
/// unique and quoted, entities known.
fn parse_xml(text: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack = vec![Element::default()];
    let element = |start: &quick_xml::events::BytesStart| Element {
        name: String::from_utf8(start.name().as_ref().to_vec()).unwrap(),
        attributes: start
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attributes");
                let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                let value = a.normalized_value(quick_xml::XmlVersion::Explicit1_0);
                (key, value.expect("known entities").into_owned())
            })
            .collect(),
        ..Element::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => stack.push(element(&start)),
            Event::Empty(start) => stack.last_mut().unwrap().children.push(element(&start)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack
                    .last_mut()
                    .expect("an open element")
                    .children
                    .push(done);
            }
            Event::Text(text) => {
                let text = text.decode().expect("utf-8");
                let text = quick_xml::escape::unescape(&text).expect("known entities");
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().expect("utf-8");
                let text =
                    quick_xml::escape::resolve_predefined_entity(&name).expect("known entities");
                stack.last_mut().unwrap().text.push_str(text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let document = stack.pop().unwrap();
    assert!(stack.is_empty(), "every element closed");
    assert_eq!(document.children.len(), 1, "one root element");
    assert!(document.text.trim().is_empty(), "no text outside the root");
    document.children.into_iter().next().unwrap()
}

/// What a lesson's item in the manifest says.
#[derive(Debug, PartialEq)]
struct Sco {
    title: String,
    href: String,
    /// The 1.2 mastery score, or the 2004 primary objective's minimum normalized measure.
    pass: Option<String>,
}

/// Checks `manifest` against its `files` and gives each item's SCO, in the manifest's order.
fn scos(format: ExportFormat, manifest: &Element, files: &BTreeMap<String, Vec<u8>>) -> Vec<Sco> {
    let (namespace, version, scorm_type) = match format {
        ExportFormat::Scorm12 => (
            "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
            "1.2",
            "adlcp:scormtype",
        ),
        _ => (
            "http://www.imsglobal.org/xsd/imscp_v1p1",
            "2004 4th Edition",
            "adlcp:scormType",
        ),
    };
    assert_eq!(manifest.name, "manifest");
    assert_eq!(manifest.attr("xmlns"), namespace);
    let metadata = manifest.child("metadata").expect("metadata");
    assert_eq!(metadata.child("schema").unwrap().text, "ADL SCORM");
    assert_eq!(metadata.child("schemaversion").unwrap().text, version);
    let ids: Vec<&str> = manifest
        .all("manifest")
        .into_iter()
        .chain(manifest.all("organization"))
        .chain(manifest.all("item"))
        .chain(manifest.all("resource"))
        .map(|e| e.attr("identifier"))
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "identifiers are unique: {ids:?}");
    let organizations = manifest.child("organizations").unwrap();
    let organization = organizations.child("organization").unwrap();
    assert_eq!(
        organizations.attr("default"),
        organization.attr("identifier")
    );
    assert_eq!(organization.child("title").unwrap().text, "Harbour & Tides");
    let resources = manifest.all("resource");
    let mut named = BTreeSet::new();
    let scos: Vec<Sco> = organization
        .all("item")
        .into_iter()
        .map(|item| {
            let resource = resources
                .iter()
                .find(|r| r.attr("identifier") == item.attr("identifierref"))
                .expect("an item's resource");
            assert_eq!(resource.attr(scorm_type), "sco");
            assert_eq!(resource.attr("type"), "webcontent");
            let href = resource.attr("href").to_string();
            let listed: Vec<&str> = resource
                .all("file")
                .iter()
                .map(|f| f.attr("href"))
                .collect();
            assert!(listed.contains(&href.as_str()), "the launch page is listed");
            for file in listed {
                assert!(files.contains_key(file), "{file} is in the zip");
                named.insert(file.to_string());
            }
            let pass = match format {
                ExportFormat::Scorm12 => item.child("adlcp:masteryscore").map(|m| m.text.clone()),
                _ => item.child("imsss:sequencing").map(|sequencing| {
                    let objective = &sequencing.all("imsss:primaryObjective")[0];
                    assert_eq!(objective.attr("satisfiedByMeasure"), "true");
                    objective.all("imsss:minNormalizedMeasure")[0].text.clone()
                }),
            };
            Sco {
                title: item.child("title").unwrap().text.clone(),
                href,
                pass,
            }
        })
        .collect();
    assert_eq!(resources.len(), scos.len(), "one resource per item");
    named.insert("imsmanifest.xml".to_string());
    assert_eq!(
        named,
        files.keys().cloned().collect::<BTreeSet<_>>(),
        "the zip holds what the manifest names, nothing else"
    );
    scos
}

fn sco(title: &str, href: &str, pass: Option<&str>) -> Sco {
    Sco {
        title: title.to_string(),
        href: href.to_string(),
        pass: pass.map(str::to_string),
    }
}

#[test]
fn each_lesson_and_the_pack_is_a_package_whose_manifest_names_its_files() {
    let (_pack, site) = exported(false);
    for format in SCORM {
        let (pass, tides) = match format {
            ExportFormat::Scorm12 => ("60", "Tides <and> Moon"),
            _ => ("0.6", "Tides <and> Moon"),
        };
        let harbour = || sco("The Harbour Ferry", "harbour.html", Some(pass));
        let tides = || sco(tides, "tides.html", None);
        for (stem, expected) in [
            ("harbour", vec![harbour()]),
            ("tides", vec![tides()]),
            (PACK_STEM, vec![harbour(), tides()]),
        ] {
            let path = format.path(stem);
            let (order, files) = unzip(&site.files[&path]);
            assert_eq!(order[0], "imsmanifest.xml", "{path}: the manifest first");
            let manifest = parse_xml(std::str::from_utf8(&files["imsmanifest.xml"]).unwrap());
            assert_eq!(scos(format, &manifest, &files), expected, "{path}");
        }
    }
    let exports: Vec<&String> = site
        .files
        .keys()
        .filter(|p| p.starts_with("export/"))
        .collect();
    assert_eq!(exports.len(), 6, "three packages per version: {exports:?}");
}

#[test]
fn a_packs_bundle_template_without_the_bridge_block_fails_the_scorm_export_by_name() {
    let pack = fixture_copy(PACK);
    let built_in = std::fs::read_to_string("templates/bundle.html").unwrap();
    let block = "{% if bundle.bridge %}<script>{{ bundle.bridge | safe }}</script>\n{% endif %}";
    assert!(
        built_in.contains(block),
        "the built-in bundle.html has the bridge block"
    );
    let without_bridge = built_in.replace(block, "");
    write_template(pack.path(), "bundle.html", &without_bridge);
    // The bundles themselves still build with it.
    build_with(pack.path(), |options| options.bundle = true);
    for format in SCORM {
        let mut options = lessonpack::BuildOptions::new(pack.path());
        options.exports = vec![format];
        let errors = lessonpack::build(&options).expect_err("the bridge is missing");
        let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            messages.iter().any(
                |m| m.starts_with("template bundle.html: SCORM packages need")
                    && m.contains("bundle.bridge")
            ),
            "{format:?}: {messages:?}"
        );
    }
}

/// The SHA-256 source that admits an inline element of this text.
fn hash_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[test]
fn a_packages_page_is_the_lessons_bundle_with_the_bridge_which_its_policy_admits() {
    let (_pack, site) = exported(true);
    let bundle = site.text("bundle/harbour.html");
    for format in SCORM {
        let (_, files) = unzip(&site.files[&format.path(PACK_STEM)]);
        let page = String::from_utf8(files["harbour.html"].clone()).unwrap();
        let html = Html::parse_document(&page);
        // As written, for their hashes.
        let scripts: Vec<&str> = page
            .split("<script>")
            .skip(1)
            .map(|rest| rest.split_once("</script>").expect("a closed script").0)
            .collect();
        assert_eq!(scripts.len(), 2, "the bridge, then the page's script");
        let csp = attr(&html, "meta[http-equiv]", "content");
        let script_src = csp
            .split("; ")
            .find_map(|d| d.strip_prefix("script-src "))
            .expect("a script-src");
        let admitted: BTreeSet<&str> = script_src.split(' ').collect();
        let wanted: Vec<String> = scripts.iter().map(|s| hash_source(s)).collect();
        assert_eq!(
            admitted,
            wanted.iter().map(String::as_str).collect::<BTreeSet<_>>(),
            "{format:?}: each script by its hash, nothing else"
        );
        let version = match format {
            ExportFormat::Scorm12 => "\"1.2\"",
            _ => "\"2004\"",
        };
        assert!(
            scripts[0].trim_end().ends_with(&format!("({version});")),
            "{format:?}"
        );
        // Without the bridge and its hash, the page is the bundle, byte for byte.
        let bundle_csp = csp.replace(&format!(" {}", wanted[0]), "");
        let without = page
            .replace(&format!("<script>{}</script>\n", scripts[0]), "")
            .replace(&csp, &bundle_csp);
        assert_eq!(without, bundle, "{format:?}");
        assert_eq!(
            bundle.matches("<script>").count(),
            1,
            "the bundle has no bridge"
        );
    }
}

#[test]
fn two_builds_give_the_same_packages_byte_for_byte() {
    let (_a, first) = exported(false);
    let (_b, second) = exported(false);
    let exports = |site: &BuiltSite| -> BTreeMap<String, Vec<u8>> {
        site.files
            .iter()
            .filter(|(path, _)| path.starts_with("export/"))
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect()
    };
    let (first, second) = (exports(&first), exports(&second));
    assert_eq!(first.len(), 6);
    assert!(first == second, "the packages differ between builds");
}

/// A platform's frame serving `format`'s package of the harbour lesson, with scorm-again.
struct Platform {
    _dir: tempfile::TempDir,
    server: StaticServer,
    version: &'static str,
    href: String,
}

impl Platform {
    /// `None` (after a skip message, a failure under CI) without scorm-again's files.
    fn serve(format: ExportFormat) -> Option<(Platform, tempfile::TempDir)> {
        let dist = repo_root().join("node_modules/scorm-again/dist");
        if !dist.join("scorm12.js").is_file() {
            skip_or_fail("node_modules/scorm-again is missing (npm ci)");
            return None;
        }
        let pack = fixture_copy(PACK);
        let site = build_with(pack.path(), |options| options.exports = vec![format]);
        let dir = tempfile::tempdir().unwrap();
        let host = fixture("interchange/scorm");
        for file in ["host.html", "host.js"] {
            std::fs::copy(host.join(file), dir.path().join(file)).unwrap();
        }
        std::fs::create_dir(dir.path().join("scorm-again")).unwrap();
        for file in ["scorm12.js", "scorm2004.js"] {
            std::fs::copy(dist.join(file), dir.path().join("scorm-again").join(file)).unwrap();
        }
        let (_, files) = unzip(&site.files[&format.path("harbour")]);
        let manifest = parse_xml(std::str::from_utf8(&files["imsmanifest.xml"]).unwrap());
        let href = manifest.all("resource")[0].attr("href").to_string();
        write_files(&dir.path().join("package"), &files);
        let server = StaticServer::start(dir.path());
        let version = match format {
            ExportFormat::Scorm12 => "1.2",
            _ => "2004",
        };
        let platform = Platform {
            _dir: dir,
            server,
            version,
            href: format!("package/{href}"),
        };
        Some((platform, pack))
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.server.port())
    }

    /// Launches the package in the host's frame with a new API loaded with `cmi`, and enters
    /// the frame once its page has set up.
    fn launch(&self, browser: &Browser, cmi: &Value) {
        browser.leave_frame();
        browser.execute_with(
            "host.launch(arguments[0], arguments[1], arguments[2]);",
            vec![json!(self.version), json!(self.href), cmi.clone()],
        );
        // The new page, not the one it replaces (marked once entered).
        browser.wait_until(
            "(() => { const frame = document.getElementById('sco').contentWindow; \
               return !frame.launched && frame.document.readyState === 'complete' && \
               frame.document.querySelector('.quiz-summary:not([hidden])'); })()",
        );
        browser.execute("document.getElementById('sco').contentWindow.launched = true;");
        browser.enter_frame("#sco");
    }

    /// What the platform's API holds, as JSON.
    fn record(&self, browser: &Browser) -> Value {
        browser.leave_frame();
        let record = browser.execute("return host.record();");
        browser.enter_frame("#sco");
        record
    }
}

fn write_files(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Checks the question in `form` (its Check button).
fn check(browser: &Browser, form: &str) {
    browser.click(&format!("{form} button.check"));
    browser.wait_for(&format!("{form} .feedback .verdict"));
}

/// A learner opens the quiz and answers it: the first question right, the second wrong, and
/// `typed` for the third; the page shows a verdict for each question.
fn answer_quiz(browser: &Browser, typed: &str) {
    browser.execute("location.hash = 'quiz';");
    browser.wait_until("!document.getElementById('quiz').hidden");
    let forms: Vec<String> =
        serde_json::from_value(browser.execute(
            "return [...document.querySelectorAll('form.question')].map((f) => '#' + f.id);",
        ))
        .unwrap();
    assert_eq!(forms.len(), 3);
    browser.click_label("At seven");
    check(browser, &forms[0]);
    browser.click_label("Cars");
    browser.click_label("Trains");
    check(browser, &forms[1]);
    browser.type_text(&format!("{} input[type=text]", forms[2]), typed);
    check(browser, &forms[2]);
}

/// The answers the page shows: each question's checked choices or typed text.
fn shown_answers(browser: &Browser) -> Value {
    browser.execute(
        "return [...document.querySelectorAll('form.question')].map((form) => ({
           checked: [...form.querySelectorAll('input:checked')].map((i) => form.querySelector('label[for=' + CSS.escape(i.id) + ']').textContent.trim()),
           typed: [...form.querySelectorAll('input[type=text]')].map((i) => i.value),
           verdict: form.querySelector('.feedback .verdict')?.className || null,
         }));",
    )
}

/// What the learner's session leaves in the platform: score, status, location and the
/// suspend data (parsed), by the version's element names.
#[derive(Debug)]
struct Recorded {
    raw: String,
    max: String,
    scaled: Option<String>,
    status: Vec<String>,
    location: String,
    suspend: Value,
}

fn recorded(version: &str, cmi: &Value) -> Recorded {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("not a value: {other}"),
    };
    let suspend = |v: &Value| serde_json::from_str(&text(v)).expect("suspend data is JSON");
    match version {
        "1.2" => Recorded {
            raw: text(&cmi["core"]["score"]["raw"]),
            max: text(&cmi["core"]["score"]["max"]),
            scaled: None,
            status: vec![text(&cmi["core"]["lesson_status"])],
            location: text(&cmi["core"]["lesson_location"]),
            suspend: suspend(&cmi["suspend_data"]),
        },
        _ => Recorded {
            raw: text(&cmi["score"]["raw"]),
            max: text(&cmi["score"]["max"]),
            scaled: Some(text(&cmi["score"]["scaled"])),
            status: vec![
                text(&cmi["completion_status"]),
                text(&cmi["success_status"]),
            ],
            location: text(&cmi["location"]),
            suspend: suspend(&cmi["suspend_data"]),
        },
    }
}

/// A learner in a platform's frame: the first session records score, status and state; the
/// second, loaded with the first's record, resumes with the answers shown as they were.
fn learner_in_a_platform(engine: Engine, format: ExportFormat) {
    let Some((platform, _pack)) = Platform::serve(format) else {
        return;
    };
    let Some(browser) = Browser::launch_in(engine) else {
        return;
    };
    browser.goto(&platform.url("host.html"));
    let version = platform.version;
    // What the manifest gives the platform: 1.2's mastery score, 2004's passing score.
    let first = match version {
        "1.2" => json!({ "student_data": { "mastery_score": "60" } }),
        _ => json!({ "scaled_passing_score": "0.6" }),
    };
    platform.launch(&browser, &first);
    // 1.2: two of three right, passed; 2004: one of three, failed.
    answer_quiz(
        &browser,
        if version == "1.2" {
            "The Island"
        } else {
            "The mainland"
        },
    );
    assert_clean(&browser, "the package's page in the platform's frame");
    let answers = shown_answers(&browser);
    let cmi = platform.record(&browser);
    let record = recorded(version, &cmi);
    match version {
        "1.2" => {
            assert_eq!((record.raw.as_str(), record.max.as_str()), ("66.66", "100"));
            assert_eq!(record.status, ["passed"]);
        }
        _ => {
            assert_eq!((record.raw.as_str(), record.max.as_str()), ("1", "3"));
            assert_eq!(record.scaled.as_deref(), Some("0.3333333"));
            assert_eq!(record.status, ["completed", "failed"]);
        }
    }
    assert_eq!(record.location, "quiz");
    let state = &record.suspend["harbour"];
    let kept = state["quiz"]["answers"]
        .as_object()
        .expect("the attempt's answers");
    assert_eq!(kept.len(), 3, "every question's answer: {state}");
    assert_eq!(state["of"], 3);
    // The platform's record is the learner's: the page kept nothing in the browser's storage.
    browser.leave_frame();
    let local = browser.execute(
        "return Object.keys(localStorage).filter((key) => key.startsWith('lessonpack:'));",
    );
    assert_eq!(local, json!([]));
    browser.enter_frame("#sco");

    // A new session, as the platform starts it from what it recorded.
    platform.launch(&browser, &cmi);
    let calls = |browser: &Browser| {
        browser.leave_frame();
        let calls = browser.execute("return host.calls;");
        browser.enter_frame("#sco");
        calls
    };
    assert_eq!(
        browser.execute("return location.hash;"),
        "#quiz",
        "back at the part the learner left"
    );
    assert!(browser.is_displayed("#quiz"));
    assert_eq!(shown_answers(&browser), answers, "the answers come back");
    assert_clean(&browser, "the resumed session");
    let resumed = recorded(version, &platform.record(&browser));
    assert_eq!(resumed.raw, record.raw, "the score stays");
    assert_eq!(resumed.status, record.status, "the status stays");
    let started = calls(&browser);
    assert_eq!(
        started[0],
        if version == "1.2" {
            "LMSInitialize"
        } else {
            "Initialize"
        }
    );
    // Leaving the lesson ends the session: kept to resume.
    browser.leave_frame();
    browser.execute("document.getElementById('sco').src = 'about:blank';");
    let end = if version == "1.2" {
        "LMSFinish"
    } else {
        "Terminate"
    };
    browser.wait_until(&format!("host.calls.includes('{end}')"));
    let cmi = browser.execute("return host.record();");
    let exit = match version {
        "1.2" => &cmi["core"]["exit"],
        _ => &cmi["exit"],
    };
    assert_eq!(exit, "suspend", "{cmi}");
}

each_browser! {
    fn a_scorm12_platform_records_the_quiz_and_the_learner_resumes(engine) {
        learner_in_a_platform(engine, ExportFormat::Scorm12);
    }
}

each_browser! {
    fn a_scorm2004_platform_records_the_quiz_and_the_learner_resumes(engine) {
        learner_in_a_platform(engine, ExportFormat::Scorm2004);
    }
}

each_browser! {
    fn without_a_platform_the_packages_page_is_the_normal_bundle(engine) {
        let Some((platform, _pack)) = Platform::serve(ExportFormat::Scorm2004) else {
            return;
        };
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        browser.goto(&platform.url(&format!("{}#quiz", platform.href)));
        browser.wait_for(".quiz-summary:not([hidden])");
        browser.click_label("At seven");
        check(&browser, "form.question");
        assert_clean(&browser, "the package's page on its own");
        let kept = browser.execute(
            "return JSON.parse(localStorage.getItem(Object.keys(localStorage).find((k) => k.endsWith(':harbour'))));",
        );
        assert_eq!(kept["best"], 1, "the page keeps its progress itself: {kept}");
        browser.reload();
        browser.wait_for("form.question .feedback .verdict.ok");
    }
}
