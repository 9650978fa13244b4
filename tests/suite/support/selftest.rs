//! Self-tests of the harness on tiny pages in a temp dir (run: `cargo test --test suite support`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use super::browser::{Browser, BrowserOptions, Engine, NetRequest, each_browser};
use super::server::StaticServer;
use super::{file_url, tools, vnu};

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harness self-test</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<main>
<h1>Self-test</h1>
<fieldset>
<legend>Capital of France?</legend>
<input type="radio" name="q" id="a1" value="paris"><label for="a1">Paris</label>
<input type="radio" name="q" id="a2" value="lyon"><label for="a2">Lyon</label>
</fieldset>
<button type="button" id="go">Check</button>
<p id="msg" role="status">idle</p>
<label for="name">Name</label> <input id="name">
<noscript><p id="nojs">JavaScript is off</p></noscript>
</main>
<script src="app.js"></script>
</body>
</html>
"#;

const APP_JS: &str = r#"const msg = document.getElementById('msg');
document.getElementById('go').addEventListener('click', () => {
  const chosen = document.querySelector('input[name=q]:checked');
  msg.textContent = chosen ? 'chose ' + chosen.value : 'nothing chosen';
});
document.addEventListener('keydown', e => {
  if (e.key === 'ArrowRight') msg.textContent = 'next';
});
"#;

const STYLE: &str = "body { font-family: sans-serif; }\n";

/// A CSP-restricted page whose inline script must be refused.
const CSP_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<title>CSP</title></head>
<body><p id="out">untouched</p>
<script>document.getElementById('out').textContent = 'inline ran';</script>
</body></html>
"#;

/// Writes the test site to a fresh temp dir.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("index.html", PAGE);
    write("app.js", APP_JS);
    write("style.css", STYLE);
    write("csp.html", CSP_PAGE);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(
        "sub/index.html",
        "<!doctype html><title>sub</title><p>sub page</p>",
    );
    dir
}

/// The quiz page, driven through the server and through `file://`.
fn drive_quiz(browser: &Browser, url: &str) {
    browser.goto(url);
    assert_eq!(browser.title(), "Harness self-test");
    assert_eq!(browser.text("#msg"), "idle");
    browser.click("#go");
    assert_eq!(browser.text("#msg"), "nothing chosen");
    browser.click_label("Lyon");
    assert!(browser.is_selected("#a2"));
    browser.click_label("Paris");
    assert!(browser.is_selected("#a1") && !browser.is_selected("#a2"));
    browser.click("#go");
    assert_eq!(browser.text("#msg"), "chose paris");
    assert_eq!(browser.active_element_text(), "Check");
    browser.press_key("ArrowRight");
    assert_eq!(browser.text("#msg"), "next");
    browser.type_text("#name", "Ada");
    assert_eq!(browser.prop("#name", "value"), "Ada");
    assert_eq!(browser.active_element_attr("id").as_deref(), Some("name"));
    browser.press_key("Shift+Tab");
    assert_eq!(browser.active_element_text(), "Check");
    assert!(
        !browser.exists("#nojs"),
        "noscript content shows with JS on"
    );
    assert_eq!(browser.js_errors(), Vec::<String>::new());
}

