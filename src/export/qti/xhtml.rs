//! Our fragments (HTML5) as the XHTML that QTI 2.1 holds: only the elements and attributes
//! QTI's content model has, void elements closed (`<br/>`), no HTML-only entities.
//!
//! What QTI has no place for is dropped, keeping its text: entity marks' `span` attributes,
//! classes, link titles, strike-through; images are left out (a package carries no lesson
//! files).

use std::sync::OnceLock;

use crate::content::Fragment;

/// Inline elements of QTI 2.1's XHTML.
const INLINE: [&str; 20] = [
    "a", "abbr", "acronym", "b", "big", "br", "cite", "code", "dfn", "em", "i", "kbd", "q", "samp",
    "small", "span", "strong", "sub", "sup", "var",
];

/// Block elements of QTI 2.1's XHTML.
const BLOCK: [&str; 24] = [
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements HTML writes without an end tag.
const VOID: [&str; 2] = ["br", "hr"];

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::empty();
        builder
            .add_tags(INLINE)
            .add_tags(BLOCK)
            .generic_attributes(Default::default())
            .tag_attributes([("a", ["href"].into())].into())
            .link_rel(None)
            .url_relative(ammonia::UrlRelative::PassThrough);
        builder
    })
}

/// The fragment as XHTML for QTI 2.1 (inline stays inline, blocks stay blocks).
pub(crate) fn xhtml(fragment: &Fragment) -> String {
    html_to_xhtml(&fragment.render(""))
}

/// HTML (as our fragments hold it) as XHTML.
pub(crate) fn html_to_xhtml(html: &str) -> String {
    let clean = cleaner().clean(html).to_string();
    close_void_elements(&clean).replace("&nbsp;", "&#160;")
}

/// `<br>` as `<br/>`: the HTML serialiser writes void elements unclosed, and quotes every
/// attribute, so a `>` outside quotes ends a tag.
fn close_void_elements(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 8);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let mut quoted = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '>' && !quoted
            })
            .map_or(tag.len(), |(i, _)| i);
        let name: String = tag[1..end]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let body = &tag[..end];
        if VOID.contains(&name.as_str()) && !body.ends_with('/') {
            out.push_str(body);
            out.push_str("/>");
        } else {
            out.push_str(&tag[..(end + 1).min(tag.len())]);
        }
        rest = &tag[(end + 1).min(tag.len())..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_xml_inside_qti() {
        assert_eq!(
            html_to_xhtml("a<br>b&nbsp;<span class=\"entity\" data-kind=\"org\">Huawei</span>"),
            "a<br/>b&#160;<span>Huawei</span>"
        );
        assert_eq!(
            html_to_xhtml(
                "<a href=\"x.html?a=1&amp;b=2\" title=\"t\">x</a> <img src=\"a.png\" alt=\"A\">"
            ),
            "<a href=\"x.html?a=1&amp;b=2\">x</a> "
        );
        assert_eq!(html_to_xhtml("<p>x</p>\n<hr />"), "<p>x</p>\n<hr/>");
        assert_eq!(html_to_xhtml("<del>old</del> <em>new"), "old <em>new</em>");
    }
}
