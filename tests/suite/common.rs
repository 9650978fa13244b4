//! Building fixture packs for tests: copy a pack to a temp folder, build it, and read the
//! pages back as parsed HTML.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lessonpack::{BuildOptions, build};
use scraper::{ElementRef, Html, Selector};

/// The repository root, which is itself the sample pack.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
    std::fs::copy(
        repo_root().join("lessonpack.toml"),
        temp.path().join("lessonpack.toml"),
    )
    .unwrap();
    copy_tree(&repo_root().join("content"), &temp.path().join("content"));
    temp
}

/// A copy of a fixture pack in a temp folder.
pub fn fixture_copy(name: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), temp.path());
    temp
}

/// A built site: its folder and every file in it, by path relative to the site root.
pub struct BuiltSite {
    pub dir: PathBuf,
    pub files: BTreeMap<String, Vec<u8>>,
}

impl BuiltSite {
    /// Reads every file of a built site.
    pub fn read(dir: &Path) -> BuiltSite {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let relative = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(relative, std::fs::read(entry.path()).unwrap());
            }
        }
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

/// Runs the `lessonpack` binary with `args` in `dir`.
pub fn run_lessonpack(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lessonpack"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Parses a CSS selector (panics on a typo in the test).
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

/// The text of an element with white space folded.
pub fn text_of(element: ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The folded texts of every element matching `css`.
pub fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css)).map(text_of).collect()
}

/// The single element matching `css`, as text; panics if there is not exactly one.
pub fn one_text(html: &Html, css: &str) -> String {
    let found = texts(html, css);
    assert_eq!(found.len(), 1, "expected one {css}, found {found:?}");
    found[0].clone()
}

/// An attribute of the single element matching `css`.
pub fn attr(html: &Html, css: &str, name: &str) -> String {
    let element = html
        .select(&sel(css))
        .next()
        .unwrap_or_else(|| panic!("no element {css}"));
    element
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("{css} has no {name}"))
        .to_string()
}

/// How many pages the plan of the pack at `root` has: what tests expect a build to write.
pub fn planned_pages(root: &Path) -> usize {
    let options = BuildOptions::new(root);
    let load = lessonpack::content::LoadOptions { drafts: false };
    let pack = lessonpack::content::load_pack(root, load).expect("the pack loads");
    let renderer = lessonpack::render::Renderer::load(root, &pack.config).expect("templates load");
    let assets = lessonpack::assets::Assets::prepare(&renderer, options.minify);
    lessonpack::site::OutputPlan::new(&pack, &renderer, &assets, &options)
        .expect("the pack plans")
        .page_count()
}
