//! A real headless browser, Chromium (chromedriver) or Firefox (geckodriver), driven over
//! WebDriver with `fantoccini`, behind one synchronous API for tests.
//!
//! ```ignore
//! let Some(browser) = Browser::launch_in(Engine::Firefox) else { return }; // skipped: no firefox
//! browser.goto(&file_url(&page));
//! browser.click_label("Paris");
//! assert_eq!(browser.text("#result"), "Correct");
//! ```
//!
//! Each [`Browser`] owns its driver process (on a free port) and a fresh profile directory;
//! dropping it closes the browser and kills the driver. Starting one takes one to three
//! seconds, so a test runs all its checks in one browser ([`each_browser!`] makes a test per
//! engine of one function). Every method panics with a clear message when the browser cannot
//! do what was asked (no such element, script error, …). What only one engine can do is in
//! [`chromium`] and [`firefox`]; the methods here work in both unless they say otherwise.

mod chromium;
mod firefox;

use std::fmt::Display;
use std::future::Future;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions, PointerAction, TouchActions};
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::runtime::Runtime;

use super::tools::require_tools;

/// How long [`Browser::wait_until`] and [`Browser::wait_for`] wait.
pub const WAIT: Duration = Duration::from_secs(10);

/// A browser the tests drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Debian's `chromium`, by `chromedriver`.
    Chromium,
    /// Debian's `firefox-esr`, by `geckodriver` (`cargo install geckodriver`).
    Firefox,
}

impl Engine {
    /// Its name in messages and test names.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
        }
    }

    /// The browser and its WebDriver, as [`require_tools`] knows them.
    fn tools(self) -> [&'static str; 2] {
        match self {
            Engine::Chromium => ["chromium", "chromedriver"],
            Engine::Firefox => ["firefox", "geckodriver"],
        }
    }
}

/// How to launch a [`Browser`]; `BrowserOptions::default()` is Chromium, JavaScript on,
/// 1280×900.
#[derive(Clone, Debug)]
pub struct BrowserOptions {
    /// Which browser.
    pub engine: Engine,
    /// Run page scripts. `false` sets Chrome's content setting (Firefox's
    /// `javascript.enabled`) that blocks JavaScript, so `<noscript>` content shows
    /// (WebDriver's own scripts, e.g. [`Browser::execute`], still run).
    pub javascript: bool,
    /// Window size in CSS pixels (Firefox: of the viewport).
    pub window_size: (u32, u32),
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions {
            engine: Engine::Chromium,
            javascript: true,
            window_size: (1280, 900),
        }
    }
}

/// One request the page made, from chromedriver's performance (network) log.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetRequest {
    /// The URL requested (any scheme: `file:`, `data:`, `http:` …).
    pub url: String,
    /// The HTTP status of the response, if one came.
    pub status: Option<u16>,
    /// Why loading failed (e.g. `net::ERR_CONNECTION_REFUSED`; `failed` when Chrome gives no text).
    pub error: Option<String>,
    /// Why Chrome blocked it: `inspector` when blocked by [`Browser::block_urls`].
    pub blocked: Option<String>,
}

impl NetRequest {
    /// A response came and loading neither failed nor was blocked.
    pub fn succeeded(&self) -> bool {
        self.status.is_some() && self.error.is_none() && self.blocked.is_none()
    }

    /// An `http(s):` or `ws(s):` request, i.e. one that would use the network.
    pub fn is_network(&self) -> bool {
        ["http:", "https:", "ws:", "wss:"]
            .iter()
            .any(|s| self.url.starts_with(s))
    }
}

/// One entry of the browser's console log.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleEntry {
    /// `SEVERE` (errors, incl. CSP violations and failed loads), `WARNING`, `INFO` or `DEBUG`.
    pub level: String,
    /// The message, prefixed by its source (e.g. a URL and line).
    pub message: String,
}

