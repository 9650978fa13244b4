//! The sink of `build`: the staging folder beside the output, swapped in whole when every
//! file is written (see [`super::output`]).
//!
//! The staging folder holds the site before the live one, updated in place: a file whose key
//! is unchanged there is kept as it is, else hard-linked from the live site if its key is
//! unchanged there, else made again. Nothing is written into the live site, so it stays
//! intact until the swap.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::cache::{self, CACHE_FILE, Entry, PreviousSite};
use super::output;
use super::sink::Sink;
use crate::diagnostic::Diagnostic;

/// A staging folder being written, with the site it held before and the live site.
pub(crate) struct StagingSink<'a> {
    staging: PathBuf,
    live: Option<&'a PreviousSite<'a>>,
    /// The site the staging folder held; `None` when it was made empty, so nothing in it
    /// needs replacing (which saves a lookup of every file).
    spare: Option<&'a PreviousSite<'a>>,
}

/// The manifest text of the staging folder's previous site, taken out of it as the build
/// starts (a build that stops half-way leaves it without one).
pub(crate) struct SpareManifest(Option<String>);

impl SpareManifest {
    /// Gets the staging folder of `output` ready and takes out its manifest.
    pub fn take(output: &Path) -> Result<SpareManifest, Diagnostic> {
        output::prepare_staging(output, CACHE_FILE).map(SpareManifest)
    }

    /// The previous site it describes; with `reuse` false its files are only removed where
    /// the new site has none. A manifest that cannot be read leaves the folder's contents
    /// unknown, so it is made afresh.
    pub fn site<'m>(
        &'m self,
        output: &Path,
        staging: &'m Path,
        global: u64,
        reuse: bool,
    ) -> Result<Option<PreviousSite<'m>>, Diagnostic> {
        let Some(text) = self.0.as_deref() else {
            return Ok(None);
        };
        let Some(mut spare) = PreviousSite::parse(staging, text, global) else {
            output::create_staging(output)?;
            return Ok(None);
        };
        if !reuse {
            spare.distrust();
        }
        Ok(Some(spare))
    }
}

impl<'a> StagingSink<'a> {
    /// A sink into `staging`, taking over files from `spare` (what it holds) and `live`.
    pub fn new(
        staging: &Path,
        live: Option<&'a PreviousSite<'a>>,
        spare: Option<&'a PreviousSite<'a>>,
    ) -> StagingSink<'a> {
        StagingSink {
            staging: staging.to_path_buf(),
            live,
            spare,
        }
    }

    /// Writes the manifest and swaps the staging folder in as `output`.
    pub fn finish(self, global: u64, entries: &[Entry], output: &Path) -> Result<(), Diagnostic> {
        let manifest = cache::render_manifest(global, entries);
        output::write_manifest(&self.staging.join(CACHE_FILE), manifest.as_bytes())?;
        output::swap_in(&self.staging, output)
    }

    /// Removes the staging folder after a failed build.
    pub fn discard(self) {
        output::discard_staging(&self.staging);
    }
}

impl Sink for StagingSink<'_> {
    fn previous_paths(&self) -> Vec<&str> {
        match self.spare {
            Some(spare) => spare.paths().collect(),
            None => Vec::new(),
        }
    }

    fn remove(&self, stale: &[String]) -> Result<(), Diagnostic> {
        let paths: Vec<PathBuf> = stale.iter().map(|path| self.staging.join(path)).collect();
        output::remove_all(&paths).map_err(|err| Diagnostic::io(&self.staging, &err))
    }

    fn reuse(&self, path: &str, key: u64) -> Option<u64> {
        if let Some(kept) = self.spare.and_then(|spare| spare.reusable(path, key)) {
            return Some(kept.size);
        }
        let old = self.live.and_then(|live| live.reusable(path, key))?;
        let target = self.staging.join(path);
        let linked = match self.spare {
            Some(_) => output::replace_with_link(&old.file, &target),
            None => {
                std::fs::hard_link(&old.file, &target).map_err(|err| Diagnostic::io(&target, &err))
            }
        };
        linked.is_ok().then_some(old.size)
    }

    fn folders(&self, folders: &[String]) -> Result<(), Diagnostic> {
        folders
            .iter()
            .try_for_each(|folder| output::create_dir(&self.staging.join(folder)))
    }

    fn write(&self, path: &str, bytes: Cow<[u8]>) -> Result<u64, Diagnostic> {
        let target = self.staging.join(path);
        match self.spare {
            Some(_) => output::replace_file(&target, &bytes)?,
            None => output::write_file(&target, &bytes)?,
        }
        Ok(bytes.len() as u64)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<u64, Diagnostic> {
        let target = self.staging.join(path);
        match self.spare {
            Some(_) => output::replace_with_copy(from, &target),
            None => std::fs::copy(from, &target).map_err(|err| Diagnostic::io(from, &err)),
        }
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        let file = self.staging.join(path);
        std::fs::read(&file).map_err(|err| Diagnostic::io(&file, &err))
    }
}
