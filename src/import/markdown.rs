//! Writing imported text as Markdown: entity marks placed in a sentence, and escaping so
//! that text reads as written.

/// A mark to place: byte range in the sentence, kind, and the canonical name if the text
/// differs from it.
struct Mark {
    start: usize,
    end: usize,
    kind: String,
    title: Option<String>,
}

/// The sentence as Markdown with each tag marked at its first free occurrence, and the tags
/// that were not found.
pub(super) fn mark_entities(
    sentence: &str,
    tags: &[(String, String, usize)],
) -> (String, Vec<(String, String, usize)>) {
    let mut marks: Vec<Mark> = Vec::new();
    let mut missing = Vec::new();
    for (kind, name, line) in tags {
        match find_occurrence(sentence, name, &marks) {
            Some((start, end)) => {
                let text = &sentence[start..end];
                marks.push(Mark {
                    start,
                    end,
                    kind: kind.clone(),
                    title: (text != name).then(|| name.clone()),
                });
            }
            None => missing.push((kind.clone(), name.clone(), *line)),
        }
    }
    marks.sort_by_key(|m| m.start);
    let mut out = String::new();
    let mut at = 0;
    for mark in &marks {
        out.push_str(&escape_text(&sentence[at..mark.start], at == 0));
        let text = escape_text(&sentence[mark.start..mark.end], false);
        match &mark.title {
            None => out.push_str(&format!("[{text}]({}:)", mark.kind)),
            Some(title) => out.push_str(&format!(
                "[{text}]({}: \"{}\")",
                mark.kind,
                title.replace('\\', "\\\\").replace('"', "\\\"")
            )),
        }
        at = mark.end;
    }
    out.push_str(&escape_text(&sentence[at..], at == 0));
    (out, missing)
}

/// The first occurrence of `name` in `sentence` that is a whole word and overlaps no mark:
/// the exact name first; then its plural (`chips` for `chip`, `batteries` for `battery`);
/// then the same ignoring ASCII case.
fn find_occurrence(sentence: &str, name: &str, marks: &[Mark]) -> Option<(usize, usize)> {
    let mut forms = vec![name.to_string(), format!("{name}s"), format!("{name}es")];
    if let Some(stem) = name.strip_suffix('y') {
        forms.push(format!("{stem}ies"));
    }
    let free = |start: usize, end: usize| !marks.iter().any(|m| start < m.end && m.start < end);
    let whole_word = |haystack: &str, start: usize, end: usize| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    let lowered = sentence.to_ascii_lowercase();
    for ignore_case in [false, true] {
        let haystack = if ignore_case { &lowered } else { sentence };
        for form in &forms {
            let form = if ignore_case {
                form.to_ascii_lowercase()
            } else {
                form.clone()
            };
            let found = haystack.match_indices(form.as_str()).find(|(start, _)| {
                let end = start + form.len();
                whole_word(haystack, *start, end) && free(*start, end)
            });
            if let Some((start, _)) = found {
                return Some((start, start + form.len()));
            }
        }
    }
    None
}

/// Markdown-escapes text so that it reads as written.
pub(super) fn escape_inline(text: &str) -> String {
    escape_text(text, true)
}

/// A heading's text, escaped; `{` too, which would start heading attributes.
pub(super) fn escape_heading(text: &str) -> String {
    escape_inline(text).replace('{', "\\{")
}

/// Escapes what Markdown would read as markup: emphasis, code, links, HTML, strikethrough,
/// entity references, and block markers at the start of a line.
fn escape_text(text: &str, at_line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        let entity_like = c == '&' && {
            let rest = &text[i + 1..];
            let name_len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
                .unwrap_or(rest.len());
            name_len > 0 && rest[name_len..].starts_with(';')
        };
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~') || entity_like {
            out.push('\\');
        }
        out.push(c);
    }
    if at_line_start {
        let first = out.chars().next();
        let block_marker = match first {
            Some('#' | '>' | '-' | '+' | '=' | '|') => true,
            Some(c) if c.is_ascii_digit() => {
                let digits = out.find(|c: char| !c.is_ascii_digit()).unwrap_or(out.len());
                return if out[digits..].starts_with(['.', ')']) {
                    format!("{}\\{}", &out[..digits], &out[digits..])
                } else {
                    out
                };
            }
            _ => false,
        };
        if block_marker {
            out.insert(0, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(sentence: &str, tags: &[(&str, &str)]) -> String {
        let tags: Vec<_> = tags
            .iter()
            .map(|(k, n)| (k.to_string(), n.to_string(), 1))
            .collect();
        mark_entities(sentence, &tags).0
    }

    #[test]
    fn exact_name_is_marked_at_its_first_whole_word() {
        assert_eq!(
            marked(
                "DeepSeek's DeepSeek V4 and DeepSeek.",
                &[("org", "DeepSeek")]
            ),
            "[DeepSeek](org:)'s DeepSeek V4 and DeepSeek."
        );
        assert_eq!(
            marked("AIDA uses AI.", &[("tech", "AI")]),
            "AIDA uses [AI](tech:)."
        );
    }

    #[test]
    fn plurals_and_case_keep_the_canonical_name_as_title() {
        assert_eq!(
            marked("Huawei’s Ascend AI chips.", &[("tech", "Ascend AI chip")]),
            "Huawei’s [Ascend AI chips](tech: \"Ascend AI chip\")."
        );
        assert_eq!(
            marked("Two sand batteries.", &[("tech", "sand battery")]),
            "Two [sand batteries](tech: \"sand battery\")."
        );
        assert_eq!(
            marked("Built by deepseek.", &[("org", "DeepSeek")]),
            "Built by [deepseek](org: \"DeepSeek\")."
        );
    }

    #[test]
    fn tag_not_in_the_sentence_is_reported() {
        let tags = vec![("org".to_string(), "Intel".to_string(), 7)];
        let (text, missing) = mark_entities("No chips here.", &tags);
        assert_eq!(text, "No chips here.");
        assert_eq!(missing, tags);
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape_inline("# 1 *a* [b] <c> ~d~ &amp; & e_f"),
            "\\# 1 \\*a\\* \\[b\\] \\<c> \\~d\\~ \\&amp; & e\\_f"
        );
        assert_eq!(escape_inline("2026. A year"), "2026\\. A year");
        assert_eq!(escape_inline("- dash"), "\\- dash");
    }
}
