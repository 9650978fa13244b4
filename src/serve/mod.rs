//! `lessonpack serve`: a local preview that rebuilds on change and reloads open pages.
//!
//! The site is kept in a temporary folder (never the pack's `site/`) by a
//! [`crate::site::preview::Preview`], which after a change renders and writes only the files
//! that changed, each atomically; files are read from disk per request. When an update fails,
//! its errors are printed and shown over every served page, and the last good site keeps
//! being served.
//! Pages learn of rebuilds over Server-Sent Events, by a script injected into served HTML only
//! (the built files are untouched); a page reloads only when its own file changed.
//!
//! The HTTP server is hyper's, on a small tokio runtime (see [`http`]); the build loop stays
//! on the calling thread and tells the event streams over channels.

mod http;
mod live;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::content::CONTENT_DIR;
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::render::TEMPLATES_DIR;
use crate::report::Printer;
use crate::site::preview::Preview;
use crate::site::{BuildOptions, STATIC_DIR};
use watch::{ends_a_save, run_until_stopped, watch_dir};

/// How long the build loop waits for a burst of file events (an editor's save) to end, unless
/// an event says a save is complete (see [`Signal::Changed`]).
// An editor's save is a burst of events within a millisecond or two (write, or write aside and
// rename); 10 ms of quiet ends it without making the author wait.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// The longest it waits for a burst to end before building anyway.
const DEBOUNCE_MAX: Duration = Duration::from_secs(1);

/// What `serve` does and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The pack folder.
    pub root: PathBuf,
    /// The address to listen on; loopback unless the author asks otherwise.
    pub bind: IpAddr,
    /// The port; 0 lets the system choose a free one (the URL printed says which).
    pub port: u16,
    /// Open the site in a browser once it is built.
    pub open: bool,
    /// Include lessons marked `draft = true`.
    pub drafts: bool,
}

impl ServeOptions {
    /// Defaults for the pack at `root`: 127.0.0.1, port 1111, no browser, no drafts.
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            open: false,
            drafts: false,
        }
    }
}

/// What a page is told over its event stream.
#[derive(Debug, Clone)]
pub(crate) enum LiveEvent {
    /// A build succeeded; `changed` lists the URL paths of the files that differ.
    Reload {
        generation: u64,
        changed: Vec<String>,
    },
    /// A build failed; the page shows the errors over itself.
    BuildError { generation: u64, text: String },
}

/// The state shared by the build loop and the request threads.
pub(crate) struct Shared {
    /// The folder `build` writes the site into (inside a temporary folder).
    pub site_dir: PathBuf,
    pub status: RwLock<Status>,
    /// One sender per open event stream.
    pub clients: Mutex<Vec<tokio::sync::mpsc::UnboundedSender<LiveEvent>>>,
}

/// The outcome of the latest build.
#[derive(Debug, Default)]
pub(crate) struct Status {
    /// Counts builds, good or bad; pages carry it to notice a missed event.
    pub generation: u64,
    /// The errors of the latest build, as plain text, while it is broken.
    pub error: Option<String>,
    /// Whether any build has succeeded (else there is nothing to serve but the errors).
    pub has_site: bool,
}

impl Shared {
    /// Sends an event to every open stream, forgetting the closed ones.
    fn broadcast(&self, event: &LiveEvent) {
        let mut clients = self
            .clients
            .lock()
            .expect("no panics while holding the lock");
        clients.retain(|client| client.send(event.clone()).is_ok());
    }
}

/// What wakes the build loop.
enum Signal {
    /// Files changed. `saved` when the event ends a save: a file written was closed, or one
    /// was renamed into place (how editors that write aside save). The build starts then,
    /// without waiting for [`DEBOUNCE`] of quiet.
    Changed {
        paths: Vec<PathBuf>,
        saved: bool,
    },
    WatchFailed(String),
    Stop,
}

/// Serves the pack until Ctrl-C; errors only if it cannot start.
pub fn serve(options: &ServeOptions, printer: &Printer) -> Result<(), Diagnostic> {
    let serve_error = |message: String| Diagnostic::global(ErrorKind::Serve { message });
    let temp = tempfile::Builder::new()
        .prefix("lessonpack-serve-")
        .tempdir()
        .map_err(|err| Diagnostic::io(&std::env::temp_dir(), &err))?;
    let shared = Arc::new(Shared {
        site_dir: temp.path().join("site"),
        status: RwLock::new(Status::default()),
        clients: Mutex::new(Vec::new()),
    });

    let address = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(address)
        .map_err(|err| serve_error(format!("cannot listen on {address}: {err}")))?;
    let address = listener.local_addr().unwrap_or(address);
    if !options.bind.is_loopback() {
        printer.warning(&format!(
            "serving on {address}: anyone who can reach this machine can read the pack (leave out --bind to serve on 127.0.0.1 only)"
        ));
    }

    let (signals, signal_rx) = mpsc::channel();
    let stop_signal = signals.clone();
    ctrlc::set_handler(move || {
        let _ = stop_signal.send(Signal::Stop);
    })
    .map_err(|err| serve_error(format!("cannot handle Ctrl-C: {err}")))?;

    let root = std::path::absolute(&options.root).unwrap_or_else(|_| options.root.clone());
    let (mut watcher, mut watched) = watch_sources(&root, signals)?;
    let server = http::HttpServer::start(listener, shared.clone())
        .map_err(|err| serve_error(format!("cannot serve on {address}: {err}")))?;
    let url = format!("http://{address}/");
    printer.info(&format!(
        "serving {} at {url} (Ctrl-C to stop)",
        root.display()
    ));
    let mut builder = Builder {
        preview: Preview::new(BuildOptions {
            output: Some(shared.site_dir.clone()),
            drafts: options.drafts,
            // Readable HTML for template work.
            minify: false,
            live_reload: true,
            ..BuildOptions::new(&root)
        }),
        shared: shared.clone(),
    };
    builder.rebuild(printer, &[]);
    if options.open {
        open_browser(&url, printer);
    }

    run_until_stopped(
        &signal_rx,
        &root,
        &mut builder,
        printer,
        &mut watcher,
        &mut watched,
    );

    drop(watcher);
    // Dropping the senders ends every event stream, before the server stops.
    shared
        .clients
        .lock()
        .expect("no panics while holding the lock")
        .clear();
    drop(server);
    printer.info("stopped");
    drop(temp);
    Ok(())
}

