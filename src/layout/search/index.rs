//! The search index: every searchable text of the pack, and which of its texts hold each
//! folded token, as a script (`search/index.js`) that assigns `window.lessonpackSearch`. The search page loads it
//! with a `<script src>` (never by a request from script, which `file://` forbids).
//!
//! Its shape (all arrays, to stay small):
//! - `lessons`: per lesson in site order, `[slug, title]`;
//! - `docs`: per searchable text, `[lesson, n, field, text]`: the focus sentence `n` a result
//!   links to, the field (0 title, 1 level and tags, 2 summary, 3 focus sentence: lower
//!   ranks first) and the text shown;
//! - `tokens`: every folded token, sorted by UTF-16 code units (as the script compares);
//! - `postings`: per token, the docs holding it, ascending, each as its distance from the
//!   one before (the first as its own number plus one).

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::fold::{each_token, fold_into};
use crate::content::{Entity, Lesson, Pack};

/// The index script's site path. Not named by its content's hash, unlike the assets: every
/// page's header box links it, and an edit of one lesson must not change every page. Hosts
/// revalidate it like a page.
pub const SEARCH_INDEX_PATH: &str = "search/index.js";

/// The name of the global the index script assigns.
pub const GLOBAL: &str = "lessonpackSearch";

/// The rank of a searchable text: lower ranks first.
#[derive(Clone, Copy)]
enum Field {
    Title = 0,
    Labels = 1,
    Summary = 2,
    Sentence = 3,
}

#[derive(Serialize)]
struct Index<'a> {
    v: u32,
    lessons: Vec<(&'a str, &'a str)>,
    docs: Vec<(usize, usize, u8, Cow<'a, str>)>,
    tokens: Vec<String>,
    postings: Vec<Vec<u32>>,
}

/// What the index script holds after the index's JSON (before it: [`script_start`]).
const SCRIPT_END: &str = ";\n";

fn script_start() -> String {
    format!("window.{GLOBAL}=")
}

/// The index script of `pack` (`window.lessonpackSearch=<json>;`), written at once: on a
/// large pack the index is hundreds of megabytes, so it is made in one buffer, not as JSON
/// copied into a script.
pub(crate) fn search_index_script(pack: &Pack) -> Vec<u8> {
    in_script(|script| write_index(pack, script))
}

/// The script around the JSON that `write` writes.
fn in_script(write: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut script = script_start().into_bytes();
    write(&mut script);
    script.extend_from_slice(SCRIPT_END.as_bytes());
    script
}

/// The index's JSON inside its script ([`search_index_script`]).
pub(crate) fn search_index_json(script: &[u8]) -> &str {
    let json = &script[script_start().len()..script.len() - SCRIPT_END.len()];
    std::str::from_utf8(json).expect("the index is JSON text")
}

/// Lessons whose texts are folded together: their tokens are held only until they are listed.
const FOLDED_AT_ONCE: usize = 256;

/// Lessons folded in a row by one task, their tokens listed in one map: the merge of the
/// tasks' maps then looks each token up once per task, not once per text.
const LESSONS_PER_TASK: usize = 16;

/// A doc of the index: `[lesson, n, field, text]`.
type Doc<'a> = (usize, usize, u8, Cow<'a, str>);

/// Writes the index of `pack` into `out` as JSON that may stand inside a `<script>` element
/// (the pack bundle holds it so): no `</` in it.
fn write_index(pack: &Pack, out: &mut Vec<u8>) {
    let lessons: Vec<_> = pack.lessons().collect();
    // A few lessons in a row are folded and listed by token in parallel (the slow part),
    // then their lists are added to the whole index's, in site order.
    let mut merged = Merged::default();
    for (chunk, some) in lessons.chunks(FOLDED_AT_ONCE).enumerate() {
        let parts: Vec<Part> = some
            .par_chunks(LESSONS_PER_TASK)
            .enumerate()
            .map(|(at, few)| Part::of(chunk * FOLDED_AT_ONCE + at * LESSONS_PER_TASK, few))
            .collect();
        for part in parts {
            merged.add(part);
        }
    }
    merged.write(&lessons, out);
}

