//! Offline bundles: one file per lesson and per pack with nothing outside it (no file, no
//! URL), valid HTML, read by keyboard in real Chromium and Firefox from file:// with the
//! network blocked (the browser pack, tests/fixtures/browser/), progress shared between
//! bundles; the zip of the whole site; the image warning; ids unique in the pack bundle; a
//! snapshot of a lesson bundle.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use lessonpack::{BuildOptions, build};
use scraper::Html;

use crate::browser_fixture::{
    FERRY, LIGHTHOUSE, LIGHTHOUSE_SENTENCES, PACK_BUNDLE as BROWSER_PACK_BUNDLE,
    article_image_shows, wait_for_next_focused,
};
use crate::learner_site::{assert_clean, wait_for_text, wait_for_url};
use crate::support::browser::{Browser, each_browser};
use crate::support::file_url;
use crate::support::vnu::assert_valid_html;
use crate::support::{html::*, pack::*};

const PACK_BUNDLE: &str = "bundle/world-news-in-focus.html";

fn built_with_bundles() -> (tempfile::TempDir, BuiltSite) {
    let pack = sample_pack();
    let site = build_with(pack.path(), |options| options.bundle = true);
    (pack, site)
}

fn bundle_paths(site: &BuiltSite) -> Vec<String> {
    site.files
        .keys()
        .filter(|path| path.starts_with("bundle/") && path.ends_with(".html"))
        .cloned()
        .collect()
}

#[test]
fn every_bundle_is_one_file_that_names_no_other_file_or_url() {
    let (_pack, site) = built_with_bundles();
    let bundles = bundle_paths(&site);
    assert_eq!(
        bundles,
        [
            "bundle/deepseek-v4.html",
            "bundle/floating-wind.html",
            "bundle/sand-battery.html",
            "bundle/tidal-ferry.html",
            "bundle/world-news-in-focus.html"
        ],
        "the pack bundle is named after the pack's title"
    );
    for path in &bundles {
        let text = site.text(path);
        let html = Html::parse_document(&text);
        for element in html.select(&sel("[src], [href]")) {
            for name in ["src", "href"] {
                if let Some(value) = element.value().attr(name) {
                    assert!(
                        value.starts_with('#') || value.starts_with("data:"),
                        "{path}: {name}=\"{value}\" leaves the file"
                    );
                }
            }
        }
        for url in ["http:", "https:", "\"//", "'//", "(//", "ftp:"] {
            assert!(!text.contains(url), "{path}: contains {url:?}");
        }
        // The page script; the pack bundle's search part holds its index as data, not run.
        assert_eq!(
            html.select(&sel("script:not([type='application/json'])"))
                .count(),
            1,
            "{path}"
        );
        assert_eq!(html.select(&sel("style")).count(), 1, "{path}");
        let csp = attr(&html, "meta[http-equiv]", "content");
        assert!(
            csp.contains("script-src 'sha256-") && csp.contains("img-src data:"),
            "{path}: {csp}"
        );
    }
}

#[test]
fn a_lesson_bundle_holds_every_page_of_the_lesson() {
    let (_pack, site) = built_with_bundles();
    let html = site.page("bundle/deepseek-v4.html");
    let ids: Vec<String> = html
        .select(&sel(".bundle-part"))
        .map(|part| part.value().attr("id").unwrap().to_string())
        .collect();
    let mut expected = vec!["article".to_string()];
    expected.extend((1..=9).map(|n| format!("focus-{n}")));
    expected.extend(["end".to_string(), "quiz".to_string()]);
    assert_eq!(ids, expected);
    assert_eq!(
        attr(&html, "#focus-3 a[rel=next]", "href"),
        "#focus-4",
        "links between parts are fragments"
    );
    assert_eq!(html.select(&sel("#quiz form.question")).count(), 5);

    let pack = site.page(PACK_BUNDLE);
    assert_eq!(
        attr(&pack, "[id=\"deepseek-v4/focus-3\"] a[rel=next]", "href"),
        "#deepseek-v4/focus-4"
    );
    assert_eq!(
        pack.select(&sel("[id=\"floating-wind/quiz\"] form.question"))
            .count(),
        4
    );
}

