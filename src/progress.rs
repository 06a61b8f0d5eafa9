//! Progress on stderr. At a terminal, an indicatif bar per stage; for a
//! nightly job whose stderr goes to a log, a timestamped line when a stage
//! starts, every 10 seconds while it runs, and when it ends — so a slow night
//! can be followed in the cron log. `--no-progress`/`--quiet` turn both off.
//! The lines carry counts and times, never a value from the data.

use std::cell::Cell;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often a log line reports a running stage.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// Every line on stderr is one JSON object (`--log-format json`).
static JSON: AtomicBool = AtomicBool::new(false);

/// Makes every stderr line a JSON object (for log collectors), or plain text.
pub fn set_json_log(on: bool) {
    JSON.store(on, Ordering::Relaxed);
}

fn json() -> bool {
    JSON.load(Ordering::Relaxed)
}

/// Panics expected and turned into errors (a library that panics on a
/// damaged file) while this is above 0: the panic hook stays quiet.
static QUIET_PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

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
static QUIETED: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
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

/// A line for a person: the column mapping, a warning, the summary line.
pub fn note(message: &str) {
    if json() {
        let line = serde_json::json!({"time": now(), "level": "info", "message": message});
        stderr_line(&line.to_string());
    } else {
        stderr_line(message);
    }
}

/// The error that ends the command, with the exit status it gives.
pub fn error(message: &str, exit: u8) {
    if json() {
        let line = serde_json::json!({"time": now(), "level": "error", "message": message, "exit": exit});
        stderr_line(&line.to_string());
    } else {
        stderr_line(&format!("doisoat: {message}"));
    }
}

/// A stage's event: `started`, `progress` (with its counts) or `done`.
fn event(stage: &str, event: &str, counts: Option<(u64, u64, &str)>, seconds: Option<f64>) {
    if json() {
        let mut line = serde_json::json!({"time": now(), "level": "info", "stage": stage, "event": event});
        if let Some((done, total, unit)) = counts {
            line["done"] = done.into();
            line["total"] = total.into();
            line["unit"] = unit.into();
        }
        if let Some(s) = seconds {
            line["seconds"] = ((s * 10.0).round() / 10.0).into();
        }
        return stderr_line(&line.to_string());
    }
    let text = match (counts, seconds) {
        (Some((done, total, unit)), Some(s)) => {
            let share = if total > 0 {
                format!(" ({:.0} %)", 100.0 * done as f64 / total as f64)
            } else {
                String::new()
            };
            format!("{done} of {total} {unit}{share}, {s:.0} s")
        }
        (None, Some(s)) => format!("done in {s:.1} s"),
        _ => event.to_string(),
    };
    stderr_line(&format!("{} {stage}: {text}", now()));
}

fn now() -> String {
    timestamp(SystemTime::now())
}

/// One stage's progress: a bar, log lines, or nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
    log: Option<Log>,
}

struct Log {
    label: String,
    bytes: bool,
    started: Instant,
    last: Cell<Instant>,
}

impl Progress {
    /// A stage labelled `label` whose progress is counted in bytes
    /// (`bytes`) or rows; shown only when `enabled`.
    pub fn new(enabled: bool, label: &str, bytes: bool) -> Progress {
        if !enabled {
            return Progress { bar: None, log: None };
        }
        if !std::io::stderr().is_terminal() || json() {
            event(label, "started", None, None);
            let now = Instant::now();
            let log = Log { label: label.to_string(), bytes, started: now, last: Cell::new(now) };
            return Progress { bar: None, log: Some(log) };
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        let counter = if bytes { "{bytes}/{total_bytes}" } else { "{human_pos}/{human_len} rows" };
        let template = format!("{{prefix:>8}} [{{bar:30}}] {counter} ({{elapsed}}, {{eta}} left)");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(label.to_string());
        Progress { bar: Some(bar), log: None }
    }

    /// A stage without counts (building the blocks, estimating the model):
    /// a spinner at a terminal, start and end lines in a log.
    pub fn step(enabled: bool, label: &str) -> Progress {
        let mut p = Progress::new(enabled, label, false);
        if let Some(bar) = &p.bar {
            bar.finish_and_clear();
            let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{prefix:>8} {spinner} {elapsed}") {
                spinner.set_style(style);
            }
            spinner.set_prefix(label.to_string());
            spinner.enable_steady_tick(Duration::from_millis(200));
            p.bar = Some(spinner);
        }
        p
    }

    /// Reports `done` of `total`.
    pub fn set(&self, done: u64, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
        }
        if let Some(log) = &self.log {
            if log.last.get().elapsed() >= LOG_EVERY {
                log.last.set(Instant::now());
                let unit = if log.bytes { "bytes" } else { "rows" };
                let seconds = log.started.elapsed().as_secs_f64();
                event(&log.label, "progress", Some((done, total, unit)), Some(seconds));
            }
        }
    }

    /// Ends the stage.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
        if let Some(log) = self.log {
            event(&log.label, "done", None, Some(log.started.elapsed().as_secs_f64()));
        }
    }
}

/// Writes one line to stderr. A stderr that cannot take it (a full disk, a
/// reader that went away) is no reason to stop or break a run: the line is lost.
pub fn stderr_line(line: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(line.as_bytes()).and_then(|()| err.write_all(b"\n"));
}

/// `YYYY-MM-DDTHH:MMZ` (UTC): when a run started, as its reports say.
pub fn minute(t: SystemTime) -> String {
    let mut s = timestamp(t);
    s.truncate(16);
    s.push('Z');
    s
}

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC) for a log line.
fn timestamp(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest / 60 % 60, rest % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_calendar_times() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_833_003);
        assert_eq!(timestamp(t), "2026-11-28T02:30:03Z");
        assert_eq!(minute(t), "2026-11-28T02:30Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(timestamp(leap), "2000-02-29T00:00:00Z");
    }

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
