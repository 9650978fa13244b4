//! Running the `lessonpack` binary in tests, and reading what it printed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The `lessonpack` binary with `args`, colours off, to run after more settings.
pub fn lessonpack_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lessonpack"));
    command.args(args).env("NO_COLOR", "1");
    command
}

/// Runs `lessonpack` with `args` in the current folder and waits for it.
pub fn lessonpack(args: &[&str]) -> Output {
    lessonpack_command(args)
        .output()
        .expect("run the lessonpack binary")
}

/// Runs `lessonpack` with `args` in `dir` and waits for it.
pub fn run_lessonpack(dir: &Path, args: &[&str]) -> Output {
    lessonpack_command(args)
        .current_dir(dir)
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

/// Starts `lessonpack` with `args`, waits until it says it paused at `point` (the binary's
/// `LESSONPACK_TEST_PAUSE` hook), then kills it with SIGKILL and reaps it.
pub fn kill_at_pause(args: &[&str], point: &str) {
    let mut child = lessonpack_command(args)
        .env("LESSONPACK_TEST_PAUSE", point)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the lessonpack binary");
    let stderr = child.stderr.take().expect("piped stderr");
    let said = BufReader::new(stderr).lines().next();
    let said = said.expect("a line on stderr").expect("readable stderr");
    assert_eq!(said, format!("lessonpack: paused at {point}"));
    child.kill().expect("kill lessonpack");
    child.wait().expect("reap lessonpack");
}
