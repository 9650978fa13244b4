//! Listen and carry your progress, in Chromium and Firefox, over http, from file:// and in
//! the bundles. Headless browsers have no speech voice, so the Listen button stays hidden;
//! then speech synthesis is stubbed at the API boundary (`getVoices`, `speak`, `cancel` and
//! `SpeechSynthesisUtterance`) and the test reads what the page asked it to speak. Saving is
//! checked at the `URL.createObjectURL` boundary (the JSON the download link carries);
//! loading sends a written file to the page's file input, as a learner picks one.

use serde_json::{Value, json};

use crate::browser_fixture::*;
use crate::learner_site::*;
use crate::support::browser::{Browser, each_browser};

/// Replaces the browser's speech synthesis by a recorder with one voice in `lang`, and tells
/// the page voices changed.
const STUB_SPEECH: &str = r#"
  const s = window.speechSynthesis;
  window.__spoken = []; window.__cancelled = 0;
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  s.getVoices = () => [{ lang: arguments[0], name: 'Test voice' }];
  s.speak = (u) => window.__spoken.push({ text: u.text, lang: u.lang });
  s.cancel = () => { window.__cancelled++; };
  s.dispatchEvent(new Event('voiceschanged'));
  return true;"#;

/// The Listen button of the view shown (a bundle holds one per part).
const SHOWN_LISTEN: &str = "[...document.querySelectorAll('.listen')].find((b) => b.closest('[hidden]:not(.listen)') === null)";

fn listen_hidden_without_voice(browser: &Browser, what: &str) {
    browser.wait_until("document.readyState === 'complete'");
    let voices = browser.execute(
        "return (window.speechSynthesis ? speechSynthesis.getVoices() : []).filter((v) => v.lang.startsWith('en')).length;",
    );
    let shown = browser.execute(&format!("return !{SHOWN_LISTEN}.hidden;"));
    assert_eq!(
        shown,
        json!(voices != json!(0)),
        "{what}: Listen shows only with a voice for the pack's language ({voices} voices)"
    );
}

/// Stubs speech, presses the shown Listen button twice; returns what was spoken.
fn press_listen(browser: &Browser, what: &str) -> Vec<Value> {
    browser.execute_with(STUB_SPEECH, vec![json!("en-GB")]);
    browser.wait_until(&format!("!{SHOWN_LISTEN}.hidden"));
    browser.execute(&format!("{SHOWN_LISTEN}.click(); return true;"));
    assert_eq!(
        browser.execute(&format!(
            "return {SHOWN_LISTEN}.getAttribute('aria-pressed');"
        )),
        json!("true"),
        "{what}: pressed while speaking"
    );
    browser.execute(&format!("{SHOWN_LISTEN}.click(); return true;"));
    assert_eq!(
        browser.execute(&format!(
            "return [{SHOWN_LISTEN}.getAttribute('aria-pressed'), window.__cancelled > 0];"
        )),
        json!(["false", true]),
        "{what}: pressing again stops"
    );
    let spoken = browser.execute("return window.__spoken;");
    spoken.as_array().cloned().unwrap_or_default()
}

fn listen_on_focus_and_article(browser: &Browser, focus: &str, article: &str, what: &str) {
    browser.goto(focus);
    listen_hidden_without_voice(browser, &format!("{what}: focus page"));
    let sentence = browser.execute(&format!(
        "return document.getElementById({SHOWN_LISTEN}.dataset.read).textContent.replace(/\\s+/g, ' ').trim();"
    ));
    let spoken = press_listen(browser, &format!("{what}: focus page"));
    assert_eq!(
        spoken,
        vec![json!({ "text": sentence, "lang": "en" })],
        "{what}: the focus page speaks its sentence in the pack's language"
    );
    assert_clean(browser, what);

    browser.goto(article);
    listen_hidden_without_voice(browser, &format!("{what}: article"));
    let spoken = press_listen(browser, &format!("{what}: article"));
    assert!(
        spoken.len() >= LIGHTHOUSE_SENTENCES,
        "{what}: the article is spoken block by block: {spoken:?}"
    );
    assert!(
        spoken.iter().all(|s| s["lang"] == "en"),
        "{what}: {spoken:?}"
    );
    assert_clean(browser, what);
}

/// Loads the progress file `text` through the file input and waits for the message.
fn load_file(browser: &Browser, dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write progress file");
    browser.execute("document.querySelector('.carry-message').textContent = ''; return true;");
    browser.type_text(".load-progress-file", &path.display().to_string());
    browser.wait_until("document.querySelector('.carry-message').textContent !== ''");
    browser.text_content(".carry-message")
}

fn lesson_progress(browser: &Browser) -> String {
    browser.text_content(&format!(
        ".lesson-card[data-lesson=\"{LIGHTHOUSE}\"] .lesson-progress"
    ))
}

