//! Right-to-left packs in real Chromium and Firefox, checked on screenshots and by layout:
//! the progress bar fills from the right, the previous and next arrows point the way the text
//! reads (next at the left, pointing left), entity tags start at the right, a quiz's boxes sit
//! at the right of their choices; the pages speak the pack's language, the quiz fills in its
//! counts by the language's plural rules ("two tries left" is Arabic's dual), the index shows
//! the date the language's way, and the letters render (no missing-glyph boxes).
//!
//! Arabic over file://, Hebrew over http, Persian inside its lesson bundle, all in one browser
//! per engine; an English copy of the same pack is the left-to-right control, so each pixel
//! check is seen to tell the two directions apart.

use std::path::Path;

use serde_json::{Value, json};

use crate::browser_fixture::{BOATS, wait_for_page};
use crate::learner_site::*;
use crate::support::browser::{Browser, each_browser};
use crate::support::pack::*;

/// What one language's pages say, as the built-in catalogue words it.
struct Language {
    tag: &'static str,
    /// A letter of its script, to see it rendered.
    letter: &'static str,
    check: &'static str,
    not_quite: &'static str,
    /// After the first and the second wrong answer, of three tries.
    two_tries_left: &'static str,
    one_try_left: &'static str,
    /// 2026-02-10 on the index.
    date: &'static str,
}

const ARABIC: Language = Language {
    tag: "ar",
    letter: "ج",
    check: "تحقّق",
    not_quite: "ليس تمامًا.",
    two_tries_left: "بقيت محاولتان.",
    one_try_left: "بقيت محاولة واحدة.",
    date: "10 فبراير 2026",
};

const PERSIAN: Language = Language {
    tag: "fa",
    letter: "گ",
    check: "بررسی",
    not_quite: "نه کاملاً.",
    two_tries_left: "2 فرصت دیگر دارید.",
    one_try_left: "1 فرصت دیگر دارید.",
    date: "10 فوریهٔ 2026",
};

const HEBREW: Language = Language {
    tag: "he",
    letter: "א",
    check: "בדיקה",
    not_quite: "לא בדיוק.",
    two_tries_left: "נותרו שני ניסיונות.",
    one_try_left: "נותר ניסיון אחד.",
    date: "10 בפברואר 2026",
};

/// The right-to-left fixture (three focus sentences, two entities, a one-question quiz) in
/// `language`, dated and tagged, with three tries per question, built (with bundles if asked).
fn pack_in(language: &str, bundle: bool) -> (tempfile::TempDir, BuiltSite) {
    let pack = fixture_copy("browser-rtl");
    let config = pack.path().join("lessonpack.toml");
    replace_in(
        &config,
        "language = \"he\"",
        &format!("language = \"{language}\""),
    );
    let mut text = std::fs::read_to_string(&config).unwrap();
    // The answer only once the tries run out, so that each wrong try says how many are left.
    text.push_str("\n[quiz]\ntries = 3\nshow_answers = \"after_tries\"\n");
    std::fs::write(&config, text).unwrap();
    replace_in(
        &pack.path().join("content/boats.md"),
        "slug = \"boats\"",
        "slug = \"boats\"\ndate = 2026-02-10\ntags = [\"נמל\", \"דיג\"]",
    );
    let site = build_with(pack.path(), |options| options.bundle = bundle);
    (pack, site)
}

/// A screenshot, decoded.
struct Shot {
    width: usize,
    height: usize,
    rgb: Vec<[u8; 3]>,
}

impl Shot {
    fn take(browser: &Browser, dir: &Path, name: &str) -> Shot {
        let path = dir.join(format!("{name}.png"));
        browser.screenshot(&path);
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let channels = info.color_type.samples();
        let rgb = buf[..info.buffer_size()]
            .chunks(channels)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        Shot {
            width: info.width as usize,
            height: info.height as usize,
            rgb,
        }
    }

    fn at(&self, x: f64, y: f64) -> [u8; 3] {
        let x = (x.round() as usize).min(self.width - 1);
        let y = (y.round() as usize).min(self.height - 1);
        self.rgb[y * self.width + x]
    }
}

fn distance(a: [u8; 3], b: [u8; 3]) -> u32 {
    a.iter().zip(b).map(|(x, y)| u32::from(x.abs_diff(y))).sum()
}

