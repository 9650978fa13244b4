//! Pages come out minified: the built-in templates are minified once, and every page made
//! from them must be what minify-html makes of the page rendered from the templates as
//! written, in every shape a page can take.

use std::path::Path;

use lessonpack::render::minify_page;

use crate::support::{html::*, pack::*};

/// The document a browser makes of `html`, written out with attributes sorted and without
/// whitespace-only text, so documents that differ only in how they are written (optional end
/// tags, attribute order, quotes) compare equal. Whitespace between elements is left out
/// because minify-html removes it by the parent element's kind (even between two links in a
/// `<nav>`), which the template does not show; the size check below bounds what is left.
fn document(html: &str) -> String {
    fn write(element: scraper::ElementRef, out: &mut String) {
        let mut attrs: Vec<_> = element.value().attrs().collect();
        attrs.sort();
        out.push_str(&format!("<{} {attrs:?}>", element.value().name()));
        for child in element.children() {
            if let Some(child) = scraper::ElementRef::wrap(child) {
                write(child, out);
            } else if let Some(text) = child.value().as_text()
                && !text.trim().is_empty()
            {
                out.push_str(text);
            }
        }
        out.push_str(&format!("</{}>", element.value().name()));
    }
    let mut out = String::new();
    write(scraper::Html::parse_document(html).root_element(), &mut out);
    out
}

/// Builds `root` minified and not, and checks every page: it is the same document as
/// minify-html makes of the readable page, and at most 5 % longer (the minified templates
/// keep the quotes around values that come from Tera), all pages together at most 3.5 %.
/// Returns how many pages it checked.
fn assert_pages_are_minified(root: &Path, adjust: impl Fn(&mut lessonpack::BuildOptions)) -> usize {
    let minified = build_with(root, |o| {
        adjust(o);
        o.output = Some(root.join("site-min"));
    });
    let readable = build_with(root, |o| {
        adjust(o);
        o.output = Some(root.join("site-raw"));
        o.minify = false;
    });
    // The assets are minified too, so their hashed names differ: each page links the same
    // assets in both sites, in the same places.
    let linked = |site: &BuiltSite, path: &str| -> Vec<String> {
        let page = scraper::Html::parse_document(&site.text(path));
        let (script, style) = (sel("script[src]"), sel("link[rel=stylesheet]"));
        let scripts = page.select(&script).map(|e| e.attr("src"));
        let styles = page.select(&style).map(|e| e.attr("href"));
        scripts
            .chain(styles)
            .flatten()
            .map(str::to_string)
            .collect()
    };
    let mut renamed: Vec<(String, String)> = Vec::new();
    for path in readable.files.keys().filter(|path| path.ends_with(".html")) {
        for pair in linked(&readable, path)
            .into_iter()
            .zip(linked(&minified, path))
        {
            if !renamed.contains(&pair) {
                renamed.push(pair);
            }
        }
    }
    let mut checked = 0;
    let (mut ours_total, mut expected_total) = (0, 0);
    for (path, raw) in &readable.files {
        // Bundles and the 404 page (without a base URL) hold their stylesheet, minified or
        // not, so they are not the readable page with other asset names.
        if !path.ends_with(".html") || path.starts_with("bundle/") || path == "404.html" {
            continue;
        }
        let mut raw = String::from_utf8(raw.clone()).unwrap();
        for (from, to) in &renamed {
            raw = raw.replace(from, to);
        }
        let ours = String::from_utf8(minified.files[path].clone()).unwrap();
        let expected = minify_page(&raw);
        let (ours_doc, expected_doc) = (
            document(&ours),
            document(&String::from_utf8(expected.clone()).unwrap()),
        );
        if ours_doc != expected_doc {
            let at = ours_doc
                .bytes()
                .zip(expected_doc.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(ours_doc.len().min(expected_doc.len()));
            let around =
                |text: &str| text[at.saturating_sub(200)..(at + 200).min(text.len())].to_string();
            panic!(
                "{path}: not the same document\n ours: …{}…\n minify-html: …{}…",
                around(&ours_doc),
                around(&expected_doc)
            );
        }
        assert!(
            ours.len() * 100 <= expected.len() * 105,
            "{path}: {} bytes, minify-html makes {}",
            ours.len(),
            expected.len()
        );
        ours_total += ours.len();
        expected_total += expected.len();
        checked += 1;
    }
    eprintln!("{checked} pages: {ours_total} bytes, minify-html page by page {expected_total}");
    assert!(ours_total * 1000 <= expected_total * 1035);
    checked
}

#[test]
fn sample_pages_are_minified() {
    let pack = sample_pack();
    let pages = planned_pages(pack.path());
    assert_eq!(assert_pages_are_minified(pack.path(), |_| {}), pages - 1);
}

#[test]
fn pages_of_every_shape_are_minified() {
    // Units with and without titles, notes, custom kinds, images, drafts.
    let basic = fixture_copy("basic");
    assert!(assert_pages_are_minified(basic.path(), |o| o.drafts = true) > 10);

    // Shuffled quizzes with their answers in the page, bundle links, folder links.
    let pack = sample_pack();
    let config = pack.path().join("lessonpack.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[quiz]\nshuffle = true\nplain_answers = true\n");
    std::fs::write(&config, text).unwrap();
    let checked = assert_pages_are_minified(pack.path(), |o| {
        o.bundle = true;
        o.pretty_urls = true;
    });
    assert_eq!(checked, planned_pages(pack.path()) - 1);
}

#[test]
fn a_pack_template_is_minified_page_by_page() {
    let pack = sample_pack();
    // Tera inside a start tag: this template cannot be minified before rendering.
    write_template(
        pack.path(),
        "end.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<section class=\"end\"{% if end.lesson.quiz_url %} data-quiz=\"{{ end.lesson.quiz_url }}\"{% endif %}>\n  <h1>  {{ strings.end_of_article }}  </h1>\n</section>\n{% endblock main %}\n",
    );
    let pages = planned_pages(pack.path());
    assert_eq!(assert_pages_are_minified(pack.path(), |_| {}), pages - 1);
    let site = build_site(pack.path());
    let end = site.page("deepseek-v4/end.html");
    assert_eq!(texts(&end, "section.end h1"), ["End of article"]);
    assert!(
        !String::from_utf8_lossy(&site.files["deepseek-v4/end.html"]).contains("  "),
        "whitespace collapsed"
    );
}
