//! Writing an [`OutputPlan`] into a [`Sink`]: the staging folder of a build
//! ([`super::staging`]), the folder `serve` updates in place ([`super::in_place`]), or memory
//! ([`MemorySink`], for `check`, tests and benchmarks).
//!
//! What every sink shares is written here once: which files of the previous site are stale,
//! taking a file over when the sink can (its key unchanged) or else making it, the pages
//! rendered lesson by lesson on rayon's threads, render errors reported once per template
//! position, and the counts a [`BuildReport`] gives. A sink only stores.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use super::cache::Entry;
use super::outputs::{OutputPlan, Producer, Product};
use super::{BuildReport, parent_folders};
use crate::diagnostic::Diagnostic;
use crate::layout::pages::{PageViews, RunMemo};

/// Where a plan's files go.
pub(crate) trait Sink: Sync {
    /// The paths of the files and folders it holds from before, if any may be stale; in the
    /// order of the plan that wrote them when the sink knows it (so that an unchanged set of
    /// paths is seen without building sets over them).
    fn previous_paths(&self) -> Vec<&str>;
    /// Removes these stale files and folders (with what is in them).
    fn remove(&self, stale: &[String]) -> Result<(), Diagnostic>;
    /// The size of the file at `path` if the sink has it with this key already, or takes it
    /// over from elsewhere; `None` when it must be made.
    fn reuse(&self, path: &str, key: u64) -> Option<u64>;
    /// Creates the folders files will go into, given parents first.
    fn folders(&self, folders: &[String]) -> Result<(), Diagnostic>;
    /// Creates a folder of `static/`, which the site keeps even when empty.
    fn folder(&self, folder: &str) -> Result<(), Diagnostic> {
        self.folders(&[folder.to_string()])
    }
    /// Stores a file; returns its size. Bytes the plan holds (the assets, the search index)
    /// come borrowed, for a sink that only writes them out.
    fn write(&self, path: &str, bytes: Cow<[u8]>) -> Result<u64, Diagnostic>;
    /// Stores a copy of a source file; returns its size.
    fn copy(&self, path: &str, from: &Path) -> Result<u64, Diagnostic>;
    /// The bytes of a file it holds now (for files made of other files: the zip).
    fn read(&self, path: &str) -> Result<Vec<u8>, Diagnostic>;
}

/// What writing a plan did.
pub(crate) struct Written {
    /// Every file and `static/` folder of the site with its key, in plan order.
    pub entries: Vec<Entry>,
    /// Pages made rather than taken over.
    pub rendered: usize,
    /// Bundles made rather than taken over.
    pub rendered_bundles: usize,
}

impl Written {
    /// The report of a build that wrote this.
    pub fn report(&self, plan: &OutputPlan, output: &Path, started: Instant) -> BuildReport {
        BuildReport {
            lessons: plan.site.lessons.len(),
            pages: plan.page_count(),
            files: plan.file_count(),
            rendered: self.rendered,
            rendered_bundles: self.rendered_bundles,
            bundles: plan
                .files
                .iter()
                .filter(|file| matches!(file.producer, Producer::Bundle(_)))
                .count(),
            output: output.to_path_buf(),
            elapsed: started.elapsed(),
            warnings: plan.warnings.clone(),
        }
    }
}

/// Views made to key pages, kept to render those pages if their keys changed, so that a big
/// page (the index of a large pack) is not viewed twice; by page number in the plan.
#[derive(Default)]
pub(crate) struct KeptViews(Mutex<HashMap<usize, PageViews>>);

impl KeptViews {
    pub fn keep(&self, page: usize, views: PageViews) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(page, views);
    }

    fn take(&self, page: usize) -> Option<PageViews> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&page)
    }
}

