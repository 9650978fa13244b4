//! The site `serve` shows, updated in place after each change instead of built anew.
//!
//! A [`Preview`] stays alive between updates and remembers what it did: lessons parsed (see
//! [`LessonCache`]), the key of every file it wrote and, for each lesson page, the lesson
//! version its key was computed from. After an edit of one lesson it parses that lesson,
//! computes the views of its pages only (a lesson's pages show nothing of other lessons),
//! and writes the plan into its folder with the in-place sink (see [`super::in_place`]),
//! which renders only the pages whose keys changed (that lesson's, and the index that lists
//! it). The index, entity, tag and level pages are keyed from what they show (their lessons'
//! card keys, kept while a lesson is unchanged, and the sentences that mention an entity)
//! rather than from their views; each lesson's part of the search index is kept while the
//! lesson is unchanged, and the index is merged after the pages are written (and the pages
//! announced: see [`Preview::update_then_index`]). On a 1,000-lesson pack an edit is served
//! in a few tens of milliseconds after the save (`examples/serve_latency`), where a build
//! would visit all 13,000 pages.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::cache::{bytes_key, key_hasher, view_key};
use super::in_place::{InPlaceSink, Known};
use super::outputs::{OutputPlan, PlannedPages};
use super::sink::{KeptViews, write_plan};
use super::{BuildOptions, BuildReport, both_loaded};
use crate::assets::Assets;
use crate::config::{CONFIG_FILE, PackConfig};
use crate::content::{LessonCache, LoadOptions, load_lessons_cached};
use crate::diagnostic::Diagnostic;
use crate::layout::pages::{RunMemo, hash_index, index_card};
use crate::layout::plan::PageKind;
use crate::layout::quiz_scripts;
use crate::layout::search::index::{LessonIndex, SEARCH_INDEX_PATH, search_index_script_of};
use crate::layout::ways::{Term, Ways};
use crate::render::views::SharedCard;
use crate::render::{Renderer, TEMPLATES_DIR};

/// A site kept up to date in a folder of its own.
pub struct Preview {
    options: BuildOptions,
    lessons: LessonCache,
    /// The renderer of the last update with the assets made from its templates, and the
    /// stamp of the templates and config they were loaded from.
    renderer: Option<(u64, Renderer, Assets)>,
    /// The key and size of every file in the folder, by site path.
    files: Known,
    /// For each lesson, by its path: the lesson version and build version its pages' keys
    /// were computed under, and those keys.
    lesson_pages: HashMap<PathBuf, LessonPages>,
    /// The pages of the last plan, kept while the pack's shape stays.
    pages: Option<PlannedPages>,
    /// Each lesson's part of the search index, by its path, with the lesson version it was
    /// made from.
    search: HashMap<PathBuf, (u64, Arc<LessonIndex>)>,
    /// The search index script in the folder, made after the last update's pages.
    search_script: Option<Vec<u8>>,
    /// Each lesson's index card and its key (see [`index_card`]), by its path, with the lesson
    /// version and build version it was made under.
    cards: HashMap<PathBuf, KeptCard>,
}

/// A lesson's index card and its key, and the versions they were made under (none for a
/// lesson not loaded from a file, which is not kept).
#[derive(Clone)]
struct KeptCard {
    versions: Option<(u64, u64)>,
    key: u64,
    card: SharedCard,
}

/// The keys of a lesson's pages, and what they were computed from.
struct LessonPages {
    versions: (u64, u64),
    keys: Arc<Vec<u64>>,
}

/// What an update changed.
#[derive(Debug)]
pub struct PreviewUpdate {
    pub report: BuildReport,
    /// The site paths of the files written or removed, sorted.
    pub changed: Vec<String>,
}

impl Preview {
    /// A preview of the pack of `options` in `options.output`, a folder it owns.
    pub fn new(options: BuildOptions) -> Preview {
        Preview {
            options,
            lessons: LessonCache::default(),
            renderer: None,
            files: Known::default(),
            lesson_pages: HashMap::new(),
            pages: None,
            search: HashMap::new(),
            search_script: None,
            cards: HashMap::new(),
        }
    }

    /// Brings the folder up to date with the sources. On error nothing is written.
    pub fn update(&mut self) -> Result<PreviewUpdate, Vec<Diagnostic>> {
        self.update_then_index(|_| {})
    }

