//! A real headless Chromium, driven over WebDriver (chromedriver + `fantoccini`), behind a
//! synchronous API for tests.
//!
//! ```ignore
//! let Some(browser) = Browser::launch() else { return }; // skipped: no chromium
//! browser.goto(&file_url(&page));
//! browser.click_label("Paris");
//! assert_eq!(browser.text("#result"), "Correct");
//! ```
//!
//! Each [`Browser`] owns its chromedriver process (on a free port) and a fresh profile
//! directory; dropping it closes Chromium and kills chromedriver. Starting one takes about a
//! second, so reuse one browser for the checks of a test. Every method panics with a clear
//! message when the browser cannot do what was asked (no such element, script error, …).

use std::fmt::Display;
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::runtime::Runtime;

use super::tools::require_tools;

/// How long [`Browser::wait_until`] and [`Browser::wait_for`] wait.
pub const WAIT: Duration = Duration::from_secs(10);

/// Chromium's flags for a quiet, reproducible headless run (plus `--user-data-dir`).
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
];

/// Installed in every page before its own scripts: records uncaught errors and CSP violations.
const PAGE_PROBE: &str = r#"(() => {
  if (window.__lpProbe) return;
  const probe = window.__lpProbe = { errors: [], csp: [] };
  window.addEventListener('error', e => {
    if (e instanceof ErrorEvent) probe.errors.push(`${e.message} (${e.filename}:${e.lineno}:${e.colno})`);
  });
  window.addEventListener('unhandledrejection', e => probe.errors.push(`unhandled rejection: ${e.reason}`));
  document.addEventListener('securitypolicyviolation', e => probe.csp.push(
    `${e.effectiveDirective || e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || 0})`
  ), true);
})();"#;

