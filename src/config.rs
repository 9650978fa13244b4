//! `PackConfig`, read from a pack's `lessonpack.toml`: the pack's title and language, its
//! entity kinds (the defaults plus the pack's own) and the UI wording of the generated pages.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, ErrorKind, did_you_mean};
use crate::i18n::{DateFormat, PluralForms};
use crate::source::toml_spans::parse_toml;
use crate::source::{SourceText, decode_utf8};

mod pages;
mod quiz;
mod strings;

pub use pages::{PAGES_KEYS, PagesConfig};
pub(crate) use quiz::value_offset;
pub use quiz::{POLICY_KEYS, QuizPolicy, ShowAnswers, WrittenPolicy};
pub use strings::Wording;

/// The pack file's name, at the pack root.
pub const CONFIG_FILE: &str = "lessonpack.toml";

/// Entity kinds every pack has; `[entities]` adds more.
pub const DEFAULT_ENTITY_KINDS: [&str; 6] =
    ["person", "org", "location", "tech", "concept", "event"];

/// Images larger than this make `bundle` warn unless `bundle_image_limit` says otherwise.
pub const DEFAULT_BUNDLE_IMAGE_LIMIT: u64 = 2 * 1024 * 1024;
/// Lesson files larger than this are refused unless `max_file_size` says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// The UI wording of the built-in templates, in English; `[strings]` overrides any of them.
/// `{count}`, `{n}`, `{total}` and `{score}` are filled in where the text is used.
///
/// English is the reference of the built-in catalogues (`templates/i18n/<lang>.toml`): a key
/// added here is shown in English in every language until its catalogues have it (a unit test
/// of `config::strings` lists what each lacks). Counts go in [`DEFAULT_PLURAL_STRINGS`].
pub const DEFAULT_STRINGS: &[(&str, &str)] = &[
    ("lessons", "Lessons"),
    ("read", "Read"),
    ("read_article", "Read the article"),
    ("read_sentence_by_sentence", "Read sentence by sentence"),
    ("take_quiz", "Take the quiz"),
    ("level", "Level"),
    ("tags", "Tags"),
    ("entities", "Entities"),
    ("sentence_position", "Sentence {n} of {total}"),
    ("previous", "Previous"),
    ("next", "Next"),
    ("finish", "Finish"),
    ("end_of_article", "End of article"),
    ("back_to_article", "Back to the article"),
    ("back_to_pack", "All lessons"),
    ("select_one", "Choose one answer"),
    ("select_all", "Select all that apply"),
    ("type_answer", "Type your answer"),
    ("show_answer", "Show the answer"),
    ("correct_answer", "Correct answer"),
    ("correct_answers", "Correct answers"),
    ("accepted_answers", "Accepted answers"),
    ("explanation", "Explanation"),
    ("check", "Check"),
    ("correct", "Correct!"),
    ("not_quite", "Not quite."),
    ("score", "{score} / {total} correct"),
    ("points", "{score} / {total} points"),
    ("passed", "Passed: {percent} % (the pass mark is {mark} %)."),
    (
        "not_passed",
        "Not passed: {percent} % (the pass mark is {mark} %).",
    ),
    ("no_tries_left", "No tries left."),
    ("try_once_more", "Try again."),
    ("try_again", "Try again"),
    ("hint", "Hint"),
    ("show_me_where", "Show me where:"),
    ("evidence_sentence", "Sentence {n}"),
    ("evidence_in_article", "In the article"),
    ("needs_javascript", "Checking answers needs JavaScript."),
    ("choose_first", "Choose an answer first."),
    ("type_first", "Type an answer first."),
    ("fill_blanks", "Type the missing word in each blank"),
    ("choose_blanks", "Choose the missing word for each blank"),
    ("blank_position", "Blank {n} of {total}"),
    ("blank_none", "…"),
    ("blank_right", "right"),
    ("blank_wrong", "wrong"),
    (
        "order_hint",
        "Put the items in order: use the Move up and Move down buttons, or Alt+Up and Alt+Down on an item",
    ),
    ("move_up", "Move up"),
    ("move_down", "Move down"),
    ("moved_to", "{item} moved to position {position} of {total}"),
    ("match_hint", "Choose the match of each item"),
    ("choose_match", "Choose…"),
    ("part_right", "right"),
    ("part_wrong", "wrong"),
    ("correct_order", "Right order"),
    ("correct_matches", "Right matches"),
    ("try_or_show", "Try again, or show the answer."),
    ("answer_key", "Answer key"),
    ("entity_kind", "Kind"),
    ("not_started", "Not started"),
    ("reading", "Reading: {n} of {total}"),
    ("lesson_read", "Read"),
    ("quiz_best", "Quiz best: {score} / {total}"),
    ("quiz_last", "last: {score} / {total}"),
    ("quiz_passed", "passed"),
    ("lessons_read", "{count} of {total} lessons read"),
    (
        "progress_kept",
        "Your progress is kept in this browser only.",
    ),
    ("progress_cleared", "Progress cleared."),
    ("reset_progress", "Reset progress"),
    ("skip_to_content", "Skip to content"),
    ("download_bundle", "Download for offline use"),
    ("not_found_title", "Page not found"),
    ("not_found_text", "There is no page at this address."),
    ("feed_title", "New lessons"),
    ("practise_names", "Practise the names"),
    (
        "practice_intro",
        "Each blank hides a name from the article: fill them in, then press Check.",
    ),
    ("blank_label", "Blank {n}: {kind}"),
    ("fill_first", "Fill in a blank first."),
    // Listen: reading a focus sentence or the article aloud.
    ("listen", "Listen"),
    ("listen_article", "Listen to the article"),
    // Carry your progress: saving it to a file and loading it back.
    ("save_progress", "Save my progress"),
    ("load_progress", "Load progress"),
    ("progress_saved", "Progress saved to {file}."),
    (
        "progress_not_json",
        "This file is not a saved progress file: nothing was changed.",
    ),
    (
        "progress_newer",
        "This file was saved in a format this site cannot read (version {version}): nothing was changed.",
    ),
    (
        "progress_other_pack",
        "This file holds the progress of another pack ({pack}): nothing was changed.",
    ),
    // Ways in: entity pages, tag and level pages, the index's filters.
    ("browse", "Browse"),
    ("units", "Units"),
    ("levels", "Levels"),
    ("entity_index_title", "Names in this pack"),
    ("entity_index_link", "All names"),
    ("entity_spellings", "Written as"),
    ("entity_all_sentences", "Every sentence naming {name}"),
    ("tag_index_title", "Topics"),
    ("tag_index_link", "All topics"),
    ("tag_title", "Topic: {name}"),
    ("level_index_title", "Levels"),
    ("level_index_link", "All levels"),
    ("level_title", "Level {name}"),
    // Search: the header's box, the search page and its results.
    ("search", "Search"),
    ("search_label", "Search the lessons"),
    ("search_button", "Search"),
    (
        "search_hint",
        "Type a word of a title, a name, a tag or a sentence.",
    ),
    ("search_loading", "Loading the search…"),
    ("search_no_results", "No results."),
    ("search_needs_script", "Search needs JavaScript."),
];

