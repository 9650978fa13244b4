//! Packs and sites on disk for tests: the repository root, copies of the sample pack and of
//! fixture packs, building one, and reading a folder tree back (the one tree reader).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lessonpack::{BuildOptions, build};
use scraper::Html;

/// The repository root, which is itself the sample pack (and holds `node_modules/`).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture pack under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Copies a folder tree (files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the sample pack (config and content only: the built-in templates apply).
pub fn sample_pack() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_sample_pack(temp.path());
    temp
}

/// Copies the sample pack's config and content into `root` (made when missing).
pub fn copy_sample_pack(root: &Path) {
    copy_tree(&repo_root().join("content"), &root.join("content"));
    std::fs::copy(
        repo_root().join("lessonpack.toml"),
        root.join("lessonpack.toml"),
    )
    .unwrap();
}

/// A copy of a fixture pack in a temp folder.
pub fn fixture_copy(name: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), temp.path());
    temp
}

/// Replaces every `from` in the file at `path` by `to`; panics when `from` is not there, so
/// an edit a test relies on cannot silently do nothing.
pub fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        text.contains(from),
        "{}: no {from:?} to replace",
        path.display()
    );
    std::fs::write(path, text.replace(from, to))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Writes `text` as the pack's own template `name` (a path below `templates/`, folders made
/// as needed), which replaces the built-in of that name.
pub fn write_template(root: &Path, name: &str, text: &str) {
    let path = root.join("templates").join(name);
    let folder = path.parent().expect("a template path has a folder");
    std::fs::create_dir_all(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Every entry below `dir` (itself left out), sorted by path relative to `dir`: files with
/// their bytes, folders and links with none.
pub fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|entry| {
            let entry = entry.unwrap_or_else(|e| panic!("walk {}: {e}", dir.display()));
            let bytes = entry.file_type().is_file().then(|| {
                std::fs::read(entry.path())
                    .unwrap_or_else(|e| panic!("read {}: {e}", entry.path().display()))
            });
            let relative = entry.path().strip_prefix(dir).expect("below dir");
            (relative.to_path_buf(), bytes)
        })
        .collect()
}

/// A built site: its folder and every file in it, by path relative to the site root.
pub struct BuiltSite {
    pub dir: PathBuf,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Asserts that two builds hold the same files with the same bytes; `what` says which.
pub fn assert_same_files(expected: &BuiltSite, actual: &BuiltSite, what: &str) {
    assert_eq!(
        expected.files.keys().collect::<Vec<_>>(),
        actual.files.keys().collect::<Vec<_>>(),
        "{what}: the same files"
    );
    for (path, bytes) in &expected.files {
        assert!(bytes == &actual.files[path], "{what}: {path} differs");
    }
}

impl BuiltSite {
    /// Reads every file of a built site.
    pub fn read(dir: &Path) -> BuiltSite {
        let files = read_tree(dir)
            .into_iter()
            .filter_map(|(path, bytes)| {
                let relative = path.to_string_lossy().replace('\\', "/");
                Some((relative, bytes?))
            })
            .collect();
        BuiltSite {
            dir: dir.to_path_buf(),
            files,
        }
    }

    /// A page parsed as HTML; panics with the list of pages when it is missing.
    pub fn page(&self, path: &str) -> Html {
        let bytes = self.files.get(path).unwrap_or_else(|| {
            panic!(
                "no {path} in the site; pages: {:?}",
                self.html_paths().collect::<Vec<_>>()
            )
        });
        Html::parse_document(std::str::from_utf8(bytes).unwrap())
    }

    pub fn text(&self, path: &str) -> String {
        String::from_utf8(self.files[path].clone()).unwrap()
    }

    pub fn html_paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys().filter(|p| p.ends_with(".html"))
    }

    /// The focus pages of the lesson `slug`: its folder's numbered pages (`slug/3.html`).
    pub fn focus_paths(&self, slug: &str) -> Vec<&String> {
        let folder = format!("{slug}/");
        (self.html_paths())
            .filter(|p| {
                p.strip_prefix(&folder)
                    .and_then(|name| name.strip_suffix(".html"))
                    .is_some_and(|n| n.parse::<usize>().is_ok())
            })
            .collect()
    }
}

/// How many focus pages the lesson folder `dir` of a built site holds (`1.html`, `2.html`, …).
pub fn focus_page_count(dir: &Path) -> usize {
    (std::fs::read_dir(dir).unwrap())
        .filter(|entry| {
            let name = entry.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.strip_suffix(".html")
                .is_some_and(|n| n.parse::<usize>().is_ok())
        })
        .count()
}

/// Builds the pack at `root` into `root/site` with the given options and reads it back.
pub fn build_with(root: &Path, adjust: impl FnOnce(&mut BuildOptions)) -> BuiltSite {
    let mut options = BuildOptions::new(root);
    adjust(&mut options);
    let report = build(&options).unwrap_or_else(|errors| {
        panic!(
            "build failed:\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    BuiltSite::read(&report.output)
}

/// Builds with the default options.
pub fn build_site(root: &Path) -> BuiltSite {
    build_with(root, |_| {})
}

/// How many pages the plan of the pack at `root` has: what tests expect a build to write.
pub fn planned_pages(root: &Path) -> usize {
    let options = BuildOptions::new(root);
    let pack = load_default(root);
    let renderer = lessonpack::render::Renderer::load(root, &pack.config).expect("templates load");
    let quizzes = lessonpack::layout::quiz_scripts(&pack);
    let assets = lessonpack::assets::Assets::prepare(&renderer, options.minify, &quizzes);
    lessonpack::site::OutputPlan::new(&pack, &renderer, &assets, &options)
        .expect("the pack plans")
        .page_count()
}

/// How many lessons a default build of the pack at `root` holds (drafts left out).
pub fn planned_lessons(root: &Path) -> usize {
    load_default(root).lessons().count()
}

/// The pack at `root` loaded as a default build loads it; panics when it does not load.
fn load_default(root: &Path) -> lessonpack::content::Pack {
    let load = lessonpack::content::LoadOptions::default();
    lessonpack::content::load_pack(root, load).expect("the pack loads")
}
