//! The sample pack builds into the site the core issue describes: the reference lesson's nine
//! focus pages with the seed's tags, its end page and quiz, the index, feeds and assets.

use crate::support::{cli::*, html::*, pack::*};

/// The seed's tags, page by page: (kind label, name).
const REFERENCE_TAGS: [&[(&str, &str)]; 9] = [
    &[("org", "DeepSeek"), ("tech", "V4 model")],
    &[("location", "China")],
    &[("org", "Huawei"), ("tech", "Ascend AI chip")],
    &[("org", "Nvidia")],
    &[("org", "DeepSeek")],
    &[("location", "U.S.")],
    &[("tech", "V4 Lite")],
    &[
        ("org", "DeepSeek"),
        ("concept", "Engram Conditional Memory"),
        ("concept", "Manifold-Constrained Hyper-connection"),
    ],
    &[("org", "DeepSeek")],
];

#[test]
fn reference_lesson_has_nine_focus_pages_with_the_seed_tags() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let focus_pages = site.focus_paths("deepseek-v4");
    assert_eq!(focus_pages.len(), 9, "{focus_pages:?}");
    for (i, expected) in REFERENCE_TAGS.iter().enumerate() {
        let n = i + 1;
        let page = site.page(&format!("deepseek-v4/{n}.html"));
        let kinds = texts(&page, ".tags .tag .kind");
        let names = texts(&page, ".tags .tag .tag-name");
        let tags: Vec<(&str, &str)> = kinds
            .iter()
            .map(String::as_str)
            .zip(names.iter().map(String::as_str))
            .collect();
        assert_eq!(tags, *expected, "tags of focus page {n}");
        assert_eq!(one_text(&page, ".position"), format!("{n} / 9"));
        assert_eq!(attr(&page, "progress", "value"), n.to_string());
        assert_eq!(attr(&page, "progress", "max"), "9");
    }
}

#[test]
fn focus_pages_link_in_order_and_the_last_leads_to_the_end() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let first = site.page("deepseek-v4/1.html");
    assert!(first.select(&sel("a[rel=prev]")).next().is_none());
    assert_eq!(attr(&first, "a[rel=next]", "href"), "2.html");
    let middle = site.page("deepseek-v4/5.html");
    assert_eq!(attr(&middle, "a[rel=prev]", "href"), "4.html");
    let last = site.page("deepseek-v4/9.html");
    assert_eq!(attr(&last, "a[rel=next]", "href"), "end.html");
}

#[test]
fn end_page_counts_nine_sentences_and_links_to_the_quiz() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let end = site.page("deepseek-v4/end.html");
    assert_eq!(one_text(&end, "h1"), "End of article");
    assert_eq!(one_text(&end, ".end-count"), "You read 9 focus sentences.");
    let links: Vec<_> = end
        .select(&sel("main a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(links.contains(&"quiz.html".to_string()), "{links:?}");
    assert!(links.contains(&"../index.html".to_string()), "{links:?}");
}

#[test]
fn quiz_page_has_the_five_seed_questions_as_forms() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let quiz = site.page("deepseek-v4/quiz.html");
    assert_eq!(one_text(&quiz, "main h1"), "Challenge Mode");
    let prompts = texts(&quiz, "form.question legend");
    assert_eq!(
        prompts,
        [
            "1. Why has the release of the DeepSeek V4 model been delayed?",
            "2. Which specific hardware brand is DeepSeek currently working to optimize its models for?",
            "3. What was the purpose of releasing the 'V4 Lite' version?",
            "4. According to the text, what is a key architectural innovation of the V4 model?",
            "5. What broader conflict does DeepSeek’s situation illustrate?",
        ]
    );
    // Every choice is a radio button with a label tied to it.
    for input in quiz.select(&sel("form.question input[type=radio]")) {
        let id = input.value().attr("id").unwrap();
        let label = quiz
            .select(&sel(&format!("label[for=\"{id}\"]")))
            .next()
            .unwrap_or_else(|| panic!("no label for {id}"));
        assert!(!text_of(label).is_empty());
    }
}

#[test]
fn every_kind_of_question_renders_its_control() {
    let pack = fixture_copy("basic");
    let site = build_site(pack.path());
    let quiz = site.page("market-day/quiz.html");
    let kinds: Vec<_> = quiz
        .select(&sel("form.question"))
        .map(|f| f.value().attr("data-kind").unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["single", "multi", "short"]);
    assert_eq!(quiz.select(&sel("#q1 input[type=radio]")).count(), 3);
    assert_eq!(quiz.select(&sel("#q2 input[type=checkbox]")).count(), 3);
    assert_eq!(attr(&quiz, "#q3 input[type=text]", "id"), "q3-answer");
    assert_eq!(attr(&quiz, "#q3 label.answer-label", "for"), "q3-answer");
}

