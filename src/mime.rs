//! The one table of media types by file extension: for the preview server's responses and
//! for the `data:` URIs of images inlined into bundles.

use std::path::Path;

/// The media type of a file, by its extension (case-insensitive); text types say UTF-8.
pub(crate) fn mime_type(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_follow_the_extension_in_any_case() {
        assert_eq!(mime_type(Path::new("img/Chart.PNG")), "image/png");
        assert_eq!(mime_type(Path::new("a.svg")), "image/svg+xml");
        assert_eq!(
            mime_type(Path::new("noextension")),
            "application/octet-stream"
        );
    }
}
