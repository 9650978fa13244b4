//! Broken packs: each gives its exact diagnostic (`path:line:col: message`), a non-zero exit,
//! and leaves the previous site exactly as it was.
//!
//! Each case is a pack in `tests/fixtures/invalid/<case>/` with an `expected.txt` holding the
//! first line the build prints.
//!
//! Lesson sources that `new` and `import` cannot write (the file exists, the folder is
//! read-only, or a file stands where the folder should be) give their exact message, exit 1,
//! and leave every file as it was, with no temporary file beside them.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{cli::*, html::*, pack::*};

/// Every file under `dir` with its bytes, to compare a folder before and after.
fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    BuiltSite::read(dir).files
}

/// Runs `lessonpack build` on a copy of the case over a previous site and checks the result.
fn check_case(case: &str) {
    let source = fixture(&format!("invalid/{case}"));
    let expected = std::fs::read_to_string(source.join("expected.txt")).unwrap();
    let pack = tempfile::tempdir().unwrap();
    copy_tree(&source, pack.path());

    // A previous site from a good pack, as a user would have it.
    let previous = sample_pack();
    let previous_site = build_with(previous.path(), |o| {
        o.output = Some(pack.path().join("site"));
    });
    let before = snapshot_tree(&previous_site.dir);

    let output = run_lessonpack(pack.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{case}: {stderr}");
    assert_eq!(
        stderr.lines().next().unwrap_or_default(),
        expected.trim_end(),
        "{case}: first diagnostic line"
    );
    assert!(!stderr.contains("panicked"), "{case}: {stderr}");
    assert_eq!(
        snapshot_tree(&pack.path().join("site")),
        before,
        "{case}: the previous site changed"
    );
    // `check` finds the same error (among its warnings), exits 1, and writes nothing.
    let check = run_lessonpack(pack.path(), &["check"]);
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(check.status.code(), Some(1), "{case}: check: {report}");
    assert!(
        report.lines().any(|line| line == expected.trim_end()),
        "{case}: check does not report {expected}: {report}"
    );
    assert!(!report.contains("panicked"), "{case}: {report}");
    assert_eq!(
        snapshot_tree(&pack.path().join("site")),
        before,
        "{case}: check changed the site"
    );
    let leftovers: Vec<_> = std::fs::read_dir(pack.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("lessonpack-"))
        .collect();
    assert!(leftovers.is_empty(), "{case}: left {leftovers:?}");
}

macro_rules! invalid_cases {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                check_case(stringify!($case));
            }
        )*

        /// Every case folder has a test above, and every test a folder.
        #[test]
        fn every_invalid_fixture_has_a_test() {
            let listed: Vec<&str> = vec![$(stringify!($case)),*];
            let mut folders: Vec<String> = std::fs::read_dir(fixture("invalid"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            folders.sort();
            let mut listed_sorted = listed.clone();
            listed_sorted.sort();
            assert_eq!(folders, listed_sorted);
        }
    };
}

