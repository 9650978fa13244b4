//! What the learner's pages carry, read from the built files: no answer in plain text by
//! default, the plain-answers mode, the strict Content-Security-Policy, shuffling, and the
//! size budgets of the script and stylesheet.

use std::path::Path;

use lessonpack::config::PackConfig;
use lessonpack::content::{LoadOptions, Pack, QuestionKind, load_lessons};
use scraper::{ElementRef, Html, Node};

use crate::support::{html::*, pack::*};

/// The policy every page carries (see templates/base.html).
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'";

/// Budgets, in bytes, minified: all JavaScript (every kind of question, policies and stored
/// answers: 16 KiB since issue 13) and all CSS of a quiz page.
const JS_BUDGET: usize = 16 * 1024;
const CSS_BUDGET: usize = 12 * 1024;

fn load_pack(root: &Path) -> Pack {
    let config = PackConfig::load(root).expect("config");
    load_lessons(root, config, LoadOptions::default()).expect("lessons")
}

/// Appends `key = value` lines under `[table]` of the pack's lessonpack.toml.
pub fn set_config(root: &Path, table: &str, lines: &str) {
    let path = root.join("lessonpack.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("\n[{table}]\n{lines}\n"));
    std::fs::write(path, text).unwrap();
}

/// Everything a peek at the page shows outside the choices' own labels (and outside the
/// elements named in `skip`): text nodes, and every attribute value.
fn peekable_text(page: &Html, within: &str, skip: &[&str]) -> String {
    let mut out = String::new();
    for root in page.select(&sel(within)) {
        collect_peekable(root, skip, &mut out);
    }
    out
}

fn collect_peekable(element: ElementRef, skip: &[&str], out: &mut String) {
    // Boolean flags (`data-pin="true"`) are no answer, even to a true-or-false question.
    for (_, value) in element.value().attrs() {
        if value == "true" || value == "false" {
            continue;
        }
        out.push_str(value);
        out.push('\n');
    }
    let value = element.value();
    if value.classes().any(|c| c == "choices") || skip.contains(&value.name()) {
        return;
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => {
                out.push_str(text);
                out.push('\n');
            }
            Node::Element(_) => collect_peekable(ElementRef::wrap(child).unwrap(), skip, out),
            _ => {}
        }
    }
}

/// Folds case and white space, as a reader skimming for an answer would.
fn fold(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Asserts that no correct choice, accepted answer or explanation of the pack's quizzes is
/// in their quiz pages (within `within`) or in the site's script. The search index is not
/// the script: it holds the focus sentences, which the article shows anyway, and a quiz
/// may ask about them in their own words.
fn assert_no_plain_answers(root: &Path, site: &BuiltSite, within: &str, skip: &[&str]) -> usize {
    let pack = load_pack(root);
    let script: String = site
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".js") && *path != "search/index.js")
        .map(|(_, bytes)| fold(&String::from_utf8_lossy(bytes)))
        .collect();
    let mut checked = 0;
    for lesson in pack.lessons() {
        let Some(quiz) = lesson.quiz() else { continue };
        let path = format!("{}/quiz.html", lesson.slug);
        let page = site.page(&path);
        let raw = site.text(&path);
        let peek = fold(&peekable_text(&page, within, skip));
        for question in &quiz.questions {
            // An ordering's items and a matching's sides are on show by design: what is
            // hidden is which goes where (see the ordering and matching page tests).
            if matches!(question.kind(), QuestionKind::Order | QuestionKind::Match) {
                continue;
            }
            for choice in question.choices().iter().filter(|c| c.correct) {
                let answer = fold(&choice.text);
                assert!(!peek.contains(&answer), "{path}: {answer:?} is in the page");
                // `true` and `false` are words of the script's own language.
                if answer != "true" && answer != "false" {
                    assert!(!script.contains(&answer), "{answer:?} is in the script");
                }
                checked += 1;
            }
            if let Some(explanation) = &question.explanation {
                let html = explanation.render("../");
                assert!(
                    !raw.contains(html.trim()),
                    "{path}: explanation in the page"
                );
            }
        }
        assert!(
            page.select(&sel("details.reveal")).next().is_none(),
            "{path}"
        );
        assert!(!raw.contains("class=answer-key") && !raw.contains("class=\"answer-key\""));
    }
    checked
}

#[test]
fn quiz_pages_carry_no_answer_as_plain_text_by_default() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let checked = assert_no_plain_answers(pack.path(), &site, "html", &[]);
    assert!(checked >= 9, "only {checked} answers checked");
    let quiz = site.page("floating-wind/quiz.html");
    let raw = site.text("floating-wind/quiz.html");
    let notice = raw
        .find("Checking answers needs JavaScript.")
        .expect("notice");
    assert!(raw[..notice].rfind("<noscript>") > raw[..notice].rfind("</noscript>"));
    // Every question carries its salt, hashes and obfuscated answer instead.
    for form in quiz.select(&sel("form.question")) {
        let data = |name: &str| form.value().attr(name).unwrap_or_default().to_string();
        assert_eq!(data("data-salt").len(), 10);
        let parts = data("data-parts");
        assert!(
            parts
                .split('|')
                .all(|part| part.split(' ').all(|h| h.len() == 16)),
            "{parts}"
        );
        assert!(!data("data-answer").is_empty());
    }
}

