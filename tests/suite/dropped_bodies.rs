//! A pack too large to hold every lesson whole drops each lesson's body once it is loaded
//! and parses it again when its pages are written (see `Lesson::drop_body`): the site must
//! be the same bytes as when every body is kept.

use std::path::Path;

use lessonpack::config::PackConfig;
use lessonpack::content::{Bodies, LoadOptions, load_lessons};

use crate::support::pack::{
    BuiltSite, assert_same_files, build_with, fixture_copy, replace_in, sample_pack,
};

/// The packs whose pages, between them, show every part of a body: article blocks and
/// images, focus sentences, every kind of question, feedback, practice, recordings, entity
/// and tag pages, search, right-to-left text.
const PACKS: &[&str] = &[
    "basic",
    "practice",
    "ways",
    "audio",
    "browser",
    "browser-cloze",
    "browser-order-match",
    "browser-feedback",
    "browser-rtl",
    "policies",
    "search",
];

fn built(root: &Path, bodies: Bodies, pretty_urls: bool, out: &str) -> BuiltSite {
    build_with(root, |o| {
        o.bodies = bodies;
        o.pretty_urls = pretty_urls;
        o.output = Some(root.join(out));
    })
}

#[test]
fn a_site_built_from_dropped_bodies_is_the_same_bytes_in_both_layouts() {
    let mut packs: Vec<(String, tempfile::TempDir)> = vec![("sample".into(), sample_pack())];
    packs.extend(
        PACKS
            .iter()
            .map(|name| (name.to_string(), fixture_copy(name))),
    );
    for (name, pack) in &packs {
        for pretty_urls in [false, true] {
            let kept = built(pack.path(), Bodies::Kept, pretty_urls, "kept");
            let dropped = built(pack.path(), Bodies::Dropped, pretty_urls, "dropped");
            assert!(kept.files.len() > 5, "{name}: {} files", kept.files.len());
            assert_same_files(
                &kept,
                &dropped,
                &format!("{name}, pretty_urls {pretty_urls}"),
            );
        }
    }
}

/// A rebuild keys every page of the new plan against the previous site's, which makes the
/// views of every lesson again: with dropped bodies, each lesson is parsed again for it.
#[test]
fn a_rebuild_from_dropped_bodies_writes_what_a_full_build_would() {
    let pack = sample_pack();
    let root = pack.path();
    built(root, Bodies::Dropped, false, "site");
    let lesson = root.join("content/energy/floating-wind.md");
    replace_in(&lesson, "turbine", "windmill");
    let rebuilt = built(root, Bodies::Dropped, false, "site");
    let fresh = built(root, Bodies::Kept, false, "fresh");
    assert_same_files(&fresh, &rebuilt, "rebuild after an edit");
    let article = String::from_utf8_lossy(&rebuilt.files["floating-wind/index.html"]);
    assert!(article.contains("windmill"), "the edit reached the article");
}

#[test]
fn dropped_lessons_keep_what_pages_across_the_pack_show() {
    let pack = sample_pack();
    let root = pack.path();
    let load = |bodies| {
        let config = PackConfig::load(root).unwrap();
        let options = LoadOptions {
            bodies,
            ..LoadOptions::default()
        };
        load_lessons(root, config, options).unwrap()
    };
    let (kept, dropped) = (load(Bodies::Kept), load(Bodies::Dropped));
    for (whole, light) in kept.lessons().zip(dropped.lessons()) {
        assert!(whole.has_body() && !light.has_body());
        assert!(light.article.blocks.is_empty());
        let quiz_read = std::panic::catch_unwind(|| light.quiz().is_some());
        assert!(
            quiz_read.is_err(),
            "a dropped lesson's quiz is refused, not empty"
        );
        assert_eq!(whole.question_count(), light.question_count());
        assert_eq!(whole.has_quiz(), light.has_quiz());
        assert_eq!(whole.summary(), light.summary());
        let texts = |l: &lessonpack::content::Lesson| {
            let sentences = l.article.focus_sentences.iter();
            sentences
                .map(|s| (s.text.clone(), s.mark_texts.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(whole), texts(light));
        let again = light.with_body(root, &dropped.config).unwrap();
        assert!(again.has_body());
        assert_eq!(
            again.quiz().map(|q| q.questions.len()),
            whole.quiz().map(|q| q.questions.len())
        );
        assert_eq!(
            format!("{:?}", again.article),
            format!("{:?}", whole.article)
        );
    }
}

/// A lesson file edited after the load is not mixed into the site: its pages are refused
/// with an error naming the file.
#[test]
fn a_lesson_changed_before_its_body_is_parsed_again_is_an_error() {
    let pack = sample_pack();
    let root = pack.path();
    let config = PackConfig::load(root).unwrap();
    let options = LoadOptions {
        bodies: Bodies::Dropped,
        ..LoadOptions::default()
    };
    let loaded = load_lessons(root, config, options).unwrap();
    let lesson = loaded.lessons().next().unwrap();
    replace_in(&root.join(&lesson.path), "+++", "+++\n");
    let error = lesson.with_body(root, &loaded.config).unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains("changed while the site was being built"),
        "{shown}"
    );
    assert_eq!(
        error.span.as_ref().unwrap().path.as_path(),
        lesson.path.as_path()
    );
}
