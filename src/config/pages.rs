//! The `[pages]` table of `lessonpack.toml`: which of the site's pages that gather lessons
//! from across the pack are built. Each is on unless turned off.
//!
//! ```toml
//! [pages]
//! entities = false   # no entities/ pages, and entity tags link nowhere
//! tags = false       # no tags/ pages
//! levels = false     # no levels/ pages
//! ```

use serde::Deserialize;

/// The keys of `[pages]`.
pub const PAGES_KEYS: &[&str] = &["entities", "tags", "levels"];

/// Which pages across the pack the site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PagesConfig {
    /// `entities/index.html` and a page per entity, `entities/<kind>/<name>/`.
    pub entities: bool,
    /// `tags/index.html` and a page per tag, `tags/<tag>/`.
    pub tags: bool,
    /// `levels/index.html` and a page per level, `levels/<level>/`.
    pub levels: bool,
}

impl Default for PagesConfig {
    fn default() -> PagesConfig {
        PagesConfig {
            entities: true,
            tags: true,
            levels: true,
        }
    }
}
