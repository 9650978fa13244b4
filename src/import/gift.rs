//! Reading Moodle's GIFT into a [`Bank`].
//!
//! A GIFT file is questions separated by blank lines; lines starting with `//` are comments.
//! A question is an optional `::title::`, an optional text format (`[moodle]`, `[plain]`,
//! `[markdown]`, `[html]`), its text, and one answer block `{…}`, which may stand inside the
//! text (a "missing word" question). `$CATEGORY: a/b` lines name the bank's category. The
//! escapes `\~ \= \# \{ \} \:` stand for the character itself and `\n` for a line break.
//!
//! How the kinds map (following Moodle's own reader, `qformat_gift`):
//! - `{=right ~wrong}`: single choice; several `=` with `~`: multiple answers (reported:
//!   Moodle gives full marks for any one of them).
//! - `{~%50%a ~%50%b ~%-100%c}` (no `=`): multiple answers, the choices with a positive weight
//!   right. Weights are kept only as our export writes them: the right ones equal and
//!   summing to 100, the wrong ones -100 or none; others are reported as not kept, as is a
//!   partial weight in a single-choice question.
//! - `{=a =b}`: short answer; `{T}`/`{F}`/`{TRUE}`/`{FALSE}`: true or false, with the first
//!   `#feedback` shown to a learner who answers wrongly and the second to one who answers
//!   rightly; `{=a -> b =c -> d}`: matching.
//! - A missing-word short answer becomes a cloze with one blank; a missing-word choice
//!   question stays a choice question whose heading shows the gap as `_____`.
//! - `#feedback` after a choice is its feedback; `####feedback` is the explanation.
//! - Numeric (`{#…}`), essay (`{}`) and description (no answer block) questions are
//!   reported by line and left out; titles are reported once, as not kept; the first
//!   category's last part titles the lesson.
//!
//! Text in `[moodle]` (the default) and `[plain]` is escaped so that it reads as written;
//! `[markdown]` is kept; `[html]` has its simple inline tags converted (`<b>`, `<i>`,
//! `<code>`, `<a href>`, `<p>`, `<br>`) and every other tag reported as dropped.
//!
//! Every syntax problem of the file is reported, each at its `path:line:col`.

use std::path::Path;

use super::bank::{Bank, BankAnswer, BankChoice, BankQuestion};
use super::markdown::escape_inline;
use crate::diagnostic::{Diagnostic, ErrorKind, LintKind};
use crate::source::SourceText;

/// The gap a missing-word question shows in its heading (Markdown for `_____`).
pub const MISSING_WORD_GAP: &str = "\\_\\_\\_\\_\\_";

/// The questions of the file at `path` holding `text`, or every problem found, each at its
/// `path:line:col`.
pub fn read(path: &Path, text: &str) -> Result<Bank, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceText::new(path, text);
    let mut reader = Reader {
        source: &source,
        bank: Bank::default(),
        errors: Vec::new(),
        title_at: None,
    };
    for chunk in chunks(text, &mut reader.errors, &source) {
        reader.question(&chunk);
    }
    if let Some(at) = reader.title_at {
        reader.lint(
            at,
            LintKind::ImportNotKept {
                what: "question titles (\"::title::\")".to_string(),
                why: "a question is named by its heading",
            },
        );
    }
    if reader.errors.is_empty() {
        reader.bank.warnings.sort_by(|a, b| a.span.cmp(&b.span));
        Ok(reader.bank)
    } else {
        Err(reader.errors)
    }
}

/// A character of the file with its byte offset.
type Char = (usize, char);

