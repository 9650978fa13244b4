//! Cloze (fill in the blanks) questions: `{.cloze}` on the heading, then a paragraph whose
//! blanks are links to `blank:`. `[Huawei](blank:)` accepts its link text;
//! `[Ascend](<blank:Ascend|Ascend AI>)` accepts each `|`-separated answer. With `.choices`
//! each blank is a drop-down of all the blanks' answers instead of a text box.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Answer, Draft};
use crate::content::entity::BLANK_SCHEME;
use crate::content::fragment::{Fragment, plain_text, render_fragment};
use crate::content::markdown::{Block, Spanned};
use crate::diagnostic::{Diagnostic, ErrorKind, Span};
use crate::source::SourceText;

/// The heading classes of a cloze question and of its drop-down variant.
pub(super) const CLOZE_CLASS: &str = "cloze";
pub(super) const CHOICES_CLASS: &str = "choices";

/// A text with blanks: `pieces[i]` is the inline HTML before blank `i`, and the last piece
/// the HTML after the last blank, so there is one piece more than there are blanks.
#[derive(Debug, Clone)]
pub struct Cloze {
    pub pieces: Vec<Fragment>,
    pub blanks: Vec<Blank>,
    /// Each blank is a drop-down of all the blanks' answers (`.choices`), not a text box.
    pub choices: bool,
}

/// One blank of a cloze text.
#[derive(Debug, Clone)]
pub struct Blank {
    /// Every accepted answer, as written; the first is the one "Show the answer" names.
    pub accepted: Vec<String>,
    /// Where its link starts.
    pub span: Span,
}

/// Whether a question's heading makes it a cloze question.
pub(super) fn is_cloze(classes: &[String]) -> bool {
    classes.iter().any(|c| c == CLOZE_CLASS)
}

/// Whether `block` can be a cloze question's answer block: a paragraph with a blank, or a task
/// list (taken only to be reported, see [`read_answer`]).
pub(super) fn takes_as_answer(block: &Block) -> bool {
    match block.events[0].0 {
        Event::Start(Tag::Paragraph) => block.events.iter().any(|(e, _)| is_blank_start(e)),
        Event::Start(Tag::List(_)) => is_task_list(block),
        _ => false,
    }
}

/// Whether a list block is a task list (its first item starts with `[ ]` or `[x]`).
pub(super) fn is_task_list(block: &Block) -> bool {
    block
        .events
        .iter()
        .find(|(e, _)| !matches!(e, Event::Start(Tag::List(_) | Tag::Item)))
        .is_some_and(|(e, _)| matches!(e, Event::TaskListMarker(_)))
}

fn is_blank_start(event: &Event) -> bool {
    matches!(event, Event::Start(Tag::Link { dest_url, .. }) if blank_answers(dest_url).is_some())
}

/// What follows `blank:` in a link destination, or `None` when it is not a blank.
fn blank_answers(dest: &str) -> Option<&str> {
    dest.strip_prefix(BLANK_SCHEME)?.strip_prefix(':')
}

/// Reads a cloze question's paragraph into its pieces and blanks.
pub(super) fn read_answer(
    draft: &Draft,
    block: &Block,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Option<Answer> {
    if matches!(block.events[0].0, Event::Start(Tag::List(_))) {
        errors.push(source.error(block.offset(), ErrorKind::ClozeWithTaskList));
        return None;
    }
    let errors_before = errors.len();
    let inner = block.inner();
    let mut pieces = Vec::new();
    let mut blanks = Vec::new();
    let mut piece_start = 0;
    let mut index = 0;
    while index < inner.len() {
        let (event, range) = &inner[index];
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            index += 1;
            continue;
        };
        let Some(answers) = blank_answers(dest_url) else {
            index += 1;
            continue;
        };
        let end = link_end(inner, index);
        pieces.push(render_fragment(&inner[piece_start..index]));
        let text = plain_text(&inner[index + 1..end]);
        let accepted: Vec<String> = if answers.trim().is_empty() {
            vec![text]
        } else {
            answers.split('|').map(|a| a.trim().to_string()).collect()
        };
        if accepted.iter().any(String::is_empty) {
            errors.push(source.error(range.start, ErrorKind::EmptyBlankAnswer));
        }
        blanks.push(Blank {
            accepted,
            span: source.span(range.start),
        });
        index = end + 1;
        piece_start = index;
    }
    pieces.push(render_fragment(&inner[piece_start..]));
    if errors.len() > errors_before {
        return None;
    }
    Some(Answer::Cloze(Cloze {
        pieces,
        blanks,
        choices: draft.classes.iter().any(|c| c == CHOICES_CLASS),
    }))
}

