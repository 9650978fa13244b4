//! A tiny static file server for browser tests, on `127.0.0.1` and an OS-chosen port.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tiny_http::{Header, Request, Response, Server};

/// Serves the files under a directory from a background thread until dropped.
///
/// Directories serve their `index.html` (a directory URL without a trailing `/` is redirected
/// to one with it, as real hosts do). Responses carry `Cache-Control: no-store`.
pub struct StaticServer {
    server: Arc<Server>,
    port: u16,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Starts serving `root` (panics if it is not a directory or the port cannot be bound).
    pub fn start(root: impl Into<PathBuf>) -> Self {
        let root: PathBuf = root.into();
        assert!(
            root.is_dir(),
            "server: no such directory: {}",
            root.display()
        );
        let server = Arc::new(Server::http("127.0.0.1:0").expect("server: bind 127.0.0.1:0"));
        let port = server
            .server_addr()
            .to_ip()
            .expect("server: an IP address")
            .port();
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (server, stop, log) = (server.clone(), stop.clone(), log.clone());
            std::thread::Builder::new()
                .name(format!("static-server-{port}"))
                .spawn(move || {
                    while !stop.load(Ordering::SeqCst) {
                        if let Ok(request) = server.recv() {
                            log.lock().unwrap().push(request.url().to_string());
                            respond(&root, request);
                        }
                    }
                })
                .expect("server: spawn thread")
        };
        StaticServer {
            server,
            port,
            stop,
            log,
            thread: Some(thread),
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
        self.stop.store(true, Ordering::SeqCst);
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn respond(root: &Path, request: Request) {
    let target = request.url().to_string();
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = super::percent_decode(path);
    let mut file = root.to_path_buf();
    for part in Path::new(&decoded).components() {
        match part {
            Component::Normal(p) => file.push(p),
            Component::RootDir | Component::CurDir => {}
            _ => {
                return send(
                    request,
                    Response::from_string("bad path").with_status_code(400),
                );
            }
        }
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            let location = header("Location", &format!("{path}/"));
            return send(request, Response::empty(301).with_header(location));
        }
        file.push("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => {
            let kind = header("Content-Type", content_type(&file));
            send(request, Response::from_data(body).with_header(kind))
        }
        Err(_) => send(
            request,
            Response::from_string(format!("404 not found: {path}")).with_status_code(404),
        ),
    }
}

fn send<R: std::io::Read>(request: Request, response: Response<R>) {
    // The browser may have gone away; that is not the server's problem.
    let _ = request.respond(response.with_header(header("Cache-Control", "no-store")));
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("server: valid header")
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
