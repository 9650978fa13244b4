//! Feedback beyond the verdict, on its own pack (tests/fixtures/browser-feedback/): the
//! feedback under a choice, shown when it is picked and checked; the hint behind its button,
//! whose use is remembered; and "Show me where", the evidence links to the focus page and the
//! article with the sentence marked. As pages (parsed) and in real Chromium and Firefox, over
//! http, from file:// and in a lesson bundle, with axe-core before and after checking, light
//! and dark.

use scraper::Html;

use crate::learner_pages::set_config;
use crate::learner_site::*;
use crate::support::browser::{Browser, each_browser};
use crate::support::file_url;
use crate::support::{html::*, pack::*};

const LESSON: &str = "night-ferry";
const QUIZ: &str = "night-ferry/quiz.html";

fn built(bundle: bool) -> (tempfile::TempDir, BuiltSite) {
    let pack = fixture_copy("browser-feedback");
    let site = build_with(pack.path(), |options| options.bundle = bundle);
    (pack, site)
}

fn hrefs(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|a| a.value().attr("href").unwrap_or_default().to_string())
        .collect()
}

#[test]
fn feedback_is_obfuscated_hints_hidden_and_evidence_linked() {
    let (_pack, site) = built(false);
    let page = site.page(QUIZ);
    let source = site.text(QUIZ);
    for secret in [
        "eight o'clock is not",
        "it leaves at ten",
        "five hours is not",
    ] {
        assert!(!source.contains(secret), "{secret:?} in the page");
    }
    assert_eq!(
        texts(&page, "#q1 .choices label"),
        ["At eight o'clock", "At ten o'clock", "At midnight"]
    );
    // Every choice carries the attribute; those without feedback leave it empty.
    let with_feedback = "input[data-feedback]:not([data-feedback=''])";
    assert_eq!(
        page.select(&sel(&format!("#q1 {with_feedback}"))).count(),
        2
    );
    assert_eq!(
        page.select(&sel(&format!("#q2 {with_feedback}"))).count(),
        2
    );
    assert_eq!(one_text(&page, "#q1 .question-hint summary"), "Hint");
    assert_eq!(
        one_text(&page, "#q1 .question-hint .hint-text"),
        "Look at the first sentence."
    );
    assert!(
        page.select(&sel("#q1 details.question-hint[open]"))
            .next()
            .is_none()
    );
    assert!(page.select(&sel("#q2 .question-hint")).next().is_none());
    assert_eq!(
        hrefs(&page, "#q2 .evidence-source[hidden] .evidence-links a"),
        ["3.html#sentence-3", "4.html#sentence-4", "index.html#s3"]
    );
    assert_eq!(
        one_text(&page, "#q2 .evidence-links"),
        "Show me where: Sentence 3, Sentence 4 · In the article"
    );
    assert!(page.select(&sel("#q3 .evidence-links")).next().is_none());

    // Each link's target exists, and the article page loads no quiz code.
    let focus = site.page("night-ferry/3.html");
    assert_eq!(attr(&focus, ".focus-text", "id"), "sentence-3");
    let article = site.page("night-ferry/index.html");
    assert_eq!(
        one_text(&article, "#s3"),
        "The crossing takes three hours when the sea is calm."
    );
    let script = attr(&article, "script[src]", "src");
    assert!(script.contains("lessonpack.article."), "{script}");
    let code = site.text(&format!("{LESSON}/{script}").replace("night-ferry/../", ""));
    assert!(!code.contains("evidence-source") && !code.contains("data-parts"));
}

#[test]
fn plain_answers_put_the_feedback_and_evidence_in_the_reveal() {
    let pack = fixture_copy("browser-feedback");
    set_config(pack.path(), "quiz", "plain_answers = true");
    let site = build_site(pack.path());
    let page = site.page(QUIZ);
    assert_eq!(
        texts(&page, "#q1 .reveal .choice-feedback .choice-name"),
        ["At eight o'clock", "At ten o'clock"]
    );
    assert_eq!(
        texts(&page, "#q1 .reveal .choice-feedback > p:not(.choice-name)"),
        [
            "No: eight o'clock is not in the article.",
            "Yes: it leaves at ten."
        ]
    );
    assert_eq!(
        hrefs(&page, "#q1 .reveal .evidence-links a"),
        ["1.html#sentence-1", "index.html#s1"]
    );
}

#[test]
fn bundle_evidence_links_name_ids_of_the_bundle() {
    let (_pack, site) = built(true);
    let lesson = site.page("bundle/night-ferry.html");
    let links = hrefs(&lesson, "[id=\"q2\"] .evidence-links a");
    assert_eq!(links, ["#sentence-3", "#sentence-4", "#s3"]);
    for link in &links {
        let id = &link[1..];
        assert_eq!(
            lesson.select(&sel(&format!("[id=\"{id}\"]"))).count(),
            1,
            "{id}"
        );
    }
    let pack = site.page("bundle/night-ferry-readers.html");
    let links = hrefs(&pack, "[id=\"night-ferry/q2\"] .evidence-links a");
    assert_eq!(
        links,
        [
            "#night-ferry/sentence-3",
            "#night-ferry/sentence-4",
            "#night-ferry/s3"
        ]
    );
    for link in &links {
        assert_eq!(
            pack.select(&sel(&format!("[id=\"{}\"]", &link[1..])))
                .count(),
            1
        );
    }
}