/// The UI wording of counts, in English: a form per CLDR plural category, `{count}` the
/// number. `[strings]` may give each form, or one string for every count.
pub const DEFAULT_PLURAL_STRINGS: &[(&str, &[(&str, &str)])] = &[
    (
        "focus_count",
        &[
            ("one", "{count} focus sentence"),
            ("other", "{count} focus sentences"),
        ],
    ),
    (
        "question_count",
        &[("one", "{count} question"), ("other", "{count} questions")],
    ),
    (
        "you_read",
        &[
            ("one", "You read {count} focus sentence."),
            ("other", "You read {count} focus sentences."),
        ],
    ),
    (
        "tries_left",
        &[
            ("one", "{count} try left."),
            ("other", "{count} tries left."),
        ],
    ),
    (
        "quiz_attempts",
        &[("one", "{count} attempt"), ("other", "{count} attempts")],
    ),
    (
        "word_count",
        &[("one", "{count} word"), ("other", "{count} words")],
    ),
    (
        "reading_time",
        &[("one", "{count} min read"), ("other", "{count} min read")],
    ),
    (
        "progress_loaded",
        &[
            ("one", "Progress loaded: {count} lesson merged."),
            ("other", "Progress loaded: {count} lessons merged."),
        ],
    ),
    (
        "entity_mentions",
        &[("one", "{count} sentence"), ("other", "{count} sentences")],
    ),
    (
        "lesson_count",
        &[("one", "{count} lesson"), ("other", "{count} lessons")],
    ),
    (
        "search_results",
        &[("one", "{count} result"), ("other", "{count} results")],
    ),
];

