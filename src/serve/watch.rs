//! Watching the pack's sources and rebuilding: raw `notify` events, debounced here (a build
//! starts at once when an event ends a save), filtered to the sources (not the build's own
//! reads, not editors' scratch files).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Instant;

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher};

use super::{Builder, DEBOUNCE, DEBOUNCE_MAX, Signal};
use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::render::TEMPLATES_DIR;
use crate::report::Printer;
use crate::site::STATIC_DIR;

/// The build loop: waits for changes, lets a burst of them end (debouncing), rebuilds;
/// returns on Ctrl-C.
pub(super) fn run_until_stopped(
    signals: &Receiver<Signal>,
    root: &Path,
    builder: &mut Builder,
    printer: &Printer,
    watcher: &mut notify::RecommendedWatcher,
    watched: &mut Vec<PathBuf>,
) {
    let mut changed: Vec<PathBuf> = Vec::new();
    let mut burst_started = Instant::now();
    let mut rebuild = |changed: &mut Vec<PathBuf>, watcher: &mut notify::RecommendedWatcher| {
        // A templates/ or static/ folder made after start needs a watch of its own.
        for dir in [TEMPLATES_DIR, STATIC_DIR] {
            watch_dir(watcher, &root.join(dir), watched);
        }
        builder.rebuild(printer, &std::mem::take(changed));
    };
    loop {
        // Block until a change; then take more until DEBOUNCE passes quietly.
        let signal = if changed.is_empty() {
            match signals.recv() {
                Ok(signal) => signal,
                Err(_) => return,
            }
        } else {
            match signals.recv_timeout(DEBOUNCE) {
                Ok(signal) => signal,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    rebuild(&mut changed, watcher);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        };
        match signal {
            Signal::Stop => return,
            Signal::WatchFailed(message) => {
                printer.warning(&format!("watching files failed: {message}"));
            }
            Signal::Changed { paths, saved } => {
                let relevant: Vec<PathBuf> = sources(root, paths).collect();
                if changed.is_empty() && !relevant.is_empty() {
                    burst_started = Instant::now();
                }
                let saved = saved && !relevant.is_empty();
                changed.extend(relevant);
                if saved {
                    // A save is complete: build now, with whatever else is already waiting.
                    if !take_waiting(signals, root, printer, &mut changed) {
                        return;
                    }
                    rebuild(&mut changed, watcher);
                } else if !changed.is_empty() && burst_started.elapsed() > DEBOUNCE_MAX {
                    // Files that never stop changing still get a build now and then.
                    rebuild(&mut changed, watcher);
                }
            }
        }
    }
}

/// Takes the signals already waiting into `changed`, so that one build covers them (a
/// checkout writes many files); `false` if one of them is Ctrl-C.
fn take_waiting(
    signals: &Receiver<Signal>,
    root: &Path,
    printer: &Printer,
    changed: &mut Vec<PathBuf>,
) -> bool {
    loop {
        match signals.try_recv() {
            Ok(Signal::Changed { paths, .. }) => changed.extend(sources(root, paths)),
            Ok(Signal::WatchFailed(message)) => {
                printer.warning(&format!("watching files failed: {message}"));
            }
            Ok(Signal::Stop) => return false,
            Err(_) => return true,
        }
    }
}

/// The paths of `paths` that are the pack's sources (see [`is_source`]).
fn sources(root: &Path, paths: Vec<PathBuf>) -> impl Iterator<Item = PathBuf> + '_ {
    paths.into_iter().filter(|path| is_source(root, path))
}

pub(super) fn watch_dir(watcher: &mut impl Watcher, dir: &Path, watched: &mut Vec<PathBuf>) {
    if dir.is_dir()
        && !watched.iter().any(|w| w == dir)
        && watcher.watch(dir, RecursiveMode::Recursive).is_ok()
    {
        watched.push(dir.to_path_buf());
    }
}

/// Whether an event ends a save: a file written was closed, or a file was renamed into
/// place (how editors that write aside save). Other events may be the middle of one.
pub(super) fn ends_a_save(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    )
}

/// Whether a changed path is part of the pack's sources (not an editor's swap or backup file).
pub(super) fn is_source(root: &Path, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let scratch = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp");
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let in_sources = relative == Path::new(CONFIG_FILE)
        || [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR]
            .iter()
            .any(|dir| relative.starts_with(dir));
    in_sources && !scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_write_or_a_rename_into_place_ends_a_save() {
        use notify::event::{CreateKind, DataChange};
        assert!(ends_a_save(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(ends_a_save(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(!ends_a_save(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!ends_a_save(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(!ends_a_save(&EventKind::Modify(ModifyKind::Name(
            RenameMode::From
        ))));
        assert!(!ends_a_save(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn only_pack_sources_trigger_a_rebuild() {
        let root = Path::new("/pack");
        assert!(is_source(root, Path::new("/pack/content/ai/x.md")));
        assert!(is_source(root, Path::new("/pack/lessonpack.toml")));
        assert!(is_source(root, Path::new("/pack/templates/base.html")));
        assert!(!is_source(root, Path::new("/pack/site/index.html")));
        assert!(!is_source(root, Path::new("/pack/content/.x.md.swp")));
        assert!(!is_source(root, Path::new("/pack/content/x.md~")));
        assert!(!is_source(root, Path::new("/elsewhere/content/x.md")));
    }
}
