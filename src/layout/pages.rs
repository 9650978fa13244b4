//! Builds each page's view from the model and the plan: the only place that knows which
//! model fields a page shows and how its links are made.

use crate::config::PackConfig;
use crate::content::{ArticleBlock, Choice, Entity, Lesson, Pack, Question, QuestionKind};
use crate::render::views::*;

use super::answers;
use super::plan::{BUNDLE_DIR, Fragments, Linker, Page, PageDir, PageKind, page_url};
use crate::assets::AssetNames;
use crate::content::Fragment;
use crate::render::csp::Csp;
use crate::web::encode_segment;

/// What every page view is built from.
pub(crate) struct Site<'a> {
    pub pack: &'a Pack,
    /// Lessons in site order; [`PageKind`] indexes into it.
    pub lessons: Vec<&'a Lesson>,
    pub linker: Linker,
    /// Where asset and lesson-file URLs point.
    pub assets: &'a dyn AssetResolver,
    /// The pack bundle's file name when offline bundles are built (pages link to them).
    pub bundle: Option<String>,
    /// The pages' Content-Security-Policy (the site's unless changed).
    pub csp: String,
    /// Pages are served with `serve`'s live reload.
    pub live_reload: bool,
    /// The stylesheet's text, which the 404 page holds when it has no absolute links.
    pub css: Option<String>,
}

impl<'a> Site<'a> {
    pub fn new(
        pack: &'a Pack,
        linker: Linker,
        assets: &'a dyn AssetResolver,
        bundle: Option<String>,
    ) -> Site<'a> {
        Site {
            pack,
            lessons: pack.lessons().collect(),
            linker,
            assets,
            bundle,
            csp: Csp::site().to_string(),
            live_reload: false,
            css: None,
        }
    }

    /// The same, with the preview's policy when pages are served with live reload.
    pub fn live_reload(mut self, live_reload: bool) -> Site<'a> {
        self.csp = Csp::for_site(live_reload).to_string();
        self.live_reload = live_reload;
        self
    }

    /// A fragment of `lesson` as HTML for a page whose path to the lesson folder is
    /// `to_lesson`, its lesson files' URLs made by the resolver.
    fn html(&self, lesson: &Lesson, fragment: &Fragment, to_lesson: &str) -> String {
        fragment.render_with(|url| self.assets.lesson_file_url(lesson, url, to_lesson))
    }

    /// The prefix of the page's own ids: the lesson's slug in the pack bundle, where the
    /// pages of every lesson share one document; nothing elsewhere.
    fn id_prefix(&self, dir: &PageDir) -> String {
        match (self.linker.fragments, dir.0.first()) {
            (Some(Fragments::Pack), Some(slug)) => format!("{slug}/"),
            _ => String::new(),
        }
    }
}

/// Where a page's asset and lesson-file URLs point: files of the site (relative paths), or
/// `data:` URIs inside a bundle. Views get every such URL from here.
pub(crate) trait AssetResolver: Sync {
    /// The stylesheet's URL from a page whose path to the site root is `root`; `""` where
    /// pages carry it inline.
    fn css_url(&self, root: &str) -> String;
    /// The URL of the script of pages of `kind`, likewise.
    fn js_url(&self, root: &str, kind: &str) -> String;
    /// The URL of the file `url` of `lesson` (relative to its folder, as the author wrote it)
    /// from a page whose path to the lesson folder is `to_lesson`, safe inside a quoted
    /// attribute.
    fn lesson_file_url(&self, lesson: &Lesson, url: &str, to_lesson: &str) -> String;
}

/// The site's files: relative paths to the content-hashed assets and the copied images.
impl AssetResolver for AssetNames {
    fn css_url(&self, root: &str) -> String {
        format!("{root}{}", self.css)
    }

    fn js_url(&self, root: &str, kind: &str) -> String {
        format!("{root}{}", self.js_for(kind))
    }

    fn lesson_file_url(&self, _lesson: &Lesson, url: &str, to_lesson: &str) -> String {
        let mut href = to_lesson.to_string();
        pulldown_cmark_escape::escape_href(&mut href, url).expect("writing to a String");
        href
    }
}

/// Everything a page's template sees besides the pack-wide globals: `page`, and the view of
/// its kind under the kind's name.
#[derive(Hash)]
pub(crate) struct PageViews {
    pub page: PageView,
    pub kind: KindView,
}