each_browser! {
    fn browser_drives_a_page_over_http_and_file(engine) {
        let dir = site();
        let server = StaticServer::start(dir.path());
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };

        drive_quiz(&browser, &server.url("/"));
        assert!(browser.current_url().starts_with("http://127.0.0.1:"));
        let requests = browser.take_requests();
        // Firefox lists requests without their status: the server's log below says it served.
        let fetched = |r: &NetRequest| engine == Engine::Firefox || r.succeeded();
        assert!(
            requests
                .iter()
                .any(|r| r.url.ends_with("/app.js") && fetched(r)),
            "{requests:?}"
        );
        assert!(server.requests().contains(&"/app.js".to_string()));

        drive_quiz(&browser, &file_url(&dir.path().join("index.html")));
        assert!(browser.current_url().starts_with("file:///"));
        assert_eq!(browser.texts("label"), ["Paris", "Lyon", "Name"]);
        assert_eq!(browser.attr("#a1", "value").as_deref(), Some("paris"));
        assert_eq!(browser.attr("#a1", "nope"), None);
        assert_eq!(browser.count("input"), 3);
        assert_eq!(browser.execute_async("arguments[0](1 + 1);"), 2);
        browser.execute("setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<p id=late hidden>late</p>'), 100);");
        browser.wait_for("#late");
        assert!(!browser.is_displayed("#late"));
        assert_eq!(
            (browser.text("#late"), browser.text_content("#late")),
            (String::new(), "late".into())
        );
        // Both logs hold uncaught errors; only Chromium's holds `console.error` calls too.
        browser.execute("console.error('boom'); setTimeout(() => { throw new Error('bang'); });");
        let mut logged = Vec::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !logged.iter().any(|e: &String| e.contains("bang"))
            && std::time::Instant::now() < deadline
        {
            logged.extend(browser.console_errors());
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(logged.iter().any(|e| e.contains("bang")), "{logged:?}");
        if engine == Engine::Chromium {
            assert!(logged.iter().any(|e| e.contains("boom")), "{logged:?}");
        }
        browser.reload();
        assert_eq!(browser.text("#msg"), "idle");

        // Dark scheme emulation.
        let dark = "return matchMedia('(prefers-color-scheme: dark)').matches;";
        // Chromium applies it to the open page at once; Firefox's preference takes a moment.
        let scheme_is = |want: bool| match engine {
            Engine::Chromium => assert_eq!(browser.execute(dark), want),
            Engine::Firefox => browser.wait_until(&format!(
                "matchMedia('(prefers-color-scheme: dark)').matches === {want}"
            )),
        };
        assert_eq!(browser.execute(dark), false);
        browser.set_dark_mode(true);
        scheme_is(true);
        browser.reload();
        assert_eq!(browser.execute(dark), true, "emulation survives navigation");
        browser.set_dark_mode(false);
        scheme_is(false);

        // Accessibility: the page is clean.
        if let Some(violations) = browser.axe() {
            assert_eq!(violations, Vec::<String>::new());
        }

        // Screenshots are PNGs.
        let shot = dir.path().join("shots/page.png");
        browser.screenshot(&shot);
        let png = std::fs::read(&shot).unwrap();
        assert_eq!(&png[..4], b"\x89PNG");

        // CSP violations are seen by the page probe and in the console log.
        browser.take_console();
        browser.goto(&server.url("csp.html"));
        assert_eq!(browser.text("#out"), "untouched");
        let csp = browser.csp_violations();
        // Chromium names the directive first; Firefox's sentence names it in brackets.
        let blocked_script = |v: &str| match engine {
            Engine::Chromium => v.starts_with("script-src"),
            Engine::Firefox => v.contains("blocked an inline script (script-src-elem)"),
        };
        assert!(csp.len() == 1 && blocked_script(&csp[0]), "{csp:?}");
        let errors = browser.console_errors();
        assert!(
            errors.iter().any(|e| e.contains(match engine {
                Engine::Chromium => "Content Security Policy",
                Engine::Firefox => "Content-Security-Policy:",
            })),
            "{errors:?}"
        );
        // axe still runs under a strict CSP, and finds this page's missing <main>.
        if let Some(violations) = browser.axe() {
            assert!(
                violations
                    .iter()
                    .any(|v| v.starts_with("landmark-one-main [moderate]")),
                "{violations:?}"
            );
        }

        // Offline: the page's network requests are blocked and reach no server.
        browser.block_network();
        let offline = dir.path().join("offline.html");
        // Both on the test server: Firefox itself refuses some ports (9, for one) before any
        // blocking of ours could show.
        let (remote_img, other_img) = (server.url("remote.png"), server.url("other.png"));
        std::fs::write(
            &offline,
            format!(
                "<!doctype html><html lang=en><title>offline</title>\
                 <img src=\"{other_img}\" alt=\"\"><img src=\"{remote_img}\" alt=\"\">"
            ),
        )
        .unwrap();
        let served_before = server.requests().len();
        browser.take_requests();
        browser.goto_file(&offline);
        let requests = browser.take_requests();
        let network: Vec<_> = requests.iter().filter(|r| r.is_network()).collect();
        assert_eq!(network.len(), 2, "{requests:?}");
        assert!(
            network
                .iter()
                .all(|r| !r.succeeded() && r.blocked.as_deref() == Some("inspector")),
            "{network:?}"
        );
        assert_eq!(
            server.requests().len(),
            served_before,
            "a blocked request reached the server"
        );
    }
}

each_browser! {
    fn browser_without_javascript_shows_noscript(engine) {
        let dir = site();
        let Some(browser) = Browser::launch_with(BrowserOptions {
            engine,
            javascript: false,
            ..BrowserOptions::default()
        }) else {
            return;
        };
        browser.goto_file(&dir.path().join("index.html"));
        assert_eq!(browser.text("#nojs"), "JavaScript is off");
        browser.click("#go");
        assert_eq!(browser.text("#msg"), "idle", "page script ran with JS off");
    }
}