/// A headless browser session. See the module docs.
pub struct Browser {
    client: Option<Client>,
    rt: Runtime,
    engine: Engine,
    /// Firefox: the media type set by [`Browser::emulate_print`] and the zoom set by
    /// [`Browser::set_viewport`], applied again after each [`Browser::goto`] (Firefox forgets
    /// the one when a navigation changes process, the other on another site).
    media: std::cell::Cell<&'static str>,
    zoom: std::cell::Cell<u32>,
    _driver: Driver,
    _profile: TempDir,
}

/// The WebDriver process, killed on drop.
struct Driver {
    child: Child,
    log: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Browser {
    /// Launches Chromium with [`BrowserOptions::default`]; `None` (after a skip message) when
    /// chromium or chromedriver is missing, a panic instead when `CI` is set.
    pub fn launch() -> Option<Self> {
        Self::launch_with(BrowserOptions::default())
    }

    /// Launches `engine` with the default options; see [`Browser::launch`].
    pub fn launch_in(engine: Engine) -> Option<Self> {
        Self::launch_with(BrowserOptions {
            engine,
            ..BrowserOptions::default()
        })
    }

    /// Launches with `options`; see [`Browser::launch`].
    pub fn launch_with(options: BrowserOptions) -> Option<Self> {
        let engine = options.engine;
        let tools = require_tools(&engine.tools())?;
        let (program, driver_path) = (&tools[0], &tools[1]);
        let profile = tempfile::Builder::new()
            .prefix(&format!("lessonpack-{}-", engine.name()))
            .tempdir()
            .expect("browser: temp dir");
        let log = profile.path().join("driver.log");
        let driver = start_driver(engine, driver_path, profile.path(), &log);
        let port = driver.port;

        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("browser: tokio runtime");
        let caps = match engine {
            Engine::Chromium => {
                chromium::capabilities(program, &profile.path().join("user-data"), &options)
            }
            Engine::Firefox => firefox::capabilities(program, &options),
        };
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps);
        let client = rt
            .block_on(builder.connect(&format!("http://127.0.0.1:{port}/")))
            .unwrap_or_else(|e| {
                panic!(
                    "browser: no {} WebDriver session: {e}\ndriver log:\n{}",
                    engine.name(),
                    driver.driver.log_tail()
                )
            });
        let browser = Browser {
            client: Some(client),
            rt,
            engine,
            media: std::cell::Cell::new(""),
            zoom: std::cell::Cell::new(1),
            _driver: driver.driver,
            _profile: profile,
        };
        match engine {
            Engine::Chromium => chromium::set_up(&browser),
            Engine::Firefox => firefox::set_up(&browser, &options),
        }
        Some(browser)
    }

    /// Which browser this is.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    // ----- navigation -----

    /// Loads `url` (`http://…` or `file://…`, see [`super::file_url`]) and waits for `load`.
    pub fn goto(&self, url: &str) {
        self.run(format!("goto {url}"), self.client().goto(url));
        if self.engine == Engine::Firefox {
            firefox::reapply(self, self.media.get(), self.zoom.get());
        }
    }

    /// Loads a local file (see [`super::file_url`]).
    pub fn goto_file(&self, path: &Path) {
        self.goto(&super::file_url(path));
    }

    /// Makes the document of the frame matching `css` (an `<iframe>`) the one the methods
    /// here act on, until [`Browser::leave_frame`].
    pub fn enter_frame(&self, css: &str) {
        let frame = self.find(css);
        self.run(format!("enter frame `{css}`"), frame.enter_frame());
    }

    /// Back to the document that holds the frame entered.
    pub fn leave_frame(&self) {
        self.run("leave frame", self.client().enter_parent_frame());
    }

    /// Reloads the page and waits for `load`.
    pub fn reload(&self) {
        self.run("reload", self.client().refresh());
    }

    /// The current URL.
    pub fn current_url(&self) -> String {
        self.run("current_url", self.client().current_url())
            .to_string()
    }

    /// The document title.
    pub fn title(&self) -> String {
        self.run("title", self.client().title())
    }

