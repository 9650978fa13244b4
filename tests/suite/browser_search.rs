//! The search page in real headless Chromium and Firefox, used as a learner would: a query
//! typed in the header's box of another page, results as one types with the match marked,
//! arrow keys and Enter to a focus page, queries in Arabic and Persian variant letters and in
//! Chinese and Japanese; over http and from file://. The shipped script folds and cuts the
//! shared table of cases (`tests/fixtures/search-folding.json`) as the Rust build does, and
//! axe-core finds nothing on the page, light and dark. The header's box loads the index only
//! when first focused. In the pack bundle, its search part holds the index and its results
//! open the bundle's parts. The pack is `tests/fixtures/search/`.

use crate::learner_site::*;
use crate::support::browser::{Browser, each_browser};
use crate::support::pack::*;

/// The texts of the results' marks.
fn marks(browser: &Browser) -> Vec<String> {
    browser.texts("#search-results mark")
}

/// Replaces the query in the search page's box by typing `query`, and waits until the
/// results say they are for it.
fn search_for(browser: &Browser, query: &str) {
    browser.focus("#search-query");
    browser.press_key("Control+a");
    browser.press_key("Backspace");
    browser.type_text("#search-query", query);
    browser.wait_until(&format!(
        "document.querySelector('#search-query').value === {q} \
         && document.querySelector('.search-status').textContent !== ''",
        q = serde_json::json!(query)
    ));
}

