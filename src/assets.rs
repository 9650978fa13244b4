//! The site's stylesheet and scripts: taken from the templates (built-in or the pack's own),
//! minified, and named by content hash so browsers may cache them forever.
//!
//! The page script is written by concern in `templates/js/` (each file's header says what it
//! owns). Each page kind gets one script, the join of the concerns it uses (see [`SCRIPTS`]):
//! `core.js` first, then the kind's concerns, then `start.js`, all wrapped in one function,
//! so a page still makes one script request and a quiz page carries no focus navigation. A
//! quiz page's script holds only the kinds of question its quiz asks, and the author's
//! feedback only if it has some (see [`QuizParts`]): a pack gets one quiz script per
//! combination its quizzes use. A bundle inlines the join of every concern, ending in
//! `bundle.js` instead of `start.js`.
//!
//! A pack replaces one concern by giving its own `templates/js/<file>`, which then goes into
//! every script that joins it. A pack's `templates/lessonpack.js` replaces the whole script:
//! every page kind and every bundle gets that file as it is (`assets/lessonpack.<hash>.js`).

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::render::Renderer;

/// The folder of assets in the site.
pub const ASSETS_DIR: &str = "assets";

/// A pack's own whole page script, which replaces the joined concerns everywhere.
pub const WHOLE_SCRIPT: &str = "lessonpack.js";

/// The concern every script starts with.
const CORE: &str = "js/core.js";

/// The concern a site page's script ends with.
const START: &str = "js/start.js";

/// The concern a bundle's script ends with.
const BUNDLE_ROUTING: &str = "js/bundle.js";

/// Each page kind's concerns, joined between `core.js` and `start.js` in this order.
pub const SCRIPTS: &[(&str, &[&str])] = &[
    (
        "index",
        &[
            "js/storage.js",
            "js/progress.js",
            "js/carry.js",
            "js/search-box.js",
        ],
    ),
    ("article", &["js/listen.js", "js/search-box.js"]),
    (
        "focus",
        &[
            "js/storage.js",
            "js/reading.js",
            "js/focus.js",
            "js/listen.js",
            "js/search-box.js",
        ],
    ),
    (
        "end",
        &["js/storage.js", "js/reading.js", "js/search-box.js"],
    ),
    ("practice", PRACTICE_CONCERNS),
    ("search", &["js/search.js"]),
    ("not_found", &["js/search-box.js"]),
];

/// The page kind whose script a site holds only when it has such pages: a pack without
/// `practice` keeps exactly the files it had before practice pages existed.
pub const PRACTICE: &str = "practice";

/// An entity practice page's concerns: the quiz's, with the practice kind for its questions.
const PRACTICE_CONCERNS: &[&str] = &[
    "js/storage.js",
    "js/answers.js",
    "js/kinds.js",
    "js/kinds/practice.js",
    "js/quiz.js",
    "js/search-box.js",
];

/// The page kind of quiz pages, whose script depends on the quiz (see [`QuizParts`]).
pub const QUIZ: &str = "quiz";

/// What every quiz's script holds before its parts: the stored progress, the answer scheme
/// and the registry of kinds of question.
const QUIZ_BASE: &[&str] = &["js/storage.js", "js/answers.js", "js/kinds.js"];

/// The parts a quiz's script may hold, in the order they are joined after [`QUIZ_BASE`] and
/// before `quiz.js`; [`QuizParts`] picks among them.
const QUIZ_PARTS: [&str; 5] = [
    "js/kinds/choices.js",
    "js/kinds/cloze.js",
    "js/kinds/order.js",
    "js/kinds/match.js",
    "js/feedback.js",
];

/// The script a page loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// The script of pages of a kind (see [`SCRIPTS`]).
    Page(&'static str),
    /// A quiz page's, with these parts.
    Quiz(QuizParts),
}

impl Script {
    /// The kind of page that loads it.
    pub fn page_kind(self) -> &'static str {
        match self {
            Script::Page(kind) => kind,
            Script::Quiz(_) => QUIZ,
        }
    }
}

/// Which of [`QUIZ_PARTS`] a quiz page's script holds: the scripts of the kinds of question
/// the quiz asks, and `feedback.js` when the author wrote hints, feedback on choices or
/// evidence links. One bit per part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuizParts(u8);

