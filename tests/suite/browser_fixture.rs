//! The browser tests' own packs, `tests/fixtures/browser/` (every question kind, a shuffled
//! quiz, Unicode answers, an image, notes) and `tests/fixtures/browser-rtl/` (Hebrew), built
//! into temp folders, the facts about them the tests rely on, and waiting for what a
//! learner waits for.

use lessonpack::BuildOptions;

use crate::support::browser::Browser;
use crate::support::pack::*;

/// The lesson with every question kind and an image: its slug, focus sentences, questions.
pub const LIGHTHOUSE: &str = "lighthouse";
pub const LIGHTHOUSE_SENTENCES: usize = 5;

/// The lesson whose quiz is shuffled (`shuffle = true`) and takes a Unicode answer.
pub const BAKERY: &str = "bakery";

/// The short lesson of the second unit.
pub const FERRY: &str = "ferry";

/// The pack bundle, named after the pack's title.
pub const PACK_BUNDLE: &str = "bundle/harbour-town-readers.html";

/// The slug of the right-to-left pack's one lesson.
pub const BOATS: &str = "boats";

/// A temp copy of the browser pack, built with `adjust`ed options, and its site.
pub fn built_browser_pack(
    adjust: impl FnOnce(&mut BuildOptions),
) -> (tempfile::TempDir, BuiltSite) {
    let pack = fixture_copy("browser");
    let site = build_with(pack.path(), adjust);
    (pack, site)
}

/// The browser pack built with its bundles.
pub fn built_with_bundles() -> (tempfile::TempDir, BuiltSite) {
    built_browser_pack(|options| options.bundle = true)
}

/// A temp copy of the right-to-left pack, built.
pub fn built_rtl_pack() -> (tempfile::TempDir, BuiltSite) {
    let pack = fixture_copy("browser-rtl");
    let site = build_site(pack.path());
    (pack, site)
}

/// Whether the article's image (the lighthouse lesson's) has loaded and shows.
pub fn article_image_shows(browser: &Browser, scope: &str) -> bool {
    browser.wait_until("document.readyState === 'complete'");
    let shows = browser.execute_with(
        "const img = document.querySelector(arguments[0] + ' .article-body img');
         return !!img && img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0;",
        vec![serde_json::json!(scope)],
    );
    shows == serde_json::json!(true)
}

/// Waits until the browser shows the page whose URL ends with `suffix`, loaded and its script
/// run, as a learner waits before going on (Firefox changes the URL before the page has run).
pub fn wait_for_page(browser: &Browser, suffix: &str) {
    crate::learner_site::wait_for_url(browser, suffix);
    browser.wait_until("document.readyState === 'complete'");
}

/// Waits until the next link has focus, as a learner waits for the page to settle: a page
/// focuses it when its script runs, and again after the browser's own arrival work.
pub fn wait_for_next_focused(browser: &Browser, what: &str) {
    let focused = "document.readyState === 'complete' && document.activeElement && document.activeElement.rel === 'next'";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while browser.execute(&format!("return !!({focused});")) != serde_json::json!(true) {
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: the next link has no focus (focused: {:?})",
            browser.active_element_attr("class")
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
