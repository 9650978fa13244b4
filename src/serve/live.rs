//! What `serve` adds to served HTML (never to the built files): a small script that listens
//! for rebuilds and reloads the page when its own file changed, and an overlay with the errors
//! of a failed build.
//!
//! The pages' Content-Security-Policy is not touched here: the preview renders its pages
//! with the preview's policy (`BuildOptions::live_reload`, see `render::csp`), which lets
//! the script reach the event stream, whatever the pack's templates look like.

/// The URL path of the event stream.
pub(crate) const EVENTS_PATH: &str = "/__lessonpack/events";

/// The id of the error overlay element (tests and the script look for it).
pub(crate) const OVERLAY_ID: &str = "lessonpack-error";

/// The URL paths of the live script and its stylesheet. They are files, not inline code, so
/// the pages' strict Content-Security-Policy (`script-src 'self'`) lets them run.
pub(crate) const SCRIPT_PATH: &str = "/__lessonpack/live.js";
pub(crate) const STYLE_PATH: &str = "/__lessonpack/live.css";

/// The overlay's look (served at [`STYLE_PATH`]).
pub(crate) const STYLE: &str = "#__OVERLAY_ID__{position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#1e1e1e;color:#f5f5f5;border-top:4px solid #e5484d;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;box-shadow:0 -4px 16px rgb(0 0 0/.35)}\n";

/// The live script (served at [`SCRIPT_PATH`]); its tag carries the build the page was
/// served from in `data-generation`.
pub(crate) const SCRIPT: &str = r#"(() => {
  const served = Number(document.currentScript.dataset.generation);
  const here = () => { const p = location.pathname; return p.endsWith("/") ? p + "index.html" : p; };
  const overlay = (text) => {
    let box = document.getElementById("__OVERLAY_ID__");
    if (!box) {
      box = document.createElement("pre");
      box.id = "__OVERLAY_ID__";
      box.setAttribute("role", "alert");
      document.body.append(box);
    }
    box.textContent = "lessonpack: the build failed; this is the last good version of the page.\n\n" + text;
  };
  const events = new EventSource("__EVENTS_PATH__");
  // The stream is closed before the page goes: a browser keeps few connections per host, and
  // one left open would hold up the next page's requests. A page shown again from the
  // back-forward cache, its stream closed, loads afresh.
  const reload = () => { events.close(); location.reload(); };
  addEventListener("pagehide", () => events.close());
  addEventListener("pageshow", (e) => { if (e.persisted) location.reload(); });
  events.addEventListener("hello", (e) => {
    if (JSON.parse(e.data).generation !== served) reload();
  });
  events.addEventListener("reload", (e) => {
    const changed = JSON.parse(e.data).changed;
    if (document.getElementById("__OVERLAY_ID__") || changed.includes(here())) reload();
  });
  events.addEventListener("build-error", (e) => overlay(JSON.parse(e.data).text));
})();
"#;

/// The live script with its names filled in.
pub(crate) fn script_source() -> String {
    SCRIPT
        .replace("__OVERLAY_ID__", OVERLAY_ID)
        .replace("__EVENTS_PATH__", EVENTS_PATH)
}

/// The overlay stylesheet with its names filled in.
pub(crate) fn style_source() -> String {
    STYLE.replace("__OVERLAY_ID__", OVERLAY_ID)
}

/// Served HTML with the live script (and the overlay, while the build is broken) inserted
/// before `</body>`.
pub(crate) fn inject(html: &[u8], generation: u64, error: Option<&str>) -> Vec<u8> {
    let mut addition = String::new();
    if let Some(error) = error {
        addition.push_str(&overlay_html(error));
    }
    addition.push_str(&script(generation));
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + addition.len() + 32);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(addition.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page served while no build has succeeded yet: the errors, and the script.
pub(crate) fn status_page(generation: u64, error: Option<&str>) -> String {
    let body = match error {
        Some(error) => overlay_html(error),
        None => "<p>Building…</p>\n".to_string(),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>lessonpack serve</title>\n</head>\n<body>\n{body}{}</body>\n</html>\n",
        script(generation)
    )
}

fn script(generation: u64) -> String {
    format!(
        "<link rel=\"stylesheet\" href=\"{STYLE_PATH}\">\n<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>\n"
    )
}

fn overlay_html(error: &str) -> String {
    format!(
        "<pre id=\"{OVERLAY_ID}\" role=\"alert\">lessonpack: the build failed; this is the last good version of the page.\n\n{}</pre>\n",
        crate::web::escape_xml(error)
    )
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&at| haystack[at..at + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_body_end() {
        let html = inject(b"<html><body><p>x</p></BODY></html>", 7, None);
        let html = String::from_utf8(html).unwrap();
        assert!(html.starts_with("<html><body><p>x</p><link rel=\"stylesheet\""));
        assert!(html.ends_with(
            "<script src=\"/__lessonpack/live.js\" data-generation=\"7\"></script>\n</BODY></html>"
        ));
        assert!(!html.contains("<pre id"));
    }

    #[test]
    fn the_page_policy_is_left_as_rendered() {
        let page = "<head><meta http-equiv=Content-Security-Policy content=\"default-src 'none';\"></head><body></body>";
        let html = String::from_utf8(inject(page.as_bytes(), 1, None)).unwrap();
        assert!(
            html.starts_with(&page[..page.find("<body>").unwrap()]),
            "{html}"
        );
    }

    #[test]
    fn errors_are_escaped_in_the_overlay() {
        let html = inject(b"<body></body>", 2, Some("a.md:1:1: <b> & co"));
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("<pre id=\"lessonpack-error\""));
        assert!(html.contains("a.md:1:1: &lt;b&gt; &amp; co"));
    }
}
