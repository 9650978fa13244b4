//! Firefox's half of [`super::Browser`], driven by geckodriver: its capabilities, and what it
//! does from Firefox's privileged ("chrome") context, which geckodriver opens with
//! `--allow-system-access`: a console listener that records script errors and CSP
//! violations (Firefox has no way to run a probe in a page before its own scripts),
//! an observer of the pages' http requests that can also block them, and the preferences
//! and zoom that emulate dark mode, reduced motion, print and small screens.

use std::path::Path;

use fantoccini::wd::Capabilities;
use serde_json::{Value, json};

use super::{Browser, BrowserOptions, NetRequest};

/// Preferences for a quiet, reproducible run; geckodriver adds its own on top.
fn prefs(options: &BrowserOptions) -> Value {
    json!({
        "javascript.enabled": options.javascript,
        // Touch events for WebDriver's touch actions (there is no touch screen here).
        "dom.w3c_touch_events.enabled": 1,
        "browser.shell.checkDefaultBrowser": false,
        "app.update.disabledForTesting": true,
        "network.captive-portal-service.enabled": false,
        "network.connectivity-service.enabled": false,
    })
}

/// The WebDriver capabilities of a fresh headless Firefox (geckodriver makes the profile).
pub(super) fn capabilities(firefox: &Path, options: &BrowserOptions) -> Capabilities {
    let caps = json!({
        "browserName": "firefox",
        "pageLoadStrategy": "normal",
        "timeouts": { "implicit": 0, "pageLoad": 30_000, "script": 30_000 },
        "moz:firefoxOptions": {
            "binary": firefox,
            "args": ["-headless"],
            "prefs": prefs(options),
        },
    });
    match caps {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

/// Installed once per session in the chrome window: the console listener and the request
/// observer, with what they record in `window.__lp`.
const SET_UP: &str = r#"
const w = window;
if (!w.__lp) {
  const lp = w.__lp = { messages: [], requests: [], block: [] };
  Services.console.registerListener({ observe(m) {
    try {
      if (!(m instanceof Ci.nsIScriptError) || (m.flags & Ci.nsIScriptError.warningFlag)) return;
      // Firefox's own code reports here too.
      if (m.isFromChromeContext || /^(resource|chrome|moz-src|jar|about):/.test(m.sourceName)) return;
      const csp = m.category.startsWith('CSP') || m.errorMessage.startsWith('Content-Security-Policy');
      lp.messages.push({ csp, time: m.timeStamp,
        text: `${m.errorMessage} (${m.sourceName}:${m.lineNumber}:${m.columnNumber})` });
    } catch (e) {}
  } });
  Services.obs.addObserver({ observe(subject) {
    try {
      const channel = subject.QueryInterface(Ci.nsIHttpChannel);
      const context = channel.loadInfo && channel.loadInfo.browsingContext;
      if (!context || !context.isContent) return;
      const url = channel.URI.spec;
      const blocked = lp.block.some(pattern => new RegExp(pattern).test(url));
      lp.requests.push({ url, blocked });
      if (blocked) channel.cancel(Cr.NS_ERROR_ABORT);
    } catch (e) {}
  } }, 'http-on-modify-request');
}
return true;
"#;

/// Runs once a session is up: installs [`SET_UP`] and sizes the window's viewport.
pub(super) fn set_up(browser: &Browser, options: &BrowserOptions) {
    browser.chrome(SET_UP, Vec::new());
    let (w, h) = options.window_size;
    set_inner_size(browser, w, h);
}

/// Sizes the window so that its viewport is `width` × `height` device pixels.
fn set_inner_size(browser: &Browser, width: u32, height: u32) {
    browser.set_window_size(width, height);
    let inner = browser.execute(
        "return [window.innerWidth * devicePixelRatio, window.innerHeight * devicePixelRatio];",
    );
    let dx = i64::from(width) - inner[0].as_f64().unwrap_or(0.0).round() as i64;
    let dy = i64::from(height) - inner[1].as_f64().unwrap_or(0.0).round() as i64;
    if dx != 0 || dy != 0 {
        let grow = |size: u32, by: i64| (i64::from(size) + by).max(1) as u32;
        browser.set_window_size(grow(width, dx), grow(height, dy));
    }
}

/// The errors (`csp`: the CSP violations) of the current document. Firefox's parent process
/// hears them without their window, so they are the ones since the document started loading
/// (there is one tab).
fn messages(browser: &Browser, csp: bool) -> Vec<String> {
    let since = browser.execute("return Math.floor(performance.timeOrigin);");
    super::strings(&browser.chrome(
        "const [csp, since] = arguments;
         return window.__lp.messages.filter(m => m.csp === csp && m.time >= since).map(m => m.text);",
        vec![json!(csp), since],
    ))
}

pub(super) fn js_errors(browser: &Browser) -> Vec<String> {
    messages(browser, false)
}

pub(super) fn csp_violations(browser: &Browser) -> Vec<String> {
    messages(browser, true)
}

/// Every error recorded since the last call, of any document.
pub(super) fn take_errors(browser: &Browser) -> Vec<String> {
    super::strings(&browser.chrome(
        "const taken = window.__lp.messages.map(m => m.text); window.__lp.messages = []; return taken;",
        Vec::new(),
    ))
}

/// `print` or `screen` (`""`) media, and the media features Firefox has preferences for.
pub(super) fn emulate_media(browser: &Browser, media: &str, features: &[(&str, &str)]) {
    let mut scheme = Value::Null;
    let mut motion = Value::Null;
    for (name, value) in features {
        match (*name, *value) {
            ("prefers-color-scheme", "dark") => scheme = json!(0),
            ("prefers-color-scheme", "light") => scheme = json!(1),
            ("prefers-reduced-motion", "reduce") => motion = json!(1),
            ("prefers-reduced-motion", "no-preference") => motion = json!(0),
            other => panic!("browser: Firefox cannot emulate {other:?}"),
        }
    }
    browser.chrome(
        "const [media, scheme, motion] = arguments;
         const set = (name, value) => value === null ? Services.prefs.clearUserPref(name) : Services.prefs.setIntPref(name, value);
         set('layout.css.prefers-color-scheme.content-override', scheme);
         set('ui.prefersReducedMotion', motion);
         gBrowser.selectedBrowser.browsingContext.mediumOverride = media;
         return true;",
        vec![json!(media), scheme, motion],
    );
}

/// A viewport of `width` × `height` CSS pixels at `zoom`: the window is sized and zoomed.
/// Firefox's window is at least 500 pixels wide, so narrower viewports are zoomed further.
/// Returns the zoom used.
pub(super) fn set_viewport(browser: &Browser, width: u32, height: u32, zoom: u32) -> u32 {
    let zoom = zoom.max(500u32.div_ceil(width));
    set_zoom(browser, zoom);
    set_inner_size(browser, width * zoom, height * zoom);
    zoom
}

fn set_zoom(browser: &Browser, zoom: u32) {
    browser.chrome(
        "gBrowser.selectedBrowser.fullZoom = arguments[0]; return true;",
        vec![json!(zoom)],
    );
}

/// After a navigation: the media type and zoom again, if they were changed.
pub(super) fn reapply(browser: &Browser, media: &str, zoom: u32) {
    if !media.is_empty() {
        browser.chrome(
            "gBrowser.selectedBrowser.browsingContext.mediumOverride = arguments[0]; return true;",
            vec![json!(media)],
        );
    }
    if zoom != 1 {
        set_zoom(browser, zoom);
    }
}

/// Blocks the pages' requests to URLs matching any of `patterns` (`*` is a wildcard).
pub(super) fn block_urls(browser: &Browser, patterns: &[&str]) {
    let regexes: Vec<String> = patterns
        .iter()
        .map(|pattern| {
            let parts: Vec<String> = pattern.split('*').map(regex_escape).collect();
            format!("^{}$", parts.join(".*"))
        })
        .collect();
    browser.chrome(
        "window.__lp.block = arguments[0]; return true;",
        vec![json!(regexes)],
    );
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\^$.|?*+()[]{}/".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

/// Turns the pages' localStorage off (`window.localStorage` is then `null`).
pub(super) fn block_storage(browser: &Browser) {
    browser.chrome(
        "Services.prefs.setBoolPref('dom.storage.enabled', false); return true;",
        Vec::new(),
    );
}

/// The pages' http(s) requests since the last call.
pub(super) fn take_requests(browser: &Browser) -> Vec<NetRequest> {
    let taken = browser.chrome(
        "const taken = window.__lp.requests; window.__lp.requests = []; return taken;",
        Vec::new(),
    );
    taken
        .as_array()
        .map(|requests| {
            requests
                .iter()
                .map(|r| {
                    let blocked = r["blocked"].as_bool().unwrap_or(false);
                    NetRequest {
                        url: r["url"].as_str().unwrap_or_default().to_string(),
                        status: None,
                        error: blocked.then(|| "blocked".to_string()),
                        blocked: blocked.then(|| "inspector".to_string()),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}
