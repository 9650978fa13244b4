//! Ordering and matching questions in real headless Chromium and Firefox, driven as a learner
//! would: items moved with their buttons and with Alt+Arrow keys alone (focus stays on what
//! was used, a live note says where the item went), drop-downs picked by keyboard, Check,
//! the marks on each position and pair, "Show the answer"; over http, from file:// and in the
//! lesson's bundle; and axe-core on the page before and after checking, light and dark.

use crate::browser_fixture::wait_for_page;
use crate::learner_site::*;
use crate::order_match_pages::*;
use crate::support::browser::{Browser, each_browser};
use crate::support::file_url;

const ORDER_ITEMS: &str = "#q1 .order-items > li";

/// The ordering's items as the page shows them now.
fn shown_order(browser: &Browser) -> Vec<String> {
    browser.texts(&format!("{ORDER_ITEMS} .order-text"))
}

/// The marks after Check, one per position or pair, as words.
fn marks(browser: &Browser, question: &str) -> Vec<String> {
    browser.texts(&format!("#{question} .part-mark"))
}

fn move_button(direction: &str, item: &str) -> String {
    format!("#q1 button[aria-label=\"Move {direction}: {item}\"]")
}

/// Puts the ordering right with the "Move up" buttons, checking focus and the live note
/// after each press.
fn order_with_buttons(browser: &Browser) {
    for (place, item) in RIGHT_ORDER.iter().enumerate() {
        while let Some(at) = shown_order(browser).iter().position(|t| t == item) {
            if at == place {
                break;
            }
            browser.click(&move_button("up", item));
            assert_eq!(shown_order(browser)[at - 1], *item);
            assert_eq!(
                browser.active_element_attr("aria-label").as_deref(),
                Some(format!("Move up: {item}").as_str()),
                "focus stays on the button"
            );
            wait_for_text(
                browser,
                "#q1 .order-status",
                &format!("{item} moved to position {at} of 4"),
            );
        }
    }
    assert_eq!(shown_order(browser), RIGHT_ORDER);
}

/// Puts the ordering right with Alt+ArrowUp/Down on the focused item alone.
fn order_with_keys(browser: &Browser) {
    // The last item goes down and back up first: both keys move, and focus stays.
    let first = shown_order(browser)[0].clone();
    browser.focus(&format!("{ORDER_ITEMS}:first-child"));
    let id = browser.active_element_attr("id");
    browser.press_key("Alt+ArrowDown");
    assert_eq!(shown_order(browser)[1], first);
    assert_eq!(
        browser.active_element_attr("id"),
        id,
        "focus stays on the item"
    );
    wait_for_text(
        browser,
        "#q1 .order-status",
        &format!("{first} moved to position 2 of 4"),
    );
    browser.press_key("Alt+ArrowUp");
    assert_eq!(shown_order(browser)[0], first);
    assert_eq!(browser.active_element_attr("id"), id);

    for (place, item) in RIGHT_ORDER.iter().enumerate() {
        let at = shown_order(browser).iter().position(|t| t == item).unwrap();
        if at == place {
            continue;
        }
        browser.focus(&format!("{ORDER_ITEMS}:nth-child({})", at + 1));
        for _ in place..at {
            browser.press_key("Alt+ArrowUp");
        }
        assert_eq!(
            browser.text(&format!(
                "#{} .order-text",
                browser.active_element_attr("id").unwrap()
            )),
            *item
        );
    }
    assert_eq!(shown_order(browser), RIGHT_ORDER);
    wait_for_text(browser, "#q1 .order-status", "moved to position");
}

/// Presses Tab until Check of `question` has focus, then Enter: the keyboard's way to it.
fn tab_to_check_and_press(browser: &Browser, question: &str) {
    for _ in 0..20 {
        let on_check = browser.execute(&format!(
            "return document.activeElement === document.querySelector('#{question} .check');"
        ));
        if on_check == serde_json::json!(true) {
            browser.press_key("Enter");
            return;
        }
        browser.press_key("Tab");
    }
    panic!("Tab never reached Check of {question}");
}

/// Picks option `index` (0 is "Choose…") of a closed drop-down with the arrow keys.
fn pick_by_keys(browser: &Browser, select: &str, index: usize) {
    browser.focus(select);
    browser.press_key("Home");
    for _ in 0..index {
        browser.press_key("ArrowDown");
    }
}

