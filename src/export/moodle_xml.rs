//! Moodle XML: a `<quiz>` of a `category` question per lesson (`$course$/top/<pack>/<lesson>`)
//! followed by its questions.
//!
//! Kinds: single choice is `multichoice` with `single` true (fractions 100 and 0), or
//! `truefalse` when its two choices are the words True and False of the pack's language;
//! multiple choice is `multichoice` with `single` false, the right choices sharing 100 and the
//! wrong ones sharing −100 (Moodle's rule, so ticking every choice scores 0); short answer is
//! `shortanswer` (case ignored); matching is `matching`; ordering is Moodle's `ordering`; a
//! cloze is `multianswer`, each blank `{1:SHORTANSWER:=a~=b}` or, for drop-downs,
//! `{1:MULTICHOICE:…}`. Each choice's feedback is its answer's `<feedback>`, the explanation
//! the `<generalfeedback>`, the hint a `<hint>`. Every text is HTML (`format="html"`).

use super::ExportInput;
use super::xml::Xml;
use crate::content::quiz::{Answer, Choice, Cloze, Question};
use crate::diagnostic::Diagnostic;
use crate::i18n::QuizWords;
use crate::web::escape_xml;

/// The Moodle XML of `input`'s quizzes.
pub(crate) fn export(input: &ExportInput) -> Result<String, Diagnostic> {
    let language = &input.pack.config.language;
    let mut xml = Xml::new();
    xml.open("quiz", &[]);
    for section in super::qti::sections(input) {
        let category = format!(
            "$course$/top/{}/{}",
            category_part(&input.pack.config.title),
            category_part(&section.lesson.meta.title)
        );
        xml.open("question", &[("type", "category")]);
        xml.open("category", &[]);
        xml.text("text", &[], &category);
        xml.close("category");
        xml.close("question");
        for question in section.questions {
            write_question(
                &mut xml,
                question,
                section.shuffle,
                section.partial_credit,
                language,
            );
        }
    }
    xml.close("quiz");
    Ok(xml.finish())
}

/// A category name as a part of a path: `/` would start a subcategory, so it is doubled,
/// Moodle's escape for it.
fn category_part(name: &str) -> String {
    name.replace('/', "//")
}

fn write_question(
    xml: &mut Xml,
    question: &Question,
    shuffle: bool,
    partial: bool,
    language: &str,
) {
    let kind = match &question.answer {
        Answer::Choices {
            multiple: false,
            choices,
        } if is_true_false(choices, language) => "truefalse",
        Answer::Choices { .. } => "multichoice",
        Answer::Short { .. } => "shortanswer",
        Answer::Cloze(_) => "multianswer",
        Answer::Order { .. } => "ordering",
        Answer::Match { .. } => "matching",
    };
    xml.open("question", &[("type", kind)]);
    xml.open("name", &[]);
    xml.text("text", &[], &question.prompt_text);
    xml.close("name");
    let mut text = format!("<p>{}</p>", question.prompt.render(""));
    text.push_str(&question.body.render(""));
    if let Answer::Cloze(cloze) = &question.answer {
        text.push_str(&cloze_text(cloze));
    }
    html_text(xml, "questiontext", &text);
    let explanation = question.explanation.as_ref().map(|e| e.render(""));
    html_text(xml, "generalfeedback", explanation.as_deref().unwrap_or(""));
    xml.text("defaultgrade", &[], "1");
    xml.text("penalty", &[], "0.3333333");
    xml.text("hidden", &[], "0");
    let shuffle = if shuffle { "1" } else { "0" };
    match &question.answer {
        Answer::Choices { multiple, choices } if kind == "multichoice" => {
            xml.text("single", &[], if *multiple { "false" } else { "true" });
            xml.text("shuffleanswers", &[], shuffle);
            xml.text("answernumbering", &[], "abc");
            let right = choices.iter().filter(|c| c.correct).count();
            let wrong = choices.len() - right;
            for choice in choices {
                let fraction = match (choice.correct, *multiple) {
                    (true, false) => 100.0,
                    (false, false) => 0.0,
                    (true, true) => 100.0 / right as f64,
                    (false, true) => -100.0 / wrong as f64,
                };
                answer(
                    xml,
                    fraction,
                    &choice.html.render(""),
                    choice.feedback.as_ref().map(|f| f.render("")),
                );
            }
        }
        Answer::Choices { choices, .. } => {
            // True or false: Moodle's two answers are its own "true" and "false".
            let words = QuizWords::for_language(language);
            for word in [words.true_word, words.false_word] {
                let choice = choices
                    .iter()
                    .find(|c| QuizWords::same_word(&c.text, word))
                    .expect("checked by is_true_false");
                let fraction = if choice.correct { 100.0 } else { 0.0 };
                let feedback = choice.feedback.as_ref().map(|f| f.render(""));
                xml.open(
                    "answer",
                    &[
                        ("fraction", &fraction_text(fraction)),
                        ("format", "moodle_auto_format"),
                    ],
                );
                xml.text(
                    "text",
                    &[],
                    if word == words.true_word {
                        "true"
                    } else {
                        "false"
                    },
                );
                html_text(xml, "feedback", feedback.as_deref().unwrap_or(""));
                xml.close("answer");
            }
        }
        Answer::Short { accepted } => {
            xml.text("usecase", &[], "0");
            for choice in accepted {
                xml.open(
                    "answer",
                    &[("fraction", "100"), ("format", "moodle_auto_format")],
                );
                xml.text("text", &[], &choice.text);
                html_text(xml, "feedback", "");
                xml.close("answer");
            }
        }
        Answer::Cloze(_) => {}
        Answer::Order { items } => {
            xml.text("layouttype", &[], "VERTICAL");
            xml.text("selecttype", &[], "ALL");
            xml.text("selectcount", &[], "0");
            let grading = if partial {
                "ABSOLUTE_POSITION"
            } else {
                "ALL_OR_NOTHING"
            };
            xml.text("gradingtype", &[], grading);
            xml.text("showgrading", &[], "SHOW");
            xml.text("numberingstyle", &[], "none");
            // The fraction of an ordering's answer is its place in the right order.
            for (position, item) in items.iter().enumerate() {
                let fraction = (position + 1).to_string();
                xml.open("answer", &[("fraction", &fraction), ("format", "html")]);
                xml.text("text", &[], &item.html.render(""));
                xml.close("answer");
            }
        }
        Answer::Match { lefts, rights } => {
            xml.text("shuffleanswers", &[], "1");
            for (left, right) in lefts.iter().zip(rights) {
                xml.open("subquestion", &[("format", "html")]);
                xml.text("text", &[], &left.html.render(""));
                xml.open("answer", &[]);
                xml.text("text", &[], &right.text);
                xml.close("answer");
                xml.close("subquestion");
            }
        }
    }
    if let Some(hint) = &question.hint {
        html_text(xml, "hint", &hint.render(""));
    }
    xml.close("question");
}