fn save_and_load(browser: &Browser, index: &str, what: &str) {
    browser.goto(index);
    browser.wait_for(".pack-progress:not([hidden])");
    let pack = browser.execute("return document.body.dataset.pack;");
    let pack = pack.as_str().expect("pack id").to_string();
    // Progress of our own: sentences 1 and 2 read, a quiz score.
    browser.execute_with(
        "localStorage.setItem('lessonpack:' + arguments[0] + ':' + arguments[1],
           JSON.stringify({ v: 2, read: [1, 2], best: 1, last: 1, of: 4, attempts: 1 }));
         return true;",
        vec![json!(pack), json!(LIGHTHOUSE)],
    );
    browser.reload();
    browser.execute(
        "window.__saved = null;
         const make = URL.createObjectURL.bind(URL);
         URL.createObjectURL = (blob) => { blob.text().then((t) => { window.__saved = t; }); return make(blob); };
         return true;",
    );
    browser.click(".save-progress");
    browser.wait_until("typeof window.__saved === 'string'");
    let saved: Value = serde_json::from_str(
        browser
            .execute("return window.__saved;")
            .as_str()
            .expect("saved text"),
    )
    .expect("the saved file is JSON");
    assert_eq!(saved["format"], "lessonpack-progress", "{what}");
    assert_eq!(saved["version"], 1, "{what}");
    assert_eq!(saved["pack"], json!(pack), "{what}");
    assert_eq!(
        saved["lessons"][LIGHTHOUSE]["read"],
        json!([1, 2]),
        "{what}"
    );
    assert!(
        browser
            .text_content(".carry-message")
            .contains("-progress-"),
        "{what}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    browser.click(".reset-progress");
    assert!(lesson_progress(browser).contains("Not started"), "{what}");
    let loaded = load_file(browser, dir.path(), "mine.json", &saved.to_string());
    assert!(loaded.contains("1 lesson merged"), "{what}: {loaded}");
    let restored = lesson_progress(browser);
    assert!(restored.contains("Reading: 2 of"), "{what}: {restored}");
    assert!(restored.contains("Quiz best: 1 / 4"), "{what}: {restored}");

    // Merging: the other device read sentence 3 and scored better.
    let mut other = saved.clone();
    other["lessons"][LIGHTHOUSE] =
        json!({ "v": 2, "read": [2, 3], "best": 3, "of": 4, "attempts": 2, "passed": true });
    load_file(browser, dir.path(), "other.json", &other.to_string());
    let merged = lesson_progress(browser);
    assert!(merged.contains("Reading: 3 of"), "{what}: {merged}");
    assert!(merged.contains("Quiz best: 3 / 4"), "{what}: {merged}");
    assert!(
        merged.contains("2 attempts") && merged.contains("passed"),
        "{what}: {merged}"
    );

    // Refused files change nothing and say why.
    let mut newer = saved.clone();
    newer["version"] = json!(2);
    newer["lessons"][LIGHTHOUSE]["read"] = json!([1, 2, 3, 4, 5]);
    let mut foreign = newer.clone();
    foreign["version"] = json!(1);
    foreign["pack"] = json!("another-pack");
    for (name, text, says) in [
        ("newer.json", newer.to_string(), "cannot read (version 2)"),
        (
            "foreign.json",
            foreign.to_string(),
            "another pack (another-pack)",
        ),
        (
            "notes.json",
            "not json {".to_string(),
            "not a saved progress file",
        ),
    ] {
        let message = load_file(browser, dir.path(), name, &text);
        assert!(message.contains(says), "{what}: {name}: {message}");
        assert_eq!(
            lesson_progress(browser),
            merged,
            "{what}: {name} changed progress"
        );
    }
    assert_clean(browser, what);
}

each_browser! {
    fn listen_speaks_and_progress_carries(engine) {
        let (_pack, site) = built_with_bundles();
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        for site in [Site::http(&site.dir), Site::file(&site.dir)] {
            let how = match site { Site::Http(_) => "http", Site::File(_) => "file://" };
            listen_on_focus_and_article(
                &browser,
                &site.url(&format!("{LIGHTHOUSE}/2.html")),
                &site.url(&format!("{LIGHTHOUSE}/index.html")),
                how,
            );
            save_and_load(&browser, &site.url("index.html"), how);
        }
        let file = Site::file(&site.dir);
        let bundle = file.url(&format!("bundle/{LIGHTHOUSE}.html"));
        listen_on_focus_and_article(
            &browser,
            &format!("{bundle}#focus-2"),
            &bundle,
            "lesson bundle",
        );
        save_and_load(&browser, &file.url(PACK_BUNDLE), "pack bundle");
    }
}