/// Where each pair's right side is among the options: "Choose…", then sorted.
fn option_index(right: &str) -> usize {
    let mut rights: Vec<&str> = PAIRS.iter().map(|(_, r)| *r).collect();
    rights.sort();
    rights.dedup();
    1 + rights.iter().position(|r| *r == right).unwrap()
}

fn drive_ordering(browser: &Browser) {
    // Checked as the page starts: never right, and each position says so in words.
    assert_ne!(shown_order(browser), RIGHT_ORDER);
    assert!(browser.is_displayed(&move_button("up", RIGHT_ORDER[0])));
    browser.click("#q1 .check");
    wait_for_text(browser, "#q1 .feedback", "Not quite.");
    let words = marks(browser, "q1");
    assert_eq!(words.len(), 4);
    assert!(
        words.iter().all(|w| w == "✓ right" || w == "✗ wrong"),
        "{words:?}"
    );
    assert!(words.iter().any(|w| w == "✗ wrong"), "{words:?}");
    let expected: Vec<&str> = shown_order(browser)
        .iter()
        .zip(RIGHT_ORDER)
        .map(|(shown, right)| {
            if shown == right {
                "✓ right"
            } else {
                "✗ wrong"
            }
        })
        .collect();
    assert_eq!(words, expected);

    order_with_buttons(browser);
    assert!(
        marks(browser, "q1").iter().all(String::is_empty),
        "a move clears the marks"
    );
    browser.click("#q1 .check");
    wait_for_text(browser, "#q1 .feedback", "Correct!");
    assert_eq!(marks(browser, "q1"), ["✓ right"; 4]);
    assert!(
        browser
            .text("#q1 .feedback")
            .contains("The boats leave at dawn and come home in the evening.")
    );
}

fn drive_matching(browser: &Browser) {
    browser.click("#q2 .check");
    wait_for_text(browser, "#q2 .feedback", "Choose an answer first.");
    // Every pair right but the first, which gets the quay's match.
    pick_by_keys(browser, "#q2-m1", option_index(PAIRS[1].1));
    for (i, (_, right)) in PAIRS.iter().enumerate().skip(1) {
        pick_by_keys(browser, &format!("#q2-m{}", i + 1), option_index(right));
    }
    tab_to_check_and_press(browser, "q2");
    wait_for_text(browser, "#q2 .feedback", "Not quite.");
    assert_eq!(
        marks(browser, "q2"),
        ["✗ wrong", "✓ right", "✓ right", "✓ right"]
    );
    pick_by_keys(browser, "#q2-m1", option_index(PAIRS[0].1));
    assert_eq!(
        marks(browser, "q2")[0],
        "",
        "a changed choice clears its mark"
    );
    tab_to_check_and_press(browser, "q2");
    wait_for_text(browser, "#q2 .feedback", "Correct!");
    assert_eq!(marks(browser, "q2"), ["✓ right"; 4]);
    assert!(
        browser
            .text("#q2 .feedback")
            .contains("The jetty is part of the North Harbour.")
    );
}

