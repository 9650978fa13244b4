//! Faults never lose work: a build killed at any moment leaves the old site or the new one,
//! never a mix, and the next build finishes the job with no manual step; two builds of one
//! output take turns; a full disk or a read-only output folder gives a clear error and keeps
//! the old site.
//!
//! Kills are placed with the pause points of `LESSONPACK_TEST_PAUSE` (src/pause.rs): the
//! build stops at a named moment (while it writes its n-th file, cleans up a leftover, holds
//! the lock, swaps), and is killed there.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use crate::support::{cli::*, pack::*};

/// A pack of `count` copies of the reference lesson, so a build takes long enough to be
/// interrupted in the middle.
fn large_pack(count: usize) -> tempfile::TempDir {
    let pack = sample_pack();
    let lesson = std::fs::read_to_string(pack.path().join("content/ai/deepseek-v4.md")).unwrap();
    let unit = pack.path().join("content/copies");
    std::fs::create_dir_all(&unit).unwrap();
    for i in 0..count {
        let text = lesson.replace("slug = \"deepseek-v4\"", &format!("slug = \"copy-{i:04}\""));
        std::fs::write(unit.join(format!("copy-{i:04}.md")), text).unwrap();
    }
    pack
}

/// Changes the reference lesson, so the next build has pages to write.
fn change_a_lesson(root: &Path) {
    let lesson = root.join("content/ai/deepseek-v4.md");
    replace_in(&lesson, "In early 2026", "In early 2027");
}

fn lessonpack_build(root: &Path) -> Command {
    let mut command = lessonpack_command(&["build"]);
    command
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// The names beside the site that start with `site.` (what builds leave next to it).
fn beside_site(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("site."))
        .collect();
    names.sort();
    names
}

/// What a single build leaves beside the site: at most the staging folder holding the
/// previous site, whole (marker and manifest), and no lock file.
fn assert_only_a_single_builds_leftovers(root: &Path, context: &str) {
    let beside = beside_site(root);
    assert!(
        beside.iter().all(|name| name == "site.lessonpack-staging"),
        "{context}: {beside:?}"
    );
    let staging = root.join("site.lessonpack-staging");
    assert!(
        !staging.exists()
            || (staging.join(".lessonpack").is_file()
                && staging.join(".lessonpack-cache").is_file()),
        "{context}: the staging folder is not a whole site"
    );
}

/// A lessonpack run stopped at a pause point (see `LESSONPACK_TEST_PAUSE` in src/pause.rs).
struct Paused {
    child: Child,
}

impl Paused {
    /// Starts `lessonpack args` in `root` and waits until it stops at `point`; panics if it
    /// ends without getting there.
    fn start(root: &Path, args: &[&str], point: &str) -> Paused {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lessonpack"))
            .args(args)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .env("LESSONPACK_TEST_PAUSE", point)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut printed = Vec::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            if line.starts_with("lessonpack: paused at ") {
                // Keep draining stderr so the process never blocks on a full pipe.
                std::thread::spawn(move || lines.for_each(drop));
                return Paused { child };
            }
            printed.push(line);
        }
        let status = child.wait().unwrap();
        panic!("{args:?} ended ({status}) before pausing at {point}: {printed:?}");
    }

    fn id(&self) -> u32 {
        self.child.id()
    }

    fn kill(mut self) {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
    }

    /// Lets it go on, and waits for it to end.
    fn resume(mut self) -> std::process::ExitStatus {
        drop(self.child.stdin.take());
        self.child.wait().unwrap()
    }
}

/// A cheap seeded generator (a linear congruential one), so kill points are the same on
/// every run.
struct Seeded(u64);

impl Seeded {
    /// A number in `1..=max`.
    fn pick(&mut self, max: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        1 + ((self.0 >> 33) as usize) % max
    }
}

/// Three versions of the pack (the reference lesson as it is, and edited twice), with the
/// site a single build makes of each. Builds go round them, so the staging folder (the site
/// before the live one) never already holds the version being built.
struct Versions {
    lesson: PathBuf,
    texts: Vec<String>,
    sites: Vec<BTreeMap<String, Vec<u8>>>,
}

