//! The quiz of a lesson: the section under a heading with class `quiz`, one question per
//! heading below it. Under each heading: optional body blocks, the question's *answer block*
//! (a task list for the choice kinds), then a block quote as explanation.
//!
//! This module finds the questions and their parts; each kind of question reads its answer
//! block in a module of its own ([`choices`]: single, multiple and short answer; [`cloze`]:
//! fill in the blanks; [`order`]: ordering; [`matching`]: matching).

mod choices;
pub(crate) mod cloze;
mod feedback;
mod matching;
mod order;
mod policies;

use pulldown_cmark::{Event, HeadingLevel, Tag};

use super::article::collect_entities;
use super::entity::EntityMark;
use super::fragment::{Fragment, plain_text, render_fragment};
use super::markdown::{Block, Spanned};
use super::shrink_exact;
use crate::config::PackConfig;
use crate::diagnostic::{Diagnostic, ErrorKind, Span, did_you_mean};
use crate::source::SourceText;

pub use choices::PLACEHOLDER_PREFIX;
pub(crate) use choices::is_placeholder;
pub use cloze::{Blank, Cloze};
pub use feedback::Evidence;
pub(crate) use feedback::check_evidence;
pub(crate) use policies::check_policies;

/// The comprehension questions at the end of a lesson.
#[derive(Debug, Clone)]
pub struct Quiz {
    /// The quiz heading's text, e.g. "Challenge Mode".
    pub title: String,
    /// Blocks between the quiz heading and the first question, e.g. "Comprehension Questions".
    pub intro: Fragment,
    pub questions: Vec<Question>,
}

/// What a quiz asks, told without its questions: the kinds of question, each once in the
/// order first asked, and whether the author wrote feedback (a hint, feedback on a choice,
/// an evidence link). It decides what the quiz page's script holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizShape {
    pub kinds: Vec<QuestionKind>,
    pub feedback: bool,
}

impl Quiz {
    /// What the quiz asks.
    pub fn shape(&self) -> QuizShape {
        let mut kinds = Vec::new();
        let mut feedback = false;
        for question in &self.questions {
            if !kinds.contains(&question.kind()) {
                kinds.push(question.kind());
            }
            feedback |= question.hint.is_some()
                || question.evidence.is_some()
                || question.choices().iter().any(|c| c.feedback.is_some());
        }
        QuizShape { kinds, feedback }
    }
}

/// One question of a quiz.
#[derive(Debug, Clone)]
pub struct Question {
    /// The heading's inline HTML.
    pub prompt: Fragment,
    /// The heading as plain text.
    pub prompt_text: String,
    /// Blocks between the heading and the answer block (context, an image).
    pub body: Fragment,
    /// What the learner answers and what is right.
    pub answer: Answer,
    pub explanation: Option<Fragment>,
    /// A block quote right after the heading: shown behind a "Hint" button.
    pub hint: Option<Fragment>,
    /// The focus sentences that answer it (`{evidence=3}` on the heading).
    pub evidence: Option<Evidence>,
    /// Where its heading is.
    pub span: Span,
}

/// What a question asks the learner to do, with the right answer. Each kind's reading of the
/// source is in its own module.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Pick among choices: radio buttons when `multiple` is false (exactly one correct),
    /// checkboxes when it is true (any number correct).
    Choices {
        multiple: bool,
        choices: Vec<Choice>,
    },
    /// Type an answer, compared with every accepted answer ignoring case and spacing.
    Short { accepted: Vec<Choice> },
    /// Fill in the blanks of a text: one text box (or drop-down) per blank.
    Cloze(Cloze),
    /// Put items in order: `items` in the right order, as the source lists them.
    Order { items: Vec<Choice> },
    /// Match each left side with its right side: `rights[i]` is the match of `lefts[i]`;
    /// several left sides may share a right side.
    Match {
        lefts: Vec<Choice>,
        rights: Vec<Choice>,
    },
}

impl Quiz {
    /// Gives back the spare capacity of its vectors, once it is built.
    pub(crate) fn shrink_to_fit(&mut self) {
        shrink_exact(&mut self.questions);
        for question in &mut self.questions {
            match &mut question.answer {
                Answer::Choices { choices, .. } => shrink_exact(choices),
                Answer::Short { accepted } => shrink_exact(accepted),
                Answer::Cloze(cloze) => {
                    shrink_exact(&mut cloze.pieces);
                    shrink_exact(&mut cloze.blanks);
                    for blank in &mut cloze.blanks {
                        shrink_exact(&mut blank.accepted);
                    }
                }
                Answer::Order { items } => shrink_exact(items),
                Answer::Match { lefts, rights } => {
                    shrink_exact(lefts);
                    shrink_exact(rights);
                }
            }
            if let Some(evidence) = &mut question.evidence {
                shrink_exact(&mut evidence.sentences);
            }
        }
    }
}

