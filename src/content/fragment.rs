//! HTML fragments rendered from Markdown events: entity marks become `<span>`s, and URLs
//! of lesson files (images next to the lesson) stay open until a page says how deep it is.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use pulldown_cmark_escape::{escape_href, escape_html};

use super::entity::{EntityLink, parse_entity_link};

/// Rendered HTML in which lesson-relative URLs are filled in per page.
///
/// Images are copied next to the lesson's pages (`<slug>/chart.png`); a page three folders
/// down (`<slug>/focus/3/`) must reach them as `../../chart.png`, so the URL is kept apart:
/// in one string, each such URL (as the author wrote it, unescaped) stands between two
/// [`URL_MARK`]s, so a fragment is a single allocation of its exact size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fragment {
    html: Box<str>,
    /// Whether the author wrote raw HTML into it (then it is sanitised unless trusted).
    has_raw_html: bool,
}

impl Fragment {
    /// The HTML for a page whose path to the lesson folder is `to_lesson` (`""`, `"../"`, …).
    pub fn render(&self, to_lesson: &str) -> String {
        self.render_with(|url| {
            let mut href = to_lesson.to_string();
            escape_href(&mut href, url).expect("writing to a String");
            href
        })
    }

    /// The HTML with each lesson-relative URL (as the author wrote it) replaced by what
    /// `resolve` makes of it, which must be safe inside a double-quoted attribute.
    pub fn render_with(&self, mut resolve: impl FnMut(&str) -> String) -> String {
        if !self.html.contains(URL_MARK) {
            return self.html.to_string();
        }
        let mut html = String::with_capacity(self.html.len() + 16);
        for (i, piece) in self.html.split(URL_MARK).enumerate() {
            match i % 2 {
                0 => html.push_str(piece),
                _ => html.push_str(&resolve(piece)),
            }
        }
        html
    }

    pub fn is_empty(&self) -> bool {
        self.html.is_empty()
    }

    fn from_html(html: Box<str>, has_raw_html: bool) -> Fragment {
        debug_assert!(
            html.matches(URL_MARK).count() % 2 == 0,
            "marks come in pairs"
        );
        Fragment { html, has_raw_html }
    }

    /// Cleans the author's raw HTML with ammonia: scripts, event handlers, `javascript:`
    /// URLs, iframes and the like go; the markup Markdown itself makes stays.
    pub(crate) fn sanitize(&mut self) {
        if !self.has_raw_html {
            return;
        }
        // Lesson URLs stand in as numbered tokens while ammonia parses the HTML.
        let mut urls = Vec::new();
        let mut html = String::new();
        for (i, piece) in self.html.split(URL_MARK).enumerate() {
            match i % 2 {
                0 => html.push_str(piece),
                _ => {
                    html.push_str(&format!("{URL_TOKEN}{}-", urls.len()));
                    urls.push(piece);
                }
            }
        }
        let mut clean = sanitizer().clean(&html).to_string();
        for (index, url) in urls.iter().enumerate().rev() {
            clean = clean.replace(
                &format!("{URL_TOKEN}{index}-"),
                &format!("{URL_MARK}{url}{URL_MARK}"),
            );
        }
        *self = Fragment::from_html(clean.into_boxed_str(), false);
    }
}

const URL_TOKEN: &str = "lessonpack-lesson-url-";

/// The allow-list: what pulldown-cmark writes for Markdown (and our entity spans), nothing
/// that runs or loads from elsewhere.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags(["span", "input"])
            .add_generic_attributes(["class", "id"])
            .add_tag_attributes("span", ["data-kind"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("img", ["src", "alt", "title"])
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"));
        builder
    })
}

/// What in a piece of raw HTML the sanitiser removes, in words, for the author's warning.
pub(crate) fn unsafe_html_parts(raw: &str) -> Vec<&'static str> {
    let lower = raw.to_lowercase();
    let mut found = Vec::new();
    for (needle, what) in [
        ("<script", "<script>"),
        ("<iframe", "<iframe>"),
        ("<object", "<object>"),
        ("<embed", "<embed>"),
        ("<style", "<style>"),
        ("<form", "<form>"),
        ("<svg", "<svg>"),
        ("<link", "<link>"),
        ("<meta", "<meta>"),
        ("<base", "<base>"),
        ("javascript:", "javascript: URL"),
        ("vbscript:", "vbscript: URL"),
        ("data:text/html", "data: URL"),
        ("style=", "style attribute"),
    ] {
        if lower.contains(needle) && !found.contains(&what) {
            found.push(what);
        }
    }
    let has_handler = [" on", "\ton", "/on", "\non"].iter().any(|start| {
        lower.match_indices(start).any(|(at, _)| {
            let rest = &lower[at + start.len()..];
            let name_len = rest.chars().take_while(|c| c.is_ascii_alphabetic()).count();
            name_len > 0 && rest[name_len..].trim_start().starts_with('=')
        })
    });
    if has_handler {
        found.push("event handler");
    }
    found
}

