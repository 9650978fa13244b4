//! The web's small text formats, each written once: percent-coding of URL segments (encode
//! and decode), the table of media types by file extension (for the preview server's
//! responses and the `data:` URIs of bundles), and escaping text for HTML and XML.

use std::path::Path;

/// Percent-encodes one URL path segment: every byte but RFC 3986's unreserved characters.
pub(crate) fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    push_encoded_segment(&mut out, segment);
    out
}

/// [`encode_segment`] onto the end of `out`.
pub(crate) fn push_encoded_segment(out: &mut String, segment: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in segment.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => {
                out.push('%');
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 15)] as char);
            }
        }
    }
}

/// Decodes `%XX` escapes strictly: `None` for a malformed escape or bytes that are not UTF-8
/// (for requests, where a doubtful path is refused).
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            out.push(hex_pair(tail)?);
            rest = &tail[2..];
        } else {
            out.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(out).ok()
}

/// Decodes `%20` and friends in the path of a link an author wrote (its `?query` and
/// `#fragment` dropped); a malformed escape stays as it is, and so does the whole path when
/// the bytes are not UTF-8.
pub(crate) fn percent_decode_path(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let mut out = Vec::with_capacity(path.len());
    let mut rest = path.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        match (byte, hex_pair(tail)) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                rest = &tail[2..];
            }
            _ => {
                out.push(byte);
                rest = tail;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// The byte of the two hex digits that start `bytes`, if they are two hex digits.
fn hex_pair(bytes: &[u8]) -> Option<u8> {
    let digit = |b: &u8| (*b as char).to_digit(16);
    let high = digit(bytes.first()?)?;
    let low = digit(bytes.get(1)?)?;
    Some((high * 16 + low) as u8)
}

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
        "ogg" => "audio/ogg",
        "m4a" => "audio/mp4",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// Escapes text for XML and HTML alike (text and quoted attributes).
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_only_unreserved_bytes() {
        assert_eq!(encode_segment("café a/b"), "caf%C3%A9%20a%2Fb");
        assert_eq!(encode_segment("A-z_0.~"), "A-z_0.~");
    }

    #[test]
    fn strict_decoding_refuses_malformed_escapes() {
        assert_eq!(percent_decode("caf%C3%A9%20x").as_deref(), Some("café x"));
        assert_eq!(percent_decode("%2e%2E"), Some("..".to_string()));
        assert_eq!(percent_decode("a%2"), None);
        assert_eq!(percent_decode("a%zz"), None);
        assert_eq!(percent_decode("%FF"), None);
    }

    #[test]
    fn path_decoding_keeps_what_it_cannot_decode() {
        assert_eq!(
            percent_decode_path("img/map%20a.png?x=1#top"),
            "img/map a.png"
        );
        assert_eq!(percent_decode_path("100%.png"), "100%.png");
        assert_eq!(percent_decode_path("a%FFb.png"), "a%FFb.png");
    }

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            escape_xml("<a href=\"x\">Tom's & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom&apos;s &amp; co&lt;/a&gt;"
        );
    }

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
