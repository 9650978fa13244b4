//! The write-only floor: how long this machine takes to write a built site's files, with
//! their folders, from two threads, doing nothing else.
//!
//! ```text
//! cargo run --release --example write_floor -- BUILT_SITE OUT_DIR [THREADS]
//! ```
//!
//! Reads every file of `BUILT_SITE` into memory first (not timed), then times creating the
//! same folders and writing the same bytes into `OUT_DIR`, which must not exist yet. Each
//! thread takes whole top-level folders (a lesson each), as a build's workers do, so threads
//! do not contend for one folder. Prints one line: `files=… folders=… bytes=… seconds=…`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// A top-level entry of the site: a file, or a folder with everything below it.
struct Group {
    /// Folders to create, parents first, relative to the site root.
    folders: Vec<PathBuf>,
    files: Vec<(PathBuf, Vec<u8>)>,
}

fn read_group(root: &Path, entry: &Path, group: &mut Group) -> std::io::Result<()> {
    let relative = entry.strip_prefix(root).expect("walked below root");
    let file_type = fs::symlink_metadata(entry)?.file_type();
    if file_type.is_dir() {
        group.folders.push(relative.to_path_buf());
        let mut children: Vec<PathBuf> = fs::read_dir(entry)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        children.sort();
        for child in children {
            read_group(root, &child, group)?;
        }
    } else if file_type.is_file() {
        group.files.push((relative.to_path_buf(), fs::read(entry)?));
    }
    Ok(())
}

fn write_group(out: &Path, group: &Group) -> std::io::Result<()> {
    for folder in &group.folders {
        fs::create_dir(out.join(folder))?;
    }
    for (path, bytes) in &group.files {
        fs::File::create(out.join(path))?.write_all(bytes)?;
    }
    Ok(())
}

fn run(site: &Path, out: &Path, threads: usize) -> std::io::Result<()> {
    let mut top: Vec<PathBuf> = fs::read_dir(site)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    top.sort();
    let mut groups = Vec::new();
    for entry in &top {
        let mut group = Group {
            folders: Vec::new(),
            files: Vec::new(),
        };
        read_group(site, entry, &mut group)?;
        groups.push(group);
    }
    let files: usize = groups.iter().map(|g| g.files.len()).sum();
    let folders: usize = groups.iter().map(|g| g.folders.len()).sum();
    let bytes: usize = groups
        .iter()
        .flat_map(|g| g.files.iter())
        .map(|(_, b)| b.len())
        .sum();

    let started = Instant::now();
    fs::create_dir(out)?;
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> std::io::Result<()> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(group) = groups.get(i) else {
                            return Ok(());
                        };
                        write_group(out, group)?;
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("writer thread panicked"))
    })?;
    let seconds = started.elapsed().as_secs_f64();
    println!("files={files} folders={folders} bytes={bytes} seconds={seconds:.3}");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 || args.len() > 3 {
        eprintln!("usage: write_floor BUILT_SITE OUT_DIR [THREADS]");
        return ExitCode::FAILURE;
    }
    let threads = match args.get(2).map(|t| t.parse()) {
        None => 2,
        Some(Ok(n)) if n > 0 => n,
        _ => {
            eprintln!("write_floor: THREADS must be a positive number");
            return ExitCode::FAILURE;
        }
    };
    match run(Path::new(&args[0]), Path::new(&args[1]), threads) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("write_floor: {err}");
            ExitCode::FAILURE
        }
    }
}
