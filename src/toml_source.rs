//! TOML from pack files (lessonpack.toml, front matter, _unit.toml) deserialized with every
//! error mapped to its position in the file, and unknown keys answered with a suggestion.

use serde::de::DeserializeOwned;

use crate::content::markdown::SourceText;
use crate::error::{Error, ErrorKind, did_you_mean};

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
) -> Result<T, Error> {
    toml::from_str(&source.text[start..end]).map_err(|err| {
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
