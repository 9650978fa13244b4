//! What an author writes into a question besides its answer: a *hint* (a block quote right
//! after the question's heading), a *feedback* per choice (a block quote nested in the
//! choice's list item) and the *evidence* (`{evidence=3}` or `{evidence="3,4"}` on the
//! heading: the focus sentences that answer it).
//!
//! A block quote after body text is body (a quoted passage), not a hint; a block quote
//! after the answer block is the explanation, as before.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Quiz;
use crate::content::fragment::{Fragment, plain_text, render_fragment};
use crate::content::markdown::{Block, Spanned};
use crate::diagnostic::{Diagnostic, ErrorKind, did_you_mean};
use crate::source::SourceText;

/// The attributes a question heading may carry (besides its `#id` and `.classes`).
const QUESTION_ATTRIBUTES: [&str; 1] = ["evidence"];

/// The focus sentences that answer a question, as its heading names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// 1-based focus sentence numbers, in the order written.
    pub sentences: Vec<usize>,
    /// Where `evidence=` is written, for messages.
    offset: usize,
}

/// Whether a block quote is empty: no text and no image.
fn is_empty_quote(inner: &[Spanned]) -> bool {
    plain_text(inner).trim().is_empty()
        && !inner
            .iter()
            .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
}

/// Whether `block` is a question's hint: a block quote with nothing but the heading before it.
pub(super) fn is_hint(block: &Block, nothing_before: bool) -> bool {
    nothing_before && matches!(block.events[0].0, Event::Start(Tag::BlockQuote(_)))
}

/// A hint's text; an empty one is reported.
pub(super) fn read_hint(
    block: &Block,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Option<Fragment> {
    if is_empty_quote(block.inner()) {
        errors.push(source.error(block.offset(), ErrorKind::EmptyHint));
        return None;
    }
    Some(render_fragment(block.inner()))
}

/// A choice's own events and its feedback: a block quote that ends the list item. The
/// feedback's offset is given too, for messages.
pub(super) fn split_choice<'s, 'a>(
    item: &'s [Spanned<'a>],
) -> (&'s [Spanned<'a>], Option<(&'s [Spanned<'a>], usize)>) {
    let Some((Event::End(TagEnd::BlockQuote(_)), _)) = item.last() else {
        return (item, None);
    };
    // The quote's start: the last start of a block quote at the item's top level.
    let mut depth = 0usize;
    let mut start = None;
    for (index, (event, _)) in item.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::BlockQuote(_)) {
                    start = Some(index);
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    match start {
        Some(start) => (
            &item[..start],
            Some((&item[start + 1..item.len() - 1], item[start].1.start)),
        ),
        None => (item, None),
    }
}

