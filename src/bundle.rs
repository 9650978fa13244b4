//! Offline bundles: one self-contained HTML file per lesson and one for the whole pack, made
//! from the same views and templates as the site, plus an optional zip of the whole site.
//!
//! Each page's `<main>` is rendered with the normal templates, its links made fragments
//! (`#focus-3`, or `#<slug>/focus-3` in the pack bundle) and its images made `data:` URIs,
//! and becomes one `<section>` of `bundle.html`. The site's stylesheet and the same
//! `lessonpack.js` are inlined, and the page's CSP admits exactly them by hash. The script
//! shows one section at a time, following the URL fragment.
//!
//! The site's plan (`site::outputs`) keys each bundle from its parts and calls one function
//! per bundle when it must be made; where bundles go is `site::plan`'s (`BUNDLE_DIR`).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::assets::Assets;
use crate::content::{CONTENT_DIR, Pack};
use crate::error::Error;
use crate::render::Renderer;
use crate::site::pages::{Site, page_views};
use crate::site::plan::{Fragments, Linker, Page, PageKind, plan_pages};

/// Renders the offline bundle of the lesson with index `index` in site order (its
/// `bundle/<slug>.html`).
pub(crate) fn render_lesson_bundle(
    pack: &Pack,
    renderer: &Renderer,
    assets: &Assets,
    root: &Path,
    index: usize,
) -> Result<String, Vec<Error>> {
    let mut images = Images::new(pack, root);
    render_bundle(
        pack,
        renderer,
        assets,
        &mut images,
        Fragments::Lesson,
        Some(index),
    )
}

/// Renders the offline bundle of the whole pack (its `bundle/<pack-slug>.html`).
pub(crate) fn render_pack_bundle(
    pack: &Pack,
    renderer: &Renderer,
    assets: &Assets,
    root: &Path,
) -> Result<String, Vec<Error>> {
    let mut images = Images::new(pack, root);
    render_bundle(pack, renderer, assets, &mut images, Fragments::Pack, None)
}

/// What `bundle.html` sees.
#[derive(Serialize)]
struct BundleView {
    title: String,
    description: String,
    /// The Content-Security-Policy, admitting the inline style and script by hash.
    csp: String,
    css: String,
    js: String,
    pack_id: String,
    /// The lesson's slug in a lesson bundle, `null` in the pack bundle.
    lesson: Option<String>,
    /// Where the header's title links: `#index` or `#article`.
    home_url: String,
    parts: Vec<PartView>,
}

/// One page of the site as a section of the bundle.
#[derive(Serialize)]
struct PartView {
    id: String,
    kind: &'static str,
    lesson: Option<String>,
    html: String,
}

