//! Pause points, for the tests that kill lessonpack at chosen moments (tests/suite/faults.rs).
//!
//! With `LESSONPACK_TEST_PAUSE=<point>` or `<point>:<n>` in the environment, the process stops
//! at the n-th arrival (the first by default) at the named point, prints
//! `lessonpack: paused at <point>` on stderr, and waits for a line (or the end) on stdin;
//! every other thread that arrives there meanwhile waits too. The tests kill it there, or let
//! it go on. It is compiled in always because the tests drive the real binary; it is for
//! tests only and never needed otherwise. Unset, a point costs one atomic load.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable that arms a pause point.
pub const PAUSE_VAR: &str = "LESSONPACK_TEST_PAUSE";

/// The moments a test can stop lessonpack at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Point {
    /// The output's lock is held and its file names this process; nothing else done yet.
    Lock,
    /// Removing what a stopped build left beside the output: before each top entry.
    Clean,
    /// Writing a file of the site: created, its bytes not written yet.
    Write,
    /// The staging folder is complete, just before it is swapped in.
    Swap,
    /// Just after the swap, before the build returns.
    Swapped,
    /// Writing a lesson source (`init`, `new`, `import`): its bytes are written under no
    /// name yet.
    Source,
}

impl Point {
    const ALL: [Point; 6] = [
        Point::Lock,
        Point::Clean,
        Point::Write,
        Point::Swap,
        Point::Swapped,
        Point::Source,
    ];

    fn name(self) -> &'static str {
        match self {
            Point::Lock => "lock",
            Point::Clean => "clean",
            Point::Write => "write",
            Point::Swap => "swap",
            Point::Swapped => "swapped",
            Point::Source => "source",
        }
    }
}

struct Armed {
    point: Point,
    at: usize,
    arrivals: AtomicUsize,
}

static ARMED: OnceLock<Option<Armed>> = OnceLock::new();
static RESUMED: OnceLock<()> = OnceLock::new();

/// Stops here if the environment armed this point and this is its n-th arrival or later.
pub(crate) fn point(point: Point) {
    let Some(armed) = ARMED.get_or_init(|| parse(&std::env::var(PAUSE_VAR).ok()?)) else {
        return;
    };
    if armed.point != point || armed.arrivals.fetch_add(1, Ordering::Relaxed) + 1 < armed.at {
        return;
    }
    RESUMED.get_or_init(|| {
        eprintln!("lessonpack: paused at {}", point.name());
        let _ = std::io::stdin().read_line(&mut String::new());
    });
}

/// `write:40` → the 40th arrival at [`Point::Write`]; `lock` → the first at [`Point::Lock`].
fn parse(value: &str) -> Option<Armed> {
    let (name, at) = match value.split_once(':') {
        Some((name, n)) => (name, n.parse().ok()?),
        None => (value, 1),
    };
    let point = Point::ALL.into_iter().find(|p| p.name() == name)?;
    Some(Armed {
        point,
        at,
        arrivals: AtomicUsize::new(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_named_with_an_optional_count() {
        let armed = parse("write:40").unwrap();
        assert_eq!((armed.point, armed.at), (Point::Write, 40));
        let armed = parse("swap").unwrap();
        assert_eq!((armed.point, armed.at), (Point::Swap, 1));
        assert!(parse("nowhere").is_none() && parse("write:x").is_none());
    }
}
