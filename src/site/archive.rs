//! The zip of the whole site (`build --zip`): every file of the site and its marker,
//! deflated, in the order a sorted walk of the site gives, with a fixed timestamp, so equal
//! sites give byte-identical archives.

use std::io::Write as _;
use std::path::Path;

use super::output::{MARKER_FILE, MARKER_TEXT};
use crate::diagnostic::Diagnostic;

/// Zips the marker and the files at `names` (site paths), read with `read`, into the bytes
/// of the archive at site path `zip`.
pub(crate) fn zip_files(
    zip: &str,
    mut names: Vec<&str>,
    read: &dyn Fn(&str) -> Result<Vec<u8>, Diagnostic>,
) -> Result<Vec<u8>, Diagnostic> {
    // A walk sorted by file name visits a folder's files in name order, each folder's
    // contents right after it: the order of the paths' segments.
    names.sort_by(|a, b| a.split('/').cmp(b.split('/')));
    let fail = |err: std::io::Error| Diagnostic::io(Path::new(zip), &err);
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buffer);
    let options = crate::export::deterministic_zip_options();
    let mut add = |name: &str, bytes: &[u8]| -> Result<(), Diagnostic> {
        writer
            .start_file(name, options)
            .map_err(|err| fail(std::io::Error::other(err)))?;
        writer.write_all(bytes).map_err(fail)
    };
    let mut marker_added = false;
    for name in names {
        if !marker_added && MARKER_FILE.split('/').lt(name.split('/')) {
            add(MARKER_FILE, MARKER_TEXT.as_bytes())?;
            marker_added = true;
        }
        add(name, &read(name)?)?;
    }
    if !marker_added {
        add(MARKER_FILE, MARKER_TEXT.as_bytes())?;
    }
    writer
        .finish()
        .map_err(|err| fail(std::io::Error::other(err)))?;
    Ok(buffer.into_inner())
}
