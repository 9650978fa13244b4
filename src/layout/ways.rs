//! The ways into a pack besides its index: every entity with the focus sentences that mention
//! it, and every tag and level with its lessons, gathered once from the whole pack, each with
//! the slug of its page (`entities/<kind>/<slug>/`, `tags/<slug>/`, `levels/<slug>/`).
//!
//! Gathering is linear in the pack: each lesson's entries are made in parallel, then merged
//! in site order through hash maps, and sorted once. An entity is its kind and canonical name
//! (the mark's title or name, see `content::entity`); the words its marks show are its
//! spellings. Slugs come from the name (transliterated, see `slug_from_title`), and a slug two
//! names of one kind share goes, in name order, to the first as it is and to the others with
//! `-2`, `-3`, …: so every slug is unique and the same for the same sources.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::plan::PagePath;
use crate::config::PagesConfig;
use crate::content::front_matter::{slug_from_title, slug_problem};
use crate::content::{FocusSentence, Pack};

/// The folders of these pages in the site.
pub const ENTITIES_DIR: &str = "entities";
pub const TAGS_DIR: &str = "tags";
pub const LEVELS_DIR: &str = "levels";

/// Every entity, tag and level of a pack, with its page's slug.
#[derive(Debug, Default)]
pub struct Ways<'a> {
    /// Kinds in the pack's order, names in alphabetical order (ignoring case) within a kind;
    /// empty when `[pages] entities = false`.
    pub entities: Vec<EntityEntry<'a>>,
    entity_at: FxHashMap<(&'a str, &'a str), usize>,
    /// Tags in alphabetical order (ignoring case); empty when `[pages] tags = false`.
    pub tags: Vec<Term<'a>>,
    tag_at: FxHashMap<&'a str, usize>,
    /// Levels in order of their names (`A1` before `B2`); empty when `[pages] levels = false`.
    pub levels: Vec<Term<'a>>,
    level_at: FxHashMap<&'a str, usize>,
    /// A hash of every slug that does not follow from its name alone (shared, or suffixed).
    /// A lesson's pages link to these pages by slug, so they change with it only.
    pub irregular_slugs: u64,
}

/// One entity of the pack and where it is mentioned.
#[derive(Debug)]
pub struct EntityEntry<'a> {
    pub kind: &'a str,
    /// Its canonical name.
    pub name: &'a str,
    pub slug: String,
    /// Where its page is: `entities/<kind>/<slug>`.
    path: PagePath,
    /// The words its marks show, each once, sorted.
    pub spellings: Vec<&'a str>,
    /// Every focus sentence that mentions it, in site order.
    pub mentions: Vec<Mention>,
}

/// A focus sentence that mentions an entity: three numbers, for a large pack has millions.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    /// The lesson's index in site order.
    lesson: u32,
    /// The sentence's index (0-based) among the lesson's focus sentences.
    sentence: u32,
    /// The entity's index among the sentence's `entities`.
    entity: u32,
}

impl Mention {
    /// The lesson's index in site order.
    pub fn lesson(self) -> usize {
        self.lesson as usize
    }

    /// The sentence's index (0-based) among the lesson's focus sentences.
    pub fn sentence(self) -> usize {
        self.sentence as usize
    }

    /// Which of the sentence's marks name the entity: positions in its `marks`.
    pub fn marks(self, sentence: &FocusSentence) -> impl Iterator<Item = usize> + '_ {
        (0..sentence.marks.len()).filter(move |&k| self.names_mark(sentence, k))
    }

    /// Whether the sentence's mark `k` (a position in its `marks`) names the entity.
    pub fn names_mark(self, sentence: &FocusSentence, k: usize) -> bool {
        sentence.marks[k] == self.entity as usize
    }
}

/// A tag or a level, and its lessons.
#[derive(Debug)]
pub struct Term<'a> {
    pub name: &'a str,
    pub slug: String,
    /// Where its page is: `tags/<slug>` or `levels/<slug>`.
    pub path: PagePath,
    /// The lessons that have it, by index in site order.
    pub lessons: Vec<usize>,
}