impl QuizParts {
    /// Every part: what a quiz of every kind, with feedback, needs.
    pub const ALL: QuizParts = QuizParts((1 << QUIZ_PARTS.len()) - 1);

    /// With the script of questions of `kind` (a [`crate::content::QuestionKind`] name).
    pub fn with_kind(self, kind: &str) -> QuizParts {
        let part = match kind {
            "cloze" => 1,
            "order" => 2,
            "match" => 3,
            // Single and multiple choice and short answers share kinds/choices.js.
            _ => 0,
        };
        QuizParts(self.0 | 1 << part)
    }

    /// With the author's feedback.
    pub fn with_feedback(self) -> QuizParts {
        QuizParts(self.0 | 1 << 4)
    }

    /// The concerns of a quiz script with these parts, in joining order.
    fn concerns(self) -> Vec<&'static str> {
        let parts = QUIZ_PARTS
            .iter()
            .enumerate()
            .filter(|(bit, _)| self.0 & 1 << bit != 0)
            .map(|(_, part)| *part);
        QUIZ_BASE
            .iter()
            .copied()
            .chain(parts)
            .chain(["js/quiz.js", "js/search-box.js"])
            .collect()
    }
}

/// A bundle's concerns: all of them, since a bundle shows every kind of page (the quiz's are
/// [`QUIZ_BASE`], then [`QUIZ_PARTS`], then `quiz.js`).
const BUNDLE_CONCERNS: &[&str] = &[
    "js/storage.js",
    "js/answers.js",
    "js/kinds.js",
    "js/kinds/choices.js",
    "js/kinds/cloze.js",
    "js/kinds/order.js",
    "js/kinds/match.js",
    "js/feedback.js",
    "js/quiz.js",
    "js/reading.js",
    "js/focus.js",
    "js/progress.js",
    "js/carry.js",
    "js/listen.js",
];

/// The site paths of the assets, relative to the site root, as templates link them.
#[derive(Debug, Clone)]
pub struct AssetNames {
    /// `assets/style.<hash>.css`
    pub css: String,
    /// `assets/icon.<hash>.svg`, the site's icon (`templates/icon.svg`).
    pub icon: String,
    /// `(page kind, assets/lessonpack.<kind>.<hash>.js)`, in the order of [`SCRIPTS`].
    scripts: Vec<(&'static str, String)>,
    /// `(parts, assets/lessonpack.quiz.<hash>.js)` for each quiz script prepared.
    quizzes: Vec<(QuizParts, String)>,
}

impl AssetNames {
    /// The site path of the script of pages of `kind` (`index`, `article`, `focus`, `end`,
    /// `practice`, `not_found`).
    pub fn js_for(&self, kind: &str) -> &str {
        self.scripts
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, name)| name.as_str())
            .unwrap_or_else(|| panic!("no script for page kind {kind:?}"))
    }

    /// The site path of `script`; a quiz script must have been prepared.
    pub fn js(&self, script: Script) -> &str {
        let parts = match script {
            Script::Page(kind) => return self.js_for(kind),
            Script::Quiz(parts) => parts,
        };
        self.quizzes
            .iter()
            .find(|(p, _)| *p == parts)
            .map(|(_, name)| name.as_str())
            .unwrap_or_else(|| panic!("no quiz script with {parts:?}"))
    }
}

/// The assets' contents and names.
#[derive(Debug, Clone)]
pub struct Assets {
    pub names: AssetNames,
    pub css: Vec<u8>,
    pub icon: Vec<u8>,
    /// Each distinct page script: `(site path, bytes)`.
    pub scripts: Vec<(String, Vec<u8>)>,
    /// The scripts a bundle inlines, made when a bundle first needs one (see
    /// [`Assets::bundle_js`]), by `practice + 2 * search`.
    bundle_scripts: [BundleScript; 4],
}

/// A bundle's script: its source, joined, and the bytes once made from it.
#[derive(Debug, Clone)]
struct BundleScript {
    source: String,
    minify: bool,
    made: std::sync::OnceLock<Vec<u8>>,
}

impl BundleScript {
    fn new(source: String, minify: bool) -> BundleScript {
        let made = std::sync::OnceLock::new();
        BundleScript {
            source,
            minify,
            made,
        }
    }

    fn bytes(&self) -> &[u8] {
        self.made
            .get_or_init(|| finish_js(&self.source, self.minify))
    }
}

