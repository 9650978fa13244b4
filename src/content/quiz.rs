//! The quiz of a lesson: the section under a heading with class `quiz`, one question per
//! heading below it, the task list under each as its choices, a block quote as explanation.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::article::collect_entities;
use super::entity::EntityMark;
use super::fragment::{Fragment, collapse_whitespace, plain_text, render_fragment};
use super::markdown::{Block, Spanned};
use crate::config::PackConfig;
use crate::diagnostic::{Diagnostic, ErrorKind, Span, did_you_mean};
use crate::source::SourceText;

/// The comprehension questions at the end of a lesson.
#[derive(Debug, Clone)]
pub struct Quiz {
    /// The quiz heading's text, e.g. "Challenge Mode".
    pub title: String,
    /// Blocks between the quiz heading and the first question, e.g. "Comprehension Questions".
    pub intro: Fragment,
    pub questions: Vec<Question>,
}

/// One question of a quiz.
#[derive(Debug, Clone)]
pub struct Question {
    /// The heading's inline HTML.
    pub prompt: Fragment,
    /// The heading as plain text.
    pub prompt_text: String,
    /// Blocks between the heading and the choices (context, an image).
    pub body: Fragment,
    pub kind: QuestionKind,
    /// The choices; for a short answer, the accepted answers.
    pub choices: Vec<Choice>,
    pub explanation: Option<Fragment>,
    /// Where its heading is.
    pub span: Span,
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// Exactly one correct choice among two or more: radio buttons.
    Single,
    /// Any number of correct choices: checkboxes.
    Multiple,
    /// A typed answer, compared with every accepted answer ignoring case and spacing.
    Short,
}

impl QuestionKind {
    /// The name templates and scripts use: `single`, `multi`, `short`.
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multi",
            QuestionKind::Short => "short",
        }
    }
}

/// A choice of a question, or an accepted answer of a short-answer question.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Inline HTML of the item.
    pub html: Fragment,
    /// The item as plain text.
    pub text: String,
    pub correct: bool,
    /// Where its list item is.
    pub span: Span,
}

/// How a choice left for the author to write begins (`lessonpack import` writes
/// `- [ ] TODO: write a wrong choice`); such a choice is an error until it is replaced.
pub const PLACEHOLDER_PREFIX: &str = "TODO";

/// Whether a choice's text is a placeholder: `TODO` alone or followed by a non-letter.
pub(crate) fn is_placeholder(text: &str) -> bool {
    text.trim_start()
        .strip_prefix(PLACEHOLDER_PREFIX)
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
}

/// The classes of a quiz heading and a question heading.
pub(crate) const QUIZ_CLASS: &str = "quiz";
const QUESTION_CLASSES: [&str; 3] = ["single", "multi", "short"];

/// Whether a block is a heading with class `quiz`; gives its level.
pub(crate) fn quiz_heading_level(block: &Block) -> Option<HeadingLevel> {
    match &block.events[0].0 {
        Event::Start(Tag::Heading { level, classes, .. })
            if classes.iter().any(|c| c.as_ref() == QUIZ_CLASS) =>
        {
            Some(*level)
        }
        _ => None,
    }
}

/// A question under construction, before its end is known.
struct Draft<'b, 'a> {
    heading: &'b Block<'a>,
    class: Option<String>,
    body: Vec<Spanned<'a>>,
    list: Option<&'b Block<'a>>,
    explanation: Option<Fragment>,
}

