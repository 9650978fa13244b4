//! The quiz policies: how many tries a question has, when its answer shows, the pass mark,
//! partial credit and how many questions an attempt draws. The pack sets them in `[quiz]`, a
//! lesson in its front matter; the lesson's value wins (see [`QuizPolicy::over`]).
//!
//! Both places deserialize the values as written ([`WrittenPolicy`]) and check them here, so
//! a bad value is reported at its own position in either file.

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, ErrorKind, did_you_mean};
use crate::source::SourceText;

/// The policy keys, shared by `[quiz]` and front matter.
pub const POLICY_KEYS: [&str; 5] = [
    "tries",
    "show_answers",
    "pass_mark",
    "partial_credit",
    "pick",
];

/// When a question's right answer shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ShowAnswers {
    /// "Show the answer" after a wrong try, the answer by itself after a second wrong try
    /// (or when the tries run out).
    #[default]
    AfterWrong,
    /// Only once the tries have run out.
    AfterTries,
    /// With every verdict, right or wrong.
    Always,
    /// Never: the learner sees only right or wrong.
    Never,
}

impl ShowAnswers {
    /// Every mode, by the name pack files and scripts use.
    pub const ALL: [(ShowAnswers, &'static str); 4] = [
        (ShowAnswers::AfterWrong, "after_wrong"),
        (ShowAnswers::AfterTries, "after_tries"),
        (ShowAnswers::Always, "always"),
        (ShowAnswers::Never, "never"),
    ];

    /// The name pack files and scripts use, e.g. `after_wrong`.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(mode, _)| *mode == self)
            .map(|(_, name)| *name)
            .expect("every mode has a name")
    }
}

/// The policies as one place sets them, checked; `None` where that place says nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct QuizPolicy {
    /// Tries per question; unlimited when unset.
    pub tries: Option<u32>,
    pub show_answers: Option<ShowAnswers>,
    /// The percent of the score that passes.
    pub pass_mark: Option<u32>,
    /// Score a point per right part instead of a point per right question.
    pub partial_credit: Option<bool>,
    /// Questions drawn from the quiz on each attempt.
    pub pick: Option<u32>,
}

impl QuizPolicy {
    /// This policy where it says something, `fallback` elsewhere (a lesson's over the pack's).
    pub fn over(self, fallback: QuizPolicy) -> QuizPolicy {
        QuizPolicy {
            tries: self.tries.or(fallback.tries),
            show_answers: self.show_answers.or(fallback.show_answers),
            pass_mark: self.pass_mark.or(fallback.pass_mark),
            partial_credit: self.partial_credit.or(fallback.partial_credit),
            pick: self.pick.or(fallback.pick),
        }
    }
}

/// The policy keys as written, before they are checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WrittenPolicy {
    pub tries: Option<i64>,
    pub show_answers: Option<String>,
    pub pass_mark: Option<i64>,
    pub partial_credit: Option<bool>,
    pub pick: Option<i64>,
}

impl WrittenPolicy {
    /// Checks the values; a bad one is reported at `at(key)`, the offset of its value.
    pub(crate) fn check(
        &self,
        source: &SourceText,
        at: impl Fn(&str) -> usize,
    ) -> Result<QuizPolicy, Diagnostic> {
        let out_of_range = |key: &'static str, value: i64, expected: &'static str| {
            source.error(
                at(key),
                ErrorKind::QuizSettingOutOfRange {
                    key,
                    value,
                    expected,
                },
            )
        };
        let count = |key: &'static str, value: Option<i64>, expected: &'static str| match value {
            Some(n) if !(1..=i64::from(u32::MAX)).contains(&n) => {
                Err(out_of_range(key, n, expected))
            }
            n => Ok(n.map(|n| n as u32)),
        };
        let tries = count(
            "tries",
            self.tries,
            "at least 1 (leave it out for unlimited tries)",
        )?;
        let pick = count("pick", self.pick, "at least 1 question")?;
        let pass_mark = match self.pass_mark {
            Some(n) if !(0..=100).contains(&n) => {
                return Err(out_of_range("pass_mark", n, "a percent from 0 to 100"));
            }
            n => n.map(|n| n as u32),
        };
        let show_answers = match &self.show_answers {
            None => None,
            Some(written) => Some(
                ShowAnswers::ALL
                    .iter()
                    .find(|(_, name)| name == written)
                    .map(|(mode, _)| *mode)
                    .ok_or_else(|| {
                        source.error(
                            at("show_answers"),
                            ErrorKind::UnknownShowAnswers {
                                suggestion: did_you_mean(
                                    written,
                                    ShowAnswers::ALL.iter().map(|(_, name)| *name),
                                ),
                                value: written.clone(),
                            },
                        )
                    })?,
            ),
        };
        Ok(QuizPolicy {
            tries,
            show_answers,
            pass_mark,
            partial_credit: self.partial_credit,
            pick,
        })
    }
}