/// The file's questions: runs of lines between blank lines (outside answer blocks), comment
/// lines left out, each as its characters.
fn chunks(text: &str, errors: &mut Vec<Diagnostic>, source: &SourceText) -> Vec<Vec<Char>> {
    let mut chunks = Vec::new();
    let mut current: Vec<Char> = Vec::new();
    let mut in_block = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim_start().starts_with("//") {
            continue;
        }
        if content.trim().is_empty() && !in_block {
            if !current.is_empty() {
                chunks.push(std::mem::take(&mut current));
            }
            continue;
        }
        let chars: Vec<Char> = content
            .char_indices()
            .map(|(i, c)| (start + i, c))
            .collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i].1 {
                '\\' if i + 1 == chars.len() => {
                    errors.push(source.error(chars[i].0, ErrorKind::GiftEscapeAtEnd));
                }
                '\\' => i += 1,
                '{' => in_block = true,
                '}' => in_block = false,
                _ => {}
            }
            i += 1;
        }
        current.extend(chars);
        current.push((start + content.len(), '\n'));
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Where the next character of `chars` from `from` is that `stop` accepts, skipping escaped
/// characters.
fn find_unescaped(
    chars: &[Char],
    from: usize,
    stop: impl Fn(&[Char], usize) -> bool,
) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i].1 == '\\' {
            i += 2;
            continue;
        }
        if stop(chars, i) {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn is(c: char) -> impl Fn(&[Char], usize) -> bool {
    move |chars, i| chars[i].1 == c
}

fn starts_with(chars: &[Char], at: usize, pattern: &str) -> bool {
    let mut n = at;
    for p in pattern.chars() {
        match chars.get(n) {
            Some((_, c)) if *c == p => n += 1,
            _ => return false,
        }
    }
    true
}

/// A text format of GIFT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Moodle,
    Plain,
    Markdown,
    Html,
}

impl Format {
    const ALL: [(&'static str, Format); 4] = [
        ("[moodle]", Format::Moodle),
        ("[plain]", Format::Plain),
        ("[markdown]", Format::Markdown),
        ("[html]", Format::Html),
    ];
}

/// An answer of an answer block, as written.
struct Item<'c> {
    right: bool,
    /// The `%weight%`, if given.
    weight: Option<f64>,
    text: &'c [Char],
    feedback: Option<&'c [Char]>,
    /// Where its `=` or `~` is.
    at: usize,
}

struct Reader<'s, 'a> {
    source: &'s SourceText<'a>,
    bank: Bank,
    errors: Vec<Diagnostic>,
    /// Where the first question title is, to report titles once.
    title_at: Option<usize>,
}

impl Reader<'_, '_> {
    fn error(&mut self, at: usize, kind: ErrorKind) {
        self.errors.push(self.source.error(at, kind));
    }

    fn lint(&mut self, at: usize, kind: LintKind) {
        let lint = self.source.lint(at, kind);
        self.bank.warnings.push(lint);
    }

    fn not_kept(&mut self, at: usize, what: impl Into<String>, why: &'static str) {
        let what = what.into();
        self.lint(at, LintKind::ImportNotKept { what, why });
    }

    /// Reads one question (or category line) into the bank.
    fn question(&mut self, chunk: &[Char]) {
        let first = chunk.iter().position(|(_, c)| !c.is_whitespace());
        let Some(mut i) = first else { return };
        let start = chunk[i].0;
        let line = self.source.span(start).line;
        if starts_with(chunk, i, "$CATEGORY:") {
            let name: String = chunk[i + "$CATEGORY:".len()..]
                .iter()
                .map(|(_, c)| c)
                .collect();
            self.category(start, name.trim());
            return;
        }
        if starts_with(chunk, i, "::") {
            let Some(end) = find_unescaped(chunk, i + 2, |c, n| starts_with(c, n, "::")) else {
                self.error(start, ErrorKind::GiftUnclosedTitle);
                return;
            };
            self.title_at.get_or_insert(start);
            i = end + 2;
        }
        let format = format_at(chunk, &mut i).unwrap_or(Format::Moodle);
        let Some(open) = find_unescaped(chunk, i, |c, n| matches!(c[n].1, '{' | '}')) else {
            self.lint(
                start,
                LintKind::ImportQuestionLeftOut("description".to_string()),
            );
            return;
        };
        if chunk[open].1 == '}' {
            self.error(chunk[open].0, ErrorKind::GiftUnopenedBlock);
            return;
        }
        let Some(close) = find_unescaped(chunk, open + 1, |c, n| matches!(c[n].1, '{' | '}'))
        else {
            self.error(chunk[open].0, ErrorKind::GiftUnclosedBlock);
            return;
        };
        if chunk[close].1 == '{' {
            self.error(chunk[open].0, ErrorKind::GiftUnclosedBlock);
            return;
        }
        let after = &chunk[close + 1..];
        if let Some(extra) = find_unescaped(after, 0, |c, n| matches!(c[n].1, '{' | '}')) {
            let kind = match after[extra].1 {
                '{' => ErrorKind::GiftSecondBlock,
                _ => ErrorKind::GiftUnopenedBlock,
            };
            self.error(after[extra].0, kind);
            return;
        }
        let before = &chunk[i..open];
        let block = &chunk[open + 1..close];
        let missing_word = after.iter().any(|(_, c)| !c.is_whitespace());
        let open_at = chunk[open].0;
        let Some((answer, explanation)) = self.answer(block, open_at, format, before, after) else {
            return;
        };
        let (prompt, body) = match answer {
            // The cloze holds the text (read already), with its blank: the heading is left
            // to the writer.
            BankAnswer::Cloze { .. } => (String::new(), None),
            _ => {
                let mut stem = self.text(before, format).0;
                if missing_word {
                    stem = format!("{stem} {MISSING_WORD_GAP} {}", self.text(after, format).0);
                }
                split_prompt(&stem)
            }
        };
        self.bank.questions.push(BankQuestion {
            prompt,
            body,
            answer,
            hint: None,
            explanation,
            line,
        });
    }

