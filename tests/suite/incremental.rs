//! The build cache: a rebuild takes unchanged pages over from the previous site, renders
//! only what changed, and leaves exactly the bytes a full build would.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use lessonpack::{BuildOptions, BuildReport, CACHE_FILE, build};
use tempfile::TempDir;

use crate::support::pack::{
    copy_sample_pack, focus_page_count, read_tree, replace_in, write_template,
};

/// A copy of the sample pack with a static folder (a file and an empty folder) and an image.
fn sample_pack_with_static() -> TempDir {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("pack");
    copy_sample_pack(&root);
    fs::create_dir_all(root.join("static/empty")).unwrap();
    fs::write(root.join("static/humans.txt"), "Made with lessonpack.\n").unwrap();
    fs::write(root.join("content/energy/wind.png"), b"\x89PNG not really").unwrap();
    let lesson = root.join("content/energy/floating-wind.md");
    let text = fs::read_to_string(&lesson).unwrap();
    let text = text.replacen("\n\n", "\n\n![A floating turbine](wind.png)\n\n", 2);
    fs::write(&lesson, text).unwrap();
    temp
}

fn build_into(root: &Path, output: &Path, cache: bool) -> BuildReport {
    let options = BuildOptions {
        output: Some(output.to_path_buf()),
        cache,
        ..BuildOptions::new(root)
    };
    build(&options).unwrap_or_else(|errors| panic!("build failed: {errors:?}"))
}

/// Asserts two trees are the same, naming the first difference.
fn assert_same_tree(actual: &Path, expected: &Path) {
    let (actual, expected) = (read_tree(actual), read_tree(expected));
    let paths = |t: &BTreeMap<PathBuf, _>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        paths(&actual),
        paths(&expected),
        "the same files and folders"
    );
    for (path, bytes) in &expected {
        assert!(actual[path] == *bytes, "{} differs", path.display());
    }
}

/// A full build, without the cache, of the pack as it is now, into a fresh folder.
fn full_build(temp: &TempDir, root: &Path, name: &str) -> PathBuf {
    let output = temp.path().join(name);
    build_into(root, &output, false);
    output
}

#[test]
fn unchanged_rebuild_renders_nothing_and_matches_a_full_build() {
    let temp = sample_pack_with_static();
    let root = temp.path().join("pack");
    let site = temp.path().join("site");

    let first = build_into(&root, &site, true);
    assert_eq!(
        first.rendered, first.pages,
        "nothing to reuse the first time"
    );
    assert!(site.join(CACHE_FILE).is_file());
    let again = build_into(&root, &site, true);
    assert_eq!(again.rendered, 0);
    assert_eq!(again.pages, first.pages);

    assert!(site.join("humans.txt").is_file() && site.join("empty").is_dir());
    assert!(site.join("floating-wind/wind.png").is_file());
    assert_same_tree(&site, &full_build(&temp, &root, "full"));
}

