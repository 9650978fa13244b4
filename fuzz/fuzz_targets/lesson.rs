//! Fuzzes the lesson parser (front matter, Markdown, entities, quiz) and, for every lesson
//! that parses, the rendering of all its pages: neither may panic, and a parsed lesson must
//! render.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use lessonpack::config::PackConfig;
use lessonpack::content::{Lesson, Pack, Unit};
use lessonpack::render::Renderer;
use lessonpack::diagnostic::ErrorKind;
use lessonpack::site::{BuildOptions, render_in_memory};

fn setup() -> &'static (PackConfig, Renderer) {
    static SETUP: OnceLock<(PackConfig, Renderer)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let config = PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"Fuzz\"\nlanguage = \"en\"\n[entities]\nfood = \"dish\"\n",
        )
        .expect("fixed config parses");
        let renderer =
            Renderer::load(Path::new("/nonexistent-pack"), &config).expect("built-ins load");
        (config, renderer)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (config, renderer) = setup();
    let Ok(lesson) = Lesson::parse(Path::new("content/fuzz.md"), text, config) else {
        return;
    };
    let pack = Pack {
        config: config.clone(),
        units: vec![Unit {
            dir: "".into(),
            title: None,
            order: 0,
            lessons: vec![std::sync::Arc::new(lesson)],
        }],
        warnings: Vec::new(),
    };
    let options = BuildOptions {
        minify: false,
        ..BuildOptions::new("/nonexistent-pack")
    };
    if let Err(errors) = render_in_memory(&pack, renderer, &options) {
        // Files the lesson shows are missing here; anything else is a bug.
        let broken = errors.iter().any(|e| !matches!(*e.kind, ErrorKind::Io { .. }));
        assert!(!broken, "a lesson that parses must render: {errors:?}");
    }
});