/// Renders one bundle: a lesson's (`only` = its index in site order) or the whole pack's.
fn render_bundle(
    pack: &Pack,
    renderer: &Renderer,
    assets: &Assets,
    images: &mut Images,
    fragments: Fragments,
    only: Option<usize>,
) -> Result<String, Vec<Error>> {
    let linker = Linker {
        pretty_urls: false,
        fragments: Some(fragments),
    };
    let site = Site::new(pack, linker, &assets.names, None);
    let wanted = |page: &Page| match (page.kind, only) {
        (PageKind::NotFound, _) => false,
        (_, None) => true,
        (PageKind::Index, Some(_)) => false,
        (
            PageKind::Article(i) | PageKind::Focus(i, _) | PageKind::End(i) | PageKind::Quiz(i),
            Some(only),
        ) => i == only,
    };
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    for page in plan_pages(pack).iter().filter(|page| wanted(page)) {
        let dir = page.dir.as_ref().expect("only the 404 page has no folder");
        let html = match renderer.render(page.template(), &page_views(&site, page).context()) {
            Ok(html) => html,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        let lesson = dir.0.first().cloned();
        let id = fragments.id(dir);
        let mut main = main_inner(&html).to_string();
        if let Some(slug) = &lesson {
            main = images.inline(slug, &main)?;
            if fragments == Fragments::Pack {
                main = prefix_ids(&main, slug);
            }
        }
        parts.push(PartView {
            id,
            kind: page_kind(page.kind),
            lesson,
            html: main,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let config = &pack.config;
    let css = String::from_utf8_lossy(&assets.css).into_owned();
    let js = String::from_utf8_lossy(&assets.js).into_owned();
    let lesson = only.map(|i| site.lessons[i]);
    let view = BundleView {
        title: lesson.map_or_else(|| config.title.clone(), |l| l.meta.title.clone()),
        description: lesson.map_or_else(|| config.description.clone(), |l| l.summary().to_string()),
        csp: format!(
            "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; base-uri 'none'; form-action 'none'",
            csp_hash(&js),
            csp_hash(&css)
        ),
        css,
        js,
        pack_id: crate::site::answers::pack_id(&config.title),
        lesson: lesson.map(|l| l.slug.clone()),
        home_url: match fragments {
            Fragments::Lesson => "#article".to_string(),
            Fragments::Pack => "#index".to_string(),
        },
        parts,
    };
    let mut context = tera::Context::new();
    context.insert("bundle", &view);
    renderer
        .render("bundle.html", &context)
        .map_err(|e| vec![e])
}

fn page_kind(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Index => "index",
        PageKind::Article(_) => "article",
        PageKind::Focus(..) => "focus",
        PageKind::End(_) => "end",
        PageKind::Quiz(_) => "quiz",
        PageKind::NotFound => "not_found",
    }
}

/// A CSP source for an inline element's exact text: `sha256-<base64 digest>`.
fn csp_hash(text: &str) -> String {
    format!("sha256-{}", BASE64.encode(Sha256::digest(text.as_bytes())))
}

/// The inside of a rendered page's `<main …>` element (the whole page if it has none).
fn main_inner(html: &str) -> &str {
    let Some(open) = html.find("<main") else {
        return html;
    };
    let Some(start) = html[open..].find('>').map(|i| open + i + 1) else {
        return html;
    };
    let end = html.rfind("</main>").filter(|&end| end >= start);
    html[start..end.unwrap_or(html.len())].trim()
}

/// Makes a lesson's ids unique in the pack bundle: `q1` becomes `<slug>/q1`, in `id`, `for`,
/// ARIA references and fragment links to them.
fn prefix_ids(html: &str, slug: &str) -> String {
    let mut ids = HashSet::new();
    for_each_attr(html, "id", |value| {
        ids.insert(value.to_string());
        None
    });
    let mut out = html.to_string();
    for attr in ["id", "for", "aria-labelledby", "aria-describedby"] {
        out = for_each_attr(&out, attr, |value| {
            Some(
                value
                    .split(' ')
                    .map(|id| format!("{slug}/{id}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        });
    }
    for attr in ["href", "action"] {
        out = for_each_attr(&out, attr, |value| {
            let id = value.strip_prefix('#')?;
            ids.contains(id).then(|| format!("#{slug}/{id}"))
        });
    }
    out
}

/// Calls `change` on every value of attribute `name` (written `name="…"`, as our templates
/// and the Markdown renderer write them) and returns the HTML with the values it replaced.
/// `change` returning `Some("\0")` removes the attribute.
fn for_each_attr(html: &str, name: &str, mut change: impl FnMut(&str) -> Option<String>) -> String {
    let needle = format!(" {name}=\"");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        let value_start = at + needle.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        match change(value) {
            Some(new) if new == "\0" => out.push_str(&rest[..at]),
            Some(new) => {
                out.push_str(&rest[..value_start]);
                out.push_str(&new);
                out.push('"');
            }
            None => out.push_str(&rest[..value_start + len + 1]),
        }
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Lesson images as `data:` URIs, read once each (the plan warns of those over the limit).
struct Images<'a> {
    pack: &'a Pack,
    root: PathBuf,
    /// `(slug, relative path)` → data URI.
    cache: BTreeMap<(String, String), String>,
}

impl<'a> Images<'a> {
    fn new(pack: &'a Pack, root: &Path) -> Images<'a> {
        Images {
            pack,
            root: root.to_path_buf(),
            cache: BTreeMap::new(),
        }
    }

    /// Replaces every `src`/`href` that is not a fragment or `data:` in a section of lesson
    /// `slug`: lesson files become data URIs; links elsewhere lose their `href`, since the
    /// bundle must not reach the network or other files.
    fn inline(&mut self, slug: &str, html: &str) -> Result<String, Vec<Error>> {
        let mut failure = None;
        let mut out = html.to_string();
        for attr in ["src", "href"] {
            out = for_each_attr(&out, attr, |value| {
                if value.starts_with('#') || value.starts_with("data:") {
                    return None;
                }
                match self.data_uri(slug, value) {
                    Ok(Some(uri)) => Some(uri),
                    Ok(None) if attr == "src" => Some("data:,".to_string()),
                    Ok(None) => Some("\0".to_string()),
                    Err(error) => {
                        failure.get_or_insert(error);
                        None
                    }
                }
            });
        }
        match failure {
            Some(error) => Err(vec![error]),
            None => Ok(out),
        }
    }

    /// The data URI of the lesson file a page URL names, `None` when it names none.
    fn data_uri(&mut self, slug: &str, url: &str) -> Result<Option<String>, Error> {
        let mut relative = url;
        while let Some(rest) = relative.strip_prefix("../") {
            relative = rest;
        }
        let relative = percent_decode(&html_unescape(relative));
        let key = (slug.to_string(), relative.clone());
        if let Some(uri) = self.cache.get(&key) {
            return Ok(Some(uri.clone()));
        }
        let Some((unit, file)) = self.pack.units.iter().find_map(|unit| {
            let lesson = unit.lessons.iter().find(|l| l.slug == slug)?;
            let file = lesson.files.iter().find(|f| f.relative == relative)?;
            Some((unit, file))
        }) else {
            return Ok(None);
        };
        let path = self
            .root
            .join(CONTENT_DIR)
            .join(&unit.dir)
            .join(&file.relative);
        let bytes = std::fs::read(&path).map_err(|err| Error::io(&path, &err))?;
        let uri = format!("data:{};base64,{}", mime_type(&path), BASE64.encode(&bytes));
        self.cache.insert(key, uri.clone());
        Ok(Some(uri))
    }
}

fn mime_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "avif" => "image/avif",
        _ => "application/octet-stream",
    }
}

/// Undoes the attribute escaping of `&amp;` (the only one a URL path gets from pulldown-cmark).
fn html_unescape(text: &str) -> String {
    text.replace("&amp;", "&")
}

/// Decodes `%XX` escapes (as UTF-8; invalid sequences are kept lossily).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hash_is_base64_sha256() {
        // echo -n "" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn ids_and_their_references_get_the_lesson_prefix() {
        let html = r##"<h2 id="h">x</h2><section aria-labelledby="h"><label for="q1-a">a</label><input id="q1-a"><a href="#h">h</a><a href="#a/end">e</a></section>"##;
        assert_eq!(
            prefix_ids(html, "a"),
            r##"<h2 id="a/h">x</h2><section aria-labelledby="a/h"><label for="a/q1-a">a</label><input id="a/q1-a"><a href="#a/h">h</a><a href="#a/end">e</a></section>"##
        );
    }

    #[test]
    fn main_inner_takes_the_inside_of_main() {
        assert_eq!(
            main_inner("<body><main id=\"main\">\n<p>x</p>\n</main></body>"),
            "<p>x</p>"
        );
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("img/a%20b%C3%A9.png"), "img/a bé.png");
    }
}