/// Watches the pack's sources, sending what changed to the build loop: the root folder (for
/// `lessonpack.toml`) and the source folders that exist, which are returned as watched.
fn watch_sources(
    root: &Path,
    signals: mpsc::Sender<Signal>,
) -> Result<(notify::RecommendedWatcher, Vec<PathBuf>), Diagnostic> {
    let serve_error = |message: String| Diagnostic::global(ErrorKind::Serve { message });
    // Raw events, debounced by the build loop. Reads are not changes: the build itself opens
    // every source, and would otherwise trigger the next build.
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let signal = match result {
            Ok(event) => {
                let saved = ends_a_save(&event.kind);
                if matches!(event.kind, EventKind::Access(_)) && !saved {
                    return;
                }
                Signal::Changed {
                    paths: event.paths,
                    saved,
                }
            }
            Err(err) => Signal::WatchFailed(err.to_string()),
        };
        let _ = signals.send(signal);
    })
    .map_err(|err| serve_error(format!("cannot watch files: {err}")))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|err| serve_error(format!("cannot watch {}: {err}", root.display())))?;
    for dir in [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR] {
        watch_dir(&mut watcher, &root.join(dir), &mut watched);
    }
    Ok((watcher, watched))
}

/// Updates the site and tells the pages.
struct Builder {
    preview: Preview,
    shared: Arc<Shared>,
}

impl Builder {
    fn rebuild(&mut self, printer: &Printer, changed: &[PathBuf]) {
        let mut changed = changed.to_vec();
        changed.sort();
        changed.dedup();
        for path in &changed {
            printer.detail(&format!("changed: {}", path.display()));
        }
        // The pages reload as soon as theirs are written; the search index follows.
        let shared = &self.shared;
        let mut announced = None;
        let result = self.preview.update_then_index(|changed| {
            announced = Some(announce_pages(shared, changed));
        });
        match result {
            Ok(update) => {
                let recovered = announced.unwrap_or_default();
                printer.summary(&update.report);
                printer.detail(&format!("{} files changed", update.changed.len()));
                if recovered {
                    printer.info("the build is fixed; pages reload");
                }
            }
            Err(errors) => {
                let mut status = self.shared.status.write().expect("no panics while locked");
                status.generation += 1;
                let generation = status.generation;
                let text = errors
                    .iter()
                    .map(|e| crate::report::render(e, false))
                    .collect::<Vec<_>>()
                    .join("\n\n");
                status.error = Some(text.clone());
                let has_site = status.has_site;
                drop(status);
                printer.diagnostics(&errors);
                printer.warning(&format!(
                    "build failed with {} error{}; {}",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" },
                    if has_site {
                        "still serving the last good site"
                    } else {
                        "pages show the errors until they are fixed"
                    }
                ));
                self.shared
                    .broadcast(&LiveEvent::BuildError { generation, text });
            }
        }
    }
}

/// Marks a good build and tells the pages which files changed; says whether it ends a
/// broken one. A build that changed no file and ends no broken one tells nothing: open
/// pages stay, and pages reconnecting find the generation they were served in.
fn announce_pages(shared: &Shared, changed: &[String]) -> bool {
    let mut status = shared.status.write().expect("no panics while locked");
    let recovered = status.error.take().is_some();
    status.has_site = true;
    if changed.is_empty() && !recovered {
        return false;
    }
    status.generation += 1;
    let generation = status.generation;
    drop(status);
    shared.broadcast(&LiveEvent::Reload {
        generation,
        changed: changed.iter().map(|path| url_path(path)).collect(),
    });
    recovered
}

/// A site path (`a b/index.html`) as the URL path pages know themselves by (`/a%20b/index.html`).
fn url_path(site_path: &str) -> String {
    site_path
        .split('/')
        .map(|segment| format!("/{}", crate::web::encode_segment(segment)))
        .collect()
}

/// Opens `url` in the desktop's browser; a failure is only a warning.
fn open_browser(url: &str, printer: &Printer) {
    #[cfg(target_os = "macos")]
    let mut command = std::process::Command::new("open");
    #[cfg(target_os = "windows")]
    let mut command = {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    };
    #[cfg(not(any(target_os = "macos", target_os = "windows")))]
    let mut command = std::process::Command::new("xdg-open");
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(err) = spawned {
        printer.warning(&format!(
            "cannot open a browser ({err}); open {url} yourself"
        ));
    }
}
