//! The reading flow in real headless Chromium and Firefox: arrow keys through the focus
//! pages, the next link focused on arrival, entity tags that open their note, swipes, the
//! arrow keys turned around in a right-to-left pack, and progress kept on the learner's
//! device (shown on the index, kept across reloads, reset on request, and in memory only
//! when storage is blocked), over http://127.0.0.1 and over file://.

use serde_json::json;

use crate::browser_fixture::*;
use crate::learner_site::*;
use crate::support::browser::{Browser, Engine, each_browser};

fn card_progress(browser: &Browser, slug: &str) -> String {
    browser.text(&format!(
        ".lesson-card[data-lesson=\"{slug}\"] .lesson-progress"
    ))
}

/// Reads the lighthouse lesson with the keyboard only, then checks the index.
fn read_and_check_progress(browser: &Browser, site: &Site) {
    open(browser, site, "index.html");
    assert_eq!(browser.text(".overall"), "0 of 3 lessons read");
    assert_eq!(
        browser.texts(".lesson-progress"),
        ["Not started", "Not started", "Not started"]
    );

    open(browser, site, &format!("{LIGHTHOUSE}/index.html"));
    assert!(article_image_shows(browser, "main"), "the article's image");

    let total = LIGHTHOUSE_SENTENCES;
    open(browser, site, &format!("{LIGHTHOUSE}/1.html"));
    wait_for_next_focused(browser, "focus page 1");
    for n in 2..=total {
        browser.press_key("ArrowRight");
        wait_for_page(browser, &format!("{n}.html"));
        wait_for_next_focused(browser, &format!("focus page {n}"));
        assert_eq!(browser.text(".position"), format!("{n} / {total}"));
        assert_clean(browser, &format!("focus page {n}"));
    }
    browser.press_key("ArrowLeft");
    wait_for_page(browser, &format!("{}.html", total - 1));
    browser.press_key("ArrowRight");
    wait_for_page(browser, &format!("{total}.html"));
    wait_for_next_focused(browser, "the last focus page");
    assert_eq!(browser.active_element_text(), "Finish →");
    browser.press_key("Enter");
    wait_for_page(browser, "end.html");
    assert_clean(browser, "end page");

    open(browser, site, &format!("{FERRY}/1.html"));
    browser.press_key("ArrowRight");
    wait_for_page(browser, "2.html");

    open(browser, site, &format!("{LIGHTHOUSE}/quiz.html"));
    browser.click_label("Ninety");
    browser.click("#q1 .check");
    wait_for_text(browser, "#q1 .feedback", "Correct!");

    open(browser, site, "index.html");
    let expected = [
        (
            LIGHTHOUSE,
            "Read · Quiz best: 1 / 3 · last: 1 / 3 · 1 attempt",
        ),
        (FERRY, "Reading: 2 of 3"),
        (BAKERY, "Not started"),
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

/// Entity tags open by keyboard and pointer; arrow keys and swipes still turn the page.
fn open_tags_and_swipe(browser: &Browser, site: &Site) {
    open(browser, site, &format!("{LIGHTHOUSE}/1.html"));
    assert!(!browser.is_displayed(".tag-location .tag-note"));
    browser.focus(".tag-location summary");
    browser.press_key("Enter");
    browser.wait_until("document.querySelector('.tag-location details').open");
    let note = browser.text(".tag-location .tag-note");
    assert!(note.starts_with("Kind: location"), "{note}");
    assert!(
        note.contains("A small island of bare stone at the mouth of the harbour."),
        "{note}"
    );
    assert!(note.ends_with("Every sentence naming Gull Rock"), "{note}");
    browser.click(".tag-person summary");
    browser.wait_until("document.querySelector('.tag-person details').open");
    assert_eq!(browser.text(".tag-person .tag-note-kind"), "Kind: person");
    browser.press_key("ArrowRight");
    wait_for_page(browser, "2.html");
    assert_clean(browser, "focus page with tags");

    // A swipe to the left turns to the next sentence, to the right back.
    browser.swipe(500, 200, 300);
    wait_for_page(browser, "3.html");
    browser.swipe(200, 500, 300);
    wait_for_page(browser, "2.html");
    assert_clean(browser, "focus page after swipes");
}

/// In a right-to-left pack, ← goes forward and → back.
fn turn_right_to_left(browser: &Browser) {
    let (_pack, built) = built_rtl_pack();
    let site = Site::file(&built.dir);
    open(browser, &site, &format!("{BOATS}/2.html"));
    wait_for_next_focused(browser, "right-to-left focus page");
    // The next link has a ring even when focus came from the script.
    let ring = browser.execute("return getComputedStyle(document.activeElement).outlineStyle;");
    assert_eq!(ring, json!("solid"));
    browser.press_key("ArrowLeft");
    wait_for_page(browser, "3.html");
    browser.press_key("ArrowRight");
    wait_for_page(browser, "2.html");
    assert_clean(browser, "right-to-left focus page");
}

/// With storage refused, reading, the quiz and "Reset progress" still work.
fn read_without_storage(browser: &Browser, site: &Site) {
    browser.block_storage();
    open(browser, site, &format!("{LIGHTHOUSE}/1.html"));
    let refused = browser
        .execute("try { localStorage.setItem('lessonpack:probe', '1'); return false } catch (e) { return true }");
    assert_eq!(refused, json!(true), "storage is still usable");
    browser.press_key("ArrowRight");
    wait_for_page(browser, "2.html");
    assert_clean(browser, "focus page without storage");
    open(browser, site, &format!("{LIGHTHOUSE}/quiz.html"));
    browser.click_label("Ninety");
    browser.click("#q1 .check");
    wait_for_text(browser, "#q1 .feedback", "Correct!");
    assert_clean(browser, "quiz without storage");
    open(browser, site, "index.html");
    assert_eq!(browser.text(".overall"), "0 of 3 lessons read");
    browser.click(".reset-progress");
    wait_for_text(browser, ".overall", "Progress cleared.");
    assert_clean(browser, "index without storage");
}

each_browser! {
    fn reading_by_keyboard_touch_and_progress(engine) {
        let (_pack, built) = built_browser_pack(|_| {});
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let http = Site::http(&built.dir);
        read_and_check_progress(&browser, &http);
        read_and_check_progress(&browser, &Site::file(&built.dir));
        open_tags_and_swipe(&browser, &http);
        turn_right_to_left(&browser);
        // Last: storage stays blocked for the rest of the session.
        read_without_storage(&browser, &http);
    }
}

/// The index fills in each lesson's progress line and the pack's progress panel after it is
/// laid out: the space they take is reserved, so nothing below them moves. Measured with the
/// Layout Instability API, which only Chromium has: the cumulative layout shift of loading
/// the index over a slow link, with a lesson half read and a quiz taken, at a phone's width
/// and a desktop's.
#[test]
fn the_index_does_not_shift_when_progress_fills_in() {
    let (_pack, built) = built_browser_pack(|_| {});
    let Some(browser) = Browser::launch_in(Engine::Chromium) else {
        return;
    };
    let site = Site::http(&built.dir);
    open(&browser, &site, "index.html");
    browser.execute(&format!(
        "localStorage.setItem('lessonpack:' + document.body.dataset.pack + ':{LIGHTHOUSE}',
           JSON.stringify({{ v: 2, read: [1, 2], best: 2, last: 1, of: 3, attempts: 2 }}));
         return true;"
    ));
    // A slow link, as Lighthouse's: the page is painted before its script arrives.
    browser.cdp("Network.enable", json!({}));
    browser.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": 400, "downloadThroughput": -1, "uploadThroughput": -1 }),
    );
    for (width, height) in [(360, 740), (1280, 900)] {
        browser.set_window_size(width, height);
        browser.reload();
        browser.wait_until("document.readyState === 'complete'");
        let shift = browser.execute_async(
            "const done = arguments[arguments.length - 1];
             let sum = 0;
             new PerformanceObserver((list) => {
               for (const entry of list.getEntries()) sum += entry.value;
             }).observe({ type: 'layout-shift', buffered: true });
             setTimeout(() => done(sum), 500);",
        );
        let shift = shift.as_f64().expect("a number");
        eprintln!("index at {width}×{height}: cumulative layout shift {shift:.4}");
        assert!(shift < 0.01, "{width}×{height}: layout shift {shift}");
        assert!(card_progress(&browser, LIGHTHOUSE).starts_with("Reading: 2 of"));
    }
}
