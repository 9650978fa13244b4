//! Chromium's half of [`super::Browser`]: its capabilities, and what it does through the
//! Chrome DevTools Protocol (the page probe, media and viewport emulation, network blocking,
//! touch, and the network log).

use std::path::Path;

use fantoccini::wd::Capabilities;
use serde_json::{Value, json};

use super::{Browser, BrowserOptions, NetRequest};

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

/// The WebDriver capabilities of a fresh headless Chromium with its profile in `user_data_dir`.
pub(super) fn capabilities(
    chromium: &Path,
    user_data_dir: &Path,
    options: &BrowserOptions,
) -> Capabilities {
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

/// Runs once a session is up: the page probe goes into every document from now on, and the
/// page has focus as a person's window in front would (headless Chromium 148 can leave it
/// without, and then no `:focus` rule applies, though `document.activeElement` is set).
pub(super) fn set_up(browser: &Browser) {
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PAGE_PROBE }),
    );
    browser.cdp(
        "Emulation.setFocusEmulationEnabled",
        json!({ "enabled": true }),
    );
}

pub(super) fn js_errors(browser: &Browser) -> Vec<String> {
    super::strings(&browser.execute("return window.__lpProbe ? window.__lpProbe.errors : [];"))
}

pub(super) fn csp_violations(browser: &Browser) -> Vec<String> {
    super::strings(&browser.execute("return window.__lpProbe ? window.__lpProbe.csp : [];"))
}

pub(super) fn emulate_media(browser: &Browser, media: &str, features: &[(&str, &str)]) {
    let features: Vec<Value> = features
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    browser.cdp(
        "Emulation.setEmulatedMedia",
        json!({ "media": media, "features": features }),
    );
}

pub(super) fn set_viewport(browser: &Browser, width: u32, height: u32, zoom: u32) {
    browser.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": zoom, "mobile": width < 500 }),
    );
}

pub(super) fn block_urls(browser: &Browser, patterns: &[&str]) {
    browser.cdp("Network.enable", json!({}));
    browser.cdp("Network.setBlockedURLs", json!({ "urls": patterns }));
}

pub(super) fn block_storage(browser: &Browser) {
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });" }),
    );
}

/// A one-finger swipe by Chrome's touch emulation.
pub(super) fn swipe(browser: &Browser, from: i64, to: i64, y: i64) {
    browser.cdp(
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": true }),
    );
    let touch = |kind: &str, x: i64| {
        let points = if kind == "touchEnd" {
            json!([])
        } else {
            json!([{ "x": x, "y": y }])
        };
        browser.cdp(
            "Input.dispatchTouchEvent",
            json!({ "type": kind, "touchPoints": points }),
        );
    };
    touch("touchStart", from);
    touch("touchMove", (from + to) / 2);
    touch("touchMove", to);
    touch("touchEnd", to);
}

/// The requests in chromedriver's performance (network) log since the last read.
pub(super) fn take_requests(browser: &Browser) -> Vec<NetRequest> {
    let mut order: Vec<String> = Vec::new();
    let mut by_id: std::collections::HashMap<String, NetRequest> = Default::default();
    for entry in browser.take_log("performance") {
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
