//! The pages that gather lessons across the pack, read from the built files of
//! `tests/fixtures/ways/`: the entity index and each entity's page (spellings merged under
//! the canonical name, slugs unique), tag and level pages and their indexes, the links to them
//! from focus, article and index pages, reading time, the `[pages]` setting, the sitemap and
//! the bundles, which hold none of these pages.

use std::path::Path;

use lessonpack::config::PackConfig;
use scraper::Html;

use crate::support::{html::*, pack::*};

fn built_ways_pack(adjust: impl FnOnce(&Path)) -> (tempfile::TempDir, BuiltSite) {
    let pack = fixture_copy("ways");
    adjust(pack.path());
    let site = build_with(pack.path(), |options| options.bundle = true);
    (pack, site)
}

fn hrefs(page: &Html, css: &str) -> Vec<String> {
    page.select(&sel(css))
        .map(|a| a.value().attr("href").unwrap_or_default().to_string())
        .collect()
}

/// The site path a relative link on the page at `from` leads to.
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in href.split(['#', '?']).next().unwrap().split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            segment => parts.push(segment),
        }
    }
    parts.join("/")
}

#[test]
fn the_entity_index_lists_every_entity_by_kind_with_its_sentences() {
    let (_pack, site) = built_ways_pack(|_| {});
    let page = site.page("entities/index.html");
    assert_eq!(one_text(&page, "h1"), "Names in this pack");
    // The pack's kind order: person, org, location, tech (no concept, no event).
    assert_eq!(
        texts(&page, ".way-group h2"),
        ["person", "org", "location", "tech"]
    );
    assert_eq!(
        texts(&page, "#kind-person ~ .way-list a"),
        ["Mette Holm", "王芳"]
    );
    let location: Vec<String> = page
        .select(&sel(".way-group"))
        .nth(2)
        .unwrap()
        .select(&sel("li"))
        .map(text_of)
        .collect();
    assert_eq!(location, ["Esbjerg 3 sentences", "埃斯比约 1 sentence"]);
    // Three spellings, one entity, its three sentences (two in one lesson).
    let org = texts(&page, "#kind-org ~ .way-list li");
    assert_eq!(org, ["Harbour Board 3 sentences"]);
    for href in hrefs(&page, ".way-list a") {
        let target = resolve("entities/index.html", &href);
        assert!(site.files.contains_key(&target), "{href} → {target}");
    }
}

#[test]
fn an_entity_page_lists_each_sentence_naming_it_by_lesson_with_its_marks_marked() {
    let (_pack, site) = built_ways_pack(|_| {});
    let path = "entities/org/harbour-board.html";
    let page = site.page(path);
    assert_eq!(one_text(&page, "h1"), "org Harbour Board");
    let facts = one_text(&page, ".lesson-facts");
    assert_eq!(
        facts,
        "3 sentences · Written as: Board, Harbour Board, the board"
    );
    assert_eq!(
        texts(&page, ".mention-lesson h2"),
        ["The Big Crane", "The Night Ferry"]
    );
    assert_eq!(
        hrefs(&page, ".mentions a"),
        [
            "../../crane/2.html",
            "../../ferry/1.html",
            "../../ferry/2.html"
        ]
    );
    assert_eq!(
        texts(&page, ".mentions li:nth-child(2) mark"),
        ["Board", "the board"]
    );
    assert_eq!(
        texts(&page, ".mention-position"),
        ["Sentence 2 of 2", "Sentence 1 of 3", "Sentence 2 of 3"]
    );
    for href in hrefs(&page, "main a") {
        assert!(site.files.contains_key(&resolve(path, &href)), "{href}");
    }
    // A name shown only as itself has no "Written as".
    let esbjerg = site.page("entities/location/esbjerg.html");
    assert_eq!(one_text(&esbjerg, ".lesson-facts"), "3 sentences");
}

#[test]
fn names_that_share_a_slug_get_pages_of_their_own() {
    let (_pack, site) = built_ways_pack(|_| {});
    // "C" sorts before "C++": it keeps `c`, the other gets `c-2`.
    assert_eq!(one_text(&site.page("entities/tech/c.html"), "h1"), "tech C");
    assert_eq!(
        one_text(&site.page("entities/tech/c-2.html"), "h1"),
        "tech C++"
    );
    // Names in other scripts are transliterated.
    assert_eq!(
        one_text(&site.page("entities/person/wang-fang.html"), "h1"),
        "person 王芳"
    );
}