/// Builds the quiz from its heading block and the blocks after it; every entity mark goes to
/// `marks`, problems go to `errors`.
pub(crate) fn parse_quiz(
    heading: &Block,
    level: HeadingLevel,
    rest: &[Block],
    source: &SourceText,
    config: &PackConfig,
    marks: &mut Vec<EntityMark>,
    errors: &mut Vec<Diagnostic>,
) -> Quiz {
    let mut intro = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    for block in rest {
        // Entities in quiz text render as marks; validate them like the article's.
        collect_entities(&block.events, source, config, marks, errors);
        let offset = block.offset();
        match &block.events[0].0 {
            Event::Start(Tag::Heading {
                level: block_level,
                classes,
                ..
            }) => {
                if classes.iter().any(|c| c.as_ref() == QUIZ_CLASS) {
                    errors.push(source.error(offset, ErrorKind::SecondQuizHeading));
                } else if *block_level <= level {
                    errors.push(source.error(offset, ErrorKind::HeadingAfterQuiz));
                } else {
                    let mut class = None;
                    for c in classes {
                        if QUESTION_CLASSES.contains(&c.as_ref()) {
                            class = Some(c.to_string());
                        } else {
                            errors.push(source.error(
                                offset,
                                ErrorKind::UnknownQuestionClass {
                                    class: c.to_string(),
                                    suggestion: did_you_mean(c, QUESTION_CLASSES),
                                },
                            ));
                        }
                    }
                    drafts.push(Draft {
                        heading: block,
                        class,
                        body: Vec::new(),
                        list: None,
                        explanation: None,
                    });
                }
            }
            start => {
                let Some(draft) = drafts.last_mut() else {
                    if matches!(start, Event::Start(Tag::List(_) | Tag::BlockQuote(_))) {
                        errors.push(source.error(offset, ErrorKind::ContentBeforeFirstQuestion));
                    } else {
                        intro.extend(block.events.iter().cloned());
                    }
                    continue;
                };
                match (start, draft.list.is_some()) {
                    (Event::Start(Tag::List(_)), false) => draft.list = Some(block),
                    (Event::Start(Tag::BlockQuote(_)), true) if draft.explanation.is_none() => {
                        draft.explanation = Some(render_fragment(block.inner()));
                    }
                    (_, false) => draft.body.extend(block.events.iter().cloned()),
                    (other, true) => errors.push(source.error(
                        offset,
                        ErrorKind::UnexpectedBlockInQuestion(block_name(other)),
                    )),
                }
            }
        }
    }

    if drafts.is_empty() {
        errors.push(source.error(heading.offset(), ErrorKind::EmptyQuiz));
    }
    let questions = drafts
        .into_iter()
        .filter_map(|draft| finish_question(draft, source, errors))
        .collect();
    Quiz {
        title: plain_text(heading.inner()),
        intro: render_fragment(&intro),
        questions,
    }
}

/// What a block is, in words, for messages.
fn block_name(start: &Event) -> &'static str {
    match start {
        Event::Start(Tag::List(_)) => "second list",
        Event::Start(Tag::BlockQuote(_)) => "second block quote",
        Event::Start(Tag::Paragraph) => "paragraph",
        Event::Start(Tag::CodeBlock(_)) => "code block",
        Event::Start(Tag::Table(_)) => "table",
        Event::Start(Tag::HtmlBlock) => "HTML block",
        Event::Rule => "rule",
        _ => "block",
    }
}

