//! The quiz policies and the learner's kept answers in real headless Chromium and Firefox,
//! driven as a learner would, on `tests/fixtures/policies/` (one lesson per policy): tries
//! that run out, each `show_answers` mode, passed or not in words, partial-credit points, a
//! pinned choice that stays last however the choices shuffle, `pick`; and answers, feedback
//! and score that survive a reload (over http, from file:// and in a bundle) until "Try
//! again", while a changed question starts fresh. axe-core finds nothing before and after,
//! light and dark.

use crate::learner_site::*;
use crate::support::browser::{Browser, each_browser};
use crate::support::pack::*;

fn check(browser: &Browser, question: &str) {
    browser.click(&format!("[id=\"{question}\"] .check"));
}

fn feedback(browser: &Browser, question: &str) -> String {
    browser.text(&format!("[id=\"{question}\"] .feedback"))
}

/// Whether the control is disabled, by itself or by its fieldset.
fn is_disabled(browser: &Browser, css: &str) -> bool {
    browser.execute_with(
        "return document.querySelector(arguments[0]).matches(':disabled')",
        vec![serde_json::json!(css)],
    ) == serde_json::json!(true)
}

fn quiz(slug: &str) -> String {
    format!("{slug}/quiz.html")
}

/// No axe-core violation on the page as it is now, in light and in dark.
fn assert_axe(browser: &Browser, what: &str) {
    for dark in [false, true] {
        browser.set_dark_mode(dark);
        let Some(violations) = browser.axe() else {
            return;
        };
        assert!(
            violations.is_empty(),
            "{what} (dark: {dark}): axe:\n{}",
            violations.join("\n")
        );
    }
    browser.set_dark_mode(false);
}