/// Brackets a lesson-relative URL in rendered HTML until a page fills it in. Author text
/// cannot contain it: [`super::Lesson::parse`] replaces NUL, as CommonMark asks.
const URL_MARK: char = '\0';

/// Whether an image or link destination points at a file of the pack (no scheme, not absolute).
pub(crate) fn is_lesson_relative(dest: &str) -> bool {
    !dest.is_empty()
        && !dest.starts_with(['/', '#', '\\'])
        && !dest.contains(':')
        && !dest.starts_with("//")
}

/// Renders a balanced run of events to HTML, marking entities and opening lesson URLs.
pub(crate) fn render_fragment<'a>(events: &[(Event<'a>, Range<usize>)]) -> Fragment {
    thread_local! {
        /// Where fragments are written before they are copied out at their exact size: it
        /// has grown to the largest so far, so writing into it never reallocates.
        static HTML: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let html = HTML.with_borrow_mut(|html| {
        html.clear();
        let mut events = HtmlEvents {
            rest: events,
            entity_links: Vec::new(),
            has_raw_html: false,
        };
        pulldown_cmark::html::push_html(html, &mut events);
        (align_by_class(html), events.has_raw_html)
    });
    Fragment::from_html(html.0, html.1)
}

/// The events of a fragment as the HTML writer takes them: entity links become `<span>`s,
/// images of lesson files `<img>`s with their URL left open (see [`image_html`]), and the
/// rest stays as it is.
struct HtmlEvents<'e, 'a> {
    rest: &'e [(Event<'a>, Range<usize>)],
    /// For each link open at this point, whether it is an entity mark.
    entity_links: Vec<bool>,
    /// Whether the events so far go through the sanitiser: they hold raw HTML, or a link or
    /// image with a scheme that is not plainly a web or mail address (`javascript:` and
    /// friends).
    has_raw_html: bool,
}

impl<'a> Iterator for HtmlEvents<'_, 'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let ((event, _), rest) = self.rest.split_first()?;
        self.rest = rest;
        self.has_raw_html |= matches!(event, Event::Html(_) | Event::InlineHtml(_));
        Some(match event {
            Event::Start(Tag::Link { dest_url, .. }) => match parse_entity_link(dest_url) {
                EntityLink::Entity { kind, .. } => {
                    self.entity_links.push(true);
                    Event::InlineHtml(
                        format!("<span class=\"entity entity-{kind}\" data-kind=\"{kind}\">")
                            .into(),
                    )
                }
                EntityLink::NotEntity => {
                    self.entity_links.push(false);
                    self.has_raw_html |= has_unsafe_scheme(dest_url);
                    event.clone()
                }
            },
            Event::End(TagEnd::Link) => match self.entity_links.pop() {
                Some(true) => Event::InlineHtml(CowStr::Borrowed("</span>")),
                _ => event.clone(),
            },
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if is_lesson_relative(dest_url) => {
                // Its URL has no scheme; its alternative text is not written but read.
                let (alt, rest) = split_at_image_end(self.rest);
                self.rest = rest;
                self.has_raw_html |= has_raw_html(alt);
                Event::InlineHtml(image_html(dest_url, &plain_text(alt), title).into())
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.has_raw_html |= is_unsafe_destination(dest_url);
                event.clone()
            }
            other => other.clone(),
        })
    }
}

/// Events with their source ranges.
type SpannedEvents<'a> = [(Event<'a>, Range<usize>)];

/// The events of an image after its start: its alternative text, and what follows its end.
fn split_at_image_end<'e, 'a>(
    events: &'e SpannedEvents<'a>,
) -> (&'e SpannedEvents<'a>, &'e SpannedEvents<'a>) {
    let mut index = 0;
    let mut depth = 1;
    while index < events.len() && depth > 0 {
        match &events[index].0 {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => depth -= 1,
            _ => {}
        }
        index += 1;
    }
    (&events[..index.saturating_sub(1)], &events[index..])
}