impl Versions {
    fn new(root: &Path) -> Versions {
        let lesson = root.join("content/ai/deepseek-v4.md");
        let first = std::fs::read_to_string(&lesson).unwrap();
        let texts: Vec<String> = ["2026", "2027", "2028"]
            .iter()
            .map(|year| first.replace("In early 2026", &format!("In early {year}")))
            .collect();
        let mut sites = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            std::fs::write(&lesson, text).unwrap();
            let output = format!("reference-{i}");
            let status = lessonpack_build(root)
                .args(["--output", &output])
                .status()
                .unwrap();
            assert!(status.success());
            sites.push(BuiltSite::read(&root.join(&output)).files);
            std::fs::remove_dir_all(root.join(&output)).unwrap();
        }
        assert!(sites[0] != sites[1] && sites[1] != sites[2]);
        std::fs::write(&lesson, &first).unwrap();
        Versions {
            lesson,
            texts,
            sites,
        }
    }

    fn write(&self, version: usize) {
        std::fs::write(&self.lesson, &self.texts[version]).unwrap();
    }
}

/// How many times a build that renders every page (`--no-cache`) of the pack at `root`
/// arrives at the write point, at most `most`: some files of a site (copies) are written
/// without it. Found by arming the point at n and seeing whether the build pauses there
/// (with no standard input, a paused build goes on at once).
fn write_points(root: &Path, most: usize) -> usize {
    let pauses_at = |n: usize| {
        let output = Command::new(env!("CARGO_BIN_EXE_lessonpack"))
            .args(["build", "--no-cache"])
            .current_dir(root)
            .env("LESSONPACK_TEST_PAUSE", format!("write:{n}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stderr).contains("lessonpack: paused at ")
    };
    assert!(pauses_at(1), "a build writes no file");
    let (mut low, mut high) = (1, most);
    while low < high {
        let mid = (low + high).div_ceil(2);
        if pauses_at(mid) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    low
}

#[test]
fn builds_killed_at_seeded_points_are_finished_by_the_next_build() {
    let started = Instant::now();
    let pack = large_pack(40);
    let root = pack.path();
    let site = root.join("site");
    let staging = root.join("site.lessonpack-staging");
    let versions = Versions::new(root);
    assert!(lessonpack_build(root).status().unwrap().success());
    let files = write_points(root, versions.sites[0].len());

    let mut seed = Seeded(0x9E37_79B9_7F4A_7C15);
    let mut live = 0;
    let mut kills = 0;
    let points = [
        "write", "write", "clean", "lock", "write", "swap", "write", "clean", "swapped", "write",
        "lock", "write", "clean", "swap", "write", "swapped", "write", "clean", "write", "lock",
    ];
    for (attempt, point) in points.into_iter().enumerate() {
        let next = (live + 1) % 3;
        versions.write(next);
        // Every other build renders every page; the others write only what changed.
        let mut args = vec!["build"];
        if attempt % 2 == 0 {
            args.push("--no-cache");
        }
        let armed = match point {
            "write" if attempt % 2 == 0 => format!("write:{}", seed.pick(files)),
            "write" => format!("write:{}", seed.pick(3)),
            "clean" => {
                // A build killed while writing leaves a staging folder to clean up.
                // (Past its first file, which may be the marker of a fresh staging folder.)
                let armed = format!("write:{}", 1 + seed.pick(files - 1));
                Paused::start(root, &["build", "--no-cache"], &armed).kill();
                kills += 1;
                assert!(
                    BuiltSite::read(&site).files == versions.sites[live],
                    "{armed}: the site changed"
                );
                let entries = std::fs::read_dir(&staging).unwrap().count() - 1;
                format!("clean:{}", seed.pick(entries))
            }
            other => other.to_string(),
        };
        let paused = Paused::start(root, &args, &armed);
        if point == "write" {
            // Stopped with a file created and still empty: at most the manifest, which is
            // written last.
            let manifest = std::fs::read(staging.join(".lessonpack-cache"));
            assert!(
                staging.is_dir() && manifest.map_or(true, |bytes| bytes.is_empty()),
                "{armed}: the kill lands while the staging folder is being written"
            );
        }
        paused.kill();
        kills += 1;
        let expected = if point == "swapped" { next } else { live };
        assert!(
            BuiltSite::read(&site).files == versions.sites[expected],
            "{armed}: the site is not the one it should be"
        );

        // One more build, with no manual step: it succeeds and says what it cleaned up.
        let output = run_lessonpack(root, &["build"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "after {armed}: {stderr}");
        if matches!(point, "write" | "clean") {
            assert!(
                stderr.contains("cleaned up ./site.lessonpack-staging, left unfinished by a build that stopped (process "),
                "after {armed}: {stderr}"
            );
        }
        assert!(
            BuiltSite::read(&site).files == versions.sites[next],
            "after {armed}: not a single build's site"
        );
        assert_only_a_single_builds_leftovers(root, &format!("after {armed}"));
        live = next;
    }
    eprintln!(
        "kill test: {kills} kills at {} seeded points, each followed by a good build, in {:.1} s",
        points.len(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn a_staging_folder_that_lost_its_marker_is_cleaned_up_and_foreign_folders_are_kept() {
    let pack = large_pack(3);
    let root = pack.path();
    let versions = Versions::new(root);
    assert!(lessonpack_build(root).status().unwrap().success());
    versions.write(1);
    assert!(lessonpack_build(root).status().unwrap().success());
    // The stuck state of two unlocked builds: a staging folder without marker or manifest,
    // beside a folder of someone else's with a name close to ours.
    let staging = root.join("site.lessonpack-staging");
    std::fs::remove_file(staging.join(".lessonpack")).unwrap();
    std::fs::remove_file(staging.join(".lessonpack-cache")).unwrap();
    let foreign = root.join("site.lessonpack-staging-mine");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();

    versions.write(0);
    let output = run_lessonpack(root, &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        ["cleaned up ./site.lessonpack-staging, left unfinished by a build that stopped"]
    );
    assert!(BuiltSite::read(&root.join("site")).files == versions.sites[0]);
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "mine"
    );
    std::fs::remove_dir_all(&foreign).unwrap();
    assert_only_a_single_builds_leftovers(root, "after the clean-up");
}

#[test]
fn a_second_build_waits_for_the_first_and_with_no_wait_fails_changing_nothing() {
    let pack = large_pack(3);
    let root = pack.path();
    let versions = Versions::new(root);
    assert!(lessonpack_build(root).status().unwrap().success());
    versions.write(1);
    // Stopped as soon as it holds the lock, so nothing changes while the others run.
    let first = Paused::start(root, &["build", "--no-cache"], "lock");
    let everything = || BuiltSite::read(root).files;
    let before = everything();

    for command in ["build", "bundle"] {
        let refused = run_lessonpack(root, &[command, "--no-wait"]);
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(75), "{command}: {stderr}");
        assert_eq!(
            stderr.lines().next().unwrap(),
            format!(
                "another build (process {}) is writing ./site: not waiting for it (--no-wait); try again when it ends",
                first.id()
            )
        );
        assert!(everything() == before, "{command} --no-wait changed files");
    }

    // Without --no-wait a build waits, says for whom, and goes on when the first ends; one
    // killed while it waits changes nothing either.
    let spawn_waiting = || {
        let mut child = lessonpack_build(root)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let said = lines.next().unwrap().unwrap();
        assert_eq!(
            said,
            format!(
                "waiting for another build of ./site (process {}) to finish",
                first.id()
            )
        );
        (child, lines)
    };
    let (mut killed, _) = spawn_waiting();
    killed.kill().unwrap();
    killed.wait().unwrap();
    assert!(everything() == before, "a waiting build changed files");
    let (mut second, rest) = spawn_waiting();
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        second.try_wait().unwrap().is_none(),
        "the second build waits"
    );
    assert!(first.resume().success());
    assert!(second.wait().unwrap().success());
    assert_eq!(
        rest.map(Result::unwrap).collect::<Vec<_>>(),
        Vec::<String>::new()
    );
    assert!(BuiltSite::read(&root.join("site")).files == versions.sites[1]);
    assert_only_a_single_builds_leftovers(root, "after both");
}

#[test]
fn twenty_pairs_of_builds_started_together_leave_one_builds_site() {
    let started = Instant::now();
    let pack = large_pack(1);
    let root = pack.path();
    let lesson = root.join("content/ai/deepseek-v4.md");
    let original = std::fs::read_to_string(&lesson).unwrap();
    assert!(lessonpack_build(root).status().unwrap().success());
    let mut waited = 0;
    let pairs = 20;
    for pair in 0..pairs {
        // An edit before each pair; then the four mixes of cached and --no-cache builds, in
        // both orders of starting.
        std::fs::write(
            &lesson,
            original.replace("In early 2026", &format!("In early {}", 2030 + pair)),
        )
        .unwrap();
        let no_cache = [pair % 4 == 1 || pair % 4 == 3, pair % 4 >= 2];
        let order = if pair % 8 < 4 { [0, 1] } else { [1, 0] };
        let children: Vec<_> = order
            .iter()
            .map(|&i| {
                let mut command = lessonpack_build(root);
                if no_cache[i] {
                    command.arg("--no-cache");
                }
                command.stderr(Stdio::piped()).spawn().unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "pair {pair}: {stderr}");
            match stderr.lines().collect::<Vec<_>>()[..] {
                [] => {}
                [line] if line.starts_with("waiting for another build of ./site (process ") => {
                    waited += 1
                }
                _ => panic!("pair {pair}: {stderr}"),
            }
        }
        // A single build of the same sources, by the same binary.
        let status = lessonpack_build(root)
            .args(["--output", "reference"])
            .status()
            .unwrap();
        assert!(status.success());
        assert!(
            BuiltSite::read(&root.join("site")).files
                == BuiltSite::read(&root.join("reference")).files,
            "pair {pair}: not a single build's site"
        );
        std::fs::remove_dir_all(root.join("reference")).unwrap();
        assert_only_a_single_builds_leftovers(root, &format!("pair {pair}"));
    }
    eprintln!(
        "concurrency test: {pairs} pairs, {waited} builds waited for the other, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(waited > 0, "no pair overlapped");
}

/// Mounts a small tmpfs at `dir` for the test; `None` (skip, or fail under CI) when this
/// machine does not let the test mount.
pub struct TmpfsMount(std::path::PathBuf);

impl TmpfsMount {
    pub fn new(dir: &Path, size: &str) -> Option<TmpfsMount> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            Some(TmpfsMount(dir.to_path_buf()))
        } else {
            crate::support::tools::skip_or_fail("cannot mount a tmpfs (needs root)");
            None
        }
    }

    pub fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for TmpfsMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_names_the_path_and_keeps_the_old_site() {
    let pack = sample_pack();
    let volume = pack.path().join("volume");
    let Some(_mount) = TmpfsMount::new(&volume, "2m") else {
        return;
    };
    let site = volume.join("site");
    let output = run_lessonpack(pack.path(), &["build", "--output", "volume/site"]);
    assert!(output.status.success(), "{output:?}");
    let old = BuiltSite::read(&site).files;
    // Fill the disk, leaving too little for a new site beside the old one.
    let filler_size = {
        let stat = rustix::fs::statvfs(&volume).unwrap();
        (stat.f_bavail * stat.f_frsize).saturating_sub(64 * 1024)
    };
    std::fs::write(volume.join("filler"), vec![0u8; filler_size as usize]).unwrap();

    // Every page written anew (an unchanged build would have nothing to write).
    change_a_lesson(pack.path());
    let output = run_lessonpack(
        pack.path(),
        &["build", "--output", "volume/site", "--no-cache"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("volume/site.lessonpack-staging")
            && stderr.contains("no space left on device"),
        "{stderr}"
    );
    assert_eq!(BuiltSite::read(&site).files, old);
    assert!(!volume.join("site.lessonpack-staging").exists());
}

#[test]
fn a_read_only_output_names_the_path_and_keeps_the_old_site() {
    let pack = sample_pack();
    let volume = pack.path().join("volume");
    let Some(mount) = TmpfsMount::new(&volume, "8m") else {
        return;
    };
    let output = run_lessonpack(pack.path(), &["build", "--output", "volume/site"]);
    assert!(output.status.success(), "{output:?}");
    let old = BuiltSite::read(&volume.join("site")).files;
    mount.remount("ro");
    change_a_lesson(pack.path());

    let output = run_lessonpack(pack.path(), &["build", "--output", "volume/site"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("volume/site.lessonpack-staging")
            && stderr.contains("read-only file system"),
        "{stderr}"
    );
    assert_eq!(BuiltSite::read(&volume.join("site")).files, old);
}
