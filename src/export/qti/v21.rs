//! QTI 2.1: `imsmanifest.xml` (IMS CP 1.1), `assessment.xml` (an `assessmentTest` with a
//! section per lesson) and `items/<identifier>.xml`, one `assessmentItem` per question.
//!
//! Every item declares `SCORE` and `MAXSCORE`: 1 for a question, or its number of parts when
//! the quiz gives partial credit (see [`Scoring`]). Its response processing is written out (no
//! template), since it also sets the feedback outcomes: `FEEDBACK` (the picked choices, each
//! choice's feedback a `modalFeedback`), `EXPLANATION` (shown once answered) and `HINT` (a
//! `feedbackBlock` shown by an `endAttemptInteraction`, QTI's own way of asking for a hint).

use super::xhtml::xhtml;
use super::{Section, ncname_part};
use crate::content::quiz::{Answer, Choice, Cloze, Question};
use crate::export::ExportInput;
use crate::export::xml::Xml;
use crate::web::escape_xml;

const QTI_NS: &str = "http://www.imsglobal.org/xsd/imsqti_v2p1";
const QTI_SCHEMA: &str = "http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd";
/// The assessment test's file in the package.
const TEST_FILE: &str = "assessment.xml";

/// The package's files: the manifest first, then the test, then the items in order.
pub(super) fn files(input: &ExportInput, sections: &[Section]) -> Vec<(String, String)> {
    let hint_label = input.pack.config.string("hint");
    let mut items = Vec::new();
    for section in sections {
        for (index, question) in section.questions.iter().enumerate() {
            let identifier = section.item_identifier(index);
            let text = item(&identifier, question, section, hint_label);
            items.push((identifier, text));
        }
    }
    let test_identifier = format!("test-{}", ncname_part(input.stem));
    let mut files = vec![
        (
            "imsmanifest.xml".to_string(),
            manifest(input, &test_identifier, &items),
        ),
        (
            TEST_FILE.to_string(),
            test(input, &test_identifier, sections),
        ),
    ];
    files.extend(items.into_iter().map(|(id, text)| (item_file(&id), text)));
    files
}

fn item_file(identifier: &str) -> String {
    format!("items/{identifier}.xml")
}

fn manifest(input: &ExportInput, test_identifier: &str, items: &[(String, String)]) -> String {
    let mut xml = super::manifest_start(input.stem, "QTIv2.1 Package", "1.0.0");
    xml.open(
        "resource",
        &[
            ("identifier", test_identifier),
            ("type", "imsqti_test_xmlv2p1"),
            ("href", TEST_FILE),
        ],
    );
    xml.empty("file", &[("href", TEST_FILE)]);
    for (id, _) in items {
        xml.empty("dependency", &[("identifierref", id)]);
    }
    xml.close("resource");
    for (id, _) in items {
        let href = item_file(id);
        xml.open(
            "resource",
            &[
                ("identifier", id),
                ("type", "imsqti_item_xmlv2p1"),
                ("href", &href),
            ],
        );
        xml.empty("file", &[("href", &href)]);
        xml.close("resource");
    }
    xml.close("resources");
    xml.close("manifest");
    xml.finish()
}

/// The test: one part, a section per lesson, its score the sum of the items'.
fn test(input: &ExportInput, identifier: &str, sections: &[Section]) -> String {
    let mut xml = Xml::new();
    let title = super::title(input);
    xml.open(
        "assessmentTest",
        &[
            ("xmlns", QTI_NS),
            ("xmlns:xsi", super::XSI_NS),
            ("xsi:schemaLocation", QTI_SCHEMA),
            ("identifier", identifier),
            ("title", title),
        ],
    );
    for outcome in ["SCORE", "MAXSCORE"] {
        xml.empty(
            "outcomeDeclaration",
            &[
                ("identifier", outcome),
                ("cardinality", "single"),
                ("baseType", "float"),
            ],
        );
    }
    xml.open(
        "testPart",
        &[
            ("identifier", "part-1"),
            ("navigationMode", "nonlinear"),
            ("submissionMode", "individual"),
        ],
    );
    for section in sections {
        xml.open(
            "assessmentSection",
            &[
                ("identifier", &section.identifier),
                ("title", &section.lesson.meta.title),
                ("visible", "true"),
            ],
        );
        for index in 0..section.questions.len() {
            let id = section.item_identifier(index);
            // Relative to the test's own file.
            xml.empty(
                "assessmentItemRef",
                &[("identifier", &id), ("href", &item_file(&id))],
            );
        }
        xml.close("assessmentSection");
    }
    xml.close("testPart");
    xml.open("outcomeProcessing", &[]);
    for outcome in ["SCORE", "MAXSCORE"] {
        xml.markup(
            "setOutcomeValue",
            &[("identifier", outcome)],
            &format!("<sum><testVariables variableIdentifier=\"{outcome}\"/></sum>"),
        );
    }
    xml.close("outcomeProcessing");
    xml.close("assessmentTest");
    xml.finish()
}

