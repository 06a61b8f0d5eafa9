//! Panics: one line and exit status 4 for a fault of doisoat's own, or
//! quiet while a library's panic on a damaged file is caught and turned
//! into an error.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use super::error;

/// Panics expected and turned into errors (a library that panics on a
/// damaged file) while this is above 0: the panic hook stays quiet.
static QUIET_PANICS: AtomicUsize = AtomicUsize::new(0);

/// While one lives, a panic is expected to be caught and reported as an error.
pub struct QuietPanics(());

impl QuietPanics {
    /// Starts a stretch of work whose panics are caught.
    #[allow(clippy::new_without_default)]
    pub fn new() -> QuietPanics {
        QUIET_PANICS.fetch_add(1, Ordering::SeqCst);
        QuietPanics(())
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        QUIET_PANICS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// True while a panic is expected to be caught ([`QuietPanics`]).
pub fn panics_quiet() -> bool {
    QUIET_PANICS.load(Ordering::SeqCst) > 0
}

/// Where the last panic kept quiet happened: the quiet stretch is
/// process-wide, so a panic of another thread may fall in it and, uncaught,
/// still end the command.
static QUIETED: Mutex<Option<String>> = Mutex::new(None);
/// An internal error's line was printed.
static PRINTED: AtomicBool = AtomicBool::new(false);

/// The panic hook's work: one line and exit status 4 for a fault of
/// doisoat's own (never a backtrace in a cron log, never a value from the
/// data: the place is in the source), unless the panic is expected to be
/// caught; `place` is ` at FILE:LINE` or empty. True when it printed.
pub fn on_panic(place: &str) -> bool {
    if panics_quiet() {
        *QUIETED.lock().unwrap_or_else(|e| e.into_inner()) = Some(place.to_string());
        return false;
    }
    PRINTED.store(true, Ordering::SeqCst);
    error(&internal_error(place), 4);
    true
}

/// For a command that a panic ended: the line to print when none was
/// (the panic fell in another thread's quiet stretch), so exit status 4
/// never comes without a message.
pub fn unreported_panic() -> Option<String> {
    if PRINTED.load(Ordering::SeqCst) {
        return None;
    }
    let place = QUIETED.lock().unwrap_or_else(|e| e.into_inner()).take().unwrap_or_default();
    Some(internal_error(&place))
}

fn internal_error(place: &str) -> String {
    format!("internal error{place}; the run stopped without putting its outputs in place; please report it")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_another_threads_quiet_stretch_still_gets_its_line() {
        // A reader on another thread expects its panics to be caught ...
        let guard = std::thread::spawn(QuietPanics::new).join().unwrap();
        // ... while this thread's fault ends the command: nothing printed yet.
        assert!(!on_panic(" at src/x.rs:1"));
        drop(guard);
        let line = unreported_panic().expect("the line main prints");
        assert!(line.starts_with("internal error") && line.contains("please report it"), "{line}");
    }
}
