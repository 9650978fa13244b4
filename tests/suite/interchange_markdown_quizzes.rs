//! quizdown, mkdocs-quiz and mdbook-quiz files, written from each tool's documentation,
//! imported into a copy of the sample pack and built: the quiz page (with plain answers, so
//! that the reveal shows the answers and feedback) holds every question with its kind,
//! choices, right answers, per-choice feedback, hint and explanation, as the test spells
//! them out from the input. mkdocs-quiz's own parser reads its file too, and agrees with
//! ours on every question, answer, feedback, blank and content.

use std::path::Path;

use lessonpack::i18n::QuizWords;
use lessonpack::import::bank::{Bank, BankAnswer, write_lesson};
use lessonpack::import::{ImportFormat, read_bank};
use scraper::Html;

use crate::learner_pages::set_config;
use crate::support::{html::*, pack::*, tools::skip_or_fail};

/// The folder of this module's inputs.
fn input(name: &str) -> std::path::PathBuf {
    fixture("interchange/markdown-quizzes").join(name)
}

/// One question as the built page should show it. `choices`: each choice's text, whether it
/// is right, its feedback (for an ordering: the items in their right order; for a cloze:
/// empty). `answers`: the reveal's answers after its label.
struct Expected {
    kind: &'static str,
    prompt: &'static str,
    body: Option<&'static str>,
    hint: Option<&'static str>,
    choices: &'static [(&'static str, bool, Option<&'static str>)],
    explanation: Option<&'static str>,
    answers: &'static str,
}

