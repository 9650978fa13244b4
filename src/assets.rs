//! The site's stylesheet and script: taken from the templates (built-in or the pack's own),
//! minified, and named by content hash so browsers may cache them forever.

use sha2::{Digest, Sha256};

use crate::render::Renderer;

/// The folder of assets in the site.
pub const ASSETS_DIR: &str = "assets";

/// The site paths of the assets, relative to the site root, as templates link them.
#[derive(Debug, Clone)]
pub struct AssetNames {
    /// `assets/style.<hash>.css`
    pub css: String,
    /// `assets/lessonpack.<hash>.js`
    pub js: String,
}

/// The assets' contents and names.
#[derive(Debug, Clone)]
pub struct Assets {
    pub names: AssetNames,
    pub css: Vec<u8>,
    pub js: Vec<u8>,
}

impl Assets {
    /// Prepares `style.css` and `lessonpack.js` from the renderer's templates.
    pub fn prepare(renderer: &Renderer, minify: bool) -> Assets {
        let css_source = renderer.source("style.css").unwrap_or_default();
        let js_source = renderer.source("lessonpack.js").unwrap_or_default();
        let (css, js) = if minify {
            (minify_css(css_source), minify_js(js_source))
        } else {
            (
                css_source.as_bytes().to_vec(),
                js_source.as_bytes().to_vec(),
            )
        };
        Assets {
            names: AssetNames {
                css: format!("{ASSETS_DIR}/style.{}.css", short_hash(&css)),
                js: format!("{ASSETS_DIR}/lessonpack.{}.js", short_hash(&js)),
            },
            css,
            js,
        }
    }
}

/// The first 10 hex digits of the SHA-256 of `bytes`.
pub fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// Minifies CSS with minify-html's CSS minifier, by way of a `<style>` element.
fn minify_css(css: &str) -> Vec<u8> {
    minify_inside("style", css, |cfg| cfg.minify_css = true)
}

/// Minifies JavaScript with minify-html's JS minifier, by way of a `<script>` element.
fn minify_js(js: &str) -> Vec<u8> {
    minify_inside("script", js, |cfg| cfg.minify_js = true)
}

fn minify_inside(element: &str, code: &str, enable: impl FnOnce(&mut minify_html::Cfg)) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    enable(&mut cfg);
    let wrapped = format!("<{element}>{code}</{element}>");
    let minified = minify_html::minify(wrapped.as_bytes(), &cfg);
    let open = format!("<{element}>");
    let close = format!("</{element}>");
    let text = String::from_utf8_lossy(&minified);
    match (text.find(&open), text.rfind(&close)) {
        (Some(start), Some(end)) if start + open.len() <= end => {
            text[start + open.len()..end].as_bytes().to_vec()
        }
        // The minifier gave something we do not recognise: ship the source as is.
        _ => code.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_is_minified() {
        let css = minify_css("body {\n  color : red ;\n}\n");
        assert_eq!(String::from_utf8(css).unwrap(), "body{color:red}");
    }

    #[test]
    fn js_is_minified_and_still_code() {
        let source = "function add(first, second) {\n  /* sum */\n  return first + second;\n}\nwindow.add = add;\n";
        let js = String::from_utf8(minify_js(source)).unwrap();
        // minify-js keeps comments inside functions, but folds white space.
        assert!(js.len() < source.len() - 10, "{js}");
        assert!(js.contains("window.add"), "{js}");
    }
}
