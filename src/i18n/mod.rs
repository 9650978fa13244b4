//! The languages of the generated pages: the built-in UI catalogues
//! (`templates/i18n/<lang>.toml`) and which one a pack's language tag gets ([`catalogue`]),
//! counts worded by CLDR plural rules ([`plural`]), and dates written the language's way
//! ([`dates`]).

pub mod catalogue;
pub mod dates;
pub mod plural;

pub use catalogue::{CATALOGUES, Catalogue, Text};
pub use dates::DateFormat;
pub use plural::{PluralForms, PluralRules};