/// The view of a page's kind (serialized as the view itself, for the bundle's parts).
#[derive(Hash, serde::Serialize)]
#[serde(untagged)]
pub(crate) enum KindView {
    Index(IndexView),
    Article(ArticleView),
    Focus(FocusView),
    End(EndView),
    Quiz(QuizView),
    NotFound,
}

impl PageViews {
    /// The Tera context: `page` plus the kind's view under its own name.
    pub fn context(&self) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("page", &self.page);
        match &self.kind {
            KindView::Index(view) => context.insert("index", view),
            KindView::Article(view) => context.insert("article", view),
            KindView::Focus(view) => context.insert("focus", view),
            KindView::End(view) => context.insert("end", view),
            KindView::Quiz(view) => context.insert("quiz", view),
            KindView::NotFound => {}
        }
        context
    }
}

/// A page's views, built from the model and the plan.
pub(crate) fn page_views(site: &Site, page: &Page) -> PageViews {
    let config = &site.pack.config;
    match page.kind {
        PageKind::Index => {
            let dir = PageDir::index();
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
                        lessons: unit
                            .lessons
                            .iter()
                            .map(|lesson| lesson_card(site, lesson, &dir))
                            .collect(),
                    })
                    .collect(),
                lesson_count: site.lessons.len(),
                bundle_url: site
                    .bundle
                    .as_ref()
                    .map(|file| format!("{BUNDLE_DIR}/{}", encode_segment(file))),
            };
            PageViews {
                page: page_view(site, &dir, "index", &config.title, &config.description),
                kind: KindView::Index(view),
            }
        }
        PageKind::Article(index) => {
            let lesson = site.lessons[index];
            let dir = PageDir::article(&lesson.slug);
            let view = ArticleView {
                lesson: lesson_card(site, lesson, &dir),
                blocks: lesson
                    .article
                    .blocks
                    .iter()
                    .map(|block| match block {
                        ArticleBlock::Focus(i) => ArticleBlockView {
                            focus: Some(i + 1),
                            html: site.html(lesson, &lesson.article.focus_sentences[*i].html, ""),
                            focus_url: Some(
                                site.linker.link(&dir, &PageDir::focus(&lesson.slug, i + 1)),
                            ),
                        },
                        ArticleBlock::Other(html) => ArticleBlockView {
                            focus: None,
                            html: site.html(lesson, html, ""),
                            focus_url: None,
                        },
                    })
                    .collect(),
                entity_groups: entity_groups(config, lesson),
                bundle_url: site
                    .bundle
                    .as_ref()
                    .map(|_| format!("../{BUNDLE_DIR}/{}.html", encode_segment(&lesson.slug))),
            };
            PageViews {
                page: page_view(site, &dir, "article", &lesson.meta.title, lesson.summary()),
                kind: KindView::Article(view),
            }
        }
        PageKind::Focus(index, n) => {
            let lesson = site.lessons[index];
            let slug = &lesson.slug;
            let dir = PageDir::focus(slug, n);
            let total = lesson.article.focus_sentences.len();
            let sentence = &lesson.article.focus_sentences[n - 1];
            let is_last = n == total;
            let view = FocusView {
                lesson: lesson_card(site, lesson, &dir),
                n,
                total,
                position_text: fill(
                    config.string("sentence_position"),
                    &[("n", n), ("total", total)],
                ),
                html: site.html(lesson, &sentence.html, &"../".repeat(dir.depth() - 1)),
                entities: sentence
                    .entities
                    .iter()
                    .map(|e| entity_view(config, lesson, e))
                    .collect(),
                previous_url: (n > 1).then(|| site.linker.link(&dir, &PageDir::focus(slug, n - 1))),
                next_url: if is_last {
                    site.linker.link(&dir, &PageDir::end(slug))
                } else {
                    site.linker.link(&dir, &PageDir::focus(slug, n + 1))
                },
                is_last,
            };
            let title = format!("{} ({n}/{total})", lesson.meta.title);
            PageViews {
                page: page_view(site, &dir, "focus", &title, &sentence.text),
                kind: KindView::Focus(view),
            }
        }
        PageKind::End(index) => {
            let lesson = site.lessons[index];
            let dir = PageDir::end(&lesson.slug);
            let count = lesson.article.focus_sentences.len();
            let you_read_text = if count == 1 {
                config.string("you_read_one").to_string()
            } else {
                fill(config.string("you_read"), &[("count", count)])
            };
            let view = EndView {
                lesson: lesson_card(site, lesson, &dir),
                last_focus_url: site.linker.link(&dir, &PageDir::focus(&lesson.slug, count)),
                you_read_text,
            };
            let title = format!(
                "{} – {}",
                lesson.meta.title,
                config.string("end_of_article")
            );
            PageViews {
                page: page_view(site, &dir, "end", &title, lesson.summary()),
                kind: KindView::End(view),
            }
        }
        PageKind::Quiz(index) => {
            let lesson = site.lessons[index];
            let dir = PageDir::quiz(&lesson.slug);
            let quiz = lesson
                .quiz
                .as_ref()
                .expect("quiz pages are planned for quizzes");
            let plain_answers = config.quiz.plain_answers;
            let view = QuizView {
                lesson: lesson_card(site, lesson, &dir),
                title: quiz.title.clone(),
                intro: site.html(lesson, &quiz.intro, "../"),
                questions: quiz
                    .questions
                    .iter()
                    .enumerate()
                    .map(|(i, question)| question_view(site, lesson, i + 1, question))
                    .collect(),
                plain_answers,
                shuffle: lesson.meta.shuffle.unwrap_or(config.quiz.shuffle),
            };
            let title = format!("{} – {}", lesson.meta.title, quiz.title);
            PageViews {
                page: page_view(site, &dir, "quiz", &title, lesson.summary()),
                kind: KindView::Quiz(view),
            }
        }
        PageKind::NotFound => not_found_views(site),
    }
}

