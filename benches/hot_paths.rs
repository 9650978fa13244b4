//! Micro-benchmarks of a build's hot paths on the sample pack: parsing a lesson, rendering a
//! page (views and Tera) as written and from the minified templates, and minifying a whole
//! page, which is what the minified templates save, and preparing the assets.
//! `cargo bench --bench hot_paths`.

use std::path::Path;

use lessonpack::BuildOptions;
use lessonpack::assets::Assets;
use lessonpack::config::PackConfig;
use lessonpack::content::{Lesson, LoadOptions, Pack, load_pack};
use lessonpack::layout::quiz_scripts;
use lessonpack::render::{Renderer, minify_page};
use lessonpack::site::OutputPlan;

const LESSONS: &[&str] = &[
    "content/ai/deepseek-v4.md",
    "content/energy/floating-wind.md",
    "content/energy/sand-battery.md",
];

const PAGES: &[&str] = &[
    "index.html",
    "deepseek-v4/index.html",
    "deepseek-v4/3.html",
    "deepseek-v4/end.html",
    "deepseek-v4/quiz.html",
];

fn main() {
    divan::main();
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> (Pack, Renderer) {
    let pack = load_pack(root(), LoadOptions::default()).expect("the sample pack loads");
    let renderer = Renderer::load(root(), &pack.config).expect("the built-in templates load");
    (pack, renderer)
}

#[divan::bench(args = LESSONS)]
fn parse_lesson(bencher: divan::Bencher, path: &str) {
    let config = PackConfig::load(root()).expect("the sample config loads");
    let text = std::fs::read_to_string(root().join(path)).expect("the lesson is there");
    bencher.bench(|| Lesson::parse(Path::new(path), divan::black_box(&text), &config));
}

#[divan::bench(args = PAGES)]
fn render_page_unminified(bencher: divan::Bencher, path: &str) {
    let (pack, renderer) = sample();
    let options = BuildOptions {
        minify: false,
        ..BuildOptions::new(root())
    };
    let assets = Assets::prepare(&renderer, options.minify, &quiz_scripts(&pack));
    let plan = OutputPlan::new(&pack, &renderer, &assets, &options).expect("the sample plans");
    bencher.bench(|| plan.render_page_at(path));
}

#[divan::bench(args = PAGES)]
fn render_page_minified(bencher: divan::Bencher, path: &str) {
    let (pack, renderer) = sample();
    let options = BuildOptions::new(root());
    let assets = Assets::prepare(&renderer, options.minify, &quiz_scripts(&pack));
    let plan = OutputPlan::new(&pack, &renderer, &assets, &options).expect("the sample plans");
    bencher.bench(|| plan.render_page_at(path));
}

#[divan::bench(args = PAGES)]
fn minify_whole_page(bencher: divan::Bencher, path: &str) {
    let (pack, renderer) = sample();
    let options = BuildOptions {
        minify: false,
        ..BuildOptions::new(root())
    };
    let assets = Assets::prepare(&renderer, options.minify, &quiz_scripts(&pack));
    let html = OutputPlan::new(&pack, &renderer, &assets, &options)
        .expect("the sample plans")
        .render_page_at(path)
        .expect("the page is planned")
        .expect("the page renders");
    let html = String::from_utf8(html).expect("pages are UTF-8");
    bencher.bench(|| minify_page(divan::black_box(&html)));
}

/// Preparing the stylesheet and every page script, minified or not: done once per build (and
/// once per template change in `serve`).
#[divan::bench(args = [false, true])]
fn prepare_assets(bencher: divan::Bencher, minify: bool) {
    let (pack, renderer) = sample();
    let quizzes = quiz_scripts(&pack);
    bencher.bench(|| Assets::prepare(divan::black_box(&renderer), minify, &quizzes));
}
