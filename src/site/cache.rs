//! The build cache: what the previous build wrote, so that a page whose inputs did not change
//! is taken over from the previous site instead of being rendered again, and a build in which
//! nothing changed writes nothing at all.
//!
//! Every output file has a key, a hash of everything it is made from. A page is made from its
//! template and its views alone (templates see nothing else but the globals in
//! [`crate::render::Renderer::fingerprint`]), so its key hashes the build's global key, the
//! page's path, its template name and its views; the global key covers this lessonpack
//! binary, the build options and the renderer's fingerprint. Other generated files are keyed
//! by their bytes or views, copied files by their source's path, size and modification time,
//! and files made of other files (bundles, the zip) by those files' keys.
//!
//! The manifest, [`CACHE_FILE`] inside the output folder, lists every file's key, size and
//! path. It is written last into the staging folder, so it always describes the site it is
//! swapped in with. The staging folder holds the site before the live one (see
//! [`super::output`]), and its manifest is taken out before it is changed. A file is then
//! kept as it is in the staging folder if its key is unchanged there, else hard-linked from
//! the live site if its key is unchanged there, else made again. Nothing is written into the
//! live site, so it stays intact until the swap and builds stay atomic.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;

/// The manifest of the output folder's files.
pub const CACHE_FILE: &str = ".lessonpack-cache";

/// The manifest's first line: its format. A different first line is not read.
const HEADER: &str = "lessonpack-cache 1";

/// One file of a site, as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Relative to the site root, `/`-separated; a folder copied from `static/` (which may
    /// be empty) ends in `/`.
    pub path: String,
    pub key: u64,
    pub size: u64,
}

/// The manifest of a build: its global key and every file in the order written.
pub(crate) fn render_manifest(global: u64, entries: &[Entry]) -> String {
    let mut text = String::with_capacity(entries.len() * 64 + 64);
    let _ = writeln!(text, "{HEADER} {global:016x}");
    for entry in entries {
        // A path that would break the line format is left out; that file is never reused.
        if !entry.path.contains(['\n', '\r']) {
            let _ = writeln!(text, "{:016x} {} {}", entry.key, entry.size, entry.path);
        }
    }
    text
}

/// A previous build's files, read from its manifest.
pub(crate) struct PreviousSite<'a> {
    dir: &'a Path,
    /// Whether its files may be reused: built with the same global key (and asked to).
    trusted: bool,
    files: HashMap<&'a str, (u64, u64)>,
}

impl<'a> PreviousSite<'a> {
    /// Reads the manifest text of the site in `dir`; `None` if it is damaged or of another
    /// format. Its files can be reused only if it was built with the same global key.
    pub fn parse(dir: &'a Path, text: &'a str, global: u64) -> Option<PreviousSite<'a>> {
        let mut lines = text.lines();
        let (format, old_global) = lines.next()?.rsplit_once(' ')?;
        if format != HEADER {
            return None;
        }
        let trusted = u64::from_str_radix(old_global, 16).ok()? == global;
        let mut files = HashMap::new();
        for line in lines {
            let mut fields = line.splitn(3, ' ');
            let key = u64::from_str_radix(fields.next()?, 16).ok()?;
            let size = fields.next()?.parse().ok()?;
            files.insert(fields.next()?, (key, size));
        }
        Some(PreviousSite {
            dir,
            trusted,
            files,
        })
    }

    /// Whether its files may be reused.
    pub fn trusted(&self) -> bool {
        self.trusted
    }

    /// Its files will not be reused, only removed where the new site has none.
    pub fn distrust(&mut self) {
        self.trusted = false;
    }

    /// The paths of its files.
    pub fn paths(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.files.keys().copied()
    }

    /// Its file at `path` if that was made from the same inputs and is still there as
    /// written (or its folder, for a path ending in `/`).
    pub fn reusable(&self, path: &str, key: u64) -> Option<Reusable> {
        let &(old_key, size) = self.files.get(path)?;
        if !self.trusted || old_key != key {
            return None;
        }
        let file = self.dir.join(path);
        let metadata = fs::symlink_metadata(&file).ok()?;
        let intact = match path.ends_with('/') {
            true => metadata.is_dir(),
            false => metadata.is_file() && metadata.len() == size,
        };
        intact.then_some(Reusable { file, size })
    }

    /// Whether it has exactly these files, from the same inputs, all still there as
    /// written: then a build has nothing to do.
    pub fn is_current(&self, wanted: &[(String, u64)]) -> bool {
        self.trusted
            && wanted.len() == self.files.len()
            && wanted
                .par_iter()
                .all(|(path, key)| self.reusable(path, *key).is_some())
    }
}

/// A file of the previous site that the new one can take over.
pub(crate) struct Reusable {
    pub file: std::path::PathBuf,
    pub size: u64,
}

/// The hasher of every key: the same in every run and on every machine, so a manifest's keys
/// can be compared with a new build's.
pub(crate) fn key_hasher() -> twox_hash::XxHash3_64 {
    twox_hash::XxHash3_64::with_seed(0)
}

