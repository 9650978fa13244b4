//! Diagnostics: where a problem is ([`Span`]), what it is, and the one place that words it.
//!
//! Two types, by what a problem does: a [`Diagnostic`] ([`ErrorKind`]) stops a build; a [`Lint`]
//! ([`LintKind`]) is a warning, which `build` goes past and `check` reports. A lint cannot be
//! made an error by mistake, nor an error a warning: the severity is the type's. Both show
//! the printer the same face, [`Diagnose`]; how they look on a terminal and in JSON is
//! [`crate::report`]'s business.
//!
//! Every message reads `path:line:col: message`, lower case, no final period, quoting the
//! offending text and saying what was expected, so editors can jump to it. The module is long
//! because every message of the program is worded here, in the two `Display`s.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A position in a pack file: path relative to the pack root, 1-based line and column
/// (the column counts characters, not bytes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// Shared: a lesson keeps a span for every mark, sentence, question and choice, all
    /// in the one file. (An `Arc<PathBuf>`, not `Arc<Path>`: a thin pointer, so a span
    /// is three words.)
    pub path: Arc<PathBuf>,
    pub line: usize,
    pub col: usize,
}

/// A problem that stops a build: found while loading, rendering or writing a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is; `None` for problems of the pack as a whole.
    pub span: Option<Span>,
    /// What it is (boxed: errors travel in `Result`s on hot paths).
    pub kind: Box<ErrorKind>,
    /// The source line the span points into, shown under the message.
    pub excerpt: Option<String>,
}