/// A choice's feedback as a fragment; an empty one is reported.
pub(super) fn choice_feedback(
    quote: Option<(&[Spanned], usize)>,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Option<Fragment> {
    let (inner, offset) = quote?;
    if is_empty_quote(inner) {
        errors.push(source.error(offset, ErrorKind::EmptyChoiceFeedback));
        return None;
    }
    Some(render_fragment(inner))
}

/// The evidence a question heading names; a malformed value or an unknown attribute is
/// reported. Numbers above the lesson's count of focus sentences are checked later (see
/// [`check_evidence`]), once the article is known.
pub(super) fn read_evidence(
    heading: &Block,
    attrs: &[(CowStr, Option<CowStr>)],
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) -> Option<Evidence> {
    let range = heading.events[0].1.clone();
    // The attributes are in the heading's last `{…}`; the prompt before it may hold the words.
    let heading_text = &source.text[range.clone()];
    let braces = heading_text.rfind('{').unwrap_or(0);
    let at = |needle: &str| range.start + braces + heading_text[braces..].find(needle).unwrap_or(0);
    let mut evidence = None;
    for (key, value) in attrs {
        if key.as_ref() != "evidence" {
            errors.push(source.error(
                at(key),
                ErrorKind::UnknownQuestionAttribute {
                    name: key.to_string(),
                    suggestion: did_you_mean(key, QUESTION_ATTRIBUTES),
                },
            ));
            continue;
        }
        let offset = at("evidence");
        let written = value.as_deref().unwrap_or("");
        let list = written.trim_matches('"');
        let mut sentences = Vec::new();
        for item in list.split(',') {
            match item.trim().parse::<usize>() {
                Ok(0) => errors.push(source.error(offset, ErrorKind::EvidenceZero)),
                Ok(n) => sentences.push(n),
                Err(_) => errors.push(source.error(
                    offset,
                    ErrorKind::EvidenceNotANumber(item.trim().to_string()),
                )),
            }
        }
        if !sentences.is_empty() {
            evidence = Some(Evidence { sentences, offset });
        }
    }
    evidence
}

/// Reports evidence that names a focus sentence the lesson does not have.
pub(crate) fn check_evidence(
    quiz: &Quiz,
    focus_count: usize,
    source: &SourceText,
    errors: &mut Vec<Diagnostic>,
) {
    for question in &quiz.questions {
        let Some(evidence) = &question.evidence else {
            continue;
        };
        for &n in &evidence.sentences {
            if n > focus_count {
                errors.push(source.error(
                    evidence.offset,
                    ErrorKind::EvidenceOutOfRange {
                        n,
                        count: focus_count,
                    },
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Question, parse_quiz, quiz_heading_level};
    use super::*;
    use crate::config::PackConfig;
    use crate::content::markdown::parse_blocks;
    use std::path::Path;

    /// The questions of a quiz (`text` starts at its heading) and every error's headline,
    /// with evidence checked against `focus_count` sentences.
    fn parse(text: &str, focus_count: usize) -> (Vec<Question>, Vec<String>) {
        let config = PackConfig::parse(
            Path::new("lessonpack.toml"),
            "title = \"T\"\nlanguage = \"en\"\n",
        )
        .unwrap();
        let source = SourceText::new(Path::new("a.md"), text);
        let blocks = parse_blocks(text, 0);
        let mut errors = Vec::new();
        let level = quiz_heading_level(&blocks[0]).unwrap();
        let quiz = parse_quiz(
            &blocks[0],
            level,
            &blocks[1..],
            &source,
            &config,
            &mut Vec::new(),
            &mut errors,
        );
        check_evidence(&quiz, focus_count, &source, &mut errors);
        let messages = errors.iter().map(Diagnostic::headline).collect();
        (quiz.questions, messages)
    }

    fn html(fragment: &Option<Fragment>) -> Option<String> {
        fragment.as_ref().map(|f| f.render(""))
    }

    #[test]
    fn feedback_under_a_choice_is_not_part_of_its_text() {
        let (questions, errors) = parse(
            "## Q {.quiz}\n\n### Why?\n- [ ] A shortage of data\n  > No: the article is about *chips*.\n- [x] Chips\n",
            1,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let choices = questions[0].choices();
        assert_eq!(choices[0].text, "A shortage of data");
        assert_eq!(choices[0].html.render(""), "A shortage of data");
        assert_eq!(
            html(&choices[0].feedback).as_deref(),
            Some("<p>No: the article is about <em>chips</em>.</p>\n")
        );
        assert!(choices[1].feedback.is_none());
    }

    #[test]
    fn feedback_in_a_loose_list_too() {
        let (questions, errors) = parse(
            "## Q {.quiz}\n\n### Why?\n- [ ] Data\n\n  > Not data.\n\n- [x] Chips\n\n  > Yes.\n",
            1,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let choices = questions[0].choices();
        assert_eq!(choices[0].html.render(""), "Data");
        assert_eq!(html(&choices[1].feedback).as_deref(), Some("<p>Yes.</p>\n"));
    }

    #[test]
    fn a_quote_right_after_the_heading_is_the_hint_one_after_text_is_body() {
        let (questions, errors) = parse(
            "## Q {.quiz}\n\n### One?\n> Look again.\n\n- [x] a\n- [ ] b\n> Because.\n\n### Two?\nRead this:\n\n> A quoted passage.\n\n- [x] a\n- [ ] b\n",
            1,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            html(&questions[0].hint).as_deref(),
            Some("<p>Look again.</p>\n")
        );
        assert_eq!(
            html(&questions[0].explanation).as_deref(),
            Some("<p>Because.</p>\n")
        );
        assert!(questions[1].hint.is_none());
        assert!(questions[1].body.render("").contains("A quoted passage."));
    }

    #[test]
    fn evidence_is_read_from_the_heading() {
        let (questions, errors) = parse(
            "## Q {.quiz}\n\n### One? {evidence=3}\n- [x] a\n- [ ] b\n\n### Two? {.multi evidence=\"2,4\"}\n- [x] a\n- [x] b\n\n### Three?\n- [x] a\n- [ ] b\n",
            4,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let sentences: Vec<_> = questions
            .iter()
            .map(|q| q.evidence.as_ref().map(|e| e.sentences.clone()))
            .collect();
        assert_eq!(sentences, [Some(vec![3]), Some(vec![2, 4]), None]);
    }

    #[test]
    fn bad_evidence_is_reported_where_it_is_written() {
        let (_, errors) = parse(
            "## Q {.quiz}\n\n### One? {evidence=0}\n- [x] a\n- [ ] b\n\n### Two? {evidence=\"2,9\"}\n- [x] a\n- [ ] b\n\n### Three? {evidence=two}\n- [x] a\n- [ ] b\n\n### Four? {evidense=1}\n- [x] a\n- [ ] b\n",
            3,
        );
        assert_eq!(
            errors,
            [
                "a.md:3:11: evidence 0 is not a focus sentence: they are numbered from 1",
                "a.md:11:13: evidence \"two\" is not a number: write {evidence=3} or {evidence=\"3,4\"}",
                "a.md:15:12: unknown question attribute \"evidense\" (did you mean \"evidence\"?) (known: evidence)",
                "a.md:7:11: evidence 9 is not a focus sentence: this lesson has 3, numbered from 1",
            ]
        );
    }

    #[test]
    fn empty_quotes_and_feedback_on_accepted_answers_are_errors() {
        let (_, errors) = parse(
            "## Q {.quiz}\n\n### One?\n>\n\n- [x] a\n- [ ] b\n  >\n\n### Name? {.short}\n- [x] Huawei\n  > Right.\n",
            1,
        );
        assert_eq!(
            errors,
            [
                "a.md:4:1: hint is empty: write the hint in the block quote under the question's heading, or remove it",
                "a.md:8:3: choice feedback is empty: write it in the block quote under the choice, or remove it",
                "a.md:12:3: feedback under an accepted answer: a short-answer question has no feedback per answer (write an explanation after the list)",
            ]
        );
    }
}
