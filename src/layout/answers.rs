//! Answers in a quiz page that reading the page does not give away: each question carries
//! a salt, salted hashes of its normalised answers (checked by the page's script, which
//! hashes what the learner chose the same way), and the right answer's text and the
//! explanation obfuscated with a keystream from the salt.
//!
//! This deters peeking; it is not security: the script that checks answers is in the page,
//! so anyone can try every choice, and the obfuscated texts decode without a secret.
//! `templates/js/answers.js` implements the same hash, keystream and normalisation; the
//! browser tests prove the two agree.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use unicode_normalization::UnicodeNormalization;

use crate::assets::short_hash;

/// The pack's id in the learner's browser storage (`lessonpack:<pack id>:<slug>`): the first
/// 10 hex digits of the SHA-256 of the pack title. Offline bundles use the same id.
pub(crate) fn pack_id(title: &str) -> String {
    short_hash(title.as_bytes())
}

/// A question's salt: fixed by the pack, the lesson and the question's number, so builds
/// stay byte-identical, and different for every question, so equal answers hash apart.
pub(crate) fn question_salt(pack_id: &str, slug: &str, n: usize) -> String {
    short_hash(format!("{pack_id}/{slug}/{n}").as_bytes())
}

/// A typed answer as it is compared: NFC, lower case, without any white space.
pub(crate) fn normalize_answer(text: &str) -> String {
    let lower: String = text.nfc().collect::<String>().to_lowercase();
    lower.nfc().filter(|c| !is_space(*c)).collect::<String>()
}

/// White space as JavaScript's `\s` sees it (plus U+0085, which Rust counts).
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The salted hash of an answer key (`<part>:<value>`, see `layout::quiz`), as 16 hex digits.
pub(crate) fn answer_hash(salt: &str, key: &str) -> String {
    let [high, low] = Hash64::new().feed(salt).feed(":").feed(key).finish();
    format!("{high:08x}{low:08x}")
}

/// A 64-bit string hash (cyrb53's mixing, both halves kept) over UTF-16 code units, so
/// JavaScript computes it with `charCodeAt` and `Math.imul`; as it goes, so texts sharing
/// a start are hashed on from the state after it.
#[derive(Clone, Copy)]
struct Hash64 {
    h1: u32,
    h2: u32,
}

impl Hash64 {
    fn new() -> Hash64 {
        Hash64 {
            h1: 0xdead_beef,
            h2: 0x41c6_ce57,
        }
    }

    fn feed(self, text: &str) -> Hash64 {
        text.encode_utf16().fold(self, Hash64::feed_unit)
    }

    fn feed_unit(self, unit: u16) -> Hash64 {
        let unit = u32::from(unit);
        Hash64 {
            h1: (self.h1 ^ unit).wrapping_mul(2_654_435_761),
            h2: (self.h2 ^ unit).wrapping_mul(1_597_334_677),
        }
    }

