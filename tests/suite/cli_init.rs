//! `lessonpack init` and `lessonpack new`: a new pack builds; a new lesson builds; neither
//! overwrites anything.

use crate::support::cli::{kill_at_pause, lessonpack, stderr, stdout};

#[test]
fn init_then_build_makes_a_site() {
    let temp = tempfile::tempdir().unwrap();
    let pack = temp.path().join("my-pack");
    let pack_arg = pack.to_str().unwrap();

    let init = lessonpack(&["init", pack_arg]);
    assert!(init.status.success(), "{}", stderr(&init));
    assert!(pack.join(".gitignore").is_file());
    let gitignore = std::fs::read_to_string(pack.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "site/"), "{gitignore}");

    let build = lessonpack(&["build", "--root", pack_arg]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(
        stdout(&build).starts_with("built 1 lesson, "),
        "{}",
        stdout(&build)
    );
    let quiz =
        std::fs::read_to_string(pack.join("site/how-a-lesson-pack-works/quiz.html")).unwrap();
    for kind in ["single", "multi", "short"] {
        assert!(quiz.contains(kind), "question kind {kind} missing");
    }

    let check = lessonpack(&["check", "--root", pack_arg, "--deny-warnings"]);
    assert!(
        check.status.success(),
        "the example lesson has no warnings:\n{}",
        stdout(&check)
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("notes.txt"), "mine").unwrap();
    let init = lessonpack(&["init", temp.path().to_str().unwrap()]);
    assert_eq!(init.status.code(), Some(1));
    assert!(
        stderr(&init).starts_with("refusing to create a pack in "),
        "{}",
        stderr(&init)
    );
    assert!(!temp.path().join("lessonpack.toml").exists());
}

#[test]
fn new_lesson_builds_and_is_never_overwritten() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().to_str().unwrap();
    assert!(lessonpack(&["init", root]).status.success());

    let new = lessonpack(&[
        "new",
        "Straße über Köln",
        "--unit",
        "cities",
        "--root",
        root,
    ]);
    assert!(new.status.success(), "{}", stderr(&new));
    let file = temp.path().join("content/cities/strasse-uber-koln.md");
    assert_eq!(
        stdout(&new).trim(),
        format!(
            "wrote {}",
            std::path::Path::new("content/cities/strasse-uber-koln.md").display()
        )
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("title = \"Straße über Köln\""), "{text}");

    let build = lessonpack(&["build", "--root", root]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(
        temp.path()
            .join("site/strasse-uber-koln/quiz.html")
            .is_file()
    );

    std::fs::write(&file, "edited by the author").unwrap();
    let again = lessonpack(&[
        "new",
        "Straße über Köln",
        "--unit",
        "cities",
        "--root",
        root,
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).starts_with("refusing to overwrite "),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "edited by the author"
    );
}

#[test]
fn every_command_has_help_with_examples() {
    for command in ["build", "init", "new", "check", "serve", "import"] {
        let help = lessonpack(&[command, "--help"]);
        assert!(help.status.success());
        assert!(
            stdout(&help).contains("Examples:"),
            "{command} --help has no examples"
        );
    }
}

#[test]
fn new_killed_while_writing_leaves_no_file_and_can_run_again() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().to_str().unwrap();
    assert!(lessonpack(&["init", root]).status.success());
    let unit = temp.path().join("content/energy");
    let args = ["new", "Sand Batteries", "--unit", "energy", "--root", root];

    // SIGKILL, with the lesson's text written but not yet named.
    kill_at_pause(&args, "source");
    let left: Vec<_> = std::fs::read_dir(&unit).unwrap().collect();
    assert!(left.is_empty(), "left {left:?}");

    let again = lessonpack(&args);
    assert!(again.status.success(), "{}", stderr(&again));
    let text = std::fs::read_to_string(unit.join("sand-batteries.md")).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Sand Batteries\"\n"),
        "{text}"
    );
    assert_eq!(std::fs::read_dir(&unit).unwrap().count(), 1);
}
