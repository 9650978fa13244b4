//! The search's text rules: how text is folded and cut into tokens. The page's script
//! (`templates/js/search.js`) applies the very same rules to the query, character by
//! character; `tests/fixtures/search-folding.json` is the one table both are tested against.
//!
//! Folding works on one character at a time, so a shown text can be folded with a map from
//! each folded character back to its source (see the script's marking of matches):
//! - letters of Latin, Greek and Cyrillic lose their diacritics (`é` → `e`), a few letters
//!   become their usual spelling (`ß` → `ss`, `æ` → `ae`), and everything is lower case;
//! - Arabic and Persian variants are unified (`ی`/`ى` → `ي`, `ک` → `ك`, `أ`/`إ`/`آ`/`ٱ` → `ا`),
//!   harakat, tatweel and zero-width joiners are removed;
//! - full-width ASCII becomes ASCII.
//!
//! Tokens are runs of letters, digits and marks; a run of Chinese or Japanese characters is
//! cut into character bigrams (a run of one character is its own token).

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The fixed spelling of `c` (empty: removed), which comes before any other rule.
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' => "d",
        'ł' | 'Ł' => "l",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        'ς' => "σ",
        'ى' | 'ی' | 'ې' => "ي",
        'ک' | 'ڪ' => "ك",
        'أ' | 'إ' | 'آ' | 'ٱ' => "ا",
        'ة' | 'ۀ' | 'ە' => "ه",
        '\u{0640}' | '\u{200C}' | '\u{200D}' | '\u{00AD}' => "",
        _ => return None,
    })
}

/// Whether `c` is an Arabic-script vowel mark or other diacritic (harakat, Quranic marks),
/// removed wherever it stands.
fn is_arabic_mark(c: char) -> bool {
    matches!(c as u32, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

/// Whether `c` is a Latin, Greek or Cyrillic letter, whose diacritics are folded.
fn has_foldable_marks(c: char) -> bool {
    matches!(c as u32, 0x0041..=0x052F | 0x1E00..=0x1FFF)
}

/// Whether `c` is a Chinese or Japanese character, searched by bigrams.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x2FFFF
    )
}

/// Whether `c` belongs inside a token.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// Appends the folded spelling of `c` to `out`.
pub(crate) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Some(to) = special(c) {
        out.push_str(to);
        return;
    }
    if is_arabic_mark(c) || is_latin_mark(c) {
        return;
    }
    if let 0xFF01..=0xFF5E = c as u32 {
        let ascii = char::from_u32(c as u32 - 0xFEE0).expect("full-width ASCII maps to ASCII");
        out.push(ascii.to_ascii_lowercase());
        return;
    }
    // The decomposition's first character is its base; a foldable base keeps the other
    // characters but the Latin marks, any other keeps `c` itself.
    let mut foldable = None;
    decompose_canonical(c, |part| {
        let keep = *foldable.get_or_insert_with(|| has_foldable_marks(part));
        if keep && !is_latin_mark(part) {
            out.extend(part.to_lowercase());
        }
    });
    if foldable != Some(true) {
        out.extend(c.to_lowercase());
    }
}

/// Whether `c` is one of the combining diacritical marks (U+0300 to U+036F).
fn is_latin_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

/// `text` folded.
#[cfg(test)]
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Appends `text` folded to `out`.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in text.chars() {
        fold_char(c, out);
    }
}

/// The tokens of `text` (folded here), in order, repeats kept.
#[cfg(test)]
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    each_token(&fold(text), |token| tokens.push(token.to_string()));
    tokens
}

/// Calls `emit` with each token of the folded text `folded`, in order, repeats kept.
pub(crate) fn each_token(folded: &str, mut emit: impl FnMut(&str)) {
    if folded.is_ascii() {
        folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .for_each(emit);
        return;
    }
    // Where the word being read starts; where the run of CJK characters being read starts,
    // and where its last character starts.
    let mut word = None;
    let mut cjk: Option<(usize, usize)> = None;
    for (at, c) in folded.char_indices() {
        if is_cjk(c) {
            if let Some(start) = word.take() {
                emit(&folded[start..at]);
            }
            if let Some((_, last)) = cjk {
                emit(&folded[last..at + c.len_utf8()]);
            }
            cjk = Some((cjk.map_or(at, |(start, _)| start), at));
        } else {
            if let Some((start, last)) = cjk.take()
                && start == last
            {
                emit(&folded[start..at]);
            }
            if is_word(c) {
                word.get_or_insert(at);
            } else if let Some(start) = word.take() {
                emit(&folded[start..at]);
            }
        }
    }
    match (word, cjk) {
        (Some(start), _) => emit(&folded[start..]),
        (None, Some((start, last))) if start == last => emit(&folded[start..]),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One case of the shared table: a text, its folding and its tokens.
    #[derive(serde::Deserialize)]
    struct Case {
        text: String,
        folded: String,
        tokens: Vec<String>,
    }

    fn table() -> Vec<Case> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/search-folding.json"
        );
        let json = std::fs::read_to_string(path).expect("the folding table is in tests/fixtures");
        serde_json::from_str(&json).expect("the folding table is JSON")
    }

    #[test]
    fn every_case_of_the_shared_table_folds_and_tokenizes_as_written() {
        let cases = table();
        assert!(cases.len() >= 20, "the table holds the cases");
        for case in cases {
            assert_eq!(fold(&case.text), case.folded, "folding {:?}", case.text);
            assert_eq!(tokens(&case.text), case.tokens, "tokens of {:?}", case.text);
        }
    }

    #[test]
    fn folding_is_per_character_so_offsets_can_be_mapped() {
        let text = "Ça coûte 5 € à Zürich, ﻿قـال";
        let joined: String = text
            .chars()
            .map(|c| {
                let mut s = String::new();
                fold_char(c, &mut s);
                s
            })
            .collect();
        assert_eq!(joined, fold(text));
    }
}