/// How to launch a [`Browser`]; `BrowserOptions::default()` is JavaScript on, 1280×900.
#[derive(Clone, Debug)]
pub struct BrowserOptions {
    /// Run page scripts. `false` sets Chrome's content setting that blocks JavaScript, so
    /// `<noscript>` content shows (WebDriver's own scripts, e.g. [`Browser::execute`], still run).
    pub javascript: bool,
    /// Window size in CSS pixels.
    pub window_size: (u32, u32),
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions {
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

/// A headless Chromium session. See the module docs.
pub struct Browser {
    client: Option<Client>,
    rt: Runtime,
    _driver: Driver,
    _profile: TempDir,
}

/// The chromedriver process, killed on drop.
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
    /// Launches with [`BrowserOptions::default`]; `None` (after a skip message) when chromium
    /// or chromedriver is missing, a panic instead when `CI` is set.
    pub fn launch() -> Option<Self> {
        Self::launch_with(BrowserOptions::default())
    }

    /// Launches with `options`; see [`Browser::launch`].
    pub fn launch_with(options: BrowserOptions) -> Option<Self> {
        let tools = require_tools(&["chromium", "chromedriver"])?;
        let (chromium, chromedriver) = (&tools[0], &tools[1]);
        let profile = tempfile::Builder::new()
            .prefix("lessonpack-chromium-")
            .tempdir()
            .expect("browser: temp dir");
        let log = profile.path().join("chromedriver.log");
        // Port 0: chromedriver picks a free port and prints it, so there is no race for one.
        let mut child = Command::new(chromedriver)
            .arg("--port=0")
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("browser: cannot start {}: {e}", chromedriver.display()));
        let port_rx = read_port(child.stdout.take().expect("browser: chromedriver stdout"));
        let driver = Driver { child, log };
        let port = port_rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|e| {
                panic!(
                    "browser: chromedriver did not start ({e}):\n{}",
                    driver.log_tail()
                )
            });

        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("browser: tokio runtime");
        let user_data_dir = profile.path().join("user-data");
        let caps = capabilities(chromium, &user_data_dir, &options);
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps);
        let client = rt
            .block_on(builder.connect(&format!("http://127.0.0.1:{port}/")))
            .unwrap_or_else(|e| {
                panic!(
                    "browser: no WebDriver session: {e}\nchromedriver log:\n{}",
                    driver.log_tail()
                )
            });
        let browser = Browser {
            client: Some(client),
            rt,
            _driver: driver,
            _profile: profile,
        };
        browser.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": PAGE_PROBE }),
        );
        Some(browser)
    }

    // ----- navigation -----

    /// Loads `url` (`http://…` or `file://…`, see [`super::file_url`]) and waits for `load`.
    pub fn goto(&self, url: &str) {
        self.run(format!("goto {url}"), self.client().goto(url));
    }

    /// Loads a local file (see [`super::file_url`]).
    pub fn goto_file(&self, path: &Path) {
        self.goto(&super::file_url(path));
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
        let el = self.find(css);
        self.run(format!("click `{css}`"), el.click());
    }

    /// Clicks the `<label>` whose rendered text (whitespace-normalized) is `text`, or else the
    /// only label containing `text`. Panics listing the labels when none or several match.
    pub fn click_label(&self, text: &str) {
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
        let el = self.find(css);
        self.run(format!("type into `{css}`"), el.send_keys(text));
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

    // ----- Chrome DevTools Protocol -----

    /// Runs a Chrome DevTools Protocol command on the current tab and returns its result.
    ///
    /// Emulations and blocks set this way last for the tab across navigations.
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        self.raw(
            "goog/cdp/execute",
            json!({ "cmd": command, "params": params }),
        )
    }

    /// Emulates `prefers-color-scheme: dark` (`true`) or `light` (`false`).
    ///
    /// Replaces any earlier [`Browser::emulate_media`].
    pub fn set_dark_mode(&self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        self.emulate_media(&[("prefers-color-scheme", scheme)]);
    }

    /// Emulates CSS media features, e.g. `&[("prefers-reduced-motion", "reduce")]`; `&[]`
    /// clears all. Each call replaces the previous set.
    pub fn emulate_media(&self, features: &[(&str, &str)]) {
        let features: Vec<Value> = features
            .iter()
            .map(|(name, value)| json!({ "name": name, "value": value }))
            .collect();
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": features }),
        );
    }

    /// Makes requests to URLs matching any of `patterns` fail (`*` is a wildcard), e.g.
    /// `&["http://*", "https://*"]`; `&[]` unblocks. Blocked requests show in
    /// [`Browser::take_requests`] with `blocked: Some("inspector")`.
    pub fn block_urls(&self, patterns: &[&str]) {
        self.cdp("Network.enable", json!({}));
        self.cdp("Network.setBlockedURLs", json!({ "urls": patterns }));
    }

    /// Blocks every `http(s):` and `ws(s):` request: for offline tests of `file://` pages.
    pub fn block_network(&self) {
        self.block_urls(&["http://*", "https://*", "ws://*", "wss://*"]);
    }

    /// The requests made since the last call (or the session start), in order.
    ///
    /// Reads (and so empties) chromedriver's performance log.
    pub fn take_requests(&self) -> Vec<NetRequest> {
        let mut order: Vec<String> = Vec::new();
        let mut by_id: std::collections::HashMap<String, NetRequest> = Default::default();
        for entry in self.take_log("performance") {
            let Some(msg) = entry["message"]
                .as_str()
                .and_then(|m| serde_json::from_str::<Value>(m).ok())
            else {
                continue;
            };
            let (method, params) = (&msg["message"]["method"], &msg["message"]["params"]);
            let Some(id) = params["requestId"].as_str() else {
                continue;
            };
            match method.as_str().unwrap_or("") {
                "Network.requestWillBeSent" => {
                    if !by_id.contains_key(id) {
                        order.push(id.to_string());
                    }
                    by_id.entry(id.to_string()).or_default().url =
                        params["request"]["url"].as_str().unwrap_or("").to_string();
                }
                "Network.responseReceived" => {
                    by_id.entry(id.to_string()).or_default().status =
                        params["response"]["status"].as_u64().map(|s| s as u16);
                }
                "Network.loadingFailed" => {
                    let request = by_id.entry(id.to_string()).or_default();
                    let text = params["errorText"].as_str().unwrap_or("");
                    request.error = Some(if text.is_empty() { "failed" } else { text }.to_string());
                    request.blocked = params["blockedReason"].as_str().map(str::to_string);
                }
                _ => {}
            }
        }
        order
            .into_iter()
            .filter_map(|id| by_id.remove(&id))
            .collect()
    }

    /// URLs of the page's loaded resources from the Performance API (`resource` entries),
    /// a cross-check of [`Browser::take_requests`] for the current document only.
    pub fn resource_urls(&self) -> Vec<String> {
        let v = self.execute("return performance.getEntriesByType('resource').map(e => e.name);");
        strings(&v)
    }

    // ----- errors -----

    /// Console entries since the last call (reads and empties the browser log).
    pub fn take_console(&self) -> Vec<ConsoleEntry> {
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

    /// Uncaught script errors and unhandled rejections in the current document (page probe).
    pub fn js_errors(&self) -> Vec<String> {
        strings(&self.execute("return window.__lpProbe ? window.__lpProbe.errors : [];"))
    }

    /// `securitypolicyviolation` events in the current document (page probe), as
    /// `directive blocked URI (source:line)`.
    pub fn csp_violations(&self) -> Vec<String> {
        strings(&self.execute("return window.__lpProbe ? window.__lpProbe.csp : [];"))
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
        let v = self.run(
            "axe.run",
            self.client().execute_async(script, vec![options]),
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

    /// POST to a chromedriver-specific session endpoint.
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

fn capabilities(chromium: &Path, user_data_dir: &Path, options: &BrowserOptions) -> Capabilities {
    let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", user_data_dir.display()));
    let (w, h) = options.window_size;
    args.push(format!("--window-size={w},{h}"));
    let mut prefs = serde_json::Map::new();
    if !options.javascript {
        prefs.insert(
            "profile.managed_default_content_settings.javascript".into(),
            json!(2),
        );
    }
    let caps = json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": { "implicit": 0, "pageLoad": 30_000, "script": 30_000 },
        "goog:chromeOptions": {
            "binary": chromium,
            "args": args,
            "prefs": prefs,
            "perfLoggingPrefs": { "enableNetwork": true, "enablePage": false },
        },
        "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
    });
    match caps {
        Value::Object(map) => map,
        _ => unreachable!(),
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

/// Reads chromedriver's stdout (to its end, so it never blocks on a full pipe) and sends
/// the port from its `… started successfully on port N.` line.
fn read_port(stdout: ChildStdout) -> mpsc::Receiver<u16> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let port = line
                .split("started successfully on port ")
                .nth(1)
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
