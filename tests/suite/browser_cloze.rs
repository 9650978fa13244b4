//! Cloze questions in real headless Chromium and Firefox, driven as a learner would: typed
//! blanks right and wrong, each blank marked after Check (in words and `aria-invalid`, not
//! only by colour), "Show the answer" naming every blank, drop-downs worked with the keyboard
//! alone, and a true/false question; over http, from file:// and in the lesson's bundle. Then
//! axe-core on the cloze page before and after checking, in light and dark.

use serde_json::json;

use crate::browser_fixture::wait_for_page;
use crate::cloze_pages::{MARKET, MARKET_QUIZ};
use crate::learner_site::*;
use crate::support::browser::{Browser, each_browser};
use crate::support::pack::*;

fn check(browser: &Browser, question: &str) {
    browser.click(&format!("#{question} .check"));
}

/// Each blank's mark, as `(aria-invalid, the mark's text)`.
fn marks(browser: &Browser, question: &str, blanks: usize) -> Vec<(Option<String>, String)> {
    (1..=blanks)
        .map(|b| {
            let blank = format!("#{question}-b{b}");
            (
                browser.attr(&blank, "aria-invalid"),
                browser.text_content(&format!("{blank}-mark")),
            )
        })
        .collect()
}

fn right() -> (Option<String>, String) {
    (Some("false".into()), "✓ right".into())
}

fn wrong() -> (Option<String>, String) {
    (Some("true".into()), "✗ wrong".into())
}

/// Types into blank `b` of `question`, replacing what is there.
fn retype(browser: &Browser, question: &str, b: usize, text: &str) {
    let blank = format!("#{question}-b{b}");
    browser.focus(&blank);
    browser.press_key("Control+a");
    browser.type_text(&blank, text);
}

