//! Rendering: one Tera instance holding the built-in templates with the pack's overrides,
//! filling templates from views (see [`views`]) into HTML strings.

mod compact;
pub(crate) mod csp;
pub mod templates;
pub mod views;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::PackConfig;
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::source::{relative_to, walk_error};

/// The folder of a pack's template overrides.
pub const TEMPLATES_DIR: &str = "templates";

/// A template's source and where it came from, for messages.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// `templates/focus.html` for a pack's own, `<built-in>/focus.html` otherwise.
    pub shown_path: PathBuf,
    pub text: String,
}

impl TemplateSource {
    /// Whether it is the built-in template `name`, or a copy of it in the pack.
    fn is_built_in(&self, name: &str) -> bool {
        templates::BUILT_INS.contains(&(name, self.text.as_str()))
    }
}

/// Tera with every template loaded; renders views to strings. Shared by render threads.
pub struct Renderer {
    tera: tera::Tera,
    /// The built-in templates minified, made when first asked for (see [`compact`]).
    compact: OnceLock<CompactTemplates>,
    /// What every template sees: `pack`, `strings` and `plurals`.
    global: tera::Context,
    sources: BTreeMap<String, TemplateSource>,
    fingerprint: u64,
}

pub use compact::minify_page;

impl Renderer {
    /// Loads the built-ins, replaced by name by any file in the pack's `templates/`.
    pub fn load(root: &Path, config: &PackConfig) -> Result<Renderer, Vec<Diagnostic>> {
        let sources = template_sources(root)?;
        let pack = PackView::of(config);
        let mut global = tera::Context::new();
        global.insert("pack", &pack);
        global.insert("strings", &config.strings);
        // Each count's plural forms for the page scripts (`core.plural`).
        let plurals: BTreeMap<&str, String> = config
            .plurals
            .iter()
            .map(|(key, forms)| (key.as_str(), forms.page_data()))
            .collect();
        global.insert("plurals", &plurals);
        let mut tera = new_tera(&global);

        // Everything a page sees besides its own views: the globals and every template.
        let mut hasher = DefaultHasher::new();
        (&pack, &config.strings, &plurals).hash(&mut hasher);
        for (name, source) in &sources {
            (name, &source.text).hash(&mut hasher);
        }
        let fingerprint = hasher.finish();

        let missing = missing_includes(&sources);
        if !missing.is_empty() {
            return Err(missing);
        }
        let html_templates = sources
            .iter()
            .filter(|(name, _)| !templates::is_asset(name))
            .map(|(name, source)| (name.as_str(), source.text.as_str()));
        if let Err(err) = tera.add_raw_templates(html_templates) {
            return Err(vec![template_error(&sources, &err)]);
        }
        Ok(Renderer {
            tera,
            compact: OnceLock::new(),
            global,
            sources,
            fingerprint,
        })
    }

    /// Renders a page minified: from the minified built-in templates when the page's template
    /// is one of them, else rendered and then minified as a whole.
    pub fn render_minified(
        &self,
        template: &str,
        context: &tera::Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        let compact = self.compact.get_or_init(|| self.compact_templates());
        if let Some(tera) = &compact.tera
            && let Some(largest) = compact.names.get(template)
        {
            // Into a buffer as large as the largest page of the template so far: it need
            // not grow as it is written.
            let mut html = Vec::with_capacity(largest.load(Ordering::Relaxed));
            if tera.render_to(template, context, &mut html).is_ok() {
                largest.fetch_max(html.len(), Ordering::Relaxed);
                return Ok(html);
            }
        }
        // The error, if any, comes from the templates as written, so it points into them.
        self.render(template, context)
            .map(|html| minify_page(&html))
    }

