//! Progress on stderr. At a terminal, an indicatif bar per stage (a spinner
//! with what was read until the total is known), and at the end one line of
//! the stages' times, since each bar leaves the screen as its stage ends;
//! for a nightly job whose stderr goes to a log, a timestamped line when a
//! stage starts, every 10 seconds while it runs, and when it ends — so a
//! slow night can be followed in the cron log. `--no-progress`/`--quiet`
//! turn both off. The lines carry counts and times, never a value from the data.

use std::cell::Cell;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};

mod panics;

pub use panics::{on_panic, panics_quiet, unreported_panic, QuietPanics};

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

/// What a stage counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes of a file (a CSV file's rows are not known before it is read).
    Bytes,
    /// Rows (a Parquet file's, a workbook's, or rows already counted once).
    Rows,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Bytes => "bytes",
            Unit::Rows => "rows",
        }
    }
}

/// What a stage's line says of its progress: `12.50 MiB of 30.00 MiB, 65,536
/// rows`, `65,536 of 500,000 rows`; before the total is known what was read
/// so far (`1.20 MiB read`, `65,536 rows`), never a total of 0.
pub fn counter(unit: Unit, done: u64, total: u64, rows: Option<u64>) -> String {
    let count = |n: u64| thousands(n, ",");
    let rows = rows.map(|n| format!(", {} rows", count(n))).unwrap_or_default();
    match (unit, total) {
        (Unit::Bytes, 0) => format!("{} read{rows}", HumanBytes(done)),
        (Unit::Bytes, _) => format!("{} of {}{rows}", HumanBytes(done), HumanBytes(total)),
        (Unit::Rows, 0) => format!("{} rows", count(done)),
        (Unit::Rows, _) => format!("{} of {} rows", count(done), count(total)),
    }
}

/// A count with its thousands grouped by `sep` (`2,000,000`; the reports'
/// Vietnamese `2.000.000`).
pub fn thousands(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A stage's event: `started`, `progress` (with its counts) or `done`.
fn event(stage: &str, event: &str, counts: Option<Counts>, seconds: Option<f64>) {
    if json() {
        let mut line = serde_json::json!({"time": now(), "level": "info", "stage": stage, "event": event});
        if let Some(c) = counts {
            line["done"] = c.done.into();
            line["total"] = c.total.into();
            line["unit"] = c.unit.name().into();
            if let Some(rows) = c.rows {
                line["rows"] = rows.into();
            }
        }
        if let Some(s) = seconds {
            line["seconds"] = ((s * 10.0).round() / 10.0).into();
        }
        return stderr_line(&line.to_string());
    }
    let text = match (counts, seconds) {
        (Some(c), Some(s)) => {
            let share = if c.total > 0 {
                format!(" ({:.0} %)", 100.0 * c.done as f64 / c.total as f64)
            } else {
                String::new()
            };
            format!("{}{share}, {s:.0} s", counter(c.unit, c.done, c.total, c.rows))
        }
        (None, Some(s)) => format!("done in {s:.1} s"),
        _ => event.to_string(),
    };
    stderr_line(&format!("{} {stage}: {text}", now()));
}

/// A stage's counts at one moment.
#[derive(Debug, Clone, Copy)]
struct Counts {
    unit: Unit,
    done: u64,
    total: u64,
    rows: Option<u64>,
}

fn now() -> String {
    timestamp(SystemTime::now())
}

/// Each stage's seconds as its bar ended, for the line of stage times.
static TIMES: Mutex<Vec<(String, f64)>> = Mutex::new(Vec::new());

/// The bar on the screen, if any: a line written meanwhile is written above it.
static SHOWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// After a command whose progress was drawn as bars (each leaves the
/// screen as its stage ends), one line of the stages' times: `time by
/// stage: base 0.3 s, blocks 0.0 s, …`. None when progress went to a log,
/// whose lines give the times, or was off.
pub fn stage_times_line() -> Option<String> {
    times_line(&std::mem::take(&mut *lock(&TIMES)))
}

fn times_line(times: &[(String, f64)]) -> Option<String> {
    let each: Vec<String> = times.iter().map(|(stage, s)| format!("{stage} {s:.1} s")).collect();
    (!each.is_empty()).then(|| format!("time by stage: {}", each.join(", ")))
}

/// One stage's progress: a bar, log lines, or nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
    log: Option<Log>,
    label: String,
    unit: Unit,
    started: Instant,
    /// Rows read so far, shown beside the bytes.
    rows: Cell<Option<u64>>,
    /// The bar is drawn as a bar (its total is known), not a spinner.
    measured: Cell<bool>,
}

struct Log {
    last: Cell<Instant>,
}

