//! The crate's layers: every `crate::` path in `src/` goes down the layer list that the crate
//! docs (`src/lib.rs`, "Layers") give, never up and never sideways.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The layer list of the crate docs: `//! N. \`module\`: …`, lowest first, as (module, rank).
fn documented_layers(lib: &str) -> Vec<(String, usize)> {
    lib.lines()
        .filter_map(|line| line.strip_prefix("//! "))
        .filter_map(|item| {
            let (number, rest) = item.split_once(". `")?;
            let rank: usize = number.parse().ok()?;
            let (module, _) = rest.split_once('`')?;
            Some((module.to_string(), rank))
        })
        .collect()
}

/// The modules `lib.rs` declares (`mod x;`, `pub mod x;`, `pub(crate) mod x;`).
fn declared_modules(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|line| line.trim().strip_suffix(';'))
        .filter_map(|line| line.split_once("mod ").map(|(_, name)| name))
        .filter(|name| !name.contains(' '))
        .map(str::to_string)
        .collect()
}

/// The top module a file under `src/` belongs to (`site/sink.rs` → `site`).
fn top_module(relative: &Path) -> String {
    let first = relative.components().next().expect("a file below src/");
    let name = first.as_os_str().to_string_lossy();
    name.strip_suffix(".rs").unwrap_or(&name).to_string()
}

/// The text with comments blanked out (kept as spaces, so lines keep their numbers), and the
/// contents of string literals too, so that neither a doc link nor a message counts as a path.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
            }
            '"' => {
                out.push('"');
                while let Some(n) = chars.next() {
                    match n {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        '\n' => out.push('\n'),
                        _ => {}
                    }
                }
                out.push('"');
            }
            // A char literal (`'"'`) must not open a string; a lifetime has no closing quote.
            '\'' => {
                out.push('\'');
                let ahead: String = chars.clone().take(3).collect();
                if ahead.starts_with('\\') {
                    chars.next();
                    chars.next();
                } else if ahead.chars().nth(1) == Some('\'') {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Every `crate::<module>` a piece of code names, with its 1-based line: plain paths
/// (`crate::site::build`) and each item of grouped imports (`use crate::{a, b::c}`), whose
/// braces may span lines.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut rest = code;
    let mut offset = 0;
    while let Some(at) = rest.find("crate::") {
        let start = offset + at;
        let before = code[..start].chars().next_back();
        let after = &code[start + "crate::".len()..];
        let line = code[..start].matches('\n').count() + 1;
        // `$crate::` and `foo_crate::` are not paths into this crate.
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            if let Some(group) = after.strip_prefix('{') {
                let mut depth = 1;
                let mut item_start = 0;
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' | ',' if depth == 1 => {
                            let item = group[item_start..i].trim_start();
                            let item_at = i - item.len();
                            let item_line = line + group[..item_at].matches('\n').count();
                            found.push((item_line, leading_ident(item)));
                            item_start = i + 1;
                            if c == '}' {
                                break;
                            }
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
            } else {
                found.push((line, leading_ident(after)));
            }
        }
        offset = start + "crate::".len();
        rest = &code[offset..];
    }
    found.retain(|(_, name)| !name.is_empty() && name != "self");
    found
}

fn leading_ident(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|entry| entry.expect("src/ entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The imports against the layer order, as `file:line: message`.
fn violations(src: &Path, layers: &HashMap<String, usize>) -> Vec<String> {
    let mut wrong = Vec::new();
    for file in rust_files(src) {
        let relative = file.strip_prefix(src).expect("below src/");
        let from = top_module(relative);
        // lib.rs declares the layers and re-exports entry points; main.rs is the CLI on top
        // and reaches the library as `lessonpack::`, not `crate::`.
        if from == "lib" || from == "main" {
            continue;
        }
        let from_rank = layers[&from];
        let text = std::fs::read_to_string(&file).expect("source is readable");
        for (line, to) in crate_paths(&code_only(&text)) {
            if to == from {
                continue;
            }
            let shown = format!("src/{}:{line}", relative.display());
            match layers.get(&to) {
                None => wrong.push(format!("{shown}: `crate::{to}` is no module in the layer list")),
                Some(&to_rank) if to_rank > from_rank => wrong.push(format!(
                    "{shown}: `{from}` (layer {from_rank}) imports `crate::{to}` (layer {to_rank}), a higher layer"
                )),
                Some(&to_rank) if to_rank == from_rank => wrong.push(format!(
                    "{shown}: `{from}` imports `crate::{to}` sideways (both layer {from_rank})"
                )),
                Some(_) => {}
            }
        }
    }
    wrong
}

fn layer_table() -> HashMap<String, usize> {
    let lib = std::fs::read_to_string(src_dir().join("lib.rs")).expect("src/lib.rs");
    let layers = documented_layers(&lib);
    let mut documented: Vec<String> = layers.iter().map(|(m, _)| m.clone()).collect();
    let mut declared = declared_modules(&lib);
    documented.sort();
    declared.sort();
    assert_eq!(
        documented, declared,
        "the layer list in src/lib.rs's docs must name each module lib.rs declares, once"
    );
    layers.into_iter().collect()
}

#[test]
fn no_module_imports_a_higher_layer() {
    let layers = layer_table();
    let wrong = violations(&src_dir(), &layers);
    assert!(
        wrong.is_empty(),
        "imports against the layer order of src/lib.rs:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scanner_finds_grouped_multiline_and_inline_paths_but_not_comments() {
    let code = code_only(
        "use crate::{\n    a::X,\n    b,\n};\n// crate::c\nfn f() { crate::d::g(\"crate::e\"); let c = '\"'; crate::f::h() }\n",
    );
    let found = crate_paths(&code);
    let expected = [(2, "a"), (3, "b"), (6, "d"), (6, "f")];
    let expected: Vec<(usize, String)> =
        expected.iter().map(|(l, m)| (*l, m.to_string())).collect();
    assert_eq!(found, expected);
}

#[test]
fn an_upward_import_is_reported_at_its_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("low")).expect("mkdir");
    std::fs::write(
        dir.path().join("low/mod.rs"),
        "//! low\n\nuse crate::high::X;\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("high.rs"), "use crate::{low};\n").expect("write");
    let layers = HashMap::from([("low".to_string(), 1), ("high".to_string(), 2)]);
    assert_eq!(
        violations(dir.path(), &layers),
        ["src/low/mod.rs:3: `low` (layer 1) imports `crate::high` (layer 2), a higher layer"]
    );
}
