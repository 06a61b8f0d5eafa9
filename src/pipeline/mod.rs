//! The reconcile pipeline, in order: read → normalize → index → compare →
//! classify → report. This is the only module that knows the order
//! ([`reconcile`] calls the stages of a [`run::Run`] one after another;
//! [`index`] the base's half of them); each stage only knows its own input
//! and output. [`setup`] is the part every matching command shares, and
//! [`options`] all that `reconcile` can be asked.

pub(crate) mod checks;
mod gather;
pub(crate) mod guards;
mod history;
pub(crate) mod mapping;
pub mod options;
mod record;
mod run;
pub mod setup;
mod spill;
mod swapped;
mod write;

pub use options::{CheckOptions, ReconcileOptions, ReportOptions, Sheets};
pub use setup::{load_config, Silent};

use std::path::Path;
use std::time::Instant;

use crate::error::Result;
use crate::progress::Progress;
use crate::report::Summary;
use run::Run;

/// Rows handled per parallel batch: large enough to keep every core busy,
/// small enough that memory does not grow with the input.
pub const BATCH_ROWS: usize = 1 << 16;

/// Where the pipeline sends its notes for a person (the column mapping, warnings).
pub trait Notes {
    /// One line of information.
    fn note(&self, line: &str);
}

/// What `doisoat index` made.
#[derive(Debug, Clone, Copy)]
pub struct Indexed {
    /// Persons in the snapshot.
    pub persons: usize,
    /// Seconds it took, writing included.
    pub seconds: f64,
}

/// Reads, normalises and indexes the base file `base` (a workbook: its
/// sheet `sheet`, or its first) once, with the base's residence `history`
/// if given, and writes it as a snapshot in `out`, for `reconcile --base
/// out` with the same configuration.
pub fn index(
    (base, sheet, history): (&Path, Option<&str>, Option<&Path>),
    config: Option<&Path>,
    out: &Path,
    progress: bool,
    notes: &dyn Notes,
) -> Result<Indexed> {
    let started = Instant::now();
    guards::refuse_missing([("--base", Some(base)), ("--config", config), ("--base-residence", history)])?;
    let config = load_config(config)?;
    if let Some(path) = history {
        crate::index::residence::Residence::check_columns(path, &config.base_residence)?;
    }
    let mut file = setup::open_base(base, sheet, &config, notes)?;
    let (index, blocks, _) = setup::index_base(&mut file, &config, progress, notes)?;
    let history =
        history.map(|path| history::index_history(path, &config, &index, progress, notes)).transpose()?;
    let step = Progress::step(progress, "write");
    let history = history.as_ref().map(|(h, meta)| (h, meta));
    crate::index::snapshot::write(out, (&index, &blocks), history, &config.base_fingerprint(), base)?;
    step.finish();
    Ok(Indexed { persons: index.len(), seconds: started.elapsed().as_secs_f64() })
}

