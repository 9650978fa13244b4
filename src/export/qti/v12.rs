//! QTI 1.2: `imsmanifest.xml` (IMS CP 1.1) and `assessment.xml`, one `questestinterop`
//! document (assessment, a section per lesson, an item per question) in the form Canvas and
//! Blackboard import: Canvas's `question_type` and `points_possible` in each item's
//! `qtimetadata`, `SCORE` from 0 to 100, the explanation as the `general_fb` item feedback.
//!
//! Kinds: single and multiple choice are `response_lid`s (`Single`, `Multiple`); a short
//! answer a `response_str` with a `varequal` per accepted answer; a cloze Canvas's
//! `fill_in_multiple_blanks_question` (or `multiple_dropdowns_question` for drop-downs), a
//! `response_lid` per `[blankN]` of the text; a matching Canvas's `matching_question`, a
//! `response_lid` per left side; an ordering, which QTI 1.2 platforms lack, a matching of
//! each item (sorted by text) with its position. Hints are QTI 1.2 `hint` item feedback.

use super::Section;
use super::ncname_part;
use crate::content::quiz::{Answer, Choice, Cloze, Question};
use crate::export::ExportInput;
use crate::export::xml::Xml;

const QTI_NS: &str = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2";
const QTI_SCHEMA: &str =
    "http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd";
const ASSESSMENT_FILE: &str = "assessment.xml";
/// The ident of the item feedback that holds the explanation (Canvas's name for it).
const GENERAL_FEEDBACK: &str = "general_fb";

/// The package's files: the manifest, then the assessment.
pub(super) fn files(input: &ExportInput, sections: &[Section]) -> Vec<(String, String)> {
    let identifier = format!("assessment-{}", ncname_part(input.stem));
    vec![
        ("imsmanifest.xml".to_string(), manifest(input, &identifier)),
        (
            ASSESSMENT_FILE.to_string(),
            assessment(input, &identifier, sections),
        ),
    ]
}

fn manifest(input: &ExportInput, assessment: &str) -> String {
    let mut xml = super::manifest_start(input.stem, "IMS Content", "1.1.3");
    xml.open(
        "resource",
        &[
            ("identifier", assessment),
            ("type", "imsqti_xmlv1p2"),
            ("href", ASSESSMENT_FILE),
        ],
    );
    xml.empty("file", &[("href", ASSESSMENT_FILE)]);
    xml.close("resource");
    xml.close("resources");
    xml.close("manifest");
    xml.finish()
}

fn assessment(input: &ExportInput, identifier: &str, sections: &[Section]) -> String {
    let mut xml = Xml::new();
    xml.open(
        "questestinterop",
        &[
            ("xmlns", QTI_NS),
            ("xmlns:xsi", super::XSI_NS),
            ("xsi:schemaLocation", QTI_SCHEMA),
        ],
    );
    xml.open(
        "assessment",
        &[("ident", identifier), ("title", super::title(input))],
    );
    for section in sections {
        xml.open(
            "section",
            &[
                ("ident", &section.identifier),
                ("title", &section.lesson.meta.title),
            ],
        );
        for (index, question) in section.questions.iter().enumerate() {
            item(&mut xml, &section.item_identifier(index), question, section);
        }
        xml.close("section");
    }
    xml.close("assessment");
    xml.close("questestinterop");
    xml.finish()
}

/// The Canvas question type of a question.
fn question_type(question: &Question) -> &'static str {
    match &question.answer {
        Answer::Choices {
            multiple: false, ..
        } => "multiple_choice_question",
        Answer::Choices { multiple: true, .. } => "multiple_answers_question",
        Answer::Short { .. } => "short_answer_question",
        Answer::Cloze(Cloze { choices: true, .. }) => "multiple_dropdowns_question",
        Answer::Cloze(_) => "fill_in_multiple_blanks_question",
        Answer::Order { .. } | Answer::Match { .. } => "matching_question",
    }
}

