//! The sink of `serve`: the preview's own folder, updated in place. Nobody reads it but the
//! preview server, so each changed file is replaced atomically (written aside, then renamed
//! over the old one) rather than the whole folder swapped.
//!
//! Everything is held back until [`InPlaceSink::commit`]: an update that fails (a lesson or
//! template that does not render) writes nothing. The changed files are then written side by
//! side, on rayon's threads.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::cache::Entry;
use super::output;
use super::sink::Sink;
use crate::diagnostic::Diagnostic;

/// What the folder holds: every file and folder of the last plan written into it, in plan
/// order, with an index by site path.
///
/// Kept from update to update: the index is built again only when the plan's paths changed
/// (a lesson or file added, removed or renamed), not for an edit.
#[derive(Default)]
pub(crate) struct Known {
    entries: Vec<Entry>,
    by_path: HashMap<String, usize>,
}

impl Known {
    /// The key and size of the file at `path`.
    fn get(&self, path: &str) -> Option<(u64, u64)> {
        let entry = &self.entries[*self.by_path.get(path)?];
        Some((entry.key, entry.size))
    }

    /// Writes `bytes` (keyed `key`) over the file at `path` in `dir`, unless it is already
    /// what the folder holds there; says whether it wrote. Only for a file of the last plan.
    pub fn replace(
        &mut self,
        dir: &Path,
        path: &str,
        key: u64,
        bytes: &[u8],
    ) -> Result<bool, Diagnostic> {
        let Some(&at) = self.by_path.get(path) else {
            return Ok(false);
        };
        let entry = &mut self.entries[at];
        if (entry.key, entry.size) == (key, bytes.len() as u64) {
            return Ok(false);
        }
        write_atomically(&dir.join(path), |aside| output::write_file(aside, bytes))?;
        (entry.key, entry.size) = (key, bytes.len() as u64);
        Ok(true)
    }

    /// Every path, in the order of the plan that wrote them.
    fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|entry| entry.path.as_str())
    }

    /// What the folder holds once `entries` replace these; with the paths of the files that
    /// are no longer there.
    fn replaced_by(self, entries: Vec<Entry>) -> (Known, Vec<String>) {
        let same_paths = self
            .paths()
            .eq(entries.iter().map(|entry| entry.path.as_str()));
        if same_paths {
            let by_path = self.by_path;
            return (Known { entries, by_path }, Vec::new());
        }
        let by_path: HashMap<String, usize> = entries
            .iter()
            .enumerate()
            .map(|(at, entry)| (entry.path.clone(), at))
            .collect();
        let removed = self
            .entries
            .into_iter()
            .filter(|old| !by_path.contains_key(&old.path) && !old.path.ends_with('/'))
            .map(|old| old.path)
            .collect();
        (Known { entries, by_path }, removed)
    }
}

/// A folder updated in place.
pub(crate) struct InPlaceSink {
    dir: PathBuf,
    known: Known,
    /// What to write, in the order asked.
    pending: Mutex<Vec<(String, Pending)>>,
    /// What to remove.
    stale: Mutex<Vec<String>>,
}

/// A change held back until the commit.
enum Pending {
    Bytes(Vec<u8>),
    Copy(PathBuf),
    Folder,
}

impl InPlaceSink {
    /// A sink into `dir`, which holds the files `known` lists.
    pub fn new(dir: &Path, known: Known) -> InPlaceSink {
        InPlaceSink {
            dir: dir.to_path_buf(),
            known,
            pending: Mutex::new(Vec::new()),
            stale: Mutex::new(Vec::new()),
        }
    }

    /// Gives up the changes; returns what the folder still holds.
    pub fn into_known(self) -> Known {
        self.known
    }