invalid_cases!(
    audio_folder_missing,
    blank_empty_accepted_answer,
    blank_outside_cloze,
    block_after_choices,
    choice_not_a_task_item,
    choices_without_cloze,
    cloze_with_task_list,
    cloze_without_blank,
    config_bad_entity_kind,
    config_bad_language,
    config_control_character,
    config_invalid_toml,
    config_missing,
    config_missing_title,
    config_not_utf8,
    config_quiz_key_at_top_level,
    config_unknown_key,
    config_unknown_string,
    config_wrong_type,
    date_invalid,
    draft_wrong_type,
    duplicate_choices,
    duplicate_default_slug_across_units,
    duplicate_slug,
    empty_article,
    empty_body,
    empty_choice,
    empty_choice_feedback,
    empty_entity_text,
    empty_hint,
    empty_quiz,
    entity_blank_title_and_text,
    entity_odd_canonical_name,
    evidence_beyond_the_sentences,
    evidence_not_a_number,
    evidence_zero,
    feedback_under_accepted_answer,
    file_over_size_limit,
    front_matter_missing,
    front_matter_unclosed,
    front_matter_wrong_type,
    heading_after_quiz,
    hint_after_the_choices,
    image_outside_lesson_folder,
    invalid_slug,
    invalid_toml,
    list_before_first_question,
    match_empty_side,
    match_item_without_arrow,
    match_one_item,
    match_task_item,
    missing_image,
    missing_title,
    nested_entity,
    pinned_choice_without_shuffle,
    no_correct_answer,
    no_focus_sentence,
    not_utf8,
    order_duplicate_items,
    order_one_item,
    order_task_item,
    question_without_choices,
    quiz_heading_twice,
    quiz_pass_mark_out_of_range,
    quiz_pick_in_pack_more_than_questions,
    quiz_pick_more_than_questions,
    quiz_pick_zero,
    quiz_show_answers_unknown,
    quiz_tries_zero,
    short_answer_with_wrong_item,
    short_answer_without_accepted_answer,
    single_choice_one_choice,
    single_class_with_two_correct,
    slug_dot_dot,
    slug_reserved_by_site,
    slug_windows_reserved,
    slug_with_backslash,
    slug_with_nul,
    template_syntax_error,
    template_unknown_include,
    template_unknown_template,
    template_unknown_variable,
    title_wrong_type,
    toml_control_character,
    unit_toml_control_character,
    unit_toml_invalid,
    unit_toml_unknown_key,
    unknown_entity_kind,
    unknown_entity_kind_in_quiz,
    unknown_front_matter_key,
    unknown_question_attribute,
    unknown_question_class,
    zero_byte_file,
);

#[test]
fn every_error_of_a_build_is_reported_in_one_run() {
    let pack = fixture_copy("many-errors");
    let output = run_lessonpack(pack.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let headlines: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("content/") || line.starts_with("templates/"))
        .collect();
    assert_eq!(
        headlines,
        [
            "content/a.md:5:5: unknown entity kind \"orgg\" (did you mean \"org\"?) (known: person, org, location, tech, concept, event)",
            "content/a.md:5:20: unknown entity kind \"placee\" (known: person, org, location, tech, concept, event)",
            "content/a.md:9:1: question has no correct choice: mark at least one with \"[x]\"",
            "content/u/b.md:2:9: invalid TOML: string values must be quoted, expected literal string",
            "templates/focus.html:2:31: template focus.html: found `}` but expected }}",
        ]
    );
    assert!(stderr.contains("build failed with 5 errors"), "{stderr}");
    // Each message shows its source line with a caret under the column.
    assert!(
        stderr.contains("5 | Saw [X](orgg:) and [Y](placee:).\n  |     ^"),
        "{stderr}"
    );
    assert!(!pack.path().join("site").exists());
}

#[test]
fn foreign_output_folder_is_refused_and_kept() {
    let pack = sample_pack();
    let site = pack.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("thesis.docx"), "years of work").unwrap();
    let output = run_lessonpack(pack.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "refusing to replace ./site: it is not empty and was not made by lessonpack"
        ),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(site.join("thesis.docx")).unwrap(),
        "years of work"
    );
    assert_eq!(std::fs::read_dir(&site).unwrap().count(), 1);
}

