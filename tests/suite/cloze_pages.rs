//! Cloze questions as built pages, read with scraper: a text box per blank sized to its
//! answer and labelled "Blank n of N", drop-downs of every blank's answer for `.choices`, a
//! hashed part per blank, the text around the blanks as inline HTML, no answer in the page
//! unless `plain_answers`, the same form in the lesson's bundle, and valid HTML throughout.
//! The browser pack for them is tests/fixtures/browser-cloze/.

use scraper::Html;

use crate::learner_pages::set_config;
use crate::support::{html::*, pack::*, vnu};

/// The cloze pack's lesson and its quiz page.
pub const MARKET: &str = "market";
pub const MARKET_QUIZ: &str = "market/quiz.html";

fn built_cloze_pack(bundle: bool) -> (tempfile::TempDir, BuiltSite) {
    let pack = fixture_copy("browser-cloze");
    let site = build_with(pack.path(), |options| options.bundle = bundle);
    (pack, site)
}

fn attrs(html: &Html, css: &str, name: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|e| e.value().attr(name).unwrap_or_default().to_string())
        .collect()
}

/// The typed cloze (q1) and the drop-down cloze (q2) of a quiz page or bundle part, whose
/// ids start with `prefix`.
fn assert_cloze_forms(html: &Html, prefix: &str) {
    let q1 = format!("form[id='{prefix}q1']");
    assert_eq!(attr(html, &q1, "data-kind"), "cloze");
    assert_eq!(
        attrs(html, &format!("{q1} .cloze input.blank"), "aria-label"),
        [
            "Blank 1 of 4",
            "Blank 2 of 4",
            "Blank 3 of 4",
            "Blank 4 of 4"
        ]
    );
    // six|6 -> "six", herring, cod, blue.
    assert_eq!(
        attrs(html, &format!("{q1} input.blank"), "size"),
        ["3", "7", "3", "4"]
    );
    assert_eq!(
        attrs(html, &format!("{q1} input.blank"), "id"),
        (1..=4)
            .map(|b| format!("{prefix}q1-b{b}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(attr(html, &q1, "data-parts").split('|').count(), 4);
    // Two accepted answers for the first blank: two hashes in its part.
    let parts = attr(html, &q1, "data-parts");
    assert_eq!(parts.split('|').next().unwrap().split(' ').count(), 2);
    assert_eq!(
        one_text(html, &format!("{q1} .hint")),
        "Type the missing word in each blank"
    );
    // The text around the blanks is inline HTML with its entity marks and emphasis.
    assert_eq!(
        texts(html, &format!("{q1} .cloze .entity")),
        ["fish market", "Mrs Ilves"]
    );
    assert_eq!(
        html.select(&sel(&format!("{q1} .cloze em input"))).count(),
        2
    );
    assert_eq!(
        one_text(html, &format!("{q1} .cloze")),
        "The fish market opens at , and Mrs Ilves sells and from a stall."
    );
    let form_html = html.select(&sel(&q1)).next().unwrap().html();
    for answer in ["herring", "cod", "blue", "six"] {
        assert!(!form_html.contains(answer), "{answer} in {form_html}");
    }

    let q2 = format!("form[id='{prefix}q2']");
    assert_eq!(html.select(&sel(&format!("{q2} input.blank"))).count(), 0);
    assert_eq!(
        attrs(html, &format!("{q2} select.blank"), "aria-label"),
        ["Blank 1 of 3", "Blank 2 of 3", "Blank 3 of 3"]
    );
    for b in 1..=3 {
        let select = format!("{q2} select[id='{prefix}q2-b{b}']");
        assert_eq!(
            texts(html, &format!("{select} option")),
            ["…", "again", "boats", "noon"]
        );
        assert_eq!(attr(html, &format!("{select} option"), "value"), "");
    }
    assert_eq!(attr(html, &q2, "data-parts").split('|').count(), 3);
    assert_eq!(
        one_text(html, &format!("{q2} .hint")),
        "Choose the missing word for each blank"
    );
}

#[test]
fn cloze_blanks_are_labelled_sized_controls_with_a_part_each() {
    let (_pack, site) = built_cloze_pack(false);
    let page = site.page(MARKET_QUIZ);
    assert_cloze_forms(&page, "");
    // The true/false question is a single choice of two.
    assert_eq!(attr(&page, "#q3", "data-kind"), "single");
    assert_eq!(texts(&page, "#q3 .choices label"), ["True", "False"]);
    // Blanks are not entities: the article lists only the marked ones.
    let article = site.page("market/index.html");
    let mut tags = texts(&article, ".entity-list .tag");
    tags.sort();
    assert_eq!(tags, ["Mrs Ilves", "fish market", "harbour"]);
}

#[test]
fn plain_answers_list_each_blanks_answers_in_order() {
    let pack = fixture_copy("browser-cloze");
    set_config(pack.path(), "quiz", "plain_answers = true");
    let site = build_site(pack.path());
    let page = site.page(MARKET_QUIZ);
    assert_eq!(
        one_text(&page, "#q1 .reveal .answer"),
        "Correct answers: six / 6; herring; cod; blue"
    );
    assert_eq!(
        one_text(&page, "#q2 .reveal .answer"),
        "Correct answers: noon; boats; again"
    );
}

#[test]
fn lesson_bundle_holds_the_same_cloze_forms() {
    let (_pack, site) = built_cloze_pack(true);
    let bundle = site.page(&format!("bundle/{MARKET}.html"));
    assert_cloze_forms(&bundle, "");
    let pack_bundle = site.page("bundle/harbour-gaps.html");
    assert_cloze_forms(&pack_bundle, &format!("{MARKET}/"));
}

#[test]
fn cloze_pages_and_bundles_pass_the_nu_html_checker() {
    let (_pack, site) = built_cloze_pack(true);
    let pages: Vec<_> = site.html_paths().map(|p| site.dir.join(p)).collect();
    vnu::assert_valid_html(&pages);
}