/// `source` as a site serves it: minified, or as it is.
fn finish_js(source: &str, minify: bool) -> Vec<u8> {
    match minify {
        true => minify_js(source),
        false => source.as_bytes().to_vec(),
    }
}

/// A script `prepare` makes: for pages of a kind, or a quiz script.
enum Made {
    Page(&'static str),
    Quiz(QuizParts),
}

impl Assets {
    /// Prepares `style.css` and the page scripts from the renderer's templates, with a quiz
    /// script for each of `quizzes` (see [`quiz_scripts`](crate::layout::quiz_scripts)).
    /// The scripts are joined, then minified side by side on rayon's threads.
    pub fn prepare(
        renderer: &Renderer,
        minify: bool,
        quizzes: &std::collections::BTreeSet<QuizParts>,
    ) -> Assets {
        let css_source = renderer.source("style.css").unwrap_or_default();
        let css = if minify {
            minify_css(css_source)
        } else {
            css_source.as_bytes().to_vec()
        };
        let mut names = Vec::new();
        let mut quiz_names = Vec::new();
        let mut scripts: Vec<(String, Vec<u8>)> = Vec::new();
        let bundle_scripts = match renderer.source(WHOLE_SCRIPT) {
            Some(whole) => {
                let js = finish_js(whole, minify);
                let name = format!("{ASSETS_DIR}/lessonpack.{}.js", short_hash(&js));
                names.extend(SCRIPTS.iter().map(|(kind, _)| (*kind, name.clone())));
                quiz_names.extend(quizzes.iter().map(|parts| (*parts, name.clone())));
                scripts.push((name, js));
                let whole = BundleScript::new(whole.to_string(), minify);
                [whole.clone(), whole.clone(), whole.clone(), whole]
            }
            None => {
                let pages = SCRIPTS
                    .iter()
                    .map(|(kind, concerns)| (Made::Page(kind), concerns.to_vec()));
                let quizzes = quizzes
                    .iter()
                    .map(|parts| (Made::Quiz(*parts), parts.concerns()));
                let sources: Vec<(Made, String)> = pages
                    .chain(quizzes)
                    .map(|(made, concerns)| (made, join_script(renderer, &concerns, START, minify)))
                    .collect();
                let made: Vec<Vec<u8>> = sources
                    .par_iter()
                    .map(|(_, source)| finish_js(source, minify))
                    .collect();
                for ((what, _), js) in sources.into_iter().zip(made) {
                    let name = match what {
                        Made::Page(kind) => {
                            let name =
                                format!("{ASSETS_DIR}/lessonpack.{kind}.{}.js", short_hash(&js));
                            names.push((kind, name.clone()));
                            name
                        }
                        Made::Quiz(parts) => {
                            let name =
                                format!("{ASSETS_DIR}/lessonpack.{QUIZ}.{}.js", short_hash(&js));
                            quiz_names.push((parts, name.clone()));
                            name
                        }
                    };
                    // Quiz parts that join the same bytes (a pack's own concern may be empty)
                    // share one file.
                    if !scripts.iter().any(|(n, _)| *n == name) {
                        scripts.push((name, js));
                    }
                }
                let bundle = |practice: bool, search: bool| {
                    let mut concerns = BUNDLE_CONCERNS.to_vec();
                    if practice {
                        // Registered with the other kinds, before the quiz that looks them up.
                        let at = concerns.iter().position(|c| *c == "js/feedback.js");
                        concerns.insert(at.unwrap_or(0), "js/kinds/practice.js");
                    }
                    if search {
                        concerns.push("js/search.js");
                    }
                    let source = join_script(renderer, &concerns, BUNDLE_ROUTING, minify);
                    BundleScript::new(source, minify)
                };
                [
                    bundle(false, false),
                    bundle(true, false),
                    bundle(false, true),
                    bundle(true, true),
                ]
            }
        };
        let icon = renderer
            .source("icon.svg")
            .unwrap_or_default()
            .as_bytes()
            .to_vec();
        Assets {
            names: AssetNames {
                css: format!("{ASSETS_DIR}/style.{}.css", short_hash(&css)),
                icon: format!("{ASSETS_DIR}/icon.{}.svg", short_hash(&icon)),
                scripts: names,
                quizzes: quiz_names,
            },
            css,
            icon,
            scripts,
            bundle_scripts,
        }
    }