#[test]
fn output_inside_the_sources_is_refused() {
    let pack = sample_pack();
    let output = run_lessonpack(pack.path(), &["build", "--output", "content/out"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("output folder content/out is inside content/"),
        "{stderr}"
    );
    let output = run_lessonpack(pack.path(), &["build", "--output", "."]);
    assert_eq!(output.status.code(), Some(1));
    assert!(pack.path().join("lessonpack.toml").is_file());
}

#[test]
fn a_good_build_replaces_the_previous_site_whole() {
    let pack = sample_pack();
    let site = pack.path().join("site");
    build_site(pack.path());
    std::fs::remove_file(pack.path().join("content/energy/floating-wind.md")).unwrap();
    let rebuilt = build_site(pack.path());
    assert!(!rebuilt.files.contains_key("floating-wind/index.html"));
    assert!(rebuilt.files.contains_key("deepseek-v4/index.html"));
    assert!(site.join(".lessonpack").is_file());
}

#[test]
fn byte_order_mark_and_crlf_are_accepted_with_positions_still_right() {
    let pack = fixture_copy("basic");
    let lesson = pack.path().join("content/windows.md");
    let text =
        "\u{feff}+++\r\ntitle = \"Saved on Windows\"\r\n+++\r\n\r\nA [café](place:) opens.\r\n";
    std::fs::write(&lesson, text).unwrap();
    let output = run_lessonpack(pack.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.lines().next().unwrap(),
        "content/windows.md:5:3: unknown entity kind \"place\" (known: person, org, location, tech, concept, event, food)"
    );
    std::fs::write(&lesson, text.replace("(place:)", "(location:)")).unwrap();
    let site = build_site(pack.path());
    let page = site.page("windows/1.html");
    assert_eq!(one_text(&page, ".focus-text"), "A café opens.");
    assert_eq!(texts(&page, ".tag .tag-name"), ["café"]);
}

#[test]
fn a_fifty_megabyte_lesson_is_refused_by_the_default_size_limit() {
    let pack = fixture_copy("basic");
    let mut text = String::from("+++\ntitle = \"Huge\"\n+++\n\n");
    let line = "A sentence that repeats until the file is far too large to be a lesson.\n\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    std::fs::write(pack.path().join("content/huge.md"), &text).unwrap();
    let output = run_lessonpack(pack.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.lines().next().unwrap(),
        format!(
            "content/huge.md:1:1: file is {} bytes, over the limit of 4194304 bytes (raise max_file_size in lessonpack.toml if this is intended)",
            text.len()
        )
    );
}

#[test]
fn symbolic_links_are_not_followed_and_are_reported() {
    let pack = fixture_copy("basic");
    let content = pack.path().join("content");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "+++\ntitle = \"Secret\"\n+++\n\nHidden.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), content.join("secret.md"))
        .unwrap();
    std::os::unix::fs::symlink("loop", content.join("loop")).unwrap();
    let output = run_lessonpack(pack.path(), &["build"]);
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/loop:1:1: warning: symbolic link to \"loop\" not followed (it leads nowhere: a loop or a missing file): copy the file into the pack instead".to_string(),
            format!(
                "content/secret.md:1:1: warning: symbolic link to \"{}\" not followed (it points outside the pack): copy the file into the pack instead",
                outside.path().join("secret.md").display()
            ),
        ]
    );
    assert!(!pack.path().join("site/secret/index.html").exists());
}

/// Runs `new` (a lesson titled "Sand Batteries") or `import` (the seed export, whose lesson
/// is named after its title) into `unit` of the pack at `root`.
fn write_source(command: &str, root: &Path, unit: &str) -> std::process::Output {
    let root = root.to_str().unwrap();
    let seed = repo_root().join("tests/fixtures/import/000_ba9b5f0d1eb579b9.txt");
    match command {
        "new" => run_lessonpack(
            Path::new("."),
            &["new", "Sand Batteries", "--unit", unit, "--root", root],
        ),
        _ => run_lessonpack(
            Path::new("."),
            &[
                "import",
                seed.to_str().unwrap(),
                "--unit",
                unit,
                "--root",
                root,
            ],
        ),
    }
}

/// The file each command writes into `unit`.
fn source_name(command: &str) -> &'static str {
    match command {
        "new" => "sand-batteries.md",
        _ => "deepseek-delays-v4-model-release-amid-hardware-hurdles.md",
    }
}

