//! Rendering: one Tera instance holding the built-in templates with the pack's overrides,
//! filling templates from views (see [`views`]) into HTML strings.

pub mod templates;
pub mod views;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::config::PackConfig;
use crate::content::relative_to;
use crate::error::{Error, ErrorKind, Span};

/// The folder of a pack's template overrides.
pub const TEMPLATES_DIR: &str = "templates";

/// A template's source and where it came from, for messages.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// `templates/focus.html` for a pack's own, `<built-in>/focus.html` otherwise.
    pub shown_path: PathBuf,
    pub text: String,
}

/// Tera with every template loaded; renders views to strings. Shared by render threads.
pub struct Renderer {
    tera: tera::Tera,
    sources: BTreeMap<String, TemplateSource>,
    fingerprint: u64,
}

impl Renderer {
    /// Loads the built-ins, replaced by name by any file in the pack's `templates/`.
    pub fn load(root: &Path, config: &PackConfig) -> Result<Renderer, Vec<Error>> {
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
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(err) => {
                        let path = relative_to(root, err.path().unwrap_or(&dir));
                        let io = err
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("cannot read"));
                        errors.push(Error::io(&path, &io));
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
                    Err(err) => errors.push(Error::io(&shown_path, &err)),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let pack = PackView::of(config);
        let mut global = tera::Context::new();
        global.insert("pack", &pack);
        global.insert("strings", &config.strings);
        *tera.global_context() = global;

        // Everything a page sees besides its own views: the globals and every template.
        let mut hasher = DefaultHasher::new();
        (&pack, &config.strings).hash(&mut hasher);
        for (name, source) in &sources {
            (name, &source.text).hash(&mut hasher);
        }
        let fingerprint = hasher.finish();

        let html_templates: Vec<(&str, &str)> = sources
            .iter()
            .filter(|(name, _)| !templates::is_asset(name))
            .map(|(name, source)| (name.as_str(), source.text.as_str()))
            .collect();
        let renderer_sources = sources.clone();
        if let Err(err) = tera.add_raw_templates(html_templates) {
            return Err(vec![template_error(&renderer_sources, &err)]);
        }
        Ok(Renderer {
            tera,
            sources,
            fingerprint,
        })
    }

    /// A hash of everything templates see besides a page's views: every template source and
    /// the global context (`pack`, `strings`). Pages with equal views and fingerprints render
    /// alike.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Renders a template with a page's context.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Error> {
        self.tera
            .render(template, context)
            .map_err(|err| template_error(&self.sources, &err))
    }

    /// The text of a template or asset by name (the pack's own if it has one).
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(|s| s.text.as_str())
    }
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
fn template_error(sources: &BTreeMap<String, TemplateSource>, err: &tera::Error) -> Error {
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
        return Error::global(ErrorKind::Template {
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
            Error::at(
                Span {
                    path: source.shown_path.clone(),
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
        None => Error::global(ErrorKind::Template {
            template: name.to_string(),
            message,
        }),
    }
}

/// A template that extends (or includes) a name no template has, at the line that names it.
fn missing_template_error(
    sources: &BTreeMap<String, TemplateSource>,
    current: &str,
    missing: &str,
    verb: &str,
) -> Error {
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
        return Error::global(kind);
    };
    let position = source.text.lines().enumerate().find_map(|(index, line)| {
        let col = line
            .find(&format!("\"{missing}\""))
            .or_else(|| line.find(missing))?;
        Some((index + 1, line[..col].chars().count() + 1, line.to_string()))
    });
    match position {
        Some((line, col, excerpt)) => Error::at(
            Span {
                path: source.shown_path.clone(),
                line,
                col,
            },
            Some(excerpt),
            kind,
        ),
        None => Error::global(kind),
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