    /// The lesson is titled by the first category's last part; other categories are
    /// reported, since the lesson holds every question of the file.
    fn category(&mut self, at: usize, name: &str) {
        let last = name.rsplit('/').next().unwrap_or(name).trim();
        match &self.bank.title {
            None if !last.is_empty() => self.bank.title = Some(last.to_string()),
            Some(title) if title == last => {}
            _ => self.not_kept(
                at,
                format!("category \"{name}\""),
                "the lesson holds every question of the file",
            ),
        }
    }

    /// The question's answer and explanation from its answer block (`block`, opened at byte
    /// `open_at`), or `None` when it is left out or has errors.
    fn answer(
        &mut self,
        block: &[Char],
        open_at: usize,
        format: Format,
        before: &[Char],
        after: &[Char],
    ) -> Option<(BankAnswer, Option<String>)> {
        let first = block.iter().position(|(_, c)| !c.is_whitespace());
        let Some(first) = first else {
            self.lint(
                open_at,
                LintKind::ImportQuestionLeftOut("essay".to_string()),
            );
            return None;
        };
        if block[first].1 == '#' && !starts_with(block, first, "####") {
            self.lint(
                open_at,
                LintKind::ImportQuestionLeftOut("numeric".to_string()),
            );
            return None;
        }
        let general = find_unescaped(block, 0, |c, n| starts_with(c, n, "####"));
        let (answers, general) = match general {
            Some(at) => (&block[..at], Some(&block[at + 4..])),
            None => (block, None),
        };
        let explanation = general
            .map(|text| self.text(text, format).0)
            .filter(|text| !text.is_empty());
        if let Some(answer) = self.true_false(answers, format) {
            return Some((answer, explanation));
        }
        let items = self.items(answers)?;
        let answer = self.kind(&items, open_at, format, before, after)?;
        Some((answer, explanation))
    }

    /// `{T}`, `{FALSE#wrong#right}`, …
    fn true_false(&mut self, answers: &[Char], format: Format) -> Option<BankAnswer> {
        let hash = find_unescaped(answers, 0, is('#')).unwrap_or(answers.len());
        let word: String = answers[..hash].iter().map(|(_, c)| c).collect();
        let answer = match word.trim().to_lowercase().as_str() {
            "t" | "true" => true,
            "f" | "false" => false,
            _ => return None,
        };
        let mut feedback = [None, None];
        let mut at = hash;
        for slot in &mut feedback {
            if at >= answers.len() {
                break;
            }
            let end = find_unescaped(answers, at + 1, is('#')).unwrap_or(answers.len());
            let text = self.text(&answers[at + 1..end], format).0;
            *slot = (!text.is_empty()).then_some(text);
            at = end;
        }
        let [wrong, right] = feedback;
        let (if_true, if_false) = if answer {
            (right, wrong)
        } else {
            (wrong, right)
        };
        Some(BankAnswer::TrueFalse {
            answer,
            if_true,
            if_false,
        })
    }