/// The links of the results, as their `href` attributes.
fn result_links(browser: &Browser) -> Vec<String> {
    let v = browser.execute(
        "return [...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'));",
    );
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// From the pack index, a query typed in the header's box opens the search page with its
/// results (with `submit` false, the search page is opened and the query typed there);
/// arrow keys and Enter open the second result's focus page.
fn search_from_the_header(browser: &Browser, site: &Site, submit: bool) {
    open(browser, site, "index.html");
    let loaded = browser.resource_urls();
    assert!(
        !loaded.iter().any(|url| url.contains("search/index.js")),
        "a page without search loads the index: {loaded:?}"
    );
    let index_loaded = "document.querySelector('script[src*=\"search/index.js\"]') !== null \
         && window.lessonpackSearch !== undefined";
    assert_eq!(
        browser.execute(&format!("return {index_loaded};")),
        serde_json::json!(false),
        "the index is loaded before the box is focused"
    );
    if submit {
        browser.click("#site-search-q");
        browser.wait_until(index_loaded);
        browser.type_text("#site-search-q", "zurich");
        browser.press_key("Enter");
        wait_for_url(browser, "search/index.html?q=zurich");
        browser.wait_for(".search-form[data-ready]");
        assert_eq!(browser.prop("#search-query", "value"), "zurich");
    } else {
        open(browser, site, "search/index.html");
        browser.wait_for(".search-form[data-ready]");
        search_for(browser, "zurich");
    }
    assert_clean(browser, "search page");
    // The title, then the sentences; the entity Zürich is marked as written.
    wait_for_text(browser, ".search-status", "2 results");
    assert_eq!(marks(browser), ["Zürich", "Zürich"]);
    assert!(
        browser
            .text("#search-results li:first-child")
            .contains("A Café Opens in Zürich"),
        "{}",
        browser.text("#search-results")
    );

    // Results as one types: the last word is a prefix.
    search_for(browser, "REN");
    wait_for_text(browser, ".search-status", "1 result");
    assert_eq!(marks(browser), ["Ren"]);
    search_for(browser, "cafe");
    wait_for_text(browser, ".search-status", "3 results");
    assert_eq!(marks(browser)[0], "Café");
    assert_eq!(
        result_links(browser),
        [
            "../cafe-zurich/1.html",
            "../cafe-zurich/1.html",
            "../cafe-zurich/3.html",
        ]
    );
    search_for(browser, "strasse nothing");
    wait_for_text(browser, ".search-status", "No results.");

    // Arrow down to the results, up and down through them, Enter opens one.
    search_for(browser, "caf");
    wait_for_text(browser, ".search-status", "3 results");
    browser.press_key("ArrowDown");
    browser.press_key("ArrowDown");
    browser.press_key("ArrowDown");
    browser.press_key("ArrowUp");
    assert!(
        browser.active_element_text().contains("A new café opened"),
        "{}",
        browser.active_element_text()
    );
    browser.press_key("Enter");
    wait_for_url(browser, "cafe-zurich/1.html");
    assert_clean(browser, "the focus page opened from a result");
}

/// Variant letters and CJK: each query finds the sentence written otherwise.
fn search_other_scripts(browser: &Browser, site: &Site) {
    open(browser, site, "search/index.html");
    browser.wait_for(".search-form[data-ready]");
    // Arabic kaf finds the Persian keheh, in the title, the tag and two sentences.
    search_for(browser, "كتاب");
    wait_for_text(browser, ".search-status", "4 results");
    assert!(
        marks(browser).iter().any(|m| m == "کتاب"),
        "{:?}",
        marks(browser)
    );
    for (query, found) in [
        ("زيادي", "زیادی"),
        ("كتـاب", "کتاب"),
        ("محمد", "مُحَمَّد"),
        ("مي‌خرند", "می‌خرند"),
        ("电车", "电车"),
        ("東京駅", "東京駅"),
        ("新幹", "新幹"),
    ] {
        search_for(browser, query);
        assert!(
            marks(browser).iter().any(|m| m == found),
            "{query}: marks {:?} in {}",
            marks(browser),
            browser.text("#search-results")
        );
    }
    search_for(browser, "东");
    assert!(
        result_links(browser).contains(&"../tokyo-trains/1.html".to_string()),
        "{:?}",
        result_links(browser)
    );
}

/// The shipped script folds and cuts every case of the shared table as written there.
fn the_script_follows_the_shared_table(browser: &Browser) {
    let table = std::fs::read_to_string(repo_root().join("tests/fixtures/search-folding.json"))
        .expect("the folding table");
    let wrong = browser.execute_with(
        "const text = window.lessonpackSearchText;
         return JSON.parse(arguments[0]).filter((c) =>
           text.fold(c.text) !== c.folded
           || JSON.stringify(text.tokens(c.text)) !== JSON.stringify(c.tokens))
         .map((c) => [c.text, text.fold(c.text), text.tokens(c.text)]);",
        vec![serde_json::json!(table)],
    );
    assert_eq!(
        wrong,
        serde_json::json!([]),
        "the script differs from the table"
    );
}

fn assert_accessible(browser: &Browser, what: &str) {
    let Some(violations) = browser.axe() else {
        return;
    };
    assert!(violations.is_empty(), "{what}: {}", violations.join("\n"));
}

each_browser! {
    fn search_finds_marks_and_opens_results(engine) {
        let pack = fixture_copy("search");
        let site = build_site(pack.path());
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let http = Site::http(&site.dir);
        search_from_the_header(&browser, &http, true);
        search_other_scripts(&browser, &http);
        the_script_follows_the_shared_table(&browser);
        open(&browser, &http, "search/index.html");
        browser.wait_for(".search-form[data-ready]");
        search_for(&browser, "caf");
        assert_accessible(&browser, "search page with results");
        browser.set_dark_mode(true);
        assert_accessible(&browser, "search page with results, dark");
        browser.set_dark_mode(false);

        let file = Site::file(&site.dir);
        search_from_the_header(&browser, &file, true);
        search_other_scripts(&browser, &file);

        let bundled = build_with(pack.path(), |options| options.bundle = true);
        search_in_the_pack_bundle(&browser, &Site::file(&bundled.dir));
    }
}

/// The pack bundle, from file://: its header links to its search part, which finds with the
/// index it holds, and whose results open the bundle's own focus parts.
fn search_in_the_pack_bundle(browser: &Browser, site: &Site) {
    browser.goto(&format!("{}#index", site.url("bundle/search-pack.html")));
    browser.wait_for("#index:not([hidden])");
    browser.click(".site-search-link");
    browser.wait_for("#search:not([hidden]) .search-form[data-ready]");
    search_for(browser, "zurich");
    wait_for_text(browser, ".search-status", "2 results");
    assert_eq!(marks(browser), ["Zürich", "Zürich"]);
    search_for(browser, "cafe");
    wait_for_text(browser, ".search-status", "3 results");
    assert_eq!(
        result_links(browser),
        [
            "#cafe-zurich/focus-1",
            "#cafe-zurich/focus-1",
            "#cafe-zurich/focus-3",
        ]
    );
    search_for(browser, "东");
    assert!(
        result_links(browser).contains(&"#tokyo-trains/focus-1".to_string()),
        "{:?}",
        result_links(browser)
    );
    browser.click("#search-results a[href='#tokyo-trains/focus-1']");
    browser.wait_for("#tokyo-trains\\/focus-1:not([hidden])");
    assert_clean(browser, "the pack bundle's search");
    // Back to the search part: it is set up once, and still answers.
    browser.click(".site-search-link");
    browser.wait_for("#search:not([hidden])");
    search_for(browser, "zurich");
    wait_for_text(browser, ".search-status", "2 results");
}

/// What a page's script records: for each key pressed, the time from the key's event to the
/// results' status line being rewritten (`dom`), and to the next frame after that (`frame`),
/// in milliseconds. `status` is the element the search rewrites for every query.
const RECORDER: &str = "
  window.__samples = [];
  let pending = null;
  document.addEventListener('keydown', (e) => { pending = { key: e.key, t: e.timeStamp }; }, true);
  new MutationObserver(() => {
    if (!pending) return;
    const p = pending;
    pending = null;
    const dom = performance.now() - p.t;
    requestAnimationFrame(() => window.__samples.push({ key: p.key, dom, frame: performance.now() - p.t }));
  }).observe(document.querySelector(arguments[0]), { childList: true, characterData: true, subtree: true });";

/// The queries typed, a key at a time: words of the generated corpus, the last a prefix.
const TIMED_QUERIES: &[&str] = &["river", "market price", "esbjerg", "solar pow", "school"];

/// Types each query into `input` a key at a time, waiting for each key's sample (spaces are
/// typed but not timed: a query ending in a space is the query before it), and returns the
/// samples: (to the rewritten results, to the next frame).
fn time_queries(browser: &Browser, input: &str, clear: &dyn Fn()) -> Vec<(f64, f64)> {
    for query in TIMED_QUERIES {
        clear();
        for key in query.chars() {
            let before = browser.execute("return window.__samples.length;");
            browser.type_text(input, &key.to_string());
            if key != ' ' {
                browser.wait_until(&format!("window.__samples.length > {before}"));
            }
        }
    }
    let samples = browser.execute("return window.__samples.filter((s) => s.key !== ' ');");
    samples
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["dom"].as_f64().unwrap(), s["frame"].as_f64().unwrap()))
        .collect()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Keystroke to results on a large pack, ours against mdBook's search on the same text, in