/// `[strings]` keys of the one-form of a count, from before counts had plural forms, each
/// with its count: still read, as that count's `one` form.
pub const LEGACY_ONE_KEYS: &[(&str, &str)] = &[
    ("you_read_one", "you_read"),
    ("tries_left_one", "tries_left"),
    ("quiz_attempts_one", "quiz_attempts"),
];

/// A pack's settings, with defaults filled in.
#[derive(Debug, Clone)]
pub struct PackConfig {
    pub title: String,
    /// BCP 47 language tag of the pack's text, e.g. `en` or `ar-EG`.
    pub language: String,
    pub description: String,
    /// Where the site will live, e.g. `https://example.org/news/`; always ends with `/`.
    pub base_url: Option<String>,
    /// Entity kinds in display order, each with its label.
    pub entity_kinds: Vec<EntityKindConfig>,
    /// UI wording: the defaults with the pack's `[strings]` applied; a count's `other` form
    /// under its key (see [`PackConfig::count_text`] for a count in words).
    pub strings: BTreeMap<String, String>,
    /// The counts' plural forms, by key.
    pub plurals: BTreeMap<String, PluralForms>,
    /// How dates are written for a reader.
    pub dates: DateFormat,
    /// The built-in catalogue the language got (`en` when there is none for it).
    pub catalogue: &'static str,
    pub max_file_size: u64,
    /// Keep authors' raw HTML as written instead of sanitising it (for trusted packs).
    pub allow_raw_html: bool,
    /// Images larger than this (bytes) are inlined into offline bundles with a warning.
    pub bundle_image_limit: u64,
    /// `[quiz]`: how quizzes are checked and shown.
    pub quiz: QuizConfig,
    /// `[pages]`: which pages gathering lessons across the pack are built.
    pub pages: PagesConfig,
}

/// The `[quiz]` table of `lessonpack.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizConfig {
    /// Shuffle the choices of every quiz on each visit (a lesson's `shuffle` wins).
    #[serde(default)]
    pub shuffle: bool,
    /// Keep the answers in the page as text: a no-JavaScript reveal and a printed answer key.
    #[serde(default)]
    pub plain_answers: bool,
    /// Give each lesson an entity practice page (a lesson's `practice` wins).
    #[serde(default)]
    pub practice: Practice,
    /// The policy keys as written (see [`QuizConfig::policy`] for them checked).
    #[serde(default)]
    tries: Option<i64>,
    #[serde(default)]
    show_answers: Option<String>,
    #[serde(default)]
    pass_mark: Option<i64>,
    #[serde(default)]
    partial_credit: Option<bool>,
    #[serde(default)]
    pick: Option<i64>,
    /// The pack's quiz policies, checked; a lesson's front matter may override each.
    #[serde(skip)]
    pub policy: QuizPolicy,
}

impl QuizConfig {
    /// The policy keys as written in `[quiz]`.
    fn written_policy(&self) -> WrittenPolicy {
        WrittenPolicy {
            tries: self.tries,
            show_answers: self.show_answers.clone(),
            pass_mark: self.pass_mark,
            partial_credit: self.partial_credit,
            pick: self.pick,
        }
    }
}

