//! Times `lessonpack serve` from saving a lesson to the changed page being served: starts
//! `serve` on a pack (e.g. one from `gen_corpus`), then edits the first sentence of the
//! pack's first lesson again and again, each time polling the lesson's article page over HTTP
//! until it shows the edit. Prints the medians, and what serve reported rendering.
//!
//!   cargo run --release --example serve_latency -- --pack /tmp/bench/n1000/pack [--edits 20]
//!
//! `--lessonpack BIN` picks the binary (default: `lessonpack` beside this example's folder,
//! i.e. `target/release/lessonpack`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|arg| arg == name)
            .and_then(|at| args.get(at + 1))
            .cloned()
    };
    let pack = PathBuf::from(value("--pack").expect("--pack DIR"));
    let edits: usize = value("--edits").map_or(20, |n| n.parse().expect("--edits N"));
    let lessonpack = value("--lessonpack").map(PathBuf::from).unwrap_or_else(|| {
        let exe = std::env::current_exe().expect("this program's path");
        exe.parent()
            .and_then(Path::parent)
            .expect("target/<profile>")
            .join("lessonpack")
    });

    let lesson = first_lesson(&pack.join("content"));
    let original = std::fs::read_to_string(&lesson).expect("the lesson");
    // Restored however this program ends.
    let restore = Restore(lesson.clone(), original.clone());
    let slug = front_matter_value(&original, "slug")
        .unwrap_or_else(|| lesson.file_stem().unwrap().to_string_lossy().into_owned());

    let mut serve = Command::new(&lessonpack)
        .args(["--root"])
        .arg(&pack)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("lessonpack serve starts");
    let (lines_tx, lines) = mpsc::channel::<String>();
    let stdout = serve.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let address = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(600))
            .expect("serve prints its URL");
        if let Some(at) = line.find("http://") {
            let url = &line[at + "http://".len()..];
            break url[..url.find('/').unwrap()].to_string();
        }
    };
    // The first build's summary.
    let first = lines
        .recv_timeout(Duration::from_secs(600))
        .expect("the first build");
    println!("first build: {first}");
    let page = format!("/{slug}/index.html");

    let (mut to_served, mut update_ms, mut rendered) = (Vec::new(), Vec::new(), Vec::new());
    for n in 0..edits {
        std::thread::sleep(Duration::from_millis(300));
        while lines.try_recv().is_ok() {}
        let marker = format!("Latency{n:03}");
        let edited = edit_first_sentence(&original, &marker);
        let started = Instant::now();
        std::fs::write(&lesson, &edited).expect("the edit is saved");
        loop {
            if get(&address, &page).is_some_and(|body| body.contains(&marker)) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the edit never showed"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        to_served.push(started.elapsed().as_secs_f64() * 1000.0);
        if let Ok(summary) = lines.recv_timeout(Duration::from_secs(5)) {
            if let Some(seconds) = summary
                .rsplit_once(" in ")
                .and_then(|(_, rest)| rest.trim_end_matches(" s").parse::<f64>().ok())
            {
                update_ms.push(seconds * 1000.0);
            }
            if let Some(count) = summary
                .split_once('(')
                .and_then(|(_, rest)| rest.split_once(" rendered"))
                .and_then(|(count, _)| count.parse::<f64>().ok())
            {
                rendered.push(count);
            }
        }
    }
    drop(restore);
    stop(&mut serve);

    println!(
        "save → changed page served: median {:.1} ms (min {:.1}, max {:.1}), n = {edits}",
        median(&mut to_served.clone()),
        min(&to_served),
        max(&to_served)
    );
    if !update_ms.is_empty() {
        println!(
            "update as serve reports it: median {:.1} ms; pages rendered per edit: median {}",
            median(&mut update_ms),
            median(&mut rendered)
        );
    }
}

/// Writes a file's original text back when dropped, even after a panic.
struct Restore(PathBuf, String);

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.0, &self.1);
    }
}

/// The first lesson file in sorted order.
fn first_lesson(content: &Path) -> PathBuf {
    let mut dirs = vec![content.to_path_buf()];
    let mut found = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a content folder") {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found.into_iter().next().expect("a lesson")
}

fn front_matter_value(text: &str, key: &str) -> Option<String> {
    text.lines()
        .find_map(|line| line.strip_prefix(key)?.trim_start().strip_prefix('='))
        .map(|value| value.trim().trim_matches('"').to_string())
}

/// The lesson with `marker` before the first word of its body.
fn edit_first_sentence(text: &str, marker: &str) -> String {
    let body_start = text.match_indices("+++").nth(1).map_or(0, |(at, _)| at + 3);
    let (head, body) = text.split_at(body_start);
    let first = body.find(|c: char| c.is_alphabetic()).expect("a sentence");
    format!("{head}{}{marker} {}", &body[..first], &body[first..])
}

/// GETs `path` over HTTP/1.0; the body of a 200 answer.
fn get(address: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(address).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?;
    (status == "200").then(|| body.to_string())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(0.0, f64::max)
}

/// Stops `serve` with Ctrl-C, so that it removes its temporary folder; kills it if it lingers.
fn stop(serve: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-INT", &serve.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = serve.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let _ = serve.kill();
    let _ = serve.wait();
}
