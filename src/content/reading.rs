//! How long an article is to read: its word count and an estimated reading time.
//!
//! Words are runs of letters or digits between spaces and punctuation. Chinese and Japanese
//! are written without spaces, so each of their characters (Han, kana) counts as a word of
//! its own, read at a faster rate per character.

/// Words a minute for space-separated scripts: the usual figure for reading on a screen.
pub const WORDS_PER_MINUTE: usize = 200;
/// Characters a minute for Chinese and Japanese.
pub const CJK_CHARACTERS_PER_MINUTE: usize = 400;

/// The length of a text, as counted for reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextLength {
    /// Words of space-separated scripts.
    pub words: usize,
    /// Han and kana characters, each read as a word.
    pub cjk_characters: usize,
}

impl TextLength {
    /// Counts the words and CJK characters of `text`.
    pub fn of(text: &str) -> TextLength {
        let mut length = TextLength::default();
        let mut in_word = false;
        let mut rest = text;
        while !rest.is_empty() {
            // Runs of ASCII, the bulk of most text, are counted many bytes at a time.
            let ascii_len = match rest.is_ascii() {
                true => rest.len(),
                false => rest
                    .bytes()
                    .position(|b| !b.is_ascii())
                    .unwrap_or(rest.len()),
            };
            let (run, after) = rest.split_at(ascii_len);
            let words;
            (words, in_word) = ascii_words(run.as_bytes(), in_word);
            length.words += words;
            let mut chars = after.chars();
            if let Some(c) = chars.next() {
                if is_cjk(c) {
                    length.cjk_characters += 1;
                    in_word = false;
                } else if c.is_alphanumeric() {
                    if !in_word {
                        length.words += 1;
                    }
                    in_word = true;
                } else if !is_inside_word(c) {
                    in_word = false;
                }
            }
            rest = chars.as_str();
        }
        length
    }

    /// The word count shown to readers: words plus CJK characters.
    pub fn word_count(self) -> usize {
        self.words + self.cjk_characters
    }

    /// Whole minutes to read, rounded up; at least 1 for any text.
    pub fn reading_minutes(self) -> usize {
        // Both rates in characters per hour, so the sum is rounded once.
        let per_hour = self.words * 60 * CJK_CHARACTERS_PER_MINUTE
            + self.cjk_characters * 60 * WORDS_PER_MINUTE;
        let hour_of_minute = 60 * WORDS_PER_MINUTE * CJK_CHARACTERS_PER_MINUTE;
        per_hour.div_ceil(hour_of_minute).max(1)
    }

    fn add(self, other: TextLength) -> TextLength {
        TextLength {
            words: self.words + other.words,
            cjk_characters: self.cjk_characters + other.cjk_characters,
        }
    }
}

impl std::iter::Sum for TextLength {
    fn sum<I: Iterator<Item = TextLength>>(iter: I) -> TextLength {
        iter.fold(TextLength::default(), TextLength::add)
    }
}

/// The words that start in a run of ASCII text after text that left off inside a word
/// (`in_word`) or not, and whether the run leaves off inside one. A word starts at a letter
/// or digit unless the nearest character before it that is not an apostrophe or hyphen is a
/// letter or digit too.
fn ascii_words(run: &[u8], in_word: bool) -> (usize, bool) {
    // Whether the text before byte `at` leaves off inside a word.
    let inside_before = |at: usize| match run[..at].iter().rposition(|&b| !is_ascii_joiner(b)) {
        Some(i) => run[i].is_ascii_alphanumeric(),
        None => in_word,
    };
    let Some((&first, rest)) = run.split_first() else {
        return (0, in_word);
    };
    let mut words = usize::from(first.is_ascii_alphanumeric() && !in_word);
    // Each byte with the one before it, counted without branches in blocks small enough for
    // a byte counter, so that many go at a time: a letter after anything but a letter or a
    // joiner starts a word, and one after a joiner (rare) may.
    let mut after_joiner = 0;
    for (before, bytes) in run.chunks(255).zip(rest.chunks(255)) {
        let count = |starts: fn(u8, u8) -> bool| {
            let pairs = before.iter().zip(bytes);
            usize::from(pairs.fold(0u8, |n, (&a, &b)| n + u8::from(starts(a, b))))
        };
        words += count(|a, b| {
            b.is_ascii_alphanumeric() & !a.is_ascii_alphanumeric() & !is_ascii_joiner(a)
        });
        after_joiner += count(|a, b| b.is_ascii_alphanumeric() & is_ascii_joiner(a));
    }
    if after_joiner > 0 {
        words += (1..run.len())
            .filter(|&at| is_ascii_joiner(run[at - 1]) && run[at].is_ascii_alphanumeric())
            .filter(|&at| !inside_before(at))
            .count();
    }
    (words, inside_before(run.len()))
}

