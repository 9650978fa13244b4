//! Moodle GIFT, both ways, checked against gift-pegjs (the GIFT parser Moodle-adjacent tools
//! use): the GIFT test input (written from Moodle's documentation) reads the same to us and to
//! gift-pegjs; imported, it builds into a quiz page; exported again, gift-pegjs reads back
//! every question, answer, feedback and weight both sides hold; and every GIFT file the
//! sample pack exports reads, with gift-pegjs, as the pack's quizzes.

use std::path::{Path, PathBuf};
use std::process::Command;

use lessonpack::content::{Answer, LoadOptions, Question, load_pack};
use lessonpack::diagnostic::LintKind;
use lessonpack::export::ExportFormat;
use lessonpack::i18n::QuizWords;
use lessonpack::import::bank::{Bank, BankAnswer, BankQuestion};
use serde_json::Value;

use crate::support::{cli::*, html::*, pack::*, tools};

fn fixture_dir() -> PathBuf {
    repo_root().join("tests/fixtures/interchange/gift")
}

fn docs_input() -> PathBuf {
    fixture_dir().join("moodle-docs.gift")
}

/// gift-pegjs's reading of each file, or `None` (after a skip, or a failure under CI)
/// without node.
fn pegjs(files: &[&Path]) -> Option<Vec<Vec<Value>>> {
    let node = tools::require_tool("node")?;
    let output = Command::new(node)
        .arg(fixture_dir().join("parse.js"))
        .args(files)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "parse.js failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: Value = serde_json::from_slice(&output.stdout).expect("JSON from parse.js");
    Some(
        files
            .iter()
            .map(|file| {
                let questions = &parsed[file.to_str().unwrap()];
                assert!(
                    questions.get("error").is_none(),
                    "gift-pegjs rejects {}: {}\n{}",
                    file.display(),
                    questions["error"],
                    std::fs::read_to_string(file).unwrap()
                );
                questions.as_array().expect("a list of questions").clone()
            })
            .collect(),
    )
}

/// The questions of a kind both sides have (not categories, descriptions, essays, numerics).
fn answerable(questions: &[Value]) -> Vec<&Value> {
    questions
        .iter()
        .filter(|q| matches!(q["type"].as_str(), Some("MC" | "Short" | "TF" | "Matching")))
        .collect()
}

/// A gift-pegjs text as words: HTML tags dropped, Markdown emphasis dropped, spaces collapsed.
fn their_text(text: &Value) -> String {
    let raw = text["text"].as_str().unwrap_or_default();
    match text["format"].as_str() {
        Some("html") => words(&strip_tags(raw)),
        Some("markdown") => words(&markdown_text(raw)),
        _ => words(raw),
    }
}

/// Our Markdown as words: escapes resolved, emphasis and code marks dropped.
fn our_text(markdown: &str) -> String {
    words(&markdown_text(markdown))
}

fn markdown_text(markdown: &str) -> String {
    let mut out = String::new();
    let mut chars = markdown.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '*' | '`' => {}
            _ => out.push(c),
        }
    }
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn their_feedback(feedback: &Value) -> Option<String> {
    (!feedback.is_null())
        .then(|| their_text(feedback))
        .filter(|t| !t.is_empty())
}

/// Our question's whole text: heading and body, or a missing word's text with its gap.
fn our_stem(question: &BankQuestion) -> String {
    match &question.answer {
        BankAnswer::Cloze { pieces, .. } if question.prompt.is_empty() => {
            words(&our_text(&pieces.join("_____")))
        }
        _ => {
            let body = question.body.as_deref().unwrap_or_default();
            our_text(&format!("{} {body}", question.prompt))
        }
    }
}

