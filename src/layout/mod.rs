//! The layout of the site, below both the site's build and the bundles: every page's output
//! path and the links between pages ([`plan`]); the view each page's template gets, with its
//! asset URLs (`pages`: what views are built from; `kinds`: the view of each kind of page;
//! `quiz`: a quiz's questions, one module per kind of question; `practice`: the generated
//! entity practice page; `browse`: the entity, tag and level pages, from what `ways` gathers
//! across the pack); and the quiz answers as a
//! page carries them (`answers`).
//!
//! A site page and a bundle's part are the same page seen through a different [`plan::Linker`]
//! and `pages::AssetResolver`, so both `site` and `bundle` build their views here.

pub(crate) mod answers;
mod browse;
mod kinds;
pub(crate) mod pages;
pub mod plan;
mod practice;
mod quiz;
pub mod ways;

pub use quiz::quiz_scripts;
pub(crate) mod search;