#[test]
fn edited_lesson_rerenders_its_own_pages_only() {
    let temp = sample_pack_with_static();
    let root = temp.path().join("pack");
    let site = temp.path().join("site");
    build_into(&root, &site, true);
    let untouched = site.join("deepseek-v4/1.html");
    let untouched_text = fs::read(&untouched).unwrap();

    // The second sentence, which a quiz choice quotes and which names Järvilämpö: the other
    // pages do not show it.
    let lesson = root.join("content/energy/sand-battery.md");
    let text = fs::read_to_string(&lesson).unwrap();
    fs::write(&lesson, text.replace("2,000 tonnes", "3,000 tonnes")).unwrap();
    let report = build_into(&root, &site, true);
    assert_eq!(
        report.rendered, 4,
        "the article, the sentence's focus page, the quiz, the page of the entity it names"
    );
    assert_eq!(fs::read(&untouched).unwrap(), untouched_text);
    assert!(
        fs::read_to_string(site.join("sand-battery/2.html"))
            .unwrap()
            .contains("3,000 tonnes")
    );
    assert_same_tree(&site, &full_build(&temp, &root, "full-1"));

    // The title shows on every page of the lesson, and on the index.
    fs::write(
        &lesson,
        text.replace("Giant Sand Battery", "Huge Sand Battery"),
    )
    .unwrap();
    let report = build_into(&root, &site, true);
    let focus_pages = focus_page_count(&site.join("sand-battery"));
    // The pages of its tags, its level and its entities list it by title.
    let way_pages = ["entities", "tags", "levels"]
        .iter()
        .flat_map(|folder| walkdir::WalkDir::new(site.join(folder)))
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter(|entry| {
            let text = fs::read_to_string(entry.path()).unwrap();
            text.contains("Huge Sand Battery")
        })
        .count();
    assert!(way_pages > 6, "{way_pages}");
    assert_eq!(
        report.rendered,
        focus_pages + 4 + way_pages,
        "article, focus, end, quiz, index, and the tag, level and entity pages"
    );
    assert_same_tree(&site, &full_build(&temp, &root, "full-2"));
}

#[test]
fn changed_template_or_static_file_or_image_is_picked_up() {
    let temp = sample_pack_with_static();
    let root = temp.path().join("pack");
    let site = temp.path().join("site");
    build_into(&root, &site, true);

    let end = include_str!("../../templates/main/end.html").replace("🎉", "🏁");
    write_template(&root, "main/end.html", &end);
    let report = build_into(&root, &site, true);
    assert_eq!(report.rendered, report.pages, "templates are global");
    assert!(
        fs::read_to_string(site.join("deepseek-v4/end.html"))
            .unwrap()
            .contains("🏁")
    );
    assert_same_tree(&site, &full_build(&temp, &root, "full-1"));

    // Another size, so the change shows even within one second of the last build.
    fs::write(root.join("static/humans.txt"), "Made by people.\n").unwrap();
    fs::write(root.join("content/energy/wind.png"), b"\x89PNG other").unwrap();
    let report = build_into(&root, &site, true);
    assert_eq!(report.rendered, 0);
    assert_eq!(
        fs::read_to_string(site.join("humans.txt")).unwrap(),
        "Made by people.\n"
    );
    assert_same_tree(&site, &full_build(&temp, &root, "full-2"));
}

#[test]
fn damaged_site_is_repaired() {
    let temp = sample_pack_with_static();
    let root = temp.path().join("pack");
    let site = temp.path().join("site");
    build_into(&root, &site, true);

    fs::remove_file(site.join("deepseek-v4/quiz.html")).unwrap();
    fs::write(site.join("deepseek-v4/end.html"), "truncated").unwrap();
    let report = build_into(&root, &site, true);
    assert_eq!(report.rendered, 2);
    assert_same_tree(&site, &full_build(&temp, &root, "full"));
}

#[test]
fn failed_rebuild_leaves_the_cached_site_untouched() {
    let temp = sample_pack_with_static();
    let root = temp.path().join("pack");
    let site = temp.path().join("site");
    // An end page that fails for one title only, so the failing build links the unchanged
    // pages of the other lessons into its staging folder first.
    let end = include_str!("../../templates/end.html").replacen(
        "{% block main -%}",
        "{% block main -%}{% if end.lesson.title == \"Broken\" %}{{ nothing.here }}{% endif %}",
        1,
    );
    assert!(end.contains("nothing.here"));
    write_template(&root, "end.html", &end);
    build_into(&root, &site, true);
    let before = read_tree(&site);

    let lesson = root.join("content/ai/deepseek-v4.md");
    let text = fs::read_to_string(&lesson).unwrap();
    let title = "DeepSeek Delays V4 Model Release Amid Hardware Hurdles";
    fs::write(&lesson, text.replace(title, "Broken")).unwrap();
    let options = BuildOptions {
        output: Some(site.clone()),
        ..BuildOptions::new(&root)
    };
    let errors = build(&options).unwrap_err();
    assert!(errors[0].to_string().contains("nothing"), "{errors:?}");
    assert!(read_tree(&site) == before, "the old site is as it was");
    assert!(!temp.path().join("site.lessonpack-staging").exists());
}