/// How an item is scored: its response declarations, the rules that set `SCORE`, and the
/// most it scores.
struct Scoring {
    declarations: Vec<String>,
    rules: Vec<String>,
    max: usize,
}

/// One `assessmentItem`.
fn item(identifier: &str, question: &Question, section: &Section, hint_label: &str) -> String {
    let partial = section.partial_credit;
    let (scoring, interaction) = match &question.answer {
        Answer::Choices { multiple, choices } => {
            choice_interaction(question, *multiple, choices, section.shuffle, partial)
        }
        Answer::Short { accepted } => short_interaction(question, accepted),
        Answer::Cloze(cloze) => cloze_interaction(question, cloze, partial),
        Answer::Order { items } => order_interaction(question, items, partial),
        Answer::Match { lefts, rights } => match_interaction(question, lefts, rights, partial),
    };
    let choice_feedback: Vec<(String, &Choice)> = match &question.answer {
        Answer::Choices { choices, .. } => choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.feedback.is_some())
            .map(|(i, c)| (choice_identifier(i), c))
            .collect(),
        _ => Vec::new(),
    };
    let multiple = matches!(question.answer, Answer::Choices { multiple: true, .. });

    let mut xml = Xml::new();
    xml.open(
        "assessmentItem",
        &[
            ("xmlns", QTI_NS),
            ("xmlns:xsi", super::XSI_NS),
            ("xsi:schemaLocation", QTI_SCHEMA),
            ("identifier", identifier),
            ("title", &question.prompt_text),
            ("adaptive", "false"),
            ("timeDependent", "false"),
        ],
    );
    for declaration in &scoring.declarations {
        xml.raw(declaration);
    }
    if question.hint.is_some() {
        xml.empty(
            "responseDeclaration",
            &[
                ("identifier", "HINTREQUEST"),
                ("cardinality", "single"),
                ("baseType", "boolean"),
            ],
        );
    }
    outcome(&mut xml, "SCORE", "single", "float", Some("0"));
    outcome(
        &mut xml,
        "MAXSCORE",
        "single",
        "float",
        Some(&scoring.max.to_string()),
    );
    if !choice_feedback.is_empty() {
        let cardinality = if multiple { "multiple" } else { "single" };
        outcome(&mut xml, "FEEDBACK", cardinality, "identifier", None);
    }
    if question.explanation.is_some() {
        outcome(&mut xml, "EXPLANATION", "single", "identifier", None);
    }
    if question.hint.is_some() {
        outcome(&mut xml, "HINT", "single", "identifier", None);
    }

    xml.open("itemBody", &[]);
    if !question.body.is_empty() {
        xml.markup("div", &[], &xhtml(&question.body));
    }
    xml.raw(&interaction);
    if let Some(hint) = &question.hint {
        xml.markup(
            "p",
            &[],
            &format!(
                "<endAttemptInteraction responseIdentifier=\"HINTREQUEST\" title=\"{}\"/>",
                escape_xml(hint_label)
            ),
        );
        xml.open(
            "feedbackBlock",
            &[
                ("outcomeIdentifier", "HINT"),
                ("identifier", "hint"),
                ("showHide", "show"),
            ],
        );
        xml.markup("div", &[], &xhtml(hint));
        xml.close("feedbackBlock");
    }
    xml.close("itemBody");

    let mut answered = scoring.rules;
    if !choice_feedback.is_empty() {
        answered.push(set_outcome("FEEDBACK", &variable("RESPONSE")));
    }
    if question.explanation.is_some() {
        answered.push(set_outcome(
            "EXPLANATION",
            &base("identifier", "explanation"),
        ));
    }
    xml.open("responseProcessing", &[]);
    match question.hint {
        Some(_) => xml.raw(&format!(
            "<responseCondition><responseIf>{}{}</responseIf><responseElse>{}</responseElse></responseCondition>",
            variable("HINTREQUEST"),
            set_outcome("HINT", &base("identifier", "hint")),
            answered.concat()
        )),
        None => {
            for rule in &answered {
                xml.raw(rule);
            }
        }
    }
    xml.close("responseProcessing");

    for (id, choice) in &choice_feedback {
        let feedback = choice.feedback.as_ref().expect("filtered on feedback");
        modal_feedback(&mut xml, "FEEDBACK", id, &xhtml(feedback));
    }
    if let Some(explanation) = &question.explanation {
        modal_feedback(&mut xml, "EXPLANATION", "explanation", &xhtml(explanation));
    }
    xml.close("assessmentItem");
    xml.finish()
}