/// `tries = 2, show_answers = "after_tries"`: no "Show the answer"; the second wrong try
/// closes the question and shows the answer; the pack's pass mark (50) says not passed.
fn tries_run_out(browser: &Browser, site: &Site) {
    open(browser, site, &quiz("tries"));
    assert_axe(browser, "tries quiz before");
    browser.click_label("At noon");
    check(browser, "q1");
    wait_for_text(
        browser,
        "#q1 .feedback",
        "Not quite. Try again. 1 try left.",
    );
    assert!(!browser.is_displayed("#q1 .show"));
    assert!(!feedback(browser, "q1").contains("At nine"));
    browser.click_label("At ten");
    check(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Not quite. No tries left.");
    assert!(feedback(browser, "q1").contains("Correct answer: At nine"));
    assert!(feedback(browser, "q1").contains("The first sentence says nine."));
    assert!(!browser.is_displayed("#q1 .show"));
    assert_eq!(
        browser.prop("#q1 fieldset", "disabled"),
        serde_json::json!(true)
    );
    assert!(is_disabled(browser, "#q1-c1"));
    assert!(!browser.is_displayed(".quiz-result"), "not finished yet");
    browser.type_text("#q2-answer", "Apples");
    browser.press_key("Enter");
    wait_for_text(browser, "#q2 .feedback", "Correct!");
    assert_eq!(browser.text(".score"), "1 / 2 correct");
    assert_eq!(
        browser.text(".quiz-result"),
        "Passed: 50 % (the pass mark is 50 %)."
    );
    assert_eq!(
        browser.text(".quiz-record"),
        "Quiz best: 1 / 2 · last: 1 / 2 · 1 attempt · passed"
    );
    assert_axe(browser, "tries quiz after");
    browser.click(".try-again");
    wait_for_text(browser, ".score", "0 / 2 correct");
    assert!(!is_disabled(browser, "#q1-c1"));
    assert_eq!(feedback(browser, "q1"), "");
    assert_clean(browser, "tries quiz");
}

/// `never` with one try: the wrong answer closes the question and never shows the answer;
/// `always`: a right answer shows it with the verdict.
fn never_and_always(browser: &Browser, site: &Site) {
    open(browser, site, &quiz("never"));
    browser.click_label("At noon");
    check(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Not quite. No tries left.");
    assert!(!feedback(browser, "q1").contains("At nine"));
    assert!(!browser.is_displayed("#q1 .show"));
    assert!(is_disabled(browser, "#q1-c2"));
    assert_eq!(
        browser.text(".quiz-result"),
        "Not passed: 0 % (the pass mark is 50 %)."
    );

    open(browser, site, &quiz("always"));
    browser.click_label("At nine");
    check(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Correct!");
    assert!(feedback(browser, "q1").contains("Correct answer: At nine"));
    assert_eq!(browser.text(".score"), "1 / 1 correct");
    assert_clean(browser, "never and always");
}

/// `partial_credit` with a pass mark of 75 (the lesson's, over the pack's 50): points per
/// right part.
fn partial_credit(browser: &Browser, site: &Site) {
    open(browser, site, &quiz("credit"));
    assert_eq!(browser.text(".score"), "0 / 5 points");
    // Apples right, Pears missed, Fish and Bread rightly left: 3 of 4 parts.
    browser.click_label("Apples");
    check(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Not quite.");
    assert_eq!(browser.text(".score"), "3 / 5 points");
    browser.click_label("At nine");
    check(browser, "q2");
    wait_for_text(browser, "#q2 .feedback", "Correct!");
    assert_eq!(browser.text(".score"), "4 / 5 points");
    assert_eq!(
        browser.text(".quiz-result"),
        "Passed: 80 % (the pass mark is 75 %)."
    );
    assert_clean(browser, "partial credit");
}

/// A pinned "None of the above" stays last over several shuffled visits.
fn pinned_stays_last(browser: &Browser, site: &Site) {
    open(browser, site, &quiz("pinned"));
    let mut orders = Vec::new();
    for _ in 0..8 {
        let order = browser.texts("#q1 .choices label");
        assert_eq!(
            order.last().map(String::as_str),
            Some("None of the above"),
            "{order:?}"
        );
        orders.push(order);
        browser.reload();
    }
    orders.sort();
    orders.dedup();
    assert!(orders.len() > 1, "never shuffled: {orders:?}");
    browser.click_label("None of the above");
    check(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Correct!");
    assert_clean(browser, "pinned");
}

/// `pick = 2` shows two of the four questions, numbered 1 and 2, the same ones after a reload.
fn pick_shows_two(browser: &Browser, site: &Site) {
    open(browser, site, &quiz("pick"));
    assert_eq!(browser.count("form.question"), 4);
    let shown = || {
        browser
            .execute(
                "return [...document.querySelectorAll('form.question')].filter((f) => !f.hidden).map((f) => f.id)",
            )
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let first = shown();
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(
        browser.texts("form.question:not([hidden]) .question-number"),
        ["1.", "2."]
    );
    assert_eq!(browser.text(".score"), "0 / 2 correct");
    browser.reload();
    assert_eq!(shown(), first, "the drawn questions last until Try again");
    assert_clean(browser, "pick");
}

each_browser! {
    fn quiz_policies_hold_as_a_learner_meets_them(engine) {
        let pack = fixture_copy("policies");
        let built = build_site(pack.path());
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let site = Site::http(&built.dir);
        tries_run_out(&browser, &site);
        never_and_always(&browser, &site);
        partial_credit(&browser, &site);
        pinned_stays_last(&browser, &site);
        pick_shows_two(&browser, &site);
    }
}

/// Answers the "state" quiz fully: q1 right, q2 wrong then shown, q3 right.
fn answer_state_quiz(browser: &Browser) {
    browser.click_label("At nine");
    check(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Correct!");
    browser.click_label("Fish");
    check(browser, "q2");
    wait_for_text(browser, "#q2 .feedback", "Not quite.");
    browser.click("#q2 .show");
    wait_for_text(browser, "#q2 .feedback", "Apples; Pears");
    browser.type_text("#q3-answer", "Pears");
    browser.press_key("Enter");
    wait_for_text(browser, "#q3 .feedback", "Correct!");
    wait_for_text(browser, ".score", "2 / 3 correct");
}

/// After a reload the answers, feedback and score are as they were.
fn assert_state_kept(browser: &Browser) {
    wait_for_text(browser, ".score", "2 / 3 correct");
    assert!(browser.is_selected("#q1-c1"));
    assert!(feedback(browser, "q1").contains("Correct!"));
    assert!(feedback(browser, "q1").contains("The first sentence says nine."));
    assert!(browser.is_selected("#q2-c3"));
    assert!(!browser.is_selected("#q2-c1"));
    assert!(feedback(browser, "q2").contains("Correct answers: Apples; Pears"));
    assert_eq!(
        browser.prop("#q3-answer", "value"),
        serde_json::json!("Pears")
    );
    assert!(feedback(browser, "q3").contains("Correct!"));
}

fn reload_keeps_answers(browser: &Browser, site: &Site) {
    open(browser, site, &quiz("state"));
    assert_axe(browser, "state quiz before");
    answer_state_quiz(browser);
    browser.reload();
    assert_state_kept(browser);
    assert_clean(browser, "after a reload");
    assert_axe(browser, "state quiz after a reload");
    // The index shows best, last and attempts.
    open(browser, site, "index.html");
    let card = "[data-lesson=state] .lesson-progress";
    wait_for_text(browser, card, "Quiz best: 2 / 3");
    assert_eq!(
        browser.text(card),
        "Not started · Quiz best: 2 / 3 · last: 2 / 3 · 1 attempt · passed"
    );
    // Try again starts a fresh attempt; the record keeps the best.
    open(browser, site, &quiz("state"));
    browser.click(".try-again");
    wait_for_text(browser, ".score", "0 / 3 correct");
    browser.reload();
    wait_for_text(browser, ".score", "0 / 3 correct");
    assert!(!browser.is_selected("#q1-c1"));
    assert_eq!(feedback(browser, "q1"), "");
    browser.click_label("At noon");
    check(browser, "q1");
    wait_for_text(browser, ".quiz-record", "2 attempts");
    assert_eq!(
        browser.text(".quiz-record"),
        "Quiz best: 2 / 3 · last: 0 / 3 · 2 attempts · passed"
    );
}

each_browser! {
    fn answers_survive_a_reload_until_try_again(engine) {
        let pack = fixture_copy("policies");
        let built = build_with(pack.path(), |options| options.bundle = true);
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        reload_keeps_answers(&browser, &Site::http(&built.dir));
        reload_keeps_answers(&browser, &Site::file(&built.dir));

        // A changed question starts fresh; the others keep their answers.
        let site = Site::http(&built.dir);
        open(&browser, &site, &quiz("state"));
        answer_state_quiz(&browser);
        replace_in(
            &pack.path().join("content/state.md"),
            "Name a fruit of the market.",
            "Name one fruit the market sells.",
        );
        build_with(pack.path(), |options| options.bundle = true);
        browser.reload();
        wait_for_text(&browser, ".score", "1 / 3 correct");
        assert!(browser.is_selected("#q1-c1"));
        assert!(feedback(&browser, "q2").contains("Correct answers: Apples; Pears"));
        assert_eq!(browser.prop("#q3-answer", "value"), serde_json::json!(""));
        assert_eq!(feedback(&browser, "q3"), "");
        assert_clean(&browser, "a changed question");

        // In the lesson's bundle too, from a clean store (file:// pages may share one).
        browser.goto(&crate::support::file_url(&built.dir.join("bundle/state.html")));
        browser.execute("localStorage.clear()");
        browser.goto(&format!(
            "{}#quiz",
            crate::support::file_url(&built.dir.join("bundle/state.html"))
        ));
        wait_for_text(&browser, "#quiz .score", "0 / 3 correct");
        answer_state_quiz(&browser);
        browser.reload();
        assert_state_kept(&browser);
        assert_clean(&browser, "bundle after a reload");
    }
}

/// The policies reach the page as data attributes on `.quiz` (the lesson's over the pack's),
/// each form carries its key, and a pinned choice is marked.
#[test]
fn policies_reach_the_page_as_data_attributes() {
    use crate::support::html::sel;
    let pack = fixture_copy("policies");
    let built = build_site(pack.path());
    let quiz_attrs = |slug: &str| {
        let page = built.page(&quiz(slug));
        let quiz = page.select(&sel(".quiz")).next().expect(".quiz");
        let attr = |name: &str| quiz.value().attr(name).unwrap_or("?").to_string();
        [
            "data-tries",
            "data-show-answers",
            "data-pass-mark",
            "data-partial-credit",
            "data-pick",
        ]
        .map(attr)
    };
    assert_eq!(quiz_attrs("tries"), ["2", "after_tries", "50", "false", ""]);
    assert_eq!(quiz_attrs("credit"), ["", "after_wrong", "75", "true", ""]);
    assert_eq!(quiz_attrs("pick"), ["", "after_wrong", "50", "false", "2"]);
    let page = built.page(&quiz("pinned"));
    let pins: Vec<_> = page
        .select(&sel("#q1 .choices li"))
        .map(|li| li.value().attr("data-pin").unwrap_or("?").to_string())
        .collect();
    assert_eq!(pins, ["false", "false", "false", "false", "true"]);
    let keys: Vec<_> = built
        .page(&quiz("state"))
        .select(&sel("form.question"))
        .map(|f| f.value().attr("data-key").unwrap_or("").to_string())
        .collect();
    assert!(keys.iter().all(|k| k.len() == 10), "{keys:?}");
    assert_eq!(keys.len(), 3);
    assert_ne!(keys[0], keys[1]);
}