    /// Sets the window size in CSS pixels (e.g. `(390, 844)` for a phone).
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.run(
            "set_window_size",
            self.client().set_window_size(width, height),
        );
    }

    // ----- interaction -----

    /// Clicks (a real pointer click, in the middle) the first element matching `css`.
    pub fn click(&self, css: &str) {
        self.wait_for_load();
        let el = self.find(css);
        self.run(format!("click `{css}`"), el.click());
    }

    /// Clicks the `<label>` whose rendered text (whitespace-normalized) is `text`, or else the
    /// only label containing `text`. Panics listing the labels when none or several match.
    pub fn click_label(&self, text: &str) {
        self.wait_for_load();
        let found = self.execute_with(
            r#"const want = arguments[0];
               const norm = s => s.replace(/\s+/g, ' ').trim();
               const labels = [...document.querySelectorAll('label')];
               const texts = labels.map(l => norm(l.innerText || l.textContent));
               let i = texts.indexOf(norm(want));
               if (i < 0) {
                 const hits = texts.flatMap((t, j) => t.includes(norm(want)) ? [j] : []);
                 if (hits.length === 1) i = hits[0];
               }
               return { index: i, texts };"#,
            vec![json!(text)],
        );
        let index = found["index"].as_i64().unwrap_or(-1);
        assert!(
            index >= 0,
            "browser: no single <label> with text {text:?}; labels: {}",
            found["texts"]
        );
        let labels = self.run("find labels", self.client().find_all(Locator::Css("label")));
        let label = labels
            .into_iter()
            .nth(index as usize)
            .expect("browser: labels changed under us");
        self.run(format!("click label {text:?}"), label.click());
    }

    /// Focuses the first element matching `css` and types `text` into it.
    pub fn type_text(&self, css: &str, text: &str) {
        self.wait_for_load();
        let el = self.find(css);
        self.run(format!("type into `{css}`"), el.send_keys(text));
    }

    /// Waits until the current page has loaded, as a person acts on a page once they see it.
    /// The interactions above call it: a page reached by a click or a key may still be
    /// loading, and Firefox lays it out without its stylesheet until that arrives, so a
    /// click aimed then lands where the element no longer is.
    fn wait_for_load(&self) {
        self.wait_until("document.readyState === 'complete'");
    }

    /// Focuses the first element matching `css` (by script, without clicking).
    pub fn focus(&self, css: &str) {
        let el = self.find(css);
        self.run(
            format!("focus `{css}`"),
            self.client()
                .execute("arguments[0].focus();", vec![json!(el)]),
        );
    }

    /// Presses and releases a key on whatever has focus (the body when nothing does).
    ///
    /// `key` is a character (`"a"`, `"1"`), a name (`Enter`, `Tab`, `Escape`, `Space`,
    /// `Backspace`, `Delete`, `ArrowLeft/Right/Up/Down`, `Home`, `End`, `PageUp`, `PageDown`,
    /// `F1`…`F12`), or modifiers joined with `+` first (`Shift+Tab`, `Control+a`).
    pub fn press_key(&self, key: &str) {
        self.wait_for_load();
        let parts: Vec<&str> = if key.len() > 1 && key.contains('+') {
            key.split('+').collect()
        } else {
            vec![key]
        };
        let codes: Vec<char> = parts
            .iter()
            .map(|k| key_code(k).unwrap_or_else(|| panic!("browser: unknown key {k:?}")))
            .collect();
        let mut seq = KeyActions::new("keyboard".to_string());
        for &c in &codes {
            seq = seq.then(KeyAction::Down { value: c });
        }
        for &c in codes.iter().rev() {
            seq = seq.then(KeyAction::Up { value: c });
        }
        self.run(format!("press {key}"), self.client().perform_actions(seq));
    }

    // ----- reading the page -----

    /// Whether some element matches `css` (no waiting).
    pub fn exists(&self, css: &str) -> bool {
        self.count(css) > 0
    }

    /// How many elements match `css`.
    pub fn count(&self, css: &str) -> usize {
        self.run(
            format!("find_all `{css}`"),
            self.client().find_all(Locator::Css(css)),
        )
        .len()
    }

    /// The rendered text of the first element matching `css` (`""` when it is hidden).
    pub fn text(&self, css: &str) -> String {
        let el = self.find(css);
        self.run(format!("text of `{css}`"), el.text())
    }

    /// The rendered texts of all elements matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let els = self.run(
            format!("find_all `{css}`"),
            self.client().find_all(Locator::Css(css)),
        );
        els.iter()
            .map(|el| self.run(format!("text of `{css}`"), el.text()))
            .collect()
    }

    /// The `textContent` of the first element matching `css`, hidden or not.
    pub fn text_content(&self, css: &str) -> String {
        let el = self.find(css);
        let v = self.execute_with("return arguments[0].textContent;", vec![json!(el)]);
        v.as_str().unwrap_or_default().to_string()
    }

    /// Attribute `name` of the first element matching `css` (`None` when absent).
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        let el = self.find(css);
        self.run(format!("attribute {name} of `{css}`"), el.attr(name))
    }

    /// DOM property `name` (e.g. `checked`, `value`) of the first element matching `css`.
    pub fn prop(&self, css: &str, name: &str) -> Value {
        let el = self.find(css);
        self.execute_with(
            "return arguments[0][arguments[1]];",
            vec![json!(el), json!(name)],
        )
    }

    /// Whether the first element matching `css` is rendered visibly.
    pub fn is_displayed(&self, css: &str) -> bool {
        let el = self.find(css);
        self.run(format!("is `{css}` displayed"), el.is_displayed())
    }

    /// Whether the first element matching `css` (checkbox, radio, option) is selected.
    pub fn is_selected(&self, css: &str) -> bool {
        let el = self.find(css);
        self.run(format!("is `{css}` selected"), el.is_selected())
    }

    /// The computed CSS `property` of the first element matching `css`.
    pub fn css_value(&self, css: &str, property: &str) -> String {
        let el = self.find(css);
        self.run(format!("css {property} of `{css}`"), el.css_value(property))
    }

    /// The rendered text of the focused element (`document.activeElement`).
    pub fn active_element_text(&self) -> String {
        let el = self.run("active element", self.client().active_element());
        self.run("text of the active element", el.text())
    }

    /// Attribute `name` of the focused element (e.g. `id`).
    pub fn active_element_attr(&self, name: &str) -> Option<String> {
        let el = self.run("active element", self.client().active_element());
        self.run(
            format!("attribute {name} of the active element"),
            el.attr(name),
        )
    }

    /// The page's current HTML (serialized DOM).
    pub fn source(&self) -> String {
        self.run("source", self.client().source())
    }

    /// Saves a PNG screenshot of the viewport to `path` (creating parent directories).
    pub fn screenshot(&self, path: &Path) {
        let png = self.run("screenshot", self.client().screenshot());
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("browser: screenshot dir");
        }
        std::fs::write(path, png).expect("browser: write screenshot");
    }

    // ----- scripts and waiting -----

    /// Runs `js` as a function body in the page (use `return …`) and returns its JSON value.
    pub fn execute(&self, js: &str) -> Value {
        self.execute_with(js, Vec::new())
    }

    /// [`Browser::execute`] with `arguments[0…]` set from `args`.
    pub fn execute_with(&self, js: &str, args: Vec<Value>) -> Value {
        self.run(
            format!("script {}", short(js)),
            self.client().execute(js, args),
        )
    }

    /// Runs `js` with a completion callback as its last argument; returns what it is called with.
    pub fn execute_async(&self, js: &str) -> Value {
        self.run(
            format!("async script {}", short(js)),
            self.client().execute_async(js, Vec::new()),
        )
    }

    /// Waits (up to [`WAIT`]) until the JavaScript expression `js` is truthy.
    pub fn wait_until(&self, js: &str) {
        let script = format!("return !!({js});");
        let deadline = Instant::now() + WAIT;
        while !self.execute(&script).as_bool().unwrap_or(false) {
            assert!(
                Instant::now() < deadline,
                "browser: timed out waiting for `{js}`"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits (up to [`WAIT`]) until some element matches `css`.
    pub fn wait_for(&self, css: &str) {
        self.wait_until(&format!("document.querySelector({})", json!(css)));
    }

    // ----- emulation, network, storage -----

    /// Runs a Chrome DevTools Protocol command on the current tab and returns its result.
    /// Chromium only (panics in Firefox: use the methods below, which work in both).
    ///
    /// Emulations and blocks set this way last for the tab across navigations.
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        assert_eq!(self.engine, Engine::Chromium, "browser: cdp is Chromium's");
        self.raw(
            "goog/cdp/execute",
            json!({ "cmd": command, "params": params }),
        )
    }

    /// Emulates `prefers-color-scheme: dark` (`true`) or `light` (`false`), and waits for
    /// the colours' transitions on the page to end (axe-core would judge colours midway).
    ///
    /// Replaces any earlier [`Browser::emulate_media`].
    pub fn set_dark_mode(&self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        self.emulate_media(&[("prefers-color-scheme", scheme)]);
        // Two frames: the transitions the new colours start have begun by then.
        self.execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        );
        self.wait_until("document.getAnimations().every((a) => a.playState !== 'running')");
    }

    /// Emulates CSS media features, e.g. `&[("prefers-reduced-motion", "reduce")]`; `&[]`
    /// clears all. Each call replaces the previous set, and ends [`Browser::emulate_print`].
    /// Firefox knows `prefers-color-scheme` and `prefers-reduced-motion`.
    pub fn emulate_media(&self, features: &[(&str, &str)]) {
        self.media.set("");
        match self.engine {
            Engine::Chromium => chromium::emulate_media(self, "", features),
            Engine::Firefox => firefox::emulate_media(self, "", features),
        }
    }

    /// Lays pages out for print (`true`) or for the screen again (`false`); clears media
    /// features.
    pub fn emulate_print(&self, print: bool) {
        let media = if print { "print" } else { "" };
        self.media.set(media);
        match self.engine {
            Engine::Chromium => chromium::emulate_media(self, media, &[]),
            Engine::Firefox => firefox::emulate_media(self, media, &[]),
        }
    }

    /// A viewport of `width` × `height` CSS pixels at `zoom` device pixels per CSS pixel
    /// (e.g. `(640, 450, 2)`: 200 % zoom of a 1280 px window). Chromium emulates the device
    /// (a phone below 500 px); Firefox sizes and zooms its window, and zooms further when
    /// the window would be narrower than its minimum (500 px).
    pub fn set_viewport(&self, width: u32, height: u32, zoom: u32) {
        match self.engine {
            Engine::Chromium => chromium::set_viewport(self, width, height, zoom),
            Engine::Firefox => self
                .zoom
                .set(firefox::set_viewport(self, width, height, zoom)),
        }
    }

    /// A one-finger horizontal swipe from `from` to `to` (CSS pixels), at height `y`.
    pub fn swipe(&self, from: i64, to: i64, y: i64) {
        self.wait_for_load();
        match self.engine {
            Engine::Chromium => chromium::swipe(self, from, to, y),
            Engine::Firefox => {
                let point = |x: i64| PointerAction::MoveTo {
                    duration: Some(Duration::from_millis(50)),
                    x: x as f64,
                    y: y as f64,
                };
                let swipe = TouchActions::new("finger".to_string())
                    .then(point(from))
                    .then(PointerAction::Down { button: 0 })
                    .then(point((from + to) / 2))
                    .then(point(to))
                    .then(PointerAction::Up { button: 0 });
                self.run("swipe", self.client().perform_actions(swipe));
            }
        }
    }

    /// Makes requests to URLs matching any of `patterns` fail (`*` is a wildcard), e.g.
    /// `&["http://*", "https://*"]`; `&[]` unblocks. Blocked requests show in
    /// [`Browser::take_requests`] with `blocked: Some("inspector")`.
    pub fn block_urls(&self, patterns: &[&str]) {
        match self.engine {
            Engine::Chromium => chromium::block_urls(self, patterns),
            Engine::Firefox => firefox::block_urls(self, patterns),
        }
    }

    /// Blocks every `http(s):` and `ws(s):` request: for offline tests of `file://` pages.
    pub fn block_network(&self) {
        self.block_urls(&["http://*", "https://*", "ws://*", "wss://*"]);
    }

    /// Makes the pages' `localStorage` unusable from the next page on (Chromium: reading it
    /// throws; Firefox: it is `null`), as when a learner's browser refuses storage.
    pub fn block_storage(&self) {
        match self.engine {
            Engine::Chromium => chromium::block_storage(self),
            Engine::Firefox => firefox::block_storage(self),
        }
    }

    /// The requests made since the last call (or the session start), in order. Chromium
    /// reads (and so empties) chromedriver's performance log, with every scheme; Firefox
    /// lists the pages' `http(s):` requests, without their status.
    pub fn take_requests(&self) -> Vec<NetRequest> {
        match self.engine {
            Engine::Chromium => chromium::take_requests(self),
            Engine::Firefox => firefox::take_requests(self),
        }
    }

    /// URLs of the page's loaded resources from the Performance API (`resource` entries),
    /// a cross-check of [`Browser::take_requests`] for the current document only.
    pub fn resource_urls(&self) -> Vec<String> {
        let v = self.execute("return performance.getEntriesByType('resource').map(e => e.name);");
        strings(&v)
    }

    // ----- errors -----

    /// Console entries since the last call (reads and empties the browser log). Firefox
    /// gives only its errors (as `SEVERE`), of every document.
    pub fn take_console(&self) -> Vec<ConsoleEntry> {
        if self.engine == Engine::Firefox {
            let errors = firefox::take_errors(self);
            return errors
                .into_iter()
                .map(|message| ConsoleEntry {
                    level: "SEVERE".to_string(),
                    message,
                })
                .collect();
        }
        self.take_log("browser")
            .iter()
            .map(|e| ConsoleEntry {
                level: e["level"].as_str().unwrap_or("").to_string(),
                message: e["message"].as_str().unwrap_or("").to_string(),
            })
            .collect()
    }

    /// Messages of the `SEVERE` console entries since the last read (see [`Browser::take_console`]):
    /// uncaught errors, `console.error`, CSP violations, failed loads.
    pub fn console_errors(&self) -> Vec<String> {
        self.take_console()
            .into_iter()
            .filter(|e| e.level == "SEVERE")
            .map(|e| e.message)
            .collect()
    }

    /// Uncaught script errors and unhandled rejections in the current document (Chromium: a
    /// probe in the page; Firefox: its console, by the document's window).
    pub fn js_errors(&self) -> Vec<String> {
        match self.engine {
            Engine::Chromium => chromium::js_errors(self),
            Engine::Firefox => firefox::js_errors(self),
        }
    }

    /// Content-Security-Policy violations in the current document. Each names the directive
    /// and what it blocked: Chromium `directive blocked URI (source:line)`, Firefox its
    /// console's sentence.
    pub fn csp_violations(&self) -> Vec<String> {
        match self.engine {
            Engine::Chromium => chromium::csp_violations(self),
            Engine::Firefox => firefox::csp_violations(self),
        }
    }

    // ----- accessibility -----

    /// Runs axe-core on the current page: one `id [impact] target: help (N nodes)` per
    /// violation. `None` (after a skip message) when node_modules/axe-core is missing.
    pub fn axe(&self) -> Option<Vec<String>> {
        self.axe_with(json!({ "resultTypes": ["violations"] }))
    }

    /// [`Browser::axe`] with axe `options`, e.g. `{"runOnly": ["wcag2a", "wcag2aa"]}`.
    pub fn axe_with(&self, options: Value) -> Option<Vec<String>> {
        let tools = require_tools(&["axe.min.js"])?;
        let has_axe = self.execute("return typeof window.axe === 'object';");
        if has_axe != json!(true) {
            let source = std::fs::read_to_string(&tools[0]).expect("browser: read axe.min.js");
            // Evaluated by WebDriver, so a page's CSP does not block it.
            self.execute(&format!("{source}\n;return typeof window.axe;"));
        }
        let script = r#"const [options, done] = arguments;
            axe.run(document, options).then(
              r => done(r.violations.map(v =>
                `${v.id} [${v.impact}] ${v.nodes.length ? v.nodes[0].target.join(' ') : ''}: ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})`)),
              e => done([`axe failed: ${e}`]));"#;
        let before = self.execute("return window.__lpProbe ? window.__lpProbe.csp.length : 0;");
        let v = self.run(
            "axe.run",
            self.client().execute_async(script, vec![options]),
        );
        // axe-core is the test's script, not the page's: what it tries to load (from file://
        // it tries to fetch) is no violation of the page's. Its reports arrive a task later.
        let forget = "const [before, done] = arguments; setTimeout(() => { \
             if (window.__lpProbe) window.__lpProbe.csp.length = before; done(null); }, 50);";
        self.run(
            "forget axe's CSP reports",
            self.client().execute_async(forget, vec![before]),
        );
        Some(strings(&v))
    }

    // ----- internals -----

    fn client(&self) -> &Client {
        self.client.as_ref().expect("browser: session closed")
    }

    fn run<T, E: Display>(&self, what: impl Display, fut: impl Future<Output = Result<T, E>>) -> T {
        match self.rt.block_on(fut) {
            Ok(v) => v,
            Err(e) => panic!("browser: {what}: {e}"),
        }
    }

    fn find(&self, css: &str) -> Element {
        self.run(
            format!("find `{css}`"),
            self.client().find(Locator::Css(css)),
        )
    }

    /// Runs `js` in Firefox's privileged chrome context (see [`firefox`]), then returns to
    /// the page's.
    fn chrome(&self, js: &str, args: Vec<Value>) -> Value {
        self.raw("moz/context", json!({ "context": "chrome" }));
        let result = self.rt.block_on(self.client().execute(js, args));
        self.raw("moz/context", json!({ "context": "content" }));
        result.unwrap_or_else(|e| panic!("browser: chrome script {}: {e}", short(js)))
    }

    /// POST to a driver-specific session endpoint.
    fn raw(&self, path: &'static str, body: Value) -> Value {
        let cmd = RawCommand { path, body };
        self.run(
            format!("{path} {}", short(&cmd.body.to_string())),
            self.client().issue_cmd(cmd),
        )
    }

    fn take_log(&self, kind: &str) -> Vec<Value> {
        match self.raw("se/log", json!({ "type": kind })) {
            Value::Array(entries) => entries,
            _ => Vec::new(),
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            // Ends the session, which quits Chromium; chromedriver is killed after (Driver).
            let _ = self.rt.block_on(async {
                tokio::time::timeout(Duration::from_secs(10), client.close()).await
            });
        }
    }
}

