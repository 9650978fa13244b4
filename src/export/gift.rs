//! Moodle's GIFT format: the quizzes as questions for Moodle's question bank.
//!
//! Each lesson is a category, `$CATEGORY: <pack>/<lesson>`, and each question is titled
//! `::<lesson>: Q<n>::`. The kinds:
//! - single choice → `{=right ~wrong}`; a single choice between exactly "True" and "False"
//!   → `{T}`/`{F}`, its choices' feedback as GIFT's two (for a wrong answer, then a right one);
//! - multiple choice → `{~%50%a ~%50%b ~%-100%c}`: each right choice weighs 100 divided by
//!   their number, each wrong one -100, so any wrong pick loses the question as in ours;
//! - short answer → `{=a =b}`; matching → `{=left -> right}`;
//! - a cloze with one blank → a missing-word question, `Text {=a =b} text.`, after the
//!   prompt on a line of its own (none when the prompt is the pack language's
//!   [`QuizWords::cloze_heading`], which an imported missing word got).
//!
//! Ordering questions and clozes of several blanks have no GIFT form: each is written as a
//! `//` comment naming it and its kind. Hints have none either (a comment notes them).
//! A choice's feedback follows it as `#…`, the explanation is the general feedback `####…`.
//! A question whose texts are plain is written as GIFT's default text; one with markup
//! (emphasis, links, code) as `[html]`, every text of it HTML.

use super::ExportInput;
use crate::content::{Answer, Choice, Fragment, Lesson, Question};
use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::i18n::QuizWords;

/// The GIFT text of `input`'s quizzes.
pub(crate) fn export(input: &ExportInput) -> Result<String, Diagnostic> {
    let pack_title = &input.pack.config.title;
    let words = QuizWords::for_language(&input.pack.config.language);
    let mut out = String::new();
    out.push_str(&format!(
        "// {}: questions exported by lessonpack\n",
        one_line(pack_title)
    ));
    for lesson in &input.lessons {
        if !lesson.has_body() {
            return Err(Diagnostic::global(ErrorKind::Io {
                path: lesson.path.clone(),
                message: "the lesson's quiz was not kept in memory for the export".to_string(),
            }));
        }
        write_lesson(&mut out, pack_title, &words, lesson);
    }
    Ok(out)
}

fn write_lesson(out: &mut String, pack_title: &str, words: &QuizWords, lesson: &Lesson) {
    let title = &lesson.meta.title;
    out.push_str(&format!(
        "\n$CATEGORY: {}/{}\n",
        category_part(pack_title),
        category_part(title)
    ));
    let Some(quiz) = lesson.quiz() else {
        out.push_str(&format!("\n// {} has no quiz\n", one_line(title)));
        return;
    };
    for (n, question) in quiz.questions.iter().enumerate() {
        out.push('\n');
        write_question(out, &format!("{title}: Q{}", n + 1), words, question);
    }
}

/// A category's part: one line, `/` doubled (Moodle reads `//` as a slash in a name).
fn category_part(text: &str) -> String {
    one_line(text).replace('/', "//")
}

fn write_question(out: &mut String, name: &str, words: &QuizWords, question: &Question) {
    let kind = question.kind().name();
    if let Some(hint) = &question.hint {
        out.push_str(&format!(
            "// {name}: its hint has no GIFT form: {}\n",
            one_line(&strip_tags(&unwrap_paragraph(&hint.render(""))))
        ));
    }
    let html = question_has_markup(question);
    let text = |fragment: &Fragment| Text::of_fragment(fragment).gift(html);
    let prompt = Text::of(&question.prompt, &question.prompt_text);
    let mut stem = prompt.gift(html);
    if !question.body.is_empty() {
        stem.push_str("\\n");
        stem.push_str(&gift_escape(&question.body.render("")));
    }
    let answers = match &question.answer {
        Answer::Choices {
            multiple: false,
            choices,
        } => match true_false(choices, html) {
            Some(block) => block,
            None => choices
                .iter()
                .map(|choice| {
                    let mark = if choice.correct { '=' } else { '~' };
                    answer_line(mark, "", choice, html)
                })
                .collect(),
        },
        Answer::Choices {
            multiple: true,
            choices,
        } => {
            let right = choices.iter().filter(|c| c.correct).count().max(1);
            let weight = format!("%{}%", percent(100.0 / right as f64));
            choices
                .iter()
                .map(|choice| {
                    let weight = if choice.correct { &weight } else { "%-100%" };
                    answer_line('~', weight, choice, html)
                })
                .collect()
        }
        Answer::Short { accepted } => accepted
            .iter()
            .map(|answer| format!("  ={}\n", Text::plain(&answer.text).gift(html)))
            .collect(),
        Answer::Match { lefts, rights } => lefts
            .iter()
            .zip(rights)
            .map(|(left, right)| {
                format!(
                    "  ={} -> {}\n",
                    Text::of(&left.html, &left.text).gift(html),
                    Text::of(&right.html, &right.text).gift(html)
                )
            })
            .collect(),
        Answer::Cloze(cloze) if cloze.blanks.len() == 1 => {
            let accepted: Vec<String> = cloze.blanks[0]
                .accepted
                .iter()
                .map(|a| format!("={}", Text::plain(a).gift(html)))
                .collect();
            let before = text(&cloze.pieces[0]);
            let after = text(&cloze.pieces[1]);
            let format = if html { "[html]" } else { "" };
            // The heading an import gave a missing word is not written back: the text is all.
            let generic = question.prompt_text == words.cloze_heading && question.body.is_empty();
            let stem = if generic {
                String::new()
            } else {
                format!("{stem}\\n")
            };
            out.push_str(&format!(
                "::{}::{format}{stem}{before} {{",
                gift_escape(name)
            ));
            out.push_str(&accepted.join(" "));
            if let Some(explanation) = &question.explanation {
                out.push_str(&format!(" ####{}", text(explanation)));
            }
            out.push_str(&format!("}} {after}\n"));
            return;
        }
        Answer::Cloze(_) | Answer::Order { .. } => {
            out.push_str(&format!(
                "// {name}: {kind} question, which GIFT cannot hold: \"{}\"\n",
                one_line(&question.prompt_text)
            ));
            return;
        }
    };
    let format = if html { "[html]" } else { "" };
    out.push_str(&format!("::{}::{format}{stem} {{\n", gift_escape(name)));
    out.push_str(&answers);
    if let Some(explanation) = &question.explanation {
        out.push_str(&format!("  ####{}\n", text(explanation)));
    }
    out.push_str("}\n");
}