    /// The script a bundle inlines: every concern and the bundle's routing, and the practice
    /// page's kind too when `practice` (for the bundles of a pack with practice pages), and
    /// the search when `search` (for the pack bundle, which holds the search page).
    pub fn bundle_js(&self, practice: bool, search: bool) -> &[u8] {
        self.bundle_scripts[usize::from(practice) + 2 * usize::from(search)].bytes()
    }

    /// Whether these are the quiz scripts it was prepared with.
    pub fn prepared_for(&self, quizzes: &std::collections::BTreeSet<QuizParts>) -> bool {
        self.names
            .quizzes
            .iter()
            .map(|(parts, _)| parts)
            .eq(quizzes)
    }

    /// The icon as a `data:` URI, for pages that hold their assets (bundles, and the 404
    /// page without a `base_url`).
    pub fn icon_data_uri(&self) -> String {
        use base64::Engine as _;
        let data = base64::engine::general_purpose::STANDARD.encode(&self.icon);
        format!("data:image/svg+xml;base64,{data}")
    }

    /// Every asset file of the site, `(site path, bytes)`: the stylesheet, the icon, then the
    /// scripts.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        self.files_for(true)
    }

    /// The same, without the practice pages' script unless the site has `practice` pages
    /// (a script that other kinds of page share, such as a pack's whole script, stays).
    pub fn files_for(&self, practice: bool) -> Vec<(String, Vec<u8>)> {
        let used = |name: &String| {
            let quiz = self.names.quizzes.iter().any(|(_, named)| named == name);
            quiz || self
                .names
                .scripts
                .iter()
                .any(|(kind, named)| named == name && (practice || *kind != PRACTICE))
        };
        let mut files = vec![
            (self.names.css.clone(), self.css.clone()),
            (self.names.icon.clone(), self.icon.clone()),
        ];
        files.extend(self.scripts.iter().filter(|(name, _)| used(name)).cloned());
        files
    }
}

/// One script: `core.js`, `concerns` and `last`, in one function so that the files' names
/// stay out of the page's global scope. For a minified script, each file's header comment is
/// left out: inside the function, the minifier would keep it.
fn join_script(renderer: &Renderer, concerns: &[&str], last: &str, minify: bool) -> String {
    let mut js = String::from("(() => {\n'use strict';\n");
    for name in std::iter::once(&CORE).chain(concerns).chain([&last]) {
        let source = renderer.source(name).unwrap_or_default();
        let source = if minify {
            without_header(source)
        } else {
            source
        };
        js.push_str(source);
        if !js.ends_with('\n') {
            js.push('\n');
        }
    }
    js.push_str("})();\n");
    js
}