/// `practice` in `[quiz]` or front matter: whether a lesson gets a page that asks for each
/// entity of its focus sentences, and how each blank is answered. Written `false`, `true`
/// (typed, as `"typed"`) or `"choices"` (picked among the lesson's entities of its kind).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Practice {
    #[default]
    Off,
    Typed,
    Choices,
}

impl<'de> Deserialize<'de> for Practice {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Practice, D::Error> {
        struct Setting;
        impl serde::de::Visitor<'_> for Setting {
            type Value = Practice;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, \"typed\" or \"choices\"")
            }
            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Practice, E> {
                Ok(if on { Practice::Typed } else { Practice::Off })
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Practice, E> {
                match text {
                    "typed" => Ok(Practice::Typed),
                    "choices" => Ok(Practice::Choices),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(text), &self)),
                }
            }
        }
        deserializer.deserialize_any(Setting)
    }
}

/// One entity kind and the label its tags show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityKindConfig {
    pub name: String,
    pub label: String,
    /// `name` again, for the lessons' entities of the kind to share rather than copy.
    pub(crate) shared_name: Arc<str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    language: String,
    #[serde(default)]
    description: String,
    base_url: Option<String>,
    #[serde(default)]
    entities: toml::Table,
    #[serde(default)]
    strings: toml::Table,
    max_file_size: Option<u64>,
    bundle_image_limit: Option<u64>,
    #[serde(default)]
    allow_raw_html: bool,
    #[serde(default)]
    quiz: QuizConfig,
    #[serde(default)]
    pages: PagesConfig,
}

/// The keys of the top level of `lessonpack.toml`.
const TOP_KEYS: &[&str] = &[
    "title",
    "language",
    "description",
    "base_url",
    "entities",
    "strings",
    "max_file_size",
    "allow_raw_html",
    "bundle_image_limit",
    "quiz",
    "pages",
];

/// The keys of `[quiz]`.
const QUIZ_KEYS: &[&str] = &[
    "shuffle",
    "plain_answers",
    "tries",
    "show_answers",
    "pass_mark",
    "partial_credit",
    "pick",
    "practice",
];

/// A table of `lessonpack.toml` whose keys are fixed (`[entities]` takes any kind's name).
struct KeyTable {
    /// Its name in messages.
    label: &'static str,
    /// Its key at the top level; `None` for the top level itself.
    name: Option<&'static str>,
    /// Where its keys go, for a key written in another table.
    home: &'static str,
}

/// Every table whose keys are checked, each against its own list.
const KEY_TABLES: [KeyTable; 4] = [
    KeyTable {
        label: "lessonpack.toml",
        name: None,
        home: "at the top of the file, before any [table]",
    },
    KeyTable {
        label: "[quiz]",
        name: Some("quiz"),
        home: "in the [quiz] table",
    },
    KeyTable {
        label: "[pages]",
        name: Some("pages"),
        home: "in the [pages] table",
    },
    KeyTable {
        label: "[strings]",
        name: Some("strings"),
        home: "in the [strings] table",
    },
];

impl KeyTable {
    fn keys(&self) -> Vec<&'static str> {
        match self.name {
            None => TOP_KEYS.to_vec(),
            Some("quiz") => QUIZ_KEYS.to_vec(),
            Some("pages") => PAGES_KEYS.to_vec(),
            Some(_) => strings::string_keys(),
        }
    }
}

