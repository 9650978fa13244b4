//! Entities: named things a focus sentence mentions, written as Markdown links whose
//! destination is an entity kind and a colon: `[DeepSeek](org:)`,
//! `[Ascend AI chips](tech: "Ascend AI chip")` or `[chips](<tech:Ascend AI chip>)`.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::Span;

/// A named entity of a focus sentence, by its canonical name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Entity {
    /// The entity kind, e.g. `org`; one of the pack's kinds.
    pub kind: EntityKind,
    /// The canonical name: the link title, else the name after the colon, else the link text.
    pub name: String,
}

/// The name of an entity kind, e.g. `org`. The pack's kinds are few: every entity of a kind
/// shares its config's copy of the name (see [`crate::config::EntityKindConfig`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityKind(Arc<str>);

impl EntityKind {
    /// The pack's kind of that name, shared; `None` if the pack has no such kind.
    pub(crate) fn of_pack(config: &crate::config::PackConfig, kind: &str) -> Option<EntityKind> {
        config
            .entity_kind(kind)
            .map(|k| EntityKind(k.shared_name.clone()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for EntityKind {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for EntityKind {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for EntityKind {
    fn from(kind: &str) -> EntityKind {
        EntityKind(Arc::from(kind))
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for EntityKind {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for EntityKind {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for EntityKind {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl Serialize for EntityKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// One entity mark as written in a lesson (the article or the quiz): the entity it names
/// and where its link starts. (The words a mark of the article shows are its focus
/// sentence's [`mark_texts`](super::FocusSentence::mark_texts).)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMark {
    pub entity: Entity,
    pub span: Span,
}

/// What a link destination says, read as a possible entity mark.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum EntityLink<'a> {
    /// Not an entity: an ordinary link (URL, path, fragment, known URL scheme).
    NotEntity,
    /// An entity mark: the kind, and the name given after the colon (may be empty).
    Entity { kind: &'a str, name: &'a str },
}

/// URL schemes that are links, never entity kinds.
const URL_SCHEMES: &[&str] = &[
    "http",
    "https",
    "mailto",
    "tel",
    "ftp",
    "ftps",
    "sms",
    "data",
    "javascript",
    "vbscript",
    "file",
    "irc",
    "ircs",
    "news",
    "urn",
    "xmpp",
    "geo",
    "magnet",
    "blob",
];

/// The link scheme of a cloze question's blanks: `[Huawei](blank:)`.
pub(crate) const BLANK_SCHEME: &str = "blank";

/// Reads a link destination: `kind:` or `kind:Name` is an entity mark, anything else a link.
pub(crate) fn parse_entity_link(dest: &str) -> EntityLink<'_> {
    let Some((scheme, rest)) = dest.split_once(':') else {
        return EntityLink::NotEntity;
    };
    let looks_like_kind = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    // `blank:` marks a blank of a cloze question (see `quiz::cloze`), never an entity.
    if !looks_like_kind
        || scheme == BLANK_SCHEME
        || URL_SCHEMES
            .iter()
            .any(|url| url.eq_ignore_ascii_case(scheme))
        || rest.starts_with("//")
    {
        return EntityLink::NotEntity;
    }
    EntityLink::Entity {
        kind: scheme,
        name: rest.trim(),
    }
}

/// Whether a canonical name is plain, one-line text (no control characters, no markup).
pub(crate) fn is_valid_entity_name(name: &str) -> bool {
    !name.trim().is_empty()
        && !name.chars().any(|c| c.is_control())
        && !name.contains(['<', '>', '[', ']'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_and_colon_is_an_entity() {
        assert_eq!(
            parse_entity_link("org:"),
            EntityLink::Entity {
                kind: "org",
                name: ""
            }
        );
        assert_eq!(
            parse_entity_link("tech:Ascend AI chip"),
            EntityLink::Entity {
                kind: "tech",
                name: "Ascend AI chip"
            }
        );
    }

    #[test]
    fn urls_and_paths_are_links() {
        for dest in [
            "https://example.org",
            "mailto:a@b.c",
            "other.md",
            "#top",
            "../x",
            "custom://host",
            "blank:",
            "blank:Ascend|Ascend AI",
        ] {
            assert_eq!(parse_entity_link(dest), EntityLink::NotEntity, "{dest}");
        }
    }
}
