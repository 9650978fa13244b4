//! The built-in templates and assets, compiled into the binary under their real names.
//! A pack's `templates/` folder replaces any of them by name: pages, the machine-readable
//! files (`sitemap.xml`, `feed.xml`, `robots.txt`) and the assets alike.

/// `(name, source)` of every built-in, from the repository's `templates/` folder.
pub const BUILT_INS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("head.html", include_str!("../../templates/head.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("focus.html", include_str!("../../templates/focus.html")),
    ("end.html", include_str!("../../templates/end.html")),
    ("quiz.html", include_str!("../../templates/quiz.html")),
    (
        "practice.html",
        include_str!("../../templates/practice.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "main/search.html",
        include_str!("../../templates/main/search.html"),
    ),
    (
        "entities.html",
        include_str!("../../templates/entities.html"),
    ),
    ("entity.html", include_str!("../../templates/entity.html")),
    ("terms.html", include_str!("../../templates/terms.html")),
    ("term.html", include_str!("../../templates/term.html")),
    (
        "main/index.html",
        include_str!("../../templates/main/index.html"),
    ),
    (
        "main/article.html",
        include_str!("../../templates/main/article.html"),
    ),
    (
        "main/focus.html",
        include_str!("../../templates/main/focus.html"),
    ),
    (
        "main/end.html",
        include_str!("../../templates/main/end.html"),
    ),
    (
        "main/quiz.html",
        include_str!("../../templates/main/quiz.html"),
    ),
    (
        "main/practice.html",
        include_str!("../../templates/main/practice.html"),
    ),
    // The pages gathering lessons across the pack: entities, tags and levels.
    (
        "main/entities.html",
        include_str!("../../templates/main/entities.html"),
    ),
    (
        "main/entity.html",
        include_str!("../../templates/main/entity.html"),
    ),
    (
        "main/terms.html",
        include_str!("../../templates/main/terms.html"),
    ),
    (
        "main/term.html",
        include_str!("../../templates/main/term.html"),
    ),
    // What the quiz page and the practice page share: the quiz script's words, the summary.
    (
        "main/quiz/words.html",
        include_str!("../../templates/main/quiz/words.html"),
    ),
    (
        "main/quiz/summary.html",
        include_str!("../../templates/main/quiz/summary.html"),
    ),
    // The controls of each kind of question, included by main/quiz.html.
    (
        "main/question/choices.html",
        include_str!("../../templates/main/question/choices.html"),
    ),
    (
        "main/question/short.html",
        include_str!("../../templates/main/question/short.html"),
    ),
    (
        "main/question/cloze.html",
        include_str!("../../templates/main/question/cloze.html"),
    ),
    (
        "main/question/evidence.html",
        include_str!("../../templates/main/question/evidence.html"),
    ),
    (
        "main/question/order.html",
        include_str!("../../templates/main/question/order.html"),
    ),
    (
        "main/question/match.html",
        include_str!("../../templates/main/question/match.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("bundle.html", include_str!("../../templates/bundle.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    ("robots.txt", include_str!("../../templates/robots.txt")),
    ("style.css", include_str!("../../templates/style.css")),
    ("icon.svg", include_str!("../../templates/icon.svg")),
    // The page script, by concern (joined per page kind by src/assets.rs).
    ("js/core.js", include_str!("../../templates/js/core.js")),
    (
        "js/storage.js",
        include_str!("../../templates/js/storage.js"),
    ),
    (
        "js/answers.js",
        include_str!("../../templates/js/answers.js"),
    ),
    ("js/quiz.js", include_str!("../../templates/js/quiz.js")),
    ("js/kinds.js", include_str!("../../templates/js/kinds.js")),
    (
        "js/feedback.js",
        include_str!("../../templates/js/feedback.js"),
    ),
    // The script of each kind of question (see js/kinds/choices.js for what one provides).
    (
        "js/kinds/choices.js",
        include_str!("../../templates/js/kinds/choices.js"),
    ),
    (
        "js/kinds/cloze.js",
        include_str!("../../templates/js/kinds/cloze.js"),
    ),
    (
        "js/kinds/practice.js",
        include_str!("../../templates/js/kinds/practice.js"),
    ),
    (
        "js/kinds/order.js",
        include_str!("../../templates/js/kinds/order.js"),
    ),
    (
        "js/kinds/match.js",
        include_str!("../../templates/js/kinds/match.js"),
    ),
    (
        "js/reading.js",
        include_str!("../../templates/js/reading.js"),
    ),
    ("js/focus.js", include_str!("../../templates/js/focus.js")),
    ("js/search.js", include_str!("../../templates/js/search.js")),
    (
        "js/search-box.js",
        include_str!("../../templates/js/search-box.js"),
    ),
    (
        "js/progress.js",
        include_str!("../../templates/js/progress.js"),
    ),
    ("js/carry.js", include_str!("../../templates/js/carry.js")),
    ("js/listen.js", include_str!("../../templates/js/listen.js")),
    ("js/start.js", include_str!("../../templates/js/start.js")),
    ("js/bundle.js", include_str!("../../templates/js/bundle.js")),
];

/// Whether a template name is a static asset (copied, not rendered by Tera).
pub fn is_asset(name: &str) -> bool {
    name.ends_with(".css") || name.ends_with(".js") || name.ends_with(".svg")
}

/// Whether a template renders HTML (and so may be minified).
pub fn is_html(name: &str) -> bool {
    name.ends_with(".html")
}