    /// The built-in HTML templates that the pack does not replace, minified, beside the
    /// pack's own as written. Only built-ins are minified this way: the tests check that
    /// their pages come out as minify-html would make them, which no one checks for a pack's.
    fn compact_templates(&self) -> CompactTemplates {
        let html = || {
            self.sources
                .iter()
                .filter(|(name, _)| templates::is_html(name))
        };
        let compacted: BTreeMap<&str, String> = html()
            .filter(|(name, source)| source.is_built_in(name))
            .filter_map(|(name, source)| {
                let lookup = |name: &str| self.source(name);
                let whole = compact::inline_includes(&source.text, &lookup)?;
                Some((name.as_str(), compact::compact_source(&whole)?))
            })
            .collect();
        let names = compacted
            .keys()
            .filter(|name| self.uses_only(name, &|used| compacted.contains_key(used)))
            .map(|name| (name.to_string(), AtomicUsize::new(0)))
            .collect();
        let all = html().map(|(name, source)| {
            let text = compacted.get(name.as_str()).unwrap_or(&source.text);
            (name.as_str(), text.as_str())
        });
        let mut tera = new_tera(&self.global);
        CompactTemplates {
            tera: tera.add_raw_templates(all).is_ok().then_some(tera),
            names,
        }
    }

    /// Whether `name` and every template it extends or includes, at any depth, are `wanted`.
    fn uses_only(&self, name: &str, wanted: &dyn Fn(&str) -> bool) -> bool {
        let mut todo = vec![name];
        let mut seen = std::collections::HashSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name) {
                continue;
            }
            if !wanted(name) {
                return false;
            }
            let Some(source) = self.sources.get(name) else {
                return false;
            };
            todo.extend(compact::extended(&source.text));
            todo.extend(compact::included(&source.text));
        }
        true
    }

    /// A hash of everything templates see besides a page's views: every template source and
    /// the global context (`pack`, `strings`). Pages with equal views and fingerprints render
    /// alike.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Renders a template with a page's context.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|err| template_error(&self.sources, &err))
    }

    /// The text of a template or asset by name (the pack's own if it has one).
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(|s| s.text.as_str())
    }
}

/// The built-in templates minified (see [`compact`]).
struct CompactTemplates {
    /// All templates, the built-ins among them minified; `None` if they do not load.
    tera: Option<tera::Tera>,
    /// The templates that are minified, and so is every template they extend, each with the
    /// size of the largest page it has rendered.
    names: std::collections::HashMap<String, AtomicUsize>,
}

/// Every template by name: the built-ins, each replaced by the pack's file of that name in
/// `templates/` (pack files of other names are added). Errors reading any are all returned.
fn template_sources(root: &Path) -> Result<BTreeMap<String, TemplateSource>, Vec<Diagnostic>> {
    let mut sources: BTreeMap<String, TemplateSource> = templates::BUILT_INS
        .iter()
        .map(|(name, text)| {
            let source = TemplateSource {
                shown_path: PathBuf::from(format!("<built-in>/{name}")),
                text: text.to_string(),
            };
            (name.to_string(), source)
        })
        .collect();
    let mut errors = Vec::new();
    let dir = root.join(TEMPLATES_DIR);
    if !dir.is_dir() {
        return Ok(sources);
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                errors.push(walk_error(err, root, &dir));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(&dir)
            .expect("walked below dir")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let shown_path = relative_to(root, entry.path());
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                sources.insert(name, TemplateSource { shown_path, text });
            }
            Err(err) => errors.push(Diagnostic::io(&shown_path, &err)),
        }
    }
    match errors.is_empty() {
        true => Ok(sources),
        false => Err(errors),
    }
}

/// A Tera that escapes HTML and XML templates and gives every template `global`.
fn new_tera(global: &tera::Context) -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    *tera.global_context() = global.clone();
    tera
}

/// The pack as every template sees it, under `pack`.
#[derive(Hash, serde::Serialize)]
struct PackView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    /// `ltr` or `rtl`.
    dir: &'static str,
    base_url: Option<&'a str>,
}

