//! Locating the external tools the tests drive, and skipping or failing when one is missing.
//!
//! `./test.sh` installs everything. Without it, a test that needs a missing tool prints a loud
//! `SKIPPED` line and returns early; with the environment variable `CI` set it fails instead, so
//! CI never passes by skipping.

use std::io::Write;
use std::path::PathBuf;

use super::pack::repo_root;

/// True when the `CI` environment variable is set (to anything but empty, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Where a tool would be, without judging: `None` when it is not installed.
///
/// Known names: `chromium`, `chromedriver`, `firefox` (Debian's `firefox-esr`), `geckodriver`
/// (also in `$CARGO_HOME/bin`, where `cargo install` puts it), `java`, `vnu.jar`, `axe.min.js`;
/// any other name is looked up on `PATH`.
pub fn find_tool(name: &str) -> Option<PathBuf> {
    let candidate = match name {
        "chromium" => first_existing(&["/usr/bin/chromium"]).or_else(|| on_path("chromium")),
        "chromedriver" => {
            first_existing(&["/usr/bin/chromedriver"]).or_else(|| on_path("chromedriver"))
        }
        "firefox" => first_existing(&["/usr/bin/firefox-esr", "/usr/bin/firefox"])
            .or_else(|| on_path("firefox-esr"))
            .or_else(|| on_path("firefox")),
        "geckodriver" => on_path("geckodriver").or_else(|| {
            let cargo_home = std::env::var_os("CARGO_HOME")
                .map(PathBuf::from)
                .or_else(|| Some(PathBuf::from(std::env::var_os("HOME")?).join(".cargo")))?;
            Some(cargo_home.join("bin/geckodriver"))
        }),
        "vnu.jar" => Some(repo_root().join("node_modules/vnu-jar/build/dist/vnu.jar")),
        "axe.min.js" => Some(repo_root().join("node_modules/axe-core/axe.min.js")),
        other => on_path(other),
    };
    candidate.filter(|p| p.is_file())
}

/// The path of tool `name` (see [`find_tool`]), or `None` after a loud skip message.
///
/// Panics instead when [`in_ci`]: a missing tool must fail CI. Use as
/// `let Some(java) = require_tool("java") else { return };`.
pub fn require_tool(name: &str) -> Option<PathBuf> {
    match find_tool(name) {
        Some(path) => Some(path),
        None => {
            skip_or_fail(&format!("{name} is not installed"));
            None
        }
    }
}

/// All of `names` (in order), or `None` after one skip message naming the missing ones.
pub fn require_tools(names: &[&str]) -> Option<Vec<PathBuf>> {
    let found: Vec<_> = names.iter().map(|n| (*n, find_tool(n))).collect();
    let missing: Vec<&str> = found
        .iter()
        .filter(|(_, p)| p.is_none())
        .map(|(n, _)| *n)
        .collect();
    if missing.is_empty() {
        Some(found.into_iter().filter_map(|(_, p)| p).collect())
    } else {
        skip_or_fail(&format!("not installed: {}", missing.join(", ")));
        None
    }
}

/// Panics with `why` under CI; otherwise prints a loud `SKIPPED` line to stderr and returns.
pub fn skip_or_fail(why: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("<test>");
    if in_ci() {
        panic!("{test}: {why} (CI is set, so this fails instead of skipping; run ./test.sh)");
    }
    // Straight to stderr, not `eprintln!`: the test harness captures that and hides it.
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!! SKIPPED: {test}: {why} (run ./test.sh to install the test tools) !!!!!\n"
    );
}

fn first_existing(paths: &[&str]) -> Option<PathBuf> {
    paths.iter().map(PathBuf::from).find(|p| p.is_file())
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}