    /// Writes the changes, removes what the site no longer has, and returns what the folder
    /// now holds and the site paths of the files written or removed, sorted.
    pub fn commit(self, entries: Vec<Entry>) -> Result<(Known, Vec<String>), Diagnostic> {
        let dir = self.dir;
        let pending = self.pending.into_inner().unwrap_or_else(|e| e.into_inner());
        // Folders first (parents before the folders in them), then the files, side by side:
        // each is renamed into place on its own, so their order does not matter.
        let (folders, files): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .partition(|(_, change)| matches!(change, Pending::Folder));
        for (path, change) in &folders {
            write_pending(&dir, path, change)?;
        }
        files
            .par_iter()
            .try_for_each(|(path, change)| write_pending(&dir, path, change))?;
        let mut changed: Vec<String> = files.into_iter().map(|(path, _)| path).collect();
        let stale = self.stale.into_inner().unwrap_or_else(|e| e.into_inner());
        let stale: Vec<PathBuf> = stale.iter().map(|path| dir.join(path)).collect();
        output::remove_all(&stale).map_err(|err| Diagnostic::io(&dir, &err))?;

        let (now, removed) = self.known.replaced_by(entries);
        changed.extend(removed);
        changed.sort();
        changed.dedup();
        Ok((now, changed))
    }

    fn hold(&self, path: &str, change: Pending) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.push((path.to_string(), change));
    }
}

impl Sink for InPlaceSink {
    fn previous_paths(&self) -> Vec<&str> {
        self.known.paths().collect()
    }

    fn remove(&self, stale: &[String]) -> Result<(), Diagnostic> {
        let mut held = self.stale.lock().unwrap_or_else(|e| e.into_inner());
        held.extend(stale.iter().cloned());
        Ok(())
    }

    fn reuse(&self, path: &str, key: u64) -> Option<u64> {
        let (known_key, size) = self.known.get(path)?;
        (known_key == key).then_some(size)
    }

    fn folders(&self, _: &[String]) -> Result<(), Diagnostic> {
        // Files are written into place with their parents (see `write_atomically`), so a
        // folder is made only when something goes into it.
        Ok(())
    }

    fn folder(&self, folder: &str) -> Result<(), Diagnostic> {
        if !self.dir.join(folder).is_dir() {
            self.hold(&format!("{folder}/"), Pending::Folder);
        }
        Ok(())
    }

    fn write(&self, path: &str, bytes: Cow<[u8]>) -> Result<u64, Diagnostic> {
        let size = bytes.len() as u64;
        self.hold(path, Pending::Bytes(bytes.into_owned()));
        Ok(size)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<u64, Diagnostic> {
        let size = std::fs::metadata(from)
            .map_err(|err| Diagnostic::io(from, &err))?
            .len();
        self.hold(path, Pending::Copy(from.to_path_buf()));
        Ok(size)
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, Pending::Bytes(bytes))) = pending.iter().rev().find(|(p, _)| p == path) {
            return Ok(bytes.clone());
        }
        let file = self.dir.join(path);
        std::fs::read(&file).map_err(|err| Diagnostic::io(&file, &err))
    }
}

/// Makes one held-back change in the folder `dir`.
fn write_pending(dir: &Path, path: &str, change: &Pending) -> Result<(), Diagnostic> {
    let target = dir.join(path);
    match change {
        Pending::Folder => output::create_dir(&target),
        Pending::Bytes(bytes) => {
            write_atomically(&target, |aside| output::write_file(aside, bytes))
        }
        Pending::Copy(from) => write_atomically(&target, |aside| {
            std::fs::copy(from, aside).map_err(|err| Diagnostic::io(from, &err))?;
            Ok(())
        }),
    }
}

/// Writes a file beside its final name with `write`, then renames it over: a reader sees the
/// old file or the new one, never half of it.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        output::create_dir(parent)?;
    }
    let mut aside = path.as_os_str().to_owned();
    aside.push(".lessonpack-new");
    let aside = PathBuf::from(aside);
    write(&aside)?;
    std::fs::rename(&aside, path).map_err(|err| Diagnostic::io(path, &err))
}