impl<'a> Ways<'a> {
    /// Gathers the entities, tags and levels of `pack`, as far as `[pages]` asks for them.
    pub fn of(pack: &'a Pack) -> Ways<'a> {
        let pages: PagesConfig = pack.config.pages;
        let lessons: Vec<_> = pack.lessons().collect();
        let mut irregular = DefaultHasher::new();
        let mut ways = Ways::default();
        if pages.entities {
            ways.entities = gather_entities(pack, &lessons, &mut irregular);
            ways.entity_at = (ways.entities.iter().enumerate())
                .map(|(i, e)| ((e.kind, e.name), i))
                .collect();
        }
        if pages.tags {
            let tags = lessons
                .iter()
                .map(|l| l.meta.tags.iter().map(String::as_str));
            let order = |name: &str| name.to_lowercase();
            ways.tags = gather_terms(tags, TAGS_DIR, &mut irregular, order);
            ways.tag_at = index_of(&ways.tags);
        }
        if pages.levels {
            let levels = lessons.iter().map(|l| l.meta.level.as_deref().into_iter());
            ways.levels = gather_terms(levels, LEVELS_DIR, &mut irregular, str::to_string);
            ways.level_at = index_of(&ways.levels);
        }
        ways.irregular_slugs = irregular.finish();
        ways
    }

    /// The entity of this kind and canonical name, if it has a page.
    pub fn entity(&self, kind: &str, name: &str) -> Option<&EntityEntry<'a>> {
        self.entity_at
            .get(&(kind, name))
            .map(|&i| &self.entities[i])
    }

    /// The tag of this name, if it has a page.
    pub fn tag(&self, name: &str) -> Option<&Term<'a>> {
        self.tag_at.get(name).map(|&i| &self.tags[i])
    }

    /// The level of this name, if it has a page.
    pub fn level(&self, name: &str) -> Option<&Term<'a>> {
        self.level_at.get(name).map(|&i| &self.levels[i])
    }

    /// Hashes which pages there are (their folders, in order) into `hasher`.
    pub fn hash_pages(&self, hasher: &mut impl Hasher) {
        for entity in &self.entities {
            (entity.kind, &entity.slug).hash(hasher);
        }
        for term in self.tags.iter().chain(&self.levels) {
            term.slug.hash(hasher);
        }
        (self.entities.len(), self.tags.len(), self.levels.len()).hash(hasher);
    }
}

impl EntityEntry<'_> {
    /// Where its page is: `entities/<kind>/<slug>` (made once: every lesson page links to
    /// the pages of its entities).
    pub fn path(&self) -> &PagePath {
        &self.path
    }
}

/// An entity mentioned in one sentence.
struct Found<'a> {
    kind: &'a str,
    name: &'a str,
    mention: Mention,
}

/// Every entity of the pack's focus sentences, sorted, with unique slugs per kind.
fn gather_entities<'a>(
    pack: &'a Pack,
    lessons: &[&'a crate::content::Lesson],
    irregular: &mut DefaultHasher,
) -> Vec<EntityEntry<'a>> {
    let number = |i: usize| u32::try_from(i).expect("fewer than 2^32 lessons and sentences");
    let found: Vec<Vec<Found<'a>>> = lessons
        .par_iter()
        .enumerate()
        .map(|(lesson, l)| {
            let mut found = Vec::new();
            for (sentence, s) in l.article.focus_sentences.iter().enumerate() {
                for (at, entity) in s.entities.iter().enumerate() {
                    found.push(Found {
                        kind: &entity.kind,
                        name: &entity.name,
                        mention: Mention {
                            lesson: number(lesson),
                            sentence: number(sentence),
                            entity: number(at),
                        },
                    });
                }
            }
            found
        })
        .collect();

    let mut at: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    let mut gathered: Vec<(EntityEntry<'a>, BTreeSet<&'a str>)> = Vec::new();
    for one in found.into_iter().flatten() {
        let i = *at.entry((one.kind, one.name)).or_insert_with(|| {
            let entry = EntityEntry {
                kind: one.kind,
                name: one.name,
                slug: String::new(),
                path: PagePath::index(),
                spellings: Vec::new(),
                mentions: Vec::new(),
            };
            gathered.push((entry, BTreeSet::new()));
            gathered.len() - 1
        });
        let (entry, spellings) = &mut gathered[i];
        let sentence =
            &lessons[one.mention.lesson()].article.focus_sentences[one.mention.sentence()];
        spellings.extend(
            one.mention
                .marks(sentence)
                .map(|k| sentence.mark_texts[k].as_str()),
        );
        entry.mentions.push(one.mention);
    }

    let kind_order: HashMap<&str, usize> = (pack.config.entity_kinds.iter().enumerate())
        .map(|(i, kind)| (kind.name.as_str(), i))
        .collect();
    let mut entities: Vec<EntityEntry<'a>> = gathered
        .into_iter()
        .map(|(mut entry, spellings)| {
            entry.spellings = spellings.into_iter().collect();
            entry.mentions.shrink_to_fit();
            entry
        })
        .collect();
    entities.sort_by_cached_key(|e| {
        let kind = kind_order.get(e.kind).copied().unwrap_or(usize::MAX);
        (kind, e.kind, e.name.to_lowercase(), e.name)
    });
    // Slugs are unique within a kind: its entities are next to each other.
    let mut start = 0;
    while start < entities.len() {
        let kind = entities[start].kind;
        let end = start + entities[start..].partition_point(|e| e.kind == kind);
        let names: Vec<&str> = entities[start..end].iter().map(|e| e.name).collect();
        for (entity, slug) in entities[start..end].iter_mut().zip(unique_slugs(&names)) {
            if slug.irregular {
                (kind, entity.name, &slug.slug).hash(irregular);
            }
            entity.path = PagePath::way(&[ENTITIES_DIR, kind], &slug.slug);
            entity.slug = slug.slug;
        }
        start = end;
    }
    entities
}

