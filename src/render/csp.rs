//! The pages' Content-Security-Policy, made in one place: templates receive it whole as
//! `page.csp` (see `templates/head.html`) and never spell a policy themselves.
//!
//! Three policies exist. The site's admits its own stylesheet and script files, images
//! of the site or inline, and forms sent to the site (the header's search box); a bundle's admits exactly its one inline style and script, by
//! hash, and inline images only; the preview's (`serve`) is the site's that may also reach
//! the live-reload event stream on its own origin.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256};

/// A Content-Security-Policy: directives with their sources, written in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Csp {
    /// `(directive, sources)`, in the order they are written.
    directives: Vec<(&'static str, Vec<String>)>,
}

/// The order directives are written in, so equal policies give equal text.
const ORDER: &[&str] = &[
    "default-src",
    "connect-src",
    "script-src",
    "style-src",
    "img-src",
    "media-src",
    "base-uri",
    "form-action",
];

impl Csp {
    /// Nothing is allowed: the start of every policy.
    fn none() -> Csp {
        Csp {
            directives: Vec::new(),
        }
        .with("default-src", "'none'")
        .with("base-uri", "'none'")
        .with("form-action", "'none'")
    }

    /// The site's: its own stylesheet and script, images of the site or inline, and its
    /// header's search box, a form sent to the site's search page.
    pub(crate) fn site() -> Csp {
        Csp::none()
            .with("form-action", "'self'")
            .with("script-src", "'self'")
            .with("style-src", "'self'")
            .with("img-src", "'self'")
            .with("img-src", "data:")
    }

    /// The preview's: the site's, plus the event stream the live-reload script listens to.
    pub(crate) fn preview() -> Csp {
        Csp::site().with("connect-src", "'self'")
    }

    /// The site's, or the preview's when pages are served with live reload.
    pub(crate) fn for_site(live_reload: bool) -> Csp {
        match live_reload {
            true => Csp::preview(),
            false => Csp::site(),
        }
    }

    /// The self-contained 404 page's: its one inline style by hash, no script but the
    /// preview's live-reload one.
    pub(crate) fn not_found(style: &str, live_reload: bool) -> Csp {
        let policy = Csp::none()
            .with("form-action", "'self'")
            .with("style-src", &hash_source(style))
            .with("img-src", "'self'")
            .with("img-src", "data:");
        match live_reload {
            true => policy
                .with("script-src", "'self'")
                .with("connect-src", "'self'"),
            false => policy,
        }
    }

    /// A bundle's: exactly its inline script and style (by their SHA-256), inline images.
    pub(crate) fn bundle(script: &str, style: &str) -> Csp {
        Csp::none()
            .with("script-src", &hash_source(script))
            .with("style-src", &hash_source(style))
            .with("img-src", "data:")
    }

    /// The policy that also admits an inline script of exactly this text.
    pub(crate) fn with_inline_script(self, script: &str) -> Csp {
        self.with("script-src", &hash_source(script))
    }

    /// The policy admitting recordings from `source` (the site's own files, or `data:` in
    /// bundles) when the pack has some (`audio` in a lesson's front matter); else as it is.
    pub(crate) fn with_recordings(self, recordings: bool, source: &str) -> Csp {
        match recordings {
            true => self.with("media-src", source),
            false => self,
        }
    }

    /// The policy with `source` added to `directive`.
    pub(crate) fn with(mut self, directive: &'static str, source: &str) -> Csp {
        let rank = |name: &str| ORDER.iter().position(|known| *known == name);
        debug_assert!(rank(directive).is_some(), "unknown directive {directive}");
        match self
            .directives
            .iter_mut()
            .find(|(name, _)| *name == directive)
        {
            Some((_, sources)) => {
                // A source admitted replaces "nothing".
                sources.retain(|s| s != "'none'");
                sources.push(source.to_string());
            }
            None => {
                self.directives.push((directive, vec![source.to_string()]));
                self.directives.sort_by_key(|(name, _)| rank(name));
            }
        }
        self
    }
}

impl std::fmt::Display for Csp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (directive, sources)) in self.directives.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{directive} {}", sources.join(" "))?;
        }
        Ok(())
    }
}

/// The source that admits an inline element of exactly this text: `'sha256-<base64>'`.
fn hash_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(text.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_policy_is_written_as_before() {
        assert_eq!(
            Csp::site().to_string(),
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'"
        );
    }

    #[test]
    fn the_preview_policy_reaches_its_own_origin() {
        assert_eq!(
            Csp::preview().to_string(),
            "default-src 'none'; connect-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'"
        );
        assert_eq!(Csp::for_site(false), Csp::site());
    }

    #[test]
    fn a_bundle_admits_its_inline_code_by_hash() {
        // printf '' | openssl dgst -sha256 -binary | base64
        let empty = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";
        assert_eq!(
            Csp::bundle("", "").to_string(),
            format!(
                "default-src 'none'; script-src {empty}; style-src {empty}; img-src data:; base-uri 'none'; form-action 'none'"
            )
        );
    }
}
