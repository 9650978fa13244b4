//! The ways in, in real headless Chromium and Firefox, over http and from file://, driven as
//! a learner would: from a focus page, open an entity tag and follow its link to the entity's
//! page, then a sentence there back to its focus page; from the index, a level and a tag
//! filter to their pages and on to a lesson, and a unit filter. axe-core finds nothing on the
//! entity index, an entity's page, a tag's and a level's page and the index, in light and
//! dark. The pack bundle, which holds none of these pages, links none of them. The pack is
//! `tests/fixtures/ways/`.

use crate::learner_site::*;
use crate::support::browser::{Browser, each_browser};
use crate::support::file_url;
use crate::support::pack::*;

/// The pages axe-core checks.
const PAGES: [&str; 5] = [
    "entities/index.html",
    "entities/org/harbour-board.html",
    "tags/sea.html",
    "levels/a2.html",
    "index.html",
];

/// No axe-core violation on the page as it is now.
fn assert_accessible(browser: &Browser, what: &str) {
    let Some(violations) = browser.axe() else {
        return;
    };
    assert!(violations.is_empty(), "{what}: {}", violations.join("\n"));
}

/// Focus page → entity tag → the entity's page → a sentence → its focus page; index → a
/// level → a lesson; index → a tag; index → a unit.
fn walk(browser: &Browser, site: &Site) {
    open(browser, site, "ferry/2.html");
    assert!(!browser.is_displayed(".tag-org .tag-page"));
    browser.click(".tag-org summary");
    browser.wait_until("document.querySelector('.tag-org details').open");
    assert_eq!(
        browser.text(".tag-org .tag-page"),
        "Every sentence naming Harbour Board"
    );
    browser.click(".tag-org .tag-page");
    wait_for_url(browser, "entities/org/harbour-board.html");
    assert_clean(browser, "the entity's page");
    assert!(browser.text("h1").ends_with("Harbour Board"));
    assert_eq!(
        browser.texts(".mention-lesson h2"),
        ["The Big Crane", "The Night Ferry"]
    );
    assert_eq!(
        browser.texts(".mentions li:nth-child(2) mark"),
        ["Board", "the board"]
    );
    browser.click(".mention-lesson .mentions a");
    wait_for_url(browser, "crane/2.html");
    assert_clean(browser, "the sentence's focus page");
    assert!(browser.text(".focus-text").contains("Harbour Board"));

    open(browser, site, "index.html");
    browser.click(".browse a[href='levels/a2.html']");
    wait_for_url(browser, "levels/a2.html");
    assert_clean(browser, "a level's page");
    assert_eq!(browser.text("h1"), "Level A2");
    assert_eq!(
        browser.texts(".lesson-title"),
        ["The Night Ferry", "Market Day"]
    );
    browser.click(".lesson-title a");
    wait_for_url(browser, "ferry/index.html");
    assert!(
        browser
            .text(".lesson-facts")
            .contains("35 words · 1 min read")
    );

    open(browser, site, "index.html");
    browser.click(".lesson-card .topic-tags a");
    wait_for_url(browser, "tags/sea.html");
    assert_eq!(browser.text("h1"), "Topic: sea");
    assert_eq!(
        browser.texts(".lesson-title"),
        ["The Big Crane", "The Night Ferry"]
    );

    open(browser, site, "index.html");
    browser.click(".browse a[href='#unit-2']");
    wait_for_url(browser, "index.html#unit-2");
    browser.wait_until("document.querySelector(':target')?.textContent === 'The Town'");
}

each_browser! {
    fn ways_in_lead_from_a_tag_to_every_sentence_and_from_the_index_to_levels_and_tags(engine) {
        let pack = fixture_copy("ways");
        let site = build_with(pack.path(), |options| options.bundle = true);
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let http = Site::http(&site.dir);
        walk(&browser, &http);
        for dark in [false, true] {
            browser.set_dark_mode(dark);
            for page in PAGES {
                open(&browser, &http, page);
                assert_accessible(&browser, &format!("{page} (dark: {dark})"));
            }
        }
        browser.set_dark_mode(false);

        walk(&browser, &Site::file(&site.dir));

        // The pack bundle: its focus parts' tags open to their kind, with no link out.
        let bundle = site.dir.join("bundle/harbour-town-news.html");
        browser.goto(&format!("{}#ferry/focus-2", file_url(&bundle)));
        assert_clean(&browser, "the pack bundle");
        browser.click("[id='ferry/focus-2'] .tag-org summary");
        browser.wait_until("document.querySelector(\"[id='ferry/focus-2'] .tag-org details\").open");
        assert_eq!(browser.count(".tag-page"), 0);
        assert_eq!(browser.count("a[href*='entities/'], a[href*='tags/'], a[href*='levels/']"), 0);
    }
}