/// The market quiz at `url`: a typed cloze, a drop-down cloze and a true/false question.
fn drive_cloze(browser: &Browser, url: &str) {
    browser.goto(url);
    wait_for_page(browser, url.rsplit('/').next().unwrap_or_default());
    assert_clean(browser, url);
    // A page that keeps a learner's answers starts again from nothing.
    browser.click(".try-again");
    wait_for_text(browser, ".score", "0 / 3 correct");

    // Typed blanks: nothing typed, then one wrong of four.
    check(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Type an answer first.");
    browser.type_text("#q1-b1", "6");
    browser.type_text("#q1-b2", "  HERRING ");
    browser.type_text("#q1-b3", "salmon");
    browser.type_text("#q1-b4", "Blue");
    browser.press_key("Enter");
    wait_for_text(browser, "#q1 .feedback", "Not quite.");
    assert_eq!(
        marks(browser, "q1", 4),
        [right(), right(), wrong(), right()]
    );
    assert_eq!(
        browser.attr("#q1-b3", "aria-describedby").as_deref(),
        Some("q1-b3-mark")
    );
    assert!(!browser.text("#q1 .feedback").contains("herring"));
    retype(browser, "q1", 3, "Cod");
    browser.press_key("Enter");
    wait_for_text(browser, "#q1 .feedback", "Correct!");
    assert_eq!(
        marks(browser, "q1", 4),
        [right(), right(), right(), right()]
    );
    assert!(
        browser
            .text("#q1 .feedback")
            .contains("She has sold fish there for twenty years.")
    );
    assert_eq!(browser.text(".score"), "1 / 3 correct");

    // Drop-downs, by keyboard alone: focus the first, pick by typing, Tab on, Enter on Check.
    check(browser, "q2");
    wait_for_text(browser, "#q2 .feedback", "Choose an answer first.");
    browser.focus("#q2-b1");
    browser.press_key("a");
    browser.press_key("Tab");
    assert_eq!(browser.active_element_attr("id").as_deref(), Some("q2-b2"));
    browser.press_key("b");
    browser.press_key("Tab");
    browser.press_key("n");
    assert_eq!(browser.prop("#q2-b1", "value"), json!("again"));
    assert_eq!(browser.prop("#q2-b3", "value"), json!("noon"));
    browser.press_key("Tab");
    assert_eq!(browser.active_element_text(), "Check");
    browser.press_key("Enter");
    wait_for_text(browser, "#q2 .feedback", "Not quite.");
    assert_eq!(marks(browser, "q2", 3), [wrong(), right(), wrong()]);
    browser.click("#q2 .show");
    wait_for_text(
        browser,
        "#q2 .feedback",
        "Correct answers: noon; boats; again",
    );
    assert_eq!(browser.text(".score"), "1 / 3 correct");

    // True/false is a single choice of two.
    browser.click_label("False");
    check(browser, "q3");
    wait_for_text(browser, "#q3 .feedback", "Correct!");
    assert_eq!(browser.text(".score"), "2 / 3 correct");
    assert_clean(browser, "cloze quiz after answering");

    // Try again clears every blank and every mark.
    browser.click(".try-again");
    wait_for_text(browser, ".score", "0 / 3 correct");
    assert_eq!(browser.prop("#q1-b2", "value"), json!(""));
    assert_eq!(browser.prop("#q2-b1", "value"), json!(""));
    assert_eq!(marks(browser, "q1", 1), [(None, String::new())]);
    assert_eq!(marks(browser, "q2", 1), [(None, String::new())]);

    // "Show the answer" after a wrong try names every blank's answers in order.
    browser.type_text("#q1-b1", "seven");
    browser.press_key("Enter");
    wait_for_text(browser, "#q1 .feedback", "Not quite.");
    assert_eq!(
        marks(browser, "q1", 4),
        [wrong(), wrong(), wrong(), wrong()]
    );
    browser.click("#q1 .show");
    wait_for_text(
        browser,
        "#q1 .feedback",
        "Correct answers: six / 6; herring; cod; blue",
    );
    assert_clean(browser, "cloze quiz shown");
}

each_browser! {
    fn cloze_blanks_are_typed_picked_and_marked(engine) {
        let pack = fixture_copy("browser-cloze");
        let built = build_with(pack.path(), |options| options.bundle = true);
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let http = Site::http(&built.dir);
        drive_cloze(&browser, &http.url(MARKET_QUIZ));
        let file = Site::file(&built.dir);
        browser.take_requests();
        browser.block_network();
        drive_cloze(&browser, &file.url(MARKET_QUIZ));
        drive_cloze(&browser, &format!("{}#quiz", file.url(&format!("bundle/{MARKET}.html"))));
        let network: Vec<_> = browser
            .take_requests()
            .into_iter()
            .filter(|r| r.is_network())
            .collect();
        assert!(network.is_empty(), "{network:?}");
    }
}

each_browser! {
    fn cloze_page_has_no_axe_violations_before_and_after_checking(engine) {
        let pack = fixture_copy("browser-cloze");
        let built = build_site(pack.path());
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let site = Site::http(&built.dir);
        let mut violations = Vec::new();
        for dark in [false, true] {
            browser.set_dark_mode(dark);
            let scheme = if dark { "dark" } else { "light" };
            open(&browser, &site, MARKET_QUIZ);
            // The second pass reopens the page, which shows the answers kept from the first.
            browser.click(".try-again");
            wait_for_text(&browser, ".score", "0 / 3 correct");
            let Some(before) = browser.axe() else { return };
            violations.extend(before.into_iter().map(|v| format!("{scheme} before: {v}")));
            browser.type_text("#q1-b1", "six");
            browser.type_text("#q1-b2", "trout");
            browser.press_key("Enter");
            wait_for_text(&browser, "#q1 .feedback", "Not quite.");
            browser.focus("#q2-b1");
            browser.press_key("n");
            check(&browser, "q2");
            wait_for_text(&browser, "#q2 .feedback", "Not quite.");
            browser.click("#q2 .show");
            wait_for_text(&browser, "#q2 .feedback", "Correct answers");
            let after = browser.axe().unwrap_or_default();
            violations.extend(after.into_iter().map(|v| format!("{scheme} after: {v}")));
            assert_clean(&browser, scheme);
        }
        browser.emulate_media(&[]);
        assert!(violations.is_empty(), "axe:\n{}", violations.join("\n"));
    }
}
