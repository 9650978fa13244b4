//! Writes a synthetic lesson pack for benchmarks, and the same Markdown as a Hugo site.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --lessons 1000 --out /tmp/pack [--hugo /tmp/hugo] [--mdbook /tmp/book] [--seed 7]
//! ```
//!
//! Deterministic: the same seed and count give the same bytes. Each lesson has 8–12 article
//! paragraphs of about 25 words with 1–3 entities each, and a quiz of 5 questions (3 single
//! choice, 1 multiple choice, 1 short answer); lessons come in units of 50, one folder each.
//!
//! The Hugo site has one page per page of ours: per lesson a branch bundle whose `_index.md`
//! is the article, one page per paragraph (the focus pages), an end page and a quiz page.
//!
//! The mdBook book (for comparing search) has one chapter per lesson: its title and its
//! paragraphs, the entity marks written as their plain names, the same text our search indexes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const LESSONS_PER_UNIT: usize = 50;

const WORDS: &[&str] = &[
    "the",
    "city",
    "plan",
    "new",
    "water",
    "river",
    "power",
    "people",
    "school",
    "market",
    "price",
    "report",
    "week",
    "year",
    "small",
    "large",
    "early",
    "late",
    "team",
    "study",
    "result",
    "energy",
    "farm",
    "road",
    "bridge",
    "train",
    "station",
    "village",
    "coast",
    "storm",
    "summer",
    "winter",
    "project",
    "company",
    "worker",
    "teacher",
    "student",
    "doctor",
    "hospital",
    "budget",
    "tax",
    "law",
    "court",
    "vote",
    "council",
    "mayor",
    "museum",
    "library",
    "garden",
    "forest",
    "mountain",
    "island",
    "harbour",
    "ship",
    "cargo",
    "factory",
    "engine",
    "battery",
    "solar",
    "wind",
    "grid",
    "network",
    "signal",
    "data",
    "system",
    "model",
    "test",
    "trial",
    "risk",
    "safety",
    "health",
    "food",
    "harvest",
    "rain",
    "drought",
    "heat",
    "cold",
    "snow",
    "ice",
    "melting",
    "rising",
    "falling",
    "growing",
    "slowly",
    "quickly",
    "recently",
    "finally",
    "again",
    "still",
    "already",
    "said",
    "reported",
    "announced",
    "warned",
    "expected",
    "agreed",
    "decided",
    "opened",
    "closed",
    "built",
    "moved",
    "changed",
    "helped",
    "started",
    "stopped",
    "found",
    "showed",
    "local",
    "national",
    "public",
    "private",
    "young",
    "older",
    "cheaper",
    "better",
    "safer",
    "cleaner",
    "faster",
    "quieter",
    "important",
    "difficult",
    "simple",
    "common",
    "rare",
    "with",
    "without",
    "after",
    "before",
    "during",
    "because",
    "although",
    "while",
    "since",
    "and",
    "but",
    "or",
    "so",
    "for",
    "in",
    "on",
    "at",
    "near",
    "across",
    "through",
    "under",
    "many",
    "few",
    "several",
    "most",
    "some",
    "every",
    "each",
    "both",
    "other",
    "another",
    "their",
    "its",
    "our",
    "this",
    "that",
    "these",
    "those",
    "more",
    "less",
    "than",
    "about",
];