#[test]
fn vnu_reports_errors_of_invalid_html_only() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.html");
    let bad = dir.path().join("bad page.html");
    std::fs::write(&good, PAGE).unwrap();
    std::fs::write(
        &bad,
        "<!doctype html><html lang=en><title>x</title><div><span></div>",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not html").unwrap();

    let Some(errors) = vnu::check_html_files(&[good.clone(), bad.clone()]) else {
        return;
    };
    let prefix = format!("{}:1:", bad.display());
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| e.starts_with(&prefix)), "{errors:#?}");
    assert!(
        errors.iter().any(|e| e.contains("Unclosed element “span”")),
        "{errors:#?}"
    );
    vnu::assert_valid_html(&[good]);

    let Some(dir_errors) = vnu::check_html_dir(dir.path()) else {
        return;
    };
    assert_eq!(dir_errors, errors);
}

/// One HTTP/1.0 GET to the server: (status line, headers, body).
fn get(server: &StaticServer, path: &str) -> (String, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let (status, headers) = head.split_once("\r\n").unwrap_or((head, ""));
    (
        status.to_string(),
        headers.to_ascii_lowercase(),
        body.to_string(),
    )
}

#[test]
fn server_serves_files_with_their_types() {
    let dir = site();
    let server = StaticServer::start(dir.path());
    let (status, headers, body) = get(&server, "/");
    assert!(status.contains("200"), "{status}");
    assert!(
        headers.contains("content-type: text/html; charset=utf-8"),
        "{headers}"
    );
    assert_eq!(body, PAGE);
    let (_, headers, _) = get(&server, "/app.js?v=1");
    assert!(
        headers.contains("content-type: text/javascript"),
        "{headers}"
    );
    let (_, headers, _) = get(&server, "/style.css");
    assert!(headers.contains("content-type: text/css"), "{headers}");
    let (status, headers, _) = get(&server, "/sub");
    assert!(
        status.contains("301") && headers.contains("location: /sub/"),
        "{status} {headers}"
    );
    let (status, _, body) = get(&server, "/sub/");
    assert!(status.contains("200") && body.contains("sub page"));
    assert!(get(&server, "/missing.html").0.contains("404"));
    assert!(get(&server, "/../etc/passwd").0.contains("40"));
    assert_eq!(server.requests()[0], "/");
}

#[test]
fn file_urls_and_tool_lookup() {
    let url = file_url(Path::new("/tmp/a b/é.html"));
    assert_eq!(url, "file:///tmp/a%20b/%C3%A9.html");
    assert_eq!(super::percent_decode("/a%20b/%C3%A9%zz"), "/a b/é%zz");
    assert!(super::pack::repo_root().join("Cargo.toml").is_file());
    assert_eq!(tools::find_tool("surely-not-a-tool-here"), None::<PathBuf>);
}

/// A page with a script error, a CSP violation and an http request: the probe sees them in
/// both browsers, for that document only.
fn probe_sees_errors_violations_and_requests(engine: super::browser::Engine) {
    let dir = site();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "broken.html",
        "<!doctype html><html lang=en><head><meta charset=utf-8>\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\
         <title>broken</title><script src=\"broken.js\"></script></head>\
         <body><p style=\"color: red\">styled</p></body></html>",
    );
    write(
        "broken.js",
        "window.addEventListener('load', () => noSuchFunction());\n",
    );
    let server = StaticServer::start(dir.path());
    let Some(browser) = Browser::launch_in(engine) else {
        return;
    };
    browser.goto(&server.url("/broken.html"));
    browser.wait_until("document.readyState === 'complete'");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while browser.js_errors().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let errors = browser.js_errors();
    assert!(
        errors.len() == 1 && errors[0].contains("noSuchFunction"),
        "{errors:?}"
    );
    let csp = browser.csp_violations();
    assert!(
        csp.len() == 1 && csp[0].contains("style-src-attr"),
        "{csp:?}"
    );
    let requests = browser.take_requests();
    assert!(
        requests.iter().any(|r| r.url.ends_with("/broken.js")),
        "{requests:?}"
    );
    // Another document has none of them.
    browser.goto(&server.url("/sub/"));
    assert_eq!(browser.js_errors(), Vec::<String>::new());
    assert_eq!(browser.csp_violations(), Vec::<String>::new());
}

each_browser! {
    fn probe_sees_script_errors_csp_violations_and_requests(engine) {
        probe_sees_errors_violations_and_requests(engine);
    }
}