/// The index of the end of the link that starts at `start`.
fn link_end(events: &[Spanned], start: usize) -> usize {
    let mut depth = 0;
    for (index, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(Tag::Link { .. }) => depth += 1,
            Event::End(TagEnd::Link) => {
                depth -= 1;
                if depth == 0 {
                    return index;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Reports every blank in `events`: they are outside any cloze question's paragraph.
pub(crate) fn report_stray_blanks(
    events: &[Spanned],
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) {
    for (index, (event, range)) in events.iter().enumerate() {
        if is_blank_start(event) {
            let text = plain_text(&events[index + 1..link_end(events, index)]);
            errors.push(source.error(range.start, ErrorKind::BlankOutsideCloze(text)));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::content::Lesson;
    use crate::content::quiz::{Answer, QuestionKind};
    use crate::diagnostic::Diagnostic;
    use std::path::Path;

    const FRONT: &str =
        "+++\ntitle = \"T\"\n+++\n\n[Huawei](org:) makes chips.\n\n## Quiz {.quiz}\n\n";

    fn parse(quiz: &str) -> Result<Lesson, Vec<String>> {
        let config = crate::config::PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"T\"\nlanguage = \"en\"\n",
        )
        .unwrap();
        Lesson::parse(Path::new("a.md"), &format!("{FRONT}{quiz}"), &config)
            .map_err(|errors| errors.iter().map(Diagnostic::headline).collect())
    }

    fn cloze(lesson: &Lesson) -> &super::Cloze {
        match &lesson.quiz.as_ref().unwrap().questions[0].answer {
            Answer::Cloze(cloze) => cloze,
            other => panic!("not a cloze: {other:?}"),
        }
    }

    #[test]
    fn blanks_split_the_text_into_pieces_with_their_answers() {
        let lesson = parse(
            "### Fill {.cloze}\n\nContext first.\n\n[Huawei](org:) makes [Ascend](<blank:Ascend | Ascend AI>) chips, *not [GPUs](blank:) or* more.\n> Why.\n",
        )
        .unwrap();
        let question = &lesson.quiz.as_ref().unwrap().questions[0];
        assert_eq!(question.kind(), QuestionKind::Cloze);
        assert_eq!(question.body.render(""), "<p>Context first.</p>\n");
        assert!(question.explanation.is_some());
        let cloze = cloze(&lesson);
        assert!(!cloze.choices);
        let accepted: Vec<_> = cloze.blanks.iter().map(|b| b.accepted.clone()).collect();
        assert_eq!(accepted, [vec!["Ascend", "Ascend AI"], vec!["GPUs"]]);
        assert_eq!(cloze.blanks[1].span.line, 13);
        let pieces: Vec<_> = cloze.pieces.iter().map(|p| p.render("")).collect();
        assert_eq!(
            pieces,
            [
                "<span class=\"entity entity-org\" data-kind=\"org\">Huawei</span> makes ",
                " chips, <em>not ",
                " or</em> more."
            ]
        );
        // Entity marks in the text still count; blanks never do.
        let marks: Vec<_> = lesson.marks.iter().map(|m| m.entity.name.clone()).collect();
        assert_eq!(marks, ["Huawei", "Huawei"]);
    }

    #[test]
    fn choices_class_makes_drop_downs() {
        let lesson = parse("### Pick {.cloze .choices}\n\nA [b](blank:) c [d](blank:).\n").unwrap();
        assert!(cloze(&lesson).choices);
        assert_eq!(cloze(&lesson).pieces.len(), 3);
    }

    #[test]
    fn cloze_without_blank_points_at_its_heading() {
        let errors = parse("### Fill {.cloze}\n\nNo gaps here.\n").unwrap_err();
        assert_eq!(
            errors,
            [
                "a.md:9:1: cloze question has no blank: write each blank as a link to \"blank:\", e.g. \"[Huawei](blank:)\""
            ]
        );
    }

    #[test]
    fn blank_outside_a_cloze_is_an_error_wherever_it_is() {
        let errors =
            parse("### One?\n\nSay [x](blank:).\n\n- [x] a\n- [ ] b\n> See [y](blank:).\n")
                .unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("a.md:11:5: blank \"x\" outside a cloze question"));
        assert!(errors[1].starts_with("a.md:15:7: blank \"y\" outside a cloze question"));
        let config = crate::config::PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"T\"\nlanguage = \"en\"\n",
        )
        .unwrap();
        let errors = Lesson::parse(
            Path::new("a.md"),
            "+++\ntitle = \"T\"\n+++\n\nThe [chip](blank:) is new.\n",
            &config,
        )
        .unwrap_err();
        assert_eq!(
            errors[0].headline(),
            "a.md:5:5: blank \"chip\" outside a cloze question: add \"{.cloze}\" to the question's heading, or make it plain text"
        );
    }

    #[test]
    fn empty_accepted_answer_points_at_its_blank() {
        let errors =
            parse("### Fill {.cloze}\n\nA [b](<blank:a||b>) and [](blank:).\n").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("a.md:11:3: blank has an empty accepted answer"));
        assert!(errors[1].starts_with("a.md:11:25: blank has an empty accepted answer"));
    }

    #[test]
    fn task_list_in_a_cloze_is_an_error_before_or_after_the_text() {
        for (text, line) in [
            ("- [x] a\n- [ ] b\n\nA [b](blank:).\n", 11),
            ("A [b](blank:).\n\n- [x] a\n- [ ] b\n", 13),
        ] {
            let errors = parse(&format!("### Fill {{.cloze}}\n\n{text}")).unwrap_err();
            assert!(
                errors
                    .iter()
                    .any(|e| e
                        .starts_with(&format!("a.md:{line}:1: cloze question has a task list"))),
                "{errors:?}"
            );
        }
    }

    #[test]
    fn choices_class_needs_cloze() {
        let errors = parse("### One? {.choices}\n- [x] a\n- [ ] b\n").unwrap_err();
        assert_eq!(
            errors,
            [
                "a.md:9:1: class \".choices\" applies to cloze questions only: add \".cloze\" to the heading"
            ]
        );
    }
}
