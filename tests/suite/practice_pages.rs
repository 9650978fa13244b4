//! Entity practice pages (`<slug>/practice/`), read from the built files of
//! `tests/fixtures/practice/`: one question per focus sentence that marks entities, a blank
//! per mark, no entity's name in the questions' plain text, the links to and from the page,
//! the sitemap, the page's own script, and the bundles. And a pack without `practice` plans
//! no practice page and no practice script.

use lessonpack::content::{LoadOptions, load_lessons};
use lessonpack::layout::plan::{PageKind, has_practice, plan_pages};
use scraper::Html;

use crate::support::{html::*, pack::*};

fn built_practice_pack(bundle: bool) -> (tempfile::TempDir, BuiltSite) {
    let pack = fixture_copy("practice");
    let site = build_with(pack.path(), |options| options.bundle = bundle);
    (pack, site)
}

/// The text of the questions a learner reads, attributes and drop-downs' options left out.
fn question_text(page: &Html) -> String {
    page.select(&sel(
        "form.question legend, form.question .practice-sentence",
    ))
    .flat_map(|element| {
        element
            .children()
            .filter_map(|child| match child.value() {
                scraper::Node::Text(text) => Some(text.to_string()),
                scraper::Node::Element(e) if e.name() != "select" => {
                    scraper::ElementRef::wrap(child).map(text_of)
                }
                _ => None,
            })
            .collect::<Vec<_>>()
    })
    .collect::<Vec<_>>()
    .join(" ")
}

#[test]
fn a_typed_practice_page_asks_for_every_mark_of_every_sentence_with_entities() {
    let (_pack, site) = built_practice_pack(false);
    let page = site.page("harbour/practice.html");
    let forms: Vec<_> = page.select(&sel("form.question")).collect();
    // Sentences 1 and 3 mark entities; sentence 2 marks none.
    assert_eq!(forms.len(), 2);
    assert_eq!(
        texts(&page, "form.question legend"),
        ["1. Sentence 1 of 3", "2. Sentence 3 of 3"]
    );
    let blanks = |form: &scraper::ElementRef| form.select(&sel("input.blank")).count();
    assert_eq!(blanks(&forms[0]), 3, "the Board, Esbjerg, crane");
    assert_eq!(blanks(&forms[1]), 2, "Mette Holm, crane");
    for form in &forms {
        assert_eq!(form.value().attr("data-kind"), Some("practice"));
        let parts = form.value().attr("data-parts").unwrap().split('|').count();
        assert_eq!(parts, blanks(form), "a part per blank");
        assert_eq!(form.select(&sel("select")).count(), 0, "typed");
    }
    let text = question_text(&page);
    assert!(text.contains("met in"), "{text}");
    assert!(text.contains("would arrive in May"), "{text}");
    for name in [
        "Harbour Board",
        "the Board",
        "Esbjerg",
        "crane",
        "Mette Holm",
    ] {
        assert!(!text.contains(name), "{name} shows in {text}");
    }
    let whole = site.text("harbour/practice.html");
    for name in ["Esbjerg", "Mette Holm", "crane"] {
        assert!(!whole.contains(name), "{name} is in the page's HTML");
    }
    // Every blank has an accessible name and a unique id.
    let labels: Vec<String> = page
        .select(&sel(".blank"))
        .map(|b| b.value().attr("aria-label").unwrap().to_string())
        .collect();
    assert_eq!(
        labels,
        [
            "Blank 1: org",
            "Blank 2: location",
            "Blank 3: tech",
            "Blank 1: person",
            "Blank 2: tech"
        ]
    );
}

#[test]
fn a_choices_practice_page_offers_the_lessons_entities_of_the_marks_kind() {
    let (_pack, site) = built_practice_pack(false);
    let page = site.page("market/practice.html");
    assert_eq!(page.select(&sel("form.question")).count(), 3);
    let first = page.select(&sel("#p1")).next().unwrap();
    let selects: Vec<_> = first.select(&sel("select.blank")).collect();
    assert_eq!(selects.len(), 3);
    let options = |select: &scraper::ElementRef| -> Vec<String> {
        select.select(&sel("option")).map(text_of).collect()
    };
    assert_eq!(
        options(&selects[0]),
        ["", "Ana Ruiz", "Bo Lind", "Carl Berg"]
    );
    assert_eq!(options(&selects[2]), ["", "Lyon", "Mâcon"]);
    // Values are tokens: the same name has one token within a question, the right one is
    // not told apart.
    let values = |select: &scraper::ElementRef| -> Vec<String> {
        select
            .select(&sel("option"))
            .map(|o| o.value().attr("value").unwrap().to_string())
            .collect()
    };
    assert_eq!(values(&selects[0]), values(&selects[1]));
    assert!(values(&selects[0])[1..].iter().all(|v| v.len() == 10));
    // The lesson's one event would be a drop-down of one: that blank is typed.
    let third = page.select(&sel("#p3")).next().unwrap();
    assert_eq!(third.select(&sel("input.blank")).count(), 1);
    let text = question_text(&page);
    for name in ["Ana Ruiz", "Lyon", "Festival of Light"] {
        assert!(!text.contains(name), "{name} shows in {text}");
    }
}