/// The first key (in the file) that its table does not have: a typo gets the closest key of
/// that table, a key of another table says where it belongs. Syntax errors are left to the
/// deserializer, which words them.
fn check_keys(source: &SourceText) -> Result<(), Diagnostic> {
    let Ok(document) = toml::de::DeTable::parse(source.text) else {
        return Ok(());
    };
    let top = document.get_ref();
    let mut problems = Vec::new();
    for table in &KEY_TABLES {
        let entries = match table.name {
            None => Some(top),
            Some(name) => {
                top.iter()
                    .find(|(key, _)| key.get_ref() == name)
                    .and_then(|(_, value)| match value.get_ref() {
                        toml::de::DeValue::Table(entries) => Some(entries),
                        _ => None,
                    })
            }
        };
        let Some(entries) = entries else { continue };
        let keys = table.keys();
        for key in entries
            .keys()
            .filter(|key| !keys.contains(&key.get_ref().as_ref()))
        {
            problems.push((key.span().start, unknown_key(table, key.get_ref())));
        }
    }
    match problems.into_iter().min_by_key(|(offset, _)| *offset) {
        Some((offset, kind)) => Err(source.error(offset, kind)),
        None => Ok(()),
    }
}

/// What to say about `key`, unknown in `table`.
fn unknown_key(table: &KeyTable, key: &str) -> ErrorKind {
    let home = KEY_TABLES
        .iter()
        .find(|other| other.label != table.label && other.keys().contains(&key));
    match home {
        Some(home) => ErrorKind::MisplacedKey {
            key: key.to_string(),
            table: table.label,
            belongs: home.home,
        },
        None => ErrorKind::UnknownKey {
            suggestion: did_you_mean(key, table.keys()),
            key: key.to_string(),
            table: table.label,
        },
    }
}

impl PackConfig {
    /// Reads `lessonpack.toml` from the pack root.
    pub fn load(root: &Path) -> Result<PackConfig, Diagnostic> {
        PackConfig::parse(Path::new(CONFIG_FILE), &PackConfig::read_text(root)?)
    }

    /// The text of the pack's `lessonpack.toml`.
    pub fn read_text(root: &Path) -> Result<String, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(Diagnostic::global(ErrorKind::ConfigMissing));
            }
            Err(err) => return Err(Diagnostic::io(Path::new(CONFIG_FILE), &err)),
        };
        decode_utf8(Path::new(CONFIG_FILE), bytes)
    }

    /// Parses the text of a `lessonpack.toml`; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<PackConfig, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let source = SourceText::new(path, text);
        check_keys(&source)?;
        let mut raw: RawConfig = parse_toml(&source, 0, text.len(), "lessonpack.toml", TOP_KEYS)?;
        let at_key = |key: &str| line_offset_of_key(text, key);

        if !is_language_tag(&raw.language) {
            return Err(source.error(at_key("language"), ErrorKind::InvalidLanguage(raw.language)));
        }
        if raw.title.trim().is_empty() {
            return Err(source.error(at_key("title"), ErrorKind::MissingTitle));
        }
        let entity_kinds = parse_entity_kinds(&raw.entities, &source, at_key)?;
        raw.quiz.policy = raw.quiz.written_policy().check(&source, |key| {
            value_offset(text, &["quiz"], key).unwrap_or_else(|| at_key(key))
        })?;

        // Every key of `[strings]` is known: `check_keys` said so.
        let wording = strings::load_wording(&raw.language, &raw.strings, &source)?;

        let base_url = raw
            .base_url
            .filter(|url| !url.trim().is_empty())
            .map(|url| {
                let url = url.trim().to_string();
                if url.ends_with('/') { url } else { url + "/" }
            });

        Ok(PackConfig {
            title: raw.title,
            language: raw.language,
            description: raw.description,
            base_url,
            entity_kinds,
            strings: wording.strings,
            plurals: wording.plurals,
            dates: wording.dates,
            catalogue: wording.catalogue,
            max_file_size: raw.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            allow_raw_html: raw.allow_raw_html,
            bundle_image_limit: raw.bundle_image_limit.unwrap_or(DEFAULT_BUNDLE_IMAGE_LIMIT),
            quiz: raw.quiz,
            pages: raw.pages,
        })
    }

    /// Whether the pack's language is written right to left.
    pub fn is_rtl(&self) -> bool {
        let primary = self.language.split('-').next().unwrap_or_default();
        RTL_LANGUAGES.contains(&primary.to_ascii_lowercase().as_str())
            || self.language.to_ascii_lowercase().contains("-arab")
            || self.language.to_ascii_lowercase().contains("-hebr")
    }

    /// The entity kind of that name, if the pack knows the kind.
    pub fn entity_kind(&self, kind: &str) -> Option<&EntityKindConfig> {
        self.entity_kinds.iter().find(|k| k.name == kind)
    }

    /// The label of an entity kind, if the pack knows the kind.
    pub fn entity_label(&self, kind: &str) -> Option<&str> {
        self.entity_kind(kind).map(|k| k.label.as_str())
    }

    /// A UI string by key; the key must be one of [`DEFAULT_STRINGS`].
    pub fn string(&self, key: &str) -> &str {
        self.strings
            .get(key)
            .map(String::as_str)
            .expect("UI string keys come from DEFAULT_STRINGS")
    }

    /// A count in words by the language's plural rules, `{count}` filled in: "You read 1
    /// focus sentence." The key must be one of [`DEFAULT_PLURAL_STRINGS`].
    pub fn count_text(&self, key: &str, count: usize) -> String {
        self.plural_forms(key)
            .form(count)
            .replace("{count}", &count.to_string())
    }

    /// A count's plural forms; the key must be one of [`DEFAULT_PLURAL_STRINGS`].
    pub fn plural_forms(&self, key: &str) -> &PluralForms {
        self.plurals
            .get(key)
            .expect("count keys come from DEFAULT_PLURAL_STRINGS")
    }

    /// A date in words for a reader, e.g. "10 février 2026"; `None` for a bare time.
    pub fn date_text(&self, date: &toml::value::Datetime) -> Option<String> {
        let d = date.date?;
        Some(self.dates.format(d.year, d.month, d.day))
    }
}