#[test]
fn focus_and_article_pages_link_each_entity_to_its_page() {
    let (_pack, site) = built_ways_pack(|_| {});
    let path = "ferry/2.html";
    let focus = site.page(path);
    assert_eq!(
        texts(&focus, ".tag .tag-page"),
        ["Every sentence naming Harbour Board"]
    );
    let href = attr(&focus, ".tag .tag-page", "href");
    assert_eq!(resolve(path, &href), "entities/org/harbour-board.html");
    // The tag still opens to its kind and note, the link inside.
    let note = site.page("ferry/1.html");
    assert_eq!(
        texts(&note, ".tag-location details .tag-note-text"),
        ["A port town in Denmark."]
    );
    let article = site.page("ferry/index.html");
    assert_eq!(
        hrefs(&article, ".entity-list a"),
        [
            "../entities/org/harbour-board.html",
            "../entities/location/esbjerg.html",
            "../entities/tech/c-2.html",
            "../entities/tech/c.html"
        ]
    );
}

#[test]
fn tag_and_level_pages_list_their_lessons_and_work_without_a_script() {
    let (_pack, site) = built_ways_pack(|_| {});
    let tags = site.page("tags/index.html");
    assert_eq!(one_text(&tags, "h1"), "Topics");
    assert_eq!(
        texts(&tags, ".way-list li"),
        [
            "food 1 lesson",
            "sea 2 lessons",
            "transport 1 lesson",
            "work 1 lesson"
        ]
    );
    let sea = site.page("tags/sea.html");
    assert_eq!(one_text(&sea, "h1"), "Topic: sea");
    assert_eq!(
        texts(&sea, ".lesson-title"),
        ["The Big Crane", "The Night Ferry"]
    );
    let levels = site.page("levels/index.html");
    assert_eq!(
        texts(&levels, ".way-list li"),
        ["A2 2 lessons", "B1 1 lesson"]
    );
    let a2 = site.page("levels/a2.html");
    assert_eq!(one_text(&a2, "h1"), "Level A2");
    assert_eq!(
        texts(&a2, ".lesson-title"),
        ["The Night Ferry", "Market Day"]
    );
    for path in ["tags/sea.html", "levels/a2.html"] {
        let page = site.page(path);
        for href in hrefs(&page, "main a") {
            assert!(
                site.files.contains_key(&resolve(path, &href)),
                "{path}: {href}"
            );
        }
        // Plain pages: the lesson cards carry no progress hooks, the page needs no script
        // to list them.
        assert_eq!(page.select(&sel("[hidden]")).count(), 0, "{path}");
    }
}

#[test]
fn the_index_filters_by_unit_level_and_tag_and_shows_reading_time() {
    let (_pack, site) = built_ways_pack(|_| {});
    let index = site.page("index.html");
    assert_eq!(
        hrefs(&index, ".browse-group:nth-of-type(1) .filter-links a"),
        ["#unit-1", "#unit-2"]
    );
    assert_eq!(
        texts(&index, ".browse .filter-links a"),
        [
            "The Port",
            "The Town",
            "A2",
            "B1",
            "food",
            "sea",
            "transport",
            "work"
        ]
    );
    for href in hrefs(&index, ".browse a, .lesson-facts a, .topic-tags a") {
        if let Some(id) = href.strip_prefix('#') {
            assert_eq!(index.select(&sel(&format!("#{id}"))).count(), 1, "{href}");
        } else {
            assert!(
                site.files.contains_key(&resolve("index.html", &href)),
                "{href}"
            );
        }
    }
    let facts = texts(&index, ".lesson-card .lesson-facts");
    assert!(
        facts[1].contains("35 words · 1 min read"),
        "the ferry: {}",
        facts[1]
    );
    assert!(facts[3].contains("26 words · 1 min read"), "{}", facts[3]);
    let article = site.page("ferry/index.html");
    assert!(one_text(&article, ".lesson-facts").contains("35 words · 1 min read"));
    assert_eq!(
        hrefs(
            &index,
            "#unit-1 + .lesson-list .lesson-card:first-child .topic-tags a"
        ),
        ["tags/sea.html", "tags/work.html"]
    );
}