/// One lesson's part of the index, its docs numbered from lesson 0: `serve` keeps it while
/// the lesson stays as it was, so that an update folds only the lessons that changed.
pub(crate) struct LessonIndex(Part<'static>);

impl LessonIndex {
    pub(crate) fn of(lesson: &Lesson) -> LessonIndex {
        let part = Part::of(0, &[lesson]);
        let docs = (part.docs.into_iter())
            .map(|(l, n, field, text)| (l, n, field, Cow::Owned(text.into_owned())))
            .collect();
        LessonIndex(Part {
            docs,
            postings: part.postings,
        })
    }
}

/// The index script of `pack` made of its lessons' parts, one per lesson in site order: the
/// same bytes as [`search_index_script`].
pub(crate) fn search_index_script_of(pack: &Pack, parts: &[&LessonIndex]) -> Vec<u8> {
    let lessons: Vec<_> = pack.lessons().collect();
    assert_eq!(lessons.len(), parts.len(), "one part per lesson");
    let mut merged = Merged::default();
    for (at, part) in parts.iter().enumerate() {
        merged.add_borrowed(at, &part.0);
    }
    in_script(|script| merged.write(&lessons, script))
}

/// The docs of the parts added so far, in order, and which of them hold each token.
#[derive(Default)]
struct Merged<'a> {
    docs: Vec<Doc<'a>>,
    postings: FxHashMap<String, Vec<u32>>,
}

impl<'a> Merged<'a> {
    /// The first number of the docs of a part of `count` docs added next.
    fn first(&self, count: usize) -> u32 {
        let end = u32::try_from(self.docs.len() + count).expect("fewer than 2^32 texts");
        end - count as u32
    }

    /// Appends the doc numbers `ids` to the list of `token` (owned only if it is new).
    fn list(&mut self, token: Cow<str>, ids: impl Iterator<Item = u32>) {
        match self.postings.get_mut(token.as_ref()) {
            Some(list) => list.extend(ids),
            None => {
                self.postings.insert(token.into_owned(), ids.collect());
            }
        }
    }

    fn add(&mut self, part: Part<'a>) {
        let first = self.first(part.docs.len());
        for (token, ids) in part.postings {
            self.list(Cow::Owned(token), ids.into_iter().map(|id| id + first));
        }
        self.docs.extend(part.docs);
    }

    /// Adds a lesson's kept part, as lesson `lesson` in site order.
    fn add_borrowed(&mut self, lesson: usize, part: &'a Part<'static>) {
        let first = self.first(part.docs.len());
        for (token, ids) in &part.postings {
            self.list(Cow::Borrowed(token), ids.iter().map(|id| id + first));
        }
        let docs = part.docs.iter();
        let docs =
            docs.map(|(_, n, field, text)| (lesson, *n, *field, Cow::Borrowed(text.as_ref())));
        self.docs.extend(docs);
    }

    /// Writes the index of these docs, of `lessons`, into `out`.
    fn write(self, lessons: &[&Lesson], out: &mut Vec<u8>) {
        let Merged { docs, postings } = self;
        let mut postings: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
        // The script's binary search compares strings by UTF-16 code units.
        postings.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
        let (tokens, lists): (Vec<String>, Vec<Vec<u32>>) = postings.into_iter().unzip();
        let index = Index {
            v: 1,
            lessons: lessons
                .iter()
                .map(|l| (l.slug.as_str(), l.meta.title.as_str()))
                .collect(),
            docs,
            tokens,
            postings: lists.into_iter().map(deltas).collect(),
        };
        // Reserved at once: grown by doubling, the buffer would be copied and faulted in anew
        // each time.
        let texts: usize = index.docs.iter().map(|doc| doc.3.len() + 16).sum();
        let names: usize = index
            .lessons
            .iter()
            .map(|(s, t)| s.len() + t.len() + 8)
            .sum();
        let tokens: usize = index.tokens.iter().map(|t| t.len() + 3).sum();
        let ids: usize = index.postings.iter().map(|ids| ids.len() * 3 + 3).sum();
        out.reserve(texts + names + tokens + ids + 64);
        serde_json::to_writer(NoEndTag::new(out), &index).expect("the index serializes");
    }
}

