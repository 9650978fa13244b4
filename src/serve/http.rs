//! Answering the preview's HTTP requests: files of the built site (read from disk per
//! request, never outside it), the live script in HTML, and the event stream.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::live::{
    EVENTS_PATH, SCRIPT_PATH, STYLE_PATH, inject, script_source, status_page, style_source,
};
use super::{LiveEvent, Shared};
use crate::web::{mime_type, percent_decode};

/// How often an idle event stream sends a comment, so dead connections are noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Answers one request; errors writing to a closed connection are ignored.
pub(crate) fn respond(shared: &Arc<Shared>, request: Request) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ =
            request.respond(Response::from_string("method not allowed\n").with_status_code(405));
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == EVENTS_PATH {
        return stream_events(shared, request);
    }
    if path == SCRIPT_PATH || path == STYLE_PATH {
        let body = if path == SCRIPT_PATH {
            script_source()
        } else {
            style_source()
        };
        let _ = request.respond(
            Response::from_string(body)
                .with_header(header("Content-Type", mime_type(Path::new(path))))
                .with_header(header("Cache-Control", "no-store")),
        );
        return;
    }
    let status = shared.status.read().expect("no panics while locked");
    let (generation, error, has_site) = (status.generation, status.error.clone(), status.has_site);
    drop(status);

    if !has_site {
        let html = status_page(generation, error.as_deref());
        let _ = request.respond(html_response(html.into_bytes(), 503));
        return;
    }
    let Some(relative) = safe_relative_path(path) else {
        return not_found(shared, request, generation, error.as_deref());
    };
    let mut file = shared.site_dir.join(&relative);
    if file.is_dir() {
        if !path.ends_with('/') {
            let query = url.strip_prefix(path).unwrap_or_default();
            let location = format!("{path}/{query}");
            let header = Header::from_bytes("Location", location.as_bytes())
                .expect("an ASCII header (URLs arrive encoded)");
            let _ = request.respond(Response::empty(301).with_header(header));
            return;
        }
        file.push("index.html");
    } else if let Some(page) = clean_url_page(&file) {
        file = page;
    }
    if !stays_inside(&shared.site_dir, &file) {
        return not_found(shared, request, generation, error.as_deref());
    }
    match std::fs::read(&file) {
        Ok(bytes) if is_html(&file) => {
            let html = inject(&bytes, generation, error.as_deref());
            let _ = request.respond(html_response(html, 200));
        }
        Ok(bytes) => {
            let _ = request.respond(
                Response::from_data(bytes)
                    .with_header(header("Content-Type", mime_type(&file)))
                    .with_header(header("Cache-Control", "no-store")),
            );
        }
        Err(_) => not_found(shared, request, generation, error.as_deref()),
    }
}

/// The page a clean URL names, as GitHub Pages, Netlify and Cloudflare Pages serve it:
/// `deepseek-v4/quiz` is `deepseek-v4/quiz.html` when there is no file of that name.
fn clean_url_page(file: &Path) -> Option<PathBuf> {
    if file.extension().is_some() || file.exists() {
        return None;
    }
    let mut page = file.as_os_str().to_owned();
    page.push(".html");
    Some(PathBuf::from(page)).filter(|page| page.is_file())
}

/// The site's own 404 page (with the live script), or a plain one.
fn not_found(shared: &Shared, request: Request, generation: u64, error: Option<&str>) {
    let html = match std::fs::read(shared.site_dir.join("404.html")) {
        Ok(bytes) => inject(&bytes, generation, error),
        Err(_) => b"not found\n".to_vec(),
    };
    let _ = request.respond(html_response(html, 404));
}

fn html_response(body: Vec<u8>, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", mime_type(Path::new("page.html"))))
        .with_header(header("Cache-Control", "no-store"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("our own ASCII headers")
}

/// The request path as a path relative to the site, or `None` if it could leave the site:
/// `..` (also encoded as `%2e%2e`), backslashes (also `%5c`), NUL, drive letters and
/// absolute paths (`//etc/passwd`) are refused.
pub(crate) fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let rest = path.strip_prefix('/')?;
    let decoded = percent_decode(rest)?;
    if decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s if s.contains(':') => return None,
            s => relative.push(s),
        }
    }
    Some(relative)
}

/// A second guard: the file, links resolved, is inside the site folder.
fn stays_inside(site: &Path, file: &Path) -> bool {
    match (site.canonicalize(), file.canonicalize()) {
        (Ok(site), Ok(file)) => file.starts_with(site),
        // A missing file is answered with 404 by the read that follows.
        (Ok(_), Err(_)) => true,
        _ => false,
    }
}

fn is_html(file: &Path) -> bool {
    file.extension().is_some_and(|e| e == "html" || e == "htm")
}

/// Holds the request open as a Server-Sent Events stream, on a thread of its own.
fn stream_events(shared: &Arc<Shared>, request: Request) {
    let (sender, receiver) = mpsc::channel();
    let generation = shared
        .status
        .read()
        .expect("no panics while locked")
        .generation;
    shared
        .clients
        .lock()
        .expect("no panics while holding the lock")
        .push(sender);
    std::thread::spawn(move || {
        let mut writer = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        let hello =
            format!("retry: 1000\n\nevent: hello\ndata: {{\"generation\":{generation}}}\n\n");
        if send(&mut writer, &format!("{head}{hello}")).is_err() {
            return;
        }
        loop {
            let text = match receiver.recv_timeout(KEEP_ALIVE) {
                Ok(event) => event_text(&event),
                Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if send(&mut writer, &text).is_err() {
                return;
            }
        }
    });
}

fn send(writer: &mut Box<dyn Write + Send>, text: &str) -> std::io::Result<()> {
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

/// An event in the SSE wire format, its data one line of JSON.
fn event_text(event: &LiveEvent) -> String {
    let (name, data) = match event {
        LiveEvent::Reload {
            generation,
            changed,
        } => (
            "reload",
            serde_json::json!({ "generation": generation, "changed": changed }),
        ),
        LiveEvent::BuildError { generation, text } => (
            "build-error",
            serde_json::json!({ "generation": generation, "text": text }),
        ),
    };
    format!("event: {name}\ndata: {data}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for path in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/a\\..\\x",
            "/a%5c..%5cx",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/Windows",
            "/x%00",
            "/%zz",
            "relative",
        ] {
            assert_eq!(safe_relative_path(path), None, "{path}");
        }
    }

    #[test]
    fn ordinary_paths_map_into_the_site() {
        assert_eq!(safe_relative_path("/"), Some(PathBuf::new()));
        assert_eq!(
            safe_relative_path("/deepseek-v4/focus/3/index.html"),
            Some(PathBuf::from("deepseek-v4/focus/3/index.html"))
        );
        assert_eq!(
            safe_relative_path("/%C3%A9t%C3%A9/"),
            Some(PathBuf::from("été"))
        );
    }

    #[test]
    fn events_are_one_json_line_each() {
        let text = event_text(&LiveEvent::BuildError {
            generation: 3,
            text: "a.md:1:1: bad\nsecond line".into(),
        });
        assert_eq!(
            text,
            "event: build-error\ndata: {\"generation\":3,\"text\":\"a.md:1:1: bad\\nsecond line\"}\n\n"
        );
    }
}
