//! One build per output folder at a time: an advisory lock on `<output>.lessonpack-lock`, a
//! file beside the output, held for the whole build.
//!
//! The lock is the operating system's (`flock`), so it dies with its process: a killed build
//! never leaves a lock behind, only the file, which the next build takes over. The holder
//! writes its process id into the file, so a build that waits can say for whom. When it is
//! done the holder removes the file while it still holds the lock; a build that was waiting
//! on that file then holds a lock nobody else can see, so after every locking it checks that
//! its file is still the one at the path, and starts again if not. That way two builds never
//! both believe they hold the lock.
//!
//! On a read-only file system no build can change the output, so there is nothing to lock
//! against: the build goes on without a lock (a site with nothing to change still "builds",
//! anything else fails where it writes). On systems other than Unix there is no lock: builds
//! of one output must not overlap there.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::output::sibling;
use crate::diagnostic::{Diagnostic, ErrorKind};

/// The suffix of the lock file's name: `site.lessonpack-lock` beside `site`.
pub const LOCK_SUFFIX: &str = "lessonpack-lock";

/// What a build does when another one holds the output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Wait {
    /// Wait until the other build ends (the default).
    #[default]
    Block,
    /// Fail at once with [`ErrorKind::OutputLocked`] (`--no-wait`).
    Fail,
}

/// The lock of one output folder, held until dropped (or until the process ends).
#[derive(Debug)]
pub struct OutputLock {
    /// `None` on a read-only file system.
    file: Option<File>,
    path: PathBuf,
    /// The process id a previous holder left in the file.
    stopped: Option<u32>,
}

impl OutputLock {
    /// Takes the lock of `output`, whose parent folder must exist. When another build holds
    /// it, `wait` says whether to wait (calling `on_wait` first, with the holder's process id
    /// if known) or to fail at once.
    pub fn acquire(
        output: &Path,
        wait: Wait,
        on_wait: impl FnOnce(Option<u32>),
    ) -> Result<OutputLock, Diagnostic> {
        let path = sibling(output, LOCK_SUFFIX);
        let io = |err: std::io::Error| Diagnostic::io(&path, &err);
        let mut on_wait = Some(on_wait);
        let mut file = loop {
            let file = match open(&path) {
                Ok(file) => file,
                Err(err) if err.kind() == std::io::ErrorKind::ReadOnlyFilesystem => {
                    return Ok(OutputLock {
                        file: None,
                        path,
                        stopped: None,
                    });
                }
                Err(err) => return Err(io(err)),
            };
            if !try_lock(&file).map_err(io)? {
                if wait == Wait::Fail {
                    return Err(Diagnostic::global(ErrorKind::OutputLocked {
                        output: output.to_path_buf(),
                        pid: holder(&file),
                    }));
                }
                if let Some(on_wait) = on_wait.take() {
                    on_wait(holder(&file));
                }
                lock(&file).map_err(io)?;
            }
            if is_at(&file, &path) {
                break file;
            }
            // Its holder removed it as it finished: the lock now lives in a new file.
        };
        // A finished build removes its file, so a process id still in it is a build's that
        // stopped before the end (killed, or a crash).
        let stopped = read_pid(&mut file);
        write_pid(&mut file).map_err(io)?;
        Ok(OutputLock {
            file: Some(file),
            path,
            stopped,
        })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The process id of a build that held this lock before and stopped without finishing.
    pub fn stopped_build(&self) -> Option<u32> {
        self.stopped
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked (the lock goes with the file handle, just after), so
        // nothing beside the output remains of a build that finished.
        if self
            .file
            .as_ref()
            .is_some_and(|file| is_at(file, &self.path))
        {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn open(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// Whether `file` is still the file at `path`.
#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_at(_: &File, path: &Path) -> bool {
    path.is_file()
}

/// Takes the lock if it is free; `false` when another process holds it.
#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use rustix::fs::{FlockOperation, flock};
    loop {
        match flock(file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => return Ok(true),
            Err(rustix::io::Errno::WOULDBLOCK) => return Ok(false),
            Err(rustix::io::Errno::INTR) => continue,
            Err(err) => return Err(err.into()),
        }
    }
}

#[cfg(not(unix))]
fn try_lock(_: &File) -> std::io::Result<bool> {
    Ok(true)
}

/// Waits for the lock and takes it.
#[cfg(unix)]
fn lock(file: &File) -> std::io::Result<()> {
    use rustix::fs::{FlockOperation, flock};
    loop {
        match flock(file, FlockOperation::LockExclusive) {
            Err(rustix::io::Errno::INTR) => continue,
            result => return result.map_err(Into::into),
        }
    }
}

#[cfg(not(unix))]
fn lock(_: &File) -> std::io::Result<()> {
    Ok(())
}

/// The process id the holder wrote into the lock file. A holder that has only just taken
/// the lock may not have written it yet, so an empty file is read again a few times.
fn holder(file: &File) -> Option<u32> {
    let mut file = file;
    for _ in 0..20 {
        if let Some(pid) = read_pid(&mut file) {
            return Some(pid);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

fn read_pid(mut file: impl Read + Seek) -> Option<u32> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

fn write_pid(file: &mut File) -> std::io::Result<()> {
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(format!("{}\n", std::process::id()).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_second_lock_fails_or_waits_until_the_first_is_dropped() {
        let temp = tempfile::tempdir().unwrap();
        let output = temp.path().join("site");
        let first = OutputLock::acquire(&output, Wait::Fail, |_| panic!("free")).unwrap();
        assert_eq!(first.path(), temp.path().join("site.lessonpack-lock"));
        assert_eq!(first.stopped_build(), None);
        let text = std::fs::read_to_string(first.path()).unwrap();
        assert_eq!(text, format!("{}\n", std::process::id()));

        // flock locks belong to open files, so a second handle in this process is refused
        // just as another process would be.
        let refused = OutputLock::acquire(&output, Wait::Fail, |_| panic!("no wait")).unwrap_err();
        assert_eq!(
            *refused.kind,
            ErrorKind::OutputLocked {
                output: output.clone(),
                pid: Some(std::process::id()),
            }
        );

        let (told, heard) = mpsc::channel();
        let waiter = std::thread::spawn({
            let output = output.clone();
            move || {
                OutputLock::acquire(&output, Wait::Block, |pid| told.send(pid).unwrap()).unwrap()
            }
        });
        assert_eq!(heard.recv().unwrap(), Some(std::process::id()));
        drop(first);
        let second = waiter.join().unwrap();
        assert!(second.path().is_file(), "the waiter made a new lock file");
        drop(second);
        assert!(
            !temp.path().join("site.lessonpack-lock").exists(),
            "a finished holder leaves nothing"
        );
    }

    #[test]
    fn a_lock_file_left_by_a_stopped_build_is_taken_over() {
        let temp = tempfile::tempdir().unwrap();
        let output = temp.path().join("site");
        std::fs::write(temp.path().join("site.lessonpack-lock"), "4321\n").unwrap();
        let lock = OutputLock::acquire(&output, Wait::Fail, |_| panic!("free")).unwrap();
        assert_eq!(lock.stopped_build(), Some(4321));
        assert_eq!(
            std::fs::read_to_string(lock.path()).unwrap(),
            format!("{}\n", std::process::id())
        );
    }
}