#[test]
fn every_question_kind_of_the_basic_pack_hides_its_answers() {
    let pack = fixture_copy("basic");
    let site = build_site(pack.path());
    // The lesson's title names the market's city and a prompt names Claire: look at the
    // quiz outside its prompts.
    let checked = assert_no_plain_answers(pack.path(), &site, ".quiz", &["legend"]);
    assert_eq!(checked, 5);
}

#[test]
fn plain_answers_keep_the_reveal_and_add_an_answer_key() {
    let pack = fixture_copy("basic");
    set_config(pack.path(), "quiz", "plain_answers = true");
    let site = build_site(pack.path());
    let quiz = site.page("market-day/quiz.html");
    assert_eq!(
        texts(&quiz, "details.reveal .answer"),
        [
            "Correct answer: To the market",
            "Correct answers: Claire; Omar",
            "Accepted answers: Lyon; Lyon, France",
        ]
    );
    assert_eq!(
        one_text(&quiz, "#q1 .reveal .explanation"),
        "The first sentence says she went to the market in Lyon."
    );
    assert_eq!(one_text(&quiz, ".answer-key h2"), "Answer key");
    assert_eq!(
        texts(&quiz, ".answer-key li"),
        ["To the market", "Claire; Omar", "Lyon; Lyon, France"]
    );
    assert!(quiz.select(&sel("noscript")).next().is_none());
}

#[test]
fn shuffle_comes_from_the_pack_and_a_lesson_overrides_it() {
    let pack = fixture_copy("basic");
    let site = build_site(pack.path());
    let quiz = site.page("market-day/quiz.html");
    assert!(
        quiz.select(&sel(".quiz[data-shuffle=true]"))
            .next()
            .is_none()
    );

    set_config(pack.path(), "quiz", "shuffle = true");
    let site = build_site(pack.path());
    let quiz = site.page("market-day/quiz.html");
    assert!(
        quiz.select(&sel(".quiz[data-shuffle=true]"))
            .next()
            .is_some()
    );

    let lesson = pack.path().join("content/market-day.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    std::fs::write(
        &lesson,
        text.replacen("level = \"A2\"", "level = \"A2\"\nshuffle = false", 1),
    )
    .unwrap();
    let site = build_site(pack.path());
    let quiz = site.page("market-day/quiz.html");
    assert!(
        quiz.select(&sel(".quiz[data-shuffle=true]"))
            .next()
            .is_none()
    );
}

#[test]
fn every_page_carries_a_strict_content_security_policy() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let mut pages = 0;
    for path in site.html_paths() {
        let page = site.page(path);
        let csp = attr(&page, "meta[http-equiv=Content-Security-Policy]", "content");
        if path == "404.html" {
            assert_self_contained_not_found(&site, &page, &csp);
            pages += 1;
            continue;
        }
        assert_eq!(csp, CSP, "{path}");
        // The policy must come before anything it governs.
        let head: Vec<_> = page
            .select(&sel("head > *"))
            .map(|e| e.value().name().to_string())
            .collect();
        assert_eq!(&head[..2], ["meta", "meta"], "{path}: {head:?}");
        for script in page.select(&sel("script")) {
            let src = script.value().attr("src").unwrap_or_default();
            assert!(src.contains("assets/lessonpack."), "{path}: inline script");
        }
        assert!(
            page.select(&sel("style, [style]")).next().is_none(),
            "{path}"
        );
        for element in page.select(&sel("*")) {
            for (name, _) in element.value().attrs() {
                assert!(!name.starts_with("on"), "{path}: event handler {name}");
            }
        }
        pages += 1;
    }
    assert_eq!(pages, planned_pages(pack.path()), "every page was checked");
}

/// The 404 page of a site without `base_url` holds the site's stylesheet (a host serves it at
/// any depth, where relative links miss), admitted by its hash alone, and no script.
fn assert_self_contained_not_found(site: &BuiltSite, page: &Html, csp: &str) {
    use base64::Engine as _;
    use sha2::Digest as _;
    let styles: Vec<String> = page
        .select(&sel("style"))
        .map(|style| style.text().collect())
        .collect();
    assert_eq!(styles.len(), 1, "one inline stylesheet");
    let css_file = site
        .files
        .keys()
        .find(|path| path.starts_with("assets/style.") && path.ends_with(".css"))
        .expect("the site's stylesheet");
    assert_eq!(styles[0], site.text(css_file), "the site's own stylesheet");
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&styles[0]));
    assert_eq!(
        csp,
        format!(
            "default-src 'none'; style-src 'sha256-{hash}'; img-src 'self' data:; base-uri 'none'; form-action 'self'"
        )
    );
    assert!(
        page.select(&sel("script, link[rel=stylesheet]"))
            .next()
            .is_none()
    );
}

#[test]
fn script_and_stylesheet_of_a_quiz_page_stay_within_budget() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let quiz = site.page("deepseek-v4/quiz.html");
    let size = |css: &str, attr_name: &str| -> usize {
        quiz.select(&sel(css))
            .map(|e| {
                let url = e.value().attr(attr_name).unwrap();
                let path = url.trim_start_matches("../");
                site.files[path].len()
            })
            .sum()
    };
    let js = size("script[src]", "src");
    let css = size("link[rel=stylesheet]", "href");
    eprintln!("quiz page: {js} bytes of JavaScript, {css} bytes of CSS (minified)");
    assert!(js > 1000 && js < JS_BUDGET, "JavaScript: {js} bytes");
    assert!(css > 1000 && css < CSS_BUDGET, "CSS: {css} bytes");
}
