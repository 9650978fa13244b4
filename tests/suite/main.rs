//! Integration tests: one crate, a module per feature, linked once.

mod support;

mod bad_input;
mod build_sample;
mod common;
mod faults;
mod html_validity;
mod properties;
mod snapshots;
mod template_override;
