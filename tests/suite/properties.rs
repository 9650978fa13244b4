//! Property tests: any lesson that parses renders every page, and rendering the same lesson
//! twice gives identical bytes; no text makes the parser panic.

use std::path::Path;

use lessonpack::config::PackConfig;
use lessonpack::content::{Lesson, Pack, Unit};
use lessonpack::render::Renderer;
use lessonpack::site::{BuildOptions, render_in_memory};
use proptest::prelude::*;

fn config() -> PackConfig {
    PackConfig::parse(
        Path::new("lessonpack.toml"),
        "title = \"Props\"\nlanguage = \"en\"\n[entities]\nfood = \"dish\"\n",
    )
    .unwrap()
}

/// Words, some of them Markdown or HTML-ish, to make sentences of.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-zA-Zéü]{1,8}",
        1 => Just("*stress*".to_string()),
        1 => Just("`code`".to_string()),
        1 => Just("<b>".to_string()),
        1 => Just("&amp;".to_string()),
        1 => Just("\"quoted\"".to_string()),
        1 => Just("![pic](x.png)".to_string()),
        1 => Just("[link](https://example.org)".to_string()),
        3 => ("(org|person|tech|food|location)", "[A-Z][a-z]{1,6}( [A-Z][a-z]{1,6})?")
            .prop_map(|(kind, name)| format!("[{name}]({kind}:)")),
        1 => ("(concept|event)", "[a-z]{2,6}", "[A-Z][a-z]{1,6}")
            .prop_map(|(kind, text, name)| format!("[{text}]({kind}: \"{name}\")")),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..12).prop_map(|words| words.join(" ") + ".")
}

fn question() -> impl Strategy<Value = String> {
    (
        "[A-Z][a-z ]{2,20}\\?",
        prop_oneof![
            Just(""),
            Just(" {.multi}"),
            Just(" {.short}"),
            Just(" {.single}")
        ],
        prop::collection::vec(("[a-zA-Z][a-zA-Z ]{0,11}", prop::bool::weighted(0.3)), 1..5),
        prop::option::of(paragraph()),
    )
        .prop_map(|(prompt, class, choices, explanation)| {
            let mut text = format!("### {prompt}{class}\n");
            for (i, (choice, correct)) in choices.into_iter().enumerate() {
                let correct = correct || i == 0 || class == " {.short}";
                // Numbered, so two choices are never the same text.
                let mark = if correct { "x" } else { " " };
                text.push_str(&format!("- [{mark}] {i}. {choice}\n"));
            }
            if let Some(explanation) = explanation {
                text.push_str(&format!("> {explanation}\n"));
            }
            text
        })
}

fn lesson_text() -> impl Strategy<Value = String> {
    (
        "[A-Za-z <>&\"]{1,30}",
        prop::collection::vec(paragraph(), 1..6),
        prop::option::of(prop::collection::vec(question(), 0..4)),
        any::<bool>(),
        // Now and then an unknown entity kind: an error, never a panic.
        prop::bool::weighted(0.1),
    )
        .prop_map(|(title, paragraphs, quiz, heading, unknown_kind)| {
            let title = title.replace('"', "'");
            let mut text = format!("+++\ntitle = \"{title}\"\n+++\n\n");
            for (i, paragraph) in paragraphs.iter().enumerate() {
                if heading && i == 1 {
                    text.push_str("### Aside\n\n");
                }
                text.push_str(paragraph);
                text.push_str("\n\n");
            }
            if unknown_kind {
                text.push_str("Saw [Someone](orgg:).\n\n");
            }
            if let Some(questions) = quiz {
                text.push_str("## Quiz {.quiz}\n\n");
                for question in questions {
                    text.push_str(&question);
                    text.push('\n');
                }
            }
            text
        })
}

/// A pack folder holding the one image generated lessons show, so their sites can be made.
fn pack_root() -> &'static Path {
    static ROOT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content")).unwrap();
        std::fs::write(root.path().join("content/x.png"), b"\x89PNG").unwrap();
        root
    })
    .path()
}

fn render(
    lesson: &Lesson,
    config: &PackConfig,
    renderer: &Renderer,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let pack = Pack {
        config: config.clone(),
        units: vec![Unit {
            dir: "".into(),
            title: None,
            order: 0,
            lessons: vec![std::sync::Arc::new(lesson.clone())],
        }],
        warnings: Vec::new(),
    };
    let options = BuildOptions {
        minify: false,
        ..BuildOptions::new(pack_root())
    };
    let site = render_in_memory(&pack, renderer, &options)
        .unwrap_or_else(|errors| panic!("a parsed lesson failed to render: {errors:?}"));
    assert_eq!(site.report.pages, pages_of(lesson));
    let html = site.files.keys().filter(|path| path.ends_with(".html"));
    assert_eq!(
        html.count(),
        site.report.pages,
        "every planned page is in the site"
    );
    site.files
}

/// The pages of a pack of one lesson: index, 404, the article, one per focus sentence, the
/// end page, and the quiz if any.
fn pages_of(lesson: &Lesson) -> usize {
    let entities: std::collections::HashSet<_> = (lesson.article.focus_sentences.iter())
        .flat_map(|s| &s.entities)
        .collect();
    let tags: std::collections::HashSet<_> = lesson.meta.tags.iter().collect();
    // The index, the article, the end page, the search page and the 404 page.
    let lesson_pages =
        5 + lesson.article.focus_sentences.len() + usize::from(lesson.quiz().is_some());
    // The indexes of entities, tags and levels, and a page for each.
    lesson_pages + 3 + entities.len() + tags.len() + usize::from(lesson.meta.level.is_some())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_lesson_that_parses_renders_the_same_bytes_twice(text in lesson_text()) {
        let config = config();
        let renderer = Renderer::load(Path::new("/nonexistent-pack"), &config).unwrap();
        if let Ok(lesson) = Lesson::parse(Path::new("content/p.md"), &text, &config) {
            let first = render(&lesson, &config, &renderer);
            let again = Lesson::parse(Path::new("content/p.md"), &text, &config).unwrap();
            let second = render(&again, &config, &renderer);
            prop_assert_eq!(first, second);
        }
    }

    #[test]
    fn no_text_makes_the_parser_panic(text in "(\\PC|\n|\r|\t){0,400}") {
        let config = config();
        let with_front_matter = format!("+++\ntitle = \"x\"\n+++\n{text}");
        let _ = Lesson::parse(Path::new("content/p.md"), &text, &config);
        let _ = Lesson::parse(Path::new("content/p.md"), &with_front_matter, &config);
    }
}

/// The generator is useful only if many of its lessons parse: check that a good share do.
#[test]
fn most_generated_lessons_parse() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let config = config();
    let mut runner = TestRunner::deterministic();
    let strategy = lesson_text();
    let total = 300;
    let parsed = (0..total)
        .filter(|_| {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            let result = Lesson::parse(Path::new("content/p.md"), &text, &config);
            if let Err(errors) = &result {
                if std::env::var("SHOW").is_ok() {
                    eprintln!("{}", errors[0].headline());
                }
            }
            result.is_ok()
        })
        .count();
    eprintln!("{parsed} of {total} generated lessons parse");
    assert!(parsed * 3 >= total, "only {parsed} of {total} parse");
}