/// Whether events go through the sanitiser (see [`HtmlEvents::has_raw_html`]).
fn has_raw_html(events: &[(Event, Range<usize>)]) -> bool {
    events.iter().any(|(e, _)| match e {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
            is_unsafe_destination(dest_url)
        }
        _ => false,
    })
}

/// Whether a link or image destination has an unsafe scheme; entity marks are not links.
fn is_unsafe_destination(dest: &str) -> bool {
    parse_entity_link(dest) == EntityLink::NotEntity && has_unsafe_scheme(dest)
}

/// Table cells aligned by class, not by a `style` attribute, which the pages'
/// Content-Security-Policy (`style-src 'self'`) refuses.
fn align_by_class(html: &str) -> Box<str> {
    if !html.contains(" style=\"text-align: ") {
        return html.into();
    }
    let html = ["left", "center", "right"]
        .iter()
        .fold(html.to_string(), |html, side| {
            html.replace(
                &format!(" style=\"text-align: {side}\""),
                &format!(" class=\"align-{side}\""),
            )
        });
    html.into_boxed_str()
}

/// Whether a destination that is not an entity mark has a scheme other than http(s), mailto
/// and tel, or hides one behind white space and control characters.
fn has_unsafe_scheme(dest: &str) -> bool {
    // Without a colon there is no scheme, hidden or not.
    if !dest.contains(':') {
        return false;
    }
    let folded: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match folded.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            !matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => false,
    }
}

/// An `<img>` whose lesson-relative `src` is left open between two [`URL_MARK`]s.
fn image_html(dest: &str, alt: &str, title: &str) -> String {
    let mut html = String::from("<img src=\"");
    html.push(URL_MARK);
    // Kept as written (it cannot hold the mark, see `URL_MARK`), escaped when rendered.
    html.push_str(dest);
    html.push(URL_MARK);
    html.push_str("\" alt=\"");
    escape_html(&mut html, alt).expect("writing to a String");
    if !title.is_empty() {
        html.push_str("\" title=\"");
        escape_html(&mut html, title).expect("writing to a String");
    }
    html.push_str("\">");
    html
}

/// The plain text of a run of events: text and code, breaks as spaces; trimmed, every run
/// of white space folded into one space (see [`collapse_whitespace`]). Built in one pass,
/// into a string sized for the text unfolded (which it never outgrows), then shrunk.
pub(crate) fn plain_text<'a>(events: &[(Event<'a>, Range<usize>)]) -> String {
    // Folding never lengthens text, and a break adds at most one space.
    let unfolded: usize = events
        .iter()
        .map(|(event, _)| match event {
            Event::Text(t) | Event::Code(t) => t.len(),
            Event::SoftBreak | Event::HardBreak => 1,
            _ => 0,
        })
        .sum();
    let mut folder = WhitespaceFolder::default();
    let mut text = String::with_capacity(unfolded);
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => folder.push(&mut text, t),
            Event::SoftBreak | Event::HardBreak => folder.gap = true,
            _ => {}
        }
    }
    text.shrink_to_fit();
    text
}

/// Trims and folds every run of white space into one space.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    WhitespaceFolder::default().push(&mut folded, text);
    folded.shrink_to_fit();
    folded
}

/// Appends text to a string with its white space folded: `text.split_whitespace()` joined
/// by single spaces, across pieces pushed one after the other.
#[derive(Default)]
struct WhitespaceFolder {
    /// White space was seen since the last word.
    gap: bool,
}

impl WhitespaceFolder {
    /// Words that are already joined by single spaces are copied as one run, so most text
    /// goes in with a single copy rather than word by word.
    fn push(&mut self, out: &mut String, text: &str) {
        let (space_before, rest) = match text.strip_prefix(' ') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (run, space_after) = match rest.strip_suffix(' ') {
            Some(run) => (run, true),
            None => (rest, false),
        };
        if is_single_spaced(run) {
            self.gap |= space_before;
            if !run.is_empty() {
                self.push_run(out, run);
            }
            self.gap |= space_after;
            return;
        }
        let mut at = 0;
        while at < text.len() {
            let start = at + leading_len(&text[at..], true);
            if start > at {
                self.gap = true;
            }
            if start == text.len() {
                break;
            }
            let mut end = start + leading_len(&text[start..], false);
            while text.as_bytes().get(end) == Some(&b' ') {
                let next_word = leading_len(&text[end + 1..], false);
                if next_word == 0 {
                    break;
                }
                end += 1 + next_word;
            }
            self.push_run(out, &text[start..end]);
            at = end;
        }
    }

    /// Pushes words joined by single spaces.
    fn push_run(&mut self, out: &mut String, run: &str) {
        if self.gap && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(run);
        self.gap = false;
    }
}