/// `<name format="html"><text>html</text></name>`, the HTML escaped.
fn html_text(xml: &mut Xml, name: &str, html: &str) {
    xml.open(name, &[("format", "html")]);
    xml.text("text", &[], html);
    xml.close(name);
}

fn answer(xml: &mut Xml, fraction: f64, html: &str, feedback: Option<String>) {
    xml.open(
        "answer",
        &[("fraction", &fraction_text(fraction)), ("format", "html")],
    );
    xml.text("text", &[], html);
    html_text(xml, "feedback", feedback.as_deref().unwrap_or(""));
    xml.close("answer");
}

/// A fraction as Moodle writes it: at most five decimals (`33.33333`, `-50`).
fn fraction_text(fraction: f64) -> String {
    let text = format!("{fraction:.5}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" => "0".to_string(),
        _ => text.to_string(),
    }
}

/// Whether a single choice's two choices are the words True and False.
fn is_true_false(choices: &[Choice], language: &str) -> bool {
    QuizWords::for_language(language).are_true_and_false(choices.iter().map(|c| c.text.as_str()))
}

/// The cloze's text with an embedded answer (Moodle's Cloze syntax) at each blank.
fn cloze_text(cloze: &Cloze) -> String {
    let options = super::drop_down_options(cloze);
    let mut text = String::from("<p>");
    for (index, piece) in cloze.pieces.iter().enumerate() {
        text.push_str(&piece.render(""));
        let Some(blank) = cloze.blanks.get(index) else {
            continue;
        };
        let answers: Vec<String> = match cloze.choices {
            true => options
                .iter()
                .map(|o| {
                    let mark = if *o == blank.accepted[0] { "=" } else { "" };
                    format!("{mark}{}", cloze_escape(o))
                })
                .collect(),
            false => blank
                .accepted
                .iter()
                .map(|a| format!("={}", cloze_escape(a)))
                .collect(),
        };
        let kind = if cloze.choices {
            "MULTICHOICE"
        } else {
            "SHORTANSWER"
        };
        text.push_str(&format!("{{1:{kind}:{}}}", answers.join("~")));
    }
    text.push_str("</p>");
    text
}

/// An answer inside Moodle's Cloze syntax: its special characters escaped with `\`, and as
/// HTML (the question text is HTML).
fn cloze_escape(answer: &str) -> String {
    let mut out = String::new();
    for c in answer.chars() {
        if matches!(c, '}' | '#' | '~' | '/' | '"' | '\\' | '{' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    escape_xml(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_written_like_moodle() {
        assert_eq!(fraction_text(100.0 / 3.0), "33.33333");
        assert_eq!(fraction_text(-50.0), "-50");
        assert_eq!(fraction_text(0.0), "0");
        assert_eq!(fraction_text(100.0), "100");
    }

    #[test]
    fn cloze_answers_escape_moodle_specials() {
        assert_eq!(cloze_escape("a~b}c"), "a\\~b\\}c");
        assert_eq!(cloze_escape("<i>"), "&lt;i&gt;");
    }
}