/// The byte offset of the value of `key` in the table at `table` (`[]` for the top level) of
/// the TOML in `text`, if it is there.
pub(crate) fn value_offset(text: &str, table: &[&str], key: &str) -> Option<usize> {
    let document = toml::de::DeTable::parse(text).ok()?;
    let mut entries = document.get_ref();
    for name in table {
        entries = entries
            .iter()
            .find(|(k, _)| k.get_ref() == name)
            .and_then(|(_, value)| match value.get_ref() {
                toml::de::DeValue::Table(entries) => Some(entries),
                _ => None,
            })?;
    }
    entries
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, value)| value.span().start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn check(toml: &str) -> Result<QuizPolicy, String> {
        let source = SourceText::new(Path::new("a.toml"), toml);
        let written: WrittenPolicy = toml::from_str(toml).unwrap();
        written
            .check(&source, |key| value_offset(toml, &[], key).unwrap_or(0))
            .map_err(|e| e.headline())
    }

    #[test]
    fn values_are_read_and_unset_ones_stay_unset() {
        let policy =
            check("tries = 2\nshow_answers = \"never\"\npass_mark = 80\npick = 3\n").unwrap();
        assert_eq!(policy.tries, Some(2));
        assert_eq!(policy.show_answers, Some(ShowAnswers::Never));
        assert_eq!(policy.pass_mark, Some(80));
        assert_eq!(policy.pick, Some(3));
        assert_eq!(policy.partial_credit, None);
        assert_eq!(check("").unwrap(), QuizPolicy::default());
    }

    #[test]
    fn bad_values_are_reported_at_the_value() {
        assert_eq!(
            check("pass_mark = 140\n").unwrap_err(),
            "a.toml:1:13: pass_mark = 140 is out of range: a percent from 0 to 100"
        );
        assert_eq!(
            check("x = 1\ntries = 0\n").unwrap_err(),
            "a.toml:2:9: tries = 0 is out of range: at least 1 (leave it out for unlimited tries)"
        );
        assert_eq!(
            check("pick = -2\n").unwrap_err(),
            "a.toml:1:8: pick = -2 is out of range: at least 1 question"
        );
        assert_eq!(
            check("show_answers = \"after_wrng\"\n").unwrap_err(),
            "a.toml:1:16: unknown show_answers \"after_wrng\" (did you mean \"after_wrong\"?) (known: after_wrong, after_tries, always, never)"
        );
    }

    #[test]
    fn a_lesson_wins_over_the_pack() {
        let pack = QuizPolicy {
            tries: Some(3),
            pass_mark: Some(50),
            ..QuizPolicy::default()
        };
        let lesson = QuizPolicy {
            tries: Some(1),
            show_answers: Some(ShowAnswers::Always),
            ..QuizPolicy::default()
        };
        let both = lesson.over(pack);
        assert_eq!(both.tries, Some(1));
        assert_eq!(both.pass_mark, Some(50));
        assert_eq!(both.show_answers, Some(ShowAnswers::Always));
        assert_eq!(ShowAnswers::AfterTries.name(), "after_tries");
    }
}