const PERSONS: &[&str] = &[
    "Aino Virtanen",
    "Marta Silva",
    "Kofi Mensah",
    "Lena Hoffmann",
    "Ravi Patel",
    "Sofia Rossi",
    "Tomás Ortega",
    "Yuki Tanaka",
    "Amara Okafor",
    "Jonas Berg",
    "Elif Demir",
    "Nadia Haddad",
    "Pavel Novák",
    "Grace Kim",
    "Diego Ramos",
];
const ORGS: &[&str] = &[
    "Nordvind Energy",
    "Järvilämpö",
    "City Water Board",
    "Coastal Rail",
    "Harbour Authority",
    "Green Fields Co-op",
    "Metro Transit",
    "Atlas Labs",
    "River Council",
    "Summit Health",
];
const LOCATIONS: &[&str] = &[
    "Esbjerg", "Lisbon", "Accra", "Leipzig", "Pune", "Turin", "Valencia", "Sapporo", "Lagos",
    "Bergen", "Izmir", "Beirut", "Brno", "Busan", "Cusco",
];
const TECHS: &[&str] = &[
    "sand battery",
    "heat pump",
    "floating turbine",
    "smart meter",
    "electric ferry",
    "water filter",
    "drone",
    "satellite",
    "solar roof",
    "tidal generator",
];
const CONCEPTS: &[&str] = &[
    "district heating",
    "circular economy",
    "food security",
    "energy storage",
    "carbon price",
    "public transport",
    "urban heat island",
    "water cycle",
    "supply chain",
    "open data",
];
const EVENTS: &[&str] = &[
    "Climate Summit",
    "Harvest Festival",
    "Great Flood",
    "Science Fair",
    "City Marathon",
    "Trade Fair",
    "Energy Week",
    "Water Forum",
];
const KINDS: &[(&str, &[&str])] = &[
    ("person", PERSONS),
    ("org", ORGS),
    ("location", LOCATIONS),
    ("tech", TECHS),
    ("concept", CONCEPTS),
    ("event", EVENTS),
];
const LEVELS: &[&str] = &["A2", "B1", "B2", "C1"];

/// SplitMix64: tiny, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

/// One generated lesson: the parts both site formats share.
struct Lesson {
    unit: usize,
    slug: String,
    title: String,
    date: String,
    level: &'static str,
    tags: Vec<&'static str>,
    notes: Vec<(&'static str, String)>,
    paragraphs: Vec<String>,
    quiz: String,
}

/// A sentence of `low..=high` words, capitalised, without its final period.
fn words(rng: &mut Rng, low: usize, high: usize) -> String {
    let count = rng.range(low, high);
    sentence(rng, count)
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        let word = rng.pick(WORDS);
        if i == 0 {
            let mut chars = word.chars();
            let first = chars.next().expect("words are not empty");
            text.extend(first.to_uppercase());
            text.push_str(chars.as_str());
        } else {
            text.push(' ');
            text.push_str(word);
        }
    }
    text
}

/// About 25 words with 1–3 entity marks, as one Markdown paragraph.
fn paragraph(rng: &mut Rng, notes: &mut Vec<(&'static str, String)>) -> String {
    let words: Vec<String> = self::words(rng, 20, 26)
        .split(' ')
        .map(str::to_string)
        .collect();
    let entity_count = rng.range(1, 3);
    let mut positions: Vec<usize> = (0..entity_count)
        .map(|_| rng.range(1, words.len() - 1))
        .collect();
    positions.sort_unstable();
    positions.dedup();
    let mut text = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(word);
        if positions.contains(&i) {
            let (kind, names) = KINDS[rng.range(0, KINDS.len() - 1)];
            let name = rng.pick(names);
            let _ = write!(text, " [{name}]({kind}:)");
            if rng.range(0, 9) == 0 && !notes.iter().any(|(n, _)| *n == name) {
                notes.push((name, sentence(rng, 10) + "."));
            }
        }
    }
    text.push('.');
    text
}

fn question(rng: &mut Rng, class: &str, choices: usize, correct: &[usize]) -> String {
    let mut text = format!("### {}?", words(rng, 8, 12));
    if !class.is_empty() {
        let _ = write!(text, " {{.{class}}}");
    }
    text.push('\n');
    for c in 0..choices {
        let mark = if correct.contains(&c) { 'x' } else { ' ' };
        let _ = writeln!(text, "- [{mark}] {} ({}).", words(rng, 3, 7), c + 1);
    }
    let _ = writeln!(text, "> {}.", words(rng, 15, 22));
    text
}

fn lesson(rng: &mut Rng, index: usize) -> Lesson {
    let mut notes = Vec::new();
    let paragraphs = (0..rng.range(8, 12))
        .map(|_| paragraph(rng, &mut notes))
        .collect();
    let mut quiz = String::from("## Challenge Mode {.quiz}\n\nComprehension Questions\n");
    let singles = [
        (3, rng.range(0, 2)),
        (4, rng.range(0, 3)),
        (3, rng.range(0, 2)),
    ];
    for (choices, correct) in singles {
        quiz.push('\n');
        quiz.push_str(&question(rng, "", choices, &[correct]));
    }
    quiz.push('\n');
    quiz.push_str(&question(rng, "multi", 4, &[0, 2]));
    quiz.push('\n');
    quiz.push_str(&question(rng, "short", 2, &[0, 1]));
    let tag_count = rng.range(1, 3);
    let mut tags: Vec<&str> = (0..tag_count)
        .map(|_| rng.pick(&["energy", "water", "city", "health", "transport", "science"]))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    Lesson {
        unit: index / LESSONS_PER_UNIT,
        slug: format!("lesson-{:06}", index + 1),
        title: format!("{} in {}", words(rng, 4, 7), rng.pick(LOCATIONS)),
        date: format!(
            "20{:02}-{:02}-{:02}",
            rng.range(20, 26),
            rng.range(1, 12),
            rng.range(1, 28)
        ),
        level: LEVELS[rng.range(0, LEVELS.len() - 1)],
        tags,
        notes,
        paragraphs,
        quiz,
    }
}

fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn unit_dir(unit: usize) -> String {
    format!("unit-{:04}", unit + 1)
}

fn write_ours(root: &Path, lessons: &[Lesson]) -> std::io::Result<()> {
    fs::write(
        root.join("lessonpack.toml"),
        "title = \"Benchmark Pack\"\nlanguage = \"en\"\ndescription = \"A generated pack for benchmarks.\"\n",
    )?;
    for lesson in lessons {
        let dir = root.join("content").join(unit_dir(lesson.unit));
        if !dir.exists() {
            fs::create_dir_all(&dir)?;
            fs::write(
                dir.join("_unit.toml"),
                format!(
                    "title = \"Unit {}\"\norder = {}\n",
                    lesson.unit + 1,
                    lesson.unit + 1
                ),
            )?;
        }
        let mut text = String::from("+++\n");
        let _ = writeln!(text, "title = {}", toml_string(&lesson.title));
        let _ = writeln!(text, "date = {}", lesson.date);
        let _ = writeln!(text, "level = \"{}\"", lesson.level);
        let tags: Vec<String> = lesson.tags.iter().map(|t| toml_string(t)).collect();
        let _ = writeln!(text, "tags = [{}]", tags.join(", "));
        let _ = writeln!(text, "slug = \"{}\"", lesson.slug);
        if !lesson.notes.is_empty() {
            text.push_str("\n[notes]\n");
            for (name, note) in &lesson.notes {
                let _ = writeln!(text, "{} = {}", toml_string(name), toml_string(note));
            }
        }
        text.push_str("+++\n");
        for paragraph in &lesson.paragraphs {
            text.push('\n');
            text.push_str(paragraph);
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&lesson.quiz);
        fs::write(dir.join(format!("{}.md", lesson.slug)), text)?;
    }
    Ok(())
}

const HUGO_CONFIG: &str = r#"baseURL = "https://example.org/"
title = "Benchmark Pack"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS"]
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body class="page-{{ .Kind }}">
<header class="site-header"><a class="site-title" href="{{ "" | relURL }}">{{ site.Title }}</a></header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<p class="lesson-context"><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
<p class="position">{{ .Weight }} / {{ len .Parent.Pages }}</p>
<div class="focus-text">{{ .Content }}</div>
<nav class="focus-nav">
{{ with .NextInSection }}<a class="button secondary" rel="prev" href="{{ .RelPermalink }}">← Previous</a>{{ end }}
{{ with .PrevInSection }}<a class="button next" rel="next" href="{{ .RelPermalink }}">Next →</a>{{ end }}
</nav>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<article class="article">
<h1>{{ .Title }}</h1>
<div class="article-body">{{ .Content }}</div>
<ol class="lesson-pages">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ol>
</article>
{{ end }}
"#;

fn hugo_page(title: &str, weight: usize, body: &str) -> String {
    format!(
        "+++\ntitle = {}\nweight = {weight}\n+++\n\n{body}\n",
        toml_string(title)
    )
}

