//! The pack's UI wording: English ([`DEFAULT_STRINGS`], [`DEFAULT_PLURAL_STRINGS`]), then the
//! built-in catalogue of the pack's language, then the pack's own `[strings]`, where a count
//! is one string for every count or a table of its plural forms, each form checked against
//! the language's plural rules and the placeholders of its English text.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{DEFAULT_PLURAL_STRINGS, DEFAULT_STRINGS, LEGACY_ONE_KEYS, value_offset};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::i18n::catalogue::{catalogue_language, load_catalogue, placeholders};
use crate::i18n::plural::{PluralCategory, category_name};
use crate::i18n::{DateFormat, PluralForms, PluralRules, Text};
use crate::source::SourceText;

/// A pack's wording, with everything it falls back to filled in.
#[derive(Debug, Clone)]
pub struct Wording {
    /// Every string by key; a count's `other` form under its key, and the legacy one-form keys
    /// ([`LEGACY_ONE_KEYS`]) with their `one` form for 1, for templates written before counts.
    pub strings: BTreeMap<String, String>,
    /// Every count's plural forms by key.
    pub plurals: BTreeMap<String, PluralForms>,
    /// The language's long date format.
    pub dates: DateFormat,
    /// The built-in catalogue the pack's language got (`en` when there is none for it).
    pub catalogue: &'static str,
}

/// Whether `key` is a count of the built-in wording.
pub(crate) fn is_count(key: &str) -> bool {
    DEFAULT_PLURAL_STRINGS.iter().any(|(k, _)| *k == key)
}

/// Every key `[strings]` takes.
pub(crate) fn string_keys() -> Vec<&'static str> {
    DEFAULT_STRINGS
        .iter()
        .map(|(key, _)| *key)
        .chain(DEFAULT_PLURAL_STRINGS.iter().map(|(key, _)| *key))
        .chain(LEGACY_ONE_KEYS.iter().map(|(key, _)| *key))
        .collect()
}

/// The built-in wording of a language, before the pack's `[strings]`.
pub(crate) fn built_in_wording(language: &str) -> Wording {
    let catalogue = catalogue_language(language);
    let pack_rules = Arc::new(PluralRules::for_language(language));
    // English forms are chosen by English rules when the language has no catalogue: Hindi's
    // `one` (0 and 1) would otherwise say "0 focus sentence".
    let rules = match catalogue {
        Some(_) => pack_rules,
        None => Arc::new(PluralRules::for_language("en")),
    };
    let mut strings: BTreeMap<String, String> = DEFAULT_STRINGS
        .iter()
        .map(|(key, text)| (key.to_string(), text.to_string()))
        .collect();
    let mut plurals: BTreeMap<String, PluralForms> = DEFAULT_PLURAL_STRINGS
        .iter()
        .map(|(key, forms)| {
            let built = english_forms(forms, rules.clone());
            (key.to_string(), built)
        })
        .collect();
    let english = load_catalogue("en");
    let mut dates = english.dates;
    if let Some(language) = catalogue.filter(|l| *l != "en") {
        let catalogue = load_catalogue(language);
        dates = catalogue.dates;
        for (key, text) in catalogue.strings {
            match text {
                Text::Plain(text) => {
                    strings.insert(key, text);
                }
                Text::Forms(forms) => {
                    let mut built = PluralForms::new(rules.clone(), forms["other"].clone());
                    for (name, text) in forms {
                        let category = PluralCategory::get_for_cldr_string(&name)
                            .expect("the built-in catalogues name CLDR categories");
                        built.set(category, text);
                    }
                    plurals.insert(key, built);
                }
            }
        }
    }
    Wording {
        strings,
        plurals,
        dates,
        catalogue: catalogue.unwrap_or("en"),
    }
}

fn english_forms(forms: &[(&str, &str)], rules: Arc<PluralRules>) -> PluralForms {
    let other = forms
        .iter()
        .find(|(name, _)| *name == "other")
        .map(|(_, text)| text.to_string())
        .expect("every English count has an other form");
    let mut built = PluralForms::new(rules, other);
    for (name, text) in forms {
        let category = PluralCategory::get_for_cldr_string(name).expect("English forms are CLDR");
        built.set(category, text.to_string());
    }
    built
}