/// Reads the choices of a finished draft and checks them against its kind.
fn finish_question(
    draft: Draft,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Option<Question> {
    let heading_offset = draft.heading.offset();
    let Some(list) = draft.list else {
        errors.push(source.error(heading_offset, ErrorKind::QuestionWithoutChoices));
        return None;
    };
    let errors_before = errors.len();
    let mut choices: Vec<Choice> = Vec::new();
    for (item, offset) in list_items(list.inner()) {
        let Some((Event::TaskListMarker(checked), _)) = item.first() else {
            errors.push(source.error(offset, ErrorKind::NotATaskItem));
            continue;
        };
        let content = unwrap_single_paragraph(&item[1..]);
        let text = plain_text(content);
        if text.is_empty()
            && !content
                .iter()
                .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
        {
            errors.push(source.error(offset, ErrorKind::EmptyChoice));
            continue;
        }
        let normalized = collapse_whitespace(&text).to_lowercase();
        if choices
            .iter()
            .any(|c| collapse_whitespace(&c.text).to_lowercase() == normalized)
        {
            errors.push(source.error(offset, ErrorKind::DuplicateChoice(text.clone())));
        }
        if is_placeholder(&text) {
            errors.push(source.error(offset, ErrorKind::PlaceholderChoice(text.clone())));
        }
        choices.push(Choice {
            html: render_fragment(content),
            text,
            correct: *checked,
            span: source.span(offset),
        });
    }
    if errors.len() > errors_before {
        return None;
    }

    let correct = choices.iter().filter(|c| c.correct).count();
    let kind = match draft.class.as_deref() {
        Some("short") => QuestionKind::Short,
        Some("multi") => QuestionKind::Multiple,
        Some("single") => QuestionKind::Single,
        _ if correct > 1 => QuestionKind::Multiple,
        _ => QuestionKind::Single,
    };
    let problem = if correct == 0 {
        Some(ErrorKind::QuestionWithoutCorrectChoice)
    } else {
        match kind {
            QuestionKind::Short if correct < choices.len() => {
                Some(ErrorKind::ShortAnswerWithWrongChoice)
            }
            QuestionKind::Single if choices.len() < 2 => Some(ErrorKind::SingleChoiceWithOneChoice),
            QuestionKind::Single if correct > 1 => Some(ErrorKind::SingleChoiceWithSeveralCorrect),
            _ => None,
        }
    };
    if let Some(problem) = problem {
        errors.push(source.error(heading_offset, problem));
        return None;
    }

    Some(Question {
        prompt: render_fragment(draft.heading.inner()),
        prompt_text: plain_text(draft.heading.inner()),
        body: render_fragment(&draft.body),
        kind,
        choices,
        explanation: draft.explanation,
        span: source.span(heading_offset),
    })
}

/// The items of a list's inner events, each without its own start and end, with its offset.
fn list_items<'s, 'a>(inner: &'s [Spanned<'a>]) -> Vec<(&'s [Spanned<'a>], usize)> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (index, (event, _)) in inner.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = index;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    items.push((&inner[start + 1..index], inner[start].1.start));
                }
            }
            _ => {}
        }
    }
    items
}