/// `{T#…#…}` or `{F#…#…}` for a single choice between exactly "True" and "False": GIFT's
/// first feedback is for a wrong answer, the second for a right one.
fn true_false(choices: &[Choice], html: bool) -> Option<String> {
    let [first, second] = choices else {
        return None;
    };
    let words = [first, second].map(|c| c.text.trim().to_lowercase());
    let (true_choice, false_choice) = match words.each_ref().map(String::as_str) {
        ["true", "false"] => (first, second),
        ["false", "true"] => (second, first),
        _ => return None,
    };
    let (right, wrong) = if true_choice.correct {
        (true_choice, false_choice)
    } else {
        (false_choice, true_choice)
    };
    let letter = if true_choice.correct { 'T' } else { 'F' };
    let feedback = |choice: &Choice| {
        choice
            .feedback
            .as_ref()
            .map(|f| Text::of_fragment(f).gift(html))
    };
    Some(match (feedback(wrong), feedback(right)) {
        (None, None) => format!("  {letter}\n"),
        (wrong, right) => format!(
            "  {letter}#{}#{}\n",
            wrong.unwrap_or_default(),
            right.unwrap_or_default()
        ),
    })
}

/// One `=…`/`~…` answer, with its weight and feedback.
fn answer_line(mark: char, weight: &str, choice: &Choice, html: bool) -> String {
    let mut line = format!(
        "  {mark}{weight}{}",
        Text::of(&choice.html, &choice.text).gift(html)
    );
    if let Some(feedback) = &choice.feedback {
        line.push_str(&format!(" #{}", Text::of_fragment(feedback).gift(html)));
    }
    line.push('\n');
    line
}

/// A percentage as Moodle writes its grades: at most five decimals (`33.33333`).
fn percent(value: f64) -> String {
    let text = format!("{value:.5}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Whether any text of the question has markup, which makes the whole question `[html]`.
fn question_has_markup(question: &Question) -> bool {
    let mut fragments: Vec<&Fragment> = vec![&question.prompt];
    fragments.extend(question.explanation.as_ref());
    fragments.extend(question.choices().iter().map(|c| &c.html));
    fragments.extend(
        question
            .choices()
            .iter()
            .filter_map(|c| c.feedback.as_ref()),
    );
    match &question.answer {
        Answer::Match { rights, .. } => fragments.extend(rights.iter().map(|c| &c.html)),
        Answer::Cloze(cloze) => fragments.extend(&cloze.pieces),
        _ => {}
    }
    !question.body.is_empty() || fragments.iter().any(|f| Text::of_fragment(f).markup)
}

/// A text of a question: its HTML, its plain text, and whether the HTML has markup.
struct Text {
    html: String,
    plain: String,
    markup: bool,
}

impl Text {
    /// A fragment with its plain text.
    fn of(fragment: &Fragment, plain: &str) -> Text {
        let html = unwrap_paragraph(&fragment.render(""));
        Text {
            markup: html.contains(['<', '&']),
            html,
            plain: plain.to_string(),
        }
    }

    /// A fragment whose plain text is its HTML when it has no markup.
    fn of_fragment(fragment: &Fragment) -> Text {
        let html = unwrap_paragraph(&fragment.render(""));
        let plain = strip_tags(&html);
        Text {
            markup: html.contains(['<', '&']),
            html,
            plain,
        }
    }

    /// Plain text (an accepted answer).
    fn plain(text: &str) -> Text {
        Text {
            html: crate::web::escape_xml(text),
            plain: text.to_string(),
            markup: false,
        }
    }

    /// As GIFT: the HTML in an `[html]` question, else the plain text; escaped.
    fn gift(&self, html: bool) -> String {
        gift_escape(if html { &self.html } else { &self.plain })
    }
}

/// A block fragment of one paragraph without its `<p>`, as the inline text it is.
fn unwrap_paragraph(html: &str) -> String {
    let html = html.trim();
    match html
        .strip_prefix("<p>")
        .and_then(|inner| inner.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html.to_string(),
    }
}

/// HTML as text: tags dropped, the common character references decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Text with GIFT's special characters escaped and line breaks as `\n`.
fn gift_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Text on one line, for comments and categories.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specials_are_escaped() {
        assert_eq!(
            gift_escape("a=b ~c #d {e} f:g \\h\ni"),
            "a\\=b \\~c \\#d \\{e\\} f\\:g \\\\h\\ni"
        );
    }

    #[test]
    fn weights_are_written_as_moodle_grades() {
        assert_eq!(percent(100.0), "100");
        assert_eq!(percent(50.0), "50");
        assert_eq!(percent(100.0 / 3.0), "33.33333");
    }
}