fn outcome(xml: &mut Xml, id: &str, cardinality: &str, base_type: &str, default: Option<&str>) {
    let attrs = [
        ("identifier", id),
        ("cardinality", cardinality),
        ("baseType", base_type),
    ];
    match default {
        Some(value) => {
            xml.open("outcomeDeclaration", &attrs);
            xml.markup("defaultValue", &[], &format!("<value>{value}</value>"));
            xml.close("outcomeDeclaration");
        }
        None => xml.empty("outcomeDeclaration", &attrs),
    }
}

fn modal_feedback(xml: &mut Xml, outcome: &str, id: &str, content: &str) {
    xml.open(
        "modalFeedback",
        &[
            ("outcomeIdentifier", outcome),
            ("identifier", id),
            ("showHide", "show"),
        ],
    );
    xml.markup("div", &[], content);
    xml.close("modalFeedback");
}

fn choice_identifier(index: usize) -> String {
    format!("choice-{}", index + 1)
}

/// A `responseDeclaration`: its correct values, and a mapping of `(key, points)` when the
/// score maps the response.
fn declaration(
    id: &str,
    cardinality: &str,
    base_type: &str,
    correct: &[String],
    mapping: &[(String, i64)],
    case_sensitive: bool,
) -> String {
    let mut out = format!(
        "<responseDeclaration identifier=\"{id}\" cardinality=\"{cardinality}\" baseType=\"{base_type}\">"
    );
    out.push_str("<correctResponse>");
    for value in correct {
        out.push_str(&format!("<value>{}</value>", escape_xml(value)));
    }
    out.push_str("</correctResponse>");
    if !mapping.is_empty() {
        out.push_str("<mapping defaultValue=\"0\">");
        for (key, points) in mapping {
            out.push_str(&format!(
                "<mapEntry mapKey=\"{}\" mappedValue=\"{points}\" caseSensitive=\"{case_sensitive}\"/>",
                escape_xml(key)
            ));
        }
        out.push_str("</mapping>");
    }
    out.push_str("</responseDeclaration>");
    out
}

fn variable(id: &str) -> String {
    format!("<variable identifier=\"{id}\"/>")
}

fn correct(id: &str) -> String {
    format!("<correct identifier=\"{id}\"/>")
}

fn base(base_type: &str, value: &str) -> String {
    format!(
        "<baseValue baseType=\"{base_type}\">{}</baseValue>",
        escape_xml(value)
    )
}

fn matches_correct(id: &str) -> String {
    format!("<match>{}{}</match>", variable(id), correct(id))
}

/// True when a mapped response scores: a typed answer that is one of the accepted ones.
fn mapped_right(id: &str) -> String {
    format!(
        "<gt><mapResponse identifier=\"{id}\"/>{}</gt>",
        base("float", "0")
    )
}

fn set_outcome(id: &str, expression: &str) -> String {
    format!("<setOutcomeValue identifier=\"{id}\">{expression}</setOutcomeValue>")
}

/// Adds a point to `SCORE` when `condition` holds.
fn point_if(condition: &str) -> String {
    let sum = format!("<sum>{}{}</sum>", variable("SCORE"), base("float", "1"));
    format!(
        "<responseCondition><responseIf>{condition}{}</responseIf></responseCondition>",
        set_outcome("SCORE", &sum)
    )
}

/// Scoring by parts: a point per part with partial credit, else a point when every part
/// is right.
fn parts_scoring(declarations: Vec<String>, parts: Vec<String>, partial: bool) -> Scoring {
    match partial {
        true => Scoring {
            declarations,
            max: parts.len(),
            rules: parts.iter().map(|part| point_if(part)).collect(),
        },
        false => Scoring {
            declarations,
            max: 1,
            rules: vec![point_if(&format!("<and>{}</and>", parts.concat()))],
        },
    }
}

fn prompt(question: &Question) -> String {
    format!("<prompt>{}</prompt>", xhtml(&question.prompt))
}

