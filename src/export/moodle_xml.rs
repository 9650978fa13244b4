//! Moodle XML. (Being written.)

use super::ExportInput;
use crate::diagnostic::Diagnostic;

/// The Moodle XML of `input`'s quizzes.
pub(crate) fn export(input: &ExportInput) -> Result<String, Diagnostic> {
    Err(super::unwritten(input.stem))
}