/// The whole quiz once the page is open: both kinds right, then again by keyboard alone
/// after "Try again", then "Show the answer" for each.
fn drive_quiz(browser: &Browser) {
    assert_eq!(browser.text(".score"), "0 / 3 correct");
    drive_ordering(browser);
    drive_matching(browser);
    assert_eq!(browser.text(".score"), "2 / 3 correct");
    assert_clean(browser, "ordering and matching");

    browser.click(".try-again");
    wait_for_text(browser, ".score", "0 / 3 correct");
    assert_ne!(shown_order(browser), RIGHT_ORDER, "back to the start order");
    assert!(marks(browser, "q1").iter().all(String::is_empty));
    assert!(marks(browser, "q2").iter().all(String::is_empty));
    assert_eq!(browser.prop("#q2-m1", "value"), serde_json::json!(""));
    assert_eq!(browser.text("#q1 .order-status"), "");

    order_with_keys(browser);
    tab_to_check_and_press(browser, "q1");
    wait_for_text(browser, "#q1 .feedback", "Correct!");
    for (i, (_, right)) in PAIRS.iter().enumerate() {
        pick_by_keys(browser, &format!("#q2-m{}", i + 1), option_index(right));
    }
    tab_to_check_and_press(browser, "q2");
    wait_for_text(browser, "#q2 .feedback", "Correct!");
    assert_eq!(browser.text(".score"), "2 / 3 correct");

    // "Show the answer" says the order and the pairs in words.
    browser.click(".try-again");
    wait_for_text(browser, ".score", "0 / 3 correct");
    browser.click("#q1 .check");
    wait_for_text(browser, "#q1 .feedback", "Not quite.");
    browser.click("#q1 .show");
    let numbered: Vec<String> = RIGHT_ORDER
        .iter()
        .enumerate()
        .map(|(i, item)| format!("{}. {item}", i + 1))
        .collect();
    wait_for_text(
        browser,
        "#q1 .feedback",
        &format!("Right order: {}", numbered.join("; ")),
    );
    pick_by_keys(browser, "#q2-m1", option_index(PAIRS[2].1));
    browser.click("#q2 .check");
    wait_for_text(browser, "#q2 .feedback", "Not quite.");
    browser.click("#q2 .show");
    let pairs: Vec<String> = PAIRS.iter().map(|(l, r)| format!("{l}: {r}")).collect();
    wait_for_text(
        browser,
        "#q2 .feedback",
        &format!("Right matches: {}", pairs.join("; ")),
    );
    assert_clean(browser, "ordering and matching by keyboard");
}

/// Presses "Try again": a page opened before in this browser profile shows the answers kept
/// from then (the origin's storage holds them), and the steps below start from nothing.
fn start_afresh(browser: &Browser) {
    browser.click(".try-again");
    wait_for_text(browser, ".score", "0 / 3 correct");
}

fn quiz_page() -> String {
    format!("{HARBOUR_DAY}/quiz.html")
}

/// axe-core on the quiz page, light and dark, before and after checking (with every kind
/// of mark and feedback on screen).
fn axe_before_and_after_checking(browser: &Browser, site: &Site) {
    let mut violations = Vec::new();
    for dark in [false, true] {
        browser.set_dark_mode(dark);
        open(browser, site, &quiz_page());
        let scheme = if dark { "dark" } else { "light" };
        start_afresh(browser);
        let Some(before) = browser.axe() else { return };
        violations.extend(before.into_iter().map(|v| format!("{scheme} before: {v}")));
        browser.click("#q1 .check");
        wait_for_text(browser, "#q1 .feedback", "Not quite.");
        browser.click(&move_button("down", &shown_order(browser)[0]));
        // A second wrong try shows the answer by itself.
        browser.click("#q1 .check");
        wait_for_text(browser, "#q1 .feedback", "Right order");
        pick_by_keys(browser, "#q2-m1", option_index(PAIRS[0].1));
        pick_by_keys(browser, "#q2-m2", option_index(PAIRS[0].1));
        browser.click("#q2 .check");
        wait_for_text(browser, "#q2 .feedback", "Not quite.");
        let Some(after) = browser.axe() else { return };
        violations.extend(after.into_iter().map(|v| format!("{scheme} after: {v}")));
        assert_clean(browser, "axe page");
    }
    browser.emulate_media(&[]);
    assert!(violations.is_empty(), "axe:\n{}", violations.join("\n"));
}

each_browser! {
    fn ordering_and_matching_by_buttons_keys_and_drop_downs(engine) {
        let (_pack, built) = built_order_match_pack(|options| options.bundle = true);
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let http = Site::http(&built.dir);
        open(&browser, &http, &quiz_page());
        drive_quiz(&browser);
        axe_before_and_after_checking(&browser, &http);

        browser.take_requests();
        browser.block_network();
        open(&browser, &Site::file(&built.dir), &quiz_page());
        drive_quiz(&browser);

        let bundle = built.dir.join(format!("bundle/{HARBOUR_DAY}.html"));
        browser.goto(&format!("{}#quiz", file_url(&bundle)));
        wait_for_page(&browser, "#quiz");
        browser.wait_until("!document.getElementById('quiz').hidden");
        assert_clean(&browser, "lesson bundle");
        // The bundle shares its storage with the file:// pages driven above.
        start_afresh(&browser);
        drive_quiz(&browser);
        let network: Vec<_> = browser
            .take_requests()
            .into_iter()
            .filter(|r| r.is_network())
            .collect();
        assert!(network.is_empty(), "{network:?}");
    }
}