/// Asserts that gift-pegjs's reading of a question is ours.
fn assert_same_question(theirs: &Value, ours: &BankQuestion) {
    let what = format!("question at line {}: {theirs}", ours.line);
    assert_eq!(their_text(&theirs["stem"]), our_stem(ours), "{what}");
    assert_eq!(
        their_feedback(&theirs["globalFeedback"]),
        ours.explanation.as_deref().map(our_text),
        "{what}"
    );
    match (theirs["type"].as_str().unwrap(), &ours.answer) {
        ("MC", BankAnswer::Choices { choices, .. }) => {
            let any_marked = theirs["choices"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["isCorrect"] == true);
            let theirs: Vec<(String, bool, Option<String>)> = theirs["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    // Moodle: with an "=" answer, it alone is right; without, a positive
                    // weight makes a choice right.
                    let right = if any_marked {
                        c["isCorrect"] == true
                    } else {
                        c["weight"].as_f64().is_some_and(|w| w > 0.0)
                    };
                    (
                        their_text(&c["text"]),
                        right,
                        their_feedback(&c["feedback"]),
                    )
                })
                .collect();
            let ours: Vec<(String, bool, Option<String>)> = choices
                .iter()
                .map(|c| {
                    (
                        our_text(&c.text),
                        c.correct,
                        c.feedback.as_deref().map(our_text),
                    )
                })
                .collect();
            assert_eq!(theirs, ours, "{what}");
        }
        ("Short", BankAnswer::Short { accepted }) => {
            assert_eq!(their_choice_texts(theirs), texts_of(accepted), "{what}");
        }
        ("Short", BankAnswer::Cloze { blanks, .. }) => {
            assert_eq!(theirs["hasEmbeddedAnswers"], true, "{what}");
            assert_eq!(their_choice_texts(theirs), texts_of(&blanks[0]), "{what}");
        }
        (
            "TF",
            BankAnswer::TrueFalse {
                answer,
                if_true,
                if_false,
            },
        ) => {
            assert_eq!(theirs["isTrue"].as_bool(), Some(*answer), "{what}");
            // GIFT's first feedback is for a wrong answer, its second for a right one.
            let (wrong, right) = if *answer {
                (if_false, if_true)
            } else {
                (if_true, if_false)
            };
            assert_eq!(
                their_feedback(&theirs["trueFeedback"]),
                wrong.as_deref().map(our_text),
                "{what}"
            );
            assert_eq!(
                their_feedback(&theirs["falseFeedback"]),
                right.as_deref().map(our_text),
                "{what}"
            );
        }
        ("Matching", BankAnswer::Match { pairs }) => {
            let theirs: Vec<(String, String)> = theirs["matchPairs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        their_text(&p["subquestion"]),
                        words(p["subanswer"].as_str().unwrap()),
                    )
                })
                .collect();
            let ours: Vec<(String, String)> = pairs
                .iter()
                .map(|(l, r)| (our_text(l), our_text(r)))
                .collect();
            assert_eq!(theirs, ours, "{what}");
        }
        (kind, answer) => panic!("{what}: gift-pegjs reads {kind}, we read {answer:?}"),
    }
}

