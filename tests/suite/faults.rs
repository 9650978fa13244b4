//! Faults never lose work: a build killed at any moment leaves the old site or the new one,
//! never a mix; a full disk or a read-only output folder gives a clear error and keeps the
//! old site.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::common::*;

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
    let text = std::fs::read_to_string(&lesson).unwrap();
    std::fs::write(&lesson, text.replace("In early 2026", "In early 2027")).unwrap();
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    BuiltSite::read(dir).files
}

fn lessonpack_build(root: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lessonpack"));
    command
        .arg("build")
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let pack = large_pack(80);
    let site = pack.path().join("site");
    assert!(lessonpack_build(pack.path()).status().unwrap().success());
    let old = tree(&site);

    // The new site differs from the old one in one lesson and in the index.
    change_a_lesson(pack.path());
    let started = Instant::now();
    let new_dir = pack.path().join("new-site");
    let status = lessonpack_build(pack.path())
        .args(["--output", "new-site"])
        .status()
        .unwrap();
    assert!(status.success());
    let full_build = started.elapsed();
    let new = tree(&new_dir);
    assert_ne!(old, new);

    // Kill points spread over the whole build, from a fixed seed.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let tries = 24;
    let (mut saw_old, mut saw_new) = (0, 0);
    for attempt in 0..tries {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let fraction = (seed >> 33) as f64 / (1u64 << 31) as f64;
        let delay = full_build.mul_f64(fraction * 2.0);
        let mut child = lessonpack_build(pack.path()).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = tree(&site);
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!(
                "try {attempt} (killed after {delay:?}): the site is neither the old nor the new one"
            );
        }
    }
    eprintln!("kill test: {tries} tries, {saw_old} left the old site, {saw_new} the new one");
    assert_eq!(saw_old + saw_new, tries);

    // The next build finishes the job. Beside the site stays only the staging folder, which
    // holds the previous site for the next build to update, marked as ours.
    let output = run_lessonpack(pack.path(), &["build"]);
    assert!(output.status.success(), "{output:?}");
    let leftovers: Vec<_> = std::fs::read_dir(pack.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("site.lessonpack-"))
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|name| name == "site.lessonpack-staging"),
        "{leftovers:?}"
    );
    let staging = pack.path().join("site.lessonpack-staging");
    assert!(!staging.exists() || staging.join(".lessonpack").is_file());
    assert_eq!(tree(&site), new);

    // And a build from a clean slate gives the same site as the one after the kills.
    let output = run_lessonpack(pack.path(), &["build", "--no-cache"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(tree(&site), new);
}

/// Mounts a small tmpfs at `dir` for the test; `None` (skip, or fail under CI) when this
/// machine does not let the test mount.
struct TmpfsMount(std::path::PathBuf);

impl TmpfsMount {
    fn new(dir: &Path, size: &str) -> Option<TmpfsMount> {
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

    fn remount(&self, options: &str) {
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
    let old = tree(&site);
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
    assert_eq!(tree(&site), old);
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
    let old = tree(&volume.join("site"));
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
    assert_eq!(tree(&volume.join("site")), old);
}