/// both browsers from file://. Run by `bench/search.sh`, which generates the corpus and
/// builds both sites: `SEARCH_TIMING_SITE` is our built site, `SEARCH_TIMING_BOOK` the built
/// mdBook. Prints medians in milliseconds; asserts nothing about time.
#[test]
#[ignore = "a measurement, not a check; run by bench/search.sh"]
fn search_keystroke_timing() {
    let ours =
        std::path::PathBuf::from(std::env::var("SEARCH_TIMING_SITE").expect("SEARCH_TIMING_SITE"));
    let book =
        std::path::PathBuf::from(std::env::var("SEARCH_TIMING_BOOK").expect("SEARCH_TIMING_BOOK"));
    for engine in [
        crate::support::browser::Engine::Chromium,
        crate::support::browser::Engine::Firefox,
    ] {
        let browser = Browser::launch_in(engine).expect("a browser");
        let started = std::time::Instant::now();
        browser.goto_file(&ours.join("search/index.html"));
        browser.wait_for(".search-form[data-ready]");
        let ours_ready = started.elapsed();
        browser.execute_with(RECORDER, vec![serde_json::json!(".search-status")]);
        let clear = || {
            browser.execute("const i = document.querySelector('#search-query'); i.value = ''; i.dispatchEvent(new Event('input'));");
        };
        let ours_samples = time_queries(&browser, "#search-query", &clear);
        let found = browser.text(".search-status");

        let started = std::time::Instant::now();
        browser.goto_file(&book.join("index.html"));
        browser.wait_for("#mdbook-search-toggle, #search-toggle");
        browser.execute("(document.querySelector('#mdbook-search-toggle') || document.querySelector('#search-toggle')).click();");
        // Loaded: the index script has set its options, and the search has focused its box.
        browser.wait_until(
            "window.search && window.search.doc_urls !== undefined \
             && document.activeElement && /searchbar$/.test(document.activeElement.id)",
        );
        let book_ready = started.elapsed();
        let results = "#mdbook-searchresults-header, #searchresults-header";
        browser.execute_with(RECORDER, vec![serde_json::json!(results)]);
        let bar = "#mdbook-searchbar, #searchbar";
        let clear = || {
            browser.execute(&format!("document.querySelector('{bar}').value = '';"));
        };
        let book_samples = time_queries(&browser, bar, &clear);
        let book_found = browser.text(results);

        let report = |name: &str,
                      ready: std::time::Duration,
                      samples: &[(f64, f64)],
                      last: &str| {
            println!(
                "{}\t{name}\tkeys {}\tready {:.0} ms\tto results {:.1} ms\tto next frame {:.1} ms\t(last: {last})",
                engine.name(),
                samples.len(),
                ready.as_secs_f64() * 1000.0,
                median(samples.iter().map(|s| s.0).collect()),
                median(samples.iter().map(|s| s.1).collect()),
            );
        };
        report("lessonpack", ours_ready, &ours_samples, &found);
        report("mdBook", book_ready, &book_samples, &book_found);
    }
}