/// An element's box in screenshot pixels: left, top, width, height.
fn rect(browser: &Browser, css: &str) -> [f64; 4] {
    let value = browser.execute_with(
        "const e = document.querySelector(arguments[0]);
         if (!e) return null;
         e.scrollIntoView({ block: 'center' });
         const r = e.getBoundingClientRect(), k = window.devicePixelRatio;
         return [r.left * k, r.top * k, r.width * k, r.height * k];",
        vec![json!(css)],
    );
    let Value::Array(values) = value else {
        panic!("no element {css}")
    };
    let v: Vec<f64> = values.iter().map(|v| v.as_f64().unwrap()).collect();
    [v[0], v[1], v[2], v[3]]
}

/// Which side of the progress bar its fill starts from, and how much of it it covers: the
/// colour at each end of the bar's middle line, and the run of the fill's colour from its end.
fn progress_fill(shot: &Shot, bar: [f64; 4]) -> (&'static str, f64) {
    let [left, top, width, height] = bar;
    let y = top + height / 2.0;
    let inset = (width * 0.02).max(3.0);
    let at_left = shot.at(left + inset, y);
    let at_right = shot.at(left + width - inset, y);
    assert!(
        distance(at_left, at_right) > 60,
        "the bar's two ends look alike ({at_left:?}, {at_right:?}): no fill to see"
    );
    // The fill is the accent colour: the more saturated end.
    let saturation = |[r, g, b]: [u8; 3]| r.max(g).max(b) - r.min(g).min(b);
    let (side, fill) = if saturation(at_left) > saturation(at_right) {
        ("left", at_left)
    } else {
        ("right", at_right)
    };
    // From the inset: the bar's rounded end is drawn blended with the page.
    let steps = (width - inset) as usize;
    let run = (0..steps)
        .map(|i| match side {
            "left" => left + inset + i as f64,
            _ => left + width - inset - i as f64,
        })
        .take_while(|&x| distance(shot.at(x, y), fill) < 60)
        .count();
    (side, (run as f64 + inset) / width)
}

/// Where an arrow glyph's head is, by the column with the most ink: "left" or "right".
fn arrow_points(shot: &Shot, arrow: [f64; 4]) -> &'static str {
    let [left, top, width, height] = arrow;
    let background = shot.at(left + 1.0, top + 1.0);
    let columns: Vec<usize> = (0..width as usize)
        .map(|dx| {
            (0..height as usize)
                .filter(|&dy| {
                    distance(shot.at(left + dx as f64, top + dy as f64), background) > 150
                })
                .count()
        })
        .collect();
    let most = *columns.iter().max().unwrap();
    assert!(most > 0, "no ink in the arrow's box");
    let head = columns.iter().position(|&ink| ink == most).unwrap() as f64;
    if head < width / 2.0 { "left" } else { "right" }
}

/// Whether `letter` draws as a glyph of the page's font, not as the missing-glyph box.
fn letter_renders(browser: &Browser, letter: &str) -> bool {
    let value = browser.execute_with(
        "const draw = (text) => {
           const c = document.createElement('canvas'); c.width = 80; c.height = 60;
           const g = c.getContext('2d');
           g.font = '40px ' + getComputedStyle(document.body).fontFamily;
           g.fillText(text, 10, 45);
           return Array.from(g.getImageData(0, 0, 80, 60).data).join();
         };
         const letter = draw(arguments[0]);
         return letter !== draw('\u{10FFFD}') && letter !== draw('');",
        vec![json!(letter)],
    );
    value == json!(true)
}