/// Runs a whole reconciliation and returns its summary: each stage a
/// method of [`Run`], called here in order.
pub fn reconcile(opts: &ReconcileOptions, notes: &dyn Notes) -> Result<Summary> {
    let (mut run, mut opened) = Run::open(opts, notes)?;
    let prepared = run.prepare(&mut opened)?;
    let setup::Opened { base: base_input, input_src, input: mapping, written: layout, .. } = opened;
    let (mut checks, mut matched) = run.match_rows(input_src, &mapping, &prepared)?;
    run.check(&mut checks, &mut matched, &prepared.base)?;
    let flags = run.cross_row(&mut matched, mapping.kind);
    let (written, counts, unreadable) =
        run.write((&mapping, layout), &prepared.base, (&flags, &checks), matched)?;
    let summary = run.report(&prepared, &checks, mapping.kind, (&written, counts))?;
    run.record(&base_input, &prepared.base, (written, unreadable))?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify;
    use crate::compare::search::Matcher;
    use crate::config::Config;
    use crate::generate::faults::Profile;
    use crate::generate::{generate, GenerateOptions, Kind};
    use crate::read::Format;

    /// Leaving out the candidates that cannot matter changes no decision,
    /// on a hostile export, with the default blocks and with tiny capped
    /// ones, and on an exam export whose places cut and complete blocks;
    /// and it does leave some out.
    #[test]
    fn pruned_search_decides_every_row_as_the_full_search() {
        let dir = tempfile::tempdir().unwrap();
        let path = |kind: Kind, file: &str| dir.path().join(format!("{kind:?}")).join(file);
        for kind in [Kind::Credit, Kind::Exam] {
            let opts = GenerateOptions {
                persons: 20_000,
                records: 4_000,
                kind,
                seed: 5,
                profile: Profile::named("hostile").unwrap(),
                format: Format::Csv,
                out: path(kind, ""),
                omit: Default::default(),
                schools: false,
            };
            generate(&opts).unwrap();
        }
        let history = path(Kind::Exam, "residence_base.csv");
        let tiny = "[matching]\nblock_cap = 3\n";
        let runs = [(Kind::Credit, "credit.csv", None, ""), (Kind::Credit, "credit.csv", None, tiny)];
        // Blocks of a year and a sex: all cut, and by place.
        let years = "[matching]\nblock_cap = 30\n\n[[block]]\non = [\"dob:year\", \"sex\"]\n";
        let exam = [tiny, years].map(|toml| (Kind::Exam, "exam.csv", Some(history.as_path()), toml));
        for (kind, input, history, toml) in runs.into_iter().chain(exam) {
            let (base, input) = (path(kind, "population.csv"), path(kind, input));
            let config = Config::parse(toml, Path::new("c.toml")).unwrap();
            let mut opened = setup::open(&base, &input, None, &Sheets::default(), &config, &Silent).unwrap();
            let prepared =
                setup::prepare(&mut opened, (&input, None), history, &config, false, &Silent).unwrap();
            assert_eq!(prepared.model.uses_places(), history.is_some());
            let (full, pruned) = (prepared.matcher(), prepared.deciding_matcher());
            let ten = crate::compare::search::Prune::new(&prepared.model, 10.0);
            let rules = &prepared.input_rules;
            let (mut compared, mut left_out, mut rows, mut completed) = (0, 0, 0, 0);
            while let Some(batch) = opened.input_src.next_batch(BATCH_ROWS).unwrap() {
                for row in batch.iter().filter(|r| r.malformed.is_none()) {
                    let identity = opened.input.layout.identity(&row.cells, rules);
                    let a = classify::decide(&identity, prepared.policy, full);
                    let b = classify::decide(&identity, prepared.policy, pruned);
                    assert_eq!(a.outcome, b.outcome, "row {rows} ({toml:?})");
                    // The model's estimation: blocks only, weights without the ID, a margin of 10 bits.
                    let top = |m: Matcher| {
                        let mut w: Vec<(f64, usize)> =
                            m.search_blocks(&identity).iter().map(|c| (c.weight, c.person)).collect();
                        w.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                        let gap = if w.len() > 1 { w[0].0 - w[1].0 >= 10.0 } else { true };
                        (w.first().copied(), gap)
                    };
                    let no_id = Matcher { weigh_id: false, ..full };
                    assert_eq!(top(no_id), top(Matcher { prune: Some(&ten), ..no_id }), "row {rows}");
                    assert_eq!(
                        (a.search.capped, a.search.owners, a.search.completed),
                        (b.search.capped, b.search.owners, b.search.completed)
                    );
                    completed += usize::from(a.search.completed > 0);
                    compared += a.search.candidates.len();
                    left_out += a.search.candidates.len() - b.search.candidates.len();
                    rows += 1;
                }
            }
            assert!(rows > 3_000 && left_out > 0, "{left_out} of {compared} left out ({toml:?})");
            // Blocks of a year are all cut by place, and some compared whole.
            assert_eq!(completed > 0, toml.contains("year"), "{completed} rows completed a block ({toml:?})");
        }
    }
}