#[test]
fn site_pages_link_to_their_bundle_only_when_bundles_are_built() {
    let (_pack, site) = built_with_bundles();
    let index = site.page("index.html");
    assert_eq!(
        attr(&index, ".bundle-link a", "href"),
        "bundle/world-news-in-focus.html"
    );
    assert_eq!(
        one_text(&index, ".bundle-link a"),
        "Download for offline use"
    );
    let article = site.page("deepseek-v4/index.html");
    assert_eq!(
        attr(&article, "a[download]", "href"),
        "../bundle/deepseek-v4.html"
    );

    let (_plain_pack, plain) = crate::learner_site::built_sample();
    assert!(plain.files.keys().all(|path| !path.starts_with("bundle/")));
    let article = plain.page("deepseek-v4/index.html");
    assert_eq!(article.select(&sel("a[download]")).count(), 0);
}

#[test]
fn bundles_pass_the_nu_html_checker() {
    let (_pack, site) = built_with_bundles();
    let paths: Vec<PathBuf> = bundle_paths(&site)
        .iter()
        .map(|path| site.dir.join(path))
        .collect();
    assert_valid_html(&paths);
}

#[test]
fn bundle_sizes_stay_small() {
    let (_pack, site) = built_with_bundles();
    let lesson = site.files["bundle/deepseek-v4.html"].len();
    let pack = site.files[PACK_BUNDLE].len();
    eprintln!("bundle sizes: reference lesson {lesson} bytes, sample pack {pack} bytes");
    // 64 KiB: the whole page script inlined (every question kind, reading, progress, Listen
    // with recordings, carrying progress) and the reference lesson's nine sentences and quiz.
    assert!(
        lesson < 65_536,
        "the reference lesson's bundle is {lesson} bytes"
    );
}

#[test]
fn a_hundred_lesson_pack_bundles() {
    let pack = sample_pack();
    let lesson = std::fs::read_to_string(pack.path().join("content/ai/deepseek-v4.md")).unwrap();
    let unit = pack.path().join("content/copies");
    std::fs::create_dir_all(&unit).unwrap();
    // Copies up to a hundred lessons with the sample's own.
    for i in planned_lessons(pack.path())..100 {
        let text = lesson.replace("slug = \"deepseek-v4\"", &format!("slug = \"copy-{i:03}\""));
        std::fs::write(unit.join(format!("copy-{i:03}.md")), text).unwrap();
    }
    let started = std::time::Instant::now();
    let site = build_with(pack.path(), |options| options.bundle = true);
    let size = site.files[PACK_BUNDLE].len();
    eprintln!(
        "bundle sizes: 100-lesson pack {size} bytes, built with its site in {:?}",
        started.elapsed()
    );
    let lessons = planned_lessons(pack.path());
    assert_eq!(lessons, 100);
    assert_eq!(
        bundle_paths(&site).len(),
        lessons + 1,
        "a bundle per lesson and the pack's"
    );
}

#[test]
fn zip_holds_the_site_as_built_and_is_deterministic() {
    let pack = sample_pack();
    let options = |options: &mut BuildOptions| {
        options.bundle = true;
        options.zip = true;
    };
    let site = build_with(pack.path(), options);
    let bytes = site.files["bundle/world-news-in-focus.zip"].clone();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries are sorted");
    for path in [
        "index.html",
        "deepseek-v4/3.html",
        "bundle/deepseek-v4.html",
    ] {
        let mut entry = zip.by_name(path).unwrap();
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        assert!(
            content == site.files[path],
            "{path} differs from the site's"
        );
    }
    assert!(!names.iter().any(|name| name.ends_with(".zip")));

    let again = build_with(pack.path(), options);
    assert!(
        again.files["bundle/world-news-in-focus.zip"] == bytes,
        "two builds give the same zip"
    );
}

#[test]
fn images_over_the_limit_warn_with_their_file() {
    let pack = fixture_copy("basic");
    let config = pack.path().join("lessonpack.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("bundle_image_limit = 10\n{text}")).unwrap();
    let mut options = BuildOptions::new(pack.path());
    options.bundle = true;
    let report = build(&options).unwrap_or_else(|e| panic!("{e:?}"));
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/market-day.md:13:")
            && warnings[0].contains("\"content/map.png\"")
            && warnings[0].contains("bundle_image_limit"),
        "{warnings:?}"
    );
    let bundle = std::fs::read_to_string(pack.path().join("site/bundle/market-day.html")).unwrap();
    assert!(bundle.contains("src=\"data:image/png;base64,"));

    // Under the default limit: no warning.
    std::fs::write(&config, text).unwrap();
    let report = build(&options).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(report.warnings.is_empty());
}

