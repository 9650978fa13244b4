//! The built-in catalogues: one TOML file per language under `templates/i18n/`, compiled in.
//! Each has a `[dates]` table (see [`DateFormat`]) and a `[strings]` table of UI wording by
//! key, a string or, for a count, a table of its CLDR plural forms. English is the reference
//! (`DEFAULT_STRINGS` and `DEFAULT_PLURAL_STRINGS` in `config`); a key a catalogue lacks
//! falls back to it.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::dates::DateFormat;

/// Every built-in catalogue: its language (a primary language subtag) and its text.
pub const CATALOGUES: &[(&str, &str)] = &[
    ("ar", include_str!("../../templates/i18n/ar.toml")),
    ("de", include_str!("../../templates/i18n/de.toml")),
    ("en", include_str!("../../templates/i18n/en.toml")),
    ("es", include_str!("../../templates/i18n/es.toml")),
    ("fa", include_str!("../../templates/i18n/fa.toml")),
    ("fr", include_str!("../../templates/i18n/fr.toml")),
    ("he", include_str!("../../templates/i18n/he.toml")),
    ("it", include_str!("../../templates/i18n/it.toml")),
    ("ja", include_str!("../../templates/i18n/ja.toml")),
    ("pt", include_str!("../../templates/i18n/pt.toml")),
    ("ru", include_str!("../../templates/i18n/ru.toml")),
    ("uk", include_str!("../../templates/i18n/uk.toml")),
    ("zh", include_str!("../../templates/i18n/zh.toml")),
];

/// A UI string as written: plain text, or a count's plural forms by CLDR category name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Forms(BTreeMap<String, String>),
}

/// One language's built-in wording and date format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub dates: DateFormat,
    #[serde(default)]
    pub strings: BTreeMap<String, Text>,
}

/// The catalogue language for a BCP 47 tag: its primary language subtag when there is a
/// catalogue for it (`pt-BR` → `pt`, `zh-Hant-TW` → `zh`), else `None`.
pub fn catalogue_language(tag: &str) -> Option<&'static str> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    // "iw" is Hebrew's code before 1989, still sent by some systems.
    let primary = if primary == "iw" {
        "he".to_string()
    } else {
        primary
    };
    CATALOGUES
        .iter()
        .map(|(language, _)| *language)
        .find(|language| *language == primary)
}

/// The built-in catalogue of a catalogue language (one of [`CATALOGUES`]).
pub fn load_catalogue(language: &str) -> Catalogue {
    let (_, text) = CATALOGUES
        .iter()
        .find(|(name, _)| *name == language)
        .expect("catalogue languages come from CATALOGUES");
    toml::from_str(text).expect("the built-in catalogues are valid (a unit test reads them all)")
}

/// The `{name}` placeholders of a text, in order of first appearance.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        rest = &rest[start + 1..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        if !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !names.contains(&name)
        {
            names.push(name);
        }
        rest = &rest[end + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_fall_back_to_their_primary_language() {
        assert_eq!(catalogue_language("pt-BR"), Some("pt"));
        assert_eq!(catalogue_language("zh-Hant-TW"), Some("zh"));
        assert_eq!(catalogue_language("FR"), Some("fr"));
        assert_eq!(catalogue_language("iw"), Some("he"));
        assert_eq!(catalogue_language("nl"), None);
    }

    #[test]
    fn placeholders_are_named_once_in_order() {
        assert_eq!(
            placeholders("{score} / {total} ({score}) {not a name} {}"),
            ["score", "total"]
        );
    }
}
