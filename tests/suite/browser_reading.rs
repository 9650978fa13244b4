//! The reading flow in real headless Chromium: arrow keys through the focus pages, the next
//! link focused on arrival, entity tags that open their note, and progress kept on the
//! learner's device (shown on the index, kept across reloads, reset on request, and in
//! memory only when storage is blocked), over http://127.0.0.1 and over file://.

use serde_json::json;

use crate::common::*;
use crate::learner_site::*;
use crate::support::browser::Browser;

fn card_progress(browser: &Browser, slug: &str) -> String {
    browser.text(&format!(
        ".lesson-card[data-lesson=\"{slug}\"] .lesson-progress"
    ))
}

/// Reads the reference lesson with the keyboard only, then checks the index.
fn read_and_check_progress(browser: &Browser, site: &Site) {
    open(browser, site, "index.html");
    assert_eq!(browser.text(".overall"), "0 of 3 lessons read");
    assert_eq!(
        browser.texts(".lesson-progress"),
        ["Not started", "Not started", "Not started"]
    );

    open(browser, site, "deepseek-v4/focus/1/index.html");
    assert_eq!(browser.active_element_attr("rel").as_deref(), Some("next"));
    for n in 2..=9 {
        browser.press_key("ArrowRight");
        wait_for_url(browser, &format!("focus/{n}/index.html"));
        assert_eq!(browser.text(".position"), format!("{n} / 9"));
        assert_eq!(browser.active_element_attr("rel").as_deref(), Some("next"));
        assert_clean(browser, &format!("focus page {n}"));
    }
    browser.press_key("ArrowLeft");
    wait_for_url(browser, "focus/8/index.html");
    browser.press_key("ArrowRight");
    wait_for_url(browser, "focus/9/index.html");
    assert_eq!(browser.active_element_text(), "Finish →");
    browser.press_key("Enter");
    wait_for_url(browser, "end/index.html");
    assert_clean(browser, "end page");

    open(browser, site, "floating-wind/focus/1/index.html");
    browser.press_key("ArrowRight");
    wait_for_url(browser, "focus/2/index.html");

    open(browser, site, "deepseek-v4/quiz/index.html");
    browser.click_label("Difficulties in adapting the model to domestic Chinese AI chips.");
    browser.click("#q1 .check");
    wait_for_text(browser, "#q1 .feedback", "Correct!");

    open(browser, site, "index.html");
    let expected = [
        ("deepseek-v4", "Read · Quiz best: 1 / 5"),
        ("floating-wind", "Reading: 2 of 9"),
        ("sand-battery", "Not started"),
    ];
    for (slug, text) in expected {
        assert_eq!(card_progress(browser, slug), text, "{slug}");
    }
    assert_eq!(browser.text(".overall"), "1 of 3 lessons read");
    browser.reload();
    for (slug, text) in expected {
        assert_eq!(card_progress(browser, slug), text, "{slug} after reload");
    }

    browser.click(".reset-progress");
    wait_for_text(browser, ".overall", "Progress cleared.");
    assert_eq!(
        browser.texts(".lesson-progress"),
        ["Not started", "Not started", "Not started"]
    );
    browser.reload();
    assert_eq!(browser.text(".overall"), "0 of 3 lessons read");
    assert_clean(browser, "index after reset");
}

#[test]
fn keyboard_reading_and_progress_over_http() {
    let (_pack, built) = built_sample();
    let site = Site::http(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };
    read_and_check_progress(&browser, &site);
}

#[test]
fn keyboard_reading_and_progress_from_file() {
    let (_pack, built) = built_sample();
    let site = Site::file(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };
    read_and_check_progress(&browser, &site);
}

#[test]
fn entity_tags_open_their_kind_and_note_by_keyboard_and_pointer() {
    let (_pack, built) = built_sample();
    let site = Site::http(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };
    open(&browser, &site, "sand-battery/focus/1/index.html");
    assert!(!browser.is_displayed(".tag-location .tag-note"));
    browser.focus(".tag-location summary");
    browser.press_key("Enter");
    browser.wait_until("document.querySelector('.tag-location details').open");
    let note = browser.text(".tag-location .tag-note");
    assert!(note.starts_with("Kind: location"), "{note}");
    assert!(
        note.ends_with("A university city in central Finland, surrounded by lakes."),
        "{note}"
    );
    // Arrow keys still turn the page when a tag has focus.
    browser.click(".tag-tech summary");
    browser.wait_until("document.querySelector('.tag-tech details').open");
    assert_eq!(browser.text(".tag-tech .tag-note"), "Kind: tech");
    browser.press_key("ArrowRight");
    wait_for_url(&browser, "focus/2/index.html");
    assert_clean(&browser, "focus page with tags");

    // A swipe to the left turns to the next sentence, to the right back.
    browser.cdp(
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": true }),
    );
    let swipe = |from: i64, to: i64| {
        let touch = |kind: &str, x: i64| {
            let points = if kind == "touchEnd" {
                json!([])
            } else {
                json!([{ "x": x, "y": 300 }])
            };
            browser.cdp(
                "Input.dispatchTouchEvent",
                json!({ "type": kind, "touchPoints": points }),
            );
        };
        touch("touchStart", from);
        touch("touchMove", (from + to) / 2);
        touch("touchMove", to);
        touch("touchEnd", to);
    };
    swipe(500, 200);
    wait_for_url(&browser, "focus/3/index.html");
    swipe(200, 500);
    wait_for_url(&browser, "focus/2/index.html");
    assert_clean(&browser, "focus page after swipes");
}

#[test]
fn progress_stays_in_memory_when_storage_is_blocked() {
    let (_pack, built) = built_sample();
    let site = Site::http(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });" }),
    );
    open(&browser, &site, "deepseek-v4/focus/1/index.html");
    assert!(
        browser.execute("try { localStorage; return false } catch (e) { return true }")
            == json!(true)
    );
    browser.press_key("ArrowRight");
    wait_for_url(&browser, "focus/2/index.html");
    assert_clean(&browser, "focus page without storage");
    open(&browser, &site, "deepseek-v4/quiz/index.html");
    browser.click_label("Difficulties in adapting the model to domestic Chinese AI chips.");
    browser.click("#q1 .check");
    wait_for_text(&browser, "#q1 .feedback", "Correct!");
    assert_clean(&browser, "quiz without storage");
    open(&browser, &site, "index.html");
    assert_eq!(browser.text(".overall"), "0 of 3 lessons read");
    browser.click(".reset-progress");
    wait_for_text(&browser, ".overall", "Progress cleared.");
    assert_clean(&browser, "index without storage");
}

#[test]
fn right_to_left_packs_turn_the_arrow_keys_around() {
    let pack = fixture_copy("basic");
    let config = pack.path().join("lessonpack.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("language = \"en\"", "language = \"ar\""),
    )
    .unwrap();
    let built = build_site(pack.path());
    let site = Site::file(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };
    open(&browser, &site, "market-day/focus/2/index.html");
    // The next link has a ring even when focus came from the script.
    let ring = browser.execute("return getComputedStyle(document.activeElement).outlineStyle;");
    assert_eq!(ring, json!("solid"));
    browser.press_key("ArrowLeft");
    wait_for_url(&browser, "focus/3/index.html");
    browser.press_key("ArrowRight");
    wait_for_url(&browser, "focus/2/index.html");
    assert_clean(&browser, "right-to-left focus page");
}
