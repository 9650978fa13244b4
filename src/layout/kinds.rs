//! The view of each kind of page, built from the model: which fields of a lesson each page
//! shows and how its links are made. [`super::pages`] holds what they are built from
//! ([`Site`]) and picks the builder by page kind.

use super::pages::{FolderMemo, KindView, PageViews, Site, fill, fill_name};
use super::plan::{BUNDLE_DIR, Layout, PagePath, has_practice, page_url};
use super::quiz::quiz_parts;
use crate::assets::Script;
use crate::content::{ArticleBlock, Entity, Lesson};
use crate::render::csp::Csp;
use crate::render::views::*;
use crate::web::encode_segment;

/// The pack index: every unit with its lesson cards.
pub(super) fn index_views(site: &Site) -> PageViews {
    let config = &site.pack.config;
    let dir = PagePath::index();
    let mut in_site_order = 0..;
    let view = IndexView {
        units: site
            .pack
            .units
            .iter()
            .enumerate()
            .map(|(index, unit)| UnitView {
                title: unit.title.clone(),
                heading_id: match unit.title {
                    Some(_) => format!("unit-{}", index + 1),
                    None => "pack-title".to_string(),
                },
                lessons: (unit.lessons.iter().zip(&mut in_site_order))
                    .map(|(lesson, at)| match &site.index_cards {
                        Some(cards) => cards[at].clone(),
                        None => SharedCard::new(lesson_card(site, lesson, &dir), site.in_site()),
                    })
                    .collect(),
            })
            .collect(),
        lesson_count: site.lessons.len(),
        browse: super::browse::browse_view(site, &dir),
        bundle_url: site
            .bundle
            .as_ref()
            .map(|file| format!("{BUNDLE_DIR}/{}", encode_segment(file))),
    };
    PageViews {
        page: page_view(
            site,
            &dir,
            Script::Page("index"),
            &config.title,
            &config.description,
        ),
        kind: KindView::Index(view),
    }
}

/// What [`index_views`] shows besides what every page does, hashed into `hasher` without
/// making the view: each unit's title with the keys of its lessons' cards (`cards`, by
/// lesson in site order; see [`super::pages::index_card`]), and the ways in.
pub(crate) fn hash_index(site: &Site, cards: &[u64], hasher: &mut impl std::hash::Hasher) {
    use std::hash::Hash;
    let mut first = 0;
    for unit in &site.pack.units {
        let lessons = &cards[first..first + unit.lessons.len()];
        (&unit.title, lessons).hash(hasher);
        first += unit.lessons.len();
    }
    site.lessons.len().hash(hasher);
    super::browse::browse_view(site, &PagePath::index()).hash(hasher);
    site.bundle.hash(hasher);
}

/// A lesson's article: its blocks, focus sentences linked, and its entities by kind.
pub(super) fn article_views(site: &Site, lesson: &Lesson, shared: &mut FolderMemo) -> PageViews {
    let dir = PagePath::article(&lesson.slug);
    let view = ArticleView {
        lesson: shared.card(site, lesson, &dir),
        blocks: lesson
            .article
            .blocks
            .iter()
            .map(|block| match block {
                ArticleBlock::Focus(i) => ArticleBlockView {
                    focus: Some(i + 1),
                    html: site.html(lesson, &lesson.article.focus_sentences[*i].html, ""),
                    focus_url: Some(
                        site.linker
                            .link(&dir, &PagePath::focus(&lesson.slug, i + 1)),
                    ),
                },
                ArticleBlock::Other(html) => ArticleBlockView {
                    focus: None,
                    html: site.html(lesson, html, ""),
                    focus_url: None,
                },
            })
            .collect(),
        entity_groups: entity_groups(site, lesson, &dir, shared),
        audio_urls: (1..=lesson.article.focus_sentences.len())
            .map(|n| recording_url(site, lesson, n, ""))
            .collect::<Option<Vec<String>>>()
            .filter(|urls| !urls.is_empty())
            .map(|urls| urls.join(" ")),
        bundle_url: site
            .bundle
            .as_ref()
            .map(|_| format!("../{BUNDLE_DIR}/{}.html", encode_segment(&lesson.slug))),
    };
    PageViews {
        page: page_view(
            site,
            &dir,
            Script::Page("article"),
            &lesson.meta.title,
            lesson.summary(),
        ),
        kind: KindView::Article(view),
    }
}