/// The terms of every lesson (each lesson's in order), gathered with their lessons, sorted
/// by `order` and given unique slugs, their pages in `folder`.
fn gather_terms<'a, I>(
    per_lesson: impl Iterator<Item = I>,
    folder: &str,
    irregular: &mut DefaultHasher,
    order: impl Fn(&str) -> String,
) -> Vec<Term<'a>>
where
    I: Iterator<Item = &'a str>,
{
    let mut at: FxHashMap<&str, usize> = FxHashMap::default();
    let mut terms: Vec<Term<'a>> = Vec::new();
    for (lesson, names) in per_lesson.enumerate() {
        for name in names {
            let i = *at.entry(name).or_insert_with(|| {
                terms.push(Term {
                    name,
                    slug: String::new(),
                    path: PagePath::index(),
                    lessons: Vec::new(),
                });
                terms.len() - 1
            });
            // A lesson that lists a tag twice is listed once.
            if terms[i].lessons.last() != Some(&lesson) {
                terms[i].lessons.push(lesson);
            }
        }
    }
    terms.sort_by_cached_key(|t| (order(t.name), t.name));
    let names: Vec<&str> = terms.iter().map(|t| t.name).collect();
    for (term, slug) in terms.iter_mut().zip(unique_slugs(&names)) {
        if slug.irregular {
            (term.name, &slug.slug).hash(irregular);
        }
        term.path = PagePath::way(&[folder], &slug.slug);
        term.slug = slug.slug;
    }
    terms
}

fn index_of<'a>(terms: &[Term<'a>]) -> FxHashMap<&'a str, usize> {
    terms.iter().enumerate().map(|(i, t)| (t.name, i)).collect()
}

/// A name's slug, and whether it does not follow from the name alone.
struct Slug {
    slug: String,
    irregular: bool,
}

/// A slug for each of `names` (distinct, in order), unique among them: a name's own slug
/// when no earlier name has it, else that slug with the first `-2`, `-3`, … that no name has.
fn unique_slugs(names: &[&str]) -> Vec<Slug> {
    let natural: Vec<String> = names.iter().map(|name| natural_slug(name)).collect();
    let mut shared: HashMap<&str, usize> = HashMap::new();
    for slug in &natural {
        *shared.entry(slug).or_default() += 1;
    }
    let mut taken: HashSet<String> = HashSet::new();
    let mut slugs: Vec<Option<String>> = (natural.iter())
        .map(|slug| taken.insert(slug.clone()).then(|| slug.clone()))
        .collect();
    for (slug, natural) in slugs.iter_mut().zip(&natural) {
        if slug.is_none() {
            let mut n = 2;
            while taken.contains(&format!("{natural}-{n}")) {
                n += 1;
            }
            let unique = format!("{natural}-{n}");
            taken.insert(unique.clone());
            *slug = Some(unique);
        }
    }
    slugs
        .into_iter()
        .zip(&natural)
        .map(|(slug, natural)| {
            let slug = slug.expect("every name has a slug");
            Slug {
                irregular: shared[natural.as_str()] > 1 || slug != *natural,
                slug,
            }
        })
        .collect()
}

/// A name's slug as a folder name: transliterated, lower case, `-` between words; `x` for a
/// name that leaves nothing (only symbols), with a prefix for names a folder cannot have.
fn natural_slug(name: &str) -> String {
    let slug = slug_from_title(name);
    if slug.is_empty() {
        "x".to_string()
    } else if slug_problem(&slug).is_some() {
        format!("x-{slug}")
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(names: &[&str]) -> Vec<String> {
        unique_slugs(names).into_iter().map(|s| s.slug).collect()
    }

    #[test]
    fn slugs_are_unique_and_follow_the_names() {
        assert_eq!(
            slugs(&["C", "C++", "c-2", "Huawei"]),
            ["c", "c-3", "c-2", "huawei"]
        );
        assert_eq!(slugs(&["北京", "★", "CON"]), ["bei-jing", "x", "x-con"]);
    }

    #[test]
    fn only_shared_or_suffixed_slugs_are_irregular() {
        let irregular: Vec<bool> = unique_slugs(&["C", "C++", "Huawei"])
            .into_iter()
            .map(|s| s.irregular)
            .collect();
        assert_eq!(irregular, [true, true, false]);
    }
}