    /// [`Preview::update`], calling `pages_written` with the site paths changed as soon as
    /// the pages are in place, before the search index is: an edit is served without waiting
    /// for the index of the whole pack to be merged again. (The first update makes the index
    /// with the pages.) The update returned lists every file changed, the index too.
    pub fn update_then_index(
        &mut self,
        pages_written: impl FnOnce(&[String]),
    ) -> Result<PreviewUpdate, Vec<Diagnostic>> {
        let started = Instant::now();
        let options = self.options.clone();
        let root = &options.root;
        let config_text = PackConfig::read_text(root).map_err(|e| vec![e])?;
        let config =
            PackConfig::parse(Path::new(CONFIG_FILE), &config_text).map_err(|e| vec![e])?;
        let config_version = hash_of(&config_text);
        // Templates are loaded again only when one of them (or the config) changed.
        let templates_version = hash_of(&(config_version, templates_stamp(root)));
        let (renderer, assets) = match self.renderer.take() {
            Some((version, renderer, assets)) if version == templates_version => {
                (Ok(renderer), Some(assets))
            }
            _ => (Renderer::load(root, &config), None),
        };
        let load_options = LoadOptions {
            drafts: options.drafts,
            ..LoadOptions::default()
        };
        let pack = load_lessons_cached(
            root,
            config,
            load_options,
            &mut self.lessons,
            config_version,
        );
        let (pack, renderer) = both_loaded(pack, renderer)?;
        // Assets are made from the templates and the combinations of parts the quizzes need:
        // kept while neither changes.
        let quizzes = quiz_scripts(&pack);
        let assets = assets
            .filter(|assets| assets.prepared_for(&quizzes))
            .unwrap_or_else(|| Assets::prepare(&renderer, self.options.minify, &quizzes));
        let result = self.write(
            &pack,
            &renderer,
            &assets,
            config_version,
            started,
            pages_written,
        );
        self.renderer = Some((templates_version, renderer, assets));
        result
    }

    /// Writes the site of a loaded pack into the folder.
    fn write(
        &mut self,
        pack: &crate::content::Pack,
        renderer: &Renderer,
        assets: &Assets,
        config_version: u64,
        started: Instant,
        pages_written: impl FnOnce(&[String]),
    ) -> Result<PreviewUpdate, Vec<Diagnostic>> {
        let ways = Arc::new(Ways::of(pack));
        let pages = match self.pages.take() {
            Some(pages) => pages.kept_for(pack, &ways, self.options.layout()),
            None => PlannedPages::of(pack, &ways, self.options.layout()),
        };
        self.pages = Some(pages.clone());
        let mut plan =
            OutputPlan::with_pages(pack, ways, pages, None, renderer, assets, &self.options)?;
        let kept = KeptViews::default();
        let build_version = build_version(&plan, config_version);
        let (cards, index_cards) = self.index_cards(&plan, build_version);
        plan.site.index_cards = Some(index_cards);
        // The first update merges the search index while the pages are keyed; later ones
        // key and write the pages with the index in the folder, and merge it after them.
        let index_later = self.search_script.is_some();
        let runs = match &self.search_script {
            Some(script) => {
                plan.give_search_index(script.clone());
                self.page_keys(&plan, build_version, &cards, &kept)
            }
            None => {
                let mut search = std::mem::take(&mut self.search);
                let (script, runs) = rayon::join(
                    || search_index(pack, &self.lessons, &mut search),
                    || self.page_keys(&plan, build_version, &cards, &kept),
                );
                self.search = search;
                plan.give_search_index(script.clone());
                self.search_script = Some(script);
                runs
            }
        };
        let mut keys: Vec<u64> = runs
            .iter()
            .flat_map(|run| run.keys.iter().copied())
            .collect();
        keys.extend(plan.file_keys(&keys).map_err(|e| vec![e])?);

        let dir = self.options.output_dir();
        let sink = InPlaceSink::new(&dir, std::mem::take(&mut self.files));
        let mut written = match write_plan(&plan, Some(&keys), &kept, &sink) {
            Ok(written) => written,
            Err(errors) => {
                self.files = sink.into_known();
                return Err(errors);
            }
        };
        let (files, mut changed) = sink
            .commit(std::mem::take(&mut written.entries))
            .map_err(|e| vec![e])?;
        self.files = files;
        self.lesson_pages = runs
            .into_iter()
            .filter_map(|run| {
                let pages = LessonPages {
                    versions: run.versions?,
                    keys: run.keys,
                };
                Some((run.lesson?.to_path_buf(), pages))
            })
            .collect();
        pages_written(&changed);
        if index_later {
            let script = search_index(pack, &self.lessons, &mut self.search);
            let key = bytes_key(plan.global, SEARCH_INDEX_PATH, &script);
            if self
                .files
                .replace(&dir, SEARCH_INDEX_PATH, key, &script)
                .map_err(|e| vec![e])?
            {
                changed.push(SEARCH_INDEX_PATH.to_string());
                changed.sort();
            }
            self.search_script = Some(script);
        }
        Ok(PreviewUpdate {
            report: written.report(&plan, &dir, started),
            changed,
        })
    }

