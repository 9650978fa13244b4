//! Entity practice pages in real headless Chromium and Firefox, driven as a learner would:
//! typed blanks right and wrong (over http, from file:// and in a lesson's bundle), kept
//! over a reload, the
//! drop-down variant by keyboard alone, and axe-core before and after checking, light and
//! dark. The pack is `tests/fixtures/practice/`.

use std::path::Path;

use crate::learner_site::*;
use crate::support::browser::{Browser, each_browser};
use crate::support::file_url;
use crate::support::pack::*;

fn built_practice_pack() -> (tempfile::TempDir, BuiltSite) {
    let pack = fixture_copy("practice");
    let site = build_with(pack.path(), |options| options.bundle = true);
    (pack, site)
}

fn feedback(browser: &Browser, form: &str) -> String {
    browser.text(&format!("#{form} .feedback"))
}

/// The practice page's score: a bundle holds the quiz's score too, in a hidden part.
const PRACTICE_SCORE: &str = ".quiz.practice + .quiz-summary .score";

/// No axe-core violation on the page as it is now.
fn assert_accessible(browser: &Browser, what: &str) {
    let Some(violations) = browser.axe() else {
        return;
    };
    assert!(violations.is_empty(), "{what}: {}", violations.join("\n"));
}

/// The harbour lesson's typed practice: nothing typed, a wrong name, the right ones (as the
/// article shows them or by their names, in any case and spacing), "Show the answer".
fn drive_typed(browser: &Browser) {
    // Answers are kept: the bundle, on file:// like the page before it, starts where that
    // page was left, so start afresh.
    browser.click(".quiz.practice + .quiz-summary .try-again");
    wait_for_text(browser, PRACTICE_SCORE, "0 / 2 correct");
    assert_accessible(browser, "typed practice before checking");
    browser.click("#p1 .check");
    wait_for_text(browser, "#p1 .feedback", "Fill in a blank first.");

    browser.type_text("#p1-b1", "the Board");
    browser.type_text("#p1-b2", "Aarhus");
    browser.type_text("#p1-b3", "crane");
    browser.press_key("Enter");
    wait_for_text(browser, "#p1 .feedback", "Not quite.");
    let wrong = feedback(browser, "p1");
    assert!(wrong.contains("Try again, or show the answer."), "{wrong}");
    assert!(
        !wrong.contains("Esbjerg"),
        "answer shown too early: {wrong}"
    );
    assert_eq!(
        browser.attr("#p1-b1", "aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(
        browser.attr("#p1-b2", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(browser.text(PRACTICE_SCORE), "0 / 2 correct");

    browser.focus("#p1-b2");
    browser.press_key("Control+a");
    browser.type_text("#p1-b2", "  ESBJERG ");
    browser.press_key("Enter");
    wait_for_text(browser, "#p1 .feedback", "Correct!");
    // The whole sentence shows once it is answered.
    assert!(
        feedback(browser, "p1").contains("On Monday, the Board met in Esbjerg"),
        "{}",
        feedback(browser, "p1")
    );
    assert_eq!(browser.text(PRACTICE_SCORE), "1 / 2 correct");

    browser.type_text("#p2-b1", "Mette Holm");
    browser.type_text("#p2-b2", "drone");
    browser.press_key("Enter");
    wait_for_text(browser, "#p2 .feedback", "Not quite.");
    browser.click("#p2 .show");
    wait_for_text(
        browser,
        "#p2 .feedback",
        "Correct answers: Mette Holm; crane",
    );
    assert_eq!(browser.text(PRACTICE_SCORE), "1 / 2 correct");
    // Checked before axe-core runs: its injected script is the test's, not the page's.
    assert_clean(browser, "typed practice");
    assert_accessible(browser, "typed practice after checking");
}

fn open_typed(browser: &Browser, site: &Site) {
    open(browser, site, "harbour/practice.html");
    drive_typed(browser);
}

/// The market lesson's drop-downs, by keyboard alone: letters pick a name, Tab moves on,
/// Enter on Check checks, and "Try again" brings focus back to the first blank.
fn drive_choices_by_keyboard(browser: &Browser, site: &Site) {
    open(browser, site, "market/practice.html");
    assert_eq!(browser.text(PRACTICE_SCORE), "0 / 3 correct");
    browser.focus("#p1-b1");
    browser.press_key("c");
    browser.press_key("Tab");
    browser.press_key("b");
    browser.press_key("Tab");
    browser.press_key("l");
    browser.press_key("Tab");
    assert_eq!(browser.active_element_text(), "Check");
    browser.press_key("Enter");
    wait_for_text(browser, "#p1 .feedback", "Not quite.");
    assert_eq!(
        browser.attr("#p1-b1", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        browser.attr("#p1-b3", "aria-invalid").as_deref(),
        Some("false")
    );

    browser.focus("#p1-b1");
    browser.press_key("a");
    assert_eq!(browser.active_element_attr("id").as_deref(), Some("p1-b1"));
    for _ in 0..3 {
        browser.press_key("Tab");
    }
    browser.press_key("Enter");
    wait_for_text(browser, "#p1 .feedback", "Correct!");
    assert_eq!(browser.text(PRACTICE_SCORE), "1 / 3 correct");
    assert_accessible(browser, "choices after checking");

    // A kind the lesson marks once is typed even here.
    browser.type_text("#p3-b1", "festival of light");
    browser.press_key("Enter");
    wait_for_text(browser, "#p3 .feedback", "Correct!");
    assert_eq!(browser.text(PRACTICE_SCORE), "2 / 3 correct");

    browser.focus(".try-again");
    browser.press_key("Enter");
    wait_for_text(browser, ".score", "0 / 3 correct");
    assert_eq!(browser.active_element_attr("id").as_deref(), Some("p1-b1"));
    assert_eq!(browser.prop("#p1-b1", "value"), "");
    assert_eq!(browser.count(".blank-mark"), 0);
    assert_clean(browser, "choices by keyboard");
}

/// The lesson bundle's practice part, from file:// with the network blocked.
fn drive_bundle(browser: &Browser, bundle: &Path) {
    browser.goto(&format!("{}#end", file_url(bundle)));
    browser.wait_until("!document.getElementById('end').hidden");
    browser.click("#end a[href='#practice']");
    wait_for_url(browser, "#practice");
    browser.wait_until("!document.getElementById('practice').hidden");
    drive_typed(browser);
}

each_browser! {
    fn practice_pages_check_typed_and_picked_names(engine) {
        let (_pack, site) = built_practice_pack();
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let http = Site::http(&site.dir);
        open_typed(&browser, &http);
        // The answers, their verdicts and the score survive a reload.
        browser.reload();
        wait_for_text(&browser, "#p1 .feedback", "Correct!");
        assert_eq!(browser.prop("#p1-b2", "value"), "  ESBJERG ");
        assert_eq!(
            browser.attr("#p1-b2", "aria-invalid").as_deref(),
            Some("false")
        );
        assert!(
            feedback(&browser, "p2").contains("Correct answers: Mette Holm; crane"),
            "{}",
            feedback(&browser, "p2")
        );
        assert_eq!(browser.text(PRACTICE_SCORE), "1 / 2 correct");
        drive_choices_by_keyboard(&browser, &http);
        browser.set_dark_mode(true);
        open(&browser, &http, "market/practice.html");
        assert_accessible(&browser, "choices in dark");
        browser.set_dark_mode(false);

        browser.take_requests();
        browser.block_network();
        open_typed(&browser, &Site::file(&site.dir));
        drive_bundle(&browser, &site.dir.join("bundle/harbour.html"));
        let network: Vec<_> = browser
            .take_requests()
            .into_iter()
            .filter(|r| r.is_network())
            .collect();
        assert!(network.is_empty(), "{network:?}");
    }
}