#[test]
fn index_lists_units_in_order_with_lesson_facts() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let index = site.page("index.html");
    assert_eq!(one_text(&index, "main h1"), "World News in Focus");
    assert_eq!(
        texts(&index, ".unit h2"),
        ["Artificial Intelligence", "Energy and Climate"]
    );
    let deepseek = index
        .select(&sel("li.lesson-card[data-lesson=deepseek-v4]"))
        .next()
        .expect("reference lesson listed");
    let facts = text_of(deepseek.select(&sel(".lesson-facts")).next().unwrap());
    assert!(facts.contains("B2"), "{facts}");
    assert!(facts.contains("9 focus sentences"), "{facts}");
    assert!(facts.contains("5 questions"), "{facts}");
    let card = scraper::Html::parse_fragment(&deepseek.html());
    assert_eq!(
        attr(&card, ".lesson-title a", "href"),
        "deepseek-v4/index.html"
    );
    assert_eq!(texts(&card, ".topic-tags li"), ["AI", "hardware", "China"]);
}

/// The reference lesson's focus sentences hold 184 words (counted apart, by a regular
/// expression over its Markdown with the entity marks removed): one minute at 200 a minute.
/// `floating-wind` holds 222, just over, so two.
#[test]
fn lessons_show_word_count_and_reading_time_on_the_index_and_article() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let index = site.page("index.html");
    let card_fact = |slug: &str, class: &str| {
        one_text(
            &index,
            &format!("li.lesson-card[data-lesson={slug}] .lesson-facts .{class}"),
        )
    };
    assert_eq!(card_fact("deepseek-v4", "word-count"), "184 words");
    assert_eq!(card_fact("deepseek-v4", "reading-time"), "1 min read");
    assert_eq!(card_fact("floating-wind", "word-count"), "222 words");
    assert_eq!(card_fact("floating-wind", "reading-time"), "2 min read");
    let article = site.page("deepseek-v4/index.html");
    assert_eq!(one_text(&article, ".lesson-facts .word-count"), "184 words");
    assert_eq!(
        one_text(&article, ".lesson-facts .reading-time"),
        "1 min read"
    );
}

#[test]
fn article_page_shows_every_block_and_entities_by_kind() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let article = site.page("sand-battery/index.html");
    // The "Background" sub-heading is on the article page but is not a focus sentence.
    assert_eq!(texts(&article, ".article-body h2"), ["Background"]);
    assert_eq!(
        article
            .select(&sel(".article-body p.focus-sentence"))
            .count(),
        9
    );
    assert_eq!(site.focus_paths("sand-battery").len(), 9);
    let kinds = texts(&article, ".entity-list dt");
    assert_eq!(
        kinds,
        ["person", "org", "location", "tech", "concept", "event"]
    );
    assert!(
        article
            .select(&sel(".article-body span.entity-location"))
            .count()
            >= 2
    );
}

#[test]
fn every_page_has_lang_title_description_and_viewport() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    for path in site.html_paths() {
        let page = site.page(path);
        assert_eq!(attr(&page, "html", "lang"), "en", "{path}");
        assert_eq!(attr(&page, "html", "dir"), "ltr", "{path}");
        assert!(!one_text(&page, "title").is_empty(), "{path}");
        assert!(
            !attr(&page, "meta[name=description]", "content").is_empty(),
            "{path}"
        );
        assert!(attr(&page, "meta[name=viewport]", "content").contains("width=device-width"));
    }
}

#[test]
fn every_relative_link_and_asset_resolves_to_a_file() {
    for pretty in [false, true] {
        let pack = sample_pack();
        let site = build_with(pack.path(), |o| o.pretty_urls = pretty);
        let mut checked = 0;
        for path in site.html_paths() {
            let page = site.page(path);
            let base = std::path::Path::new(path).parent().unwrap();
            for element in page.select(&sel("[href], [src]")) {
                let url = element
                    .value()
                    .attr("href")
                    .or(element.value().attr("src"))
                    .unwrap();
                if url.starts_with('#') || url.contains("://") || url.starts_with("data:") {
                    continue;
                }
                let url = url.split('#').next().unwrap();
                let mut target = base.join(url);
                if url.ends_with('/') || url == "." || url == "./" {
                    assert!(pretty, "{path}: folder link {url} without --pretty-urls");
                    target = target.join("index.html");
                }
                let resolved = normalize(&target);
                assert!(
                    site.files.contains_key(&resolved),
                    "{path}: link {url} -> {resolved} is missing"
                );
                checked += 1;
            }
        }
        assert!(checked > 250, "only {checked} links checked");
    }
}

