//! Integration tests: one crate, a module per feature, linked once.

mod incremental;
mod support;

mod accessibility;
mod bad_input;
mod browser_arrival;
mod browser_cloze;
mod browser_feedback;
mod browser_fixture;
mod browser_order_match;
mod browser_policies;
mod browser_practice;
mod browser_quiz;
mod browser_reading;
mod browser_search;
mod build_sample;
mod bundle;
mod cli_check;
mod cli_init;
mod cloze_pages;
mod faults;
mod html_validity;
mod import;
mod layers;
mod learner_pages;
mod learner_site;
mod minify;
mod order_match_pages;
mod practice_pages;
mod preview;
mod properties;
mod serve;
mod snapshots;
mod template_override;
mod xss;