/// Whether `text` is words joined by single spaces (or empty), as folding leaves it: no
/// space at either end, no two in a row, no other white space. Checked without stopping
/// early, so that it runs many bytes at a time.
fn is_single_spaced(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    // Each byte with the next: other white space, or two spaces in a row.
    let folds = bytes
        .iter()
        .zip(&bytes[1..])
        .fold(false, |found, (&a, &b)| {
            found | may_start_other_white_space(a) | ((a == b' ') & (b == b' '))
        });
    first != b' ' && last != b' ' && !may_start_other_white_space(last) && !folds
}

/// Whether a byte of UTF-8 may start a white space character other than the space: the
/// ASCII ones (U+0009 to U+000D) and the lead bytes of the others (U+0085, U+00A0, U+1680,
/// U+2000 to U+205F, U+3000).
fn may_start_other_white_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// The length in bytes of the start of `text` that is all white space (when `space`) or
/// all other characters, as `char::is_whitespace` tells them apart.
fn leading_len(text: &str, space: bool) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let (is_space, len) = if byte.is_ascii() {
            // `char::is_whitespace` on ASCII: the C0 spaces (with U+000B) and the space.
            (matches!(byte, b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = text[at..].chars().next().expect("at a char boundary");
            (c.is_whitespace(), c.len_utf8())
        };
        if is_space != space {
            break;
        }
        at += len;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn events(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
        Parser::new_ext(text, super::super::markdown::options())
            .into_offset_iter()
            .collect()
    }

    #[test]
    fn white_space_folds_as_split_whitespace_joined() {
        for text in [
            "",
            "   ",
            " a  b\t\nc ",
            "a\u{a0}b\u{3000}\u{85}c\u{b}d\u{1c}e",
            "深度 求索\u{2028}x ",
            "one",
            "a b  c d\te f \u{a0}g h\u{a0} i ",
            " x y",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), expected, "{text:?}");
        }
        let text = plain_text(&events("a *b*c  `d  e`\nf\\\ng"));
        assert_eq!(text, "a bc d e f g");
    }

    #[test]
    fn text_pushed_in_pieces_folds_as_the_whole() {
        // Every string of up to five of these characters, cut anywhere.
        let alphabet = ['a', ' ', '\n', '\u{a0}', '\u{e9}', '\u{2019}'];
        let strings = crate::content::every_string(&alphabet, 5);
        for text in &strings {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let cuts = text.char_indices().map(|(at, _)| at).chain([text.len()]);
            for cut in cuts {
                let mut folder = WhitespaceFolder::default();
                let mut folded = String::new();
                folder.push(&mut folded, &text[..cut]);
                folder.push(&mut folded, &text[cut..]);
                assert_eq!(folded, expected, "{text:?} cut at {cut}");
            }
        }
    }

    #[test]
    fn every_white_space_character_but_the_space_starts_with_a_byte_that_may_start_one() {
        let mut utf8 = [0; 4];
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            if c.is_whitespace() && c != ' ' {
                let lead = c.encode_utf8(&mut utf8).as_bytes()[0];
                assert!(may_start_other_white_space(lead), "{c:?}");
            }
        }
    }

    #[test]
    fn entity_links_render_as_spans() {
        let html = render_fragment(&events("saw [DeepSeek](org:) fall")).render("");
        assert_eq!(
            html,
            "<p>saw <span class=\"entity entity-org\" data-kind=\"org\">DeepSeek</span> fall</p>\n"
        );
    }

    #[test]
    fn lesson_images_are_prefixed_per_page() {
        let fragment = render_fragment(&events("![chart](img/chart.png)"));
        assert_eq!(
            fragment.render("../../"),
            "<p><img src=\"../../img/chart.png\" alt=\"chart\"></p>\n"
        );
        assert_eq!(
            fragment.render(""),
            "<p><img src=\"img/chart.png\" alt=\"chart\"></p>\n"
        );
    }

    #[test]
    fn table_alignment_is_a_class_not_a_style() {
        let html = render_fragment(&events("| a | b |\n|:--|--:|\n| 1 | 2 |\n")).render("");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("<th class=\"align-left\">a</th>"), "{html}");
        assert!(html.contains("<td class=\"align-right\">2</td>"), "{html}");
    }

    #[test]
    fn text_that_spells_the_mark_stays_text() {
        let html = render_fragment(&events("src=\"lessonpack-lesson-file:x\"")).render("../");
        assert!(!html.contains("../"), "{html}");
    }
}
