//! SCORM 1.2 and SCORM 2004 (4th edition) packages. (Being written.)

use super::ExportInput;
use crate::diagnostic::Diagnostic;

/// Which SCORM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Scorm12,
    Scorm2004,
}

/// The zip of a SCORM package holding `input`'s lessons.
pub(crate) fn package(_version: Version, input: &ExportInput) -> Result<Vec<u8>, Diagnostic> {
    Err(super::unwritten(input.stem))
}