/// The URL of focus sentence `n`'s recording, if the lesson has one, from a page whose path
/// to the lesson's folder is `to_lesson`.
fn recording_url(site: &Site, lesson: &Lesson, n: usize, to_lesson: &str) -> Option<String> {
    let file = lesson.audio.get(n - 1)?.as_ref()?;
    let written: Vec<String> = file.split('/').map(encode_segment).collect();
    Some(
        site.assets
            .lesson_file_url(lesson, &written.join("/"), to_lesson),
    )
}

/// Focus sentence `n` of a lesson, with its entities and the links before and after it.
pub(super) fn focus_views(
    site: &Site,
    lesson: &Lesson,
    n: usize,
    shared: &mut FolderMemo,
) -> PageViews {
    let config = &site.pack.config;
    let slug = &lesson.slug;
    let dir = PagePath::focus(slug, n);
    let total = lesson.article.focus_sentences.len();
    let sentence = &lesson.article.focus_sentences[n - 1];
    let is_last = n == total;
    let to_lesson = dir.to_top(site.linker.layout);
    let view = FocusView {
        lesson: shared.card(site, lesson, &dir),
        n,
        total,
        position_text: fill(
            config.string("sentence_position"),
            &[("n", n), ("total", total)],
        ),
        html: site.html(lesson, &sentence.html, &to_lesson),
        audio_url: recording_url(site, lesson, n, &to_lesson),
        entities: (sentence.entities.iter())
            .map(|entity| shared.entity(site, lesson, entity, &dir))
            .collect(),
        previous_url: (n > 1).then(|| site.linker.link(&dir, &PagePath::focus(slug, n - 1))),
        next_url: if is_last {
            site.linker.link(&dir, &PagePath::end(slug))
        } else {
            site.linker.link(&dir, &PagePath::focus(slug, n + 1))
        },
        is_last,
    };
    let title = format!("{} ({n}/{total})", lesson.meta.title);
    PageViews {
        page: page_view(site, &dir, Script::Page("focus"), &title, &sentence.text),
        kind: KindView::Focus(view),
    }
}

/// The end page of a lesson's article.
pub(super) fn end_views(site: &Site, lesson: &Lesson, shared: &mut FolderMemo) -> PageViews {
    let config = &site.pack.config;
    let dir = PagePath::end(&lesson.slug);
    let count = lesson.article.focus_sentences.len();
    let you_read_text = config.count_text("you_read", count);
    let view = EndView {
        lesson: shared.card(site, lesson, &dir),
        last_focus_url: site
            .linker
            .link(&dir, &PagePath::focus(&lesson.slug, count)),
        you_read_text,
    };
    let title = format!(
        "{} – {}",
        lesson.meta.title,
        config.string("end_of_article")
    );
    PageViews {
        page: page_view(site, &dir, Script::Page("end"), &title, lesson.summary()),
        kind: KindView::End(view),
    }
}

/// A lesson's quiz.
pub(super) fn quiz_views(site: &Site, lesson: &Lesson, shared: &mut FolderMemo) -> PageViews {
    let config = &site.pack.config;
    let dir = PagePath::quiz(&lesson.slug);
    let quiz = lesson.quiz().expect("quiz pages are planned for quizzes");
    let plain_answers = config.quiz.plain_answers;
    let policy = lesson.meta.quiz_policy.over(config.quiz.policy);
    let view = QuizView {
        lesson: shared.card(site, lesson, &dir),
        title: quiz.title.clone(),
        intro: site.quiz_html(lesson, &quiz.intro),
        questions: quiz
            .questions
            .iter()
            .enumerate()
            .map(|(i, question)| super::quiz::question_view(site, lesson, i + 1, question))
            .collect(),
        plain_answers,
        shuffle: lesson.meta.shuffle.unwrap_or(config.quiz.shuffle),
        tries: policy.tries.map_or_else(String::new, |n| n.to_string()),
        show_answers: policy.show_answers.unwrap_or_default().name(),
        pass_mark: policy.pass_mark.map_or_else(String::new, |n| n.to_string()),
        partial_credit: policy.partial_credit.unwrap_or(false),
        pick: policy.pick.map_or_else(String::new, |n| n.to_string()),
    };
    let title = format!("{} – {}", lesson.meta.title, quiz.title);
    PageViews {
        page: page_view(
            site,
            &dir,
            Script::Quiz(quiz_parts(&quiz.shape())),
            &title,
            lesson.summary(),
        ),
        kind: KindView::Quiz(view),
    }
}