impl Question {
    /// The kind of question, as templates and scripts name it.
    pub fn kind(&self) -> QuestionKind {
        match &self.answer {
            Answer::Choices {
                multiple: false, ..
            } => QuestionKind::Single,
            Answer::Choices { multiple: true, .. } => QuestionKind::Multiple,
            Answer::Short { .. } => QuestionKind::Short,
            Answer::Cloze(_) => QuestionKind::Cloze,
            Answer::Order { .. } => QuestionKind::Order,
            Answer::Match { .. } => QuestionKind::Match,
        }
    }

    /// Every choice (or accepted answer, item to order, left side of a match) the author
    /// wrote, in source order; none for a cloze.
    pub fn choices(&self) -> &[Choice] {
        match &self.answer {
            Answer::Choices { choices, .. } => choices,
            Answer::Short { accepted } => accepted,
            Answer::Cloze(_) => &[],
            Answer::Order { items } => items,
            Answer::Match { lefts, .. } => lefts,
        }
    }

    /// Every fragment of the question, for passes that rewrite links in all of them.
    pub(crate) fn fragments_mut(&mut self) -> impl Iterator<Item = &mut Fragment> {
        let (choices, more, pieces): (&mut [Choice], &mut [Choice], &mut [Fragment]) =
            match &mut self.answer {
                Answer::Choices { choices, .. } => (choices, &mut [], &mut []),
                Answer::Short { accepted } => (accepted, &mut [], &mut []),
                Answer::Cloze(cloze) => (&mut [], &mut [], &mut cloze.pieces),
                Answer::Order { items } => (items, &mut [], &mut []),
                Answer::Match { lefts, rights } => (lefts, rights, &mut []),
            };
        [&mut self.prompt, &mut self.body]
            .into_iter()
            .chain(self.explanation.as_mut())
            .chain(self.hint.as_mut())
            .chain(
                choices
                    .iter_mut()
                    .flat_map(|c| std::iter::once(&mut c.html).chain(c.feedback.as_mut())),
            )
            .chain(more.iter_mut().map(|c| &mut c.html))
            .chain(pieces.iter_mut())
    }
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
    /// Blanks in a text, each typed (compared like a short answer) or picked from a drop-down.
    Cloze,
    /// Items to put in order.
    Order,
    /// Left sides to match with right sides.
    Match,
}

impl QuestionKind {
    /// The name templates and scripts use: `single`, `multi`, `short`, `cloze`, `order`,
    /// `match`.
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multi",
            QuestionKind::Short => "short",
            QuestionKind::Cloze => "cloze",
            QuestionKind::Order => "order",
            QuestionKind::Match => "match",
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
    /// A block quote nested in the choice's item: shown when it is picked and checked.
    pub feedback: Option<Fragment>,
    /// Marked `{.pin}`: keeps its place when the choices are shuffled.
    pub pinned: bool,
    /// Where its list item is.
    pub span: Span,
}

/// The classes of a quiz heading and a question heading.
pub(crate) const QUIZ_CLASS: &str = "quiz";
const QUESTION_CLASSES: [&str; 7] = [
    "single",
    "multi",
    "short",
    cloze::CLOZE_CLASS,
    cloze::CHOICES_CLASS,
    "order",
    "match",
];

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
    /// The heading's known question classes, in source order.
    classes: Vec<String>,
    body: Vec<Spanned<'a>>,
    /// The block the question's kind reads its answer from (a task list for choices).
    answer_block: Option<&'b Block<'a>>,
    explanation: Option<Fragment>,
    hint: Option<Fragment>,
    evidence: Option<Evidence>,
}