/// The 404 page's views. A host serves it for any missing URL, however deep, so its links
/// must not be relative: with a `base_url` they are absolute; without one the page holds its
/// stylesheet (admitted by hash in its Content-Security-Policy) and needs no script.
fn not_found_views(site: &Site) -> PageViews {
    let config = &site.pack.config;
    let root = config.base_url.clone().unwrap_or_default();
    let mut page = PageView {
        title: config.string("not_found_title").to_string(),
        description: config.description.clone(),
        kind: "not_found",
        index_url: if site.linker.pretty_urls && !root.is_empty() {
            root.clone()
        } else {
            format!("{root}index.html")
        },
        css_url: site.assets.css_url(&root),
        js_url: site.assets.js_url(&root, "not_found"),
        feed_url: format!("{root}feed.xml"),
        canonical: None,
        pack_id: answers::pack_id(&config.title),
        lesson: None,
        csp: site.csp.clone(),
        id_prefix: String::new(),
        style: None,
        root,
    };
    if let Some(css) = site.css.as_ref().filter(|_| config.base_url.is_none()) {
        page.csp = Csp::not_found(css, site.live_reload).to_string();
        page.style = Some(css.clone());
        page.js_url = String::new();
    }
    PageViews {
        page,
        kind: KindView::NotFound,
    }
}

fn page_view(
    site: &Site,
    dir: &PageDir,
    kind: &'static str,
    title: &str,
    description: &str,
) -> PageView {
    let root = dir.to_root();
    PageView {
        title: title.to_string(),
        description: description.to_string(),
        kind,
        index_url: site.linker.link(dir, &PageDir::index()),
        css_url: site.assets.css_url(&root),
        js_url: site.assets.js_url(&root, kind),
        feed_url: format!("{root}feed.xml"),
        canonical: site
            .pack
            .config
            .base_url
            .as_ref()
            .map(|base| page_url(base, dir)),
        pack_id: answers::pack_id(&site.pack.config.title),
        lesson: dir.0.first().cloned(),
        csp: site.csp.clone(),
        id_prefix: site.id_prefix(dir),
        style: None,
        root,
    }
}