/// A loose list wraps each item in a paragraph; a lone one is dropped so choices stay inline.
fn unwrap_single_paragraph<'s, 'a>(events: &'s [Spanned<'a>]) -> &'s [Spanned<'a>] {
    let is_single_paragraph = matches!(events.first(), Some((Event::Start(Tag::Paragraph), _)))
        && matches!(events.last(), Some((Event::End(TagEnd::Paragraph), _)))
        && events
            .iter()
            .filter(|(e, _)| matches!(e, Event::Start(Tag::Paragraph)))
            .count()
            == 1;
    if is_single_paragraph {
        &events[1..events.len() - 1]
    } else {
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::parse_blocks;
    use std::path::Path;

    fn parse(text: &str) -> (Option<Quiz>, Vec<String>) {
        let config = PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"T\"\nlanguage = \"en\"\n",
        )
        .unwrap();
        let source = SourceText::new(Path::new("a.md"), text);
        let blocks = parse_blocks(text, 0);
        let mut errors = Vec::new();
        let level = quiz_heading_level(&blocks[0]).expect("quiz heading first");
        let quiz = parse_quiz(
            &blocks[0],
            level,
            &blocks[1..],
            &source,
            &config,
            &mut Vec::new(),
            &mut errors,
        );
        let messages = errors.iter().map(Diagnostic::headline).collect();
        (Some(quiz), messages)
    }

    #[test]
    fn kinds_follow_classes_and_marks() {
        let (quiz, errors) = parse(
            "## Quiz {.quiz}\n\nIntro\n\n### One?\n- [x] a\n- [ ] b\n> Because.\n\n### Many? {.multi}\n- [x] a\n- [ ] b\n\n### Two marked?\n- [x] a\n- [x] b\n- [ ] c\n\n### Type? {.short}\n- [x] Huawei\n- [x] Huawei Technologies\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let quiz = quiz.unwrap();
        assert_eq!(quiz.title, "Quiz");
        let kinds: Vec<_> = quiz.questions.iter().map(|q| q.kind).collect();
        assert_eq!(
            kinds,
            [
                QuestionKind::Single,
                QuestionKind::Multiple,
                QuestionKind::Multiple,
                QuestionKind::Short
            ]
        );
        assert_eq!(
            quiz.questions[0].explanation.as_ref().unwrap().render(""),
            "<p>Because.</p>\n"
        );
        assert_eq!(quiz.intro.render(""), "<p>Intro</p>\n");
    }

    #[test]
    fn question_with_no_correct_answer_reports_its_heading() {
        let (_, errors) = parse("## Quiz {.quiz}\n\n### One?\n- [ ] a\n- [ ] b\n");
        assert_eq!(
            errors,
            ["a.md:3:1: question has no correct choice: mark at least one with \"[x]\""]
        );
    }

    #[test]
    fn single_choice_needs_two_choices() {
        let (_, errors) = parse("## Quiz {.quiz}\n\n### One?\n- [x] a\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("a.md:3:1: single-choice question has only one choice"));
    }

    #[test]
    fn question_without_list_has_no_choices() {
        let (_, errors) = parse("## Quiz {.quiz}\n\n### One?\n\nJust text.\n");
        assert!(errors[0].starts_with("a.md:3:1: question has no choices"));
    }

    #[test]
    fn duplicate_choice_points_at_the_second() {
        let (_, errors) = parse("## Quiz {.quiz}\n\n### One?\n- [x] Paris\n- [ ] paris\n");
        assert_eq!(
            errors,
            ["a.md:5:1: choice \"paris\" appears twice in this question"]
        );
    }

    #[test]
    fn plain_list_item_is_not_a_choice() {
        let (_, errors) = parse("## Quiz {.quiz}\n\n### One?\n- [x] a\n- b\n");
        assert!(errors[0].starts_with("a.md:5:1: choice is not a task item"));
    }

    #[test]
    fn unknown_class_suggests_a_known_one() {
        let (_, errors) = parse("## Quiz {.quiz}\n\n### One? {.mutli}\n- [x] a\n- [ ] b\n");
        assert_eq!(
            errors,
            [
                "a.md:3:1: unknown question class \".mutli\" (did you mean \"multi\"?) (known: .single, .multi, .short)"
            ]
        );
    }

    #[test]
    fn second_quiz_heading_is_an_error() {
        let (_, errors) =
            parse("## Quiz {.quiz}\n\n### One?\n- [x] a\n- [ ] b\n\n## Again {.quiz}\n");
        assert_eq!(
            errors,
            ["a.md:7:1: second quiz heading: a lesson has one quiz"]
        );
    }

    #[test]
    fn placeholder_choice_is_an_error_until_replaced() {
        let (_, errors) =
            parse("## Quiz {.quiz}\n\n### One?\n- [x] a\n- [ ] TODO: write a wrong choice\n");
        assert_eq!(
            errors,
            [
                "a.md:5:1: placeholder choice \"TODO: write a wrong choice\": replace it with a real wrong choice"
            ]
        );
        let (_, errors) = parse("## Quiz {.quiz}\n\n### One?\n- [x] a\n- [ ] TODOs pile up\n");
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn short_answer_with_unchecked_item_is_an_error() {
        let (_, errors) = parse("## Quiz {.quiz}\n\n### Name? {.short}\n- [x] a\n- [ ] b\n");
        assert!(errors[0].starts_with("a.md:3:1: short-answer question lists a wrong answer"));
    }
}