/// One part of a cloze or matching: the response it is, its label, its options (ident and
/// text) and the ident of the right one (or of each accepted one).
struct Part {
    response: String,
    label: String,
    options: Vec<(String, String)>,
    right: Vec<String>,
}

/// The score conditions of an item: `(condition markup, points of 100)`.
type Conditions = Vec<(String, String)>;

fn item(xml: &mut Xml, identifier: &str, question: &Question, section: &Section) {
    let parts = parts(question);
    let points = match section.partial_credit && !parts.is_empty() {
        true => parts.len(),
        false => 1,
    };
    xml.open(
        "item",
        &[("ident", identifier), ("title", &question.prompt_text)],
    );
    xml.open("itemmetadata", &[]);
    xml.open("qtimetadata", &[]);
    metadata_field(xml, "question_type", question_type(question));
    metadata_field(xml, "points_possible", &points.to_string());
    xml.close("qtimetadata");
    xml.close("itemmetadata");

    xml.open("presentation", &[]);
    let mut text = question.prompt.render("");
    text.push_str(&question.body.render(""));
    if let Answer::Cloze(cloze) = &question.answer {
        text.push_str(&cloze_text(cloze));
    }
    material(xml, &text);
    let conditions = presentation(xml, question, section, &parts);
    xml.close("presentation");

    xml.open("resprocessing", &[]);
    xml.open("outcomes", &[]);
    xml.empty(
        "decvar",
        &[
            ("maxvalue", "100"),
            ("minvalue", "0"),
            ("varname", "SCORE"),
            ("vartype", "Decimal"),
        ],
    );
    xml.close("outcomes");
    if question.explanation.is_some() {
        xml.open("respcondition", &[("continue", "Yes")]);
        xml.markup("conditionvar", &[], "<other/>");
        display_feedback(xml, GENERAL_FEEDBACK);
        xml.close("respcondition");
    }
    let choices = match &question.answer {
        Answer::Choices { choices, .. } => choices.as_slice(),
        _ => &[],
    };
    for (index, choice) in choices.iter().enumerate() {
        if choice.feedback.is_some() {
            xml.open("respcondition", &[("continue", "Yes")]);
            xml.markup(
                "conditionvar",
                &[],
                &varequal("response1", &choice_ident(index)),
            );
            display_feedback(xml, &feedback_ident(index));
            xml.close("respcondition");
        }
    }
    for (condition, score) in &conditions {
        let whole = score == "100";
        xml.open(
            "respcondition",
            &[("continue", if whole { "No" } else { "Yes" })],
        );
        xml.markup("conditionvar", &[], condition);
        let action = if whole { "Set" } else { "Add" };
        xml.text("setvar", &[("action", action), ("varname", "SCORE")], score);
        xml.close("respcondition");
    }
    xml.close("resprocessing");

    if let Some(explanation) = &question.explanation {
        item_feedback(xml, GENERAL_FEEDBACK, &explanation.render(""));
    }
    for (index, choice) in choices.iter().enumerate() {
        if let Some(feedback) = &choice.feedback {
            item_feedback(xml, &feedback_ident(index), &feedback.render(""));
        }
    }
    if let Some(hint) = &question.hint {
        xml.open("itemfeedback", &[("ident", "hint")]);
        xml.open("hint", &[]);
        xml.open("hintmaterial", &[]);
        xml.open("flow_mat", &[]);
        material(xml, &hint.render(""));
        xml.close("flow_mat");
        xml.close("hintmaterial");
        xml.close("hint");
        xml.close("itemfeedback");
    }
    xml.close("item");
}