/// A chromedriver endpoint under `/session/{id}/`, sent with POST.
#[derive(Debug)]
struct RawCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for RawCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// WebDriver code of a key name; see [`Browser::press_key`].
fn key_code(key: &str) -> Option<char> {
    let mut chars = key.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(c);
    }
    let code = match key {
        "Backspace" => 0xE003,
        "Tab" => 0xE004,
        "Enter" => 0xE007,
        "Shift" => 0xE008,
        "Control" => 0xE009,
        "Alt" => 0xE00A,
        "Escape" => 0xE00C,
        "Space" => 0xE00D,
        "PageUp" => 0xE00E,
        "PageDown" => 0xE00F,
        "End" => 0xE010,
        "Home" => 0xE011,
        "ArrowLeft" => 0xE012,
        "ArrowUp" => 0xE013,
        "ArrowRight" => 0xE014,
        "ArrowDown" => 0xE015,
        "Delete" => 0xE017,
        "Meta" => 0xE03D,
        f if f.starts_with('F') => {
            let n: u32 = f[1..].parse().ok().filter(|n| (1..=12).contains(n))?;
            0xE031 + n - 1
        }
        _ => return None,
    };
    char::from_u32(code)
}

/// A started WebDriver process and the port it listens on.
struct StartedDriver {
    driver: Driver,
    port: u16,
}

