//! The QTI 2.1, QTI 1.2 and Moodle XML exports, read by other programs than ours: each
//! package is read by `read_qti.py` (Python's XML parser, which also checks the IMS rules
//! named in it), compared with the QTI that `text2qti` and `mkdocs-quiz` write for the same
//! questions, and the Moodle XML read by `read_moodle.py`. The pack
//! (`tests/fixtures/interchange/qti/pack`) has every kind of question: `tidal-ferry` scored a
//! point a question, `harbour-day` with partial credit.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::support::cli::{run_lessonpack, stderr};
use crate::support::pack::{fixture, fixture_copy, repo_root};
use crate::support::tools::skip_or_fail;

fn fixtures() -> PathBuf {
    fixture("interchange/qti")
}

/// The test Python (with text2qti and mkdocs-quiz), or `None` after a skip message.
fn python() -> Option<PathBuf> {
    let bin = repo_root().join(".venv-tests/bin");
    if bin.join("python").is_file() {
        Some(bin)
    } else {
        skip_or_fail(".venv-tests is not installed (run ./test.sh)");
        None
    }
}

/// Runs a program of the test Python; panics with its output when it fails.
fn run(program: &Path, args: &[&str], dir: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", program.display()));
    assert!(
        output.status.success(),
        "{} {args:?} failed:\n{}\n{}",
        program.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// What `read_qti.py` reads in a package (and it checks the rules).
fn read_qti(bin: &Path, zip: &Path) -> Value {
    let script = fixtures().join("read_qti.py");
    let text = run(
        &bin.join("python"),
        &[script.to_str().unwrap(), zip.to_str().unwrap()],
        Path::new("."),
    );
    serde_json::from_str(&text).expect("JSON from read_qti.py")
}

fn read_moodle(bin: &Path, file: &Path) -> Value {
    let script = fixtures().join("read_moodle.py");
    let text = run(
        &bin.join("python"),
        &[script.to_str().unwrap(), file.to_str().unwrap()],
        Path::new("."),
    );
    serde_json::from_str(&text).expect("JSON from read_moodle.py")
}

/// A copy of the pack with its exports in `formats` made.
fn exported(formats: &[&str]) -> tempfile::TempDir {
    let pack = fixture_copy("interchange/qti/pack");
    let mut args = vec!["export"];
    for format in formats {
        args.extend(["--to", format]);
    }
    let output = run_lessonpack(pack.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    pack
}

fn export_path(pack: &Path, format: &str, stem: &str, extension: &str) -> PathBuf {
    pack.join(format!("site/export/{format}/{stem}.{extension}"))
}

/// Each item's title, interactions, responses and score, as `read_qti.py` reads them.
fn items(summary: &Value) -> &Vec<Value> {
    summary["items"].as_array().expect("items")
}

#[test]
fn qti21_items_declare_each_kind_its_correct_responses_scores_and_feedback() {
    let Some(bin) = python() else { return };
    let pack = exported(&["qti21"]);
    let summary = read_qti(
        &bin,
        &export_path(pack.path(), "qti21", "ferries-harbours", "zip"),
    );
    assert_eq!(summary["version"], "2.1");
    let items = items(&summary);
    let titles: Vec<&str> = items.iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "The market opens in the evening.",
            "Which happen at the harbour?",
            "Put the day in order",
            "Match each place to what happens there",
            "Choose the words",
            "When does the ferry leave?",
            "What is true of the crossing?",
            "Which town does the ferry leave from?",
            "Fill in the blanks",
        ]
    );
    let response = |interaction: &str, cardinality: &str, base: &str, correct: Value| json!({"interaction": interaction, "cardinality": cardinality, "baseType": base, "correct": correct});
    // harbour-day gives partial credit: a point per choice, position, left side or blank.
    assert_eq!(
        items[0]["responses"],
        json!([response(
            "choiceInteraction",
            "single",
            "identifier",
            json!(["False"])
        )])
    );
    assert_eq!(items[0]["score"], 1.0);
    assert_eq!(
        items[0]["feedback"],
        json!({"FEEDBACK": ["Right: it opens at noon."], "EXPLANATION": ["It opens at noon, on the quay."]})
    );
    assert_eq!(
        items[1]["responses"],
        json!([response(
            "choiceInteraction",
            "multiple",
            "identifier",
            json!(["The boats leave at dawn.", "Mira lights the lamp."])
        )])
    );
    assert_eq!(items[1]["score"], 4.0);
    assert_eq!(
        items[1]["feedback"],
        json!({"FEEDBACK": ["Yes, in the evening."], "HINT": ["Read the first and the last sentence."]})
    );
    assert_eq!(
        items[2]["responses"],
        json!([response(
            "orderInteraction",
            "ordered",
            "identifier",
            json!([
                "The boats leave",
                "The market opens",
                "The boats come home",
                "Mira lights the lamp"
            ])
        )])
    );
    assert_eq!(items[2]["score"], 4.0);
    assert_eq!(
        items[3]["responses"],
        json!([response(
            "matchInteraction",
            "multiple",
            "directedPair",
            json!([
                "North Harbour -> The boats leave",
                "The quay -> The market opens & fish sells",
                "The lighthouse -> Mira lights the lamp",
                "The jetty -> The boats leave"
            ])
        )])
    );
    assert_eq!(items[3]["score"], 4.0);
    assert_eq!(
        items[4]["responses"],
        json!([
            response(
                "inlineChoiceInteraction",
                "single",
                "identifier",
                json!(["dawn"])
            ),
            response(
                "inlineChoiceInteraction",
                "single",
                "identifier",
                json!(["noon"])
            ),
            response(
                "inlineChoiceInteraction",
                "single",
                "identifier",
                json!(["Mira"])
            ),
        ])
    );
    assert_eq!(items[4]["score"], 3.0);
    // tidal-ferry scores a point a question.
    assert_eq!(
        items[5]["feedback"],
        json!({
            "FEEDBACK": ["No: eight o'clock is not in the article.", "Yes: it leaves at ten."],
            "EXPLANATION": ["The ferry leaves at ten and crosses in three hours."]
        })
    );
    assert_eq!(
        items[7]["responses"],
        json!([response(
            "textEntryInteraction",
            "single",
            "string",
            json!(["Northport"])
        )])
    );
    assert_eq!(
        items[8]["responses"],
        json!([
            response("textEntryInteraction", "single", "string", json!(["ten"])),
            response("textEntryInteraction", "single", "string", json!(["three"])),
        ])
    );
    for item in &items[5..] {
        assert_eq!(item["score"], 1.0, "{}", item["title"]);
    }
}

#[test]
fn qti21_matches_what_mkdocs_quiz_declares_for_the_same_questions() {
    let Some(bin) = python() else { return };
    let pack = exported(&["qti21"]);
    let ours = read_qti(
        &bin,
        &export_path(pack.path(), "qti21", "tidal-ferry", "zip"),
    );
    let work = tempfile::tempdir().unwrap();
    let zip = work.path().join("mkdocs-quiz.zip");
    run(
        &bin.join("mkdocs-quiz"),
        &[
            "export",
            "qti",
            fixtures().join("mkdocs-quiz").to_str().unwrap(),
            "-o",
            zip.to_str().unwrap(),
            "-q",
            "2.1",
        ],
        work.path(),
    );
    let theirs = read_qti(&bin, &zip);
    // mkdocs-quiz has no short answer: our questions 1, 2 and 4.
    let ours: Vec<&Value> = [0, 1, 3].iter().map(|&i| &items(&ours)[i]).collect();
    let theirs: Vec<&Value> = items(&theirs).iter().collect();
    assert_eq!(theirs.len(), 3);
    for (ours, theirs) in ours.iter().zip(&theirs) {
        for key in ["interactions", "responses", "score"] {
            assert_eq!(ours[key], theirs[key], "{key} of {}", ours["title"]);
        }
    }
    // Both show the explanation as modal feedback.
    assert_eq!(
        theirs[0]["feedback"]["FEEDBACK"],
        ours[0]["feedback"]["EXPLANATION"]
    );
}

#[test]
fn qti12_items_are_canvas_questions_with_their_answers_points_and_feedback() {
    let Some(bin) = python() else { return };
    let pack = exported(&["qti12"]);
    let summary = read_qti(
        &bin,
        &export_path(pack.path(), "qti12", "ferries-harbours", "zip"),
    );
    assert_eq!(summary["version"], "1.2");
    let items = items(&summary);
    let kinds: Vec<(&str, f64)> = items
        .iter()
        .map(|i| {
            (
                i["question_type"].as_str().unwrap(),
                i["points"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("multiple_choice_question", 1.0),
            ("multiple_answers_question", 1.0),
            ("matching_question", 4.0),
            ("matching_question", 4.0),
            ("multiple_dropdowns_question", 3.0),
            ("multiple_choice_question", 1.0),
            ("multiple_answers_question", 1.0),
            ("short_answer_question", 1.0),
            ("fill_in_multiple_blanks_question", 1.0),
        ]
    );
    let correct = |item: &Value| -> Vec<Value> {
        item["responses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["correct"].clone())
            .collect()
    };
    // The ordering is a matching of its items, sorted by text, with their positions.
    assert_eq!(
        correct(&items[2]),
        [json!(["4"]), json!(["3"]), json!(["1"]), json!(["2"])]
    );
    assert_eq!(
        correct(&items[3]),
        [
            json!(["The boats leave"]),
            json!(["The market opens & fish sells"]),
            json!(["Mira lights the lamp"]),
            json!(["The boats leave"])
        ]
    );
    assert_eq!(
        correct(&items[4]),
        [json!(["dawn"]), json!(["noon"]), json!(["Mira"])]
    );
    assert_eq!(correct(&items[8]), [json!(["10", "ten"]), json!(["three"])]);
    assert_eq!(
        items[1]["feedback"],
        json!([
            "Read the first and the last sentence.",
            "Yes, in the evening."
        ])
    );
}

#[test]
fn qti12_matches_what_text2qti_declares_for_the_same_questions() {
    let Some(bin) = python() else { return };
    let pack = exported(&["qti12"]);
    let ours = read_qti(
        &bin,
        &export_path(pack.path(), "qti12", "tidal-ferry", "zip"),
    );
    let work = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("text2qti-tidal-ferry.txt"),
        work.path().join("quiz.txt"),
    )
    .unwrap();
    run(&bin.join("text2qti"), &["quiz.txt"], work.path());
    let theirs = read_qti(&bin, &work.path().join("quiz.zip"));
    // text2qti has no fill-in of several blanks: our questions 1 to 3.
    let theirs = items(&theirs);
    assert_eq!(theirs.len(), 3);
    for (ours, theirs) in items(&ours).iter().zip(theirs) {
        for key in ["question_type", "responses", "points", "feedback"] {
            assert_eq!(ours[key], theirs[key], "{key} of {}", ours["title"]);
        }
    }
}

#[test]
fn moodle_xml_questions_carry_answers_fractions_and_feedback() {
    let Some(bin) = python() else { return };
    let pack = exported(&["moodle-xml"]);
    let questions = read_moodle(
        &bin,
        &export_path(pack.path(), "moodle-xml", "ferries-harbours", "xml"),
    );
    let questions = questions.as_array().unwrap();
    let kinds: Vec<&str> = questions
        .iter()
        .map(|q| q["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "truefalse",
            "multichoice",
            "ordering",
            "matching",
            "multianswer",
            "multichoice",
            "multichoice",
            "shortanswer",
            "multianswer"
        ]
    );
    assert_eq!(
        questions[0]["category"],
        "$course$/top/Ferries & Harbours/A Day at the Harbour"
    );
    assert_eq!(
        questions[5]["category"],
        "$course$/top/Ferries & Harbours/The Tidal Ferry"
    );
    let answers = |q: &Value| -> Vec<(String, f64, Value)> {
        q["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["text"].as_str().unwrap().to_string(),
                    a["fraction"].as_f64().unwrap(),
                    a["feedback"].clone(),
                )
            })
            .collect()
    };
    let a = |text: &str, fraction: f64, feedback: Value| (text.to_string(), fraction, feedback);
    assert_eq!(
        answers(&questions[0]),
        [
            a("true", 0.0, json!("")),
            a("false", 100.0, json!("Right: it opens at noon."))
        ]
    );
    assert_eq!(
        questions[0]["generalfeedback"],
        "It opens at noon, on the quay."
    );
    // Multiple choice: the right ones share 100, the wrong ones −100.
    assert_eq!(questions[1]["single"], "false");
    assert_eq!(
        answers(&questions[1]),
        [
            a("The boats leave at dawn.", 50.0, json!("")),
            a("The boats leave at noon.", -50.0, json!("")),
            a("Mira lights the lamp.", 50.0, json!("Yes, in the evening.")),
            a("The market opens at dawn.", -50.0, json!("")),
        ]
    );
    assert_eq!(
        questions[1]["hints"],
        json!(["Read the first and the last sentence."])
    );
    assert_eq!(
        answers(&questions[6]),
        [
            a("It takes three hours in calm weather.", 50.0, json!("")),
            a("It takes five hours.", -100.0, json!("")),
            a("It does not start on stormy nights.", 50.0, json!("")),
        ]
    );
    // Ordering: each answer's fraction is its place; partial credit grades by position.
    let order: Vec<(String, f64)> = answers(&questions[2])
        .into_iter()
        .map(|(t, f, _)| (t, f))
        .collect();
    assert_eq!(
        order,
        [
            ("The boats leave".to_string(), 1.0),
            ("The market opens".to_string(), 2.0),
            ("The boats come home".to_string(), 3.0),
            ("Mira lights the lamp".to_string(), 4.0)
        ]
    );
    assert_eq!(questions[2]["gradingtype"], "ABSOLUTE_POSITION");
    assert_eq!(
        questions[3]["subquestions"],
        json!([
            ["North Harbour", "The boats leave"],
            ["The quay", "The market opens & fish sells"],
            ["The lighthouse", "Mira lights the lamp"],
            ["The jetty", "The boats leave"]
        ])
    );
    assert_eq!(
        questions[5]["generalfeedback"],
        "The ferry leaves at ten and crosses in three hours."
    );
    assert_eq!(questions[5]["single"], "true");
    assert_eq!(
        answers(&questions[5]),
        [
            a(
                "At eight o'clock",
                0.0,
                json!("No: eight o'clock is not in the article.")
            ),
            a("At ten o'clock", 100.0, json!("Yes: it leaves at ten.")),
            a("At midnight", 0.0, json!("")),
        ]
    );
    assert_eq!(questions[7]["usecase"], "0");
    assert_eq!(
        answers(&questions[7]),
        [
            a("Northport", 100.0, json!("")),
            a("North Port", 100.0, json!(""))
        ]
    );
    // Clozes in Moodle's embedded-answer syntax, in the question text.
    assert_eq!(
        questions[8]["questiontext"],
        "Fill in the blanks The ferry leaves at {1:SHORTANSWER:=ten~=10} and crosses in {1:SHORTANSWER:=three} hours."
    );
    assert_eq!(
        questions[4]["questiontext"],
        "Choose the words At {1:MULTICHOICE:Mira~=dawn~noon} the boats leave; at {1:MULTICHOICE:Mira~dawn~=noon} the market opens ; {1:MULTICHOICE:=Mira~dawn~noon} lights the lamp."
    );
}

#[test]
fn exports_are_byte_identical_across_builds() {
    let formats = ["qti21", "qti12", "moodle-xml"];
    let first = exported(&formats);
    let second = exported(&formats);
    for (format, extension) in [("qti21", "zip"), ("qti12", "zip"), ("moodle-xml", "xml")] {
        for stem in ["ferries-harbours", "tidal-ferry", "harbour-day"] {
            let one = std::fs::read(export_path(first.path(), format, stem, extension)).unwrap();
            let two = std::fs::read(export_path(second.path(), format, stem, extension)).unwrap();
            assert!(one == two, "{format}/{stem} differs between builds");
        }
    }
}

#[test]
fn one_lesson_exports_alone_and_an_unknown_one_is_named_with_the_closest() {
    let pack = fixture_copy("interchange/qti/pack");
    let output = run_lessonpack(
        pack.path(),
        &["export", "--to", "qti21", "--lesson", "tidal-ferry"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let folder = pack.path().join("site/export/qti21");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["tidal-ferry.zip"]);

    let output = run_lessonpack(
        pack.path(),
        &["export", "--to", "qti21", "--lesson", "tidal-fery"],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no lesson \"tidal-fery\" (did you mean \"tidal-ferry\"?)"),
        "{}",
        stderr(&output)
    );
}
