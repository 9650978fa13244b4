//! Helpers of the authoring-command tests: run the binary, copy a pack to a temp folder.

use std::path::Path;
use std::process::{Command, Output};

use super::support::tools::repo_root;

/// Runs `lessonpack` with `args` (colours off) and waits for it.
pub fn lessonpack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lessonpack"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run the lessonpack binary")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Copies a folder tree (files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("below from"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A copy of the sample pack (lessonpack.toml and content/) in a new temp folder.
pub fn sample_pack_copy() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp folder");
    std::fs::copy(
        repo_root().join("lessonpack.toml"),
        temp.path().join("lessonpack.toml"),
    )
    .expect("copy lessonpack.toml");
    copy_tree(&repo_root().join("content"), &temp.path().join("content"));
    temp
}