fn choice_interaction(
    question: &Question,
    multiple: bool,
    choices: &[Choice],
    shuffle: bool,
    partial: bool,
) -> (Scoring, String) {
    let ids: Vec<String> = (0..choices.len()).map(choice_identifier).collect();
    let right: Vec<String> = ids
        .iter()
        .zip(choices)
        .filter(|(_, c)| c.correct)
        .map(|(id, _)| id.clone())
        .collect();
    let wrong_count = choices.len() - right.len();
    let cardinality = if multiple { "multiple" } else { "single" };
    let scoring = if multiple && partial {
        // A point per choice ticked rightly or rightly left: each right tick +1, each wrong
        // tick −1, on top of a point per wrong choice.
        let mapping = ids
            .iter()
            .zip(choices)
            .map(|(id, c)| (id.clone(), if c.correct { 1 } else { -1 }))
            .collect::<Vec<_>>();
        let score = format!(
            "<sum><mapResponse identifier=\"RESPONSE\"/>{}</sum>",
            base("float", &wrong_count.to_string())
        );
        Scoring {
            declarations: vec![declaration(
                "RESPONSE",
                cardinality,
                "identifier",
                &right,
                &mapping,
                true,
            )],
            rules: vec![set_outcome("SCORE", &score)],
            max: choices.len(),
        }
    } else {
        Scoring {
            declarations: vec![declaration(
                "RESPONSE",
                cardinality,
                "identifier",
                &right,
                &[],
                true,
            )],
            rules: vec![point_if(&matches_correct("RESPONSE"))],
            max: 1,
        }
    };
    let max_choices = if multiple { "0" } else { "1" };
    let mut body = format!(
        "<choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"{shuffle}\" maxChoices=\"{max_choices}\">{}",
        prompt(question)
    );
    for (id, choice) in ids.iter().zip(choices) {
        let fixed = if shuffle && choice.pinned {
            " fixed=\"true\""
        } else {
            ""
        };
        body.push_str(&format!(
            "<simpleChoice identifier=\"{id}\"{fixed}>{}</simpleChoice>",
            xhtml(&choice.html)
        ));
    }
    body.push_str("</choiceInteraction>");
    (scoring, body)
}

/// A mapping of accepted answers to a point each, once each ignoring case (QTI compares
/// them with `caseSensitive="false"`).
fn accepted_mapping<'a>(accepted: impl IntoIterator<Item = &'a str>) -> Vec<(String, i64)> {
    let mut mapping: Vec<(String, i64)> = Vec::new();
    for answer in accepted {
        if !mapping
            .iter()
            .any(|(a, _)| a.to_lowercase() == answer.to_lowercase())
        {
            mapping.push((answer.to_string(), 1));
        }
    }
    mapping
}

fn expected_length<'a>(accepted: impl IntoIterator<Item = &'a str>) -> usize {
    accepted
        .into_iter()
        .map(|a| a.chars().count())
        .max()
        .unwrap_or(1)
}

fn short_interaction(question: &Question, accepted: &[Choice]) -> (Scoring, String) {
    let texts = || accepted.iter().map(|c| c.text.as_str());
    let declaration = declaration(
        "RESPONSE",
        "single",
        "string",
        &[accepted[0].text.clone()],
        &accepted_mapping(texts()),
        false,
    );
    let body = format!(
        "<div><p>{}</p><p><textEntryInteraction responseIdentifier=\"RESPONSE\" expectedLength=\"{}\"/></p></div>",
        xhtml(&question.prompt),
        expected_length(texts())
    );
    let scoring = parts_scoring(vec![declaration], vec![mapped_right("RESPONSE")], false);
    (scoring, body)
}

fn cloze_interaction(question: &Question, cloze: &Cloze, partial: bool) -> (Scoring, String) {
    // The drop-downs' options: every blank's first answer, each once, sorted.
    let options = crate::export::drop_down_options(cloze);
    let option_id = |answer: &str| {
        let index = options
            .iter()
            .position(|o| *o == answer)
            .expect("listed above");
        format!("option-{}", index + 1)
    };
    let mut declarations = Vec::new();
    let mut parts = Vec::new();
    let mut text = format!("<p>{}</p><p>", xhtml(&question.prompt));
    for (index, blank) in cloze.blanks.iter().enumerate() {
        let id = format!("RESPONSE-{}", index + 1);
        text.push_str(&xhtml(&cloze.pieces[index]));
        if cloze.choices {
            declarations.push(declaration(
                &id,
                "single",
                "identifier",
                &[option_id(&blank.accepted[0])],
                &[],
                true,
            ));
            parts.push(matches_correct(&id));
            text.push_str(&format!(
                "<inlineChoiceInteraction responseIdentifier=\"{id}\" shuffle=\"false\">"
            ));
            for option in &options {
                text.push_str(&format!(
                    "<inlineChoice identifier=\"{}\">{}</inlineChoice>",
                    option_id(option),
                    escape_xml(option)
                ));
            }
            text.push_str("</inlineChoiceInteraction>");
        } else {
            let accepted = || blank.accepted.iter().map(String::as_str);
            declarations.push(declaration(
                &id,
                "single",
                "string",
                &[blank.accepted[0].clone()],
                &accepted_mapping(accepted()),
                false,
            ));
            parts.push(mapped_right(&id));
            text.push_str(&format!(
                "<textEntryInteraction responseIdentifier=\"{id}\" expectedLength=\"{}\"/>",
                expected_length(accepted())
            ));
        }
    }
    text.push_str(&xhtml(
        cloze.pieces.last().expect("a piece after the last blank"),
    ));
    text.push_str("</p>");
    (
        parts_scoring(declarations, parts, partial),
        format!("<div>{text}</div>"),
    )
}