/// A question as a form, its answers hashed and obfuscated (and in plain text only when the
/// pack asks for `plain_answers`).
fn question_view(site: &Site, lesson: &Lesson, n: usize, question: &Question) -> QuestionView {
    let config = &site.pack.config;
    let to_lesson = "../";
    let id = format!("q{n}");
    let salt = answers::question_salt(&answers::pack_id(&config.title), &lesson.slug, n);
    let correct: Vec<(usize, &Choice)> = question
        .choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.correct)
        .map(|(i, c)| (i + 1, c))
        .collect();
    let mut hashes: Vec<String> = match question.kind {
        QuestionKind::Short => correct
            .iter()
            .map(|(_, c)| answers::answer_hash(&salt, &answers::normalize_answer(&c.text)))
            .collect(),
        _ => {
            let positions: Vec<usize> = correct.iter().map(|(p, _)| *p).collect();
            vec![answers::answer_hash(
                &salt,
                &answers::choice_key(&positions),
            )]
        }
    };
    hashes.sort();
    hashes.dedup();
    let answer_text = correct
        .iter()
        .map(|(_, c)| c.text.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let answer_label = match question.kind {
        QuestionKind::Short => "accepted_answers",
        _ if correct.len() > 1 => "correct_answers",
        _ => "correct_answer",
    };
    let explanation = question
        .explanation
        .as_ref()
        .map(|e| site.html(lesson, e, to_lesson));
    let plain = config.quiz.plain_answers;
    QuestionView {
        n,
        kind: question.kind.name(),
        input_type: match question.kind {
            QuestionKind::Multiple => "checkbox",
            _ => "radio",
        },
        prompt: site.html(lesson, &question.prompt, to_lesson),
        body: site.html(lesson, &question.body, to_lesson),
        choices: match question.kind {
            QuestionKind::Short => Vec::new(),
            _ => question
                .choices
                .iter()
                .enumerate()
                .map(|(c, choice)| ChoiceView {
                    id: format!("{id}-c{}", c + 1),
                    html: site.html(lesson, &choice.html, to_lesson),
                    value: c + 1,
                })
                .collect(),
        },
        answer_label: config.string(answer_label).to_string(),
        hashes: hashes.join(" "),
        answer_code: answers::obfuscate(&salt, "a", &answer_text),
        explanation_code: explanation
            .as_ref()
            .map(|html| answers::obfuscate(&salt, "e", html)),
        answers: if plain {
            correct
                .iter()
                .map(|(_, c)| site.html(lesson, &c.html, to_lesson))
                .collect()
        } else {
            Vec::new()
        },
        explanation: explanation.filter(|_| plain),
        salt,
        id,
    }
}

/// The lesson's card: title, facts and links, as seen from the page at `from`.
fn lesson_card(site: &Site, lesson: &Lesson, from: &PageDir) -> LessonCardView {
    let config = &site.pack.config;
    let slug = &lesson.slug;
    let focus_count = lesson.article.focus_sentences.len();
    let question_count = lesson.question_count();
    LessonCardView {
        title: lesson.meta.title.clone(),
        slug: slug.clone(),
        level: lesson.meta.level.clone(),
        tags: lesson.meta.tags.clone(),
        date: lesson.meta.date.as_ref().map(|d| d.to_string()),
        summary: lesson.summary().to_string(),
        focus_count,
        question_count,
        focus_count_text: fill(config.string("focus_count"), &[("count", focus_count)]),
        question_count_text: fill(
            config.string("question_count"),
            &[("count", question_count)],
        ),
        article_url: site.linker.link(from, &PageDir::article(slug)),
        first_focus_url: site.linker.link(from, &PageDir::focus(slug, 1)),
        end_url: site.linker.link(from, &PageDir::end(slug)),
        quiz_url: lesson
            .quiz
            .as_ref()
            .map(|_| site.linker.link(from, &PageDir::quiz(slug))),
    }
}

fn entity_view(config: &PackConfig, lesson: &Lesson, entity: &Entity) -> EntityView {
    EntityView {
        kind: entity.kind.clone(),
        label: config
            .entity_label(&entity.kind)
            .unwrap_or(&entity.kind)
            .to_string(),
        name: entity.name.clone(),
        note: lesson.meta.notes.get(&entity.name).cloned(),
    }
}

/// The lesson's entities grouped by kind, kinds in the pack's order, entities in order of
/// first appearance.
fn entity_groups(config: &PackConfig, lesson: &Lesson) -> Vec<EntityGroupView> {
    config
        .entity_kinds
        .iter()
        .filter_map(|kind| {
            let mut entities: Vec<EntityView> = Vec::new();
            for entity in lesson
                .article
                .focus_sentences
                .iter()
                .flat_map(|s| s.entities.iter())
                .filter(|e| e.kind == kind.name)
            {
                if !entities.iter().any(|e| e.name == entity.name) {
                    entities.push(entity_view(config, lesson, entity));
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

/// Fills `{name}` placeholders of a UI string.
pub(crate) fn fill(template: &str, values: &[(&str, usize)]) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), &value.to_string());
    }
    text
}