/// How many times a driver is started before its failure to start fails the test.
const DRIVER_STARTS: usize = 3;

/// Starts chromedriver or geckodriver on a free port (port 0: the driver picks one and prints
/// it); geckodriver makes Firefox's profile under `profile`. A driver that exits before it
/// listens is started again: chromedriver picks its port for IPv6 and then binds the same
/// port for IPv4, which another test's server may hold by then ("Address already in use").
fn start_driver(engine: Engine, path: &Path, profile: &Path, log: &Path) -> StartedDriver {
    for attempt in 1..=DRIVER_STARTS {
        let (driver, port_rx) = spawn_driver(engine, path, profile, log);
        match port_rx.recv_timeout(Duration::from_secs(20)) {
            Ok(port) => return StartedDriver { driver, port },
            Err(mpsc::RecvTimeoutError::Disconnected) if attempt < DRIVER_STARTS => continue,
            Err(e) => panic!(
                "browser: {} did not start ({e}, attempt {attempt}):\n{}",
                path.display(),
                driver.log_tail()
            ),
        }
    }
    unreachable!("the last attempt returns or panics")
}

/// Spawns the driver, and the port it will say it listens on.
fn spawn_driver(
    engine: Engine,
    path: &Path,
    profile: &Path,
    log: &Path,
) -> (Driver, mpsc::Receiver<u16>) {
    let mut command = Command::new(path);
    match engine {
        Engine::Chromium => {
            command
                .arg("--port=0")
                .arg(format!("--log-path={}", log.display()));
        }
        Engine::Firefox => {
            command
                .args([
                    "--port",
                    "0",
                    "--websocket-port",
                    "0",
                    "--allow-system-access",
                ])
                .arg("--profile-root")
                .arg(profile);
        }
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("browser: cannot start {}: {e}", path.display()));
    let stdout = child.stdout.take().expect("browser: driver stdout");
    // geckodriver logs to stdout, with Firefox's own output: keep it for messages.
    let copy = (engine == Engine::Firefox).then(|| log.to_path_buf());
    let port_rx = read_port(stdout, copy);
    let driver = Driver {
        child,
        log: log.to_path_buf(),
    };
    (driver, port_rx)
}