impl Draft<'_, '_> {
    /// Whether `block` is this question's answer block (once it has none yet).
    fn takes_as_answer(&self, block: &Block) -> bool {
        if cloze::is_cloze(&self.classes) {
            return cloze::takes_as_answer(block);
        }
        matches!(block.events[0].0, Event::Start(Tag::List(_)))
    }
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
        collect_entities(&block.events, source, config, marks, None, errors);
        // Blanks belong in the text of a cloze question, nowhere else.
        let is_cloze_text = drafts.last().is_some_and(|d| {
            d.answer_block.is_none() && cloze::is_cloze(&d.classes) && d.takes_as_answer(block)
        });
        if !is_cloze_text {
            cloze::report_stray_blanks(&block.events, source, errors);
        }
        let offset = block.offset();
        match &block.events[0].0 {
            Event::Start(Tag::Heading {
                level: block_level,
                classes,
                attrs,
                ..
            }) => {
                if classes.iter().any(|c| c.as_ref() == QUIZ_CLASS) {
                    errors.push(source.error(offset, ErrorKind::SecondQuizHeading));
                } else if *block_level <= level {
                    errors.push(source.error(offset, ErrorKind::HeadingAfterQuiz));
                } else {
                    drafts.push(Draft {
                        heading: block,
                        classes: question_classes(classes, offset, source, errors),
                        body: Vec::new(),
                        answer_block: None,
                        explanation: None,
                        hint: None,
                        evidence: feedback::read_evidence(block, attrs, source, errors),
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
                add_to_question(draft, block, source, errors);
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

/// The known question classes of a heading; an unknown one is reported.
fn question_classes(
    classes: &[pulldown_cmark::CowStr],
    offset: usize,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut known = Vec::new();
    for class in classes {
        if QUESTION_CLASSES.contains(&class.as_ref()) {
            known.push(class.to_string());
        } else {
            errors.push(source.error(
                offset,
                ErrorKind::UnknownQuestionClass {
                    class: class.to_string(),
                    suggestion: did_you_mean(class, QUESTION_CLASSES),
                },
            ));
        }
    }
    known
}

/// Adds a block after a question's heading to the question: to its body before the answer
/// block, as its answer block, or as its explanation after it.
fn add_to_question<'b, 'a>(
    draft: &mut Draft<'b, 'a>,
    block: &'b Block<'a>,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) {
    let start = &block.events[0].0;
    if draft.answer_block.is_none() {
        if draft.takes_as_answer(block) {
            draft.answer_block = Some(block);
        } else if feedback::is_hint(block, draft.body.is_empty() && draft.hint.is_none()) {
            draft.hint = feedback::read_hint(block, source, errors);
        } else {
            draft.body.extend(block.events.iter().cloned());
        }
    } else if matches!(start, Event::Start(Tag::BlockQuote(_))) && draft.explanation.is_none() {
        draft.explanation = Some(render_fragment(block.inner()));
    } else if cloze::is_cloze(&draft.classes) && cloze::is_task_list(block) {
        errors.push(source.error(block.offset(), ErrorKind::ClozeWithTaskList));
    } else {
        errors.push(source.error(
            block.offset(),
            ErrorKind::UnexpectedBlockInQuestion(block_name(start)),
        ));
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

/// Reads a finished draft's answer block by its kind; `None` when it has problems, which are
/// in `errors`.
fn finish_question(
    draft: Draft,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Option<Question> {
    let heading_offset = draft.heading.offset();
    let is_cloze = cloze::is_cloze(&draft.classes);
    if !is_cloze && draft.classes.iter().any(|c| c == cloze::CHOICES_CLASS) {
        errors.push(source.error(heading_offset, ErrorKind::ChoicesWithoutCloze));
        return None;
    }
    let Some(answer_block) = draft.answer_block else {
        let problem = if is_cloze {
            ErrorKind::ClozeWithoutBlank
        } else {
            ErrorKind::QuestionWithoutChoices
        };
        errors.push(source.error(heading_offset, problem));
        return None;
    };
    let answer = match draft.classes.last().map(String::as_str) {
        _ if is_cloze => cloze::read_answer(&draft, answer_block, source, errors)?,
        Some("order") => order::read_answer(&draft, answer_block, source, errors)?,
        Some("match") => matching::read_answer(&draft, answer_block, source, errors)?,
        _ => choices::read_answer(&draft, answer_block, source, errors)?,
    };
    Some(Question {
        prompt: render_fragment(draft.heading.inner()),
        prompt_text: plain_text(draft.heading.inner()),
        body: render_fragment(&draft.body),
        answer,
        explanation: draft.explanation,
        hint: draft.hint,
        evidence: draft.evidence,
        span: source.span(heading_offset),
    })
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
        let kinds: Vec<_> = quiz.questions.iter().map(|q| q.kind()).collect();
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
    fn choices_differing_only_in_case_are_duplicates_in_any_script() {
        let (_, errors) = parse(
            "## Quiz {.quiz}\n\n### One?\n- [x] \u{c9}t\u{c9}\n- [ ] \u{e9}t\u{e9}\n- [ ] 5 \u{212a}\n- [ ] 5 k\n",
        );
        assert_eq!(
            errors,
            [
                "a.md:5:1: choice \"\u{e9}t\u{e9}\" appears twice in this question",
                "a.md:7:1: choice \"5 k\" appears twice in this question",
            ]
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
                "a.md:3:1: unknown question class \".mutli\" (did you mean \"multi\"?) (known: .single, .multi, .short, .cloze, .choices, .order, .match)"
            ]
        );
    }

    #[test]
    fn a_pin_is_read_off_the_choice() {
        let (quiz, errors) = parse(
            "## Quiz {.quiz}\n\n### One?\n- [x] a\n- [ ] b {.pin}\n- [ ] *None* of the above   {.pin}\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let choices = quiz.unwrap().questions[0].choices().to_vec();
        let pins: Vec<_> = choices
            .iter()
            .map(|c| (c.text.as_str(), c.pinned))
            .collect();
        assert_eq!(
            pins,
            [("a", false), ("b", true), ("None of the above", true)]
        );
        assert_eq!(choices[2].html.render(""), "<em>None</em> of the above");
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

    #[test]
    fn ordering_keeps_the_source_order_of_plain_or_numbered_items() {
        for list in [
            "- First\n- *Second*\n- Third\n",
            "1. First\n2. *Second*\n3. Third\n",
        ] {
            let (quiz, errors) = parse(&format!(
                "## Quiz {{.quiz}}\n\n### Order? {{.order}}\n{list}"
            ));
            assert!(errors.is_empty(), "{errors:?}");
            let question = &quiz.unwrap().questions[0];
            assert_eq!(question.kind(), QuestionKind::Order);
            let Answer::Order { items } = &question.answer else {
                panic!("not an ordering")
            };
            let texts: Vec<_> = items.iter().map(|i| i.text.as_str()).collect();
            assert_eq!(texts, ["First", "Second", "Third"]);
            assert_eq!(items[1].html.render(""), "<em>Second</em>");
            assert_eq!(items[2].span.line, 6);
        }
    }

    #[test]
    fn ordering_errors_point_at_their_item() {
        let order =
            |list: &str| parse(&format!("## Quiz {{.quiz}}\n\n### O? {{.order}}\n{list}")).1;
        assert_eq!(
            order("- Only\n"),
            [
                "a.md:3:1: ordering question has fewer than two items: list at least two, in the right order"
            ]
        );
        assert_eq!(
            order("- One\n- [x] Two\n"),
            [
                "a.md:5:1: task item in an ordering question: write plain items (\"- …\"), without \"[ ]\" or \"[x]\""
            ]
        );
        assert_eq!(
            order("- One\n- Two\n-  one \n"),
            [
                "a.md:6:1: item \"one\" appears twice in this ordering: every item needs its own place"
            ]
        );
    }

    #[test]
    fn matching_splits_each_item_at_its_arrow() {
        let (quiz, errors) = parse(
            "## Quiz {.quiz}\n\n### Match? {.match}\n- Huawei -> Ascend AI chip\n- *Nvidia*->H100\n- [Arm](org:) -> Chip designs\n- Bern -> Ascend AI chip\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let question = &quiz.unwrap().questions[0];
        assert_eq!(question.kind(), QuestionKind::Match);
        let Answer::Match { lefts, rights } = &question.answer else {
            panic!("not a matching")
        };
        let pairs: Vec<_> = lefts
            .iter()
            .zip(rights)
            .map(|(l, r)| (l.text.as_str(), r.text.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Huawei", "Ascend AI chip"),
                ("Nvidia", "H100"),
                ("Arm", "Chip designs"),
                ("Bern", "Ascend AI chip")
            ]
        );
        assert_eq!(lefts[1].html.render(""), "<em>Nvidia</em>");
        assert_eq!(rights[0].html.render(""), "Ascend AI chip");
    }

    #[test]
    fn matching_errors_point_at_their_item() {
        let pairs =
            |list: &str| parse(&format!("## Quiz {{.quiz}}\n\n### M? {{.match}}\n{list}")).1;
        assert_eq!(
            pairs("- a -> b\n- c to d\n"),
            ["a.md:5:1: matching item has no \"->\": write \"- left side -> its match\""]
        );
        assert_eq!(
            pairs("- a -> b\n- c -> \n"),
            ["a.md:5:1: matching item has an empty side: write text on both sides of \"->\""]
        );
        assert_eq!(
            pairs("- a -> b\n- [ ] c -> d\n"),
            [
                "a.md:5:1: task item in a matching question: write plain items (\"- …\"), without \"[ ]\" or \"[x]\""
            ]
        );
        assert_eq!(
            pairs("- a -> b\n"),
            [
                "a.md:3:1: matching question has fewer than two items: add pairs \"- left side -> its match\""
            ]
        );
        assert_eq!(
            pairs("- a -> b\n- A -> c\n"),
            ["a.md:5:1: choice \"A\" appears twice in this question"]
        );
    }
}