/// Checks a refused write: exit 1, the exact first line, and the pack unchanged.
fn assert_refused(command: &str, root: &Path, unit: &str, expected: &str) {
    let before = snapshot_tree(root);
    let output = write_source(command, root, unit);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{command}: {stderr}");
    assert_eq!(
        stderr.lines().next().unwrap_or_default(),
        expected,
        "{command}"
    );
    assert!(snapshot_tree(root) == before, "{command}: files changed");
}

#[test]
fn new_and_import_never_replace_an_existing_lesson() {
    for command in ["new", "import"] {
        let pack = sample_pack();
        let target = pack
            .path()
            .join("content/energy")
            .join(source_name(command));
        std::fs::write(&target, "the author's own lesson").unwrap();
        let expected = format!(
            "refusing to overwrite {}: it already exists (choose another title or --unit, or remove the file)",
            target.display()
        );
        assert_refused(command, pack.path(), "energy", &expected);
    }
}

#[test]
fn new_and_import_where_a_file_stands_for_the_folder_name_the_path() {
    for command in ["new", "import"] {
        let pack = sample_pack();
        let notes = pack.path().join("content/notes");
        std::fs::write(&notes, "a file, not a unit folder").unwrap();
        let expected = format!("{}: file exists", notes.display());
        assert_refused(command, pack.path(), "notes", &expected);
    }
}

/// Root ignores permission bits, so the read-only folder is a real one: a tmpfs mounted
/// read-only as a unit folder (which needs root; the test is skipped, or fails under CI,
/// without it).
#[test]
fn new_and_import_into_a_read_only_folder_name_the_path() {
    for command in ["new", "import"] {
        let pack = sample_pack();
        let unit = pack.path().join("content/frozen");
        let Some(mount) = crate::faults::TmpfsMount::new(&unit, "1m") else {
            return;
        };
        std::fs::write(
            unit.join("kept.md"),
            "+++\ntitle = \"Kept\"\n+++\n\nKept.\n",
        )
        .unwrap();
        mount.remount("ro");
        let expected = format!(
            "{}: read-only file system",
            unit.join(source_name(command)).display()
        );
        assert_refused(command, pack.path(), "frozen", &expected);
        assert_eq!(std::fs::read_dir(&unit).unwrap().count(), 1);
    }
}

/// Malformed files for `import`: each case is a folder `tests/fixtures/invalid-import/<case>/`
/// holding one input file (`input.gift`, `input.md`, `input.toml`, …) and `expected.txt`, the
/// first line `lessonpack import` prints for it. Importing it into the sample pack exits 1
/// with that line, changes no file of the pack, and `--stdout` fails the same way.
#[test]
fn every_malformed_import_input_names_its_position_and_changes_no_file() {
    let mut cases: Vec<std::path::PathBuf> = std::fs::read_dir(fixture("invalid-import"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no import cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let inputs: Vec<_> = std::fs::read_dir(case)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|file| file.starts_with("input."))
            .collect();
        assert_eq!(inputs.len(), 1, "{name}: one input.* file");
        let pack = sample_pack();
        std::fs::copy(case.join(&inputs[0]), pack.path().join(&inputs[0])).unwrap();
        let before = snapshot_tree(pack.path());
        for args in [
            vec!["import", &inputs[0]],
            vec!["import", &inputs[0], "--stdout"],
        ] {
            let output = run_lessonpack(pack.path(), &args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first = stderr.lines().next().unwrap_or_default();
            if output.status.code() != Some(1) || first != expected.trim_end() {
                failures.push(format!(
                    "{name} ({}): exit {:?}, first line {first:?}, expected {:?}",
                    args.join(" "),
                    output.status.code(),
                    expected.trim_end()
                ));
            }
            if stderr.contains("panicked") {
                failures.push(format!("{name}: {stderr}"));
            }
            if !output.stdout.is_empty() {
                failures.push(format!(
                    "{name}: printed a lesson although the input is malformed"
                ));
            }
        }
        if snapshot_tree(pack.path()) != before {
            failures.push(format!("{name}: the pack changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