impl<'a> PackView<'a> {
    fn of(config: &'a PackConfig) -> Self {
        PackView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            dir: if config.is_rtl() { "rtl" } else { "ltr" },
            base_url: config.base_url.as_deref(),
        }
    }
}

/// A Tera error as our error: at the template's file, line and column when Tera knows them.
fn template_error(sources: &BTreeMap<String, TemplateSource>, err: &tera::Error) -> Diagnostic {
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report)
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            return missing_template_error(sources, current, parent, "extends");
        }
        _ => None,
    };
    let Some(report) = report else {
        let mut message = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(inner) = source {
            message.push_str(": ");
            message.push_str(&inner.to_string());
            source = inner.source();
        }
        return Diagnostic::global(ErrorKind::Template {
            template: "templates".to_string(),
            message: lower_first(&message),
        });
    };
    let name = report.filename();
    let span = report.span();
    let message = lower_first(report.message());
    match sources.get(name) {
        Some(source) => {
            let line = span.start_line.max(1);
            let excerpt = source.text.lines().nth(line - 1).map(str::to_string);
            Diagnostic::at(
                Span {
                    path: source.shown_path.clone().into(),
                    line,
                    col: span.start_col + 1,
                },
                excerpt,
                ErrorKind::Template {
                    template: name.to_string(),
                    message,
                },
            )
        }
        None => Diagnostic::global(ErrorKind::Template {
            template: name.to_string(),
            message,
        }),
    }
}

/// Each include of a name no template has, at the line that names it (Tera words these
/// itself, without our file positions).
fn missing_includes(sources: &BTreeMap<String, TemplateSource>) -> Vec<Diagnostic> {
    sources
        .iter()
        .filter(|(name, _)| !templates::is_asset(name))
        .flat_map(|(name, source)| {
            compact::included(&source.text)
                .into_iter()
                .filter(|included| !sources.contains_key(*included))
                .map(move |included| missing_template_error(sources, name, included, "includes"))
        })
        .collect()
}

/// A template that extends (or includes) a name no template has, at the line that names it.
fn missing_template_error(
    sources: &BTreeMap<String, TemplateSource>,
    current: &str,
    missing: &str,
    verb: &str,
) -> Diagnostic {
    let known: Vec<&str> = sources
        .keys()
        .map(String::as_str)
        .filter(|name| !templates::is_asset(name))
        .collect();
    let kind = ErrorKind::Template {
        template: current.to_string(),
        message: format!(
            "{verb} \"{missing}\", which is not a template (known: {})",
            known.join(", ")
        ),
    };
    let Some(source) = sources.get(current) else {
        return Diagnostic::global(kind);
    };
    let position = source.text.lines().enumerate().find_map(|(index, line)| {
        let col = line
            .find(&format!("\"{missing}\""))
            .or_else(|| line.find(missing))?;
        Some((index + 1, line[..col].chars().count() + 1, line.to_string()))
    });
    match position {
        Some((line, col, excerpt)) => Diagnostic::at(
            Span {
                path: source.shown_path.clone().into(),
                line,
                col,
            },
            Some(excerpt),
            kind,
        ),
        None => Diagnostic::global(kind),
    }
}

/// Tera's messages as ours: lower-case first letter, no final period.
fn lower_first(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_page_templates_are_all_minified() {
        let config = PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"T\"\nlanguage = \"en\"\n",
        )
        .unwrap();
        let renderer = Renderer::load(Path::new("/nonexistent"), &config).unwrap();
        let compact = renderer.compact_templates();
        let mut names: Vec<&str> = compact.names.keys().map(String::as_str).collect();
        names.sort();
        assert!(compact.tera.is_some());
        // Every built-in HTML template but the bundle's, which is not a page of the site.
        let mut expected: Vec<&str> = templates::BUILT_INS
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| templates::is_html(name) && *name != "bundle.html")
            .collect();
        expected.sort();
        assert!(expected.contains(&"main/question/choices.html"));
        assert_eq!(names, expected);
    }
}
