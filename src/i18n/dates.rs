//! Dates in words for a reader, the language's way: CLDR's long date pattern and month
//! names (format form, e.g. Russian genitive "10 февраля 2026 г."), Gregorian calendar,
//! Latin digits. Machine dates (`datetime` attributes, the feed's `updated`) stay ISO 8601.

use serde::Deserialize;

/// A language's long date format, from the `[dates]` table of its catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateFormat {
    /// With `{day}`, `{month}` (the month's name), `{month_number}` and `{year}`.
    pub pattern: String,
    /// The twelve month names, January first; may be left out when `pattern` has no `{month}`.
    #[serde(default)]
    pub months: Vec<String>,
}

impl DateFormat {
    /// The date in words, e.g. "10 février 2026"; `month` is 1-based.
    pub fn format(&self, year: u16, month: u8, day: u8) -> String {
        let name = self
            .months
            .get(usize::from(month).wrapping_sub(1))
            .map(String::as_str)
            .unwrap_or_default();
        let mut text = self.pattern.clone();
        for (placeholder, value) in [
            ("{day}", day.to_string()),
            ("{month_number}", month.to_string()),
            ("{month}", name.to_string()),
            ("{year}", year.to_string()),
        ] {
            text = text.replace(placeholder, &value);
        }
        text
    }
}
