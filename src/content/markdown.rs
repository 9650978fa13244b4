//! The one place pulldown-cmark's options are set, and the split of a body into top-level
//! blocks with their byte ranges in the file (turned into positions by [`SourceText`]).

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

/// The Markdown dialect of lessons: CommonMark plus the extensions the format uses.
pub(crate) fn options() -> Options {
    Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
}

/// A Markdown event with its byte range in the source file.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// One top-level block of a Markdown body: a paragraph, heading, list, quote, rule, ….
pub(crate) struct Block<'a> {
    /// Every event of the block, its own start and end included.
    pub events: Vec<Spanned<'a>>,
}

impl<'a> Block<'a> {
    /// The byte offset in the file where the block starts.
    pub fn offset(&self) -> usize {
        self.events[0].1.start
    }

    /// The events between the block's own start and end.
    pub fn inner(&self) -> &[Spanned<'a>] {
        match self.events.len() {
            0 | 1 => &[],
            n => &self.events[1..n - 1],
        }
    }
}

/// Parses `body` (which starts at byte `body_start` of its file) into top-level blocks, with
/// every range counted from the start of the file.
pub(crate) fn parse_blocks(body: &str, body_start: usize) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        current.push((event, range));
        if depth == 0 {
            blocks.push(Block {
                events: std::mem::take(&mut current),
            });
        }
    }
    blocks
}
