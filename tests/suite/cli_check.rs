//! `lessonpack check` on a pack full of mistakes: every error and warning at its line and
//! column, in the human (rustc-like) and the JSON lines formats, and the exit codes.

use super::cli_support::{lessonpack, stderr, stdout};
use super::support::tools::repo_root;

fn mistakes_root() -> String {
    repo_root()
        .join("tests/fixtures/check-mistakes")
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn check_reports_every_mistake_with_source_lines() {
    let output = lessonpack(&["check", "--root", &mistakes_root()]);
    assert_eq!(output.status.code(), Some(1), "errors mean exit 1");
    insta::assert_snapshot!("check_mistakes_human", stdout(&output));
    assert_eq!(
        stderr(&output).trim(),
        "checked 3 lessons: 8 errors, 7 warnings"
    );
}

#[test]
fn check_headlines_are_path_line_col_message() {
    let output = lessonpack(&["check", "--root", &mistakes_root()]);
    let headlines: Vec<String> = stdout(&output)
        .split("\n\n")
        .filter_map(|diagnostic| diagnostic.lines().next().map(str::to_string))
        .filter(|line| !line.is_empty())
        .collect();
    insta::assert_snapshot!("check_mistakes_headlines", headlines.join("\n"));
}

#[test]
fn check_json_is_one_object_per_line() {
    let output = lessonpack(&["check", "--root", &mistakes_root(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(value["severity"] == "error" || value["severity"] == "warning");
    }
    insta::assert_snapshot!("check_mistakes_json", text);
}

#[test]
fn check_exit_code_follows_errors_and_deny_warnings() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().to_str().unwrap();
    assert!(lessonpack(&["init", root]).status.success());
    std::fs::write(
        temp.path().join("content/plain.md"),
        "+++\ntitle = \"Plain\"\n+++\n\nA sentence without names.\n",
    )
    .unwrap();

    let lenient = lessonpack(&["check", "--root", root]);
    assert_eq!(lenient.status.code(), Some(0), "{}", stdout(&lenient));
    assert!(
        stdout(&lenient).contains("content/plain.md:5:1: warning: focus sentence has no entity")
    );

    let strict = lessonpack(&["check", "--root", root, "--deny-warnings"]);
    assert_eq!(strict.status.code(), Some(1));

    let quiet = lessonpack(&["check", "--root", root, "-q"]);
    assert_eq!(stdout(&quiet), "", "-q hides warnings");
    assert!(!temp.path().join("site").exists(), "check writes no site");
}

#[test]
fn check_on_the_sample_pack_finds_no_error() {
    let output = lessonpack(&["check", "--root", repo_root().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}