/// Every problem that stops a build, each variant worded once in `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    // Reading files, and lessonpack.toml.
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
    /// A key of one table of `lessonpack.toml` written in another.
    MisplacedKey {
        key: String,
        table: &'static str,
        /// Where it goes, e.g. "in the `[quiz]` table".
        belongs: &'static str,
    },
    InvalidLanguage(String),
    /// `init --language` with a language that has no built-in catalogue.
    NoCatalogue {
        tag: String,
        /// The languages that have one, e.g. "ar, de, en".
        built_in: String,
    },
    InvalidEntityKindName(String),
    /// A `[strings]` value that is neither text nor, for a count, a table of plural forms.
    StringNotText {
        key: String,
        plural: bool,
    },
    /// Plural forms given for a `[strings]` key that is not a count.
    NotACount(String),
    /// A plural form name that is not a CLDR category, or one the pack's language never uses.
    UnknownPluralForm {
        key: String,
        form: String,
        language: String,
        /// The language's categories, e.g. "one, other".
        known: String,
    },
    /// Plural forms without the `other` form, which every language has.
    MissingOtherForm(String),
    /// A plural form without a placeholder its English text has.
    PluralFormLacksPlaceholder {
        key: String,
        form: String,
        placeholder: String,
    },
    MissingKey {
        key: String,
        table: &'static str,
    },
    EmptyFile,
    /// A lesson file changed between the load and the writing of its pages.
    ChangedDuringBuild,
    NotUtf8,
    FileTooLarge {
        size: u64,
        limit: u64,
    },
    // A lesson's front matter.
    FrontMatterMissing,
    FrontMatterUnclosed,
    MissingTitle,
    // A lesson's article and its entity marks.
    EmptyArticle,
    UnknownEntityKind {
        kind: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    EmptyEntity,
    InvalidEntityName(String),
    NestedEntity,
    // Slugs, of one lesson and across the pack.
    InvalidSlug {
        slug: String,
        reason: &'static str,
    },
    DuplicateSlug {
        slug: String,
        first: Span,
    },
    // A lesson's quiz.
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
    EmptyChoice,
    /// A choice `lessonpack import` left for the author to replace.
    PlaceholderChoice(String),
    /// Cloze questions (`{.cloze}`, see `content::quiz::cloze`).
    ClozeWithoutBlank,
    BlankOutsideCloze(String),
    EmptyBlankAnswer,
    ClozeWithTaskList,
    ChoicesWithoutCloze,
    // A question's hint, choice feedback and evidence (content/quiz/feedback.rs).
    EmptyHint,
    EmptyChoiceFeedback,
    FeedbackUnderAcceptedAnswer,
    UnknownQuestionAttribute {
        name: String,
        suggestion: Option<String>,
    },
    EvidenceZero,
    EvidenceNotANumber(String),
    EvidenceOutOfRange {
        n: usize,
        count: usize,
    },
    // Ordering and matching questions.
    OrderWithOneItem,
    DuplicateOrderItem(String),
    /// A task item in a question of the kind named ("an ordering"), whose items are plain.
    TaskItemInList(&'static str),
    EmptyListItem,
    MatchItemWithoutArrow,
    MatchItemWithEmptySide,
    MatchWithOneItem,
    // Quiz policies, in `[quiz]` or front matter.
    QuizSettingOutOfRange {
        key: &'static str,
        value: i64,
        expected: &'static str,
    },
    UnknownShowAnswers {
        value: String,
        suggestion: Option<String>,
    },
    PickMoreThanQuestions {
        pick: u32,
        questions: usize,
        /// Set by the pack's `[quiz]`, not by the lesson.
        in_pack: bool,
    },
    /// `{.pin}` on a choice of a question whose choices are not shuffled.
    PinWithoutShuffle,
    // Files a lesson shows.
    MissingImage(String),
    ImageOutsideLesson(String),
    /// `audio = "…"` names no folder next to the lesson (or one outside its folder).
    MissingAudioFolder(String),
    // Rendering and writing the site.
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
    // Authoring commands.
    FolderNotEmpty(PathBuf),
    FileExists(PathBuf),
    EmptySlug(String),
    ImportNothing,
    // Moodle GIFT read by `lessonpack import` (`import::gift`).
    GiftUnclosedBlock,
    GiftUnopenedBlock,
    GiftSecondBlock,
    GiftUnclosedTitle,
    GiftEscapeAtEnd,
    GiftExpectedAnswer(char),
    GiftEmptyAnswer,
    GiftNoRightAnswer,
    GiftMatchWithoutArrow,
    GiftWrongChoiceInMatch,
    GiftBadWeight(String),
    // Question banks of other tools (quizdown, mkdocs-quiz, mdbook-quiz).
    /// A bank file with no question in it; says how the format writes one.
    ImportNoQuestion(&'static str),
    QuizdownWithoutList,
    QuizdownSingleWithSeveralCorrect(usize),
    ImportOneChoice,
    QuizUnclosed,
    QuizCloseWithoutOpen,
    QuizEmpty,
    QuizWithoutQuestion,
    QuizWithoutAnswers,
    QuizBadCheckbox(String),
    QuizOrphanFeedback,
    BlankWithoutAnswer,
    BlanksInSeveralParagraphs,
    /// A key of a bank's TOML holding the wrong kind of value.
    ImportWrongValue {
        key: String,
        expected: &'static str,
    },
    /// `export --lesson SLUG` names no lesson of the pack.
    UnknownExportLesson {
        slug: String,
        suggestion: Option<String>,
    },
    Serve {
        message: String,
    },
}

/// Every warning: something that builds but is probably a mistake, worded once in `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LintKind {
    // Found while loading: `build` prints them too.
    RawHtmlSanitised(Vec<&'static str>),
    SymlinkNotFollowed {
        target: String,
        /// Why it matters, e.g. " (it points outside the pack)"; may be empty.
        why: &'static str,
    },
    // Found by `check` in the loaded pack.
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
    // Found by `lessonpack import` in an export.
    TagNotFound {
        kind: String,
        name: String,
    },
    ImportLineLeftOut(String),
    // Found by `lessonpack import` in another tool's question bank.
    /// Something of the bank that the lesson does not keep, and why.
    ImportNotKept {
        what: String,
        why: &'static str,
    },
    /// A question of a kind lessonpack has not, left out of the lesson.
    ImportQuestionLeftOut(String),
    /// The focus sentence `lessonpack import` writes in a lesson without an article.
    PlaceholderSentence,
    // Found while making bundles.
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

impl Diagnostic {
    /// An error about the pack as a whole, with no position.
    pub fn global(kind: ErrorKind) -> Self {
        Diagnostic {
            span: None,
            kind: Box::new(kind),
            excerpt: None,
        }
    }

    /// An error at a position, with the source line shown under it.
    pub fn at(span: Span, excerpt: Option<String>, kind: ErrorKind) -> Self {
        Diagnostic {
            span: Some(span),
            kind: Box::new(kind),
            excerpt,
        }
    }

    /// An I/O error, which always names the path it concerns.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Diagnostic::global(ErrorKind::Io {
            path: path.to_path_buf(),
            message: io_message(err),
        })
    }

    /// The first line alone: `path:line:col: message`, the form editors jump to.
    pub fn headline(&self) -> String {
        Diagnose::headline(self)
    }

    /// Sort key: by file, then position; pack-wide errors first.
    pub(crate) fn sort_key(&self) -> (Option<&Span>, String) {
        (self.span.as_ref(), self.kind.to_string())
    }
}