    /// Every page's key, run by run. A lesson's pages are keyed again only if the lesson
    /// changed (its pages show nothing of other lessons). The index, entity, tag and level
    /// pages are keyed each update from what they show (see [`Preview::gathered_key`], with
    /// the lessons' card keys `cards`); the other pages outside any lesson from their views,
    /// kept in `kept` to render them.
    fn page_keys<'p>(
        &self,
        plan: &'p OutputPlan,
        build_version: u64,
        cards: &[u64],
        kept: &KeptViews,
    ) -> Vec<KeyedRun<'p>> {
        // What an entity's page shows of a lesson besides its sentences (see `gathered_key`).
        let lessons_shown: Vec<u64> = (plan.site.lessons.iter())
            .map(|lesson| {
                let mut hasher = key_hasher();
                let sentences = lesson.article.focus_sentences.len();
                (&lesson.slug, &lesson.meta.title, sentences).hash(&mut hasher);
                hasher.finish()
            })
            .collect();
        plan.runs
            .par_iter()
            .map(|range| {
                let lesson = plan.pages[range.start]
                    .lesson()
                    .map(|index| plan.site.lessons[index]);
                let versions = lesson
                    .and_then(|l| self.lessons.version(&l.path))
                    .map(|version| (version, build_version));
                let known = lesson.and_then(|l| self.lesson_pages.get(&l.path));
                let keys = match known.filter(|known| Some(known.versions) == versions) {
                    Some(known) => known.keys.clone(),
                    None if lesson.is_some() => {
                        let keys = plan.page_keys(range.clone());
                        Arc::new(keys.expect("the preview's lessons keep their bodies"))
                    }
                    None if let Some(key) = Preview::gathered_key(
                        plan,
                        range.start,
                        build_version,
                        cards,
                        &lessons_shown,
                    ) =>
                    {
                        Arc::new(vec![key])
                    }
                    None => {
                        let mut run = RunMemo::default();
                        let keyed = range.clone().map(|i| {
                            let (key, views) = plan.page_key(i, &mut run);
                            kept.keep(i, views);
                            key
                        });
                        Arc::new(keyed.collect())
                    }
                };
                KeyedRun {
                    lesson: lesson.map(|l| l.path.as_path()),
                    versions,
                    keys,
                }
            })
            .collect()
    }

    /// Each lesson's index card and its key (see [`index_card`]), in site order: made again
    /// only for the lessons that changed.
    fn index_cards(
        &mut self,
        plan: &OutputPlan,
        build_version: u64,
    ) -> (Vec<u64>, Arc<[SharedCard]>) {
        let site = &plan.site;
        let made: Vec<KeptCard> = (site.lessons.par_iter())
            .map(|lesson| {
                let versions = (self.lessons.version(&lesson.path)).map(|v| (v, build_version));
                match self.cards.get(&lesson.path) {
                    Some(kept) if versions.is_some() && kept.versions == versions => kept.clone(),
                    _ => {
                        let (key, card) = index_card(site, lesson);
                        KeptCard {
                            versions,
                            key,
                            card,
                        }
                    }
                }
            })
            .collect();
        let keys = made.iter().map(|kept| kept.key).collect();
        let cards = made.iter().map(|kept| kept.card.clone()).collect();
        self.cards = (site.lessons.iter().zip(made))
            .filter(|(_, kept)| kept.versions.is_some())
            .map(|(lesson, kept)| (lesson.path.clone(), kept))
            .collect();
        (keys, cards)
    }

    /// The key of page `i` if it gathers lessons (an entity's, a tag's, a level's), made from
    /// what it shows of them and what every page comes from (`build_version`) instead of
    /// from its views: an edit changes few of these pages, and viewing them all on each
    /// update was most of the update's time. An entity's page shows, of each sentence that
    /// mentions it, its lesson's slug, title and number of focus sentences (hashed once per
    /// lesson, in `lessons_shown`), its text and its marks (hashed when the lesson is parsed,
    /// as the sentence's `shown_hash`); a tag's or a level's shows its lessons' cards (`cards`, by lesson in site order).
    fn gathered_key(
        plan: &OutputPlan,
        i: usize,
        build_version: u64,
        cards: &[u64],
        lessons_shown: &[u64],
    ) -> Option<u64> {
        let site = &plan.site;
        let mut hasher = key_hasher();
        build_version.hash(&mut hasher);
        match plan.pages[i].kind {
            PageKind::Index => hash_index(site, cards, &mut hasher),
            PageKind::Entity(at) => {
                let entity = &site.ways.entities[at];
                (entity.kind, entity.name, &entity.slug, &entity.spellings).hash(&mut hasher);
                // Gathered as numbers and hashed in one write: hashing them one by one was
                // most of the keying.
                let mut shown: Vec<u64> = Vec::with_capacity(entity.mentions.len() * 5);
                for &mention in &entity.mentions {
                    let lesson = site.lessons[mention.lesson()];
                    let sentence = &lesson.article.focus_sentences[mention.sentence()];
                    let at = mention.sentence() as u64;
                    shown.extend([lessons_shown[mention.lesson()], at, sentence.shown_hash]);
                    shown.extend(mention.marks(sentence).map(|mark| mark as u64));
                    shown.push(u64::MAX);
                }
                shown.hash(&mut hasher);
            }
            PageKind::Tag(at) => hash_term(&site.ways.tags[at], cards, &mut hasher),
            PageKind::Level(at) => hash_term(&site.ways.levels[at], cards, &mut hasher),
            _ => return None,
        }
        let page = &plan.pages[i];
        let made_of = hasher.finish();
        Some(view_key(
            plan.global,
            plan.page_path(i),
            page.template(),
            &made_of,
        ))
    }
}

