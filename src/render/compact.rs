//! Minifying templates once instead of every page.
//!
//! minify-html takes about 70 µs for a 2.6 KB page here, more than rendering it, and a pack of
//! 10,000 lessons has 130,000 pages. Most of a page is template text, the same on every page,
//! so the templates themselves are minified once, with minify-html keeping Tera's `{{ }}`,
//! `{% %}` and `{# #}` as they are; pages rendered from them come out minified.
//!
//! That is only sound when Tera syntax stands where minify-html treats it as opaque text:
//! between tags, or whole expressions inside quoted attribute values that keep their quotes.
//! A `{% if %}` inside a start tag (`<li{% if x %} class="a"{% endif %}>`) would be mangled,
//! so [`compact_source`] refuses such a template, and its pages are minified one by one.
//! One expression may also stand unquoted: `{{page.id_prefix}}`, written without spaces at
//! the start of an id, whose value (a slug and `/`, or nothing) never needs quotes; so an id
//! comes out as `id=pack-title` on the site, as minify-html writes it.
//!
//! Includes are minified in place ([`inline_includes`]): a part minified on its own would
//! lose the white space and end tags that minify-html keeps beside what includes it. So a
//! template is rendered from its minified form only when every template it extends or
//! includes is a built-in too (see [`extended`] and [`included`]), and a pack's own part
//! (`main/quiz.html`) never ends up inlined in its stead.

/// A template's source minified with its Tera syntax kept, if that is safe (see the module
/// documentation); `None` otherwise.
pub(crate) fn compact_source(source: &str) -> Option<String> {
    if !tera_syntax_stays_opaque(source) {
        return None;
    }
    let mut cfg = page_minify_config();
    cfg.preserve_brace_template_syntax = true;
    let minified = String::from_utf8(minify_html::minify(source.as_bytes(), &cfg)).ok()?;
    Some(drop_spaces_beside_blocks(&minified))
}

/// Elements laid out as blocks, beside which whitespace never shows.
const BLOCKS: &[&str] = &[
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Removes the spaces minify-html leaves between a Tera tag and a block element's tag, which
/// it would remove from the rendered page (it cannot know what the Tera tag becomes).
fn drop_spaces_beside_blocks(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(' ') {
        let (before, after) = (&rest[..at], &rest[at + 1..]);
        out.push_str(before);
        let droppable = (out.ends_with("%}") && block_tag_at_start(after))
            || (after.starts_with("{%") && block_tag_at_end(&out));
        if !droppable {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Whether `text` starts with a block element's start or end tag.
fn block_tag_at_start(text: &str) -> bool {
    let Some(tag) = text.strip_prefix('<') else {
        return false;
    };
    let name = tag.strip_prefix('/').unwrap_or(tag);
    let name_len = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    BLOCKS.contains(&&name[..name_len])
}

/// Whether `text` ends with a block element's start or end tag.
fn block_tag_at_end(text: &str) -> bool {
    text.ends_with('>')
        && text
            .rfind('<')
            .is_some_and(|open| block_tag_at_start(&text[open..]))
}

/// The name of the template that `source` extends, if it does.
pub(crate) fn extended(source: &str) -> Option<&str> {
    let rest = source.trim_start().strip_prefix("{%")?;
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix("extends")?.trim_start();
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let rest = &rest[1..];
    Some(&rest[..rest.find(quote)?])
}

/// Each `{% include "name" %}` tag of `source`: where it stands, and the name it includes.
fn include_tags(source: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut tags = Vec::new();
    for (at, _) in source.match_indices("{%") {
        let rest = &source[at + 2..];
        let inner = rest.strip_prefix('-').unwrap_or(rest).trim_start();
        let Some(inner) = inner.strip_prefix("include") else {
            continue;
        };
        let inner = inner.trim_start();
        let Some(quote) = inner.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let (Some(len), Some(end)) = (inner[1..].find(quote), rest.find("%}")) else {
            continue;
        };
        tags.push((at..at + 2 + end + 2, &inner[1..1 + len]));
    }
    tags
}

/// The names of the templates that `source` includes (`{% include "name" %}`).
pub(crate) fn included(source: &str) -> Vec<&str> {
    include_tags(source)
        .into_iter()
        .map(|(_, name)| name)
        .collect()
}

/// `source` with each include replaced by the text of the template it names (at any depth),
/// so it is minified as one piece, exactly as if it were written in place; `None` if a name
/// is unknown, an include trims white space (`{%-`, `-%}`) or includes nest too deep.
pub(crate) fn inline_includes<'a>(
    source: &str,
    lookup: &dyn Fn(&str) -> Option<&'a str>,
) -> Option<String> {
    fn inline<'a>(
        source: &str,
        lookup: &dyn Fn(&str) -> Option<&'a str>,
        depth: usize,
    ) -> Option<String> {
        let mut out = String::with_capacity(source.len());
        let mut done = 0;
        for (range, name) in include_tags(source) {
            let tag = &source[range.clone()];
            if depth > 8 || tag.starts_with("{%-") || tag.ends_with("-%}") {
                return None;
            }
            out.push_str(&source[done..range.start]);
            out.push_str(&inline(lookup(name)?, lookup, depth + 1)?);
            done = range.end;
        }
        out.push_str(&source[done..]);
        Some(out)
    }
    inline(source, lookup, 0)
}

/// Minifies a rendered page.
pub fn minify_page(html: &str) -> Vec<u8> {
    minify_html::minify(html.as_bytes(), &page_minify_config())
}

/// Spec-compliant HTML minification: what validators accept.
fn page_minify_config() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_input_type_text_attr = true;
    cfg
}

/// Whether every piece of Tera syntax in `source` is one minify-html leaves intact: in text,
/// or a whole `{{ … }}` inside a quoted attribute value that has whitespace (so its quotes
/// stay). Comments (which are dropped) and tags must hold no Tera syntax otherwise.
fn tera_syntax_stays_opaque(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &source[at..];
        if let Some(close) = tera_closer(rest) {
            match rest.find(close) {
                Some(end) => at += end + close.len(),
                None => return false,
            }
        } else if rest.starts_with("<!--") {
            let Some(end) = rest.find("-->") else {
                return false;
            };
            if rest[..end].contains('{') {
                return false;
            }
            at += end + 3;
        } else if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        {
            match tag_len(rest) {
                Some(len) => at += len,
                None => return false,
            }
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    true
}

/// The closing delimiter of the Tera construct `text` starts with, if it starts with one.
fn tera_closer(text: &str) -> Option<&'static str> {
    [("{{", "}}"), ("{%", "%}"), ("{#", "#}")]
        .into_iter()
        .find(|(open, _)| text.starts_with(open))
        .map(|(_, close)| close)
}

/// The length of the start or end tag `text` starts with, if its Tera syntax is all inside
/// quoted attribute values that keep their quotes; `None` if not (or if it never ends).
fn tag_len(text: &str) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '>' => return Some(at + 1),
            '{' => return None,
            '"' | '\'' => {
                let value_start = at + 1;
                let value_len = text[value_start..].find(c)?;
                let value = &text[value_start..value_start + value_len];
                if !quoted_value_is_safe(value) {
                    return None;
                }
                while chars
                    .next_if(|&(i, _)| i <= value_start + value_len)
                    .is_some()
                {}
            }
            _ => {}
        }
    }
    None
}

