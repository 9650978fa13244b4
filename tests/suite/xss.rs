//! Hostile content: classic XSS payloads in every field of a lesson and of the config leave
//! no executable trace in the built HTML, and none runs in Chromium or Firefox.

use scraper::Html;

use crate::support::browser::{Browser, each_browser};
use crate::support::file_url;
use crate::support::{cli::*, html::*, pack::*};

/// Each payload, if it ever ran, would set `window.__xss`.
const PAYLOADS: &[&str] = &[
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=1>",
    "<svg onload=window.__xss=1>",
    "<iframe src=\"javascript:parent.__xss=1\"></iframe>",
    "<a href=\"javascript:window.__xss=1\">x</a>",
    "<body onload=window.__xss=1>",
    "\"><script>window.__xss=1</script>",
    "'><img src=x onerror=window.__xss=1>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "<IMG SRC=\"jav&#x09;ascript:window.__xss=1\">",
    "<a href=\"JaVaScRiPt:window.__xss=1\">x</a>",
    "<div style=\"background:url(javascript:window.__xss=1)\">x</div>",
    "<input autofocus onfocus=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<video><source onerror=window.__xss=1></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<object data=\"javascript:window.__xss=1\"></object>",
    "<embed src=\"javascript:window.__xss=1\">",
    "<form action=\"javascript:window.__xss=1\"><button>x</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=1\">",
    "<base href=\"javascript:window.__xss=1//\">",
    "<link rel=stylesheet href=\"javascript:window.__xss=1\">",
    "[click](javascript:window.__xss=1)",
    "[click](<java script:window.__xss=1>)",
    "![x](javascript:window.__xss=1)",
    "<a href=\"data:text/html,<script>window.__xss=1</script>\">x</a>",
    "{{ 7*7 }} {% if true %}tpl{% endif %}",
    "</textarea><script>window.__xss=1</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=1>\">",
    "<svg><script>window.__xss=1</script></svg>",
    "<marquee onstart=window.__xss=1>",
    "<a href=\"&#106;avascript:window.__xss=1\">x</a>",
    "\" onmouseover=\"window.__xss=1",
    "' onfocus='window.__xss=1' autofocus '",
    "<style>@import 'javascript:window.__xss=1';</style>",
];

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A lesson with the payload in every field an author writes.
fn hostile_lesson(n: usize, payload: &str) -> String {
    let p = toml_string(payload);
    format!(
        "+++\ntitle = {p}\nlevel = {p}\ntags = [{p}]\nslug = \"x{n}\"\nsummary = {p}\n\n[notes]\n\"Claire\" = {p}\n+++\n\n\
         Then [Claire](person:) said {payload} twice: {payload}.\n\n\
         ### {payload}\n\n\
         - {payload}\n\n\
         > {payload}\n\n\
         {payload}\n\n\
         ## Quiz {{.quiz}}\n\n{payload}\n\n\
         ### Who {payload}?\n- [x] Claire {payload}\n- [ ] Omar\n> {payload}\n\n\
         ### Type {payload} {{.short}}\n- [x] yes {payload}\n"
    )
}

fn hostile_pack() -> tempfile::TempDir {
    let pack = tempfile::tempdir().unwrap();
    let payload = PAYLOADS[0];
    let p = toml_string(payload);
    std::fs::write(
        pack.path().join("lessonpack.toml"),
        format!(
            "title = {p}\nlanguage = \"en\"\ndescription = {p}\n\n[quiz]\nplain_answers = true\n\n[strings]\nend_of_article = {p}\ncorrect = {p}\nnot_quite = {p}\n"
        ),
    )
    .unwrap();
    let content = pack.path().join("content");
    std::fs::create_dir(&content).unwrap();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        std::fs::write(content.join(format!("x{n}.md")), hostile_lesson(n, payload)).unwrap();
    }
    pack
}

/// What may never be in a built page: script that is not our file, handlers, unsafe URLs,
/// elements that run or load things.
fn executable_traces(page: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for element in page.select(&sel("*")) {
        let value = element.value();
        let name = value.name();
        if name == "script" {
            let ours = value.attr("src").is_some_and(|src| {
                src.rsplit('/')
                    .next()
                    .is_some_and(|f| f.starts_with("lessonpack.") && f.ends_with(".js"))
            });
            if !ours || element.text().next().is_some() {
                found.push(format!("script {:?}", element.html()));
            }
        }
        let our_quiz_form = name == "form"
            && value.classes().any(|c| c == "question")
            && value.attr("action").is_some_and(|a| a.starts_with('#'));
        // The header's search box, sent to the site's own search page, and the search page's
        // own box, which is never sent.
        let our_search_form = name == "form"
            && ((value.classes().any(|c| c == "site-search")
                && value
                    .attr("action")
                    .is_some_and(|a| !a.contains(':') && a.contains("search/")))
                || (value.classes().any(|c| c == "search-form") && value.attr("action").is_none()));
        if [
            "iframe", "object", "embed", "base", "form", "svg", "math", "style", "link",
        ]
        .contains(&name)
            && !(our_quiz_form || our_search_form)
            && !(name == "link"
                && value
                    .attr("rel")
                    .is_some_and(|r| r == "stylesheet" || r == "alternate" || r == "canonical")
                && value
                    .attr("href")
                    .is_some_and(|h| !h.contains(':') || h.starts_with("https://")))
            // The site's icon: a file of the site, or the built-in one inlined.
            && !(name == "link"
                && value.attr("rel") == Some("icon")
                && value.attr("href").is_some_and(|h| {
                    !h.contains(':') || h.starts_with("data:image/svg+xml;base64,")
                }))
        {
            found.push(format!("<{name}>"));
        }
        if name == "meta"
            && value
                .attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
        {
            found.push("meta refresh".into());
        }
        for (attribute, content) in value.attrs() {
            if attribute.starts_with("on") || attribute == "style" {
                found.push(format!("{name}[{attribute}]"));
            }
            if ["href", "src", "action", "formaction", "data"].contains(&attribute) {
                let folded: String = content
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:text"]
                    .iter()
                    .any(|s| folded.starts_with(s))
                {
                    found.push(format!("{name}[{attribute}={content}]"));
                }
            }
        }
    }
    found
}

