//! Integration tests: one crate, a module per feature, linked once.

mod support;

mod accessibility;
mod bad_input;
mod browser_quiz;
mod browser_reading;
mod build_sample;
mod common;
mod html_validity;
mod learner_pages;
mod learner_site;
mod snapshots;
mod template_override;