fn write_hugo(root: &Path, lessons: &[Lesson]) -> std::io::Result<()> {
    fs::write(root.join("hugo.toml"), HUGO_CONFIG)?;
    let layouts = root.join("layouts").join("_default");
    fs::create_dir_all(&layouts)?;
    fs::write(layouts.join("baseof.html"), HUGO_BASEOF)?;
    fs::write(layouts.join("single.html"), HUGO_SINGLE)?;
    fs::write(layouts.join("list.html"), HUGO_LIST)?;
    fs::create_dir_all(root.join("static"))?;
    fs::write(
        root.join("static").join("style.css"),
        "body{margin:0 auto;max-width:40em}\n",
    )?;
    for lesson in lessons {
        let unit = root.join("content").join(unit_dir(lesson.unit));
        let dir = unit.join(&lesson.slug);
        fs::create_dir_all(&dir)?;
        if !unit.join("_index.md").exists() {
            fs::write(
                unit.join("_index.md"),
                hugo_page(&format!("Unit {}", lesson.unit + 1), lesson.unit + 1, ""),
            )?;
        }
        let article = format!(
            "+++\ntitle = {}\ndate = {}\n+++\n\n{}\n",
            toml_string(&lesson.title),
            lesson.date,
            lesson.paragraphs.join("\n\n")
        );
        fs::write(dir.join("_index.md"), article)?;
        let total = lesson.paragraphs.len();
        for (i, paragraph) in lesson.paragraphs.iter().enumerate() {
            let n = i + 1;
            let title = format!("{} ({n}/{total})", lesson.title);
            fs::write(
                dir.join(format!("focus-{n:02}.md")),
                hugo_page(&title, n, paragraph),
            )?;
        }
        let end = format!("You read {total} focus sentences.");
        fs::write(
            dir.join("end.md"),
            hugo_page("End of article", total + 1, &end),
        )?;
        fs::write(
            dir.join("quiz.md"),
            hugo_page("Challenge Mode", total + 2, &lesson.quiz),
        )?;
    }
    Ok(())
}

/// `text` with each entity mark `[words](kind:…)` written as its words.
fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            let end = after[close..].find(')')? + close;
            Some((close, end))
        }) {
            Some((close, end)) => {
                out.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn write_mdbook(root: &Path, lessons: &[Lesson]) -> std::io::Result<()> {
    fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Benchmark Pack\"\nlanguage = \"en\"\n\n[output.html.search]\nenable = true\n",
    )?;
    let src = root.join("src");
    fs::create_dir_all(&src)?;
    let mut summary = String::from("# Summary\n\n");
    for lesson in lessons {
        let _ = writeln!(summary, "- [{}]({}.md)", lesson.title, lesson.slug);
        let body: Vec<String> = lesson.paragraphs.iter().map(|p| plain_text(p)).collect();
        fs::write(
            src.join(format!("{}.md", lesson.slug)),
            format!("# {}\n\n{}\n", lesson.title, body.join("\n\n")),
        )?;
    }
    fs::write(src.join("SUMMARY.md"), summary)
}

struct Args {
    lessons: usize,
    seed: u64,
    out: PathBuf,
    hugo: Option<PathBuf>,
    mdbook: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        lessons: 1000,
        seed: 7,
        out: PathBuf::new(),
        hugo: None,
        mdbook: None,
    };
    let mut iter = std::env::args().skip(1);
    while let Some(flag) = iter.next() {
        let mut value = || iter.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--lessons" => args.lessons = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--out" => args.out = value()?.into(),
            "--hugo" => args.hugo = Some(value()?.into()),
            "--mdbook" => args.mdbook = Some(value()?.into()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if args.out.as_os_str().is_empty() {
        return Err("--out is required".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!(
                "gen_corpus: {message}\nusage: gen_corpus --lessons N --out DIR [--hugo DIR] [--mdbook DIR] [--seed S]"
            );
            return ExitCode::FAILURE;
        }
    };
    let mut rng = Rng(args.seed);
    let lessons: Vec<Lesson> = (0..args.lessons).map(|i| lesson(&mut rng, i)).collect();
    let mut result = fs::create_dir_all(&args.out).and_then(|()| write_ours(&args.out, &lessons));
    if let Some(hugo) = &args.hugo {
        result = result
            .and_then(|()| fs::create_dir_all(hugo).and_then(|()| write_hugo(hugo, &lessons)));
    }
    if let Some(book) = &args.mdbook {
        result = result
            .and_then(|()| fs::create_dir_all(book).and_then(|()| write_mdbook(book, &lessons)));
    }
    if let Err(err) = result {
        eprintln!("gen_corpus: {err}");
        return ExitCode::FAILURE;
    }
    let pages: usize = lessons.iter().map(|l| l.paragraphs.len() + 3).sum();
    println!(
        "wrote {} lessons ({} lesson pages) into {}",
        lessons.len(),
        pages,
        args.out.display()
    );
    ExitCode::SUCCESS
}