/// The one expression whose value never needs quotes (see the module documentation).
const UNQUOTED_ID_PREFIX: &str = "{{page.id_prefix}}";

/// A quoted attribute value may hold only whole `{{ … }}` expressions, and then must have
/// whitespace, or minify-html would drop its quotes (`href={{x}}`); or it may start with
/// [`UNQUOTED_ID_PREFIX`] and hold no other Tera syntax.
fn quoted_value_is_safe(value: &str) -> bool {
    if value.contains("{%") || value.contains("{#") {
        return false;
    }
    if let Some(rest) = value.strip_prefix(UNQUOTED_ID_PREFIX) {
        return !rest.contains(['{', '}']);
    }
    if !value.contains('{') {
        return true;
    }
    let opens = value.matches("{{").count();
    opens == value.matches("}}").count()
        && opens == value.matches('{').count() / 2
        && value.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tera_between_tags_and_in_quoted_values_is_kept() {
        let source = "<ul class=\"tags\">\n  {% for t in tags %}<li title=\"{{ t.note }}\">{{ t.name }}</li>{% endfor %}\n</ul>\n";
        let compact = compact_source(source).expect("safe");
        assert_eq!(
            compact,
            "<ul class=tags>{% for t in tags %}<li title=\"{{ t.note }}\">{{ t.name }}</li>{% endfor %}</ul>"
        );
    }

    #[test]
    fn tera_inside_a_tag_or_a_comment_is_refused() {
        for source in [
            "<li{% if x %} class=\"a\"{% endif %}>",
            "<input type=\"{% if m %}checkbox{% else %}radio{% endif %}\">",
            "<a href=\"{{x}}\">",
            "<a href={{ x }}>",
            "<!-- {% block b %}{% endblock b %} -->",
            "<p>{{ never closed </p>",
            "<p class=\"never closed>",
        ] {
            assert_eq!(compact_source(source), None, "{source}");
        }
    }

    #[test]
    fn an_id_prefix_may_stand_unquoted() {
        let compact = compact_source("<h2 id=\"{{page.id_prefix}}key\">k</h2>").expect("safe");
        assert_eq!(compact, "<h2 id={{page.id_prefix}}key>k</h2>");
        for source in [
            "<h2 id=\"{{page.id_prefix}}{{ x }}\">",
            "<h2 id=\"a{{page.id_prefix}}\">",
            "<h2 id=\"{{page.title}}key\">",
        ] {
            assert_eq!(compact_source(source), None, "{source}");
        }
    }

    #[test]
    fn includes_are_inlined_as_written() {
        let lookup = |name: &str| match name {
            "a.html" => Some("<p>a</p>\n{% include \"b.html\" %}"),
            "b.html" => Some("<i>b</i>\n"),
            _ => None,
        };
        assert_eq!(
            inline_includes("<div>{% include \"a.html\" %}</div>", &lookup).as_deref(),
            Some("<div><p>a</p>\n<i>b</i>\n</div>")
        );
        assert_eq!(inline_includes("{% include \"c.html\" %}", &lookup), None);
        assert_eq!(inline_includes("{%- include \"a.html\" %}", &lookup), None);
    }

    #[test]
    fn included_templates_are_found() {
        assert_eq!(
            included("<p>{% include \"head.html\" %}{%- include 'main/a.html' -%}{% if x %}"),
            ["head.html", "main/a.html"]
        );
    }

    #[test]
    fn the_extended_template_is_found() {
        assert_eq!(
            extended("{% extends \"base.html\" %}\n<p>"),
            Some("base.html")
        );
        assert_eq!(extended("{%- extends 'a.html' -%}"), Some("a.html"));
        assert_eq!(extended("<p>{% extends \"base.html\" %}"), None);
    }

    #[test]
    fn every_built_in_template_is_compacted() {
        for (name, source) in super::super::templates::BUILT_INS {
            // A bundle is rendered part by part, not minified as a page.
            if !super::super::templates::is_asset(name) && *name != "bundle.html" {
                assert!(compact_source(source).is_some(), "{name}");
            }
        }
    }
}