/// Writes every file of `plan` into `sink`; `keys`, when known, are every file's keys in
/// the order of [`OutputPlan::paths`], and `kept` the views some of them were made from.
/// Render errors are collected (once per template position) and returned together.
pub(crate) fn write_plan(
    plan: &OutputPlan,
    keys: Option<&[u64]>,
    kept: &KeptViews,
    sink: &impl Sink,
) -> Result<Written, Vec<Diagnostic>> {
    let previous = sink.previous_paths();
    // The same paths in the same order: nothing of the previous site is stale.
    if !previous.is_empty() && !previous.iter().copied().eq(plan.paths()) {
        let stale = stale_paths(plan, previous.iter().copied());
        sink.remove(&stale).map_err(|e| vec![e])?;
    }
    let pages = plan.page_count();
    // A run per task: the index of a large pack takes long to render, and the runs after it
    // must not wait behind it on its thread (an edited lesson's pages are among them).
    let runs: Vec<Result<Vec<Placed>, Vec<Diagnostic>>> = plan
        .runs
        .par_iter()
        .with_max_len(1)
        .map(|run| {
            let given = keys.map(|keys| &keys[run.clone()]);
            write_pages(plan, run.clone(), given, kept, sink)
        })
        .collect();
    let mut placed = Vec::with_capacity(pages + plan.files.len());
    let mut errors = Errors::default();
    for run in runs {
        match run {
            Ok(mut run) => placed.append(&mut run),
            Err(found) => errors.extend(found),
        }
    }
    errors.into_result()?;
    let page_keys: Vec<u64> = placed.iter().map(|p| p.entry.key).collect();
    let file_keys = match keys {
        Some(keys) => keys[pages..].to_vec(),
        None => plan.file_keys(&page_keys).map_err(|e| vec![e])?,
    };
    placed.extend(write_files(plan, &file_keys, sink)?);

    let rendered = placed[..pages].iter().filter(|p| p.made).count();
    let rendered_bundles = placed[pages..]
        .iter()
        .zip(&plan.files)
        .filter(|(p, file)| p.made && matches!(file.producer, Producer::Bundle(_)))
        .count();
    Ok(Written {
        entries: placed.into_iter().map(|p| p.entry).collect(),
        rendered,
        rendered_bundles,
    })
}

/// A file put into the sink.
struct Placed {
    entry: Entry,
    /// Made now, rather than taken over.
    made: bool,
}

/// Render errors, each reported once however many pages it broke.
#[derive(Default)]
struct Errors {
    errors: Vec<Diagnostic>,
    seen: HashSet<String>,
}

impl Errors {
    fn extend(&mut self, found: Vec<Diagnostic>) {
        for error in found {
            if self.seen.insert(error.headline()) {
                self.errors.push(error);
            }
        }
    }

    fn into_result(self) -> Result<(), Vec<Diagnostic>> {
        match self.errors.is_empty() {
            true => Ok(()),
            false => Err(self.errors),
        }
    }
}

/// Puts the file at `path` with `key` into the sink: taken over if it can, else made by
/// `make` (which stores it and returns its size).
fn place(
    sink: &impl Sink,
    path: &str,
    key: u64,
    make: impl FnOnce() -> Result<u64, Vec<Diagnostic>>,
) -> Result<Placed, Vec<Diagnostic>> {
    let (size, made) = match sink.reuse(path, key) {
        Some(size) => (size, false),
        None => (make()?, true),
    };
    let entry = Entry {
        path: path.to_string(),
        key,
        size,
    };
    Ok(Placed { entry, made })
}

/// Writes a run of pages (one lesson's, or a page of the site root) with their folders.
fn write_pages(
    plan: &OutputPlan,
    run: std::ops::Range<usize>,
    keys: Option<&[u64]>,
    kept: &KeptViews,
    sink: &impl Sink,
) -> Result<Vec<Placed>, Vec<Diagnostic>> {
    let mut folders: Vec<String> = Vec::new();
    for i in run.clone() {
        for folder in parent_folders(plan.page_path(i)) {
            if !folders.iter().any(|f| f == folder) {
                folders.push(folder.to_string());
            }
        }
    }
    sink.folders(&folders).map_err(|e| vec![e])?;
    let mut placed = Vec::with_capacity(run.len());
    let mut errors = Vec::new();
    // Made when a page of the run is first viewed: a rebuild that takes every page of the
    // run over does not parse a lesson that dropped its body again.
    let mut memo = None;
    for (n, i) in run.clone().enumerate() {
        let (key, mut views) = match keys {
            Some(keys) => (keys[n], kept.take(i)),
            None => {
                let (key, views) = plan.page_key(i, run_memo(&mut memo, plan, &run)?);
                (key, Some(views))
            }
        };
        let path = plan.page_path(i);
        let made = place(sink, path, key, || {
            let memo = run_memo(&mut memo, plan, &run)?;
            let bytes = plan
                .render_page(i, views.take(), memo)
                .map_err(|e| vec![e])?;
            sink.write(path, Cow::Owned(bytes)).map_err(|e| vec![e])
        });
        match made {
            Ok(page) => placed.push(page),
            Err(found) => errors.extend(found),
        }
    }
    match errors.is_empty() {
        true => Ok(placed),
        false => Err(errors),
    }
}

/// The memo of the run `run`, made in `slot` when first asked for.
fn run_memo<'m>(
    slot: &'m mut Option<RunMemo>,
    plan: &OutputPlan,
    run: &std::ops::Range<usize>,
) -> Result<&'m mut RunMemo, Vec<Diagnostic>> {
    if slot.is_none() {
        *slot = Some(plan.run_memo(run.clone()).map_err(|e| vec![e])?);
    }
    Ok(slot.as_mut().expect("made above"))
}