    /// The `=`/`~` answers of a block, or `None` after reporting a malformed one.
    fn items<'c>(&mut self, answers: &'c [Char]) -> Option<Vec<Item<'c>>> {
        let mut items = Vec::new();
        let mut i = 0;
        let mut ok = true;
        let next_answer = |c: &[Char], n: usize| matches!(c[n].1, '=' | '~');
        loop {
            while answers.get(i).is_some_and(|(_, c)| c.is_whitespace()) {
                i += 1;
            }
            let Some(&(at, mark)) = answers.get(i) else {
                break;
            };
            if !matches!(mark, '=' | '~') {
                self.error(at, ErrorKind::GiftExpectedAnswer(mark));
                return None;
            }
            i += 1;
            let mut weight = None;
            if answers.get(i).is_some_and(|(_, c)| *c == '%') {
                let end = find_unescaped(answers, i + 1, is('%'));
                let written: String = answers[i + 1..end.unwrap_or(i + 1)]
                    .iter()
                    .map(|(_, c)| c)
                    .collect();
                match (end, written.trim().parse::<f64>()) {
                    (Some(end), Ok(value)) if (-100.0..=100.0).contains(&value) => {
                        weight = Some(value);
                        i = end + 1;
                    }
                    _ => {
                        self.error(answers[i].0, ErrorKind::GiftBadWeight(written));
                        return None;
                    }
                }
            }
            let end = find_unescaped(answers, i, |c, n| next_answer(c, n) || c[n].1 == '#')
                .unwrap_or(answers.len());
            let text = &answers[i..end];
            let mut feedback = None;
            i = end;
            if answers.get(i).is_some_and(|(_, c)| *c == '#') {
                let end = find_unescaped(answers, i + 1, next_answer).unwrap_or(answers.len());
                feedback = Some(&answers[i + 1..end]);
                i = end;
            }
            if is_blank(text) {
                self.error(at, ErrorKind::GiftEmptyAnswer);
                ok = false;
            }
            items.push(Item {
                right: mark == '=',
                weight,
                text,
                feedback,
                at,
            });
        }
        ok.then_some(items)
    }

    /// The kind of question the answers make, checked.
    fn kind(
        &mut self,
        items: &[Item],
        open_at: usize,
        format: Format,
        before: &[Char],
        after: &[Char],
    ) -> Option<BankAnswer> {
        if items.is_empty() {
            self.error(open_at, ErrorKind::GiftNoRightAnswer);
            return None;
        }
        let is_match = items
            .iter()
            .any(|item| find_unescaped(item.text, 0, |c, n| starts_with(c, n, "->")).is_some());
        if is_match {
            return self.matching(items, format);
        }
        let wrong = items.iter().filter(|item| !item.right).count();
        if wrong == 0 {
            return Some(self.short(items, format, before, after));
        }
        let right = items.len() - wrong;
        let choices = if right == 0 {
            self.weighted_choices(items, open_at, format)?
        } else {
            if right > 1 {
                self.not_kept(
                    open_at,
                    "full marks for any one of several right answers",
                    "read as a multiple-answer question, every right answer must be picked",
                );
            }
            for item in items {
                let full = if item.right { 100.0 } else { 0.0 };
                if item.weight.is_some_and(|w| w != full) {
                    self.not_kept(
                        item.at,
                        "a partial weight in a single-answer question",
                        "the choice counts as fully right or wrong",
                    );
                }
            }
            items
                .iter()
                .map(|item| self.choice(item, item.right, format))
                .collect()
        };
        Some(BankAnswer::Choices {
            multiple: right != 1,
            choices,
        })
    }

    /// A multiple-answer question's choices: those with a positive weight are right.
    fn weighted_choices(
        &mut self,
        items: &[Item],
        open_at: usize,
        format: Format,
    ) -> Option<Vec<BankChoice>> {
        let positive: Vec<f64> = items
            .iter()
            .filter_map(|item| item.weight.filter(|w| *w > 0.0))
            .collect();
        if positive.is_empty() {
            self.error(open_at, ErrorKind::GiftNoRightAnswer);
            return None;
        }
        let equal = positive.iter().all(|w| (w - positive[0]).abs() < 0.01);
        let sum: f64 = positive.iter().sum();
        let penalties_kept = items
            .iter()
            .filter_map(|item| item.weight.filter(|w| *w <= 0.0))
            .all(|w| w == -100.0);
        if !equal || (sum - 100.0).abs() > 0.1 || !penalties_kept {
            self.not_kept(
                open_at,
                "the weights of the choices",
                "every right choice must be picked, and any wrong one loses the question",
            );
        }
        Some(
            items
                .iter()
                .map(|item| self.choice(item, item.weight.is_some_and(|w| w > 0.0), format))
                .collect(),
        )
    }

    fn choice(&mut self, item: &Item, correct: bool, format: Format) -> BankChoice {
        BankChoice {
            text: one_line(&self.text(item.text, format).0),
            correct,
            feedback: item
                .feedback
                .map(|text| self.text(text, format).0)
                .filter(|text| !text.is_empty()),
        }
    }

    /// A short answer, or a cloze with one blank when the block stands inside the text.
    fn short(
        &mut self,
        items: &[Item],
        format: Format,
        before: &[Char],
        after: &[Char],
    ) -> BankAnswer {
        for item in items {
            if item.weight.is_some_and(|w| w != 100.0) {
                self.not_kept(
                    item.at,
                    "the weight of an accepted answer",
                    "every accepted answer is right",
                );
            }
            if item.feedback.is_some() {
                self.not_kept(
                    item.at,
                    "feedback on an accepted answer",
                    "a short answer has none",
                );
            }
        }
        let accepted: Vec<String> = items
            .iter()
            .map(|item| one_line(&self.text(item.text, format).0))
            .collect();
        if after.iter().all(|(_, c)| c.is_whitespace()) {
            return BankAnswer::Short { accepted };
        }
        let before = one_line(&self.text(before, format).0);
        let after = one_line(&self.text(after, format).0);
        BankAnswer::Cloze {
            pieces: vec![format!("{before} "), format!(" {after}")],
            blanks: vec![accepted],
        }
    }

    fn matching(&mut self, items: &[Item], format: Format) -> Option<BankAnswer> {
        let mut pairs = Vec::new();
        let mut ok = true;
        for item in items {
            if !item.right {
                self.error(item.at, ErrorKind::GiftWrongChoiceInMatch);
                ok = false;
                continue;
            }
            let Some(arrow) = find_unescaped(item.text, 0, |c, n| starts_with(c, n, "->")) else {
                self.error(item.at, ErrorKind::GiftMatchWithoutArrow);
                ok = false;
                continue;
            };
            let left = one_line(&self.text(&item.text[..arrow], format).0);
            let right = one_line(&self.text(&item.text[arrow + 2..], format).0);
            if left.is_empty() || right.is_empty() {
                self.error(item.at, ErrorKind::GiftEmptyAnswer);
                ok = false;
                continue;
            }
            if item.weight.is_some() {
                self.not_kept(
                    item.at,
                    "the weight of a matching pair",
                    "every pair counts alike",
                );
            }
            if item.feedback.is_some() {
                self.not_kept(
                    item.at,
                    "feedback on a matching pair",
                    "a matching has none",
                );
            }
            pairs.push((left, right));
        }
        ok.then_some(BankAnswer::Match { pairs })
    }

    /// A piece of GIFT text as Markdown of ours (trimmed), in `format` unless it names its
    /// own; HTML tags dropped are reported.
    fn text(&mut self, chars: &[Char], format: Format) -> (String, Format) {
        let mut i = chars
            .iter()
            .position(|(_, c)| !c.is_whitespace())
            .unwrap_or(chars.len());
        let format = format_at(chars, &mut i).unwrap_or(format);
        let raw = unescape(&chars[i..], format);
        let markdown = match format {
            Format::Markdown => raw,
            Format::Moodle | Format::Plain => raw
                .lines()
                .map(|line| escape_inline(line.trim()))
                .collect::<Vec<_>>()
                .join("\n"),
            Format::Html => {
                let (markdown, dropped) = html_to_markdown(&raw);
                if !dropped.is_empty() {
                    let at = chars.first().map_or(0, |(at, _)| *at);
                    self.not_kept(
                        at,
                        format!("HTML {}", dropped.join(", ")),
                        "only simple inline tags are converted to Markdown",
                    );
                }
                markdown
            }
        };
        (markdown.trim().to_string(), format)
    }
}