fn normalize(path: &std::path::Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                assert!(parts.pop().is_some(), "{} escapes the site", path.display());
            }
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy().into()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn site_has_feeds_404_robots_and_hashed_assets() {
    let pack = fixture_copy("basic");
    let site = build_site(pack.path());
    for file in [
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        ".lessonpack",
    ] {
        assert!(site.files.contains_key(file), "{file} missing");
    }
    let sitemap = site.text("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/basic/market-day/3.html</loc>"));
    assert!(
        site.text("robots.txt")
            .contains("Sitemap: https://example.org/basic/sitemap.xml")
    );
    let feed = site.text("feed.xml");
    assert!(feed.contains("<title>Market Day in Lyon</title>"));
    assert!(feed.contains("<updated>2026-03-01T00:00:00Z</updated>"));
    let assets: Vec<_> = site
        .files
        .keys()
        .filter(|p| p.starts_with("assets/"))
        .collect();
    // The stylesheet, the icon, one script per page kind but practice pages' (it has none),
    // and one quiz script: its only quiz asks choices, with no hint or feedback.
    assert_eq!(
        assets.len(),
        2 + (lessonpack::assets::SCRIPTS.len() - 1) + 1,
        "{assets:?}"
    );
    let quiz_scripts: Vec<_> = assets
        .iter()
        .filter(|name| name.starts_with("assets/lessonpack.quiz."))
        .collect();
    assert_eq!(quiz_scripts.len(), 1, "{assets:?}");
    let quiz_js = site.text(quiz_scripts[0]);
    // Property names outlive minifying: `<registry>.cloze=`.
    for absent in [".cloze=", ".order=", ".match=", "evidence-links"] {
        assert!(!quiz_js.contains(absent), "{absent} is in the quiz script");
    }
    assert!(quiz_js.contains(".single="), "{quiz_js}");
    let quiz = site.page("market-day/quiz.html");
    assert_eq!(
        attr(&quiz, "script[src]", "src"),
        format!("../{}", quiz_scripts[0])
    );
    for asset in assets {
        let name = asset.rsplit('/').next().unwrap();
        let hash = name.rsplit('.').nth(1).unwrap();
        assert_eq!(hash.len(), 10, "{name}");
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{name}");
    }
}

#[test]
fn images_are_copied_beside_the_lesson_and_linked_from_every_depth() {
    let pack = fixture_copy("basic");
    let site = build_site(pack.path());
    assert!(site.files.contains_key("market-day/map.png"));
    let article = site.page("market-day/index.html");
    assert_eq!(attr(&article, ".article-body img", "src"), "map.png");
    assert_eq!(
        attr(&article, ".article-body img", "alt"),
        "A map of the market"
    );
    // The image paragraph is an illustration, not a focus sentence.
    assert_eq!(site.focus_paths("market-day").len(), 3);
    assert!(site.files.contains_key("hello.txt"), "static/ is copied");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let pack = fixture_copy("basic");
    let site = build_site(pack.path());
    assert!(!site.files.contains_key("unfinished/index.html"));
    let with_drafts = build_with(pack.path(), |o| o.drafts = true);
    assert!(with_drafts.files.contains_key("unfinished/index.html"));
}

#[test]
fn notes_and_custom_entity_kinds_reach_the_tags() {
    let pack = fixture_copy("basic");
    let site = build_site(pack.path());
    let first = site.page("market-day/1.html");
    assert_eq!(texts(&first, ".tag .kind"), ["person", "location", "dish"]);
    assert_eq!(
        texts(&first, ".tag-location .tag-note-text"),
        ["A city in eastern France."]
    );
}

#[test]
fn same_sources_give_byte_identical_sites() {
    let pack = sample_pack();
    let first = build_with(pack.path(), |o| o.output = Some(pack.path().join("one")));
    let second = build_with(pack.path(), |o| o.output = Some(pack.path().join("two")));
    assert_same_files(&first, &second, "two builds");
}