/// Hashes what a tag's or a level's page shows of it: its name, its slug, and its lessons'
/// card keys (`cards`, by lesson in site order).
fn hash_term(term: &Term, cards: &[u64], hasher: &mut impl Hasher) {
    (term.name, &term.slug, term.lessons.len()).hash(hasher);
    for &lesson in &term.lessons {
        cards[lesson].hash(hasher);
    }
}

/// What a page's views come from besides the lessons it shows: the build, the config, the
/// slugs of the entity, tag and level pages it links to that other lessons decide, and what
/// every page's head holds (its policy, which admits recordings when some lesson has them,
/// and the pack's own icon).
fn build_version(plan: &OutputPlan, config_version: u64) -> u64 {
    let site = &plan.site;
    let page_head = (&site.csp, &site.icon);
    hash_of(&(
        plan.global,
        config_version,
        site.ways.irregular_slugs,
        page_head,
    ))
}

/// The keys of a run of pages: a lesson's, or one page outside any lesson.
struct KeyedRun<'a> {
    lesson: Option<&'a Path>,
    /// The lesson's version and the build version; `None` outside a lesson.
    versions: Option<(u64, u64)>,
    keys: Arc<Vec<u64>>,
}

/// The search index script of `pack`, folding only the lessons changed since `search` was
/// made; `search` keeps each lesson's part with the lesson version it was made from.
fn search_index(
    pack: &crate::content::Pack,
    lessons: &LessonCache,
    search: &mut HashMap<PathBuf, (u64, Arc<LessonIndex>)>,
) -> Vec<u8> {
    let in_order: Vec<_> = pack.lessons().collect();
    let parts: Vec<(Option<u64>, Arc<LessonIndex>)> = in_order
        .par_iter()
        .map(|lesson| {
            let version = lessons.version(&lesson.path);
            match (search.get(&lesson.path), version) {
                (Some((kept, part)), Some(version)) if *kept == version => {
                    (Some(version), part.clone())
                }
                _ => (version, Arc::new(LessonIndex::of(lesson))),
            }
        })
        .collect();
    let refs: Vec<&LessonIndex> = parts.iter().map(|(_, part)| part.as_ref()).collect();
    let script = search_index_script_of(pack, &refs);
    // A part is kept only with the version it was made from (every loaded lesson has one).
    *search = (in_order.iter().zip(parts))
        .filter_map(|(lesson, (version, part))| Some((lesson.path.clone(), (version?, part))))
        .collect();
    script
}

/// The names, sizes and modification times of the pack's templates (and config).
fn templates_stamp(root: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    let files = walkdir::WalkDir::new(root.join(TEMPLATES_DIR)).sort_by_file_name();
    for entry in files.into_iter().filter_map(Result::ok) {
        let metadata = entry.metadata().ok();
        let stamp = metadata.map(|m| (m.len(), m.modified().ok()));
        (entry.path(), stamp).hash(&mut hasher);
    }
    hasher.finish()
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
