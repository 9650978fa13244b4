//! Arriving at a page, not clicking to it: a page or bundle part opened or reloaded straight
//! at its address has the next link focused, so Enter continues, and a bundle part opened at
//! its fragment shows from the top, header in view. Over http, from file:// and in bundles,
//! in Chromium and Firefox (Firefox scrolls to the fragment after the script ran, which used
//! to clear the focus and scroll the header off).

use crate::browser_fixture::*;
use crate::learner_site::*;
use crate::support::browser::{Browser, BrowserOptions, each_browser};

/// Short enough that a quiz part is taller than the window, so scrolling shows.
const WINDOW: (u32, u32) = (1000, 500);

/// The next link has focus; Enter follows it to `then` (a URL suffix).
fn enter_goes_to(browser: &Browser, what: &str, then: &str) {
    wait_for_next_focused(browser, what);
    // And keeps it once everything has settled.
    browser.wait_until("document.readyState === 'complete'");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(
        browser.active_element_attr("rel").as_deref(),
        Some("next"),
        "{what}: the next link lost focus"
    );
    browser.press_key("Enter");
    wait_for_url(browser, then);
}

/// The page is scrolled to the top, with the site's header in view.
fn header_in_view(browser: &Browser, what: &str) {
    // After the load event and the browser's own scrolling.
    browser.wait_until("document.readyState === 'complete'");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let scroll = browser.execute("return [window.scrollY, document.querySelector('.site-header').getBoundingClientRect().top];");
    assert_eq!(
        scroll,
        serde_json::json!([0, 0]),
        "{what}: [scrollY, header top]"
    );
}

fn arrive_in_bundle(browser: &Browser, bundle: &str, how: &str) {
    browser.goto(&format!("{bundle}#focus-3"));
    assert_clean(browser, &format!("{how}: bundle at #focus-3"));
    enter_goes_to(
        browser,
        &format!("{how}: bundle opened at #focus-3"),
        "#focus-4",
    );
    browser.reload();
    enter_goes_to(
        browser,
        &format!("{how}: bundle reloaded at #focus-4"),
        "#focus-5",
    );

    browser.goto(&format!("{bundle}#quiz"));
    header_in_view(browser, &format!("{how}: bundle opened at #quiz"));
    browser.execute("window.scrollTo(0, 200); return true;");
    browser.reload();
    header_in_view(browser, &format!("{how}: bundle reloaded at #quiz"));
    assert_clean(browser, &format!("{how}: bundle at #quiz"));
}

fn arrive_on_site(browser: &Browser, site: &Site, how: &str) {
    browser.goto(&site.url(&format!("{LIGHTHOUSE}/2.html")));
    enter_goes_to(browser, &format!("{how}: focus page 2"), "3.html");
    browser.reload();
    enter_goes_to(browser, &format!("{how}: focus page 3 reloaded"), "4.html");
    assert_clean(browser, &format!("{how}: focus page 4"));
}

each_browser! {
    fn arriving_at_an_address_focuses_next_and_shows_the_header(engine) {
        let (_pack, site) = built_with_bundles();
        let Some(browser) = Browser::launch_with(BrowserOptions {
            engine,
            window_size: WINDOW,
            ..BrowserOptions::default()
        }) else {
            return;
        };
        let bundle = format!("bundle/{LIGHTHOUSE}.html");
        let file = Site::file(&site.dir);
        arrive_in_bundle(&browser, &file.url(&bundle), "file://");
        arrive_on_site(&browser, &file, "file://");
        let http = Site::http(&site.dir);
        arrive_in_bundle(&browser, &http.url(&bundle), "http");
        arrive_on_site(&browser, &http, "http");
    }
}
