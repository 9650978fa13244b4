//! Moodle's GIFT format. (Being written.)

use super::ExportInput;
use crate::diagnostic::Diagnostic;

/// The GIFT text of `input`'s quizzes.
pub(crate) fn export(input: &ExportInput) -> Result<String, Diagnostic> {
    Err(super::unwritten(input.stem))
}
