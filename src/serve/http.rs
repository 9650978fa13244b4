//! Answering the preview's HTTP requests: files of the built site (read from disk per
//! request, never outside it), the live script in HTML, and the event streams.
//!
//! The server is hyper's HTTP/1.1 on a small tokio runtime of its own: a browser keeps several
//! connections alive and each open page holds an event stream, and none of them costs a thread.
//! Files are read on the runtime's blocking pool by [`answer`], which knows nothing of HTTP's
//! wire format.

use std::convert::Infallible;
use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tokio::time::{Instant, Sleep};

use super::live::{
    EVENTS_PATH, SCRIPT_PATH, STYLE_PATH, inject, script_source, status_page, style_source,
};
use super::{LiveEvent, Shared};
use crate::web::{mime_type, percent_decode};

/// How often an idle event stream sends a comment, so dead connections are noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Threads of the runtime that answer connections.
const WORKERS: usize = 2;

/// The preview's HTTP server, answering in the background until dropped.
pub(crate) struct HttpServer {
    runtime: Option<tokio::runtime::Runtime>,
}

impl HttpServer {
    /// Serves the site of `shared` on `listener`.
    pub(crate) fn start(listener: TcpListener, shared: Arc<Shared>) -> std::io::Result<HttpServer> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(WORKERS)
            .thread_name("lessonpack-serve")
            .enable_io()
            .enable_time()
            .build()?;
        listener.set_nonblocking(true)?;
        let listener = {
            let _inside = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        runtime.spawn(accept_connections(listener, shared));
        Ok(HttpServer {
            runtime: Some(runtime),
        })
    }
}

impl Drop for HttpServer {
    /// Stops answering; open event streams end with their connections.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_millis(500));
        }
    }
}

async fn accept_connections(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: wait for a connection to close.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let shared = shared.clone();
                async move { Ok::<_, Infallible>(respond(shared, &request).await) }
            });
            // A connection that fails (the browser went away) concerns no one else.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

type Reply = Response<Either<Full<Bytes>, EventStream>>;

/// Answers one request: the event stream here, everything else by [`answer`].
async fn respond(shared: Arc<Shared>, request: &Request<Incoming>) -> Reply {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = Response::new(Either::Left(Full::new(Bytes::from_static(
            b"method not allowed\n",
        ))));
        *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
        return response;
    }
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |target| target.as_str())
        .to_string();
    if target.split(['?', '#']).next() == Some(EVENTS_PATH) {
        return stream_events(&shared);
    }
    let answered = tokio::task::spawn_blocking(move || answer(&shared, &target)).await;
    let answer =
        answered.unwrap_or_else(|_| Answer::body(500, "error.txt", b"internal error\n".to_vec()));
    let mut response = Response::builder().status(answer.status);
    if let Some(location) = answer.location {
        response = response.header(LOCATION, location);
    }
    if let Some(content_type) = answer.content_type {
        response = response
            .header(CONTENT_TYPE, content_type)
            .header(CACHE_CONTROL, "no-store");
    }
    response
        .body(Either::Left(Full::new(Bytes::from(answer.body))))
        .expect("a known status and ASCII headers (URLs arrive encoded)")
}

/// What a request for a file gets.
#[derive(Debug)]
struct Answer {
    status: u16,
    /// `None` for a redirect, which has no body to speak of.
    content_type: Option<&'static str>,
    location: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    /// `body`, with the content type of a file named like `name`.
    fn body(status: u16, name: &str, body: Vec<u8>) -> Answer {
        Answer {
            status,
            content_type: Some(mime_type(Path::new(name))),
            location: None,
            body,
        }
    }

    fn html(status: u16, body: Vec<u8>) -> Answer {
        Answer::body(status, "page.html", body)
    }
}

/// The answer to a GET of `target` (a path and query): a file of the built site (HTML with
/// the live script), the live script or its stylesheet, or a redirect from a folder to its `/`.
fn answer(shared: &Shared, target: &str) -> Answer {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if path == SCRIPT_PATH {
        return Answer::body(200, path, script_source().into_bytes());
    }
    if path == STYLE_PATH {
        return Answer::body(200, path, style_source().into_bytes());
    }
    let status = shared.status.read().expect("no panics while locked");
    let (generation, error, has_site) = (status.generation, status.error.clone(), status.has_site);
    drop(status);

    if !has_site {
        let html = status_page(generation, error.as_deref());
        return Answer::html(503, html.into_bytes());
    }
    let Some(relative) = safe_relative_path(path) else {
        return not_found(shared, generation, error.as_deref());
    };
    let mut file = shared.site_dir.join(&relative);
    if file.is_dir() {
        if !path.ends_with('/') {
            let query = target.strip_prefix(path).unwrap_or_default();
            return Answer {
                status: 301,
                content_type: None,
                location: Some(format!("{path}/{query}")),
                body: Vec::new(),
            };
        }
        file.push("index.html");
    } else if let Some(page) = clean_url_page(&file) {
        file = page;
    }
    if !stays_inside(&shared.site_dir, &file) {
        return not_found(shared, generation, error.as_deref());
    }
    match std::fs::read(&file) {
        Ok(bytes) if is_html(&file) => {
            Answer::html(200, inject(&bytes, generation, error.as_deref()))
        }
        Ok(bytes) => Answer::body(200, &file.to_string_lossy(), bytes),
        Err(_) => not_found(shared, generation, error.as_deref()),
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
fn not_found(shared: &Shared, generation: u64, error: Option<&str>) -> Answer {
    match std::fs::read(shared.site_dir.join("404.html")) {
        Ok(bytes) => Answer::html(404, inject(&bytes, generation, error)),
        Err(_) => Answer::body(404, "error.txt", b"not found\n".to_vec()),
    }
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

/// An event stream, registered with the build loop's broadcasts. It lasts as long as its
/// connection: hyper drops the body when the browser goes, and the next broadcast forgets it.
fn stream_events(shared: &Shared) -> Reply {
    let (sender, events) = unbounded_channel();
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
    let hello = format!("retry: 1000\n\nevent: hello\ndata: {{\"generation\":{generation}}}\n\n");
    let stream = EventStream {
        hello: Some(Bytes::from(hello)),
        events,
        keep_alive: Box::pin(tokio::time::sleep(KEEP_ALIVE)),
    };
    Response::builder()
        .header(CONTENT_TYPE, "text/event-stream")
        .header(CACHE_CONTROL, "no-store")
        .body(Either::Right(stream))
        .expect("our own ASCII headers")
}

/// The body of an event stream: the hello, then each event as it comes, and a comment after
/// every [`KEEP_ALIVE`] of quiet.
struct EventStream {
    hello: Option<Bytes>,
    events: UnboundedReceiver<LiveEvent>,
    keep_alive: Pin<Box<Sleep>>,
}

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Some(hello) = self.hello.take() {
            return Poll::Ready(Some(Ok(Frame::data(hello))));
        }
        let text = match self.events.poll_recv(cx) {
            Poll::Ready(Some(event)) => event_text(&event),
            // The server is stopping.
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => match self.keep_alive.as_mut().poll(cx) {
                Poll::Ready(()) => ": keep-alive\n\n".to_string(),
                Poll::Pending => return Poll::Pending,
            },
        };
        self.keep_alive.as_mut().reset(Instant::now() + KEEP_ALIVE);
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(text)))))
    }
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