/// `source` without its leading lines of `//` comments.
fn without_header(source: &str) -> &str {
    let mut rest = source;
    while rest.trim_start_matches([' ', '\t']).starts_with("//") {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    rest
}

/// The first 10 hex digits of the SHA-256 of `bytes`.
pub fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// Minifies CSS with minify-html's CSS minifier, by way of a `<style>` element.
fn minify_css(css: &str) -> Vec<u8> {
    minify_inside("style", css, |cfg| cfg.minify_css = true)
}

/// Minifies JavaScript with minify-html's JS minifier, by way of a `<script>` element.
fn minify_js(js: &str) -> Vec<u8> {
    minify_inside("script", js, |cfg| cfg.minify_js = true)
}

fn minify_inside(element: &str, code: &str, enable: impl FnOnce(&mut minify_html::Cfg)) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    enable(&mut cfg);
    let wrapped = format!("<{element}>{code}</{element}>");
    let minified = minify_html::minify(wrapped.as_bytes(), &cfg);
    let open = format!("<{element}>");
    let close = format!("</{element}>");
    let text = String::from_utf8_lossy(&minified);
    match (text.find(&open), text.rfind(&close)) {
        (Some(start), Some(end)) if start + open.len() <= end => {
            text[start + open.len()..end].as_bytes().to_vec()
        }
        // The minifier gave something we do not recognise: ship the source as is.
        _ => code.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn every_concern_is_a_built_in_template() {
        let concerns = (SCRIPTS.iter().flat_map(|(_, concerns)| concerns.iter()))
            .chain(BUNDLE_CONCERNS)
            .chain(QUIZ_BASE)
            .chain(&QUIZ_PARTS)
            .chain(&[
                CORE,
                START,
                BUNDLE_ROUTING,
                "js/quiz.js",
                "js/kinds/practice.js",
            ]);
        for concern in concerns {
            assert!(
                crate::render::templates::BUILT_INS
                    .iter()
                    .any(|(name, _)| name == concern),
                "{concern} is not embedded (src/render/templates.rs)"
            );
        }
    }
    use crate::config::PackConfig;
    use crate::render::templates::BUILT_INS;

    fn renderer(root: &Path) -> Renderer {
        let config = PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"T\"\nlanguage = \"en\"\n",
        )
        .expect("a valid config");
        Renderer::load(root, &config).expect("the templates load")
    }

    /// Assets prepared with a quiz script of every part.
    fn prepare(renderer: &Renderer, minify: bool) -> Assets {
        Assets::prepare(renderer, minify, &[QuizParts::ALL].into())
    }

    /// The source of `script`, unminified.
    fn script(assets: &Assets, script: Script) -> String {
        let name = assets.names.js(script);
        let (_, js) = assets
            .scripts
            .iter()
            .find(|(n, _)| n == name)
            .expect("named");
        String::from_utf8(js.clone()).expect("utf-8")
    }

    /// The concern files a script holds, by their header lines (`// focus.js: …`).
    fn concerns(js: &str) -> Vec<&str> {
        js.lines()
            .filter_map(|line| line.strip_prefix("// ")?.split_once(".js: "))
            .map(|(name, _)| name)
            .collect()
    }

    #[test]
    fn each_page_kind_joins_only_the_concerns_it_uses() {
        let assets = prepare(&renderer(Path::new("/nonexistent")), false);
        let expected: &[(&str, &[&str])] = &[
            (
                "index",
                &[
                    "core",
                    "storage",
                    "progress",
                    "carry",
                    "search-box",
                    "start",
                ],
            ),
            ("article", &["core", "listen", "search-box", "start"]),
            (
                "focus",
                &[
                    "core",
                    "storage",
                    "reading",
                    "focus",
                    "listen",
                    "search-box",
                    "start",
                ],
            ),
            (
                "end",
                &["core", "storage", "reading", "search-box", "start"],
            ),
            (
                "practice",
                &[
                    "core",
                    "storage",
                    "answers",
                    "kinds",
                    "kinds/practice",
                    "quiz",
                    "search-box",
                    "start",
                ],
            ),
            ("search", &["core", "search", "start"]),
            ("not_found", &["core", "search-box", "start"]),
        ];
        for (kind, files) in expected {
            let js = script(&assets, Script::Page(kind));
            assert_eq!(concerns(&js), *files, "{kind}");
            let name = assets.names.js_for(kind);
            assert!(
                name.starts_with(&format!("assets/lessonpack.{kind}.")),
                "{name}"
            );
        }
        let practice = String::from_utf8(assets.bundle_js(true, false).to_vec()).expect("utf-8");
        assert_eq!(
            concerns(&practice)[3..9],
            [
                "kinds",
                "kinds/choices",
                "kinds/cloze",
                "kinds/order",
                "kinds/match",
                "kinds/practice"
            ]
        );
        let bundle = String::from_utf8(assets.bundle_js(false, false).to_vec()).expect("utf-8");
        assert_eq!(
            concerns(&bundle),
            [
                "core",
                "storage",
                "answers",
                "kinds",
                "kinds/choices",
                "kinds/cloze",
                "kinds/order",
                "kinds/match",
                "feedback",
                "quiz",
                "reading",
                "focus",
                "progress",
                "carry",
                "listen",
                "bundle"
            ]
        );
    }

    #[test]
    fn a_quiz_script_holds_only_the_parts_its_quiz_uses() {
        let choices = QuizParts::default().with_kind("single").with_kind("short");
        let cloze = QuizParts::default().with_kind("cloze").with_feedback();
        let quizzes = [choices, cloze, QuizParts::ALL].into();
        let assets = Assets::prepare(&renderer(Path::new("/nonexistent")), false, &quizzes);
        let base = ["core", "storage", "answers", "kinds"];
        let expected: [(QuizParts, &[&str]); 3] = [
            (choices, &["kinds/choices"]),
            (cloze, &["kinds/cloze", "feedback"]),
            (
                QuizParts::ALL,
                &[
                    "kinds/choices",
                    "kinds/cloze",
                    "kinds/order",
                    "kinds/match",
                    "feedback",
                ],
            ),
        ];
        let mut names = Vec::new();
        for (parts, files) in expected {
            let js = script(&assets, Script::Quiz(parts));
            let mut want: Vec<&str> = base.to_vec();
            want.extend(files);
            want.extend(["quiz", "search-box", "start"]);
            assert_eq!(concerns(&js), want, "{parts:?}");
            let name = assets.names.js(Script::Quiz(parts));
            assert!(name.starts_with("assets/lessonpack.quiz."), "{name}");
            names.push(name.to_string());
        }
        names.dedup();
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(assets.prepared_for(&quizzes));
        assert!(!assets.prepared_for(&[choices].into()));
        // The stylesheet, the icon, each page kind's script but the practice pages', each quiz
        // script.
        let files: Vec<String> = assets.files_for(false).into_iter().map(|f| f.0).collect();
        assert_eq!(files.len(), 2 + (SCRIPTS.len() - 1) + 3, "{files:?}");
        assert!(names.iter().all(|name| files.contains(name)), "{files:?}");
    }

    #[test]
    fn minified_scripts_leave_out_the_files_headers() {
        let assets = prepare(&renderer(Path::new("/nonexistent")), true);
        for (name, js) in &assets.scripts {
            let js = String::from_utf8_lossy(js);
            assert!(!js.contains("// "), "{name}: {js}");
            // A guard against growth: the quiz's script, every kind included, is the largest.
            assert!(js.len() < 16_384, "{name} is {} bytes", js.len());
        }
        assert_eq!(without_header("// a\n  // b\ncode // c\n"), "code // c\n");
        assert_eq!(without_header("// only\n"), "");
    }

    #[test]
    fn every_built_in_script_file_is_joined_somewhere() {
        let mut used: Vec<&str> = SCRIPTS
            .iter()
            .flat_map(|(_, files)| files.iter().copied())
            .collect();
        used.extend(BUNDLE_CONCERNS);
        used.extend(QuizParts::ALL.concerns());
        used.extend([CORE, START, BUNDLE_ROUTING]);
        for (name, _) in BUILT_INS.iter().filter(|(name, _)| name.ends_with(".js")) {
            assert!(used.contains(name), "{name} is in no script");
        }
    }

    #[test]
    fn a_pack_replaces_one_concern_or_the_whole_script_by_name() {
        let pack = tempfile::tempdir().expect("temp dir");
        let js_dir = pack.path().join("templates/js");
        std::fs::create_dir_all(&js_dir).expect("templates/js");
        std::fs::write(js_dir.join("quiz.js"), "// quiz.js: the pack's own quiz\n").expect("write");
        let assets = prepare(&renderer(pack.path()), false);
        let quiz = Script::Quiz(QuizParts::ALL);
        assert!(script(&assets, quiz).contains("the pack's own quiz"));
        assert!(!script(&assets, Script::Page("focus")).contains("the pack's own quiz"));
        assert!(
            String::from_utf8_lossy(assets.bundle_js(false, false)).contains("the pack's own quiz")
        );

        let whole = "console.log('whole');\n";
        std::fs::write(pack.path().join("templates/lessonpack.js"), whole).expect("write");
        let assets = prepare(&renderer(pack.path()), false);
        assert_eq!(assets.scripts.len(), 1);
        assert_eq!(assets.scripts[0].1, whole.as_bytes());
        assert_eq!(assets.bundle_js(false, false), whole.as_bytes());
        let name = &assets.scripts[0].0;
        assert!(
            name.starts_with("assets/lessonpack.") && name.matches('.').count() == 2,
            "{name}"
        );
        for (kind, _) in SCRIPTS {
            assert_eq!(assets.names.js_for(kind), name);
        }
        assert_eq!(assets.names.js(quiz), name);
    }

    #[test]
    fn css_is_minified() {
        let css = minify_css("body {\n  color : red ;\n}\n");
        assert_eq!(String::from_utf8(css).unwrap(), "body{color:red}");
    }

    #[test]
    fn js_is_minified_and_still_code() {
        let source = "function add(first, second) {\n  /* sum */\n  return first + second;\n}\nwindow.add = add;\n";
        let js = String::from_utf8(minify_js(source)).unwrap();
        // minify-js keeps comments inside functions, but folds white space.
        assert!(js.len() < source.len() - 10, "{js}");
        assert!(js.contains("window.add"), "{js}");
    }
}