/// Reads `file` as `format`, writes its lesson into a copy of the sample pack as
/// `content/imported/<stem>.md`, builds it with plain answers, and returns the quiz page
/// with the bank.
fn import_and_build(file: &str, format: ImportFormat) -> (Html, Bank) {
    let path = input(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let bank = read_bank(format, Path::new(file), &text).unwrap_or_else(|errors| {
        panic!(
            "{file}: {}",
            errors
                .iter()
                .map(|e| e.headline())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let pack = sample_pack();
    let stem = Path::new(file).file_stem().unwrap().to_string_lossy();
    let folder = pack.path().join("content/imported");
    std::fs::create_dir_all(&folder).unwrap();
    let lesson = write_lesson(&bank, &stem, &QuizWords::for_language("en"));
    std::fs::write(folder.join(format!("{stem}.md")), lesson).unwrap();
    set_config(pack.path(), "quiz", "plain_answers = true");
    let site = build_site(pack.path());
    (site.page(&format!("{stem}/quiz.html")), bank)
}

/// The text after a reveal's label ("Correct answer: Berlin" → "Berlin").
fn after_label(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(_, rest)| rest)
}

fn assert_page_holds(page: &Html, expected: &[Expected]) {
    assert_eq!(
        page.select(&sel("form.question")).count(),
        expected.len(),
        "questions on the page"
    );
    for (i, want) in expected.iter().enumerate() {
        let q = format!("form#q{}", i + 1);
        let within = |css: &str| texts(page, &format!("{q} {css}"));
        assert_eq!(attr(page, &q, "data-kind"), want.kind, "{q}");
        assert_eq!(
            within("legend"),
            [format!("{}. {}", i + 1, want.prompt)],
            "{q}"
        );
        assert_eq!(
            within(".question-body"),
            want.body.into_iter().collect::<Vec<_>>()
        );
        assert_eq!(
            within(".hint-text"),
            want.hint.into_iter().collect::<Vec<_>>()
        );
        assert_eq!(
            within(".reveal .explanation"),
            want.explanation.into_iter().collect::<Vec<_>>(),
            "{q}"
        );
        let reveal = within(".reveal .answer");
        assert_eq!(reveal.len(), 1, "{q}");
        assert_eq!(after_label(&reveal[0]), want.answers, "{q}");
        match want.kind {
            "single" | "multi" => {
                let labels: Vec<&str> = want.choices.iter().map(|c| c.0).collect();
                assert_eq!(within(".choices label"), labels, "{q}");
                let right: Vec<&str> = want.choices.iter().filter(|c| c.1).map(|c| c.0).collect();
                assert_eq!(
                    want.answers,
                    right.join("; "),
                    "{q}: the test's own answers"
                );
                let (named, feedback): (Vec<&str>, Vec<&str>) = want
                    .choices
                    .iter()
                    .filter_map(|(text, _, f)| f.map(|f| (*text, f)))
                    .unzip();
                assert_eq!(
                    within(".reveal .choice-feedback .choice-name"),
                    named,
                    "{q}"
                );
                assert_eq!(
                    within(".reveal .choice-feedback p:not(.choice-name)"),
                    feedback,
                    "{q}"
                );
            }
            "order" => {
                let mut shown = within(".order-items .order-text");
                let mut items: Vec<&str> = want.choices.iter().map(|c| c.0).collect();
                shown.sort();
                items.sort();
                assert_eq!(shown, items, "{q}");
            }
            _ => {}
        }
    }
}

#[test]
fn quizdown_questions_build_with_their_choices_hints_and_feedback() {
    let (page, bank) = import_and_build("quizdown.md", ImportFormat::Quizdown);
    assert_page_holds(
        &page,
        &[
            Expected {
                kind: "multi",
                prompt: "What's the capital of Germany?",
                body: None,
                hint: Some("It's the largest city in Germany..."),
                choices: &[
                    ("Berlin", true, Some("this is the correct answer.")),
                    ("Frankfurt", false, None),
                    ("Paris", false, Some("Paris is the capital of France.")),
                    ("Cologne", false, None),
                ],
                explanation: None,
                answers: "Berlin",
            },
            Expected {
                kind: "single",
                prompt: "Select your superpower!",
                body: Some(
                    "There exist many superpowers in the world but one of them is better than everything else. Do you find it?",
                ),
                hint: None,
                choices: &[
                    ("Enhanced Strength", false, None),
                    ("Levitation", false, None),
                    (
                        "Shapeshifting",
                        true,
                        Some("Correct. This the best superpower!"),
                    ),
                ],
                explanation: None,
                answers: "Shapeshifting",
            },
            Expected {
                kind: "order",
                prompt: "Please bring the following into sequence!",
                body: Some("That's super easy!"),
                hint: Some("Three is larger than one..."),
                choices: &[
                    ("One", true, None),
                    ("Two", true, None),
                    ("Three", true, None),
                    ("Four", true, None),
                    ("Five", true, None),
                ],
                explanation: None,
                answers: "One; Two; Three; Four; Five",
            },
            Expected {
                kind: "multi",
                prompt: "What's the value of x[3]?",
                body: Some("# a python list x = [1, 2, 3, 4]"),
                // quizdown shows every block quote of a question as its hint.
                hint: Some("Lists count from zero."),
                choices: &[
                    ("1", false, None),
                    ("2", false, None),
                    ("3", false, None),
                    ("4", true, None),
                ],
                explanation: None,
                answers: "4",
            },
        ],
    );
    // Every option is reported at its line, none dropped silently.
    let lost: Vec<(usize, String)> = bank
        .warnings
        .iter()
        .map(|w| (w.span.as_ref().unwrap().line, w.kind.to_string()))
        .collect();
    let keys: Vec<(usize, &str)> = lost
        .iter()
        .map(|(line, message)| (*line, message.split('"').nth(1).unwrap()))
        .collect();
    assert_eq!(
        keys,
        [
            (2, "primaryColor"),
            (3, "locale"),
            (4, "shuffleQuestions"),
            (5, "nQuestions"),
            (43, "shuffleAnswers"),
        ]
    );
}

#[test]
fn mkdocs_quiz_blocks_build_with_feedback_content_and_blanks() {
    let (page, bank) = import_and_build("mkdocs-quiz.md", ImportFormat::MkdocsQuiz);
    assert_eq!(bank.title.as_deref(), Some("Rivers of the world"));
    assert_eq!(
        bank.article,
        [
            "# Rivers",
            "The Nile flows north through eleven countries.",
            "Some rivers flow into lakes."
        ]
    );
    assert_page_holds(
        &page,
        &[
            Expected {
                kind: "single",
                prompt: "Which river is the longest?",
                body: None,
                hint: None,
                choices: &[
                    ("The Nile", true, Some("Yes: about 6,650 km.")),
                    (
                        "The Amazon",
                        false,
                        Some("Close: it carries the most water."),
                    ),
                    ("The Thames", false, None),
                ],
                explanation: Some(
                    "The Nile is usually counted as the longest, though the Amazon's length is debated.",
                ),
                answers: "The Nile",
            },
            Expected {
                kind: "multi",
                prompt: "Which rivers flow into the Mediterranean?",
                body: Some("Pick every one."),
                hint: None,
                choices: &[
                    ("The Nile", true, None),
                    ("The Rhône", true, None),
                    ("The Danube", false, None),
                ],
                explanation: None,
                answers: "The Nile; The Rhône",
            },
            Expected {
                kind: "cloze",
                prompt: "Complete the sentence.",
                body: None,
                hint: None,
                choices: &[],
                explanation: Some("Its delta is one of the largest in the world."),
                answers: "Mediterranean; Egypt",
            },
        ],
    );
    assert_eq!(
        page.select(&sel("form#q3 .cloze input.blank")).count(),
        2,
        "a text box per blank"
    );
    assert_eq!(
        one_text(&page, "form#q3 p.cloze"),
        "The Nile flows into the Sea through ."
    );
    let lost: Vec<String> = bank.warnings.iter().map(|w| w.headline()).collect();
    assert_eq!(lost.len(), 2, "{lost:?}");
    assert!(lost[0].starts_with("mkdocs-quiz.md:4:1: warning: page option \"quiz.show_correct\""));
    assert!(lost[1].starts_with("mkdocs-quiz.md:5:1: warning: page option \"quiz.auto_number\""));
}

#[test]
fn mdbook_quiz_questions_build_and_tracing_is_reported() {
    let (page, bank) = import_and_build("mdbook-quiz.toml", ImportFormat::MdbookQuiz);
    assert_page_holds(
        &page,
        &[
            Expected {
                kind: "short",
                prompt: "What is the keyword for declaring a variable in Rust?",
                body: None,
                hint: None,
                choices: &[],
                explanation: Some("For example, you can write: let x = 1"),
                answers: "let; let mut",
            },
            Expected {
                kind: "single",
                prompt: "What does it mean if a variable x is immutable?",
                body: None,
                hint: None,
                // mdbook-quiz shuffles them: the lesson lists them sorted by their Markdown
                // ("`x` …" after the letters).
                choices: &[
                    (
                        "After being defined, x can be changed at most once.",
                        false,
                        None,
                    ),
                    ("You cannot create a reference to x.", false, None),
                    (
                        "x cannot be changed after being assigned to a value.",
                        true,
                        None,
                    ),
                    (
                        "x is stored in the immutable region of memory.",
                        false,
                        None,
                    ),
                ],
                explanation: Some("Immutable means \"not mutable\", or not changeable."),
                answers: "x cannot be changed after being assigned to a value.",
            },
            Expected {
                kind: "multi",
                prompt: "Which of these are true of x?",
                body: Some("Consider this program: let x = 1;"),
                hint: None,
                choices: &[
                    ("It can be reassigned.", false, None),
                    ("It is an integer.", true, None),
                    ("It is immutable.", true, None),
                ],
                explanation: Some("Without mut, x cannot change."),
                answers: "It is an integer.; It is immutable.",
            },
            Expected {
                kind: "single",
                prompt: "What is 1 + 1?",
                body: None,
                hint: None,
                // answerIndex = 1 puts the answer second, the distractors in their order.
                choices: &[
                    ("1", false, None),
                    ("2", true, None),
                    ("3", false, None),
                    ("infinity", false, None),
                ],
                explanation: None,
                answers: "2",
            },
        ],
    );
    let lost: Vec<String> = bank.warnings.iter().map(|w| w.headline()).collect();
    assert_eq!(
        lost,
        [
            "mdbook-quiz.toml:31:8: warning: Tracing question left out: lessonpack has no such kind of question (rewrite it by hand as another kind)"
        ]
    );
}

/// What mkdocs-quiz's own parser (its QTI extractor) reads from a file, as JSON.
const MKDOCS_QUIZ_READER: &str = r#"
import json, sys
from pathlib import Path
from mkdocs_quiz.qti.extractor import extract_quizzes_from_file
quizzes = extract_quizzes_from_file(Path(sys.argv[1]))
print(json.dumps([{
    "question": q.question,
    "answers": [[a.text, a.is_correct, a.feedback] for a in q.answers],
    "blanks": [b.correct_answer for b in q.blanks],
    "content": q.content,
} for q in quizzes]))
"#;

#[test]
fn mkdocs_quiz_reads_the_same_questions_as_its_own_parser() {
    let python = repo_root().join(".venv-tests/bin/python");
    if !python.is_file() {
        skip_or_fail("the test tools' Python (.venv-tests, made by ./test.sh) is missing");
        return;
    }
    let path = input("mkdocs-quiz.md");
    let output = std::process::Command::new(&python)
        .args(["-c", MKDOCS_QUIZ_READER])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let theirs = theirs.as_array().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let ours = read_bank(ImportFormat::MkdocsQuiz, &path, &text).unwrap();
    assert_eq!(theirs.len(), ours.questions.len());
    let fold = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (their, our) in theirs.iter().zip(&ours.questions) {
        let mut question = our.prompt.clone();
        if let Some(body) = &our.body {
            question.push_str(&format!(" {body}"));
        }
        match &our.answer {
            BankAnswer::Choices { choices, .. } => {
                let answers: Vec<serde_json::Value> = choices
                    .iter()
                    .map(|c| serde_json::json!([c.text, c.correct, c.feedback]))
                    .collect();
                assert_eq!(their["answers"].as_array().unwrap(), &answers);
                assert!(their["blanks"].as_array().unwrap().is_empty());
            }
            BankAnswer::Cloze { pieces, blanks } => {
                let firsts: Vec<&str> = blanks.iter().map(|b| b[0].as_str()).collect();
                assert_eq!(their["blanks"], serde_json::json!(firsts));
                question.push(' ');
                for (n, piece) in pieces.iter().enumerate() {
                    question.push_str(piece);
                    if n < blanks.len() {
                        question.push_str(&format!("{{{{BLANK_{n}}}}}"));
                    }
                }
            }
            other => panic!("mkdocs-quiz has no {other:?}"),
        }
        assert_eq!(fold(their["question"].as_str().unwrap()), fold(&question));
        assert_eq!(their["content"].as_str(), our.explanation.as_deref());
    }
}

/// Every prefix of each input (a file cut anywhere, as an editor's save may leave it) reads
/// without a panic, into errors that each name a line and column of the file, or into a
/// bank whose lesson loads without an error (so it builds without edits).
#[test]
fn inputs_cut_anywhere_read_into_a_bank_or_positioned_errors() {
    let mut failed_reads = 0;
    let mut lessons = std::collections::BTreeSet::new();
    for (file, format) in [
        ("quizdown.md", ImportFormat::Quizdown),
        ("mkdocs-quiz.md", ImportFormat::MkdocsQuiz),
        ("mdbook-quiz.toml", ImportFormat::MdbookQuiz),
    ] {
        let text = std::fs::read_to_string(input(file)).unwrap();
        for cut in (0..=text.len()).filter(|&cut| text.is_char_boundary(cut)) {
            let prefix = &text[..cut];
            let lines = prefix.lines().count().max(1) + 1;
            match read_bank(format, Path::new(file), prefix) {
                Ok(bank) => {
                    lessons.insert(write_lesson(&bank, "Cut", &QuizWords::for_language("en")));
                }
                Err(errors) => {
                    failed_reads += 1;
                    assert!(!errors.is_empty(), "{file} cut at {cut}");
                    for error in &errors {
                        let span = error.span.as_ref().unwrap_or_else(|| {
                            panic!("{file} cut at {cut}: {} has no position", error.headline())
                        });
                        assert!(
                            span.line <= lines,
                            "{file} cut at {cut}: {}",
                            error.headline()
                        );
                    }
                }
            }
        }
    }
    assert!(failed_reads > 0, "some cuts must be malformed");
    assert!(lessons.len() > 10, "only {} lessons", lessons.len());
    let pack = sample_pack();
    let folder = pack.path().join("content/cuts");
    std::fs::create_dir_all(&folder).unwrap();
    for (n, lesson) in lessons.iter().enumerate() {
        std::fs::write(folder.join(format!("cut-{n}.md")), lesson).unwrap();
    }
    let config = lessonpack::config::PackConfig::load(pack.path()).unwrap();
    let loaded = lessonpack::content::load_lessons(pack.path(), config, Default::default());
    let loaded = loaded.unwrap_or_else(|errors| {
        let first = &errors[0];
        let file = pack.path().join(&*first.span.as_ref().unwrap().path);
        panic!(
            "{} errors, the first: {}\n{}",
            errors.len(),
            first.headline(),
            std::fs::read_to_string(file).unwrap_or_default()
        )
    });
    let cuts = loaded
        .lessons()
        .filter(|lesson| lesson.slug.starts_with("cut-"))
        .count();
    assert_eq!(cuts, lessons.len(), "every cut's lesson loaded");
}