#[test]
fn removed_lesson_leaves_no_trace_in_the_updated_site() {
    let temp = sample_pack_with_static();
    let root = temp.path().join("pack");
    let site = temp.path().join("site");
    build_into(&root, &site, true);
    // The second build keeps the first site beside the live one, for the third to update.
    let lesson = root.join("content/ai/deepseek-v4.md");
    replace_in(&lesson, "early 2026", "late 2026");
    build_into(&root, &site, true);
    assert!(
        temp.path()
            .join("site.lessonpack-staging/floating-wind")
            .is_dir()
    );

    fs::remove_file(root.join("content/energy/floating-wind.md")).unwrap();
    fs::remove_dir_all(root.join("static/empty")).unwrap();
    build_into(&root, &site, true);
    assert!(!site.join("floating-wind").exists());
    assert_same_tree(&site, &full_build(&temp, &root, "full-1"));

    let report = build_into(&root, &site, false);
    assert_eq!(
        report.rendered, report.pages,
        "--no-cache renders every page"
    );
    assert_same_tree(&site, &full_build(&temp, &root, "full-2"));
}

#[test]
fn bundles_and_the_zip_follow_the_lessons_they_hold() {
    let temp = sample_pack_with_static();
    let root = temp.path().join("pack");
    let site = temp.path().join("site");
    let build_bundles = |output: &Path, cache: bool| {
        let options = BuildOptions {
            output: Some(output.to_path_buf()),
            bundle: true,
            zip: true,
            cache,
            ..BuildOptions::new(&root)
        };
        build(&options).unwrap_or_else(|errors| panic!("build failed: {errors:?}"))
    };
    build_bundles(&site, true);
    let zip = fs::read_dir(site.join("bundle"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "zip"))
        .expect("a zip");
    let old_zip = fs::read(&zip).unwrap();
    let old_bundle = fs::read(site.join("bundle/sand-battery.html")).unwrap();

    assert_eq!(build_bundles(&site, true).rendered, 0);
    assert_eq!(fs::read(&zip).unwrap(), old_zip);

    let lesson = root.join("content/energy/sand-battery.md");
    replace_in(&lesson, "2,000 tonnes", "3,000 tonnes");
    build_bundles(&site, true);
    assert_ne!(
        fs::read(&zip).unwrap(),
        old_zip,
        "the zip holds the new pages"
    );
    assert_ne!(
        fs::read(site.join("bundle/sand-battery.html")).unwrap(),
        old_bundle
    );
    let full = temp.path().join("full");
    build_bundles(&full, false);
    assert_same_tree(&site, &full);

    // Without bundles, the next build leaves none behind.
    build_into(&root, &site, true);
    assert!(!site.join("bundle").exists());
}

fn bundle_options(root: &Path, output: &Path, cache: bool) -> BuildOptions {
    BuildOptions {
        output: Some(output.to_path_buf()),
        bundle: true,
        zip: true,
        cache,
        ..BuildOptions::new(root)
    }
}

#[test]
fn an_unchanged_bundle_build_renders_no_page_and_no_bundle() {
    let temp = sample_pack_with_static();
    let root = temp.path().join("pack");
    let site = temp.path().join("site");
    let first = build(&bundle_options(&root, &site, true)).unwrap();
    assert_eq!(first.rendered, first.pages);
    assert_eq!(
        first.rendered_bundles,
        first.lessons + 1,
        "each lesson's and the pack's"
    );

    let again = build(&bundle_options(&root, &site, true)).unwrap();
    assert_eq!((again.rendered, again.rendered_bundles), (0, 0));

    // One lesson's text: its bundle and the pack's are made again, the others kept.
    let other = site.join("bundle/deepseek-v4.html");
    let other_bytes = fs::read(&other).unwrap();
    let lesson = root.join("content/energy/sand-battery.md");
    replace_in(&lesson, "2,000 tonnes", "3,000 tonnes");
    let edited = build(&bundle_options(&root, &site, true)).unwrap();
    assert_eq!(edited.rendered_bundles, 2);
    assert_eq!(fs::read(&other).unwrap(), other_bytes);
    let bundle = fs::read_to_string(site.join("bundle/sand-battery.html")).unwrap();
    assert!(bundle.contains("3,000 tonnes"));

    let full = temp.path().join("full");
    build(&bundle_options(&root, &full, false)).unwrap();
    assert_same_tree(&site, &full);
}