/// The search page: its box, its results, and where its index is.
pub(super) fn search_views(site: &Site) -> PageViews {
    let dir = PagePath::search();
    let root = dir.to_root(site.linker.layout);
    // A result's link is the link to a focus page with its slug and number left to fill in:
    // a link to an impossible sentence of a lesson named `{lesson}`, those two filled back.
    const N: usize = 987_654_321;
    let focus = site.linker.link(&dir, &PagePath::focus("{lesson}", N));
    let focus_url = focus
        .replace(&N.to_string(), "{n}")
        .replace("%7Blesson%7D", "{lesson}");
    let view = SearchView {
        index_url: match &site.search_index {
            Some(index) => format!("{root}{index}"),
            None => String::new(),
        },
        index_data: site.search_data.as_deref().map(str::to_string),
        focus_url,
    };
    let title = site.pack.config.string("search").to_string();
    let page = PageView {
        // The search page belongs to no lesson.
        lesson: None,
        ..page_view(
            site,
            &dir,
            Script::Page("search"),
            &title,
            &site.pack.config.description,
        )
    };
    PageViews {
        page,
        kind: KindView::Search(view),
    }
}

/// The 404 page's views. A host serves it for any missing URL, however deep, so its links
/// must not be relative: with a `base_url` they are absolute; without one the page holds its
/// stylesheet (admitted by hash in its Content-Security-Policy) and needs no script.
pub(super) fn not_found_views(site: &Site) -> PageViews {
    let config = &site.pack.config;
    let root = config.base_url.clone().unwrap_or_default();
    let mut page = PageView {
        title: config.string("not_found_title").to_string(),
        description: config.description.clone(),
        kind: "not_found",
        index_url: if site.linker.layout == Layout::Folders && !root.is_empty() {
            root.clone()
        } else {
            format!("{root}index.html")
        },
        css_url: site.assets.css_url(&root),
        js_url: site.assets.js_url(&root, Script::Page("not_found")),
        icon_url: icon_url(site, &root),
        icon_type: icon_type(site),
        feed_url: format!("{root}feed.xml"),
        canonical: None,
        pack_id: site.pack_id.clone(),
        lesson: None,
        csp: site.csp.clone(),
        id_prefix: String::new(),
        style: None,
        search_url: match (&site.search_index, site.linker.layout) {
            (None, _) => String::new(),
            (Some(_), Layout::Folders) => format!("{root}search/"),
            (Some(_), Layout::Lessons) => format!("{root}search/index.html"),
        },
        search_index_url: match &site.search_index {
            Some(index) => format!("{root}{index}"),
            None => String::new(),
        },
        root,
    };
    if let Some(css) = site.css.as_ref().filter(|_| config.base_url.is_none()) {
        page.csp = Csp::not_found(css, site.live_reload).to_string();
        page.style = Some(css.clone());
        page.js_url = String::new();
        if let Some(icon) = &site.icon_data {
            page.icon_url = icon.clone();
            page.icon_type = "image/svg+xml";
        }
    }
    PageViews {
        page,
        kind: KindView::NotFound,
    }
}

/// The site's icon from a page whose path to the site root is `root`: the pack's own, if it
/// has one in `static/`, else the built-in.
fn icon_url(site: &Site, root: &str) -> String {
    match &site.icon {
        Some(icon) => format!("{root}{}", encode_segment(icon)),
        None => site.assets.icon_url(root),
    }
}

/// The media type of the icon [`icon_url`] links.
fn icon_type(site: &Site) -> &'static str {
    match &site.icon {
        Some(icon) if icon.ends_with(".ico") => "image/x-icon",
        _ => "image/svg+xml",
    }
}