/// Reads a driver's stdout (to its end, so it never blocks on a full pipe), copying it to
/// `copy_to` if given, and sends the port from chromedriver's `… started successfully on
/// port N.` or geckodriver's `Listening on 127.0.0.1:N` line.
fn read_port(stdout: ChildStdout, copy_to: Option<PathBuf>) -> mpsc::Receiver<u16> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        let mut copy = copy_to.and_then(|path| std::fs::File::create(path).ok());
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(file) = copy.as_mut() {
                let _ = writeln!(file, "{line}");
            }
            let port = line
                .split("started successfully on port ")
                .nth(1)
                .or_else(|| line.split("Listening on 127.0.0.1:").nth(1))
                .and_then(|p| p.trim().trim_end_matches('.').parse::<u16>().ok());
            if let Some(port) = port
                && let Some(tx) = tx.take()
            {
                let _ = tx.send(port);
            }
        }
    });
    rx
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn short(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

/// Makes a module `name` holding one test per browser, `chromium` and `firefox`, each running
/// the body with `engine` set: `each_browser! { fn quiz_works(engine) { … } }` gives the
/// tests `quiz_works::chromium` and `quiz_works::firefox` (filter by either name).
macro_rules! each_browser {
    ($(#[$meta:meta])* fn $name:ident($engine:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn run($engine: $crate::support::browser::Engine) $body

            #[test]
            fn chromium() {
                run($crate::support::browser::Engine::Chromium)
            }

            #[test]
            fn firefox() {
                run($crate::support::browser::Engine::Firefox)
            }
        }
    };
}
pub(crate) use each_browser;
