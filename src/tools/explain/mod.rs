//! `doisoat explain`: one row of a completed run recomputed with the run's
//! own set-up and told as a waterfall ([`waterfall`]), then its exam or
//! residence check made again ([`recheck`]).

mod recheck;
pub mod waterfall;

use std::path::PathBuf;

use super::rerun::reopen;
use crate::classify;
use crate::error::{Error, Result};
use crate::pipeline::{Notes, BATCH_ROWS};

/// What `doisoat explain` was asked to do.
#[derive(Debug, Clone)]
pub struct ExplainOptions {
    /// The output directory of a completed run (its manifest names the inputs).
    pub out: PathBuf,
    /// The 1-based data row to explain.
    pub row: Option<u64>,
    /// Or the row key to explain (the first row with it).
    pub key: Option<String>,
    /// Show IDs in full (else masked).
    pub debug_values: bool,
}

/// Recomputes one row of a completed run and explains it as a waterfall.
pub fn explain(opts: &ExplainOptions, notes: &dyn Notes) -> Result<String> {
    let (mut opened, prepared, reread) = reopen(&opts.out, notes)?;
    let (layout, rules) = (&opened.input.layout, &prepared.input_rules);
    let mut seen = 0;
    while let Some(batch) = opened.input_src.next_batch(BATCH_ROWS)? {
        seen += batch.len() as u64;
        let wanted = batch.iter().find(|row| match (&opts.row, &opts.key) {
            (Some(n), _) => row.number == *n,
            (None, Some(k)) => layout.key(&row.cells).is_some_and(|v| v == k.trim()),
            (None, None) => false,
        });
        let Some(row) = wanted else { continue };
        let key = layout.key(&row.cells).unwrap_or_default();
        if let Some(fault) = row.malformed {
            return Ok(waterfall::unreadable(row.number, &key, &classify::unreadable(fault)));
        }
        let identity = layout.identity(&row.cells, rules);
        let decision = classify::decide(&identity, prepared.policy, prepared.matcher());
        let (base, model, policy) = (&prepared.base, &prepared.model, &prepared.policy);
        let parts = (base, model, policy);
        let mut text = waterfall::text(row.number, &key, &decision, parts, opts.debug_values);
        let (manifest, config) = (&reread.manifest, &reread.config);
        let this = (row.number, &row.cells[..], &decision.outcome);
        if let Some(check) = recheck::check_text(&opts.out, manifest, config, (layout, base), this)? {
            text.push_str(&check);
        }
        return Ok(text);
    }
    let what = match (&opts.row, &opts.key) {
        (Some(n), _) => format!("no row {n}"),
        (None, Some(_)) => "no row with that key".into(),
        (None, None) => "nothing asked".into(),
    };
    Err(Error::Usage(format!("{}: {what} among its {seen} data rows", opts.out.display())))
}
