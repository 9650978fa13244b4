//! Snapshots of the `<main>` of each page kind of the reference lesson (unminified, so a
//! review reads like the template). Review changes with `cargo insta review`.

use crate::common::*;

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
        insta::assert_snapshot!("focus_3", main_of(&site, "deepseek-v4/focus/3/index.html"));
        insta::assert_snapshot!("focus_9", main_of(&site, "deepseek-v4/focus/9/index.html"));
        insta::assert_snapshot!("end", main_of(&site, "deepseek-v4/end/index.html"));
        insta::assert_snapshot!("quiz", main_of(&site, "deepseek-v4/quiz/index.html"));
    });
}