#[test]
fn the_memory_sink_holds_exactly_what_a_build_writes() {
    let temp = sample_pack_with_static();
    let root = temp.path().join("pack");
    let output = temp.path().join("site");
    let options = bundle_options(&root, &output, false);
    let report = build(&options).unwrap();

    let pack = lessonpack::content::load_pack(&root, Default::default()).unwrap();
    let renderer = lessonpack::render::Renderer::load(&root, &pack.config).unwrap();
    let memory = lessonpack::render_in_memory(&pack, &renderer, &options).unwrap();
    let mut files = BTreeMap::new();
    let mut folders = Vec::new();
    for (path, bytes) in read_tree(&output) {
        let path = path.to_string_lossy().replace('\\', "/");
        match bytes {
            None => folders.push(path),
            Some(_) if path.starts_with(".lessonpack") => {}
            Some(bytes) => {
                files.insert(path, bytes);
            }
        }
    }
    assert_eq!(
        memory.files.keys().collect::<Vec<_>>(),
        files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &files {
        assert!(memory.files[path] == *bytes, "{path} differs");
    }
    assert_eq!(memory.folders.iter().collect::<Vec<_>>(), {
        folders.sort();
        folders.iter().collect::<Vec<_>>()
    });
    assert_eq!(
        (memory.report.pages, memory.report.files),
        (report.pages, report.files)
    );
    assert_eq!(memory.report.files, files.len());
}

/// A site built in the folder-per-page layout (or by a lessonpack from before the
/// one-folder-per-lesson layout, which wrote the same files) is replaced cleanly by the next
/// build: no page, folder or file of the old layout stays, in the site or in the staging
/// folder that the build after it updates in place; a pack's own files survive throughout.
#[test]
fn a_site_of_the_folder_layout_is_replaced_with_nothing_stale_left() {
    let temp = sample_pack_with_static();
    let root = temp.path().join("pack");
    let site = temp.path().join("site");
    let pretty = |pretty_urls| BuildOptions {
        output: Some(site.clone()),
        pretty_urls,
        ..BuildOptions::new(&root)
    };
    build(&pretty(true)).unwrap();
    assert!(site.join("deepseek-v4/focus/3/index.html").is_file());
    build(&pretty(false)).unwrap();
    assert!(site.join("deepseek-v4/3.html").is_file());
    assert!(!site.join("deepseek-v4/focus").exists());
    assert_same_tree(&site, &full_build(&temp, &root, "full"));

    // The next build updates the staging folder, which held the folder layout, in place.
    let lesson = root.join("content/ai/deepseek-v4.md");
    replace_in(&lesson, "Huawei", "Huawei Technologies");
    let report = build(&pretty(false)).unwrap();
    assert!(report.rendered > 0 && report.rendered < report.pages);
    assert_same_tree(&site, &full_build(&temp, &root, "full-after-edit"));
    let staging = temp.path().join("site.lessonpack-staging");
    let stale: Vec<_> = (read_tree(&staging).into_keys())
        .filter(|path| path.components().any(|c| c.as_os_str() == "focus"))
        .collect();
    assert!(stale.is_empty(), "the staging folder keeps {stale:?}");
    assert!(site.join("humans.txt").is_file() && site.join("empty").is_dir());
}
