//! WCAG 2.1 AA in real headless Chromium and Firefox: axe-core on every page kind in light
//! and dark (with quiz feedback and an open entity note on screen), reflow at 320 px and at
//! 200 % zoom, a visible focus ring, reduced motion, and print. On the browser pack
//! (tests/fixtures/browser/).
//!
//! Set `LESSONPACK_SCREENSHOTS=<folder>` to keep a PNG of each page checked, for looking.

use std::path::PathBuf;

use serde_json::json;

use crate::browser_fixture::*;
use crate::learner_pages::set_config;
use crate::learner_site::*;
use crate::support::browser::{Browser, each_browser};

/// One page of each kind (and a second quiz, shuffled, with other answers).
fn pages() -> Vec<String> {
    vec![
        "index.html".to_string(),
        format!("{LIGHTHOUSE}/index.html"),
        format!("{LIGHTHOUSE}/1.html"),
        format!("{LIGHTHOUSE}/end.html"),
        format!("{LIGHTHOUSE}/quiz.html"),
        format!("{BAKERY}/quiz.html"),
        "404.html".to_string(),
    ]
}

fn screenshot(browser: &Browser, name: &str, page: &str) {
    if let Some(dir) = std::env::var_os("LESSONPACK_SCREENSHOTS").map(PathBuf::from) {
        let file = format!(
            "{}-{name}-{}.png",
            browser.engine().name(),
            page.replace(['/', '.'], "_")
        );
        browser.screenshot(&dir.join(file));
    }
}

/// Puts every kind of feedback and widget state on screen, so axe sees them too.
fn interact(browser: &Browser, page: &str) {
    // A quiz page shows the answers kept from the last visit: start a fresh attempt.
    if page.contains("/quiz") {
        browser.click(".try-again");
    }
    if page.starts_with(&format!("{LIGHTHOUSE}/quiz")) {
        browser.click_label("Ninety");
        browser.click("#q1 .check");
        browser.click_label("A radio mast");
        browser.click("#q2 .check");
        browser.click("#q3 .check");
        browser.click_label("The foghorn");
        browser.click("#q2 .check");
        wait_for_text(browser, "#q2 .feedback", "Correct answers");
    } else if page.starts_with(&format!("{BAKERY}/quiz")) {
        browser.type_text("#q2-answer", "Nobody");
        browser.press_key("Enter");
        wait_for_text(browser, "#q2 .feedback", "Not quite.");
        browser.click("#q2 .show");
        wait_for_text(browser, "#q2 .feedback", "Accepted answer");
    } else if page.ends_with("/1.html") {
        browser.click(".tag-location summary");
        browser.wait_until("document.querySelector('.tag-location details').open");
    }
}

fn axe_in_light_and_dark(browser: &Browser, site: &Site) {
    let mut violations = Vec::new();
    for dark in [false, true] {
        browser.set_dark_mode(dark);
        let scheme = if dark { "dark" } else { "light" };
        for page in pages() {
            open(browser, site, &page);
            let matches =
                browser.execute("return matchMedia('(prefers-color-scheme: dark)').matches;");
            assert_eq!(
                matches,
                json!(dark),
                "{scheme} {page}: the scheme is emulated"
            );
            interact(browser, &page);
            let Some(found) = browser.axe() else { return };
            violations.extend(found.into_iter().map(|v| format!("{scheme} {page}: {v}")));
            screenshot(browser, scheme, &page);
            assert_clean(browser, &page);
        }
    }
    browser.emulate_media(&[]);
    assert!(violations.is_empty(), "axe:\n{}", violations.join("\n"));
}

/// `(name, CSS width, height, zoom)`: a 320 px phone, and 200 % zoom of a 1280 px window.
const VIEWPORTS: &[(&str, u32, u32, u32)] = &[("320px", 320, 640, 1), ("zoom200", 640, 450, 2)];

