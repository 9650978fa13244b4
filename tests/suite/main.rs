//! Integration tests: one crate, a module per feature, linked once.

mod incremental;
mod support;
