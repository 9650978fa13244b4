//! The quiz in real headless Chromium, driven as a learner would: every question kind checked
//! right and wrong, over http://127.0.0.1 and over file://; the score, "Show the answer",
//! the second-try reveal and "Try again"; the no-JavaScript modes; shuffling; and Unicode
//! answers, which prove the page's hash agrees with the build's.

use crate::common::*;
use crate::learner_pages::set_config;
use crate::learner_site::*;
use crate::support::browser::{Browser, BrowserOptions};

fn check(browser: &Browser, question: &str) {
    browser.click(&format!("#{question} .check"));
}

fn feedback(browser: &Browser, question: &str) -> String {
    browser.text(&format!("#{question} .feedback"))
}

/// The reference lesson's five single-choice questions.
fn drive_single_choice(browser: &Browser, site: &Site) {
    open(browser, site, "deepseek-v4/quiz/index.html");
    assert_eq!(browser.text(".score"), "0 / 5 correct");
    assert!(browser.is_displayed("#q1 .check"));
    assert!(!browser.is_displayed("#q1 .show"));

    check(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Choose an answer first.");

    browser.click_label("A shortage of training data for such a large model.");
    check(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Not quite.");
    let wrong = feedback(browser, "q1");
    assert!(wrong.contains("Try again, or show the answer."), "{wrong}");
    assert!(
        !wrong.contains("Difficulties"),
        "answer shown too early: {wrong}"
    );
    assert!(browser.is_displayed("#q1 .show"));
    assert_eq!(browser.text(".score"), "0 / 5 correct");

    browser.click_label("Difficulties in adapting the model to domestic Chinese AI chips.");
    check(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Correct!");
    let right = feedback(browser, "q1");
    assert!(
        right.contains("Nvidia ecosystem in software compatibility"),
        "{right}"
    );
    assert!(!browser.is_displayed("#q1 .show"));
    assert_eq!(browser.text(".score"), "1 / 5 correct");

    // A second wrong try shows the answer.
    browser.click_label("Nvidia");
    check(browser, "q2");
    wait_for_text(browser, "#q2 .feedback", "Not quite.");
    assert!(!feedback(browser, "q2").contains("Huawei"));
    browser.click_label("Intel");
    check(browser, "q2");
    wait_for_text(browser, "#q2 .feedback", "Correct answer: Huawei");
    assert!(!browser.is_displayed("#q2 .show"));

    // "Show the answer" after one wrong try.
    browser.click_label("To replace the full V4 model, which has been cancelled.");
    check(browser, "q3");
    wait_for_text(browser, "#q3 .feedback", "Not quite.");
    browser.click("#q3 .show");
    wait_for_text(
        browser,
        "#q3 .feedback",
        "Correct answer: To validate the new architecture while the full-scale model undergoes optimization.",
    );
    assert!(feedback(browser, "q3").contains("V4 Lite was an incremental step"));

    // Keyboard only: arrows choose within the radio group, Tab reaches Check, Enter checks.
    browser.focus("#q4-c1");
    for _ in 0..3 {
        browser.press_key("ArrowDown");
    }
    assert!(browser.is_selected("#q4-c4"));
    browser.press_key("Tab");
    assert_eq!(browser.active_element_text(), "Check");
    browser.press_key("Enter");
    wait_for_text(browser, "#q4 .feedback", "Correct!");
    assert_eq!(browser.text(".score"), "2 / 5 correct");
    assert_clean(browser, "quiz after answering");

    browser.click(".try-again");
    wait_for_text(browser, ".score", "0 / 5 correct");
    assert_eq!(browser.count("input:checked"), 0);
    for q in ["q1", "q2", "q3", "q4"] {
        assert_eq!(feedback(browser, q), "", "{q} after Try again");
    }
    assert_eq!(browser.active_element_attr("id").as_deref(), Some("q1-c1"));
    assert_clean(browser, "quiz after Try again");
}

/// A multiple-select and a short-answer question.
fn drive_multi_and_short(browser: &Browser, site: &Site) {
    open(browser, site, "floating-wind/quiz/index.html");
    assert_eq!(browser.text(".score"), "0 / 4 correct");
    assert_eq!(browser.text("#q2 .hint"), "Select all that apply");

    browser.click_label("It has twenty turbines.");
    check(browser, "q2");
    wait_for_text(browser, "#q2 .feedback", "Not quite.");
    browser.click_label("Its electricity reaches land through a 90-kilometre cable.");
    check(browser, "q2");
    wait_for_text(browser, "#q2 .feedback", "Correct!");
    assert_eq!(browser.text(".score"), "1 / 4 correct");

    check(browser, "q3");
    wait_for_text(browser, "#q3 .feedback", "Type an answer first.");
    browser.type_text("#q3-answer", "Copenhagen");
    browser.press_key("Enter");
    wait_for_text(browser, "#q3 .feedback", "Not quite.");
    browser.press_key("Control+a");
    browser.type_text("#q3-answer", "  eSBJERG  ");
    browser.press_key("Enter");
    wait_for_text(browser, "#q3 .feedback", "Correct!");
    assert!(feedback(browser, "q3").contains("port city with a long history"));
    assert_eq!(browser.text(".score"), "2 / 4 correct");
    browser.press_key("Control+a");
    browser.type_text("#q3-answer", "esbjerg ,DENMARK");
    browser.press_key("Enter");
    // A typed answer that differs only in spacing and case is still the accepted one.
    wait_for_text(browser, "#q3 .feedback", "Correct!");
    assert_eq!(browser.text(".score"), "2 / 4 correct");
    assert_clean(browser, "floating-wind quiz");
}

#[test]
fn quiz_checks_every_question_kind_over_http() {
    let (_pack, built) = built_sample();
    let site = Site::http(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };
    drive_single_choice(&browser, &site);
    drive_multi_and_short(&browser, &site);
}

#[test]
fn quiz_checks_every_question_kind_from_file() {
    let (_pack, built) = built_sample();
    let site = Site::file(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };
    browser.block_network();
    drive_single_choice(&browser, &site);
    drive_multi_and_short(&browser, &site);
    let network: Vec<_> = browser
        .take_requests()
        .into_iter()
        .filter(|r| r.is_network())
        .collect();
    assert!(network.is_empty(), "{network:?}");

    // 'self' let the site's own files in from file://, and the policy is enforced there,
    // not ignored: an inline style, an inline script and another origin's script are
    // refused (by the policy, before any request: the network block is lifted for it).
    browser.block_urls(&[]);
    browser.execute(
        "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>');
         const inline = document.createElement('script');
         inline.textContent = 'window.inlineRan = true';
         const remote = document.createElement('script');
         remote.src = 'https://example.org/x.js';
         document.body.append(inline, remote);",
    );
    browser.wait_until("window.__lpProbe.csp.length >= 3");
    let refused = browser.csp_violations();
    let expected = [
        "style-src-attr blocked inline",
        "script-src-elem blocked inline",
        "script-src-elem blocked https://example.org/x.js",
    ];
    for (violation, start) in refused.iter().zip(expected) {
        assert!(violation.starts_with(start), "{refused:?}");
    }
    assert_eq!(browser.execute("return window.inlineRan || false"), false);
}

#[test]
fn without_javascript_the_quiz_says_so_or_reveals_plain_answers() {
    let options = BrowserOptions {
        javascript: false,
        ..BrowserOptions::default()
    };
    let Some(browser) = Browser::launch_with(options) else {
        return;
    };
    let pack = fixture_copy("basic");
    let built = build_site(pack.path());
    let quiz = built.dir.join("market-day/quiz/index.html");

    browser.goto_file(&quiz);
    assert_eq!(
        browser.text(".notice"),
        "Checking answers needs JavaScript."
    );
    assert!(!browser.is_displayed("#q1 .check-row"));
    assert!(!browser.is_displayed(".quiz-summary"));
    assert_eq!(browser.count("details.reveal"), 0);

    set_config(pack.path(), "quiz", "plain_answers = true");
    let built = build_site(pack.path());
    browser.goto_file(&built.dir.join("market-day/quiz/index.html"));
    assert!(!browser.exists(".notice"));
    assert!(!browser.is_displayed("#q1 .reveal .answer"));
    browser.click("#q1 .reveal summary");
    browser.wait_until("document.querySelector('#q1 .reveal').open");
    assert_eq!(
        browser.text("#q1 .reveal .answer"),
        "Correct answer: To the market"
    );
    assert!(
        browser
            .text("#q1 .reveal")
            .contains("she went to the market in Lyon")
    );
    // By keyboard too.
    browser.focus("#q3 .reveal summary");
    browser.press_key("Enter");
    browser.wait_until("document.querySelector('#q3 .reveal').open");
    assert_eq!(
        browser.text("#q3 .reveal .answer"),
        "Accepted answers: Lyon; Lyon, France"
    );
    assert!(!browser.is_displayed(".answer-key"), "the key is for print");
}

/// A lesson whose answers need Unicode normalisation to match.
const UNICODE_LESSON: &str = "+++
title = \"Kahvila\"
+++

We met in [Jyväskylä](location:) for a coffee and a sauna.

## Quiz {.quiz}

### Where did we meet? {.short}
- [x] Jyväskylä

### Which words are Finnish? {.multi}
- [x] Jyväskylä
- [x] sauna
- [ ] café
";

#[test]
fn with_javascript_checking_replaces_the_reveal_shuffles_and_matches_unicode() {
    let pack = fixture_copy("basic");
    set_config(pack.path(), "quiz", "plain_answers = true\nshuffle = true");
    std::fs::write(pack.path().join("content/kahvila.md"), UNICODE_LESSON).unwrap();
    let built = build_site(pack.path());
    let site = Site::http(&built.dir);
    let Some(browser) = Browser::launch() else {
        return;
    };

    open(&browser, &site, "market-day/quiz/index.html");
    assert!(!browser.is_displayed("#q1 .reveal"));
    assert!(browser.is_displayed("#q1 .check"));
    let source_order = ["To the beach", "To the market", "To school"];
    let order = || browser.texts("#q1 .choices label");
    let mut seen = vec![order()];
    for _ in 0..30 {
        if seen.iter().any(|o| o != &source_order) {
            break;
        }
        browser.reload();
        seen.push(order());
    }
    assert!(
        seen.iter().any(|o| o != &source_order),
        "never shuffled: {seen:?}"
    );
    let mut shuffled = seen.last().unwrap().clone();
    let mut source = source_order.map(String::from).to_vec();
    shuffled.sort();
    source.sort();
    assert_eq!(shuffled, source);
    browser.click_label("To the market");
    check(&browser, "q1");
    wait_for_text(&browser, "#q1 .feedback", "Correct!");
    assert!(feedback(&browser, "q1").contains("went to the market in Lyon"));
    assert_clean(&browser, "shuffled quiz");

    open(&browser, &site, "kahvila/quiz/index.html");
    // Upper case, decomposed (NFD) umlauts and stray spaces.
    let typed = "  JYVA\u{308}SKYLA\u{308} ";
    browser.type_text("#q1-answer", typed);
    assert_eq!(browser.prop("#q1-answer", "value"), typed);
    browser.press_key("Enter");
    wait_for_text(&browser, "#q1 .feedback", "Correct!");
    browser.click_label("sauna");
    browser.click_label("Jyväskylä");
    check(&browser, "q2");
    wait_for_text(&browser, "#q2 .feedback", "Correct!");
    assert_eq!(browser.text(".score"), "2 / 2 correct");
    assert_clean(&browser, "unicode quiz");
}
