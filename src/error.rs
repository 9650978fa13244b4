//! Diagnostics: where a problem is ([`Span`]), what it is ([`ErrorKind`]), and the one place
//! that words and formats them.
//!
//! Every message reads `path:line:col: message`, lower case, no final period, quoting the
//! offending text and saying what was expected, so editors can jump to it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a pack file: path relative to the pack root, 1-based line and column
/// (the column counts characters, not bytes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

/// One problem found while loading or building a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Where it is; `None` for problems of the pack as a whole.
    pub span: Option<Span>,
    /// What it is (boxed: errors travel in `Result`s on hot paths).
    pub kind: Box<ErrorKind>,
    /// The source line the span points into, shown under the message.
    pub excerpt: Option<String>,
}

/// Everything that can go wrong, each variant worded once in `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    Io {
        path: PathBuf,
        message: String,
    },
    ConfigMissing,
    Toml {
        message: String,
    },
    /// A raw control character (other than tab) in TOML, which forbids it everywhere.
    TomlControlCharacter(char),
    UnknownKey {
        key: String,
        table: &'static str,
        suggestion: Option<String>,
    },
    InvalidLanguage(String),
    InvalidEntityKindName(String),
    MissingKey {
        key: String,
        table: &'static str,
    },
    EmptyFile,
    NotUtf8,
    FileTooLarge {
        size: u64,
        limit: u64,
    },
    FrontMatterMissing,
    FrontMatterUnclosed,
    MissingTitle,
    EmptyArticle,
    UnknownEntityKind {
        kind: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    EmptyEntity,
    InvalidEntityName(String),
    NestedEntity,
    InvalidSlug {
        slug: String,
        reason: &'static str,
    },
    DuplicateSlug {
        slug: String,
        first: Span,
    },
    SecondQuizHeading,
    HeadingAfterQuiz,
    ContentBeforeFirstQuestion,
    UnknownQuestionClass {
        class: String,
        suggestion: Option<String>,
    },
    QuestionWithoutChoices,
    QuestionWithoutCorrectChoice,
    SingleChoiceWithOneChoice,
    SingleChoiceWithSeveralCorrect,
    DuplicateChoice(String),
    ShortAnswerWithWrongChoice,
    NotATaskItem,
    UnexpectedBlockInQuestion(&'static str),
    EmptyQuiz,
    MissingImage(String),
    ImageOutsideLesson(String),
    EmptyChoice,
    UnitToml {
        message: String,
    },
    Template {
        template: String,
        message: String,
    },
    OutputNotOurs(PathBuf),
    OutputInsideSource(PathBuf),
    /// Another build holds the output's lock and this one was told not to wait.
    OutputLocked {
        output: PathBuf,
        pid: Option<u32>,
    },
    /// The staging folder lost its marker while the build wrote it.
    StagingUnmarked(PathBuf),
    /// A choice `lessonpack import` left for the author to replace.
    PlaceholderChoice(String),
    // Authoring commands.
    FolderNotEmpty(PathBuf),
    FileExists(PathBuf),
    EmptySlug(String),
    ImportNothing,
    Serve {
        message: String,
    },
    // Warnings (see [`ErrorKind::severity`]): `check` reports them, `build` does not.
    RawHtmlSanitised(Vec<&'static str>),
    SymlinkNotFollowed {
        target: String,
        /// Why it matters, e.g. " (it points outside the pack)"; may be empty.
        why: &'static str,
    },
    FocusWithoutEntity,
    QuestionWithoutExplanation,
    ChoiceRepeated {
        text: String,
        first: Span,
    },
    EntitySpelling {
        name: String,
        other: String,
        first: Span,
    },
    LessonWithoutQuiz,
    BrokenLink(String),
    TagNotFound {
        kind: String,
        name: String,
    },
    ImportLineLeftOut(String),
    /// An image inlined into an offline bundle is over `bundle_image_limit`.
    BundleImageTooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
}

/// How serious a diagnostic is: errors stop a build, warnings only show in `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// `error` or `warning`, as printed and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl ErrorKind {
    /// Whether this is an error or a warning.
    pub fn severity(&self) -> Severity {
        use ErrorKind::*;
        match self {
            RawHtmlSanitised(_)
            | SymlinkNotFollowed { .. }
            | FocusWithoutEntity
            | QuestionWithoutExplanation
            | ChoiceRepeated { .. }
            | EntitySpelling { .. }
            | LessonWithoutQuiz
            | BrokenLink(_)
            | TagNotFound { .. }
            | ImportLineLeftOut(_)
            | BundleImageTooLarge { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl Error {
    /// An error about the pack as a whole, with no position.
    pub fn global(kind: ErrorKind) -> Self {
        Error {
            span: None,
            kind: Box::new(kind),
            excerpt: None,
        }
    }

    /// An error at a position, with the source line shown under it.
    pub fn at(span: Span, excerpt: Option<String>, kind: ErrorKind) -> Self {
        Error {
            span: Some(span),
            kind: Box::new(kind),
            excerpt,
        }
    }

    /// An I/O error, which always names the path it concerns.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Error::global(ErrorKind::Io {
            path: path.to_path_buf(),
            message: io_message(err),
        })
    }

    /// Whether this is an error or a warning.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// The first line alone: `path:line:col: message` (`path:line:col: warning: message` for
    /// a warning), the form editors jump to.
    pub fn headline(&self) -> String {
        let warning = match self.severity() {
            Severity::Warning => "warning: ",
            Severity::Error => "",
        };
        match &self.span {
            Some(span) => format!(
                "{}:{}:{}: {warning}{}",
                span.path.display(),
                span.line,
                span.col,
                self.kind
            ),
            None => format!("{warning}{}", self.kind),
        }
    }

    /// Rustc-like: the headline, then the offending line with a caret under the column;
    /// with ANSI colours when `styled` (print it through `anstream`, which strips them
    /// where colours are not wanted).
    pub fn render(&self, styled: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let (level, colour) = match self.severity() {
            Severity::Error => (Level::ERROR, anstyle::AnsiColor::BrightRed),
            Severity::Warning => (Level::WARNING, anstyle::AnsiColor::Yellow),
        };
        let headline = if styled {
            let bold = anstyle::Style::new().bold();
            let coloured = colour.on_default().bold();
            match (&self.span, self.severity()) {
                (Some(_), Severity::Warning) => {
                    let (place, message) = self
                        .headline()
                        .split_once(" warning: ")
                        .map(|(p, m)| (p.to_string(), m.to_string()))
                        .expect("warning headlines contain \" warning: \"");
                    format!("{bold}{place}{bold:#} {coloured}warning:{coloured:#} {message}")
                }
                (Some(span), Severity::Error) => {
                    let place = format!("{}:{}:{}:", span.path.display(), span.line, span.col);
                    format!("{bold}{place}{bold:#} {}", self.kind)
                }
                (None, _) => format!("{bold}{}{bold:#}", self.headline()),
            }
        } else {
            self.headline()
        };
        let (Some(span), Some(line)) = (&self.span, &self.excerpt) else {
            return headline;
        };
        let start = line
            .char_indices()
            .nth(span.col.saturating_sub(1))
            .map_or(line.len(), |(at, _)| at);
        // Underline the word the column points at, like rustc underlines a token.
        let end = line[start..]
            .find(char::is_whitespace)
            .map_or(line.len(), |len| start + len)
            .max(
                line[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8()),
            );
        let report = &[Group::with_level(level).element(
            Snippet::source(line.as_str())
                .line_start(span.line)
                .annotation(AnnotationKind::Primary.span(start..end)),
        )];
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        format!("{headline}\n{}", renderer.render(report))
    }

    /// One JSON object on one line, for editors and CI (`check --format json`).
    pub fn to_json_line(&self) -> String {
        let (path, line, column) = match &self.span {
            Some(span) => (
                Some(span.path.to_string_lossy().replace('\\', "/")),
                Some(span.line),
                Some(span.col),
            ),
            None => (None, None, None),
        };
        serde_json::json!({
            "severity": self.severity().name(),
            "path": path,
            "line": line,
            "column": column,
            "message": self.kind.to_string(),
            "source_line": self.excerpt,
        })
        .to_string()
    }

    /// Sort key: by file, then position; pack-wide errors first.
    pub(crate) fn sort_key(&self) -> (Option<&Span>, String) {
        (self.span.as_ref(), self.kind.to_string())
    }
}

/// The message of an I/O error without Rust's "(os error N)" suffix.
fn io_message(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_lowercase(),
        None => text.to_lowercase(),
    }
}

/// Rustc-like, without colours: see [`Error::render`].
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Error {}

fn or_suggestion(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean \"{s}\"?)"),
        None => String::new(),
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match self {
            Io { path, message } => write!(f, "{}: {message}", path.display()),
            ConfigMissing => write!(
                f,
                "lessonpack.toml not found: a pack is a folder with lessonpack.toml and content/ (run `lessonpack init` to make one, or pass --root)"
            ),
            Toml { message } => write!(f, "invalid TOML: {message}"),
            TomlControlCharacter(c) => write!(
                f,
                "invalid TOML: raw control character U+{:04X} (TOML allows only tab; in a string write it as \\u{:04X})",
                u32::from(*c),
                u32::from(*c)
            ),
            UnknownKey {
                key,
                table,
                suggestion,
            } => write!(
                f,
                "unknown key \"{key}\" in {table}{}",
                or_suggestion(suggestion)
            ),
            InvalidLanguage(tag) => write!(
                f,
                "language \"{tag}\" is not a BCP 47 tag (expected something like \"en\" or \"pt-BR\")"
            ),
            NotUtf8 => write!(f, "file is not valid UTF-8 text"),
            InvalidEntityKindName(name) => write!(
                f,
                "invalid entity kind \"{name}\": use lower-case letters, digits, '-' or '_', starting with a letter"
            ),
            MissingKey { key, table } => write!(f, "missing key \"{key}\" in {table}"),
            EmptyFile => write!(
                f,
                "file is empty: a lesson starts with a line \"+++\", then TOML with at least a title, then \"+++\""
            ),
            FileTooLarge { size, limit } => write!(
                f,
                "file is {size} bytes, over the limit of {limit} bytes (raise max_file_size in lessonpack.toml if this is intended)"
            ),
            FrontMatterMissing => write!(
                f,
                "missing front matter: a lesson starts with a line \"+++\", then TOML with at least a title, then \"+++\""
            ),
            FrontMatterUnclosed => write!(
                f,
                "front matter is not closed: expected a line \"+++\" after the TOML"
            ),
            MissingTitle => write!(f, "missing title: add title = \"…\" to the front matter"),
            EmptyArticle => write!(
                f,
                "the article has no focus sentence: write at least one paragraph before the quiz"
            ),
            UnknownEntityKind {
                kind,
                known,
                suggestion,
            } => write!(
                f,
                "unknown entity kind \"{kind}\"{} (known: {})",
                or_suggestion(suggestion),
                known.join(", ")
            ),
            EmptyEntity => write!(f, "entity has no text: write its name between the brackets"),
            InvalidEntityName(name) => write!(
                f,
                "invalid entity name \"{name}\": a canonical name is plain text on one line"
            ),
            NestedEntity => write!(f, "entity inside another entity: entities cannot nest"),
            InvalidSlug { slug, reason } => {
                write!(f, "invalid slug \"{}\": {reason}", slug.escape_debug())
            }
            DuplicateSlug { slug, first } => write!(
                f,
                "duplicate slug \"{slug}\": already used by {}:{}:{}",
                first.path.display(),
                first.line,
                first.col
            ),
            SecondQuizHeading => write!(f, "second quiz heading: a lesson has one quiz"),
            HeadingAfterQuiz => write!(
                f,
                "heading at quiz level after the quiz started: the quiz must be the last section of a lesson"
            ),
            ContentBeforeFirstQuestion => write!(
                f,
                "list or quote before the first question: start each question with a heading one level below the quiz heading"
            ),
            UnknownQuestionClass { class, suggestion } => write!(
                f,
                "unknown question class \".{class}\"{} (known: .single, .multi, .short)",
                or_suggestion(suggestion)
            ),
            QuestionWithoutChoices => write!(
                f,
                "question has no choices: add a task list (\"- [x] right\", \"- [ ] wrong\") under it"
            ),
            QuestionWithoutCorrectChoice => write!(
                f,
                "question has no correct choice: mark at least one with \"[x]\""
            ),
            SingleChoiceWithOneChoice => write!(
                f,
                "single-choice question has only one choice: add wrong choices with \"- [ ]\", or mark it {{.short}}"
            ),
            SingleChoiceWithSeveralCorrect => write!(
                f,
                "question marked {{.single}} has more than one correct choice"
            ),
            DuplicateChoice(text) => write!(f, "choice \"{text}\" appears twice in this question"),
            ShortAnswerWithWrongChoice => write!(
                f,
                "short-answer question lists a wrong answer: every item of a {{.short}} question is an accepted answer, marked \"[x]\""
            ),
            NotATaskItem => write!(
                f,
                "choice is not a task item: write \"- [x] …\" for a correct choice or \"- [ ] …\" for a wrong one"
            ),
            UnexpectedBlockInQuestion(what) => write!(
                f,
                "unexpected {what} after the choices: only a block quote (the explanation) may follow them"
            ),
            EmptyQuiz => write!(
                f,
                "quiz has no questions: add a heading one level below the quiz heading for each question"
            ),
            MissingImage(path) => write!(f, "image \"{path}\" not found next to the lesson"),
            ImageOutsideLesson(path) => write!(
                f,
                "image \"{path}\" is outside the lesson's folder: put images next to the lesson or in a folder below it"
            ),
            EmptyChoice => write!(
                f,
                "choice has no text: write it after the \"[ ]\" or \"[x]\""
            ),
            UnitToml { message } => write!(f, "invalid _unit.toml: {message}"),
            Template { template, message } => write!(f, "template {template}: {message}"),
            OutputNotOurs(path) => write!(
                f,
                "refusing to replace {}: it is not empty and was not made by lessonpack (no .lessonpack marker); choose another --output or empty it",
                path.display()
            ),
            OutputLocked { output, pid } => write!(
                f,
                "another build{} is writing {}: not waiting for it (--no-wait); try again when it ends",
                pid.map_or(String::new(), |pid| format!(" (process {pid})")),
                output.display()
            ),
            StagingUnmarked(path) => write!(
                f,
                "refusing to swap in {}: its .lessonpack marker was removed while this build wrote it (by another program?); build again",
                path.display()
            ),
            OutputInsideSource(path) => write!(
                f,
                "output folder {} is inside content/, templates/ or static/: choose another --output",
                path.display()
            ),
            PlaceholderChoice(text) => write!(
                f,
                "placeholder choice \"{text}\": replace it with a real wrong choice"
            ),
            FolderNotEmpty(path) => write!(
                f,
                "refusing to create a pack in {}: the folder is not empty (choose a new or empty folder)",
                path.display()
            ),
            FileExists(path) => write!(
                f,
                "refusing to overwrite {}: it already exists (choose another title or --unit, or remove the file)",
                path.display()
            ),
            EmptySlug(title) => write!(
                f,
                "cannot make a file name from \"{title}\": it has no letters or digits (pass --slug)"
            ),
            ImportNothing => write!(
                f,
                "no article found: expected a title line, then focus sentences each followed by tag lines such as \"orgDeepSeek\""
            ),
            Serve { message } => write!(f, "serve: {message}"),
            RawHtmlSanitised(parts) => write!(
                f,
                "raw HTML sanitised: removed {} (set allow_raw_html = true in lessonpack.toml only for a pack you trust)",
                parts.join(", ")
            ),
            SymlinkNotFollowed { target, why } => write!(
                f,
                "symbolic link to \"{target}\" not followed{why}: copy the file into the pack instead"
            ),
            FocusWithoutEntity => write!(
                f,
                "focus sentence has no entity: mark a person, place or idea with [name](kind:)"
            ),
            QuestionWithoutExplanation => write!(
                f,
                "question has no explanation: add a block quote (\"> because …\") after its choices"
            ),
            ChoiceRepeated { text, first } => write!(
                f,
                "choice \"{text}\" is repeated from another question at {}:{}:{}",
                first.path.display(),
                first.line,
                first.col
            ),
            EntitySpelling { name, other, first } => write!(
                f,
                "entity \"{name}\" is spelled \"{other}\" elsewhere, e.g. at {}:{}:{}: use one spelling (a link title can keep the text and name it \"{other}\")",
                first.path.display(),
                first.line,
                first.col
            ),
            LessonWithoutQuiz => write!(
                f,
                "lesson has no quiz: add a heading \"## Challenge Mode {{.quiz}}\" with questions under it"
            ),
            BundleImageTooLarge { path, size, limit } => write!(
                f,
                "image \"{}\" is {size} bytes, over the bundle image limit of {limit} bytes (set bundle_image_limit in lessonpack.toml)",
                path.display()
            ),
            BrokenLink(target) => write!(
                f,
                "link target \"{target}\" not found (links to files are relative to the lesson)"
            ),
            TagNotFound { kind, name } => write!(
                f,
                "tag {kind} \"{name}\" not found in its sentence: mark it by hand"
            ),
            ImportLineLeftOut(line) => write!(
                f,
                "line \"{line}\" left out: expected a question followed by \"Correct Choice\" and its answer"
            ),
        }
    }
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}