/// Whether a piece of text is empty: only spaces, after its text format if it names one.
fn is_blank(chars: &[Char]) -> bool {
    let mut i = chars
        .iter()
        .position(|(_, c)| !c.is_whitespace())
        .unwrap_or(chars.len());
    format_at(chars, &mut i);
    chars[i..].iter().all(|(_, c)| c.is_whitespace())
}

/// The text format named at `chars[*i]`, moving `i` past it.
fn format_at(chars: &[Char], i: &mut usize) -> Option<Format> {
    let (name, format) = Format::ALL
        .into_iter()
        .find(|(name, _)| starts_with(chars, *i, name))?;
    *i += name.len();
    Some(format)
}

/// GIFT's escapes resolved; real line breaks are spaces except in Markdown, `\n` a line
/// break. In Markdown, `\\` and escapes of other characters stay for Markdown to read.
fn unescape(chars: &[Char], format: Format) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let next = chars.get(i + 1).map(|(_, c)| *c);
        match (c, next) {
            ('\\', Some(e @ ('~' | '=' | '#' | '{' | '}' | ':'))) => {
                out.push(e);
                i += 2;
            }
            ('\\', Some('n')) => {
                out.push('\n');
                i += 2;
            }
            ('\\', Some('\\')) if format != Format::Markdown => {
                out.push('\\');
                i += 2;
            }
            ('\n' | '\r', _) if format != Format::Markdown => {
                out.push(' ');
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Text on one line (a choice, a heading).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The heading (the first line, `{` escaped) and the body (the other lines, one
/// paragraph each) of a question's text.
fn split_prompt(stem: &str) -> (String, Option<String>) {
    let mut lines = stem.lines().map(str::trim).filter(|line| !line.is_empty());
    let prompt = lines.next().unwrap_or_default();
    let mut escaped = String::new();
    let mut after_backslash = false;
    for c in prompt.chars() {
        if c == '{' && !after_backslash {
            escaped.push('\\');
        }
        after_backslash = c == '\\' && !after_backslash;
        escaped.push(c);
    }
    let body: Vec<&str> = lines.collect();
    (escaped, (!body.is_empty()).then(|| body.join("\n\n")))
}

/// Simple inline HTML as Markdown, and the tags dropped (`<span>`, once each, sorted).
fn html_to_markdown(html: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut dropped: Vec<String> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&escape_inline(&decode_entities(&rest[..lt])));
        let Some(gt) = rest[lt..].find('>') else {
            out.push_str(&escape_inline(&decode_entities(&rest[lt..])));
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("b" | "strong", _) => out.push_str("**"),
            ("i" | "em", _) => out.push('*'),
            ("code", _) => out.push('`'),
            ("br", _) | ("p", true) => out.push('\n'),
            ("p", false) => {}
            ("a", false) => {
                links.push(attribute(tag, "href").unwrap_or_default());
                out.push('[');
            }
            ("a", true) => {
                let href = links.pop().unwrap_or_default();
                out.push_str(&format!("]({href})"));
            }
            _ => {
                let shown = format!("<{name}>");
                if !dropped.contains(&shown) {
                    dropped.push(shown);
                }
            }
        }
    }
    out.push_str(&escape_inline(&decode_entities(rest)));
    dropped.sort();
    (out, dropped)
}

/// The value of attribute `name` in a tag's text (`a href="x"`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let value = &value[1..];
    Some(value[..value.find(quote)?].to_string())
}