fn order_interaction(question: &Question, items: &[Choice], partial: bool) -> (Scoring, String) {
    let ids: Vec<String> = (0..items.len())
        .map(|i| format!("item-{}", i + 1))
        .collect();
    let declaration = declaration("RESPONSE", "ordered", "identifier", &ids, &[], true);
    let scoring = match partial {
        true => {
            let positions = ids
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    format!(
                        "<match><index n=\"{}\">{}</index>{}</match>",
                        i + 1,
                        variable("RESPONSE"),
                        base("identifier", id)
                    )
                })
                .collect();
            parts_scoring(vec![declaration], positions, true)
        }
        false => parts_scoring(vec![declaration], vec![matches_correct("RESPONSE")], false),
    };
    let mut body = format!(
        "<orderInteraction responseIdentifier=\"RESPONSE\" shuffle=\"true\">{}",
        prompt(question)
    );
    for (id, item) in ids.iter().zip(items) {
        body.push_str(&format!(
            "<simpleChoice identifier=\"{id}\">{}</simpleChoice>",
            xhtml(&item.html)
        ));
    }
    body.push_str("</orderInteraction>");
    (scoring, body)
}

fn match_interaction(
    question: &Question,
    lefts: &[Choice],
    rights: &[Choice],
    partial: bool,
) -> (Scoring, String) {
    // Right sides once each, sorted, as the page offers them.
    let mut targets: Vec<&str> = rights.iter().map(|r| r.text.as_str()).collect();
    targets.sort_unstable();
    targets.dedup();
    let target_id = |text: &str| {
        let index = targets
            .iter()
            .position(|t| *t == text)
            .expect("listed above");
        format!("right-{}", index + 1)
    };
    let pairs: Vec<String> = rights
        .iter()
        .enumerate()
        .map(|(i, right)| format!("left-{} {}", i + 1, target_id(&right.text)))
        .collect();
    let mapping: Vec<(String, i64)> = pairs.iter().map(|p| (p.clone(), 1)).collect();
    let scoring = match partial {
        true => Scoring {
            declarations: vec![declaration(
                "RESPONSE",
                "multiple",
                "directedPair",
                &pairs,
                &mapping,
                true,
            )],
            rules: vec![set_outcome(
                "SCORE",
                "<mapResponse identifier=\"RESPONSE\"/>",
            )],
            max: lefts.len(),
        },
        false => parts_scoring(
            vec![declaration(
                "RESPONSE",
                "multiple",
                "directedPair",
                &pairs,
                &[],
                true,
            )],
            vec![matches_correct("RESPONSE")],
            false,
        ),
    };
    let mut body = format!(
        "<matchInteraction responseIdentifier=\"RESPONSE\" shuffle=\"false\" maxAssociations=\"{}\">{}<simpleMatchSet>",
        lefts.len(),
        prompt(question)
    );
    for (i, left) in lefts.iter().enumerate() {
        body.push_str(&format!(
            "<simpleAssociableChoice identifier=\"left-{}\" matchMax=\"1\">{}</simpleAssociableChoice>",
            i + 1,
            xhtml(&left.html)
        ));
    }
    body.push_str("</simpleMatchSet><simpleMatchSet>");
    for target in &targets {
        let shared = rights.iter().filter(|r| r.text == *target).count();
        body.push_str(&format!(
            "<simpleAssociableChoice identifier=\"{}\" matchMax=\"{shared}\">{}</simpleAssociableChoice>",
            target_id(target),
            escape_xml(target)
        ));
    }
    body.push_str("</simpleMatchSet></matchInteraction>");
    (scoring, body)
}
