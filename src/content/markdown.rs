//! The one place pulldown-cmark's options are set, and the map from byte offsets in a
//! source file to 1-based line and column.

use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser};

use crate::diagnostic::{Diagnostic, ErrorKind, Lint, LintKind, Span};

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

/// A source file's text with its line starts, to turn byte offsets into [`Span`]s.
pub(crate) struct SourceText<'a> {
    /// Path relative to the pack root, as shown in messages.
    pub path: &'a Path,
    pub text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceText<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText {
            path,
            text,
            line_starts,
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn span(&self, offset: usize) -> Span {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_index];
        let col = self.text[line_start..floor_char_boundary(self.text, offset)]
            .chars()
            .count()
            + 1;
        Span {
            path: PathBuf::from(self.path),
            line: line_index + 1,
            col,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// An error at a byte offset, with its line as the excerpt.
    pub fn error(&self, offset: usize, kind: ErrorKind) -> Diagnostic {
        let span = self.span(offset);
        let excerpt = Some(self.line(span.line).to_string());
        Diagnostic::at(span, excerpt, kind)
    }

    /// A lint at a byte offset, with its line as the excerpt.
    pub fn lint(&self, offset: usize, kind: LintKind) -> Lint {
        let span = self.span(offset);
        let excerpt = Some(self.line(span.line).to_string());
        Lint::at(span, excerpt, kind)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_one_based_line_and_char_column() {
        let source = SourceText::new(Path::new("a.md"), "ab\nçd e\r\nx");
        assert_eq!((source.span(0).line, source.span(0).col), (1, 1));
        let e = source.text.find('e').unwrap();
        assert_eq!((source.span(e).line, source.span(e).col), (2, 4));
        let x = source.text.find('x').unwrap();
        assert_eq!((source.span(x).line, source.span(x).col), (3, 1));
        assert_eq!(source.line(2), "çd e");
    }
}
