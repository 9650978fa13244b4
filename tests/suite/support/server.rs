//! A tiny static file server for browser tests, on `127.0.0.1` and an OS-chosen port.

use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

/// Serves the files under a directory from a background runtime until dropped.
///
/// Directories serve their `index.html` (a directory URL without a trailing `/` is redirected
/// to one with it, as real hosts do). Responses carry `Cache-Control: no-store`.
pub struct StaticServer {
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl StaticServer {
    /// Starts serving `root` (panics if it is not a directory or the port cannot be bound).
    pub fn start(root: impl Into<PathBuf>) -> Self {
        let root: Arc<Path> = root.into().into();
        assert!(
            root.is_dir(),
            "server: no such directory: {}",
            root.display()
        );
        let listener =
            std::net::TcpListener::bind("127.0.0.1:0").expect("server: bind 127.0.0.1:0");
        let port = listener.local_addr().expect("server: an address").port();
        listener
            .set_nonblocking(true)
            .expect("server: non-blocking");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name(format!("static-server-{port}"))
            .enable_io()
            .build()
            .expect("server: tokio runtime");
        let log = Arc::new(Mutex::new(Vec::new()));
        let listener = {
            let _inside = runtime.enter();
            tokio::net::TcpListener::from_std(listener).expect("server: listener")
        };
        runtime.spawn(serve(listener, root, log.clone()));
        StaticServer {
            port,
            log,
            runtime: Some(runtime),
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT/` followed by `path` (a leading `/` is optional).
    pub fn url(&self, path: &str) -> String {
        format!(
            "http://127.0.0.1:{}/{}",
            self.port,
            path.trim_start_matches('/')
        )
    }

    /// The request targets (path and query) served so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

async fn serve(listener: tokio::net::TcpListener, root: Arc<Path>, log: Arc<Mutex<Vec<String>>>) {
    while let Ok((stream, _)) = listener.accept().await {
        let (root, log) = (root.clone(), log.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let target = request
                    .uri()
                    .path_and_query()
                    .map_or("/", |target| target.as_str())
                    .to_string();
                log.lock().unwrap().push(target.clone());
                let response = respond(&root, &target);
                async move { Ok::<_, Infallible>(response) }
            });
            // The browser may have gone away; that is not the server's problem.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn respond(root: &Path, target: &str) -> Response<Full<Bytes>> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = super::percent_decode(path);
    let mut file = root.to_path_buf();
    for part in Path::new(&decoded).components() {
        match part {
            Component::Normal(p) => file.push(p),
            Component::RootDir | Component::CurDir => {}
            _ => return reply(400, "text/plain", b"bad path".to_vec(), None),
        }
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return reply(301, "text/plain", Vec::new(), Some(format!("{path}/")));
        }
        file.push("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => reply(200, content_type(&file), body, None),
        Err(_) => reply(
            404,
            "text/plain",
            format!("404 not found: {path}").into_bytes(),
            None,
        ),
    }
}

fn reply(
    status: u16,
    kind: &str,
    body: Vec<u8>,
    location: Option<String>,
) -> Response<Full<Bytes>> {
    let mut response = Response::builder()
        .status(status)
        .header("Content-Type", kind)
        .header("Cache-Control", "no-store");
    if let Some(location) = location {
        response = response.header("Location", location);
    }
    response
        .body(Full::new(Bytes::from(body)))
        .expect("server: valid response")
}

/// The `Content-Type` for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}
