//! Recorded audio: a lesson's `audio = "folder/"` names recordings of its focus sentences
//! (`1.mp3`, `2.ogg`, …), copied with the lesson, inlined as `data:` in bundles, admitted by
//! the policy only where a pack has some, and played by the Listen button in Chromium and
//! Firefox over http, from file:// and in a lesson bundle. The fixture (`tests/fixtures/audio/`)
//! holds real MP3 and Ogg Vorbis files (a quarter of a second long, but the first, of three
//! seconds, which is stopped before its end); the harbour lesson's third
//! sentence has none (speech reads it), the ferry lesson has one of each sentence (its article
//! plays them in turn). Chromium plays each to its end; headless Firefox here has no sound
//! output and fails at its audio sink, so there the test checks what the page plays.

use serde_json::json;

use crate::learner_site::*;
use crate::support::browser::{Browser, each_browser};
use crate::support::html::*;
use crate::support::pack::*;

/// The Listen button of a page's `main` (a bundle's shown part).
fn listen_button(html: &scraper::Html, scope: &str) -> Option<(bool, Option<String>)> {
    let button = html.select(&sel(&format!("{scope} .listen"))).next()?;
    let value = button.value();
    Some((
        value.attr("hidden").is_some(),
        value.attr("data-audio").map(str::to_string),
    ))
}

#[test]
fn recordings_are_copied_linked_inlined_and_admitted() {
    let pack = fixture_copy("audio");
    let site = build_with(pack.path(), |options| options.bundle = true);
    for file in [
        "harbour/harbour-audio/1.mp3",
        "harbour/harbour-audio/2.ogg",
        "ferry/ferry-audio/1.mp3",
        "ferry/ferry-audio/2.mp3",
    ] {
        let source = pack
            .path()
            .join("content")
            .join(file.split_once('/').unwrap().1);
        assert_eq!(
            site.files.get(file),
            Some(&std::fs::read(source).unwrap()),
            "{file} is copied as it is"
        );
    }
    let focus = |n: usize| listen_button(&site.page(&format!("harbour/{n}.html")), "main");
    assert_eq!(focus(1), Some((true, Some("harbour-audio/1.mp3".into()))));
    assert_eq!(focus(2), Some((true, Some("harbour-audio/2.ogg".into()))));
    assert_eq!(
        focus(3),
        Some((true, None)),
        "no recording: speech reads it"
    );
    // The article plays its recordings only when every sentence has one.
    let article = |slug: &str| listen_button(&site.page(&format!("{slug}/index.html")), "main");
    assert_eq!(article("harbour"), Some((true, None)));
    assert_eq!(
        article("ferry"),
        Some((true, Some("ferry-audio/1.mp3 ferry-audio/2.mp3".into())))
    );
    let policy = attr(
        &site.page("harbour/index.html"),
        "meta[http-equiv]",
        "content",
    );
    assert!(policy.contains("media-src 'self'"), "{policy}");

    let bundle = site.page("bundle/harbour.html");
    let (_, inlined) = listen_button(&bundle, "#focus-1").unwrap();
    let mp3 = std::fs::read(pack.path().join("content/harbour-audio/1.mp3")).unwrap();
    use base64::Engine as _;
    let expected = format!(
        "data:audio/mpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&mp3)
    );
    assert_eq!(inlined.as_deref(), Some(expected.as_str()));
    let (_, ogg) = listen_button(&bundle, "#focus-2").unwrap();
    assert!(ogg.unwrap().starts_with("data:audio/ogg;base64,"));
    let policy = attr(&bundle, "meta[http-equiv]", "content");
    assert!(policy.contains("media-src data:"), "{policy}");

    // A pack without recordings keeps the policy without media.
    let sample = build_site(repo_root());
    let policy = attr(&sample.page("index.html"), "meta[http-equiv]", "content");
    assert!(!policy.contains("media-src"), "{policy}");
}

/// Records what the page plays: each `play()`'s source, and each source that played to its
/// end or failed.
const SPY_ON_PLAY: &str = "
  window.__played = []; window.__ended = []; window.__failed = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    window.__played.push(this.src);
    this.addEventListener('ended', () => window.__ended.push(this.src));
    this.addEventListener('error', () => window.__failed.push(this.src + ' ' + (this.error && this.error.code) + ' ' + (this.error && this.error.message)));
    return play.call(this).catch((e) => { window.__failed.push(String(e)); throw e; });
  };
  return true;";

