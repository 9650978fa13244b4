//! TOML from pack files (lessonpack.toml, front matter, _unit.toml) deserialized with every
//! error mapped to its position in the file, and unknown keys answered with a suggestion.
//!
//! This is the one way pack files' TOML is read, so the raw text is checked here first for
//! control characters, which TOML forbids everywhere but a tab (and the CR of a CRLF).

use serde::de::DeserializeOwned;

use super::SourceText;
use crate::diagnostic::{Diagnostic, ErrorKind, did_you_mean};

/// Deserializes `source.text[start..end]` as TOML into `T`.
///
/// `table` names the place for messages ("front matter", "lessonpack.toml");
/// `known_keys` feeds the "did you mean" of an unknown key.
pub(crate) fn parse_toml<T: DeserializeOwned>(
    source: &SourceText,
    start: usize,
    end: usize,
    table: &'static str,
    known_keys: &[&str],
) -> Result<T, Diagnostic> {
    let text = &source.text[start..end];
    if let Some((at, c)) = control_character(text) {
        return Err(source.error(start + at, ErrorKind::TomlControlCharacter(c)));
    }
    toml::from_str(text).map_err(|err| {
        let offset = start + err.span().map_or(0, |span| span.start);
        let message = err.message().trim().to_string();
        let kind = if let Some(key) = quoted_field(&message, "unknown field `") {
            ErrorKind::UnknownKey {
                suggestion: did_you_mean(&key, known_keys.iter().copied()),
                key,
                table,
            }
        } else if let Some(key) = quoted_field(&message, "missing field `") {
            ErrorKind::MissingKey { key, table }
        } else {
            ErrorKind::Toml {
                message: first_line_lowercase(&message),
            }
        };
        source.error(offset, kind)
    })
}

/// The first character TOML forbids in `text` wherever it stands, with its byte offset:
/// U+0000 to U+001F but tab and line feed, a carriage return not before a line feed, U+007F.
/// All are ASCII, and no byte of a longer UTF-8 sequence is, so the bytes are read as they are.
fn control_character(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().find_map(|(at, &byte)| {
        let allowed = match byte {
            b'\t' | b'\n' => true,
            b'\r' => bytes.get(at + 1) == Some(&b'\n'),
            _ => !byte.is_ascii_control(),
        };
        (!allowed).then_some((at, char::from(byte)))
    })
}

/// The key of serde's "unknown field `x`, expected …" or "missing field `x`" message.
fn quoted_field(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    Some(rest[..rest.find('`')?].to_string())
}

fn first_line_lowercase(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default();
    let mut chars = line.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[derive(Debug, serde::Deserialize)]
    struct Titled {
        #[allow(dead_code)]
        title: String,
    }

    fn headline(text: &str) -> String {
        let source = SourceText::new(Path::new("a.toml"), text);
        parse_toml::<Titled>(&source, 0, text.len(), "a.toml", &["title"])
            .unwrap_err()
            .headline()
    }

    #[test]
    fn raw_control_characters_are_reported_where_they_stand() {
        assert_eq!(
            headline("# note\ntitle = \"T\0\"\n"),
            "a.toml:2:11: invalid TOML: raw control character U+0000 (TOML allows only tab; in a string write it as \\u0000)"
        );
        assert!(
            headline("title = 'é\x1b[31m'")
                .starts_with("a.toml:1:11: invalid TOML: raw control character U+001B")
        );
        assert!(
            headline("title = \"T\" # \x7f")
                .starts_with("a.toml:1:15: invalid TOML: raw control character U+007F")
        );
        assert!(
            headline("title = \"T\"\r\r\n")
                .starts_with("a.toml:1:12: invalid TOML: raw control character U+000D")
        );
    }

    #[test]
    fn tabs_crlf_and_escaped_controls_are_fine() {
        let text = "title = \"a\tb \\u0000\"\r\n\t# a\ttab\r\n";
        let source = SourceText::new(Path::new("a.toml"), text);
        assert!(parse_toml::<Titled>(&source, 0, text.len(), "a.toml", &["title"]).is_ok());
    }
}
