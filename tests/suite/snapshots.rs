//! Snapshots of the `<main>` of each page kind of the reference lesson (unminified, so a
//! review reads like the template). Review changes with `cargo insta review`.

use crate::support::{html::*, pack::*};

fn main_of(site: &BuiltSite, path: &str) -> String {
    let page = site.page(path);
    let main = page.select(&sel("main")).next().expect("a <main>");
    main.html()
}

#[test]
fn reference_lesson_pages() {
    let pack = sample_pack();
    let site = build_with(pack.path(), |o| o.minify = false);
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\.[0-9a-f]{10}\.(css|js)", ".[hash].$1");
    settings.bind(|| {
        insta::assert_snapshot!("index", main_of(&site, "index.html"));
        insta::assert_snapshot!("article", main_of(&site, "deepseek-v4/index.html"));
        insta::assert_snapshot!("focus_3", main_of(&site, "deepseek-v4/3.html"));
        insta::assert_snapshot!("focus_9", main_of(&site, "deepseek-v4/9.html"));
        insta::assert_snapshot!("end", main_of(&site, "deepseek-v4/end.html"));
        insta::assert_snapshot!("quiz", main_of(&site, "deepseek-v4/quiz.html"));
    });
}

/// The `<head>` elements that load or admit other files, as HTML (an inline stylesheet's
/// text left out: it is the whole stylesheet).
fn head_links(site: &BuiltSite, path: &str) -> String {
    let page = site.page(path);
    page.select(&sel(
        "head meta[http-equiv], head link, head script, head style",
    ))
    .map(|element| match element.value().name() {
        "style" => "<style>…</style>".to_string(),
        _ => element.html(),
    })
    .collect::<Vec<_>>()
    .join("\n")
}

#[test]
fn not_found_page_with_and_without_base_url() {
    let pack = sample_pack();
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\.[0-9a-f]{10}\.(css|js)", ".[hash].$1");
    settings.add_filter(r"sha256-[A-Za-z0-9+/=]+", "sha256-[hash]");
    let site = build_with(pack.path(), |o| o.minify = false);
    settings.bind(|| {
        insta::assert_snapshot!("not_found_main", main_of(&site, "404.html"));
        insta::assert_snapshot!("not_found_head", head_links(&site, "404.html"));
    });

    let config = pack.path().join("lessonpack.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("base_url = \"https://example.org/news/\"\n{text}"),
    )
    .unwrap();
    let site = build_with(pack.path(), |o| o.minify = false);
    settings.bind(|| {
        insta::assert_snapshot!(
            "not_found_head_with_base_url",
            head_links(&site, "404.html")
        );
    });
}
