//! Fuzzes the `lessonpack.toml` parser: any text gives a config or an error, never a panic,
//! and every error carries a position inside the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use lessonpack::config::PackConfig;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(error) = PackConfig::parse(Path::new("lessonpack.toml"), text) {
        if let Some(span) = &error.span {
            let lines = text.split('\n').count().max(1);
            assert!(span.line >= 1 && span.line <= lines, "{error:?} in {lines} lines");
            assert!(span.col >= 1);
        }
    }
});