/// Focus page 2 of 3 at `scope` (the page's `main`, or a bundle part): the bar fills from the
/// start side, next sits at the end side and its arrow points on. `rtl` says which way the
/// text reads.
fn check_progress_and_arrows(browser: &Browser, shots: &Path, what: &str, scope: &str, rtl: bool) {
    let (start, end) = if rtl {
        ("right", "left")
    } else {
        ("left", "right")
    };
    let q = |css: &str| format!("{scope} {css}");
    assert_eq!(
        browser.execute_with(
            "return getComputedStyle(document.querySelector(arguments[0])).direction",
            vec![json!(q(".focus-nav"))]
        ),
        json!(if rtl { "rtl" } else { "ltr" }),
        "{what}: direction"
    );

    let bar = rect(browser, &q("progress"));
    let shot = Shot::take(browser, shots, &format!("{what}-progress"));
    let (side, covered) = progress_fill(&shot, bar);
    assert_eq!(
        side, start,
        "{what}: the progress bar fills from the {start}"
    );
    assert!(
        (covered - 2.0 / 3.0).abs() < 0.12,
        "{what}: focus sentence 2 of 3 fills {covered:.2} of the bar"
    );

    let next = rect(browser, &q("a[rel=next]"));
    let previous = rect(browser, &q("a[rel=prev]"));
    let next_is_left = next[0] + next[2] <= previous[0] + 1.0;
    assert_eq!(
        next_is_left, rtl,
        "{what}: next is at the {end} of previous ({next:?}, {previous:?})"
    );
    let next_arrow = rect(browser, &q("a[rel=next] .arrow"));
    let previous_arrow = rect(browser, &q("a[rel=prev] .arrow"));
    let shot = Shot::take(browser, shots, &format!("{what}-arrows"));
    assert_eq!(
        arrow_points(&shot, next_arrow),
        end,
        "{what}: the next arrow points {end}"
    );
    assert_eq!(
        arrow_points(&shot, previous_arrow),
        start,
        "{what}: the previous arrow points {start}"
    );
}

/// Focus page 1 at `scope`: its two entity tags start at the start side, and its link back
/// to the article points back.
fn check_tags(browser: &Browser, shots: &Path, what: &str, scope: &str, rtl: bool) {
    let (start, end) = if rtl {
        ("right", "left")
    } else {
        ("left", "right")
    };
    let q = |css: &str| format!("{scope} {css}");
    let list = rect(browser, &q(".tags"));
    let tag = rect(browser, &q(".tags li:first-child"));
    let back = rect(browser, &q(".focus-nav a:first-child .arrow"));
    let at_start = if rtl {
        (list[0] + list[2] - (tag[0] + tag[2])).abs() < 2.0
    } else {
        (tag[0] - list[0]).abs() < 2.0
    };
    assert!(
        at_start,
        "{what}: the first tag starts the list at the {start} ({tag:?} in {list:?})"
    );
    let shot = Shot::take(browser, shots, &format!("{what}-tags"));
    let y = tag[1] + tag[3] / 2.0;
    let painted = shot.at(tag[0] + tag[2] / 2.0, y);
    let far_end = if rtl {
        list[0] + 2.0
    } else {
        list[0] + list[2] - 2.0
    };
    let bare = shot.at(far_end, y);
    assert!(
        distance(painted, bare) > 20,
        "{what}: the first tag is painted at the {start}, the list's {end} end is bare"
    );
    assert_eq!(
        arrow_points(&shot, back),
        start,
        "{what}: the way back points {start}"
    );
}

/// The quiz at `scope`: boxes at the start side of their choices, the Check button at the
/// start, the verdict and the tries left in the language, counted by its plural rules.
fn check_quiz(browser: &Browser, what: &str, scope: &str, language: &Language) {
    let q = |css: &str| format!("{scope} {css}");
    let input = rect(browser, &q(".choices li:nth-child(2) input"));
    let choice = rect(browser, &q(".choices li:nth-child(2)"));
    // Within the choice's padding of its right edge (a left-to-right choice has it at the
    // left, hundreds of pixels away).
    assert!(
        (choice[0] + choice[2] - (input[0] + input[2])).abs() < 8.0,
        "{what}: the box is at the right of its choice ({input:?} in {choice:?})"
    );
    assert_eq!(browser.text(&q(".check")), language.check, "{what}: Check");
    let check = rect(browser, &q(".check"));
    let row = rect(browser, &q(".check-row"));
    assert!(
        (row[0] + row[2] - (check[0] + check[2])).abs() < 8.0,
        "{what}: Check starts its row at the right"
    );
    // The second choice is wrong: three tries, then two left, then one.
    browser.click(&q(".choices li:nth-child(2) label"));
    browser.click(&q(".check"));
    wait_for_text(browser, &q(".feedback"), language.two_tries_left);
    let verdict = browser.text(&q(".feedback .verdict"));
    assert!(verdict.contains(language.not_quite), "{what}: {verdict}");
    browser.click(&q(".check"));
    wait_for_text(browser, &q(".feedback"), language.one_try_left);
}