each_browser! {
    /// With `--pretty-urls`, over http: the header's box opens `search/`, the results link
    /// focus pages as folders, and a result opens its page, whose arrows lead on as folders.
    fn search_and_reading_in_the_folder_layout(engine) {
        let pack = fixture_copy("search");
        let site = build_with(pack.path(), |options| options.pretty_urls = true);
        assert!(site.files.contains_key("cafe-zurich/focus/3/index.html"));
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let http = Site::http(&site.dir);
        browser.goto(&http.url(""));
        assert_clean(&browser, "the index at /");
        browser.click("#site-search-q");
        browser.type_text("#site-search-q", "cafe");
        browser.press_key("Enter");
        wait_for_url(&browser, "/search/?q=cafe");
        browser.wait_for(".search-form[data-ready]");
        wait_for_text(&browser, ".search-status", "3 results");
        assert_eq!(
            result_links(&browser),
            [
                "../cafe-zurich/focus/1/",
                "../cafe-zurich/focus/1/",
                "../cafe-zurich/focus/3/",
            ]
        );
        browser.click("#search-results li:last-child a");
        wait_for_url(&browser, "/cafe-zurich/focus/3/");
        assert_clean(&browser, "the focus page at its folder");
        browser.press_key("ArrowLeft");
        wait_for_url(&browser, "/cafe-zurich/focus/2/");
        browser.click(".lesson-context a");
        wait_for_url(&browser, "/cafe-zurich/");
        assert_clean(&browser, "the article at its folder");
    }
}