fn reflow_at_320_px_and_200_percent(browser: &Browser, site: &Site) {
    let mut overflowing = Vec::new();
    for &(name, width, height, zoom) in VIEWPORTS {
        browser.set_viewport(width, height, zoom);
        browser.set_dark_mode(name == "320px");
        for page in pages() {
            open(browser, site, &page);
            interact(browser, &page);
            let inner = browser.execute("return window.innerWidth;");
            assert_eq!(inner, json!(width), "{name} {page}: viewport");
            let wide = browser.execute(
                "return [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                   .map(e => e.tagName + '.' + e.className);",
            );
            let scroll = browser.execute("return document.documentElement.scrollWidth;");
            if scroll.as_u64() > Some(u64::from(width)) || wide != json!([]) {
                overflowing.push(format!("{name} {page}: scrollWidth {scroll}, {wide}"));
            }
            screenshot(browser, name, &page);
        }
    }
    browser.emulate_media(&[]);
    assert!(overflowing.is_empty(), "{}", overflowing.join("\n"));
}

fn focus_ring_and_reduced_motion(browser: &Browser, site: &Site) {
    open(browser, site, &format!("{LIGHTHOUSE}/quiz.html"));
    let outline = "const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth];";
    for _ in 0..4 {
        browser.press_key("Tab");
        let ring = browser.execute(outline);
        assert_eq!(
            ring,
            json!(["solid", "3px"]),
            "{:?}",
            browser.active_element_text()
        );
    }
    let duration = |css: &str| browser.css_value(css, "transition-duration");
    assert_ne!(duration(".button"), "0s");
    browser.emulate_media(&[("prefers-reduced-motion", "reduce")]);
    browser.wait_until("matchMedia('(prefers-reduced-motion: reduce)').matches");
    assert_eq!(duration(".button"), "0s");
    assert_eq!(duration("#q1 .check"), "0s");
    browser.emulate_media(&[]);
}

fn print_gives_a_worksheet_an_answer_key_and_plain_text(browser: &Browser) {
    let pack = crate::support::pack::fixture_copy("browser");
    let plain = crate::support::pack::build_with(pack.path(), |o| {
        o.output = Some(pack.path().join("default"))
    });
    set_config(pack.path(), "quiz", "plain_answers = true");
    let with_key = crate::support::pack::build_with(pack.path(), |o| {
        o.output = Some(pack.path().join("plain"))
    });
    browser.emulate_print(true);
    let visible = |css: &str| browser.is_displayed(css);
    let quiz = format!("{LIGHTHOUSE}/quiz.html");

    browser.goto_file(&with_key.dir.join(&quiz));
    browser.wait_until("matchMedia('print').matches");
    assert_clean(browser, "printed quiz");
    assert!(
        visible("#q1 .choices") && visible("#q3-answer"),
        "the worksheet"
    );
    for hidden in [
        ".site-header",
        "#q1 .check-row",
        ".quiz-summary",
        "#q1 .reveal",
    ] {
        assert!(!visible(hidden), "{hidden} is printed");
    }
    assert!(visible(".answer-key"));
    assert_eq!(
        browser.texts(".answer-key li"),
        [
            "Ninety",
            "The beam of the lamp; The foghorn",
            "Harbour Board; The Harbour Board"
        ]
    );
    screenshot(browser, "print", "plain-quiz");

    browser.goto_file(&plain.dir.join(&quiz));
    assert!(!browser.exists(".answer-key"));
    assert!(visible("#q1 .choices"));

    browser.goto_file(&plain.dir.join(format!("{LIGHTHOUSE}/index.html")));
    assert!(visible(".article-body"));
    for hidden in [".entity-list", ".lesson-actions", ".site-header"] {
        assert!(!visible(hidden), "{hidden} is printed");
    }
    assert_eq!(
        browser.css_value(".article-body .entity", "background-color"),
        "rgba(0, 0, 0, 0)"
    );
    screenshot(browser, "print", "article");
    browser.emulate_print(false);
}

each_browser! {
    fn pages_meet_wcag_aa_reflow_show_focus_and_print(engine) {
        let (_pack, built) = built_browser_pack(|_| {});
        let site = Site::http(&built.dir);
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        focus_ring_and_reduced_motion(&browser, &site);
        print_gives_a_worksheet_an_answer_key_and_plain_text(&browser);
        axe_in_light_and_dark(&browser, &site);
        // Last: the viewport stays emulated.
        reflow_at_320_px_and_200_percent(&browser, &site);
    }
}