pub(super) fn page_view(
    site: &Site,
    dir: &PagePath,
    script: Script,
    title: &str,
    description: &str,
) -> PageView {
    let root = dir.to_root(site.linker.layout);
    PageView {
        title: title.to_string(),
        description: description.to_string(),
        kind: script.page_kind(),
        index_url: site.linker.link(dir, &PagePath::index()),
        css_url: site.assets.css_url(&root),
        js_url: site.assets.js_url(&root, script),
        icon_url: icon_url(site, &root),
        icon_type: icon_type(site),
        feed_url: format!("{root}feed.xml"),
        canonical: site
            .pack
            .config
            .base_url
            .as_ref()
            .map(|base| page_url(base, dir, site.linker.layout)),
        pack_id: site.pack_id.clone(),
        lesson: dir.top().map(str::to_string),
        csp: site.csp.clone(),
        id_prefix: site.id_prefix(dir),
        style: None,
        search_url: match site.search_index.is_some() && *dir != PagePath::search() {
            true => site.linker.link(dir, &PagePath::search()),
            false => String::new(),
        },
        search_index_url: match &site.search_index {
            Some(index) if *dir != PagePath::search() => format!("{root}{index}"),
            _ => String::new(),
        },
        root,
    }
}

/// The lesson's card: title, facts and links, as seen from the page at `from`.
pub(super) fn lesson_card(site: &Site, lesson: &Lesson, from: &PagePath) -> LessonCardView {
    let config = &site.pack.config;
    let slug = &lesson.slug;
    let focus_count = lesson.article.focus_sentences.len();
    let question_count = lesson.question_count();
    let length = lesson.text_length();
    LessonCardView {
        title: lesson.meta.title.clone(),
        slug: slug.clone(),
        level: lesson.meta.level.clone(),
        tags: lesson.meta.tags.clone(),
        date: lesson.meta.date.as_ref().map(|d| d.to_string()),
        date_text: lesson.meta.date.as_ref().and_then(|d| config.date_text(d)),
        summary: lesson.summary().to_string(),
        focus_count,
        question_count,
        focus_count_text: config.count_text("focus_count", focus_count),
        question_count_text: config.count_text("question_count", question_count),
        word_count: length.word_count(),
        word_count_text: config.count_text("word_count", length.word_count()),
        reading_time_text: config.count_text("reading_time", length.reading_minutes()),
        article_url: site.linker.link(from, &PagePath::article(slug)),
        first_focus_url: site.linker.link(from, &PagePath::focus(slug, 1)),
        end_url: site.linker.link(from, &PagePath::end(slug)),
        quiz_url: (lesson.has_quiz()).then(|| site.linker.link(from, &PagePath::quiz(slug))),
        practice_url: has_practice(site.pack, lesson)
            .then(|| site.linker.link(from, &PagePath::practice(slug))),
        level_url: (lesson.meta.level.as_ref()).and_then(|level| site.level_link(from, level)),
        tag_links: (lesson.meta.tags.iter())
            .map(|tag| WayLinkView {
                name: tag.clone(),
                url: site.tag_link(from, tag),
                count: 0,
                count_text: String::new(),
            })
            .collect(),
    }
}

/// An entity tag of `lesson`, as the page at `from` shows it.
pub(super) fn entity_view(
    site: &Site,
    lesson: &Lesson,
    entity: &Entity,
    from: &PagePath,
) -> EntityView {
    let config = &site.pack.config;
    EntityView {
        kind: entity.kind.to_string(),
        label: config
            .entity_label(&entity.kind)
            .unwrap_or(&entity.kind)
            .to_string(),
        name: entity.name.clone(),
        note: lesson.meta.notes.get(&entity.name).cloned(),
        url: site.entity_link(from, &entity.kind, &entity.name),
        link_text: fill_name(config.string("entity_all_sentences"), &entity.name),
    }
}

/// The lesson's entities grouped by kind, kinds in the pack's order, entities in order of
/// first appearance.
fn entity_groups(
    site: &Site,
    lesson: &Lesson,
    from: &PagePath,
    shared: &mut FolderMemo,
) -> Vec<EntityGroupView> {
    site.pack
        .config
        .entity_kinds
        .iter()
        .filter_map(|kind| {
            let mut entities: Vec<Shared<EntityView>> = Vec::new();
            for entity in lesson
                .article
                .focus_sentences
                .iter()
                .flat_map(|s| s.entities.iter())
                .filter(|e| e.kind == kind.name)
            {
                if !entities.iter().any(|e| e.name == entity.name) {
                    entities.push(shared.entity(site, lesson, entity, from));
                }
            }
            (!entities.is_empty()).then(|| EntityGroupView {
                kind: kind.name.clone(),
                label: kind.label.clone(),
                entities,
            })
        })
        .collect()
}
