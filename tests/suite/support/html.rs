//! Reading parsed HTML in tests: selectors, folded element texts and attributes.

use scraper::{ElementRef, Html, Selector};

/// Parses a CSS selector (panics on a typo in the test).
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

/// The text of an element with white space folded.
pub fn text_of(element: ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The folded texts of every element matching `css`.
pub fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css)).map(text_of).collect()
}

/// The single element matching `css`, as text; panics if there is not exactly one.
pub fn one_text(html: &Html, css: &str) -> String {
    let found = texts(html, css);
    assert_eq!(found.len(), 1, "expected one {css}, found {found:?}");
    found[0].clone()
}

/// An attribute of the single element matching `css`.
pub fn attr(html: &Html, css: &str, name: &str) -> String {
    let element = html
        .select(&sel(css))
        .next()
        .unwrap_or_else(|| panic!("no element {css}"));
    element
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("{css} has no {name}"))
        .to_string()
}
