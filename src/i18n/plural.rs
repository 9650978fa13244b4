//! Counts in words by CLDR plural rules (ICU4X `icu_plurals`, whose data matches what
//! browsers' `Intl.PluralRules` use, so a count reads the same built into a page and filled
//! in by its scripts).
//!
//! A plural string has a form per CLDR category its language uses: English `one` and
//! `other`, Russian `one`, `few`, `many` and `other`, Arabic all six, Chinese `other` alone.

use std::collections::BTreeMap;
use std::sync::Arc;

pub use icu_plurals::PluralCategory;

/// Counts this far are tried to tell which categories hold a single count.
const COUNTS_TRIED: usize = 1_000;

/// A category's CLDR name, e.g. `few`.
pub fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The cardinal plural rules of one language.
#[derive(Debug)]
pub struct PluralRules {
    /// The BCP 47 tag the rules are for, as the page scripts pass it to `Intl.PluralRules`.
    language: String,
    rules: icu_plurals::PluralRules,
}

impl PluralRules {
    /// The rules of a BCP 47 tag. ICU4X falls back along the tag (`pt-BR` has Portuguese's
    /// rules, `pt-PT` its own), and a tag it cannot read gets those of its primary language.
    pub fn for_language(tag: &str) -> PluralRules {
        use icu_locale_core::Locale;
        let primary = tag.split('-').next().unwrap_or_default();
        let locale = Locale::try_from_str(tag)
            .or_else(|_| Locale::try_from_str(primary))
            .unwrap_or(Locale::UNKNOWN);
        let rules = icu_plurals::PluralRules::try_new_cardinal((&locale).into())
            .expect("compiled plural data falls back to the root for any locale");
        PluralRules {
            language: tag.to_string(),
            rules,
        }
    }

    /// The BCP 47 tag the rules are for.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The category of a count.
    pub fn category(&self, count: usize) -> PluralCategory {
        self.rules.category_for(count)
    }

    /// Every category the language uses, in CLDR order; `other` is always one.
    pub fn categories(&self) -> Vec<PluralCategory> {
        self.rules.categories().collect()
    }

    /// The only count of `category`, when whole numbers fall into it just once (Arabic's
    /// `two` is 2 alone; Russian's `one` is 1, 21, 31…): such a form may say the number in
    /// words and leave out `{count}`.
    pub fn only_count(&self, category: PluralCategory) -> Option<usize> {
        let mut counts = (0..COUNTS_TRIED).filter(|&n| self.category(n) == category);
        let first = counts.next()?;
        counts.next().is_none().then_some(first)
    }
}

/// A count's wording: a form per plural category, `other` always among them.
#[derive(Debug, Clone)]
pub struct PluralForms {
    rules: Arc<PluralRules>,
    forms: BTreeMap<PluralCategory, String>,
}

impl PluralForms {
    /// The forms, chosen by `rules`; `other` is the form of any category left out.
    pub fn new(rules: Arc<PluralRules>, other: String) -> PluralForms {
        PluralForms {
            rules,
            forms: BTreeMap::from([(PluralCategory::Other, other)]),
        }
    }

    /// Sets the form of `category`.
    pub fn set(&mut self, category: PluralCategory, text: String) {
        self.forms.insert(category, text);
    }

    /// The form of a category, if it was given.
    pub fn get(&self, category: PluralCategory) -> Option<&str> {
        self.forms.get(&category).map(String::as_str)
    }

    /// The forms given, in CLDR order.
    pub fn forms(&self) -> impl Iterator<Item = (PluralCategory, &str)> {
        self.forms.iter().map(|(c, text)| (*c, text.as_str()))
    }

    /// The `other` form.
    pub fn other(&self) -> &str {
        &self.forms[&PluralCategory::Other]
    }

    /// The rules that choose among the forms.
    pub fn rules(&self) -> &PluralRules {
        &self.rules
    }

    /// The form for `count`, its placeholders left to fill.
    pub fn form(&self, count: usize) -> &str {
        self.get(self.rules.category(count))
            .unwrap_or_else(|| self.other())
    }

    /// The forms as the page scripts read them (`core.plural`), in a data attribute: the
    /// rules' language, then each form as `category:text`, split by `|` (a `|` or `\\` of a
    /// text escaped by `\\`): `ru|one:{count} попытка|few:…|other:{count} попытки`. No
    /// quotes, so the attribute stays as short as minify-html would write it.
    pub fn page_data(&self) -> String {
        let escape = |text: &str| text.replace('\\', "\\\\").replace('|', "\\|");
        let mut data = escape(&self.rules.language);
        for (category, text) in &self.forms {
            data += &format!("|{}:{}", category_name(*category), escape(text));
        }
        data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_follow_cldr() {
        let names = |tag: &str| -> Vec<&str> {
            PluralRules::for_language(tag)
                .categories()
                .into_iter()
                .map(category_name)
                .collect()
        };
        assert_eq!(names("en"), ["one", "other"]);
        assert_eq!(names("ru"), ["one", "few", "many", "other"]);
        assert_eq!(names("ar"), ["zero", "one", "two", "few", "many", "other"]);
        assert_eq!(names("ja"), ["other"]);
        assert_eq!(names("pt-BR"), names("pt"));
    }

    #[test]
    fn counts_choose_their_form() {
        let rules = Arc::new(PluralRules::for_language("ru"));
        let mut forms = PluralForms::new(rules.clone(), "{count} попытки".into());
        forms.set(PluralCategory::One, "{count} попытка".into());
        forms.set(PluralCategory::Few, "{count} попытки".into());
        forms.set(PluralCategory::Many, "{count} попыток".into());
        assert_eq!(forms.form(21), "{count} попытка");
        assert_eq!(forms.form(3), "{count} попытки");
        assert_eq!(forms.form(11), "{count} попыток");
        assert_eq!(rules.only_count(PluralCategory::One), None);
        let arabic = PluralRules::for_language("ar-EG");
        assert_eq!(arabic.only_count(PluralCategory::Two), Some(2));
        assert_eq!(arabic.category(11), PluralCategory::Many);
        assert_eq!(arabic.category(100), PluralCategory::Other);
    }

    #[test]
    fn the_page_reads_the_forms_with_their_language() {
        let rules = Arc::new(PluralRules::for_language("en"));
        let mut forms = PluralForms::new(rules, "{count} tries | left.".into());
        forms.set(PluralCategory::One, "{count} try left \\o/".into());
        assert_eq!(
            forms.page_data(),
            r"en|one:{count} try left \\o/|other:{count} tries \| left."
        );
    }
}