/// Writes the files after the pages, with their folders; the zip (made of the others) last.
fn write_files(
    plan: &OutputPlan,
    keys: &[u64],
    sink: &impl Sink,
) -> Result<Vec<Placed>, Vec<Diagnostic>> {
    let mut folders: BTreeSet<&str> = BTreeSet::new();
    for file in &plan.files {
        folders.extend(parent_folders(&file.path));
    }
    // Sorted, a folder comes before the folders in it.
    let folders: Vec<String> = folders.into_iter().map(str::to_string).collect();
    sink.folders(&folders).map_err(|e| vec![e])?;
    let read = |path: &str| sink.read(path);
    let make = |i: usize| -> Result<Placed, Vec<Diagnostic>> {
        let file = &plan.files[i];
        if let Producer::Folder = file.producer {
            let folder = file.path.trim_end_matches('/').to_string();
            sink.folder(&folder).map_err(|e| vec![e])?;
            let entry = Entry {
                path: file.path.clone(),
                key: keys[i],
                size: 0,
            };
            return Ok(Placed { entry, made: false });
        }
        place(sink, &file.path, keys[i], || {
            match plan.produce_file(i, &read)? {
                Product::Bytes(bytes) => sink.write(&file.path, bytes),
                Product::Copy(from) => sink.copy(&file.path, from),
                Product::Folder => Ok(0),
            }
            .map_err(|e| vec![e])
        })
    };
    let is_zip = |i: &usize| matches!(plan.files[*i].producer, Producer::Zip);
    let (zips, others): (Vec<usize>, Vec<usize>) = (0..plan.files.len()).partition(is_zip);
    let results: Vec<Result<Placed, Vec<Diagnostic>>> =
        others.par_iter().map(|&i| make(i)).collect();
    let mut placed: Vec<Option<Placed>> = (0..plan.files.len()).map(|_| None).collect();
    let mut errors = Errors::default();
    for (i, result) in others.into_iter().zip(results) {
        match result {
            Ok(file) => placed[i] = Some(file),
            Err(found) => errors.extend(found),
        }
    }
    errors.into_result()?;
    for i in zips {
        placed[i] = Some(make(i)?);
    }
    Ok(placed.into_iter().flatten().collect())
}

/// What of the previous site the plan does not have: whole folders at their top, then files
/// in folders that stay.
fn stale_paths<'p>(
    plan: &OutputPlan,
    previous: impl Iterator<Item = &'p str> + Clone,
) -> Vec<String> {
    let files: HashSet<&str> = plan.paths().collect();
    let folders: HashSet<&str> = files.iter().flat_map(|path| parent_folders(path)).collect();
    let stale_folders: HashSet<&str> = previous
        .clone()
        .flat_map(parent_folders)
        .filter(|folder| !folders.contains(*folder))
        .collect();
    let outermost = |path: &str| parent_folders(path).all(|f| !stale_folders.contains(f));
    let mut stale: Vec<String> = stale_folders
        .iter()
        .filter(|folder| outermost(folder))
        .map(|folder| folder.to_string())
        .collect();
    stale.extend(
        previous
            .filter(|path| !files.contains(*path) && outermost(path))
            .map(str::to_string),
    );
    stale.sort();
    stale
}

/// A site kept in memory: nothing is written anywhere.
#[derive(Default)]
pub(crate) struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
    folders: Mutex<BTreeSet<String>>,
}

impl MemorySink {
    /// Its files by site path, and its folders.
    pub fn into_parts(self) -> (BTreeMap<String, Vec<u8>>, BTreeSet<String>) {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let folders = self.folders.into_inner().unwrap_or_else(|e| e.into_inner());
        (files, folders)
    }

    fn files(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<u8>>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn previous_paths(&self) -> Vec<&str> {
        Vec::new()
    }

    fn remove(&self, _: &[String]) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn reuse(&self, _: &str, _: u64) -> Option<u64> {
        None
    }

    fn folders(&self, folders: &[String]) -> Result<(), Diagnostic> {
        let mut held = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        held.extend(folders.iter().cloned());
        Ok(())
    }

    fn write(&self, path: &str, bytes: Cow<[u8]>) -> Result<u64, Diagnostic> {
        let size = bytes.len() as u64;
        self.files().insert(path.to_string(), bytes.into_owned());
        Ok(size)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<u64, Diagnostic> {
        let bytes = std::fs::read(from).map_err(|err| Diagnostic::io(from, &err))?;
        self.write(path, Cow::Owned(bytes))
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        self.files().get(path).cloned().ok_or_else(|| {
            let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
            Diagnostic::io(&PathBuf::from(path), &missing)
        })
    }
}
