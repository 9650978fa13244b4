//! HTML conformance checks with the Nu HTML Checker (`vnu.jar`, from npm's `vnu-jar`).
//!
//! The JVM takes about a second to start, so check many files in one call.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::tools::require_tools;

/// Checks `paths` in one `java -jar vnu.jar` run: `file:line:col: message` for each error.
///
/// An empty `Vec` means valid. `None` means Java or vnu.jar is missing and the test was
/// skipped (see [`super::tools::require_tool`]). Panics if a path does not exist or vnu cannot run.
pub fn check_html_files(paths: &[PathBuf]) -> Option<Vec<String>> {
    for path in paths {
        assert!(path.is_file(), "vnu: no such file: {}", path.display());
    }
    if paths.is_empty() {
        return Some(Vec::new());
    }
    run_vnu(&[], paths)
}

/// Checks every HTML file under `dir` (recursively, `--skip-non-html`) in one run.
///
/// Same result as [`check_html_files`].
pub fn check_html_dir(dir: &Path) -> Option<Vec<String>> {
    assert!(dir.is_dir(), "vnu: no such directory: {}", dir.display());
    run_vnu(&["--skip-non-html"], &[dir.to_path_buf()])
}

/// Panics listing every vnu error in `paths`; returns quietly when valid or skipped.
pub fn assert_valid_html(paths: &[PathBuf]) {
    if let Some(errors) = check_html_files(paths) {
        assert!(
            errors.is_empty(),
            "vnu found {} HTML error(s):\n{}",
            errors.len(),
            errors.join("\n")
        );
    }
}

fn run_vnu(flags: &[&str], targets: &[PathBuf]) -> Option<Vec<String>> {
    let tools = require_tools(&["java", "vnu.jar"])?;
    let (java, jar) = (&tools[0], &tools[1]);
    let output = Command::new(java)
        // C1 only and the serial GC: about twice as fast to start, and runs here are short.
        .args([
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xss4m",
            "-jar",
        ])
        .arg(jar)
        .args(["--errors-only", "--format", "json", "--exit-zero-always"])
        .args(flags)
        .args(targets)
        .output()
        .unwrap_or_else(|e| panic!("vnu: cannot run {}: {e}", java.display()));
    // vnu writes its JSON report to stderr.
    let report = String::from_utf8_lossy(&output.stderr);
    let json_start = report.find("{\"").unwrap_or_else(|| {
        panic!(
            "vnu: no JSON report (exit {:?}):\n{report}\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let parsed: Value = serde_json::from_str(report[json_start..].trim())
        .unwrap_or_else(|e| panic!("vnu: bad JSON report ({e}):\n{report}"));
    let messages = parsed["messages"].as_array().cloned().unwrap_or_default();
    Some(
        messages
            .iter()
            .filter(|m| m["type"].as_str() != Some("info"))
            .map(format_message)
            .collect(),
    )
}

fn format_message(m: &Value) -> String {
    let file = m["url"].as_str().map(url_to_path).unwrap_or_default();
    let line = m["lastLine"]
        .as_u64()
        .or(m["firstLine"].as_u64())
        .unwrap_or(0);
    let col = m["firstColumn"]
        .as_u64()
        .or(m["lastColumn"].as_u64())
        .unwrap_or(0);
    let kind = match m["type"].as_str() {
        Some("error") | None => String::new(),
        Some(other) => format!("{other}: "),
    };
    let text = m["message"].as_str().unwrap_or("(no message)");
    format!("{file}:{line}:{col}: {kind}{text}")
}

/// `file:/a/b%20c.html` → `/a/b c.html`.
fn url_to_path(url: &str) -> String {
    let raw = url.strip_prefix("file:").unwrap_or(url);
    super::percent_decode(raw.strip_prefix("//").unwrap_or(raw))
}
