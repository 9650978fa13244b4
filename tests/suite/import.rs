//! `lessonpack import`: the reading app's text export becomes a lesson that matches the
//! committed expected file, and once its placeholders are filled, the sample lesson's focus
//! sentences and tags.

use std::path::Path;

use lessonpack::config::PackConfig;
use lessonpack::content::Lesson;
use lessonpack::import::{PLACEHOLDER_CHOICE, import_lesson};

use crate::support::cli::{kill_at_pause, lessonpack, stderr, stdout};
use crate::support::pack::repo_root;
use crate::support::pack::sample_pack;

const SEED: &str = "tests/fixtures/import/000_ba9b5f0d1eb579b9.txt";
const EXPECTED: &str = "tests/fixtures/import/deepseek-v4.expected.md";

fn sample_config() -> PackConfig {
    PackConfig::load(repo_root()).expect("the sample pack's config")
}

#[test]
fn import_of_the_seed_matches_the_expected_file() {
    let output = lessonpack(&[
        "import",
        SEED,
        "--stdout",
        "--root",
        repo_root().to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = std::fs::read_to_string(repo_root().join(EXPECTED)).unwrap();
    assert_eq!(stdout(&output), expected);
    assert_eq!(stderr(&output), "", "every tag is found in its sentence");
}

#[test]
fn filled_placeholders_give_the_sample_lessons_sentences_and_tags() {
    let config = sample_config();
    let seed = std::fs::read_to_string(repo_root().join(SEED)).unwrap();
    let imported = import_lesson(Path::new(SEED), &seed, &config).unwrap();

    let unfilled = Lesson::parse(Path::new("imported.md"), &imported.markdown, &config);
    let errors = unfilled.expect_err("placeholders are errors");
    assert_eq!(errors.len(), 5, "one placeholder per question");

    let mut n = 0;
    let filled = imported
        .markdown
        .lines()
        .map(|line| {
            if line.contains(PLACEHOLDER_CHOICE) {
                n += 1;
                format!("- [ ] A wrong choice number {n}.")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let lesson = Lesson::parse(Path::new("imported.md"), &filled, &config).expect("it parses");

    let sample_path = repo_root().join("content/ai/deepseek-v4.md");
    let sample_text = std::fs::read_to_string(&sample_path).unwrap();
    let sample = Lesson::parse(
        Path::new("content/ai/deepseek-v4.md"),
        &sample_text,
        &config,
    )
    .expect("the sample parses");

    let sentences = |lesson: &Lesson| -> Vec<(String, Vec<(String, String)>)> {
        lesson
            .article
            .focus_sentences
            .iter()
            .map(|s| {
                let tags = s
                    .entities
                    .iter()
                    .map(|e| (e.kind.to_string(), e.name.clone()))
                    .collect();
                (s.text.clone(), tags)
            })
            .collect()
    };
    assert_eq!(lesson.article.focus_sentences.len(), 9);
    assert_eq!(sentences(&lesson), sentences(&sample));
    assert_eq!(lesson.meta.title, sample.meta.title);
    let answers = |lesson: &Lesson| -> Vec<(String, String)> {
        let quiz = lesson.quiz().unwrap();
        quiz.questions
            .iter()
            .map(|q| {
                let right = q.choices().iter().find(|c| c.correct).unwrap();
                (q.prompt_text.clone(), right.text.clone())
            })
            .collect()
    };
    assert_eq!(answers(&lesson), answers(&sample));
}

#[test]
fn imported_lesson_is_written_once_and_build_reports_its_placeholders() {
    let pack = sample_pack();
    let root = pack.path().to_str().unwrap();
    let seed = repo_root().join(SEED);
    let seed = seed.to_str().unwrap();

    let import = lessonpack(&["import", seed, "--unit", "imported", "--root", root]);
    assert!(import.status.success(), "{}", stderr(&import));
    let written = pack
        .path()
        .join("content/imported/deepseek-delays-v4-model-release-amid-hardware-hurdles.md");
    assert!(written.is_file(), "{}", stdout(&import));

    let again = lessonpack(&["import", seed, "--unit", "imported", "--root", root]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("refusing to overwrite"),
        "{}",
        stderr(&again)
    );

    let build = lessonpack(&["build", "--root", root]);
    assert_eq!(build.status.code(), Some(1));
    let first = stderr(&build)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        first,
        "content/imported/deepseek-delays-v4-model-release-amid-hardware-hurdles.md:30:1: placeholder choice \"TODO: write a wrong choice\": replace it with a real wrong choice"
    );
}

#[test]
fn tag_missing_from_its_sentence_is_kept_as_a_comment_with_a_warning() {
    let temp = tempfile::tempdir().unwrap();
    let export = temp.path().join("export.txt");
    std::fs::write(
        &export,
        "A Title\n\nThe first sentence mentions Nvidia.\n\norgNvidia\norgIntel\n\nChallenge Mode\n\nWho?\n\nCorrect Choice\n\nNvidia\n",
    )
    .unwrap();
    let output = lessonpack(&["import", export.to_str().unwrap(), "--stdout"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(
            "The first sentence mentions [Nvidia](org:).\n\n<!-- lessonpack import: tag org \"Intel\" not found in the sentence above; mark it by hand -->\n"
        ),
        "{}",
        stdout(&output)
    );
    let warning = stderr(&output);
    assert!(
        warning.starts_with(&format!(
            "{}:6:4: warning: tag org \"Intel\" not found in its sentence: mark it by hand\n",
            export.display()
        )),
        "{warning}"
    );
}

#[test]
fn import_killed_while_writing_leaves_no_file_and_can_run_again() {
    let pack = sample_pack();
    let root = pack.path().to_str().unwrap();
    let seed = repo_root().join(SEED);
    let args = [
        "import",
        seed.to_str().unwrap(),
        "--unit",
        "imported",
        "--root",
        root,
    ];
    let unit = pack.path().join("content/imported");

    // SIGKILL, with the lesson's text written but not yet named.
    kill_at_pause(&args, "source");
    let left: Vec<_> = std::fs::read_dir(&unit).unwrap().collect();
    assert!(left.is_empty(), "left {left:?}");

    let again = lessonpack(&args);
    assert!(again.status.success(), "{}", stderr(&again));
    let expected = std::fs::read_to_string(repo_root().join(EXPECTED)).unwrap();
    assert_eq!(
        std::fs::read_to_string(
            unit.join("deepseek-delays-v4-model-release-amid-hardware-hurdles.md")
        )
        .unwrap(),
        expected
    );
    assert_eq!(std::fs::read_dir(&unit).unwrap().count(), 1);
}
