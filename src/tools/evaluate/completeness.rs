//! Pairs completeness for `evaluate --completeness`: whether each row's
//! true person reached the candidates the run's search compared at all.

use std::path::Path;

use rayon::prelude::*;

use crate::error::Result;
use crate::pipeline::{Silent, BATCH_ROWS};
use crate::tools::rerun::reopen;

/// For a completed run in `out`: per input row, whether its true person
/// (`truth[i]`, a base ID; empty: none) was among the candidates the search
/// compared — pairs completeness, apart from what the decision made of them.
pub fn candidates_reached(out: &Path, truth: &[String]) -> Result<Vec<bool>> {
    let (mut opened, prepared, _) = reopen(out, &Silent)?;
    let (layout, rules, matcher) = (&opened.input.layout, &prepared.input_rules, prepared.matcher());
    let threshold = prepared.policy.link_threshold;
    let mut reached = Vec::with_capacity(truth.len());
    while let Some(batch) = opened.input_src.next_batch(BATCH_ROWS)? {
        let offset = reached.len();
        let part: Vec<bool> = batch
            .par_iter()
            .enumerate()
            .map(|(j, row)| {
                let want = truth.get(offset + j).map_or("", String::as_str);
                if want.is_empty() || row.malformed.is_some() {
                    return false;
                }
                let identity = layout.identity(&row.cells, rules);
                let search = matcher.search(&identity, threshold);
                search.candidates.iter().any(|c| matcher.base.id(c.person).to_string() == want)
            })
            .collect();
        reached.extend(part);
    }
    Ok(reached)
}