/// Writes the item's responses; gives the conditions that score them.
fn presentation(
    xml: &mut Xml,
    question: &Question,
    section: &Section,
    parts: &[Part],
) -> Conditions {
    match &question.answer {
        Answer::Choices { multiple, choices } => {
            let cardinality = if *multiple { "Multiple" } else { "Single" };
            xml.open(
                "response_lid",
                &[("ident", "response1"), ("rcardinality", cardinality)],
            );
            let shuffle = if section.shuffle { "Yes" } else { "No" };
            xml.open("render_choice", &[("shuffle", shuffle)]);
            for (index, choice) in choices.iter().enumerate() {
                let ident = choice_ident(index);
                match section.shuffle && choice.pinned {
                    true => xml.open("response_label", &[("ident", &ident), ("rshuffle", "No")]),
                    false => xml.open("response_label", &[("ident", &ident)]),
                }
                material(xml, &choice.html.render(""));
                xml.close("response_label");
            }
            xml.close("render_choice");
            xml.close("response_lid");
            let condition = match multiple {
                false => {
                    let right = choices.iter().position(|c| c.correct).expect("one right");
                    varequal("response1", &choice_ident(right))
                }
                true => {
                    let each: String = choices
                        .iter()
                        .enumerate()
                        .map(|(i, c)| match c.correct {
                            true => varequal("response1", &choice_ident(i)),
                            false => {
                                format!("<not>{}</not>", varequal("response1", &choice_ident(i)))
                            }
                        })
                        .collect();
                    format!("<and>{each}</and>")
                }
            };
            vec![(condition, "100".to_string())]
        }
        Answer::Short { accepted } => {
            xml.open(
                "response_str",
                &[("ident", "response1"), ("rcardinality", "Single")],
            );
            xml.open("render_fib", &[]);
            xml.empty(
                "response_label",
                &[("ident", "answer1"), ("rshuffle", "No")],
            );
            xml.close("render_fib");
            xml.close("response_str");
            // Canvas reads each `varequal` of the condition as an accepted answer.
            let condition = accepted
                .iter()
                .map(|a| varequal("response1", &a.text))
                .collect();
            vec![(condition, "100".to_string())]
        }
        Answer::Cloze(_) | Answer::Order { .. } | Answer::Match { .. } => {
            let share = hundredths(100.0 / parts.len() as f64);
            let mut conditions = Vec::new();
            for part in parts {
                xml.open(
                    "response_lid",
                    &[("ident", &part.response), ("rcardinality", "Single")],
                );
                material(xml, &part.label);
                xml.open("render_choice", &[]);
                for (ident, text) in &part.options {
                    xml.open("response_label", &[("ident", ident)]);
                    material(xml, text);
                    xml.close("response_label");
                }
                xml.close("render_choice");
                xml.close("response_lid");
                for right in &part.right {
                    conditions.push((varequal(&part.response, right), share.clone()));
                }
            }
            conditions
        }
    }
}

