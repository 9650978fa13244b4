//! A small writer of indented XML, for the QTI, Moodle XML and SCORM exports: elements with escaped
//! attributes and text, and markup made elsewhere (XHTML) written as it is.

use crate::web::escape_xml;

/// An XML document being written, one element per line.
pub(crate) struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    /// A document starting with the XML declaration.
    pub fn new() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
        }
    }

    /// Opens `<name attrs…>`; its children follow, one level deeper.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_line();
        self.tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.start_line();
        self.out.push_str(&format!("</{name}>\n"));
    }

    /// `<name attrs…/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_line();
        self.tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// `<name attrs…>text</name>`, the text escaped.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.markup(name, attrs, &escape_xml(text));
    }

    /// `<name attrs…>markup</name>`, the markup (well-formed XML) as it is.
    pub fn markup(&mut self, name: &str, attrs: &[(&str, &str)], markup: &str) {
        self.start_line();
        self.tag(name, attrs);
        self.out.push('>');
        self.out.push_str(markup);
        self.out.push_str(&format!("</{name}>\n"));
    }

    /// Well-formed markup on a line of its own.
    pub fn raw(&mut self, markup: &str) {
        self.start_line();
        self.out.push_str(markup);
        self.out.push('\n');
    }

    pub fn finish(self) -> String {
        debug_assert_eq!(self.depth, 0, "every element is closed");
        self.out
    }

    fn start_line(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out
                .push_str(&format!(" {key}=\"{}\"", escape_xml(value)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nests_and_escapes() {
        let mut xml = Xml::new();
        xml.open("a", &[("x", "1 < 2 & \"3\"")]);
        xml.text("b", &[], "Tom's <b>");
        xml.empty("c", &[]);
        xml.markup("d", &[], "<em>e</em>");
        xml.close("a");
        assert_eq!(
            xml.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1 &lt; 2 &amp; &quot;3&quot;\">\n  <b>Tom&apos;s &lt;b&gt;</b>\n  <c/>\n  <d><em>e</em></d>\n</a>\n"
        );
    }
}
