//! Source text: the bytes of a pack file decoded, byte offsets turned into 1-based line and
//! column, TOML read with every error at its position ([`toml_spans`]), and a failed folder
//! walk named by its path. It sits just above diagnostics (see the layers in `lib.rs`):
//! config, content and render all read their files through it.

pub(crate) mod toml_spans;

use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, ErrorKind, Lint, LintKind, Span};

/// A source file's text with its line starts, to turn byte offsets into [`Span`]s.
pub(crate) struct SourceText<'a> {
    /// Path relative to the pack root, as shown in messages.
    pub path: &'a Path,
    pub text: &'a str,
    line_starts: Vec<usize>,
    /// `path`, made once for all the spans into the file.
    shared_path: OnceCell<Arc<PathBuf>>,
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
            shared_path: OnceCell::new(),
        }
    }

    /// The path every span into the file shares.
    pub fn shared_path(&self) -> Arc<PathBuf> {
        self.shared_path
            .get_or_init(|| Arc::new(self.path.to_path_buf()))
            .clone()
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
            path: self.shared_path(),
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

/// The text of a file, or an error at the first byte that is not UTF-8.
pub(crate) fn decode_utf8(shown: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).expect("prefix is valid");
        SourceText::new(shown, valid).error(valid.len(), ErrorKind::NotUtf8)
    })
}

/// `path` relative to the pack root, for messages.
pub(crate) fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A failure to walk a folder below `root` as our error, naming the path (relative to `root`)
/// at which it failed, or `fallback` when walkdir does not say.
pub(crate) fn walk_error(err: walkdir::Error, root: &Path, fallback: &Path) -> Diagnostic {
    let path = relative_to(root, err.path().unwrap_or(fallback));
    let io = err
        .into_io_error()
        .unwrap_or_else(|| std::io::Error::other("cannot read"));
    Diagnostic::io(&path, &io)
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