/// What could differ between machines does not reach the site: the number of threads
/// (rayon's workers, which render lessons in any order), the pack's folder, the output's
/// folder, the time zone and the locale. Both layouts, with bundles and the zip.
#[test]
fn a_site_is_the_same_bytes_on_one_thread_or_four_from_any_folder() {
    for layout in [&[][..], &["--pretty-urls"][..]] {
        let built: Vec<BuiltSite> = [("1", "UTC", "C"), ("4", "Asia/Kolkata", "de_DE.UTF-8")]
            .into_iter()
            .map(|(threads, tz, locale)| {
                let pack = sample_pack();
                let out = tempfile::tempdir().unwrap();
                let site = out.path().join(format!("out-{threads}"));
                let mut command = lessonpack_command(&["build", "--zip", "--output"]);
                command.arg(&site).args(layout).current_dir(pack.path());
                command.env("RAYON_NUM_THREADS", threads).env("TZ", tz);
                let output = command.env("LC_ALL", locale).output().unwrap();
                assert!(output.status.success(), "{output:?}");
                BuiltSite::read(&site)
            })
            .collect();
        let [one, four] = &built[..] else {
            unreachable!()
        };
        assert!(one.files.keys().any(|p| p.ends_with(".zip")));
        assert_same_files(one, four, &format!("{layout:?}"));
    }
}

#[test]
fn right_to_left_language_sets_dir() {
    let pack = fixture_copy("basic");
    let config = pack.path().join("lessonpack.toml");
    replace_in(&config, "language = \"en\"", "language = \"ar\"");
    let site = build_site(pack.path());
    let index = site.page("index.html");
    assert_eq!(attr(&index, "html", "lang"), "ar");
    assert_eq!(attr(&index, "html", "dir"), "rtl");
}

#[test]
fn build_command_prints_a_summary_and_writes_site() {
    let pack = sample_pack();
    let output = run_lessonpack(pack.path(), &["build"]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = format!(
        "built {} lessons, {} pages in ",
        planned_lessons(pack.path()),
        planned_pages(pack.path())
    );
    assert!(stdout.starts_with(&summary), "{stdout}");
    assert!(pack.path().join("site/deepseek-v4/9.html").is_file());
}

/// Adds `base_url` to a copy of the sample pack's config.
fn with_base_url(root: &std::path::Path, base: &str) {
    let config = root.join("lessonpack.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("base_url = \"{base}\"\n{text}")).unwrap();
}

/// The text of each element `css` selects in an XML file, parsed as markup.
fn xml_texts(xml: &[u8], css: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(std::str::from_utf8(xml).unwrap());
    doc.select(&sel(css))
        .map(|e| e.text().collect::<String>())
        .collect()
}

#[test]
fn a_non_ascii_slug_has_one_url_in_canonical_link_sitemap_and_feed() {
    let pack = sample_pack();
    with_base_url(pack.path(), "https://example.org/news/");
    let lesson = pack.path().join("content/energy/sand-battery.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    assert!(text.contains("slug = \"sand-battery\""));
    std::fs::write(
        &lesson,
        text.replace("slug = \"sand-battery\"", "slug = \"café\""),
    )
    .unwrap();
    let site = build_site(pack.path());

    let url = "https://example.org/news/caf%C3%A9/";
    let article = site.page("café/index.html");
    assert_eq!(attr(&article, "link[rel=canonical]", "href"), url);
    let quiz = site.page("café/quiz.html");
    assert_eq!(
        attr(&quiz, "link[rel=canonical]", "href"),
        format!("{url}quiz.html")
    );
    let sitemap = xml_texts(&site.files["sitemap.xml"], "urlset > url > loc");
    assert!(sitemap.contains(&url.to_string()), "{sitemap:?}");
    assert!(sitemap.contains(&format!("{url}quiz.html")), "{sitemap:?}");

    let feed = scraper::Html::parse_document(std::str::from_utf8(&site.files["feed.xml"]).unwrap());
    let entry = feed
        .select(&sel("entry"))
        .find(|entry| entry.text().any(|t| t.contains("Sand Battery")))
        .expect("the lesson's entry");
    let link = entry.select(&sel("link")).next().unwrap();
    assert_eq!(link.value().attr("href"), Some(url));
    let id: String = entry.select(&sel("id")).next().unwrap().text().collect();
    assert_eq!(id, url);
}

/// The directive of a Content-Security-Policy that starts with `name`.
fn csp_directive(csp: &str, name: &str) -> String {
    csp.split(';')
        .map(str::trim)
        .find(|d| d.split(' ').next() == Some(name))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_404_page_without_a_base_url_holds_its_stylesheet() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let pack = sample_pack();
    let site = build_site(pack.path());
    let page = site.page("404.html");
    // Served for any missing URL, however deep, it must not need another file.
    assert!(page.select(&sel("link[rel=stylesheet]")).next().is_none());
    assert!(page.select(&sel("script")).next().is_none());
    let style: String = page
        .select(&sel("head style"))
        .next()
        .unwrap()
        .text()
        .collect();
    let css_path = site
        .files
        .keys()
        .find(|p| p.starts_with("assets/style."))
        .unwrap();
    assert_eq!(style.as_bytes(), &site.files[css_path][..]);
    let csp = attr(&page, "meta[http-equiv=Content-Security-Policy]", "content");
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&style));
    assert_eq!(
        csp_directive(&csp, "style-src"),
        format!("style-src 'sha256-{hash}'")
    );
    assert_eq!(csp_directive(&csp, "script-src"), "");
    assert_eq!(csp_directive(&csp, "default-src"), "default-src 'none'");
}

