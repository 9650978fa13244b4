//! `lessonpack check` on a pack full of mistakes: every error and warning at its line and
//! column, in the human (rustc-like) and the JSON lines formats, and the exit codes.

use crate::support::cli::{lessonpack, lessonpack_command, stderr, stdout};
use crate::support::pack::{
    copy_sample_pack, planned_lessons, read_tree, repo_root, sample_pack, write_template,
};

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
    // Lessons that parse are counted: three of the fixture's five lesson files.
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

#[test]
fn check_writes_nothing_beside_the_pack_nor_in_the_temp_folder() {
    let outer = tempfile::tempdir().unwrap();
    let pack = outer.path().join("pack");
    copy_sample_pack(&pack);
    // Lessons with warnings only: the pack loads whole, so every page is rendered.
    let mistakes = repo_root().join("tests/fixtures/check-mistakes/content");
    std::fs::create_dir(pack.join("content/mistakes")).unwrap();
    for lesson in ["b-warnings.md", "c-no-quiz.md"] {
        let to = pack.join("content/mistakes").join(lesson);
        std::fs::copy(mistakes.join(lesson), to).unwrap();
    }
    // A template of the pack's own, so the pages are rendered through it.
    write_template(
        &pack,
        "end.html",
        "{% extends \"base.html\" %}{% block main %}<p>{{ page.title }}</p>{% endblock %}",
    );
    // A temp "folder" that is a file: making anything in it fails, even for root, so a check
    // that made (and later removed) a temp folder would fail here rather than pass unseen.
    let temp = outer.path().join("tmp");
    std::fs::write(&temp, "not a folder").unwrap();
    let lessons = planned_lessons(&pack);
    let before = read_tree(outer.path());

    let output = lessonpack_command(&["check", "--root", pack.to_str().unwrap()])
        .env("TMPDIR", &temp)
        .output()
        .expect("run lessonpack");
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stderr(&output).starts_with(&format!("checked {lessons} lessons: 0 errors, 7 warnings")),
        "check ran to the end: {}",
        stderr(&output)
    );
    assert_eq!(read_tree(outer.path()), before, "check changed something");
}

#[test]
fn check_reports_template_errors_found_while_rendering() {
    let temp = sample_pack();
    write_template(
        temp.path(),
        "end.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.no_such_field }}{% endblock %}",
    );
    let output = lessonpack(&["check", "--root", temp.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let printed = stdout(&output);
    let errors: Vec<&str> = printed
        .lines()
        .filter(|line| line.contains("template end.html: field `no_such_field`"))
        .collect();
    // Every end page fails alike: the error is reported once.
    assert_eq!(errors.len(), 1, "{printed}");
    assert!(!temp.path().join("site").exists());
}

#[test]
fn check_warns_of_raw_html_and_symbolic_links_as_lints() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().to_str().unwrap();
    assert!(lessonpack(&["init", root]).status.success());
    std::fs::write(
        temp.path().join("content/raw.md"),
        "+++\ntitle = \"Raw\"\n+++\n\n[Ada](person:) wrote <script>x()</script> here.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/hostname", temp.path().join("content/linked.md")).unwrap();

    let output = lessonpack(&["check", "--root", root, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let found: Vec<(String, String, String)> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .map(|v| {
            (
                v["severity"].as_str().unwrap().to_string(),
                format!(
                    "{}:{}:{}",
                    v["path"].as_str().unwrap(),
                    v["line"],
                    v["column"]
                ),
                v["message"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(_, _, message)| {
            message.starts_with("raw HTML") || message.starts_with("symbolic link")
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "warning".to_string(),
                "content/linked.md:1:1".to_string(),
                "symbolic link to \"/etc/hostname\" not followed (it points outside the pack): copy the file into the pack instead".to_string()
            ),
            (
                "warning".to_string(),
                "content/raw.md:5:22".to_string(),
                "raw HTML sanitised: removed <script> (set allow_raw_html = true in lessonpack.toml only for a pack you trust)".to_string()
            ),
        ]
    );
}
