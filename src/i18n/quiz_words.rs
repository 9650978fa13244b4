//! The few words lessonpack writes into lesson sources and exports rather than pages: the
//! two choices of a true-or-false question and the heading of a fill-in-the-blank question
//! that came without one (a GIFT missing-word question), in the pack's language.
//!
//! Pages take their words from the catalogues (`templates/i18n/`), which a pack overrides;
//! these are written once into sources that the author then owns, so they are a table here.

/// The words, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuizWords {
    pub true_word: &'static str,
    pub false_word: &'static str,
    /// The heading of a cloze that has none of its own.
    pub cloze_heading: &'static str,
}

impl QuizWords {
    /// The words of the language `tag`, by its primary subtag; English for a language
    /// not listed (every language with a built-in catalogue is, and Dutch).
    pub fn for_language(tag: &str) -> QuizWords {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        let (true_word, false_word, cloze_heading) = match primary.to_ascii_lowercase().as_str() {
            "ar" => ("صحيح", "خطأ", "املأ الفراغ."),
            "de" => ("Wahr", "Falsch", "Ergänzen Sie die Lücke."),
            "es" => ("Verdadero", "Falso", "Completa el espacio en blanco."),
            "fa" => ("درست", "نادرست", "جای خالی را پر کنید."),
            "fr" => ("Vrai", "Faux", "Complétez la phrase."),
            "he" => ("נכון", "לא נכון", "השלימו את החסר."),
            "it" => ("Vero", "Falso", "Completa la frase."),
            "ja" => ("正しい", "誤り", "空欄を埋めてください。"),
            "nl" => ("Waar", "Onwaar", "Vul het ontbrekende woord in."),
            "pt" => ("Verdadeiro", "Falso", "Preencha a lacuna."),
            "ru" => ("Верно", "Неверно", "Заполните пропуск."),
            "uk" => ("Правда", "Неправда", "Заповніть пропуск."),
            "zh" => ("正确", "错误", "填空。"),
            _ => ("True", "False", "Fill in the blank."),
        };
        QuizWords {
            true_word,
            false_word,
            cloze_heading,
        }
    }

    /// Whether `texts` are exactly the two words, in any order and case.
    pub fn are_true_and_false<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> bool {
        let mut texts: Vec<String> = texts.into_iter().map(str::to_lowercase).collect();
        texts.sort();
        let mut words = vec![
            self.true_word.to_lowercase(),
            self.false_word.to_lowercase(),
        ];
        words.sort();
        texts == words
    }

    /// Whether `text` is `word` (one of the two) in any case, as
    /// [`QuizWords::are_true_and_false`] compares them.
    pub fn same_word(text: &str, word: &str) -> bool {
        text.to_lowercase() == word.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_catalogue_has_its_own_words() {
        for &(language, _) in crate::i18n::CATALOGUES {
            let words = QuizWords::for_language(language);
            assert!(
                language == "en" || words != QuizWords::for_language("en"),
                "{language} falls back to English"
            );
        }
    }

    #[test]
    fn the_words_match_in_any_order_and_case_and_by_primary_subtag() {
        let words = QuizWords::for_language("ru-RU");
        assert!(words.are_true_and_false(["неверно", "ВЕРНО"]));
        assert!(!words.are_true_and_false(["Верно", "Верно"]));
        assert!(!words.are_true_and_false(["True", "False"]));
        assert_eq!(QuizWords::for_language("pt_BR").true_word, "Verdadeiro");
        assert_eq!(QuizWords::for_language("tlh").true_word, "True");
    }
}