#[test]
fn the_404_page_with_a_base_url_links_absolutely() {
    let pack = sample_pack();
    let base = "https://example.org/news/";
    with_base_url(pack.path(), base);
    let site = build_site(pack.path());
    let page = site.page("404.html");
    assert!(page.select(&sel("style")).next().is_none());
    let css = attr(&page, "link[rel=stylesheet]", "href");
    let js = attr(&page, "script", "src");
    assert!(
        site.files.contains_key(css.strip_prefix(base).unwrap()),
        "{css}"
    );
    assert!(
        site.files.contains_key(js.strip_prefix(base).unwrap()),
        "{js}"
    );
    assert_eq!(attr(&page, "a.button", "href"), format!("{base}index.html"));
}

#[test]
fn sitemap_feed_and_robots_are_templates_a_pack_can_replace() {
    let pack = sample_pack();
    let before = build_site(pack.path());
    write_template(
        pack.path(),
        "robots.txt",
        "User-agent: *\nDisallow: /drafts/\n",
    );
    write_template(
        pack.path(),
        "sitemap.xml",
        "<urlset>{% for url in sitemap.urls %}<url><loc>{{ url }}</loc><priority>0.5</priority></url>{% endfor %}</urlset>\n",
    );
    let after = build_site(pack.path());
    assert_eq!(
        String::from_utf8_lossy(&after.files["robots.txt"]),
        "User-agent: *\nDisallow: /drafts/\n"
    );
    let locs = |site: &BuiltSite| xml_texts(&site.files["sitemap.xml"], "url > loc");
    assert_eq!(locs(&after), locs(&before), "the same pages");
    assert_eq!(
        xml_texts(&after.files["sitemap.xml"], "url > priority").len(),
        locs(&after).len()
    );
    assert_eq!(after.files["feed.xml"], before.files["feed.xml"]);
}

#[test]
fn every_page_links_the_site_icon_and_a_pack_may_give_its_own() {
    let pack = sample_pack();
    let site = build_site(pack.path());
    let icons: Vec<&String> = site
        .files
        .keys()
        .filter(|path| path.starts_with("assets/icon.") && path.ends_with(".svg"))
        .collect();
    assert_eq!(icons.len(), 1, "{icons:?}");
    assert!(site.text(icons[0]).starts_with("<svg"));
    for path in site.html_paths() {
        let page = site.page(path);
        let links: Vec<_> = page.select(&sel("link[rel=icon]")).collect();
        assert_eq!(links.len(), 1, "{path}: one icon link");
        let (href, kind) = (links[0].attr("href").unwrap(), links[0].attr("type"));
        assert_eq!(kind, Some("image/svg+xml"), "{path}");
        if path == "404.html" {
            // Served at any depth, it holds its icon as it holds its stylesheet.
            assert!(
                href.starts_with("data:image/svg+xml;base64,"),
                "{path}: {href}"
            );
        } else {
            assert!(href.ends_with(icons[0].as_str()), "{path}: {href}");
        }
    }

    // A pack's own favicon.ico in static/ is linked instead, from every depth.
    std::fs::create_dir_all(pack.path().join("static")).unwrap();
    std::fs::write(pack.path().join("static/favicon.ico"), b"\0\0\x01\0").unwrap();
    let site = build_site(pack.path());
    assert!(site.files.contains_key("favicon.ico"));
    for (path, href) in [
        ("index.html", "favicon.ico"),
        ("deepseek-v4/3.html", "../favicon.ico"),
    ] {
        let page = site.page(path);
        assert_eq!(attr(&page, "link[rel=icon]", "href"), href, "{path}");
        assert_eq!(
            attr(&page, "link[rel=icon]", "type"),
            "image/x-icon",
            "{path}"
        );
    }

    // A bundle holds the icon, as it holds every other asset.
    let site = build_with(pack.path(), |o| o.bundle = true);
    let bundle = site.page("bundle/deepseek-v4.html");
    let href = attr(&bundle, "link[rel=icon]", "href");
    assert!(href.starts_with("data:image/svg+xml;base64,"), "{href}");
}