/// The docs of a few lessons in a row, and which of them hold each folded token (by their
/// number among these docs, ascending).
struct Part<'a> {
    docs: Vec<Doc<'a>>,
    postings: FxHashMap<String, Vec<u32>>,
}

impl<'a> Part<'a> {
    /// The part of `lessons`, the first of them `first` in site order.
    fn of(first: usize, lessons: &[&'a Lesson]) -> Part<'a> {
        let mut docs = Vec::new();
        let mut postings: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut folded = String::new();
        for (at, lesson) in lessons.iter().enumerate() {
            for text in lesson_texts(lesson) {
                let id = u32::try_from(docs.len()).expect("fewer than 2^32 texts");
                let mut list = |token: &str| match postings.get_mut(token) {
                    Some(ids) => {
                        if ids.last() != Some(&id) {
                            ids.push(id);
                        }
                    }
                    None => {
                        postings.insert(token.to_string(), vec![id]);
                    }
                };
                let names = text.entities.iter().map(|e| e.name.as_str());
                for searched in std::iter::once(text.text.as_ref()).chain(names) {
                    folded.clear();
                    fold_into(searched, &mut folded);
                    each_token(&folded, &mut list);
                }
                docs.push((first + at, text.n, text.field as u8, text.text));
            }
        }
        Part { docs, postings }
    }
}

/// Writes JSON with every `</` spelled `<\/` (JSON's own spelling of `/`), however the
/// writes split it.
struct NoEndTag<'o> {
    out: &'o mut Vec<u8>,
    after_lt: bool,
}

impl<'o> NoEndTag<'o> {
    fn new(out: &'o mut Vec<u8>) -> NoEndTag<'o> {
        NoEndTag {
            out,
            after_lt: false,
        }
    }
}

impl std::io::Write for NoEndTag<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut rest = bytes;
        while let Some(at) = rest.iter().position(|&byte| byte == b'/') {
            let after_lt = match at {
                0 => self.after_lt,
                _ => rest[at - 1] == b'<',
            };
            self.out.extend_from_slice(&rest[..at]);
            if after_lt {
                self.out.push(b'\\');
            }
            self.out.push(b'/');
            self.after_lt = false;
            rest = &rest[at + 1..];
        }
        if let Some(&last) = rest.last() {
            self.after_lt = last == b'<';
        }
        self.out.extend_from_slice(rest);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One searchable text of a lesson: the focus sentence a result links to, its field, the
/// text shown, and the entities whose names are searched with it.
struct Text<'a> {
    n: usize,
    field: Field,
    text: Cow<'a, str>,
    entities: &'a [Entity],
}

/// The searchable texts of `lesson`, in order: title, labels, summary, focus sentences.
fn lesson_texts<'a>(lesson: &'a Lesson) -> Vec<Text<'a>> {
    let mut texts = Vec::new();
    let mut add = |n: usize, field: Field, text: Cow<'a, str>, entities: &'a [Entity]| {
        texts.push(Text {
            n,
            field,
            text,
            entities,
        });
    };
    let meta = &lesson.meta;
    add(1, Field::Title, Cow::Borrowed(&meta.title), &[]);
    let labels: Vec<&str> = meta
        .level
        .iter()
        .chain(&meta.tags)
        .map(String::as_str)
        .collect();
    if !labels.is_empty() {
        add(1, Field::Labels, Cow::Owned(labels.join(" · ")), &[]);
    }
    if let Some(summary) = &meta.summary {
        add(1, Field::Summary, Cow::Borrowed(summary), &[]);
    }
    for (at, sentence) in lesson.article.focus_sentences.iter().enumerate() {
        add(
            at + 1,
            Field::Sentence,
            Cow::Borrowed(&sentence.text),
            &sentence.entities,
        );
    }
    texts
}