/// The key of a file rendered from a template (a page, the sitemap): the build's global key,
/// the file's path and template, and the views the template sees.
pub(crate) fn view_key(global: u64, path: &str, template: &str, views: &impl Hash) -> u64 {
    let mut hasher = key_hasher();
    global.hash(&mut hasher);
    path.hash(&mut hasher);
    template.hash(&mut hasher);
    views.hash(&mut hasher);
    hasher.finish()
}

/// The key of a generated file other than a page: its bytes.
pub(crate) fn bytes_key(global: u64, path: &str, bytes: &[u8]) -> u64 {
    let mut hasher = key_hasher();
    global.hash(&mut hasher);
    path.hash(&mut hasher);
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// The key of a file made from other files of the site (a bundle, the zip of the site):
/// their paths and keys, in any order.
pub(crate) fn derived_key(global: u64, path: &str, files: &[(String, u64)]) -> u64 {
    let mut sorted: Vec<&(String, u64)> = files.iter().collect();
    sorted.sort_unstable();
    let mut hasher = key_hasher();
    global.hash(&mut hasher);
    path.hash(&mut hasher);
    sorted.hash(&mut hasher);
    hasher.finish()
}

/// The key of a copied file: where it comes from, its size and modification time.
pub(crate) fn copy_key(global: u64, path: &str, source: &Path) -> std::io::Result<u64> {
    let metadata = fs::metadata(source)?;
    let mut hasher = key_hasher();
    global.hash(&mut hasher);
    path.hash(&mut hasher);
    source.hash(&mut hasher);
    metadata.len().hash(&mut hasher);
    metadata.modified()?.hash(&mut hasher);
    Ok(hasher.finish())
}

/// The global key of a build: this binary, the options and everything templates see besides
/// the page's views.
pub(crate) fn global_key(renderer_fingerprint: u64, minify: bool, pretty_urls: bool) -> u64 {
    let mut hasher = key_hasher();
    HEADER.hash(&mut hasher);
    binary_id().hash(&mut hasher);
    renderer_fingerprint.hash(&mut hasher);
    minify.hash(&mut hasher);
    pretty_urls.hash(&mut hasher);
    hasher.finish()
}

/// This lessonpack binary, so a new version (or any rebuilt one) never reuses pages rendered
/// by another: its size and modification time, read once. If it cannot be read, a value no
/// other process shares, so nothing is reused.
fn binary_id() -> (u64, u128, u32) {
    static ID: OnceLock<(u64, u128, u32)> = OnceLock::new();
    *ID.get_or_init(|| {
        let metadata = std::env::current_exe().and_then(fs::metadata);
        match metadata.and_then(|m| Ok((m.len(), m.modified()?))) {
            Ok((len, modified)) => {
                let nanos = modified
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos());
                (len, nanos, 0)
            }
            Err(_) => (0, 0, std::process::id()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, key: u64, size: u64) -> Entry {
        Entry {
            path: path.to_string(),
            key,
            size,
        }
    }

    #[test]
    fn manifest_round_trips_and_checks_the_files() {
        let temp = tempfile::tempdir().unwrap();
        fs::create_dir(temp.path().join("a b")).unwrap();
        fs::write(temp.path().join("a b/index.html"), "12345").unwrap();
        fs::write(temp.path().join("404.html"), "404").unwrap();
        let entries = [entry("a b/index.html", 7, 5), entry("404.html", 9, 3)];
        let text = render_manifest(42, &entries);

        let previous = PreviousSite::parse(temp.path(), &text, 42).unwrap();
        assert_eq!(previous.reusable("a b/index.html", 7).unwrap().size, 5);
        assert!(
            previous.reusable("a b/index.html", 8).is_none(),
            "other key"
        );
        assert!(previous.reusable("index.html", 7).is_none(), "not listed");
        let wanted = vec![
            ("a b/index.html".to_string(), 7),
            ("404.html".to_string(), 9),
        ];
        assert!(previous.is_current(&wanted));
        assert!(!previous.is_current(&wanted[..1]), "a file fewer");

        fs::write(temp.path().join("404.html"), "4044").unwrap();
        assert!(previous.reusable("404.html", 9).is_none(), "changed size");
        assert!(!previous.is_current(&wanted));
    }

    #[test]
    fn manifest_of_another_build_is_not_trusted_and_damaged_one_not_read() {
        let text = render_manifest(42, &[entry("index.html", 1, 1)]);
        let other = PreviousSite::parse(Path::new("."), &text, 43).unwrap();
        assert!(!other.trusted());
        assert_eq!(other.paths().collect::<Vec<_>>(), ["index.html"]);
        assert!(PreviousSite::parse(Path::new("."), "garbage", 42).is_none());
        let damaged = format!("{text}zz 1 x\n");
        assert!(PreviousSite::parse(Path::new("."), &damaged, 42).is_none());
    }
}
