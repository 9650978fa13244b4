//! Shared by the learner's browser tests: a built site reached over http://127.0.0.1 or
//! file://, and the checks every visited page must pass (no script error, no CSP violation).

use std::path::{Path, PathBuf};

use crate::support::browser::Browser;
use crate::support::file_url;
use crate::support::pack::*;
use crate::support::server::StaticServer;

/// How the browser reaches a built site.
pub enum Site {
    Http(StaticServer),
    File(PathBuf),
}

impl Site {
    /// The site in `dir` over a fresh static server on 127.0.0.1.
    pub fn http(dir: &Path) -> Site {
        Site::Http(StaticServer::start(dir))
    }

    /// The site in `dir` as files.
    pub fn file(dir: &Path) -> Site {
        Site::File(dir.to_path_buf())
    }

    /// The URL of a file of the site, e.g. `deepseek-v4/quiz.html`.
    pub fn url(&self, path: &str) -> String {
        match self {
            Site::Http(server) => server.url(path),
            Site::File(dir) => file_url(&dir.join(path)),
        }
    }
}

/// A temp copy of the sample pack, built, with its site.
pub fn built_sample() -> (tempfile::TempDir, BuiltSite) {
    let pack = sample_pack();
    let site = build_site(pack.path());
    (pack, site)
}

/// Opens a page and checks that it loaded its stylesheet and script under the policy.
pub fn open(browser: &Browser, site: &Site, path: &str) {
    browser.goto(&site.url(path));
    assert_clean(browser, path);
    assert_ne!(
        browser.css_value("body", "max-width"),
        "none",
        "{path}: the stylesheet did not apply"
    );
}

/// No uncaught script error and no Content-Security-Policy violation on the current page.
pub fn assert_clean(browser: &Browser, what: &str) {
    let errors = browser.js_errors();
    assert!(errors.is_empty(), "{what}: script errors: {errors:?}");
    let csp = browser.csp_violations();
    assert!(csp.is_empty(), "{what}: CSP violations: {csp:?}");
}

/// Waits until the current URL ends with `suffix`.
pub fn wait_for_url(browser: &Browser, suffix: &str) {
    browser.wait_until(&format!(
        "location.href.endsWith({})",
        serde_json::json!(suffix)
    ));
}

/// Waits until the text of the first element matching `css` contains `text`.
pub fn wait_for_text(browser: &Browser, css: &str, text: &str) {
    browser.wait_until(&format!(
        "(document.querySelector({css}) || {{}}).textContent?.includes({text})",
        css = serde_json::json!(css),
        text = serde_json::json!(text)
    ));
}