/// A warning: something that builds but is probably a mistake. `build` goes on, `check`
/// reports it; being its own type, it is a warning wherever it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    /// Where it is; `None` for the pack as a whole.
    pub span: Option<Span>,
    pub kind: LintKind,
    /// The source line the span points into, shown under the message.
    pub excerpt: Option<String>,
}

impl Lint {
    /// A lint at a position, with the source line shown under it.
    pub fn at(span: Span, excerpt: Option<String>, kind: LintKind) -> Self {
        Lint {
            span: Some(span),
            kind,
            excerpt,
        }
    }

    /// The first line alone: `path:line:col: warning: message`.
    pub fn headline(&self) -> String {
        Diagnose::headline(self)
    }
}

/// What every diagnostic, error or lint, tells the printer ([`crate::report`]).
pub trait Diagnose {
    /// Whether it stops a build.
    fn severity(&self) -> Severity;
    /// Where it is; `None` for problems of the pack as a whole.
    fn span(&self) -> Option<&Span>;
    /// The source line the span points into.
    fn excerpt(&self) -> Option<&str>;
    /// The message, worded by its kind's `Display`.
    fn message(&self) -> String;

    /// `path:line:col: message`, with `warning: ` before the message of a warning.
    fn headline(&self) -> String {
        let warning = match self.severity() {
            Severity::Warning => "warning: ",
            Severity::Error => "",
        };
        match self.span() {
            Some(span) => format!(
                "{}:{}:{}: {warning}{}",
                span.path.display(),
                span.line,
                span.col,
                self.message()
            ),
            None => format!("{warning}{}", self.message()),
        }
    }
}

impl Diagnose for Diagnostic {
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn span(&self) -> Option<&Span> {
        self.span.as_ref()
    }
    fn excerpt(&self) -> Option<&str> {
        self.excerpt.as_deref()
    }
    fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl Diagnose for Lint {
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn span(&self) -> Option<&Span> {
        self.span.as_ref()
    }
    fn excerpt(&self) -> Option<&str> {
        self.excerpt.as_deref()
    }
    fn message(&self) -> String {
        self.kind.to_string()
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

/// The headline; [`crate::report`] adds the source line and a caret.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())
    }
}

/// The headline; [`crate::report`] adds the source line and a caret.
impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())
    }
}

impl std::error::Error for Diagnostic {}

fn or_suggestion(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean \"{s}\"?)"),
        None => String::new(),
    }
}

