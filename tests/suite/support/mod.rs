//! Shared helpers of the integration tests.
//!
//! - [`pack`]: the repo root, copies of the sample and fixture packs, building one, and the one
//!   tree reader ([`pack::read_tree`], [`pack::BuiltSite`]).
//! - [`cli`]: running the `lessonpack` binary.
//! - [`html`]: selectors and texts of parsed pages.
//! - [`tools`]: finding tools (skip locally / fail under `CI` when missing).
//! - [`vnu`]: HTML conformance with the Nu HTML Checker.
//! - [`browser`]: headless Chromium or Firefox over WebDriver, with a synchronous API, and
//!   axe-core; `each_browser!` makes one test per engine.
//! - [`server`]: a static file server on 127.0.0.1 for browser tests.
//!
//! `./test.sh` installs the tools these need (Chromium, chromedriver, Firefox, geckodriver,
//! Java, npm packages).
// Each test module uses only some of these helpers.
#![allow(dead_code)]

pub mod browser;
pub mod cli;
pub mod html;
pub mod pack;
pub mod server;
pub mod tools;
pub mod vnu;

#[cfg(test)]
mod selftest;

use std::path::Path;

/// The `file://` URL of `path` (made absolute against the current directory first).
pub fn file_url(path: &Path) -> String {
    let absolute =
        std::path::absolute(path).unwrap_or_else(|e| panic!("file_url: {}: {e}", path.display()));
    url::Url::from_file_path(&absolute)
        .unwrap_or_else(|()| panic!("file_url: not a file path: {}", absolute.display()))
        .to_string()
}

/// Decodes `%XX` escapes (invalid ones stay as they are).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
