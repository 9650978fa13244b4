//! Integration tests: one crate, a module per feature, linked once.

mod support;

mod bad_input;
mod build_sample;
mod cli_check;
mod cli_init;
mod cli_support;
mod common;
mod faults;
mod html_validity;
mod import;
mod properties;
mod serve;
mod snapshots;
mod template_override;