fn run_language(browser: &Browser, shots: &Path, language: &Language, how: &str) {
    let what = format!("{}-{how}", language.tag);
    let bundle = how == "bundle";
    let (_pack, built) = pack_in(language.tag, bundle);
    let site = if how == "http" {
        Site::http(&built.dir)
    } else {
        Site::file(&built.dir)
    };
    if bundle {
        let url = site.url(&format!("bundle/{BOATS}.html"));
        browser.goto(&format!("{url}#focus-2"));
        // The languages' packs share a title, so file:// pages share their stored progress:
        // this quiz starts with every try.
        browser.execute("localStorage.clear();");
        browser.reload();
        browser.wait_for("#focus-2:not([hidden]) progress");
        assert_eq!(
            browser.attr("html", "dir").as_deref(),
            Some("rtl"),
            "{what}"
        );
        assert!(
            letter_renders(browser, language.letter),
            "{what}: {} renders",
            language.letter
        );
        check_progress_and_arrows(browser, shots, &format!("{what}-2"), "#focus-2", true);
        browser.goto(&format!("{url}#focus-1"));
        browser.wait_for("#focus-1:not([hidden]) .tags");
        check_tags(browser, shots, &format!("{what}-1"), "#focus-1", true);
        browser.goto(&format!("{url}#quiz"));
        browser.wait_for("#quiz:not([hidden]) .check");
        check_quiz(browser, &what, "#quiz", language);
        assert_clean(browser, &what);
        return;
    }
    open(browser, &site, "index.html");
    assert_eq!(
        browser.attr("html", "dir").as_deref(),
        Some("rtl"),
        "{what}"
    );
    assert_eq!(
        browser.text(".lesson-facts time"),
        language.date,
        "{what}: date"
    );
    assert!(
        letter_renders(browser, language.letter),
        "{what}: {} renders",
        language.letter
    );
    let panel = browser.css_value(".pack-progress", "border-right-width");
    assert_eq!(
        panel, "4px",
        "{what}: the progress panel's accent border is at the right"
    );

    open(browser, &site, &format!("{BOATS}/2.html"));
    wait_for_page(browser, "2.html");
    check_progress_and_arrows(browser, shots, &format!("{what}-2"), "main", true);
    open(browser, &site, &format!("{BOATS}/1.html"));
    wait_for_page(browser, "1.html");
    check_tags(browser, shots, &format!("{what}-1"), "main", true);

    open(browser, &site, &format!("{BOATS}/quiz.html"));
    check_quiz(browser, &what, "main", language);
    assert_clean(browser, &what);
}

/// The same pack in English: the pixel checks see the other direction.
fn run_left_to_right_control(browser: &Browser, shots: &Path) {
    let (_pack, built) = pack_in("en", false);
    let site = Site::file(&built.dir);
    open(browser, &site, &format!("{BOATS}/2.html"));
    wait_for_page(browser, "2.html");
    check_progress_and_arrows(browser, shots, "en-2", "main", false);
    open(browser, &site, &format!("{BOATS}/1.html"));
    wait_for_page(browser, "1.html");
    check_tags(browser, shots, "en-1", "main", false);
}

each_browser! {
    fn right_to_left_layouts_and_wording(engine) {
        let Some(browser) = Browser::launch_in(engine) else { return };
        browser.set_window_size(900, 900);
        // LESSONPACK_SCREENSHOTS=<folder> keeps the screenshots, to look at.
        let temp = tempfile::tempdir().unwrap();
        let shots = std::env::var_os("LESSONPACK_SCREENSHOTS")
            .map(|dir| std::path::PathBuf::from(dir).join(engine.name()))
            .unwrap_or_else(|| temp.path().to_path_buf());
        run_left_to_right_control(&browser, &shots);
        run_language(&browser, &shots, &ARABIC, "file");
        run_language(&browser, &shots, &HEBREW, "http");
        run_language(&browser, &shots, &PERSIAN, "bundle");
    }
}
