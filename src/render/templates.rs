//! The built-in templates and assets, compiled into the binary under their real names.
//! A pack's `templates/` folder replaces any of them by name: pages, the machine-readable
//! files (`sitemap.xml`, `feed.xml`, `robots.txt`) and the assets alike.

/// `(name, source)` of every built-in, from the repository's `templates/` folder.
pub const BUILT_INS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("focus.html", include_str!("../../templates/focus.html")),
    ("end.html", include_str!("../../templates/end.html")),
    ("quiz.html", include_str!("../../templates/quiz.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("bundle.html", include_str!("../../templates/bundle.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    ("robots.txt", include_str!("../../templates/robots.txt")),
    ("style.css", include_str!("../../templates/style.css")),
    (
        "lessonpack.js",
        include_str!("../../templates/lessonpack.js"),
    ),
];

/// Whether a template name is a static asset (copied, not rendered by Tera).
pub fn is_asset(name: &str) -> bool {
    name.ends_with(".css") || name.ends_with(".js")
}

/// Whether a template renders HTML (and so may be minified).
pub fn is_html(name: &str) -> bool {
    name.ends_with(".html")
}