fn their_choice_texts(question: &Value) -> Vec<String> {
    question["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| their_text(&c["text"]))
        .collect()
}

fn texts_of(texts: &[String]) -> Vec<String> {
    texts.iter().map(|t| our_text(t)).collect()
}

fn read_docs_bank() -> Bank {
    let path = docs_input();
    let text = std::fs::read_to_string(&path).unwrap();
    lessonpack::import::gift::read(&path, &text).expect("the input reads")
}

#[test]
fn gift_input_reads_as_gift_pegjs_reads_it() {
    let Some(parsed) = pegjs(&[&docs_input()]) else {
        return;
    };
    let bank = read_docs_bank();
    let theirs = answerable(&parsed[0]);
    assert_eq!(theirs.len(), bank.questions.len());
    assert_eq!(theirs.len(), 13, "every answerable construct of the input");
    for (theirs, ours) in theirs.iter().zip(&bank.questions) {
        assert_same_question(theirs, ours);
    }
    // What we have no kind for is reported, one warning per question, by name.
    let left_out: Vec<&str> = bank
        .warnings
        .iter()
        .filter_map(|w| match &w.kind {
            LintKind::ImportQuestionLeftOut(kind) => Some(kind.as_str()),
            _ => None,
        })
        .collect();
    let their_left_out: Vec<&str> = parsed[0]
        .iter()
        .filter_map(|q| match q["type"].as_str()? {
            "Numerical" => Some("numeric"),
            "Essay" => Some("essay"),
            "Description" => Some("description"),
            _ => None,
        })
        .collect();
    assert_eq!(left_out, their_left_out);
    assert_eq!(left_out, ["numeric", "essay", "description"]);
    // The category names the lesson.
    assert_eq!(bank.title.as_deref(), Some("Grant's tomb"));
}

#[test]
fn gift_losses_are_reported_at_their_lines() {
    let bank = read_docs_bank();
    let headlines: Vec<String> = bank.warnings.iter().map(|w| w.headline()).collect();
    let at = |line: usize, what: &str| {
        headlines
            .iter()
            .any(|h| h.contains(&format!("moodle-docs.gift:{line}:")) && h.contains(what))
    };
    assert!(at(5, "question titles"), "{headlines:#?}");
    assert!(at(49, "HTML <span> not kept"), "{headlines:#?}");
    assert!(
        at(63, "a partial weight in a single-answer question"),
        "{headlines:#?}"
    );
    assert!(
        at(64, "a partial weight in a single-answer question"),
        "{headlines:#?}"
    );
    assert!(at(69, "numeric question left out"), "{headlines:#?}");
    assert!(at(71, "essay question left out"), "{headlines:#?}");
    assert!(at(73, "description question left out"), "{headlines:#?}");
    assert_eq!(headlines.len(), 7, "{headlines:#?}");
}

/// The sample pack with the GIFT input imported into `content/gift/`, and the lesson's path.
fn imported_pack() -> (tempfile::TempDir, PathBuf) {
    let pack = sample_pack();
    let input = docs_input();
    let output = run_lessonpack(
        pack.path(),
        &["import", input.to_str().unwrap(), "--unit", "gift"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let written: Vec<PathBuf> = std::fs::read_dir(pack.path().join("content/gift"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let lesson = written.into_iter().next().unwrap();
    (pack, lesson)
}

#[test]
fn imported_gift_builds_into_a_quiz_page_of_its_questions() {
    let (pack, lesson) = imported_pack();
    assert_eq!(lesson.file_name().unwrap(), "grant-s-tomb.md");
    let site = build_with(pack.path(), |_| {});
    let quiz = site.page("grant-s-tomb/quiz.html");
    let bank = read_docs_bank();
    let kinds: Vec<String> = quiz
        .select(&sel("form.question"))
        .map(|f| f.value().attr("data-kind").unwrap().to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "single", "multi", "single", "single", "short", "match", "single", "cloze", "single",
            "single", "single", "single", "single"
        ]
    );
    let prompts = texts(&quiz, "form.question legend");
    for (prompt, question) in prompts.iter().zip(&bank.questions) {
        let shown = prompt.split_once(". ").unwrap().1;
        let expected = match (&question.answer, question.prompt.as_str()) {
            // A missing word's heading is the pack language's, its text the cloze's.
            (BankAnswer::Cloze { .. }, "") => QuizWords::for_language("en").cloze_heading.into(),
            _ => our_text(&question.prompt),
        };
        assert_eq!(words(shown), expected);
    }
    // The placeholder article is a warning of check, at its line.
    let output = run_lessonpack(pack.path(), &["check", "--format", "json"]);
    let placeholder: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("placeholder focus sentence")
        })
        .collect();
    assert_eq!(placeholder.len(), 1, "{}", stdout(&output));
    assert_eq!(placeholder[0]["severity"], "warning");
    assert_eq!(placeholder[0]["path"], "content/gift/grant-s-tomb.md");
    assert_eq!(placeholder[0]["line"], 5);
}

#[test]
fn gift_round_trip_keeps_questions_answers_feedback_and_weights() {
    let (pack, _) = imported_pack();
    let site = build_with(pack.path(), |o| o.exports = vec![ExportFormat::Gift]);
    let exported = pack.path().join("exported.gift");
    std::fs::write(&exported, &site.files["export/gift/grant-s-tomb.gift"]).unwrap();
    let Some(parsed) = pegjs(&[&docs_input(), &exported]) else {
        return;
    };
    let (original, back) = (answerable(&parsed[0]), answerable(&parsed[1]));
    assert_eq!(original.len(), back.len());
    for (original, back) in original.iter().zip(&back) {
        let what = format!("{original}\nexported as\n{back}");
        let partial_weights = original["title"] == "Jesus' hometown";
        let stem = their_text(&back["stem"]);
        if original["hasEmbeddedAnswers"] == true && original["type"] == "Short" {
            // A missing word comes back as it was, without the heading the import gave it.
            assert_eq!(stem, their_text(&original["stem"]), "{what}");
        }
        assert!(stem.ends_with(&their_text(&original["stem"])), "{what}");
        assert_eq!(
            their_feedback(&back["globalFeedback"]),
            their_feedback(&original["globalFeedback"]),
            "{what}"
        );
        assert_eq!(back["type"], original["type"], "{what}");
        for key in ["isTrue", "hasEmbeddedAnswers"] {
            if original["type"] != "MC" || key != "hasEmbeddedAnswers" {
                assert_eq!(back.get(key), original.get(key), "{what}");
            }
        }
        for key in ["trueFeedback", "falseFeedback"] {
            if original.get(key).is_some() {
                assert_eq!(
                    their_feedback(&back[key]),
                    their_feedback(&original[key]),
                    "{what}"
                );
            }
        }
        let choices = |q: &Value| -> Vec<GiftChoice> {
            q["choices"]
                .as_array()
                .map(|choices| {
                    choices
                        .iter()
                        .map(|c| {
                            let weight = c["weight"].as_f64().filter(|_| !partial_weights);
                            (
                                their_text(&c["text"]),
                                c["isCorrect"] == true,
                                weight,
                                their_feedback(&c["feedback"]),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(choices(back), choices(original), "{what}");
        let pairs = |q: &Value| -> Vec<(String, String)> {
            q["matchPairs"]
                .as_array()
                .map(|pairs| {
                    pairs
                        .iter()
                        .map(|p| {
                            (
                                their_text(&p["subquestion"]),
                                words(p["subanswer"].as_str().unwrap()),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(pairs(back), pairs(original), "{what}");
    }
}

/// A choice as gift-pegjs reads it: text, marked right with `=`, weight, feedback.
type GiftChoice = (String, bool, Option<f64>, Option<String>);

/// What an exported question must hold, from the source quiz: its gift-pegjs type and
/// choices.
fn expected_export(question: &Question) -> Option<(&'static str, Vec<GiftChoice>)> {
    let feedback = |c: &lessonpack::content::Choice| {
        c.feedback
            .as_ref()
            .map(|f| words(&strip_tags(&f.render(""))))
    };
    match &question.answer {
        Answer::Choices {
            multiple: false,
            choices,
        } => {
            let true_false = choices.len() == 2
                && choices
                    .iter()
                    .all(|c| matches!(c.text.to_lowercase().as_str(), "true" | "false"));
            let kind = if true_false { "TF" } else { "MC" };
            Some((
                kind,
                choices
                    .iter()
                    .map(|c| (words(&c.text), c.correct, None, feedback(c)))
                    .collect(),
            ))
        }
        Answer::Choices {
            multiple: true,
            choices,
        } => {
            let right = choices.iter().filter(|c| c.correct).count() as f64;
            Some((
                "MC",
                choices
                    .iter()
                    .map(|c| {
                        let weight = if c.correct { 100.0 / right } else { -100.0 };
                        (words(&c.text), false, Some(weight), feedback(c))
                    })
                    .collect(),
            ))
        }
        Answer::Short { accepted } => Some((
            "Short",
            accepted
                .iter()
                .map(|c| (words(&c.text), true, None, None))
                .collect(),
        )),
        Answer::Cloze(cloze) if cloze.blanks.len() == 1 => Some((
            "Short",
            cloze.blanks[0]
                .accepted
                .iter()
                .map(|a| (words(a), true, None, None))
                .collect(),
        )),
        Answer::Match { .. } => Some(("Matching", Vec::new())),
        Answer::Cloze(_) | Answer::Order { .. } => None,
    }
}

#[test]
fn sample_pack_gift_exports_read_as_its_quizzes() {
    let pack = sample_pack();
    let site = build_with(pack.path(), |o| o.exports = vec![ExportFormat::Gift]);
    let loaded = load_pack(pack.path(), LoadOptions::default()).expect("the pack loads");
    let mut files = Vec::new();
    for lesson in loaded.lessons() {
        let path = pack.path().join(format!("{}.gift", lesson.slug));
        std::fs::write(
            &path,
            &site.files[&format!("export/gift/{}.gift", lesson.slug)],
        )
        .unwrap();
        files.push(path);
    }
    let whole = pack.path().join("whole.gift");
    let pack_files: Vec<&String> = site
        .files
        .keys()
        .filter(|p| {
            p.starts_with("export/gift/")
                && !files
                    .iter()
                    .any(|f| p.ends_with(f.file_name().unwrap().to_str().unwrap()))
        })
        .collect();
    assert_eq!(pack_files.len(), 1, "{pack_files:?}");
    std::fs::write(&whole, &site.files[pack_files[0]]).unwrap();
    let mut all: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    all.push(&whole);
    let Some(parsed) = pegjs(&all) else {
        return;
    };
    let mut checked = 0;
    let mut commented = 0;
    let mut all_questions = 0;
    for (lesson, (file, questions)) in loaded.lessons().zip(files.iter().zip(&parsed)) {
        let text = std::fs::read_to_string(file).unwrap();
        let categories: Vec<&Value> = questions
            .iter()
            .filter(|q| q["type"] == "Category")
            .collect();
        assert_eq!(categories.len(), 1);
        assert_eq!(
            categories[0]["title"].as_str().unwrap(),
            format!("{}/{}", loaded.config.title, lesson.meta.title)
        );
        let Some(quiz) = lesson.quiz() else { continue };
        let mut exported = answerable(questions).into_iter();
        for (n, question) in quiz.questions.iter().enumerate() {
            let name = format!("{}: Q{}", lesson.meta.title, n + 1);
            let Some((kind, choices)) = expected_export(question) else {
                let comment = format!(
                    "// {name}: {} question, which GIFT cannot hold",
                    question.kind().name()
                );
                assert!(
                    text.lines().any(|l| l.starts_with(&comment)),
                    "{comment}\n{text}"
                );
                commented += 1;
                continue;
            };
            let theirs = exported.next().expect("one GIFT question per question");
            let what = format!("{name}: {theirs}");
            assert_eq!(theirs["type"], kind, "{what}");
            assert_eq!(theirs["title"].as_str(), Some(name.as_str()), "{what}");
            assert!(
                their_text(&theirs["stem"]).starts_with(&words(&question.prompt_text)),
                "{what}"
            );
            assert_eq!(
                their_feedback(&theirs["globalFeedback"]),
                question
                    .explanation
                    .as_ref()
                    .map(|f| words(&strip_tags(&f.render("")))),
                "{what}"
            );
            match kind {
                "TF" => {
                    let right = choices.iter().find(|c| c.1).unwrap();
                    assert_eq!(
                        theirs["isTrue"].as_bool(),
                        Some(right.0.eq_ignore_ascii_case("true")),
                        "{what}"
                    );
                }
                "Matching" => {
                    let Answer::Match { lefts, rights } = &question.answer else {
                        unreachable!()
                    };
                    let expected: Vec<(String, String)> = lefts
                        .iter()
                        .zip(rights)
                        .map(|(l, r)| (words(&l.text), words(&r.text)))
                        .collect();
                    let pairs: Vec<(String, String)> = theirs["matchPairs"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| {
                            (
                                their_text(&p["subquestion"]),
                                words(p["subanswer"].as_str().unwrap()),
                            )
                        })
                        .collect();
                    assert_eq!(pairs, expected, "{what}");
                }
                _ => {
                    let got: Vec<GiftChoice> = theirs["choices"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| {
                            (
                                their_text(&c["text"]),
                                c["isCorrect"] == true,
                                c["weight"].as_f64(),
                                their_feedback(&c["feedback"]),
                            )
                        })
                        .collect();
                    assert_eq!(got.len(), choices.len(), "{what}");
                    for (got, want) in got.iter().zip(&choices) {
                        assert_eq!(
                            (&got.0, got.1, &got.3),
                            (&want.0, want.1, &want.3),
                            "{what}"
                        );
                        match (got.2, want.2) {
                            (Some(g), Some(w)) => assert!((g - w).abs() < 0.001, "{what}"),
                            (g, w) => assert_eq!(g, w, "{what}"),
                        }
                    }
                }
            }
            checked += 1;
        }
        assert!(
            exported.next().is_none(),
            "no question more than the quiz's"
        );
        all_questions += quiz.questions.len();
    }
    assert!(checked > 0 && checked + commented == all_questions);
    // The pack's file holds every lesson's questions.
    let whole_questions = answerable(parsed.last().unwrap()).len();
    assert_eq!(whole_questions, checked);
}
