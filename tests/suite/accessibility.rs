//! WCAG 2.1 AA in real headless Chromium: axe-core on every page kind in light and dark (with
//! quiz feedback and an open entity note on screen), reflow at 320 px and at 200 % zoom, a
//! visible focus ring, and reduced motion.
//!
//! Set `LESSONPACK_SCREENSHOTS=<folder>` to keep a PNG of each page checked, for looking.

use std::path::PathBuf;

use serde_json::json;

use crate::common::*;
use crate::learner_pages::set_config;
use crate::learner_site::*;
use crate::support::browser::Browser;

/// One page of each kind (and a second quiz, for the other question kinds).
const PAGES: &[&str] = &[
    "index.html",
    "deepseek-v4/index.html",
    "sand-battery/focus/1/index.html",
    "deepseek-v4/end/index.html",
    "deepseek-v4/quiz/index.html",
    "floating-wind/quiz/index.html",
    "404.html",
];

fn screenshot_dir() -> Option<PathBuf> {
    std::env::var_os("LESSONPACK_SCREENSHOTS").map(PathBuf::from)
}

fn screenshot(browser: &Browser, name: &str, page: &str) {
    if let Some(dir) = screenshot_dir() {
        let file = format!("{name}-{}.png", page.replace(['/', '.'], "_"));
        browser.screenshot(&dir.join(file));
    }
}

/// Puts every kind of feedback and widget state on screen, so axe sees them too.
fn interact(browser: &Browser, page: &str) {
    if page.starts_with("deepseek-v4/quiz") {
        browser.click_label("Difficulties in adapting the model to domestic Chinese AI chips.");
        browser.click("#q1 .check");
        browser.click_label("Nvidia");
        browser.click("#q2 .check");
        browser.click("#q3 .check");
        browser.click_label("Intel");
        browser.click("#q2 .check");
        wait_for_text(browser, "#q2 .feedback", "Correct answer");
    } else if page.starts_with("floating-wind/quiz") {
        browser.click_label("It has twenty turbines.");
        browser.click("#q2 .check");
        browser.type_text("#q3-answer", "Copenhagen");
        browser.press_key("Enter");
        wait_for_text(browser, "#q3 .feedback", "Not quite.");
        browser.click("#q3 .show");
        wait_for_text(browser, "#q3 .feedback", "Accepted answers");
    } else if page.contains("/focus/") {
        browser.click(".tag-location summary");
        browser.wait_until("document.querySelector('.tag-location details').open");
    }
}

#[test]
fn axe_finds_no_violations_on_any_page_kind_in_light_and_dark() {
    let (_pack, built) = built_sample();
    let site = Site::http(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };
    let mut violations = Vec::new();
    for dark in [false, true] {
        browser.set_dark_mode(dark);
        let scheme = if dark { "dark" } else { "light" };
        for page in PAGES {
            open(&browser, &site, page);
            interact(&browser, page);
            let Some(found) = browser.axe() else { return };
            violations.extend(found.into_iter().map(|v| format!("{scheme} {page}: {v}")));
            screenshot(&browser, scheme, page);
            assert_clean(&browser, page);
        }
    }
    assert!(violations.is_empty(), "axe:\n{}", violations.join("\n"));
}

/// `(width, height, device pixels per CSS pixel)`: a 320 px phone, and 200 % zoom of a
/// 1280 px window (640 CSS px wide).
const VIEWPORTS: &[(&str, u32, u32, u32)] = &[("320px", 320, 640, 1), ("zoom200", 640, 450, 2)];

#[test]
fn pages_reflow_at_320_px_and_at_200_percent_zoom() {
    let (_pack, built) = built_sample();
    let site = Site::http(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };
    let mut overflowing = Vec::new();
    for &(name, width, height, scale) in VIEWPORTS {
        browser.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": scale, "mobile": name == "320px" }),
        );
        browser.set_dark_mode(name == "320px");
        for page in PAGES {
            open(&browser, &site, page);
            interact(&browser, page);
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
            screenshot(&browser, name, page);
        }
    }
    assert!(overflowing.is_empty(), "{}", overflowing.join("\n"));
}

#[test]
fn focus_ring_is_visible_and_reduced_motion_is_respected() {
    let (_pack, built) = built_sample();
    let site = Site::http(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };
    open(&browser, &site, "deepseek-v4/quiz/index.html");
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
    assert_eq!(duration(".button"), "0s");
    assert_eq!(duration("#q1 .check"), "0s");
}

#[test]
fn print_gives_a_worksheet_an_answer_key_and_plain_text() {
    let pack = fixture_copy("basic");
    let plain = build_with(pack.path(), |o| {
        o.output = Some(pack.path().join("default"))
    });
    set_config(pack.path(), "quiz", "plain_answers = true");
    let with_key = build_with(pack.path(), |o| o.output = Some(pack.path().join("plain")));
    let Some(browser) = Browser::launch() else {
        return;
    };
    browser.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    let visible = |css: &str| browser.is_displayed(css);

    browser.goto_file(&with_key.dir.join("market-day/quiz/index.html"));
    assert_clean(&browser, "printed quiz");
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
        ["To the market", "Claire; Omar", "Lyon; Lyon, France"]
    );
    screenshot(&browser, "print", "plain-quiz");

    browser.goto_file(&plain.dir.join("market-day/quiz/index.html"));
    assert!(!browser.exists(".answer-key"));
    assert!(visible("#q1 .choices"));

    browser.goto_file(&plain.dir.join("market-day/index.html"));
    assert!(visible(".article-body"));
    for hidden in [".entity-list", ".lesson-actions", ".site-header"] {
        assert!(!visible(hidden), "{hidden} is printed");
    }
    assert_eq!(
        browser.css_value(".article-body .entity", "background-color"),
        "rgba(0, 0, 0, 0)"
    );
    screenshot(&browser, "print", "article");
}