/// The offset of the first line that sets `key` (bare or quoted), or 0.
fn line_offset_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len() + 1;
            Some((start, line))
        })
        .find(|(_, line)| {
            let line = line.trim_start();
            line.starts_with(key) || line.starts_with(&format!("\"{key}\""))
        })
        .map_or(0, |(start, _)| start)
}

/// The default entity kinds with `[entities]` applied: a label changed, or a kind added.
fn parse_entity_kinds(
    entities: &toml::Table,
    source: &SourceText,
    at_key: impl Fn(&str) -> usize,
) -> Result<Vec<EntityKindConfig>, Diagnostic> {
    let mut entity_kinds: Vec<EntityKindConfig> = DEFAULT_ENTITY_KINDS
        .iter()
        .map(|name| EntityKindConfig {
            name: name.to_string(),
            label: name.to_string(),
            shared_name: Arc::from(*name),
        })
        .collect();
    for (name, label) in entities {
        let Some(label) = label.as_str() else {
            return Err(source.error(
                at_key(name),
                ErrorKind::Toml {
                    message: format!("the label of entity kind \"{name}\" must be a string"),
                },
            ));
        };
        if !is_entity_kind_name(name) {
            return Err(source.error(at_key(name), ErrorKind::InvalidEntityKindName(name.clone())));
        }
        match entity_kinds.iter_mut().find(|kind| kind.name == *name) {
            Some(existing) => existing.label = label.to_string(),
            None => entity_kinds.push(EntityKindConfig {
                name: name.clone(),
                label: label.to_string(),
                shared_name: Arc::from(name.as_str()),
            }),
        }
    }
    Ok(entity_kinds)
}

/// Primary language subtags written right to left.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "khw", "ks", "ps", "sd", "syr", "ug", "ur", "yi",
];