/// The parts of a cloze (its blanks), a matching (its left sides) or an ordering (its items,
/// sorted by text, each matched with its position); none for the other kinds.
fn parts(question: &Question) -> Vec<Part> {
    match &question.answer {
        Answer::Cloze(cloze) => cloze_parts(cloze),
        Answer::Match { lefts, rights } => {
            let mut targets: Vec<&str> = rights.iter().map(|r| r.text.as_str()).collect();
            targets.sort_unstable();
            targets.dedup();
            let options: Vec<(String, String)> = targets
                .iter()
                .enumerate()
                .map(|(k, t)| (format!("right-{}", k + 1), crate::web::escape_xml(t)))
                .collect();
            lefts
                .iter()
                .zip(rights)
                .enumerate()
                .map(|(i, (left, right))| {
                    let k = targets
                        .iter()
                        .position(|t| *t == right.text)
                        .expect("listed");
                    Part {
                        response: format!("response_left-{}", i + 1),
                        label: left.html.render(""),
                        options: options.clone(),
                        right: vec![format!("right-{}", k + 1)],
                    }
                })
                .collect()
        }
        Answer::Order { items } => {
            let options: Vec<(String, String)> = (1..=items.len())
                .map(|n| (format!("position-{n}"), n.to_string()))
                .collect();
            let mut sorted: Vec<(usize, &Choice)> = items.iter().enumerate().collect();
            sorted.sort_by(|a, b| a.1.text.cmp(&b.1.text));
            sorted
                .into_iter()
                .map(|(position, item)| Part {
                    response: format!("response_item-{}", position + 1),
                    label: item.html.render(""),
                    options: options.clone(),
                    right: vec![format!("position-{}", position + 1)],
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// A blank's part: with drop-downs every blank's first answer, sorted, is an option and the
/// blank's own is right; typed, each accepted answer is an option and right.
fn cloze_parts(cloze: &Cloze) -> Vec<Part> {
    let options = crate::export::drop_down_options(cloze);
    cloze
        .blanks
        .iter()
        .enumerate()
        .map(|(i, blank)| {
            let name = blank_name(i);
            let (options, right) = match cloze.choices {
                true => {
                    let labelled: Vec<(String, String)> = options
                        .iter()
                        .enumerate()
                        .map(|(k, o)| {
                            (
                                format!("{name}-option-{}", k + 1),
                                crate::web::escape_xml(o),
                            )
                        })
                        .collect();
                    let k = options
                        .iter()
                        .position(|o| *o == blank.accepted[0])
                        .expect("listed");
                    let right = labelled[k].0.clone();
                    (labelled, vec![right])
                }
                false => {
                    let labelled: Vec<(String, String)> = blank
                        .accepted
                        .iter()
                        .enumerate()
                        .map(|(k, a)| {
                            (
                                format!("{name}-answer-{}", k + 1),
                                crate::web::escape_xml(a),
                            )
                        })
                        .collect();
                    let right = labelled.iter().map(|(id, _)| id.clone()).collect();
                    (labelled, right)
                }
            };
            Part {
                response: format!("response_{name}"),
                label: name,
                options,
                right,
            }
        })
        .collect()
}

/// Canvas's name of a blank in the text: `blank1`, `blank2`, …
fn blank_name(index: usize) -> String {
    format!("blank{}", index + 1)
}

/// The cloze's text with `[blank1]`, `[blank2]`, … where its blanks are.
fn cloze_text(cloze: &Cloze) -> String {
    let mut text = String::from("<p>");
    for (index, piece) in cloze.pieces.iter().enumerate() {
        text.push_str(&piece.render(""));
        if index < cloze.blanks.len() {
            text.push_str(&format!("[{}]", blank_name(index)));
        }
    }
    text.push_str("</p>");
    text
}

fn choice_ident(index: usize) -> String {
    format!("choice-{}", index + 1)
}

fn feedback_ident(index: usize) -> String {
    format!("choice-{}_fb", index + 1)
}

fn varequal(response: &str, value: &str) -> String {
    format!(
        "<varequal respident=\"{response}\" case=\"No\">{}</varequal>",
        crate::web::escape_xml(value)
    )
}

/// A number of points with at most two decimals: `33.33`, `50`.
fn hundredths(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn metadata_field(xml: &mut Xml, label: &str, entry: &str) {
    xml.open("qtimetadatafield", &[]);
    xml.text("fieldlabel", &[], label);
    xml.text("fieldentry", &[], entry);
    xml.close("qtimetadatafield");
}

/// `<material>` of HTML (escaped as text, as QTI 1.2 carries HTML).
fn material(xml: &mut Xml, html: &str) {
    xml.open("material", &[]);
    xml.text("mattext", &[("texttype", "text/html")], html);
    xml.close("material");
}

fn display_feedback(xml: &mut Xml, ident: &str) {
    xml.empty(
        "displayfeedback",
        &[("feedbacktype", "Response"), ("linkrefid", ident)],
    );
}

fn item_feedback(xml: &mut Xml, ident: &str, html: &str) {
    xml.open("itemfeedback", &[("ident", ident)]);
    xml.open("flow_mat", &[]);
    material(xml, html);
    xml.close("flow_mat");
    xml.close("itemfeedback");
}