/// The few character references HTML text commonly holds, decoded.
fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_ok(text: &str) -> Bank {
        read(Path::new("q.gift"), text).expect("valid GIFT")
    }

    fn first_error(text: &str) -> String {
        let errors = read(Path::new("q.gift"), text).expect_err("invalid GIFT");
        errors[0].headline()
    }

    #[test]
    fn choices_feedback_and_general_feedback() {
        let bank = read_ok("::Q1:: Who? {=Grant#yes ~Lee#no ####Grant is buried there.}\n");
        let question = &bank.questions[0];
        assert_eq!(question.prompt, "Who?");
        assert_eq!(
            question.explanation.as_deref(),
            Some("Grant is buried there.")
        );
        let BankAnswer::Choices { multiple, choices } = &question.answer else {
            panic!("{question:?}")
        };
        assert!(!multiple);
        assert_eq!(choices[0].text, "Grant");
        assert!(choices[0].correct);
        assert_eq!(choices[1].feedback.as_deref(), Some("no"));
    }

    #[test]
    fn true_false_feedback_is_wrong_then_right() {
        let bank = read_ok("Sun is a star {T#No, it is.#Yes.}\n\nMoon is a star {F#No.#Right.}");
        assert_eq!(
            bank.questions[0].answer,
            BankAnswer::TrueFalse {
                answer: true,
                if_true: Some("Yes.".into()),
                if_false: Some("No, it is.".into())
            }
        );
        assert_eq!(
            bank.questions[1].answer,
            BankAnswer::TrueFalse {
                answer: false,
                if_true: Some("No.".into()),
                if_false: Some("Right.".into())
            }
        );
    }

    #[test]
    fn escapes_and_markdown_specials() {
        let bank = read_ok("Is 1 \\= 1 \\{really\\}\\: *yes* \\#1? {=a\\~b}");
        assert_eq!(
            bank.questions[0].prompt,
            "Is 1 = 1 \\{really}: \\*yes\\* #1?"
        );
        assert_eq!(
            bank.questions[0].answer,
            BankAnswer::Short {
                accepted: vec!["a\\~b".into()]
            }
        );
    }

    #[test]
    fn missing_word_short_answer_is_a_cloze() {
        let bank = read_ok("Two plus {=two =2} equals four.");
        assert_eq!(
            bank.questions[0].answer,
            BankAnswer::Cloze {
                pieces: vec!["Two plus ".into(), " equals four.".into()],
                blanks: vec![vec!["two".into(), "2".into()]]
            }
        );
        // The text is the cloze's alone, not the heading's too.
        assert_eq!(bank.questions[0].prompt, "");
        assert_eq!(bank.questions[0].body, None);
    }

    #[test]
    fn a_missing_word_short_answer_reports_each_dropped_tag_once() {
        let bank = read_ok("[html]Two <span>plus</span> {=two} equals <span>four</span>.");
        let lines: Vec<String> = bank.warnings.iter().map(Lint::headline).collect();
        assert_eq!(
            lines,
            [
                "q.gift:1:7: warning: HTML <span> not kept: only simple inline tags are converted to Markdown",
                "q.gift:1:35: warning: HTML <span> not kept: only simple inline tags are converted to Markdown",
            ]
        );
    }

    #[test]
    fn a_missing_word_cloze_is_headed_in_the_packs_language_and_true_false_worded_in_it() {
        let bank = read_ok("Two plus {=two =2} equals four.\n\nParis is in France. {T}");
        let lesson = crate::import::bank::write_lesson(
            &bank,
            "Sums",
            &crate::i18n::QuizWords::for_language("fr"),
        );
        let headings: Vec<&str> = lesson.lines().filter(|l| l.starts_with("### ")).collect();
        assert_eq!(
            headings,
            [
                "### Complétez la phrase. {.cloze}",
                "### Paris is in France."
            ]
        );
        assert!(
            lesson.contains("\nTwo plus [two](<blank:two|2>) equals four.\n"),
            "{lesson}"
        );
        assert!(lesson.contains("\n- [x] Vrai\n- [ ] Faux\n"), "{lesson}");
    }

    #[test]
    fn unkept_kinds_are_reported_by_line() {
        let bank = read_ok("// c\nA {#3:1}\n\nB {}\n\nC.\n");
        let lines: Vec<String> = bank.warnings.iter().map(Lint::headline).collect();
        assert_eq!(
            lines,
            [
                "q.gift:2:3: warning: numeric question left out: lessonpack has no such kind of question (rewrite it by hand as another kind)",
                "q.gift:4:3: warning: essay question left out: lessonpack has no such kind of question (rewrite it by hand as another kind)",
                "q.gift:6:1: warning: description question left out: lessonpack has no such kind of question (rewrite it by hand as another kind)",
            ]
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        assert!(first_error("Q {=a ~b\n").starts_with("q.gift:1:3: answer block"));
        assert!(first_error("Q {~a ~b}").starts_with("q.gift:1:3: question has no right"));
        assert!(first_error("Q {=a -> b =c}").starts_with("q.gift:1:12: matching pair"));
        assert!(first_error("Q {=a ~}").starts_with("q.gift:1:7: empty answer"));
        assert!(first_error("Q {=a}\\\n").starts_with("q.gift:1:7: \"\\\" at the end"));
    }

    #[test]
    fn html_keeps_simple_tags_and_reports_others() {
        let (markdown, dropped) =
            html_to_markdown("<p>A <b>bold</b> <span>x</span> <a href=\"u\">l</a> &amp; *</p>");
        assert_eq!(markdown, "A **bold** x [l](u) & \\*\n");
        assert_eq!(dropped, ["<span>"]);
    }

    use crate::diagnostic::Lint;
}