/// The id of the element the URL's fragment names, as CSS `:target` sees it.
fn target_id(browser: &Browser) -> String {
    browser.wait_until("!!document.querySelector(':target')");
    browser
        .execute("return document.querySelector(':target').id")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The text of the first element matching `css`, white space folded.
fn folded(browser: &Browser, css: &str) -> String {
    browser
        .text(css)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn axe_clean(browser: &Browser, what: &str) {
    if let Some(found) = browser.axe() {
        assert!(found.is_empty(), "{what}: axe: {found:?}");
    }
}

/// The quiz at `quiz_url` (in a bundle, `scope` is the part's selector, "" on the site), as a
/// learner takes it: wrong choice and its feedback, the hint, the right answer and the way to
/// the evidence; `back` returns to the quiz.
fn take_quiz(browser: &Browser, quiz_url: &str, scope: &str) {
    browser.goto(quiz_url);
    assert_clean(browser, quiz_url);
    let q = |rest: &str| format!("{scope}[id$=\"q1\"] {rest}");
    axe_clean(browser, "before checking");
    browser.set_dark_mode(true);
    axe_clean(browser, "before checking, dark");
    browser.set_dark_mode(false);

    browser.click_label("At eight o'clock");
    browser.click(&q(".check"));
    wait_for_text(browser, &q(".feedback"), "Not quite.");
    let said = folded(browser, &q(".feedback"));
    assert!(
        said.contains("No: eight o'clock is not in the article."),
        "{said}"
    );
    assert!(
        !said.contains("Show me where"),
        "evidence before answering: {said}"
    );

    // The hint by keyboard: its button takes focus and opens with Enter.
    assert!(!browser.is_displayed(&q(".hint-text")));
    browser.focus(&q(".question-hint summary"));
    browser.press_key("Enter");
    browser.wait_until(&format!(
        "document.querySelector({}).open",
        serde_json::json!(q("details.question-hint"))
    ));
    assert!(browser.is_displayed(&q(".hint-text")));
    assert_eq!(
        browser.text(&q(".hint-text")),
        "Look at the first sentence."
    );
    browser.wait_until(&format!(
        "(JSON.parse(localStorage.getItem('lessonpack:' + document.body.dataset.pack + ':{LESSON}')) || {{}}).hints?.[0] === 1"
    ));

    // Multiple select: each picked choice's feedback, named.
    let q2 = |rest: &str| format!("{scope}[id$=\"q2\"] {rest}");
    browser.click_label("It takes five hours.");
    browser.click_label("The captain is new.");
    browser.click(&q2(".check"));
    wait_for_text(browser, &q2(".feedback"), "Not quite.");
    let said = folded(browser, &q2(".feedback"));
    assert!(
        said.contains("It takes five hours. No: five hours is not what the article says.")
            && said.contains("The captain is new. No: she has sailed the route for twelve years."),
        "{said}"
    );

    browser.click_label("At ten o'clock");
    browser.click(&q(".check"));
    wait_for_text(browser, &q(".feedback"), "Correct!");
    let said = folded(browser, &q(".feedback"));
    assert!(said.contains("Yes: it leaves at ten."), "{said}");
    assert!(!said.contains("eight o'clock is not"), "{said}");
    assert!(
        said.contains("Show me where: Sentence 1 · In the article"),
        "{said}"
    );
    // Checked before axe-core runs: its injected script is the test's, not the page's.
    assert_clean(browser, "quiz after checking");
    axe_clean(browser, "after checking");
    browser.set_dark_mode(true);
    axe_clean(browser, "after checking, dark");
    browser.set_dark_mode(false);

    // A reload shows the hint that was used open.
    browser.reload();
    browser.wait_until("document.readyState === 'complete'");
    browser.wait_until(&format!(
        "document.querySelector({}).open",
        serde_json::json!(q("details.question-hint"))
    ));
    browser.click_label("At ten o'clock");
    browser.click(&q(".check"));
    wait_for_text(browser, &q(".feedback"), "Show me where");

    // "Show me where" by keyboard too.
    browser.focus(&q(".feedback .evidence-links a"));
    browser.press_key("Enter");
    wait_for_url(browser, "#sentence-1");
    assert_eq!(target_id(browser), "sentence-1");
    assert!(browser.is_displayed(":target"));
    assert_eq!(
        browser.text(":target"),
        "The night ferry leaves the harbour at ten o'clock."
    );
    assert_ne!(
        browser.css_value(":target", "outline-style"),
        "none",
        "marked"
    );
    assert_clean(browser, "evidence on the focus page");

    browser.goto(quiz_url);
    browser.click_label("At ten o'clock");
    browser.click(&q(".check"));
    wait_for_text(browser, &q(".feedback"), "Show me where");
    browser.click(&q(".feedback .evidence-links a:last-child"));
    wait_for_url(browser, "#s1");
    assert_eq!(target_id(browser), "s1");
    assert!(browser.is_displayed(":target"));
    assert_ne!(
        browser.css_value(":target", "outline-style"),
        "none",
        "marked"
    );
    assert_clean(browser, "evidence in the article");
}

each_browser! {
    fn feedback_hints_and_evidence_over_http_file_and_bundle(engine) {
        let (_pack, site) = built(true);
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let http = Site::http(&site.dir);
        take_quiz(&browser, &http.url(QUIZ), "");
        browser.execute("localStorage.clear()");
        take_quiz(&browser, &Site::file(&site.dir).url(QUIZ), "");
        browser.execute("localStorage.clear()");
        let bundle = file_url(&site.dir.join("bundle/night-ferry.html"));
        take_quiz(&browser, &format!("{bundle}#quiz"), "#quiz ");
    }
}