#[test]
fn every_page_of_the_site_is_in_the_sitemap() {
    let (_pack, site) = built_ways_pack(|_| {});
    let sitemap = site.text("sitemap.xml");
    for path in [
        "entities/",
        "entities/org/harbour-board.html",
        "entities/tech/c-2.html",
        "tags/",
        "tags/sea.html",
        "levels/",
        "levels/a2.html",
    ] {
        assert!(sitemap.contains(&format!("<loc>{path}</loc>")), "{path}");
    }
}

#[test]
fn the_pages_setting_turns_each_kind_of_page_off_with_its_links() {
    let (_pack, site) = built_ways_pack(|root| {
        let config = root.join("lessonpack.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let off = "\n[pages]\nentities = false\ntags = false\nlevels = false\n";
        std::fs::write(&config, format!("{text}{off}")).unwrap();
    });
    for folder in ["entities/", "tags/", "levels/"] {
        assert!(
            !site.files.keys().any(|path| path.starts_with(folder)),
            "{folder}"
        );
        for path in site.html_paths() {
            assert!(!site.text(path).contains(folder), "{path} links {folder}");
        }
    }
    let index = site.page("index.html");
    // The units stay: they are on the index itself.
    assert_eq!(texts(&index, ".browse a"), ["The Port", "The Town"]);
    let focus = site.page("ferry/2.html");
    assert_eq!(focus.select(&sel(".tag-page")).count(), 0);
    assert_eq!(texts(&focus, ".tag-name"), ["Harbour Board"]);
}

#[test]
fn one_page_kind_can_be_turned_off_alone() {
    let (_pack, site) = built_ways_pack(|root| {
        let config = root.join("lessonpack.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("{text}\n[pages]\ntags = false\n")).unwrap();
    });
    assert!(!site.files.keys().any(|path| path.starts_with("tags/")));
    assert!(site.files.contains_key("levels/a2.html"));
    assert!(site.files.contains_key("entities/org/harbour-board.html"));
    let index = site.page("index.html");
    assert_eq!(index.select(&sel(".topic-tags a")).count(), 0);
    assert_eq!(texts(&index, ".topic-tags li")[..2], ["sea", "work"]);
}

#[test]
fn a_pages_key_is_checked_like_the_other_tables() {
    let text = "title = \"T\"\nlanguage = \"en\"\n[pages]\nentitys = false\n";
    let error = PackConfig::parse(Path::new("lessonpack.toml"), text).unwrap_err();
    assert_eq!(
        error.headline(),
        "lessonpack.toml:4:1: unknown key \"entitys\" in [pages] (did you mean \"entities\"?)"
    );
    let misplaced = "title = \"T\"\nlanguage = \"en\"\n[quiz]\ntags = false\n";
    let error = PackConfig::parse(Path::new("lessonpack.toml"), misplaced).unwrap_err();
    assert!(
        error.headline().contains("it belongs in the [pages] table"),
        "{}",
        error.headline()
    );
}

#[test]
fn bundles_hold_none_of_these_pages_and_link_them_on_the_site_only_with_a_base_url() {
    let (_pack, site) = built_ways_pack(|_| {});
    let bundle = site.text("bundle/harbour-town-news.html");
    for folder in ["entities/", "tags/", "levels/"] {
        assert!(!bundle.contains(folder), "the pack bundle links {folder}");
        assert!(
            !site.text("bundle/ferry.html").contains(folder),
            "a lesson bundle links {folder}"
        );
    }
    let page = Html::parse_document(&bundle);
    assert_eq!(page.select(&sel(".tag-page")).count(), 0);
    assert!(page.select(&sel(".tag-name")).count() > 0);

    let (_pack, site) = built_ways_pack(|root| {
        let config = root.join("lessonpack.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let base = "base_url = \"https://example.org/harbour/\"\n";
        std::fs::write(&config, format!("{base}{text}")).unwrap();
    });
    let page = Html::parse_document(&site.text("bundle/harbour-town-news.html"));
    let links = hrefs(&page, ".tag-page");
    assert!(
        links.contains(&"https://example.org/harbour/entities/org/harbour-board.html".to_string()),
        "{links:?}"
    );
    assert!(
        hrefs(&page, ".browse a")
            .contains(&"https://example.org/harbour/levels/a2.html".to_string())
    );
    // The units are parts of the bundle's index, not pages: no links there.
    assert_eq!(page.select(&sel(".browse a[href^='#unit']")).count(), 0);
}
