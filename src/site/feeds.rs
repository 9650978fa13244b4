//! The site's machine-readable files: `sitemap.xml`, `feed.xml` (Atom) and `robots.txt`.
//! None of them depend on the time of the build, so the same sources give the same bytes.

use std::fmt::Write;

use crate::content::{Lesson, Pack};

use super::plan::{Page, PageDir, encode_segment};

/// Newest lessons listed in the feed.
const FEED_ENTRIES: usize = 20;

/// A sitemap of every page (not the 404); absolute URLs when the pack has a `base_url`.
pub fn render_sitemap(pack: &Pack, pages: &[Page]) -> String {
    let base = pack.config.base_url.as_deref().unwrap_or("");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for dir in pages.iter().filter_map(|page| page.dir.as_ref()) {
        let _ = writeln!(
            xml,
            "  <url><loc>{}</loc></url>",
            escape_xml(&url_of(base, dir))
        );
    }
    xml.push_str("</urlset>\n");
    xml
}

fn url_of(base: &str, dir: &PageDir) -> String {
    let path: String = dir.0.iter().map(|s| encode_segment(s) + "/").collect();
    if base.is_empty() && path.is_empty() {
        "./".to_string()
    } else {
        format!("{base}{path}")
    }
}

/// An Atom feed of the newest lessons (by date; undated lessons last, in pack order).
pub fn render_feed(pack: &Pack) -> String {
    let config = &pack.config;
    let base = config.base_url.as_deref().unwrap_or("");
    let mut lessons: Vec<&Lesson> = pack.lessons().collect();
    // Stable sort: equal dates keep pack order.
    lessons.sort_by_key(|lesson| std::cmp::Reverse(atom_date(lesson)));
    lessons.truncate(FEED_ENTRIES);
    let updated = lessons
        .iter()
        .filter_map(|l| atom_date(l))
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let feed_id = if base.is_empty() {
        format!("urn:lessonpack:{}", encode_segment(&config.title))
    } else {
        base.to_string()
    };

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape_xml(&config.language)
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape_xml(&config.title));
    if !config.description.is_empty() {
        let _ = writeln!(
            xml,
            "  <subtitle>{}</subtitle>",
            escape_xml(&config.description)
        );
    }
    let _ = writeln!(xml, "  <id>{}</id>", escape_xml(&feed_id));
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    let _ = writeln!(
        xml,
        "  <link href=\"{}\"/>",
        escape_xml(&url_of(base, &PageDir::index()))
    );
    let _ = writeln!(xml, "  <generator>lessonpack</generator>");
    for lesson in lessons {
        let url = url_of(base, &PageDir::article(&lesson.slug));
        let id = if base.is_empty() {
            format!("{feed_id}:{}", encode_segment(&lesson.slug))
        } else {
            url.clone()
        };
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <title>{}</title>", escape_xml(&lesson.meta.title));
        let _ = writeln!(xml, "    <id>{}</id>", escape_xml(&id));
        let _ = writeln!(xml, "    <link href=\"{}\"/>", escape_xml(&url));
        let _ = writeln!(
            xml,
            "    <updated>{}</updated>",
            atom_date(lesson).unwrap_or_else(|| updated.clone())
        );
        let _ = writeln!(
            xml,
            "    <summary>{}</summary>",
            escape_xml(lesson.summary())
        );
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// The lesson's date as an RFC 3339 date-time (midnight UTC for a bare date).
fn atom_date(lesson: &Lesson) -> Option<String> {
    let date = lesson.meta.date.as_ref()?;
    let d = date.date?;
    let mut text = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
    match (&date.time, &date.offset) {
        (Some(t), Some(offset)) => {
            let _ = write!(
                text,
                "T{:02}:{:02}:{:02}{offset}",
                t.hour,
                t.minute,
                t.second.unwrap_or(0)
            );
        }
        (Some(t), None) => {
            let _ = write!(
                text,
                "T{:02}:{:02}:{:02}Z",
                t.hour,
                t.minute,
                t.second.unwrap_or(0)
            );
        }
        _ => text.push_str("T00:00:00Z"),
    }
    Some(text)
}

/// `robots.txt`: everything may be crawled; the sitemap is named when its URL is known.
pub fn render_robots(pack: &Pack) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &pack.config.base_url {
        let _ = writeln!(text, "Sitemap: {base}sitemap.xml");
    }
    text
}

/// Escapes text for XML and HTML alike (text and quoted attributes).
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