/// The wording of a pack in `language` with its `[strings]` table (`written`) applied.
/// Every key of `written` is known (`check_keys` said so); `source` is `lessonpack.toml`.
pub(crate) fn load_wording(
    language: &str,
    written: &toml::Table,
    source: &SourceText,
) -> Result<Wording, Diagnostic> {
    let mut wording = built_in_wording(language);
    let rules = Arc::new(PluralRules::for_language(language));
    let at_value = |path: &[&str], key: &str| value_offset(source.text, path, key).unwrap_or(0);
    let is_legacy = |key: &str| LEGACY_ONE_KEYS.iter().any(|(k, _)| *k == key);
    // Legacy one-forms last, so they amend the count however it was written.
    let ordered = written
        .iter()
        .filter(|(key, _)| !is_legacy(key))
        .chain(written.iter().filter(|(key, _)| is_legacy(key)));
    for (key, value) in ordered {
        let error = |kind| source.error(at_value(&["strings"], key), kind);
        if let Some((_, count)) = LEGACY_ONE_KEYS.iter().find(|(k, _)| k == key) {
            let Some(text) = value.as_str() else {
                return Err(error(ErrorKind::StringNotText {
                    key: key.clone(),
                    plural: false,
                }));
            };
            let forms = wording
                .plurals
                .get_mut(*count)
                .expect("legacy keys name counts");
            if forms.rules().language() != language {
                *forms = with_rules(forms, rules.clone());
            }
            let category = checked_category(key, "one", &rules, source, error_at_key(source, key))?;
            check_placeholders(count, key, category, text, &rules, source)?;
            forms.set(category, text.to_string());
            continue;
        }
        match value {
            toml::Value::String(text) if is_count(key) => {
                wording
                    .plurals
                    .insert(key.clone(), PluralForms::new(rules.clone(), text.clone()));
            }
            toml::Value::String(text) => {
                wording.strings.insert(key.clone(), text.clone());
            }
            toml::Value::Table(table) if is_count(key) => {
                let forms = written_forms(key, table, &rules, source)?;
                wording.plurals.insert(key.clone(), forms);
            }
            toml::Value::Table(_) => return Err(error(ErrorKind::NotACount(key.clone()))),
            _ => {
                return Err(error(ErrorKind::StringNotText {
                    key: key.clone(),
                    plural: is_count(key),
                }));
            }
        }
    }
    for (key, forms) in &wording.plurals {
        wording
            .strings
            .insert(key.clone(), forms.other().to_string());
    }
    for (legacy, count) in LEGACY_ONE_KEYS {
        let one = wording.plurals[*count].form(1).replace("{count}", "1");
        wording.strings.insert(legacy.to_string(), one);
    }
    Ok(wording)
}

/// The same forms, chosen by other rules.
fn with_rules(forms: &PluralForms, rules: Arc<PluralRules>) -> PluralForms {
    let mut moved = PluralForms::new(rules, forms.other().to_string());
    for (category, text) in forms.forms() {
        moved.set(category, text.to_string());
    }
    moved
}

/// The position of a `[strings]` key (for a legacy key, whose form has no key of its own).
fn error_at_key(source: &SourceText, key: &str) -> usize {
    value_offset(source.text, &["strings"], key).unwrap_or(0)
}

/// A count's plural forms as the pack wrote them: `other` and any form the language uses.
fn written_forms(
    key: &str,
    table: &toml::Table,
    rules: &Arc<PluralRules>,
    source: &SourceText,
) -> Result<PluralForms, Diagnostic> {
    let at_form = |form: &str| value_offset(source.text, &["strings", key], form).unwrap_or(0);
    let Some(other) = table.get("other") else {
        return Err(source.error(
            error_at_key(source, key),
            ErrorKind::MissingOtherForm(key.to_string()),
        ));
    };
    let text_of = |form: &str, value: &toml::Value| {
        value.as_str().map(str::to_string).ok_or_else(|| {
            source.error(
                at_form(form),
                ErrorKind::StringNotText {
                    key: format!("{key}.{form}"),
                    plural: false,
                },
            )
        })
    };
    let mut forms = PluralForms::new(rules.clone(), text_of("other", other)?);
    for (form, value) in table {
        let category = checked_category(key, form, rules, source, at_form(form))?;
        let text = text_of(form, value)?;
        check_placeholders(key, key, category, &text, rules, source)?;
        forms.set(category, text);
    }
    Ok(forms)
}