const SPINNER: &str = "{prefix:>8} {spinner} {msg} ({elapsed})";
const BAR: &str = "{prefix:>8} [{wide_bar}] {msg} ({elapsed}, {eta} left)";

impl Progress {
    /// A stage labelled `label` whose progress is counted in `unit`; shown
    /// only when `enabled`. At a terminal it is a spinner with what was
    /// read until its total is known, then a bar.
    pub fn new(enabled: bool, label: &str, unit: Unit) -> Progress {
        Progress::start(enabled, label, unit, true)
    }

    /// A stage without counts (building the blocks, estimating the model):
    /// a spinner at a terminal, start and end lines in a log.
    pub fn step(enabled: bool, label: &str) -> Progress {
        Progress::start(enabled, label, Unit::Rows, false)
    }

    fn start(enabled: bool, label: &str, unit: Unit, counted: bool) -> Progress {
        let mut p = Progress {
            bar: None,
            log: None,
            label: label.to_string(),
            unit,
            started: Instant::now(),
            rows: Cell::new(None),
            measured: Cell::new(false),
        };
        if !enabled {
            return p;
        }
        if !std::io::stderr().is_terminal() || json() {
            event(label, "started", None, None);
            p.log = Some(Log { last: Cell::new(p.started) });
            return p;
        }
        let template = if counted { SPINNER } else { "{prefix:>8} {spinner} {elapsed}" };
        // Drawn once its style, label and first words are set.
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_prefix(label.to_string());
        if counted {
            bar.set_message(counter(unit, 0, 0, None));
        }
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(200));
        *lock(&SHOWN) = Some(bar.clone());
        p.bar = Some(bar);
        p
    }

    /// Counts `rows` read so far, shown beside the bytes of a stage counted in bytes.
    pub fn set_rows(&self, rows: u64) {
        self.rows.set(Some(rows));
    }

    /// Reports `done` of `total` (0: not known).
    pub fn set(&self, done: u64, total: u64) {
        let c = Counts { unit: self.unit, done, total, rows: self.rows.get() };
        if let Some(bar) = &self.bar {
            bar.set_message(counter(c.unit, done, total, c.rows));
            if total > 0 {
                bar.set_length(total);
                bar.set_position(done);
                // A spinner until now: a bar once its total is known.
                if !self.measured.replace(true) {
                    if let Ok(style) = ProgressStyle::with_template(BAR) {
                        bar.set_style(style.progress_chars("=> "));
                    }
                }
            }
        }
        if let Some(log) = &self.log {
            if log.last.get().elapsed() >= LOG_EVERY {
                log.last.set(Instant::now());
                event(&self.label, "progress", Some(c), Some(self.started.elapsed().as_secs_f64()));
            }
        }
    }

    /// Ends the stage: its time kept for the line of stage times at a
    /// terminal, or its end line in a log.
    pub fn finish(self) {
        let seconds = self.started.elapsed().as_secs_f64();
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
            *lock(&SHOWN) = None;
            lock(&TIMES).push((self.label.clone(), seconds));
        }
        if self.log.is_some() {
            event(&self.label, "done", None, Some(seconds));
        }
    }
}

/// Writes one line to stderr. A stderr that cannot take it (a full disk, a
/// reader that went away) is no reason to stop or break a run: the line is lost.
pub fn stderr_line(line: &str) {
    use std::io::Write;
    let write = || {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(line.as_bytes()).and_then(|()| err.write_all(b"\n"));
    };
    // A bar on the screen is cleared while the line is written, and drawn again under it.
    let shown = lock(&SHOWN).clone();
    match shown {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
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
    fn a_stage_says_what_it_read_and_never_a_total_of_nothing() {
        assert_eq!(counter(Unit::Bytes, 0, 0, None), "0 B read");
        assert_eq!(counter(Unit::Bytes, 1_500_000, 0, Some(65_536)), "1.43 MiB read, 65,536 rows");
        assert_eq!(counter(Unit::Bytes, 1_500_000, 3_000_000, Some(9)), "1.43 MiB of 2.86 MiB, 9 rows");
        assert_eq!(counter(Unit::Bytes, 1_500_000, 3_000_000, None), "1.43 MiB of 2.86 MiB");
        assert_eq!(counter(Unit::Rows, 65_536, 2_000_000, None), "65,536 of 2,000,000 rows");
        assert_eq!(counter(Unit::Rows, 12, 0, None), "12 rows");
        // A stage ended at a terminal keeps its time for the line at the end.
        let times = [("base".to_string(), 0.31), ("match".into(), 12.0), ("manifest".into(), 3.44)];
        assert_eq!(times_line(&times).unwrap(), "time by stage: base 0.3 s, match 12.0 s, manifest 3.4 s");
        assert_eq!(times_line(&[]), None);
    }
}