/// The ASCII characters of [`is_inside_word`].
fn is_ascii_joiner(byte: u8) -> bool {
    matches!(byte, b'\'' | b'-')
}

/// Apostrophes and hyphens join the letters around them into one word ("don't", "well-known").
fn is_inside_word(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '-' | '\u{2010}' | '\u{00AD}' | '\u{200C}' | '\u{200D}'
    )
}

/// Han ideographs, hiragana and katakana: scripts written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF        // hiragana, katakana
        | 0x31F0..=0x31FF      // katakana phonetic extensions
        | 0x3400..=0x4DBF      // Han extension A
        | 0x4E00..=0x9FFF      // Han
        | 0xF900..=0xFAFF      // Han compatibility
        | 0xFF66..=0xFF9D      // half-width katakana
        | 0x20000..=0x3134F    // Han extensions B to G
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let length = TextLength::of("In early 2026, the “V4 Lite” model — don't wait; well-known.");
        assert_eq!(length.words, 10);
        assert_eq!(length.cjk_characters, 0);
    }

    #[test]
    fn chinese_and_japanese_count_characters() {
        let length = TextLength::of("深度求索推迟了V4模型。ひらがなカタカナ");
        assert_eq!(length.cjk_characters, 7 + 2 + 4 + 4);
        assert_eq!(length.words, 1, "V4");
        assert_eq!(length.word_count(), 18);
    }

    #[test]
    fn arabic_and_cyrillic_are_words() {
        assert_eq!(TextLength::of("أجّلت الشركة إطلاق النموذج").words, 4);
        assert_eq!(TextLength::of("Компания отложила выпуск").words, 3);
    }

    /// Words and CJK characters counted one character at a time, as the module says.
    fn counted_by_char(text: &str) -> TextLength {
        let mut length = TextLength::default();
        let mut in_word = false;
        for c in text.chars() {
            if is_cjk(c) {
                length.cjk_characters += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                length.words += usize::from(!in_word);
                in_word = true;
            } else if !is_inside_word(c) {
                in_word = false;
            }
        }
        length
    }

    #[test]
    fn ascii_runs_count_as_text_read_char_by_char() {
        // Every string of up to five of these characters.
        let alphabet = [
            'a', '1', ' ', '\'', '-', '.', '\u{e9}', '\u{2019}', '\u{4e2d}',
        ];
        let strings = crate::content::every_string(&alphabet, 5);
        for text in &strings {
            assert_eq!(TextLength::of(text), counted_by_char(text), "{text:?}");
        }
    }

    #[test]
    fn reading_time_rounds_up_and_is_never_zero() {
        let words = |n| TextLength {
            words: n,
            cjk_characters: 0,
        };
        assert_eq!(words(1).reading_minutes(), 1);
        assert_eq!(words(200).reading_minutes(), 1);
        assert_eq!(words(201).reading_minutes(), 2);
        assert_eq!(words(0).reading_minutes(), 1);
        let cjk = TextLength {
            words: 100,
            cjk_characters: 200,
        };
        assert_eq!(cjk.reading_minutes(), 1, "half a minute of each");
        let cjk = TextLength {
            words: 100,
            cjk_characters: 201,
        };
        assert_eq!(cjk.reading_minutes(), 2);
    }
}