/// The category named `form`, if the language uses it; `offset` is where `form` is written.
fn checked_category(
    key: &str,
    form: &str,
    rules: &PluralRules,
    source: &SourceText,
    offset: usize,
) -> Result<PluralCategory, Diagnostic> {
    let used = rules.categories();
    match PluralCategory::get_for_cldr_string(form) {
        Some(category) if used.contains(&category) => Ok(category),
        _ => {
            let known = used.iter().map(|c| category_name(*c)).collect::<Vec<_>>();
            Err(source.error(
                offset,
                ErrorKind::UnknownPluralForm {
                    key: key.to_string(),
                    form: form.to_string(),
                    language: rules.language().to_string(),
                    known: join_or(&known),
                },
            ))
        }
    }
}

/// "one, few, many or other".
fn join_or(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [only] => (*only).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Every placeholder of the count's English text is in `text`, but `{count}` where the form's
/// category holds one count only (Arabic's `two` may say "two" in words).
fn check_placeholders(
    count: &str,
    key: &str,
    category: PluralCategory,
    text: &str,
    rules: &PluralRules,
    source: &SourceText,
) -> Result<(), Diagnostic> {
    let (_, english) = DEFAULT_PLURAL_STRINGS
        .iter()
        .find(|(k, _)| *k == count)
        .expect("counts come from DEFAULT_PLURAL_STRINGS");
    let needed = placeholders(english.last().map(|(_, t)| *t).unwrap_or_default());
    let present = placeholders(text);
    // A form of one count only may say it in words.
    let may_leave_out = |p: &str| p == "count" && rules.only_count(category).is_some();
    match needed
        .into_iter()
        .find(|p| !present.contains(p) && !may_leave_out(p))
    {
        Some(missing) => {
            let offset = if key == count {
                value_offset(source.text, &["strings", key], category_name(category))
            } else {
                value_offset(source.text, &["strings"], key)
            };
            Err(source.error(
                offset.unwrap_or(0),
                ErrorKind::PluralFormLacksPlaceholder {
                    key: key.to_string(),
                    form: category_name(category).to_string(),
                    placeholder: missing.to_string(),
                },
            ))
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;
    use crate::config::PackConfig;
    use crate::i18n::{CATALOGUES, Catalogue};

    fn parse(text: &str) -> Result<PackConfig, Diagnostic> {
        PackConfig::parse(Path::new("lessonpack.toml"), text)
    }

    fn pack(language: &str, strings: &str) -> Result<PackConfig, String> {
        parse(&format!(
            "title = \"T\"\nlanguage = \"{language}\"\n[strings]\n{strings}"
        ))
        .map_err(|e| e.headline())
    }

    fn placeholder_set(text: &str) -> BTreeSet<&str> {
        placeholders(text).into_iter().collect()
    }

    /// The catalogues' contract: every key of the English reference in every language, plain
    /// strings plain and counts with exactly the forms the language's plural rules use, each
    /// with the placeholders of its English text (a form of one count only may say it in
    /// words), and no key English lacks.
    #[test]
    fn every_catalogue_has_every_string_every_plural_form_and_the_same_placeholders() {
        let languages: Vec<&str> = CATALOGUES.iter().map(|(l, _)| *l).collect();
        assert_eq!(
            languages,
            [
                "ar", "de", "en", "es", "fa", "fr", "he", "it", "ja", "pt", "ru", "uk", "zh"
            ]
        );
        let mut problems = Vec::new();
        for (language, text) in CATALOGUES {
            let catalogue: Catalogue = match toml::from_str(text) {
                Ok(catalogue) => catalogue,
                Err(err) => {
                    problems.push(format!("{language}: {err}"));
                    continue;
                }
            };
            let dates = &catalogue.dates;
            if dates.pattern.contains("{month}") && dates.months.len() != 12 {
                problems.push(format!("{language}: [dates] needs 12 months"));
            }
            let rules = PluralRules::for_language(language);
            let needed: BTreeSet<&str> =
                rules.categories().into_iter().map(category_name).collect();
            let strings = if *language == "en" {
                // English is the reference itself: its counts need English's forms.
                for (key, forms) in DEFAULT_PLURAL_STRINGS {
                    let given: BTreeSet<&str> = forms.iter().map(|(name, _)| *name).collect();
                    if given != needed {
                        problems.push(format!("en: {key} has forms {given:?}, needs {needed:?}"));
                    }
                }
                continue;
            } else {
                &catalogue.strings
            };
            for (key, english) in DEFAULT_STRINGS {
                match strings.get(*key) {
                    None => problems.push(format!("{language}: missing {key} ({english:?})")),
                    Some(Text::Forms(_)) => {
                        problems.push(format!("{language}: {key} is not a count"));
                    }
                    Some(Text::Plain(text)) => {
                        if placeholder_set(text) != placeholder_set(english) {
                            problems.push(format!(
                                "{language}: {key} {text:?} has not the placeholders of {english:?}"
                            ));
                        }
                    }
                }
            }
            for (key, english) in DEFAULT_PLURAL_STRINGS {
                let english_other = english.iter().find(|(n, _)| *n == "other").unwrap().1;
                let Some(Text::Forms(forms)) = strings.get(*key) else {
                    problems.push(format!("{language}: missing plural forms of {key}"));
                    continue;
                };
                let given: BTreeSet<&str> = forms.keys().map(String::as_str).collect();
                if given != needed {
                    problems.push(format!(
                        "{language}: {key} has forms {given:?}, needs {needed:?}"
                    ));
                }
                for (name, text) in forms {
                    let Some(category) = PluralCategory::get_for_cldr_string(name) else {
                        continue;
                    };
                    let mut expected = placeholder_set(english_other);
                    if rules.only_count(category).is_some() && !text.contains("{count}") {
                        expected.remove("count");
                    }
                    if placeholder_set(text) != expected {
                        problems.push(format!(
                            "{language}: {key}.{name} {text:?} has not the placeholders of {english_other:?}"
                        ));
                    }
                }
            }
            for key in strings.keys() {
                let known = DEFAULT_STRINGS.iter().any(|(k, _)| k == key) || is_count(key);
                if !known {
                    problems.push(format!("{language}: {key} is no English key"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_language_chooses_the_catalogue_and_its_plural_rules() {
        let config = pack("ru", "").unwrap();
        assert_eq!(config.catalogue, "ru");
        assert_eq!(config.string("check"), "Проверить");
        assert_eq!(
            config.count_text("you_read", 1),
            "Вы прочитали 1 предложение."
        );
        assert_eq!(
            config.count_text("you_read", 3),
            "Вы прочитали 3 предложения."
        );
        assert_eq!(
            config.count_text("you_read", 9),
            "Вы прочитали 9 предложений."
        );
        assert_eq!(
            config.count_text("you_read", 21),
            "Вы прочитали 21 предложение."
        );
        let config = pack("ar-EG", "").unwrap();
        assert_eq!(config.count_text("question_count", 2), "سؤالان");
        assert_eq!(config.count_text("question_count", 11), "11 سؤالًا");
        let config = pack("pt-BR", "").unwrap();
        assert_eq!(config.catalogue, "pt");
        assert_eq!(config.string("check"), "Verificar");
        let config = pack("zh-Hant-TW", "").unwrap();
        assert_eq!(config.catalogue, "zh");
        let config = pack("nl", "").unwrap();
        assert_eq!(config.catalogue, "en");
        assert_eq!(
            config.count_text("you_read", 1),
            "You read 1 focus sentence."
        );
        assert_eq!(
            config.count_text("you_read", 9),
            "You read 9 focus sentences."
        );
    }

    #[test]
    fn dates_are_written_the_languages_way() {
        let date: toml::value::Datetime = "2026-02-10".parse().unwrap();
        for (language, expected) in [
            ("en", "February 10, 2026"),
            ("fr", "10 février 2026"),
            ("de-AT", "10. Februar 2026"),
            ("es", "10 de febrero de 2026"),
            ("ru", "10 февраля 2026 г."),
            ("zh", "2026年2月10日"),
            ("ja", "2026年2月10日"),
            ("ar", "10 فبراير 2026"),
            ("fa", "10 فوریهٔ 2026"),
            ("he", "10 בפברואר 2026"),
        ] {
            let config = pack(language, "").unwrap();
            assert_eq!(config.date_text(&date).unwrap(), expected, "{language}");
        }
    }

    #[test]
    fn strings_override_a_catalogue_a_count_by_its_forms_or_one_string() {
        let config = pack(
            "fr",
            "check = \"Valider\"\nyou_read = { one = \"Une phrase lue.\", other = \"{count} phrases lues.\" }\nfocus_count = \"{count} ph.\"\n",
        );
        let err = config.unwrap_err();
        // French `one` is 0 and 1: its form must say the count.
        assert_eq!(
            err,
            "lessonpack.toml:5:20: the \"one\" form of [strings] you_read lacks {count}"
        );
        let config = pack(
            "fr",
            "check = \"Valider\"\nyou_read = { one = \"{count} phrase lue.\", other = \"{count} phrases lues.\" }\nfocus_count = \"{count} ph.\"\n",
        )
        .unwrap();
        assert_eq!(config.string("check"), "Valider");
        assert_eq!(config.count_text("you_read", 0), "0 phrase lue.");
        assert_eq!(
            config.count_text("you_read", 1_000_000),
            "1000000 phrases lues."
        );
        assert_eq!(config.count_text("focus_count", 1), "1 ph.");
        assert_eq!(config.string("you_read"), "{count} phrases lues.");
    }

    #[test]
    fn legacy_one_keys_are_the_one_form() {
        let config = pack(
            "en",
            "you_read_one = \"Just one sentence.\"\nyou_read = \"{count} sentences, all read.\"\n",
        )
        .unwrap();
        assert_eq!(config.count_text("you_read", 1), "Just one sentence.");
        assert_eq!(config.count_text("you_read", 2), "2 sentences, all read.");
        assert_eq!(config.string("you_read_one"), "Just one sentence.");
        let err = pack("ja", "tries_left_one = \"あと1回\"\n").unwrap_err();
        assert_eq!(
            err,
            "lessonpack.toml:4:18: unknown plural form \"one\" in [strings] tries_left_one (language \"ja\" has other)"
        );
    }

    #[test]
    fn plural_forms_are_checked_with_their_position() {
        let err = pack(
            "en",
            "you_read = { one = \"{count} read\", few = \"x\", other = \"{count}\" }\n",
        )
        .unwrap_err();
        assert_eq!(
            err,
            "lessonpack.toml:4:42: unknown plural form \"few\" in [strings] you_read (language \"en\" has one or other)"
        );
        let err = pack("ru", "[strings.tries_left]\none = \"{count} попытка\"\n").unwrap_err();
        assert!(
            err.starts_with("lessonpack.toml:4:1: [strings] tries_left has no \"other\" form"),
            "{err}"
        );
        let err = pack("en", "check = { one = \"a\", other = \"b\" }\n").unwrap_err();
        assert_eq!(
            err,
            "lessonpack.toml:4:9: [strings] check is not a count, so it has no plural forms: write it as a string"
        );
        let err = pack("en", "check = 3\n").unwrap_err();
        assert_eq!(err, "lessonpack.toml:4:9: [strings] check must be a string");
        let err = pack("ar", "you_read = { zero = \"لا شيء\", one = \"واحدة\", two = \"اثنتان\", few = \"{count}\", many = \"{count}\", other = \"قرأت\" }\n").unwrap_err();
        assert!(
            err.ends_with("the \"other\" form of [strings] you_read lacks {count}"),
            "{err}"
        );
    }
}