#[test]
fn practice_pages_link_both_ways_and_are_in_the_sitemap() {
    let (_pack, site) = built_practice_pack(false);
    let end = site.page("harbour/end.html");
    assert_eq!(
        attr(&end, ".lesson-actions a[href$='practice.html']", "href"),
        "practice.html"
    );
    let index = site.page("index.html");
    let card_links: Vec<String> = index
        .select(&sel(".lesson-card[data-lesson='market'] .lesson-actions a"))
        .map(|a| format!("{} {}", text_of(a), a.value().attr("href").unwrap()))
        .collect();
    assert!(
        card_links.contains(&"Practise the names market/practice.html".to_string()),
        "{card_links:?}"
    );
    let practice = site.page("harbour/practice.html");
    let back: Vec<String> = practice
        .select(&sel(".lesson-actions a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        back,
        ["quiz.html", "end.html", "index.html", "../index.html"]
    );
    let sitemap = site.text("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/practice/harbour/practice.html</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/practice/market/practice.html</loc>"));
    // `practice = false` in front matter, and a lesson with no entity: no page, no link.
    for slug in ["quiet", "rain"] {
        assert!(!site.files.contains_key(&format!("{slug}/practice.html")));
        assert!(!sitemap.contains(&format!("/{slug}/practice.html")));
        let end = site.text(&format!("{slug}/end.html"));
        assert!(
            !end.contains("practice.html"),
            "{slug}'s end page links practice"
        );
    }
}

#[test]
fn the_practice_page_loads_only_its_own_script() {
    let (_pack, site) = built_practice_pack(false);
    let page = site.page("harbour/practice.html");
    let src = attr(&page, "script[src]", "src");
    assert!(src.starts_with("../assets/lessonpack.practice."), "{src}");
    let js = site.text(src.trim_start_matches("../"));
    assert!(js.contains("fillFirst"), "the practice kind is in it");
    let quiz = site.page("harbour/quiz.html");
    let quiz_js = site.text(attr(&quiz, "script[src]", "src").trim_start_matches("../"));
    assert!(
        !quiz_js.contains("fillFirst"),
        "the quiz carries no practice code"
    );
}

#[test]
fn bundles_hold_the_practice_part() {
    let (_pack, site) = built_practice_pack(true);
    let lesson = site.page("bundle/harbour.html");
    let part = lesson
        .select(&sel("#practice"))
        .next()
        .expect("a practice part");
    assert_eq!(part.select(&sel("form.question input.blank")).count(), 5);
    assert_eq!(
        attr(&lesson, "#end .lesson-actions a[href='#practice']", "href"),
        "#practice"
    );
    let pack = site.page("bundle/practice-town.html");
    let part = pack
        .select(&sel("[id='market/practice']"))
        .next()
        .expect("the pack bundle's practice part");
    assert_eq!(part.select(&sel("select.blank")).count(), 5);
    assert!(site.text("bundle/harbour.html").contains("fillFirst"));
}

#[test]
fn a_pack_without_practice_plans_no_practice_page_or_script() {
    // The basic fixture sets no `practice` anywhere (the sample pack's tidal-ferry lesson does).
    let basic = fixture_copy("basic");
    let root = basic.path();
    let config = lessonpack::config::PackConfig::load(root).expect("config");
    let pack = load_lessons(root, config, LoadOptions::default()).expect("lessons");
    assert!(pack.lessons().all(|lesson| !has_practice(&pack, lesson)));
    let pages = plan_pages(&pack);
    assert!(
        !pages
            .iter()
            .any(|p| matches!(p.kind, PageKind::Practice(_)))
    );
    let site = build_site(root);
    assert!(!site.files.keys().any(|path| path.contains("practice")));
    assert!(!site.text("sitemap.xml").contains("practice"));
    for path in site.html_paths() {
        assert!(!site.text(path).contains("Practise"), "{path}");
    }
}