/// Every error message of the program. One long match on purpose: one arm per message keeps
/// all wording in one place, where it can be read and kept consistent (see the module doc).
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
            MisplacedKey {
                key,
                table,
                belongs,
            } => write!(f, "unknown key \"{key}\" in {table} (it belongs {belongs})"),
            InvalidLanguage(tag) => write!(
                f,
                "language \"{tag}\" is not a BCP 47 tag (expected something like \"en\" or \"pt-BR\")"
            ),
            NoCatalogue { tag, built_in } => write!(
                f,
                "no built-in wording for language \"{tag}\" (built in: {built_in}); to word the pages yourself, init in English, then set language = \"{tag}\" and [strings] in lessonpack.toml"
            ),
            NotUtf8 => write!(f, "file is not valid UTF-8 text"),
            InvalidEntityKindName(name) => write!(
                f,
                "invalid entity kind \"{name}\": use lower-case letters, digits, '-' or '_', starting with a letter"
            ),
            MissingKey { key, table } => write!(f, "missing key \"{key}\" in {table}"),
            StringNotText { key, plural: false } => {
                write!(f, "[strings] {key} must be a string")
            }
            StringNotText { key, plural: true } => write!(
                f,
                "[strings] {key} must be a string or a table of plural forms, e.g. {{ one = \"…\", other = \"…\" }}"
            ),
            NotACount(key) => write!(
                f,
                "[strings] {key} is not a count, so it has no plural forms: write it as a string"
            ),
            UnknownPluralForm {
                key,
                form,
                language,
                known,
            } => write!(
                f,
                "unknown plural form \"{form}\" in [strings] {key} (language \"{language}\" has {known})"
            ),
            MissingOtherForm(key) => write!(
                f,
                "[strings] {key} has no \"other\" form (every language needs it, for the counts no other form takes)"
            ),
            PluralFormLacksPlaceholder {
                key,
                form,
                placeholder,
            } => write!(
                f,
                "the \"{form}\" form of [strings] {key} lacks {{{placeholder}}}"
            ),
            ChangedDuringBuild => write!(
                f,
                "the file changed while the site was being built: build again"
            ),
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
            QuizSettingOutOfRange {
                key,
                value,
                expected,
            } => write!(f, "{key} = {value} is out of range: {expected}"),
            UnknownShowAnswers { value, suggestion } => write!(
                f,
                "unknown show_answers \"{value}\"{} (known: after_wrong, after_tries, always, never)",
                or_suggestion(suggestion)
            ),
            PickMoreThanQuestions {
                pick,
                questions,
                in_pack,
            } => write!(
                f,
                "pick = {pick}{} but the quiz has {questions} questions: pick at most {questions}{}",
                if *in_pack { " in [quiz]" } else { "" },
                if *in_pack {
                    ", or set pick in this lesson's front matter"
                } else {
                    ""
                }
            ),
            UnknownExportLesson { slug, suggestion } => write!(
                f,
                "no lesson \"{slug}\"{}: --lesson takes a lesson's slug",
                or_suggestion(suggestion)
            ),
            PinWithoutShuffle => write!(
                f,
                "pinned choice in a question whose choices are not shuffled: set shuffle = true (front matter or [quiz]), or remove {{.pin}}"
            ),
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
                "unknown question class \".{class}\"{} (known: .single, .multi, .short, .cloze, .choices, .order, .match)",
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
            EmptyHint => write!(
                f,
                "hint is empty: write the hint in the block quote under the question's heading, or remove it"
            ),
            EmptyChoiceFeedback => write!(
                f,
                "choice feedback is empty: write it in the block quote under the choice, or remove it"
            ),
            FeedbackUnderAcceptedAnswer => write!(
                f,
                "feedback under an accepted answer: a short-answer question has no feedback per answer (write an explanation after the list)"
            ),
            UnknownQuestionAttribute { name, suggestion } => write!(
                f,
                "unknown question attribute \"{name}\"{} (known: evidence)",
                or_suggestion(suggestion)
            ),
            EvidenceZero => write!(
                f,
                "evidence 0 is not a focus sentence: they are numbered from 1"
            ),
            EvidenceNotANumber(text) => write!(
                f,
                "evidence \"{text}\" is not a number: write {{evidence=3}} or {{evidence=\"3,4\"}}"
            ),
            EvidenceOutOfRange { n, count } => write!(
                f,
                "evidence {n} is not a focus sentence: this lesson has {count}, numbered from 1"
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
            MissingAudioFolder(folder) => write!(
                f,
                "audio folder \"{folder}\" not found next to the lesson: it holds a recording per focus sentence, 1.mp3, 2.mp3, … (or .ogg, .m4a)"
            ),
            EmptyChoice => write!(
                f,
                "choice has no text: write it after the \"[ ]\" or \"[x]\""
            ),
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
            ClozeWithoutBlank => write!(
                f,
                "cloze question has no blank: write each blank as a link to \"blank:\", e.g. \"[Huawei](blank:)\""
            ),
            BlankOutsideCloze(text) => write!(
                f,
                "blank \"{text}\" outside a cloze question: add \"{{.cloze}}\" to the question's heading, or make it plain text"
            ),
            EmptyBlankAnswer => write!(
                f,
                "blank has an empty accepted answer: write text between the brackets, or between each \"|\" of \"<blank:a|b>\""
            ),
            ClozeWithTaskList => write!(
                f,
                "cloze question has a task list: its blanks are its answers (remove the list, or the \".cloze\" class)"
            ),
            ChoicesWithoutCloze => write!(
                f,
                "class \".choices\" applies to cloze questions only: add \".cloze\" to the heading"
            ),
            OrderWithOneItem => write!(
                f,
                "ordering question has fewer than two items: list at least two, in the right order"
            ),
            DuplicateOrderItem(text) => write!(
                f,
                "item \"{text}\" appears twice in this ordering: every item needs its own place"
            ),
            TaskItemInList(kind) => write!(
                f,
                "task item in {kind} question: write plain items (\"- …\"), without \"[ ]\" or \"[x]\""
            ),
            EmptyListItem => write!(f, "item has no text"),
            MatchItemWithoutArrow => write!(
                f,
                "matching item has no \"->\": write \"- left side -> its match\""
            ),
            MatchItemWithEmptySide => write!(
                f,
                "matching item has an empty side: write text on both sides of \"->\""
            ),
            MatchWithOneItem => write!(
                f,
                "matching question has fewer than two items: add pairs \"- left side -> its match\""
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
            GiftUnclosedBlock => write!(
                f,
                "answer block \"{{\" is never closed: add \"}}\" after its answers (or write \\{{ for a brace in the text)"
            ),
            GiftUnopenedBlock => write!(
                f,
                "\"}}\" closes no answer block: write \\}} for a brace in the text"
            ),
            GiftSecondBlock => write!(
                f,
                "second answer block in one question: separate questions with a blank line, or write \\{{ for a brace in the text"
            ),
            GiftUnclosedTitle => write!(
                f,
                "question title \"::\" is never closed: add \"::\" after the title"
            ),
            GiftEscapeAtEnd => write!(
                f,
                "\"\\\" at the end of a line escapes nothing: remove it, or write \\\\ for a backslash"
            ),
            GiftExpectedAnswer(found) => write!(
                f,
                "expected \"=\" or \"~\" to start an answer, found \"{found}\" (write \\{found} for the character itself)"
            ),
            GiftEmptyAnswer => write!(f, "empty answer: write its text after \"=\" or \"~\""),
            GiftNoRightAnswer => write!(
                f,
                "question has no right answer: mark one with \"=\", or give right choices a positive weight such as \"~%50%\""
            ),
            GiftMatchWithoutArrow => write!(
                f,
                "matching pair without \"->\": write \"=left -> right\" (every answer of a matching question is a pair)"
            ),
            GiftWrongChoiceInMatch => write!(
                f,
                "\"~\" in a matching question: every pair starts with \"=\", as in \"=left -> right\""
            ),
            GiftBadWeight(weight) => write!(
                f,
                "weight \"%{weight}%\" is not a percentage: write a number from -100 to 100, as in \"%50%\""
            ),
            ImportNoQuestion(how) => write!(f, "no question found: {how}"),
            QuizdownWithoutList => write!(
                f,
                "question has no list of answers: write its choices as \"- [x] right\" and \"- [ ] wrong\" items (or \"1.\" items to put in order)"
            ),
            QuizdownSingleWithSeveralCorrect(n) => write!(
                f,
                "single-choice question (a numbered \"1. [x]\" list) has {n} right answers: mark one, or write the choices as \"- [x]\" items for multiple choice"
            ),
            ImportOneChoice => write!(f, "question has only one answer to pick: add a wrong one"),
            QuizUnclosed => write!(f, "<quiz> is not closed: end the question with </quiz>"),
            QuizCloseWithoutOpen => write!(
                f,
                "</quiz> without an opening <quiz>: remove it, or start the question with <quiz>"
            ),
            QuizEmpty => write!(
                f,
                "<quiz> block is empty: write a question, then its answers as \"- [x] right\" and \"- [ ] wrong\" lines"
            ),
            QuizWithoutQuestion => write!(f, "quiz has no question: write it above the answers"),
            QuizWithoutAnswers => write!(
                f,
                "quiz has no answers: write them as \"- [x] right\" and \"- [ ] wrong\" lines, or blanks as [[answer]]"
            ),
            QuizBadCheckbox(mark) => write!(
                f,
                "answer box \"[{mark}]\" is not one of [x], [X], [ ] or []"
            ),
            QuizOrphanFeedback => write!(
                f,
                "feedback is separated from its answer by a blank line: put its \"> …\" lines right under the answer"
            ),
            BlankWithoutAnswer => write!(f, "blank has no answer: write it inside, as [[answer]]"),
            BlanksInSeveralParagraphs => write!(
                f,
                "blanks in more than one paragraph: keep a question's blanks in one paragraph"
            ),
            ImportWrongValue { key, expected } => write!(f, "\"{key}\" must be {expected}"),
            Serve { message } => write!(f, "serve: {message}"),
        }
    }
}

impl fmt::Display for LintKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LintKind::*;
        match self {
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
            ImportNotKept { what, why } => write!(f, "{what} is not kept: {why}"),
            ImportQuestionLeftOut(kind) => write!(
                f,
                "{kind} question left out: lessonpack has no such kind of question (rewrite it by hand as another kind)"
            ),
            PlaceholderSentence => write!(
                f,
                "placeholder focus sentence: write the article these questions are about, one focus sentence per paragraph"
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