/// The lesson bundle of a small fixture: its head and its `<main>`, with the inlined
/// stylesheet, image and hashes left out.
#[test]
fn lesson_bundle_snapshot() {
    let pack = fixture_copy("basic");
    let site = build_with(pack.path(), |options| options.bundle = true);
    let html = site.page("bundle/market-day.html");
    let head = html.select(&sel("head")).next().expect("a <head>").html();
    let main = html.select(&sel("main")).next().expect("a <main>").html();
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"sha256-[A-Za-z0-9+/=]+", "sha256-[hash]");
    settings.add_filter(
        r"(?s)<style>.*</style>",
        "<style>[the site's stylesheet]</style>",
    );
    settings.add_filter(
        r"data:image/png;base64,[A-Za-z0-9+/=]+",
        "data:image/png;base64,[map.png]",
    );
    settings.bind(|| {
        insta::assert_snapshot!("lesson_bundle_head", head);
        insta::assert_snapshot!("lesson_bundle_main", main);
    });
}

#[test]
fn pack_bundle_ids_are_unique_and_every_reference_names_one() {
    let (_pack, site) = built_with_bundles();
    let html = site.page(PACK_BUNDLE);
    let mut ids = std::collections::HashSet::new();
    for element in html.select(&sel("[id]")) {
        let id = element.value().attr("id").unwrap();
        assert!(ids.insert(id.to_string()), "id {id:?} is used twice");
    }
    let mut checked = 0;
    let referring = sel("[for], [aria-labelledby], [href^=\"#\"], [action^=\"#\"]");
    for element in html.select(&referring) {
        let value = element.value();
        let references = [value.attr("for"), value.attr("aria-labelledby")]
            .into_iter()
            .flatten()
            .flat_map(|v| v.split(' '))
            .chain(
                [value.attr("href"), value.attr("action")]
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.strip_prefix('#')),
            );
        for id in references {
            assert!(
                ids.contains(id),
                "{} names a missing id {id:?}",
                element.html()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} references");
    assert_eq!(
        attr(&html, "[id=\"floating-wind/q1\"]", "action"),
        "#floating-wind/q1"
    );
    assert_eq!(
        attr(
            &html,
            "[id=\"floating-wind/article\"] .focus-sentence",
            "id"
        ),
        "floating-wind/s1"
    );
}

fn open_bundle(browser: &Browser, path: &Path, fragment: &str) {
    browser.goto(&format!("{}{fragment}", file_url(path)));
    assert_clean(browser, &path.display().to_string());
}

/// Waits until the URL names part `id` and the script has shown it (after `hashchange`).
fn wait_part(browser: &Browser, id: &str) {
    wait_for_url(browser, &format!("#{id}"));
    browser.wait_until(&format!(
        "!(document.getElementById({id}) || {{hidden: true}}).hidden",
        id = serde_json::json!(id)
    ));
}

fn shown(browser: &Browser, id: &str) -> bool {
    browser.is_displayed(&format!("[id=\"{id}\"]"))
}

/// The browser pack's lighthouse lesson, read by keyboard in its bundle, and its progress
/// then shown by the pack bundle.
fn read_lesson_bundle(browser: &Browser, site: &BuiltSite) {
    let lesson = site.dir.join(format!("bundle/{LIGHTHOUSE}.html"));
    open_bundle(browser, &lesson, "");
    assert!(shown(browser, "article") && !shown(browser, "focus-1"));
    assert_ne!(
        browser.css_value("body", "max-width"),
        "none",
        "the inline stylesheet applies"
    );
    assert!(
        article_image_shows(browser, "#article"),
        "the image, inlined"
    );

    browser.click("#article .lesson-actions a.button");
    wait_part(browser, "focus-1");
    assert!(shown(browser, "focus-1") && !shown(browser, "article"));
    wait_for_next_focused(browser, "part focus-1");
    let total = LIGHTHOUSE_SENTENCES;
    for n in 2..=total {
        browser.press_key("ArrowRight");
        wait_part(browser, &format!("focus-{n}"));
        assert_eq!(
            browser.text(&format!("#focus-{n} .position")),
            format!("{n} / {total}")
        );
        assert_eq!(
            browser.prop(&format!("#focus-{n} progress"), "value"),
            serde_json::json!(n)
        );
        assert!(!shown(browser, &format!("focus-{}", n - 1)));
    }
    browser.press_key("ArrowLeft");
    wait_part(browser, &format!("focus-{}", total - 1));
    browser.press_key("ArrowRight");
    wait_part(browser, &format!("focus-{total}"));
    browser.press_key("ArrowRight");
    wait_part(browser, "end");
    assert!(shown(browser, "end"));
    assert_clean(browser, "end part");

    browser.click("#end a.button");
    wait_part(browser, "quiz");
    assert_eq!(browser.text("#quiz .score"), "0 / 3 correct");
    browser.click_label("Forty");
    browser.click("#q1 .check");
    wait_for_text(browser, "#q1 .feedback", "Not quite.");
    assert_eq!(browser.text("#quiz .score"), "0 / 3 correct");
    browser.click_label("Ninety");
    browser.click("#q1 .check");
    wait_for_text(browser, "#q1 .feedback", "Correct!");
    assert_eq!(browser.text("#quiz .score"), "1 / 3 correct");
    assert_clean(browser, "quiz part");

    browser.reload();
    assert!(shown(browser, "quiz"), "the fragment survives a reload");
    let stored = browser.execute(&format!(
        "return JSON.parse(localStorage.getItem('lessonpack:' + document.body.dataset.pack + ':{LIGHTHOUSE}'))"
    ));
    // The first question's answer, kept under its key (format 2, see storage.js).
    let key = browser.attr("[id=\"q1\"]", "data-key").unwrap_or_default();
    assert_eq!(
        stored,
        serde_json::json!({
            "v": 2, "read": [1, 2, 3, 4, 5], "done": true, "best": 1, "last": 1, "of": 3,
            "attempts": 1,
            "quiz": {"answers": {key: {"values": ["2"], "tries": 1, "revealed": false}}}
        })
    );

    // The pack bundle, from the same origin, shows the progress made in the lesson's bundle.
    open_bundle(browser, &site.dir.join(BROWSER_PACK_BUNDLE), "");
    assert!(shown(browser, "index"));
    assert_eq!(
        browser.text(&format!(
            ".lesson-card[data-lesson=\"{LIGHTHOUSE}\"] .lesson-progress"
        )),
        "Read · Quiz best: 1 / 3 · last: 1 / 3 · 1 attempt"
    );
    assert_eq!(browser.text(".overall"), "1 of 3 lessons read");
    assert_clean(browser, "pack bundle after reading");
}

/// The pack bundle: from its index to a lesson, back by the title and by history.
fn navigate_pack_bundle(browser: &Browser, site: &BuiltSite) {
    open_bundle(browser, &site.dir.join(BROWSER_PACK_BUNDLE), "");
    assert!(shown(browser, "index") && !shown(browser, &format!("{FERRY}/article")));

    browser.click(&format!(
        ".lesson-card[data-lesson=\"{FERRY}\"] .lesson-title a"
    ));
    wait_part(browser, &format!("{FERRY}/article"));
    assert!(shown(browser, &format!("{FERRY}/article")) && !shown(browser, "index"));
    browser.click(&format!(
        "[id=\"{FERRY}/article\"] .lesson-actions a.button"
    ));
    wait_part(browser, &format!("{FERRY}/focus-1"));
    browser.press_key("ArrowRight");
    wait_part(browser, &format!("{FERRY}/focus-2"));
    assert_eq!(
        browser.text(&format!("[id=\"{FERRY}/focus-2\"] .position")),
        "2 / 3"
    );

    browser.click(".site-title");
    wait_part(browser, "index");
    assert!(shown(browser, "index") && !shown(browser, &format!("{FERRY}/focus-2")));
    assert_eq!(
        browser.text(&format!(
            ".lesson-card[data-lesson=\"{FERRY}\"] .lesson-progress"
        )),
        "Reading: 2 of 3"
    );
    // The browser's Back button returns to the part read before.
    browser.execute("history.back()");
    wait_part(browser, &format!("{FERRY}/focus-2"));
    assert!(shown(browser, &format!("{FERRY}/focus-2")) && !shown(browser, "index"));
    assert_clean(browser, "pack bundle");
}

each_browser! {
    fn bundles_read_by_keyboard_offline_and_keep_progress(engine) {
        let (_pack, site) = crate::browser_fixture::built_with_bundles();
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        browser.block_network();
        read_lesson_bundle(&browser, &site);
        navigate_pack_bundle(&browser, &site);
        let network: Vec<String> = browser
            .take_requests()
            .into_iter()
            .filter(|request| request.is_network())
            .map(|request| request.url)
            .collect();
        assert!(network.is_empty(), "network requests: {network:?}");
    }
}
