//! Ordering and matching questions as the built quiz page carries them, read with scraper:
//! the ordering shuffled (never in the right order) and the same on every build, items named
//! by tokens that do not give the order away, move buttons labelled by their item; the
//! matching's drop-downs labelled by their left side, offering every right side once, sorted.
//! The pack is tests/fixtures/browser-order-match/; its pages pass the Nu HTML Checker.

use scraper::Html;

use crate::support::vnu;
use crate::support::{html::*, pack::*};

/// The lesson with an ordering (q1), a matching (q2) and a single choice (q3).
pub const HARBOUR_DAY: &str = "harbour-day";

/// The ordering's items in the right order, as the source lists them.
pub const RIGHT_ORDER: [&str; 4] = [
    "The boats leave",
    "The market opens",
    "The boats come home",
    "Mira lights the lamp",
];

/// The matching's left sides, in source order, and the right side of each.
pub const PAIRS: [(&str, &str); 4] = [
    ("North Harbour", "The boats leave"),
    ("The quay", "The market opens"),
    ("The lighthouse", "Mira lights the lamp"),
    ("The jetty", "The boats leave"),
];

/// A temp copy of the ordering and matching pack, built with `adjust`ed options.
pub fn built_order_match_pack(
    adjust: impl FnOnce(&mut lessonpack::BuildOptions),
) -> (tempfile::TempDir, BuiltSite) {
    let pack = fixture_copy("browser-order-match");
    let site = build_with(pack.path(), adjust);
    (pack, site)
}

fn attrs(html: &Html, css: &str, name: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|e| e.value().attr(name).unwrap_or_default().to_string())
        .collect()
}

#[test]
fn ordering_starts_shuffled_with_tokens_and_labelled_moves() {
    let (_pack, site) = built_order_match_pack(|_| {});
    let page = site.page(&format!("{HARBOUR_DAY}/quiz.html"));
    assert_eq!(attr(&page, "#q1", "data-kind"), "order");
    let shown = texts(&page, "#q1 .order-items > li .order-text");
    assert_ne!(shown, RIGHT_ORDER, "the page gives the order away");
    let mut sorted = shown.clone();
    sorted.sort();
    let mut right = RIGHT_ORDER.map(String::from).to_vec();
    right.sort();
    assert_eq!(sorted, right, "every item, once");

    let tokens = attrs(&page, "#q1 .order-items > li", "data-token");
    let mut distinct = tokens.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "{tokens:?}");
    assert!(
        tokens
            .iter()
            .all(|t| t.len() == 12 && t.chars().all(|c| c.is_ascii_hexdigit()))
    );
    assert_eq!(attr(&page, "#q1", "data-parts").split('|').count(), 4);
    for token in &tokens {
        assert!(!attr(&page, "#q1", "data-parts").contains(token.as_str()));
    }

    let ups = attrs(&page, "#q1 .move-up", "aria-label");
    let downs = attrs(&page, "#q1 .move-down", "aria-label");
    assert_eq!(
        ups,
        shown
            .iter()
            .map(|t| format!("Move up: {t}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        downs,
        shown
            .iter()
            .map(|t| format!("Move down: {t}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(attrs(&page, "#q1 .order-items > li", "tabindex"), ["0"; 4]);
    assert!(
        page.select(&sel("#q1 .order-status[aria-live=polite]"))
            .next()
            .is_some()
    );
    // The answer is only obfuscated: no item's place is written anywhere in the form.
    let form = page.select(&sel("#q1")).next().unwrap().html();
    assert!(!form.contains("1. The boats leave"), "{form}");
    assert_eq!(attr(&page, "#q1", "data-answer-label"), "Right order");

    // Built again, the page is the same, byte for byte.
    let (_again, again) = built_order_match_pack(|_| {});
    let path = format!("{HARBOUR_DAY}/quiz.html");
    assert_eq!(site.files[&path], again.files[&path]);
}

#[test]
fn matching_offers_every_right_side_to_each_left_side() {
    let (_pack, site) = built_order_match_pack(|_| {});
    let page = site.page(&format!("{HARBOUR_DAY}/quiz.html"));
    assert_eq!(attr(&page, "#q2", "data-kind"), "match");
    let lefts = texts(&page, "#q2 .match-items label");
    assert_eq!(lefts, PAIRS.map(|(left, _)| left.to_string()));
    let ids = attrs(&page, "#q2 .match-items select", "id");
    assert_eq!(ids, ["q2-m1", "q2-m2", "q2-m3", "q2-m4"]);
    assert_eq!(attrs(&page, "#q2 .match-items label", "for"), ids);
    for id in &ids {
        let options = texts(&page, &format!("#{id} option"));
        assert_eq!(
            options,
            [
                "Choose…",
                "Mira lights the lamp",
                "The boats leave",
                "The market opens"
            ]
        );
        let values = attrs(&page, &format!("#{id} option"), "value");
        assert_eq!(values[0], "");
        assert!(values[1..].iter().all(|v| v.len() == 12), "{values:?}");
    }
    let parts = attr(&page, "#q2", "data-parts");
    assert_eq!(parts.split('|').count(), 4);
    assert_eq!(attr(&page, "#q2", "data-answer-label"), "Right matches");
    let form = page.select(&sel("#q2")).next().unwrap().html();
    assert!(!form.contains("North Harbour:"), "{form}");
}

#[test]
fn plain_answers_list_the_order_and_the_pairs() {
    let pack = fixture_copy("browser-order-match");
    crate::learner_pages::set_config(pack.path(), "quiz", "plain_answers = true");
    let site = build_site(pack.path());
    let page = site.page(&format!("{HARBOUR_DAY}/quiz.html"));
    assert_eq!(
        one_text(&page, "#q1 .reveal .answer"),
        format!("Right order: {}", RIGHT_ORDER.join("; "))
    );
    let pairs: Vec<String> = PAIRS.iter().map(|(l, r)| format!("{l}: {r}")).collect();
    assert_eq!(
        one_text(&page, "#q2 .reveal .answer"),
        format!("Right matches: {}", pairs.join("; "))
    );
}

#[test]
fn order_match_pages_and_bundles_pass_the_nu_html_checker() {
    let (_pack, site) = built_order_match_pack(|options| options.bundle = true);
    let pages: Vec<_> = site.html_paths().map(|p| site.dir.join(p)).collect();
    assert!(
        pages.iter().any(|p| p.ends_with("bundle/harbour-day.html")),
        "{pages:?}"
    );
    vnu::assert_valid_html(&pages);
}
