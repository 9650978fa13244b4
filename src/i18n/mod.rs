//! The languages of the generated pages: the built-in UI catalogues
//! (`templates/i18n/<lang>.toml`) and which one a pack's language tag gets ([`catalogue`]),
//! counts worded by CLDR plural rules ([`plural`]), and dates written the language's way
//! ([`dates`]); the words written into imported sources and exports ([`quiz_words`]).

pub mod catalogue;
pub mod dates;
pub mod plural;
pub mod quiz_words;

pub use catalogue::{CATALOGUES, Catalogue, Text};
pub use dates::DateFormat;
pub use plural::{PluralForms, PluralRules};
pub use quiz_words::QuizWords;