/// Whether the page's playback failed at the browser's audio sink, as in headless Firefox on
/// a machine without a sound card (after the page chose, loaded and started the recording).
fn no_audio_sink(browser: &Browser) -> bool {
    browser.execute(
        "return window.__failed.length > 0 \
           && window.__failed.every((f) => f.endsWith(' 3 OnMediaSinkAudioError'));",
    ) == json!(true)
}

/// Whether the Listen button `button` (a selector) is pressed.
fn pressed(browser: &Browser, button: &str) -> serde_json::Value {
    browser.execute_with(
        "return document.querySelector(arguments[0]).getAttribute('aria-pressed');",
        vec![json!(button)],
    )
}

/// Presses the Listen button `button` (a selector) as a learner does (browsers play media
/// only after a gesture), waits until it is no longer pressed, and checks that every
/// recording it played ended without error; returns what was played.
fn play_through(browser: &Browser, button: &str, what: &str) -> Vec<String> {
    browser.execute(SPY_ON_PLAY);
    browser.wait_for(&format!("{button}:not([hidden])"));
    browser.click(button);
    browser.wait_until(&format!(
        "document.querySelector({}).getAttribute('aria-pressed') === 'false'",
        json!(button)
    ));
    assert_clean(browser, what);
    // Headless Firefox on a machine without a sound card fails every playback at its audio
    // sink, after the page chose, loaded and started the recording: then what is checked is
    // that the page plays the right source and the button comes back unpressed. Anywhere
    // else each recording must play to its end.
    if !no_audio_sink(browser) {
        let outcome = browser
            .execute("return [window.__failed, window.__played.length, window.__ended.length];");
        assert_eq!(outcome[0], json!([]), "{what}: playback failed");
        assert_eq!(
            outcome[1], outcome[2],
            "{what}: every recording played to its end"
        );
    }
    let played = browser.execute("return window.__played;");
    played
        .as_array()
        .unwrap()
        .iter()
        .map(|src| src.as_str().unwrap().to_string())
        .collect()
}

each_browser! {
    fn listen_plays_the_authors_recordings(engine) {
        let pack = fixture_copy("audio");
        let built = build_with(pack.path(), |options| options.bundle = true);
        let Some(browser) = Browser::launch_in(engine) else {
            return;
        };
        for site in [Site::http(&built.dir), Site::file(&built.dir)] {
            let how = match site { Site::Http(_) => "http", Site::File(_) => "file://" };
            open(&browser, &site, "harbour/2.html");
            let played = play_through(&browser, "main .listen", &format!("{how}: focus page 2"));
            assert_eq!(played.len(), 1, "{how}: {played:?}");
            assert!(played[0].ends_with("/harbour/harbour-audio/2.ogg"), "{how}: {played:?}");
            let can_play = !no_audio_sink(&browser);

            // Sentence 1's recording lasts three seconds: pressing again stops it.
            open(&browser, &site, "harbour/1.html");
            browser.execute(SPY_ON_PLAY);
            browser.wait_for("main .listen:not([hidden])");
            browser.click("main .listen");
            if can_play {
                assert_eq!(pressed(&browser, "main .listen"), json!("true"), "{how}: playing");
                browser.click("main .listen");
                assert_eq!(pressed(&browser, "main .listen"), json!("false"), "{how}: stopped");
                assert_eq!(browser.execute("return window.__ended.length;"), json!(0));
            } else {
                browser.wait_until("document.querySelector('main .listen').getAttribute('aria-pressed') === 'false'");
                assert!(no_audio_sink(&browser), "{how}: only the sink fails");
            }
            assert_eq!(
                browser.execute("return document.querySelector('main .listen').hidden;"),
                json!(false)
            );

            open(&browser, &site, "ferry/index.html");
            let played = play_through(&browser, "main .listen", &format!("{how}: article"));
            let tails: Vec<&str> = played.iter().map(|src| &src[src.len() - 17..]).collect();
            // In turn; where playback fails, the first failure ends it.
            let expected: &[&str] = match can_play {
                true => &["ferry-audio/1.mp3", "ferry-audio/2.mp3"],
                false => &["ferry-audio/1.mp3"],
            };
            assert_eq!(tails, expected, "{how}: in turn");
        }
        let file = Site::file(&built.dir);
        browser.goto(&format!("{}#focus-2", file.url("bundle/harbour.html")));
        browser.wait_for("#focus-2:not([hidden])");
        let played = play_through(&browser, "#focus-2 .listen", "lesson bundle");
        assert_eq!(played.len(), 1, "{played:?}");
        assert!(played[0].starts_with("data:audio/ogg;base64,"), "{}", &played[0][..40]);
    }
}