#[test]
fn no_payload_survives_in_any_page() {
    assert!(PAYLOADS.len() >= 30);
    let pack = hostile_pack();
    let output = run_lessonpack(pack.path(), &["build"]);
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: raw HTML sanitised: removed <script>"),
        "authors are told what was removed: {stderr}"
    );
    let site = BuiltSite::read(&pack.path().join("site"));
    let mut checked = 0;
    let stylesheet = site
        .files
        .iter()
        .find(|(path, _)| path.starts_with("assets/style.") && path.ends_with(".css"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .expect("the site's stylesheet");
    for path in site.html_paths() {
        let page = site.page(path);
        let mut traces = executable_traces(&page);
        // The 404 page holds the site's own stylesheet (it is served at any depth); nothing else
        // may stand in a <style>.
        let own_style = |page: &Html| {
            page.select(&sel("style"))
                .all(|style| style.text().collect::<String>() == stylesheet)
        };
        if path == "404.html" && own_style(&page) {
            traces.retain(|trace| trace != "<style>");
        }
        assert!(traces.is_empty(), "{path}: {traces:?}");
        checked += 1;
    }
    assert!(checked > PAYLOADS.len() * 4, "{checked} pages");
    // Template syntax in author text stays text.
    let page = site.text("x26/index.html");
    assert!(
        page.contains("{{ 7*7 }}") && !page.contains("49"),
        "template syntax was evaluated"
    );
}

#[test]
fn payloads_as_entity_names_are_refused_or_defused() {
    let pack = sample_pack();
    let lesson = pack.path().join("content/ai/deepseek-v4.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    let (mut refused, mut defused) = (0, 0);
    for payload in PAYLOADS {
        let hostile = text.replace(
            "[Nvidia](org:)",
            &format!(
                "[{payload}](org:) and [Nvidia](org: {})",
                toml_string(payload)
            ),
        );
        std::fs::write(&lesson, hostile).unwrap();
        let output = run_lessonpack(pack.path(), &["build"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            let site = BuiltSite::read(&pack.path().join("site"));
            for path in ["deepseek-v4/index.html", "deepseek-v4/4.html"] {
                let traces = executable_traces(&site.page(path));
                assert!(traces.is_empty(), "{payload}: {path}: {traces:?}");
            }
            defused += 1;
        } else {
            assert!(
                stderr.starts_with("content/ai/deepseek-v4.md:16:"),
                "{payload}: {stderr}"
            );
            refused += 1;
        }
    }
    eprintln!("entity payloads: {refused} refused, {defused} built harmless");
    assert_eq!(refused + defused, PAYLOADS.len());
}

#[test]
fn trusted_packs_keep_raw_html() {
    let pack = sample_pack();
    let lesson = pack.path().join("content/ai/deepseek-v4.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    let text = text.replace(
        "In early 2026,",
        "In <button type=\"button\">early</button> 2026,",
    );
    std::fs::write(&lesson, text).unwrap();
    let site = build_site(pack.path());
    assert_eq!(
        texts(&site.page("deepseek-v4/1.html"), ".focus-text button"),
        Vec::<String>::new(),
        "a button is not on the allow-list, so it is removed by default"
    );
    let config = pack.path().join("lessonpack.toml");
    let mut settings = std::fs::read_to_string(&config).unwrap();
    settings.insert_str(0, "allow_raw_html = true\n");
    std::fs::write(&config, settings).unwrap();
    let site = build_site(pack.path());
    assert_eq!(
        texts(&site.page("deepseek-v4/1.html"), ".focus-text button"),
        ["early"]
    );
}

each_browser! {
    fn no_payload_runs_in_a_browser(engine) {
        let pack = hostile_pack();
        let output = run_lessonpack(pack.path(), &["build"]);
        assert!(output.status.success(), "{output:?}");
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        let site = pack.path().join("site");
        let pages = [
            "index.html",
            "x1/index.html",
            "x1/1.html",
            "x12/index.html",
            "x22/quiz.html",
            "x23/1.html",
            "x27/end.html",
        ];
        for page in pages {
            browser.goto(&file_url(&site.join(page)));
            // Give handlers a chance: focus and hover everything, open every details.
            browser.execute(
                "document.querySelectorAll('*').forEach(e => { try { e.focus(); e.dispatchEvent(new MouseEvent('mouseover')); } catch (_) {} }); \
                 document.querySelectorAll('details').forEach(d => d.open = true); return true;",
            );
            assert_eq!(
                browser.execute("return window.__xss === undefined"),
                serde_json::Value::Bool(true),
                "{page}: a payload ran"
            );
            assert!(
                browser.js_errors().is_empty(),
                "{page}: {:?}",
                browser.js_errors()
            );
        }
    }
}
