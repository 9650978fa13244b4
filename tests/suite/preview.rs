//! The preview `serve` keeps: updated in place, it renders only what an edit changed and
//! always holds what a full build would write.

use std::collections::BTreeMap;
use std::path::Path;

use lessonpack::BuildOptions;
use lessonpack::site::preview::Preview;

use crate::support::pack::*;

/// Every file below `dir` but the build's marker and manifest, by relative path.
fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BuiltSite::read(dir).files;
    files.retain(|path, _| !path.starts_with(".lessonpack"));
    files
}

/// Asserts the preview's folder holds exactly what a full, unminified build writes now.
fn assert_matches_a_full_build(root: &Path, preview_dir: &Path) {
    let full = build_with(root, |o| {
        o.output = Some(root.join("full"));
        o.minify = false;
        o.cache = false;
    });
    let (preview, full) = (site_files(preview_dir), site_files(&full.dir));
    assert_eq!(
        preview.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &full {
        assert!(preview[path] == *bytes, "{path} differs from a full build");
    }
}

fn preview_of(root: &Path) -> (Preview, std::path::PathBuf) {
    let dir = root.join("preview");
    let options = BuildOptions {
        output: Some(dir.clone()),
        minify: false,
        ..BuildOptions::new(root)
    };
    (Preview::new(options), dir)
}

#[test]
fn an_edit_renders_its_lesson_pages_and_the_index_only() {
    let pack = sample_pack();
    let (mut preview, dir) = preview_of(pack.path());
    let first = preview.update().unwrap();
    assert_eq!(first.report.rendered, planned_pages(pack.path()));
    assert_matches_a_full_build(pack.path(), &dir);

    let again = preview.update().unwrap();
    assert_eq!(again.report.rendered, 0);
    assert!(again.changed.is_empty(), "{:?}", again.changed);

    // One sentence of one lesson: its article, that focus page, the quiz that quotes it, the
    // page of the entity it names, and the search index, which holds the sentence.
    let lesson = pack.path().join("content/energy/sand-battery.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    std::fs::write(&lesson, text.replace("2,000 tonnes", "3,000 tonnes")).unwrap();
    let update = preview.update().unwrap();
    assert_eq!(
        update.changed,
        [
            "entities/org/jarvilampo.html",
            "sand-battery/2.html",
            "sand-battery/index.html",
            "sand-battery/quiz.html",
            "search/index.js",
        ]
    );
    assert_matches_a_full_build(pack.path(), &dir);

    // Its title shows on every page of the lesson, the index, the feed, and the pages of its
    // entities, tags and level.
    std::fs::write(
        &lesson,
        text.replace("Giant Sand Battery", "Huge Sand Battery"),
    )
    .unwrap();
    let update = preview.update().unwrap();
    assert!(update.changed.iter().all(|path| {
        ["sand-battery/", "entities/", "tags/", "levels/"]
            .iter()
            .any(|folder| path.starts_with(folder))
            || ["index.html", "feed.xml", "search/index.js"].contains(&path.as_str())
    }));
    assert!(update.changed.contains(&"index.html".to_string()));
    assert_matches_a_full_build(pack.path(), &dir);
}

/// After an edit, the pages are announced as soon as they are written, before the search index
/// of the whole pack is merged again; the update returned lists the index too.
#[test]
fn pages_are_announced_before_the_search_index_is_written() {
    let pack = sample_pack();
    let (mut preview, dir) = preview_of(pack.path());
    let mut first_announced = Vec::new();
    preview
        .update_then_index(|changed| first_announced = changed.to_vec())
        .unwrap();
    // The first update writes the index with the pages.
    assert!(first_announced.contains(&"search/index.js".to_string()));

    let lesson = pack.path().join("content/energy/sand-battery.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    std::fs::write(&lesson, text.replace("2,000 tonnes", "3,000 zettatonnes")).unwrap();
    let read = |path: &str| std::fs::read_to_string(dir.join(path)).unwrap();
    let mut seen = None;
    let update = preview
        .update_then_index(|changed| {
            seen = Some((
                changed.to_vec(),
                read("sand-battery/2.html").contains("zettatonnes"),
                read("search/index.js").contains("zettatonnes"),
            ));
        })
        .unwrap();
    let (announced, page_written, index_written) = seen.expect("the pages were announced");
    assert!(page_written, "the page was announced before it was written");
    assert!(
        !index_written,
        "the index was merged before the pages were announced"
    );
    assert!(announced.contains(&"sand-battery/2.html".to_string()));
    assert!(!announced.contains(&"search/index.js".to_string()));
    assert!(update.changed.contains(&"search/index.js".to_string()));
    assert!(read("search/index.js").contains("zettatonnes"));
    assert_matches_a_full_build(pack.path(), &dir);
}

#[test]
fn config_templates_and_removed_lessons_reach_the_preview() {
    let pack = sample_pack();
    let (mut preview, dir) = preview_of(pack.path());
    preview.update().unwrap();

    // A string every page shows.
    let config = pack.path().join("lessonpack.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[strings]\nskip_to_content = \"Skip\"\n"),
    )
    .unwrap();
    assert_eq!(
        preview.update().unwrap().report.rendered,
        planned_pages(pack.path())
    );
    assert_matches_a_full_build(pack.path(), &dir);

    // A template: every page is rendered again (a page's key covers all templates).
    write_template(
        pack.path(),
        "end.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"mine\">{{ end.you_read_text }}</p>{% endblock main %}",
    );
    assert_eq!(
        preview.update().unwrap().report.rendered,
        planned_pages(pack.path())
    );
    assert_matches_a_full_build(pack.path(), &dir);

    // A lesson removed: its pages and folders go.
    std::fs::remove_file(pack.path().join("content/energy/sand-battery.md")).unwrap();
    let update = preview.update().unwrap();
    assert!(
        update
            .changed
            .iter()
            .any(|path| path == "sand-battery/quiz.html")
    );
    assert!(!dir.join("sand-battery").exists());
    assert_matches_a_full_build(pack.path(), &dir);
}

#[test]
fn a_failed_update_writes_nothing_and_the_next_one_recovers() {
    let pack = sample_pack();
    let (mut preview, dir) = preview_of(pack.path());
    preview.update().unwrap();
    let before = site_files(&dir);

    let lesson = pack.path().join("content/energy/sand-battery.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    std::fs::write(
        &lesson,
        text.replace("2,000 tonnes", "[3,000 tonnes](nonsense:)"),
    )
    .unwrap();
    let errors = preview.update().unwrap_err();
    assert!(
        errors[0].headline().contains("sand-battery.md"),
        "{errors:?}"
    );
    assert!(site_files(&dir) == before, "nothing written");

    std::fs::write(&lesson, text.replace("2,000 tonnes", "3,000 tonnes")).unwrap();
    // With the page of the entity the sentence names.
    assert_eq!(preview.update().unwrap().report.rendered, 4);
    assert_matches_a_full_build(pack.path(), &dir);
}

#[test]
fn edits_that_change_a_lessons_pages_reach_the_preview() {
    let pack = sample_pack();
    let (mut preview, dir) = preview_of(pack.path());
    preview.update().unwrap();
    let lesson = pack.path().join("content/energy/sand-battery.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    let focus_pages = |dir: &Path| focus_page_count(&dir.join("sand-battery"));
    let before = focus_pages(&dir);

    // A paragraph more: a focus page more, and the counts on every page of the lesson.
    let added = text.replace(
        "### Background",
        "A second plant is planned in [Tampere](location:).\n\n### Background",
    );
    std::fs::write(&lesson, &added).unwrap();
    preview.update().unwrap();
    assert_eq!(focus_pages(&dir), before + 1);
    assert_matches_a_full_build(pack.path(), &dir);

    // The quiz taken out: the quiz page goes.
    let at = added.find("## Challenge Mode").expect("the quiz heading");
    std::fs::write(&lesson, &added[..at]).unwrap();
    let update = preview.update().unwrap();
    assert!(
        update
            .changed
            .iter()
            .any(|path| path == "sand-battery/quiz.html")
    );
    assert!(!dir.join("sand-battery/quiz").exists());
    assert_matches_a_full_build(pack.path(), &dir);

    // Practice asked for in the front matter: a practice page comes.
    let practised = added[..at].replacen("level = \"C1\"", "level = \"C1\"\npractice = true", 1);
    std::fs::write(&lesson, practised).unwrap();
    preview.update().unwrap();
    assert!(dir.join("sand-battery/practice.html").exists());
    assert_matches_a_full_build(pack.path(), &dir);
}

#[test]
fn entities_tags_and_levels_follow_edits_of_one_lesson() {
    let pack = sample_pack();
    let (mut preview, dir) = preview_of(pack.path());
    preview.update().unwrap();
    let lesson = pack.path().join("content/energy/sand-battery.md");
    let text = std::fs::read_to_string(&lesson).unwrap();

    // A new entity in one sentence: its page, the index of entities, and that sentence's
    // pages change.
    let marked = text.replace("2,000 tonnes", "2,000 tonnes of [Sandia](org:)");
    std::fs::write(&lesson, &marked).unwrap();
    let update = preview.update().unwrap();
    for path in ["entities/org/sandia.html", "entities/index.html"] {
        assert!(
            update.changed.iter().any(|p| p == path),
            "{path}: {update:?}"
        );
    }
    assert_matches_a_full_build(pack.path(), &dir);

    // Another lesson names an entity whose slug this one's shares: the slugs are told apart
    // and the other lesson's links follow, though that lesson did not change.
    let other = pack.path().join("content/ai/deepseek-v4.md");
    let other_text = std::fs::read_to_string(&other).unwrap();
    // "SANDIA" sorts first and takes `sandia`: this lesson's "Sandia" becomes `sandia-2`.
    std::fs::write(
        &other,
        other_text.replacen("[Huawei](org:)", "[Huawei](org:) and [SANDIA](org:)", 1),
    )
    .unwrap();
    preview.update().unwrap();
    assert!(dir.join("entities/org/sandia-2.html").exists());
    assert_matches_a_full_build(pack.path(), &dir);
    std::fs::write(&other, &other_text).unwrap();
    preview.update().unwrap();
    assert!(!dir.join("entities/org/sandia-2").exists());
    assert_matches_a_full_build(pack.path(), &dir);

    // A new tag and a new level: their pages appear, the old level's page goes.
    let retagged = text
        .replace("level = \"C1\"", "level = \"A2\"")
        .replace("tags = [", "tags = [\"sand\", ");
    assert_ne!(retagged, text);
    std::fs::write(&lesson, retagged).unwrap();
    // (`sand-battery` is the only C1 lesson.)
    preview.update().unwrap();
    assert!(dir.join("tags/sand.html").exists());
    assert!(dir.join("levels/a2.html").exists());
    assert!(!dir.join("levels/c1").exists());
    assert_matches_a_full_build(pack.path(), &dir);
}
