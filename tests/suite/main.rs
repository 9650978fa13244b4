//! Integration tests: one crate, a module per feature, linked once.

mod support;

mod cli_check;
mod cli_init;
mod cli_support;
mod import;
mod serve;
