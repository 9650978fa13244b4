//! IMS QTI 2.1 and QTI 1.2 packages. (Being written.)

use super::ExportInput;
use crate::diagnostic::Diagnostic;

/// Which QTI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Qti21,
    Qti12,
}

/// The zip of a QTI package holding `input`'s quizzes.
pub(crate) fn package(_version: Version, input: &ExportInput) -> Result<Vec<u8>, Diagnostic> {
    Err(super::unwritten(input.stem))
}