/// Ascending numbers as their distances, the first from -1.
fn deltas(ids: Vec<u32>) -> Vec<u32> {
    let mut last = None;
    ids.into_iter()
        .map(|id| {
            let delta = match last {
                None => id + 1,
                Some(before) => id - before,
            };
            last = Some(id);
            delta
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_end_tag_is_written_however_the_writes_split_it() {
        use std::io::Write;
        let mut out = Vec::new();
        let mut writer = NoEndTag::new(&mut out);
        for part in ["a<", "/b</c", "/", "<x/"] {
            writer.write_all(part.as_bytes()).unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), r"a<\/b<\/c/<x/");
        let mut out = Vec::new();
        let mut writer = NoEndTag::new(&mut out);
        for part in ["<", "", "//", "<</", "</"] {
            writer.write_all(part.as_bytes()).unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), r"<\//<<\/<\/");
    }

    #[test]
    fn postings_are_distances_from_the_one_before() {
        assert_eq!(deltas(vec![0, 3, 4, 10]), vec![1, 3, 1, 6]);
        assert_eq!(deltas(vec![]), Vec::<u32>::new());
    }

    fn pack_of(lessons: &[&str]) -> Pack {
        use std::path::{Path, PathBuf};
        let config = crate::config::PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"T\"\nlanguage = \"en\"\n",
        )
        .unwrap();
        let lessons = lessons
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = PathBuf::from(format!("content/l{i}.md"));
                std::sync::Arc::new(crate::content::Lesson::parse(&path, text, &config).unwrap())
            })
            .collect();
        Pack {
            config,
            units: vec![crate::content::Unit {
                dir: PathBuf::new(),
                title: None,
                order: 0,
                lessons,
            }],
            warnings: Vec::new(),
        }
    }

    #[test]
    fn the_index_holds_titles_labels_sentences_and_entity_names_by_folded_token() {
        let pack = pack_of(&[
            "+++\ntitle = \"Café Life\"\nlevel = \"B2\"\ntags = [\"Food\"]\n+++\n\n\
             One [chip](<tech:Ascend AI chip>) here.\n\nA second sentence.\n",
            "+++\ntitle = \"东京\"\nsummary = \"Short.\"\n+++\n\nکتاب و قلم.\n",
        ]);
        let script = search_index_script(&pack);
        let js = std::str::from_utf8(&script).unwrap();
        let json = search_index_json(&script);
        assert_eq!(js, format!("window.lessonpackSearch={json};\n"));
        let index: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(index["lessons"][0], serde_json::json!(["l0", "Café Life"]));
        let docs = index["docs"].as_array().unwrap();
        let shown: Vec<(u64, u64, u64, &str)> = docs
            .iter()
            .map(|d| {
                let n = |i: usize| d[i].as_u64().unwrap();
                (n(0), n(1), n(2), d[3].as_str().unwrap())
            })
            .collect();
        assert_eq!(
            shown,
            [
                (0, 1, 0, "Café Life"),
                (0, 1, 1, "B2 · Food"),
                (0, 1, 3, "One chip here."),
                (0, 2, 3, "A second sentence."),
                (1, 1, 0, "东京"),
                (1, 1, 2, "Short."),
                (1, 1, 3, "کتاب و قلم."),
            ]
        );
        let tokens: Vec<&str> = index["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let docs_of = |token: &str| {
            let at = tokens.iter().position(|t| *t == token).unwrap();
            let mut id = -1i64;
            index["postings"][at]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    id += d.as_i64().unwrap();
                    id
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(docs_of("cafe"), [0]);
        assert_eq!(docs_of("b2"), [1]);
        assert_eq!(
            docs_of("ascend"),
            [2],
            "the entity's name finds its sentence"
        );
        assert_eq!(docs_of("sentence"), [3]);
        assert_eq!(docs_of("东京"), [4]);
        assert_eq!(docs_of("كتاب"), [6], "Persian keheh is folded");
        let parts: Vec<LessonIndex> = pack.lessons().map(LessonIndex::of).collect();
        let parts: Vec<&LessonIndex> = parts.iter().collect();
        assert_eq!(
            search_index_script_of(&pack, &parts),
            script,
            "the index made of kept parts is the same"
        );
        let mut sorted = tokens.clone();
        sorted.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        assert_eq!(tokens, sorted);
    }
}
