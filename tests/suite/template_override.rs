//! A pack's `templates/` replaces built-in templates by name.

use crate::support::{html::*, pack::*};

#[test]
fn pack_focus_template_replaces_the_built_in() {
    let pack = fixture_copy("basic");
    write_template(
        pack.path(),
        "focus.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ focus.n }} of {{ focus.total }}: {{ focus.html | safe }}</p>{% endblock main %}",
    );
    let site = build_site(pack.path());
    let focus = site.page("market-day/2.html");
    assert_eq!(
        one_text(&focus, "p.custom"),
        "2 of 3: She met her friend Omar, who works for the city council."
    );
    assert!(focus.select(&sel(".tags")).next().is_none());
    // Other pages keep the built-in templates.
    let end = site.page("market-day/end.html");
    assert_eq!(one_text(&end, ".end-count"), "You read 3 focus sentences.");
}

#[test]
fn pack_stylesheet_replaces_the_built_in_and_gets_a_new_hash() {
    let pack = fixture_copy("basic");
    let before = build_site(pack.path());
    write_template(pack.path(), "style.css", "body { color: rebeccapurple; }\n");
    let after = build_site(pack.path());
    let css = |site: &BuiltSite| {
        site.files
            .keys()
            .find(|p| p.ends_with(".css"))
            .cloned()
            .unwrap()
    };
    assert_ne!(css(&before), css(&after));
    assert_eq!(after.text(&css(&after)), "body{color:#639}");
    let index = after.page("index.html");
    assert_eq!(attr(&index, "link[rel=stylesheet]", "href"), css(&after));
}

#[test]
fn strings_table_rewords_the_pages() {
    let pack = fixture_copy("basic");
    let config = pack.path().join("lessonpack.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[strings]\nend_of_article = \"Fin de l'article\"\nyou_read = \"Vous avez lu {count} phrases.\"\n");
    std::fs::write(&config, text).unwrap();
    let site = build_site(pack.path());
    let end = site.page("market-day/end.html");
    assert_eq!(one_text(&end, "h1"), "Fin de l'article");
    assert_eq!(one_text(&end, ".end-count"), "Vous avez lu 3 phrases.");
}

#[test]
fn a_pack_content_template_shows_on_the_site_and_in_the_bundles() {
    let pack = fixture_copy("basic");
    write_template(
        pack.path(),
        "main/end.html",
        "<p class=\"own-end\">{{ end.you_read_text }}</p>\n<a class=\"own-back\" href=\"{{ end.last_focus_url }}\">back</a>\n",
    );
    let site = build_with(pack.path(), |options| options.bundle = true);
    let said = "You read 3 focus sentences.";
    let end = site.page("market-day/end.html");
    assert_eq!(one_text(&end, "main p.own-end"), said);
    assert_eq!(attr(&end, "a.own-back", "href"), "3.html");
    assert!(end.select(&sel(".end-count")).next().is_none());

    let lesson = site.page("bundle/market-day.html");
    assert_eq!(one_text(&lesson, "#end p.own-end"), said);
    assert_eq!(attr(&lesson, "#end a.own-back", "href"), "#focus-3");
    let pack_bundle = site.page("bundle/basic-pack.html");
    assert_eq!(
        one_text(&pack_bundle, "[id=\"market-day/end\"] p.own-end"),
        said
    );
    assert_eq!(
        attr(&pack_bundle, "[id=\"market-day/end\"] a.own-back", "href"),
        "#market-day/focus-3"
    );
    // The parts the pack does not replace keep the built-in content.
    assert_eq!(lesson.select(&sel("#quiz form.question")).count(), 3);
}