/// A well-formed BCP 47 tag: a 2–3 (or 5–8) letter language, then alphanumeric subtags.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    // BCP 47 also allows 5–8 letter language subtags, but none is registered: such a tag is
    // almost always a language name written out ("English"), so it is refused.
    let language_ok =
        matches!(language.len(), 2..=3) && language.chars().all(|c| c.is_ascii_alphabetic());
    language_ok
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_entity_kind_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<PackConfig, Diagnostic> {
        PackConfig::parse(Path::new("lessonpack.toml"), text)
    }

    #[test]
    fn entity_table_adds_kinds_after_the_defaults() {
        let config =
            parse("title = \"T\"\nlanguage = \"en\"\n[entities]\nfood = \"dish\"\n").unwrap();
        let names: Vec<_> = config
            .entity_kinds
            .iter()
            .map(|k| k.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "person", "org", "location", "tech", "concept", "event", "food"
            ]
        );
        assert_eq!(config.entity_label("food"), Some("dish"));
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let err = parse("title = \"T\"\nlanguage = \"en\"\ndescripton = \"x\"\n").unwrap_err();
        assert_eq!(
            err.headline(),
            "lessonpack.toml:3:1: unknown key \"descripton\" in lessonpack.toml (did you mean \"description\"?)"
        );
    }

    #[test]
    fn unknown_string_key_is_reported() {
        let err =
            parse("title = \"T\"\nlanguage = \"en\"\n[strings]\nchek = \"Prüfen\"\n").unwrap_err();
        assert_eq!(
            err.headline(),
            "lessonpack.toml:4:1: unknown key \"chek\" in [strings] (did you mean \"check\"?)"
        );
    }

    #[test]
    fn quiz_table_sets_shuffle_and_plain_answers() {
        let config = parse("title = \"T\"\nlanguage = \"en\"\n").unwrap();
        assert!(!config.quiz.shuffle && !config.quiz.plain_answers);
        let config = parse(
            "title = \"T\"\nlanguage = \"en\"\n[quiz]\nshuffle = true\nplain_answers = true\n",
        )
        .unwrap();
        assert!(config.quiz.shuffle && config.quiz.plain_answers);
        let err = parse("title = \"T\"\nlanguage = \"en\"\n[quiz]\nshufle = true\n").unwrap_err();
        assert_eq!(
            err.headline(),
            "lessonpack.toml:4:1: unknown key \"shufle\" in [quiz] (did you mean \"shuffle\"?)"
        );
    }

    #[test]
    fn a_key_of_another_table_says_where_it_belongs() {
        let err = parse("title = \"T\"\nlanguage = \"en\"\nshuffle = true\n").unwrap_err();
        assert_eq!(
            err.headline(),
            "lessonpack.toml:3:1: unknown key \"shuffle\" in lessonpack.toml (it belongs in the [quiz] table)"
        );
        let err = parse("title = \"T\"\nlanguage = \"en\"\n[quiz]\n  title = \"Q\"\n").unwrap_err();
        assert_eq!(
            err.headline(),
            "lessonpack.toml:4:3: unknown key \"title\" in [quiz] (it belongs at the top of the file, before any [table])"
        );
        let err = parse("title = \"T\"\nlanguage = \"en\"\nquiz = { plain_answer = true }\n")
            .unwrap_err();
        assert_eq!(
            err.headline(),
            "lessonpack.toml:3:10: unknown key \"plain_answer\" in [quiz] (did you mean \"plain_answers\"?)"
        );
    }

    #[test]
    fn a_top_level_typo_is_matched_against_top_level_keys_only() {
        // "plain_answers" is a key of [quiz], not a spelling to offer at the top level.
        let err = parse("title = \"T\"\nlanguage = \"en\"\nplain_answer = true\n").unwrap_err();
        assert_eq!(
            err.headline(),
            "lessonpack.toml:3:1: unknown key \"plain_answer\" in lessonpack.toml"
        );
    }

    #[test]
    fn arabic_is_right_to_left() {
        let config = parse("title = \"T\"\nlanguage = \"ar-EG\"\n").unwrap();
        assert!(config.is_rtl());
        assert!(
            !parse("title = \"T\"\nlanguage = \"en\"\n")
                .unwrap()
                .is_rtl()
        );
    }

    #[test]
    fn bad_language_tag_is_an_error() {
        let err = parse("title = \"T\"\nlanguage = \"english!\"\n").unwrap_err();
        assert!(
            err.headline()
                .starts_with("lessonpack.toml:2:1: language \"english!\"")
        );
    }
}
