//! Progress on stderr, only for a person at a terminal: indicatif hides its
//! bar when stderr is not a terminal, and `--no-progress`/`--quiet` turn it
//! off outright. Nightly cron jobs see nothing but the final result.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// One stage's progress bar (or nothing).
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar labelled `label`, shown only when `enabled`.
    pub fn new(enabled: bool, label: &str, bytes: bool) -> Progress {
        if !enabled {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        let counter = if bytes { "{bytes}/{total_bytes}" } else { "{human_pos}/{human_len} rows" };
        let template = format!("{{prefix:>8}} [{{bar:30}}] {counter} ({{elapsed}}, {{eta}} left)");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(label.to_string());
        Progress(Some(bar))
    }

    /// Reports `done` of `total`.
    pub fn set(&self, done: u64, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
            bar.set_position(done);
        }
    }

    /// Removes the bar.
    pub fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}