    /// Feeds `n` written in decimal.
    fn feed_decimal(self, n: u32) -> Hash64 {
        let mut digits = [0u8; 10];
        let mut len = 0;
        let mut rest = n;
        loop {
            digits[len] = b'0' + (rest % 10) as u8;
            len += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        (digits[..len].iter().rev()).fold(self, |hash, &digit| hash.feed_unit(u16::from(digit)))
    }

    fn finish(self) -> [u32; 2] {
        let Hash64 { mut h1, mut h2 } = self;
        h1 = (h1 ^ (h1 >> 16)).wrapping_mul(2_246_822_507);
        h1 ^= (h2 ^ (h2 >> 13)).wrapping_mul(3_266_489_909);
        h2 = (h2 ^ (h2 >> 16)).wrapping_mul(2_246_822_507);
        h2 ^= (h1 ^ (h1 >> 13)).wrapping_mul(3_266_489_909);
        [h2, h1]
    }
}

/// `text` XORed (as UTF-8) with the keystream of `salt` and `purpose`, in base64.
/// Block `i` of the keystream is the 8 big-endian bytes of the hash of `<salt><purpose><i>`.
pub(crate) fn obfuscate(salt: &str, purpose: &str, text: &str) -> String {
    let start = Hash64::new().feed(salt).feed(purpose);
    let mut bytes = Vec::with_capacity(text.len());
    for (i, chunk) in (0u32..).zip(text.as_bytes().chunks(8)) {
        let [high, low] = start.feed_decimal(i).finish();
        let mut key = [0u8; 8];
        key[..4].copy_from_slice(&high.to_be_bytes());
        key[4..].copy_from_slice(&low.to_be_bytes());
        bytes.extend(chunk.iter().zip(key).map(|(byte, key)| byte ^ key));
    }
    // Standard base64 with padding, as `atob` reads it.
    BASE64.encode(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_compare_without_case_spacing_or_composition() {
        let typed = normalize_answer("  JYVA\u{308}SKYLA\u{308}\t ");
        assert_eq!(typed, normalize_answer("Jyväskylä"));
        assert_eq!(normalize_answer("Esbjerg ,  Denmark"), "esbjerg,denmark");
        assert_eq!(normalize_answer("ΟΔΟΣ"), "οδος");
    }

    #[test]
    fn hash_matches_the_javascript_one() {
        // Computed with the JavaScript of templates/js/answers.js; they pin the contract.
        assert_eq!(answer_hash("", ""), "5c0fdc7bfe0b4ddd");
        assert_eq!(answer_hash("salt", "2"), "1cf678ff404f8f8f");
        assert_eq!(answer_hash("5e1f", "jyväskylä"), "38a4d96f1e030233");
        assert_eq!(answer_hash("x", "😀"), "7d47a03721c72746");
    }

    #[test]
    fn salts_differ_per_question_and_stay_put() {
        let id = pack_id("World News in Focus");
        assert_eq!(id, pack_id("World News in Focus"));
        assert_ne!(question_salt(&id, "a", 1), question_salt(&id, "a", 2));
        assert_ne!(question_salt(&id, "a", 1), question_salt(&id, "b", 1));
        assert_eq!(question_salt(&id, "a", 1).len(), 10);
    }

    #[test]
    fn obfuscation_hides_the_text_and_round_trips() {
        let code = obfuscate("abc", "a", "Huawei");
        assert!(!code.contains("Huawei"));
        assert_ne!(code, obfuscate("abd", "a", "Huawei"));
        assert_ne!(code, obfuscate("abc", "e", "Huawei"));
        let decoded: Vec<u8> = decode64(&code)
            .into_iter()
            .zip(keystream("abc", "a"))
            .map(|(b, k)| b ^ k)
            .collect();
        assert_eq!(decoded, b"Huawei");
    }

    fn hash64(text: &str) -> [u32; 2] {
        Hash64::new().feed(text).finish()
    }

    /// The keystream as its definition says: block `i` is `hash64("<salt><purpose><i>")`.
    fn keystream<'a>(salt: &'a str, purpose: &'a str) -> impl Iterator<Item = u8> + 'a {
        (0u32..).flat_map(move |i| {
            let [high, low] = hash64(&format!("{salt}{purpose}{i}"));
            high.to_be_bytes().into_iter().chain(low.to_be_bytes())
        })
    }

    #[test]
    fn obfuscation_uses_the_keystream_as_defined_past_ten_blocks() {
        // 200 bytes: blocks 0 to 24, so block numbers of two digits too.
        let text = "Jyväskylä's harbour & <the> ferry. ".repeat(6);
        let decoded: Vec<u8> = decode64(&obfuscate("5e1f", "e", &text))
            .into_iter()
            .zip(keystream("5e1f", "e"))
            .map(|(b, k)| b ^ k)
            .collect();
        assert_eq!(decoded, text.as_bytes());
        assert_eq!(obfuscate("s", "a", ""), "");
    }

    fn decode64(text: &str) -> Vec<u8> {
        const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let sextets: Vec<u32> = text
            .trim_end_matches('=')
            .chars()
            .map(|c| ALPHABET.find(c).unwrap() as u32)
            .collect();
        let mut out = Vec::new();
        for chunk in sextets.chunks(4) {
            let mut n = 0;
            for (i, s) in chunk.iter().enumerate() {
                n |= s << (18 - 6 * i);
            }
            for i in 0..chunk.len() - 1 {
                out.push((n >> (16 - 8 * i)) as u8);
            }
        }
        out
    }
}
