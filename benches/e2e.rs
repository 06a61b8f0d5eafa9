//! The whole reconcile pipeline, end to end, as `doisoat reconcile` runs it
//! (`doisoat::pipeline::reconcile`, all cores): read and index the base,
//! blocks, model, match every export row, cross-row checks, write
//! `results.csv`, `summary.json`, `model.json` and `manifest.json`.
//!
//! Inputs are synthetic (doisoat's generator, realistic faults), written
//! once: by default a base of 200,000 persons and an export of 200,000 rows
//! (`DOISOAT_BENCH_PERSONS`, `DOISOAT_BENCH_ROWS` change them). Throughput
//! is in export rows; seconds per 1M rows = 1 / (Melem/s). The base's cost
//! is inside each run, as it is in a real one. Each run checks its summary:
//! every export row has a status, the same rows per status as the first
//! run, and most rows MATCH.
//! Run: `cargo bench --bench e2e`.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use doisoat::pipeline::{reconcile, ReconcileOptions, Silent};
use doisoat::read::Format;

fn size(var: &str, default: u64) -> u64 {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn bench(c: &mut Criterion) {
    let persons = size("DOISOAT_BENCH_PERSONS", 200_000);
    let rows = size("DOISOAT_BENCH_ROWS", 200_000);
    let d = common::data(persons, rows);
    let out = tempfile::tempdir().expect("output directory");
    let opts = ReconcileOptions {
        base: d.base.clone(),
        input: d.input.clone(),
        out: out.path().join("out"),
        config: None,
        format: Format::Csv,
        sheets: Default::default(),
        progress: false,
        input_encoding: None,
        arguments: Vec::new(),
        max_rejects: doisoat::report::fail_on::Limit::Percent(100.0),
        max_input: Default::default(),
        debug_values: false,
        excel_csv: false,
        report: Default::default(),
        check: Default::default(),
    };
    let run = || {
        let s = reconcile(&opts, &Silent).expect("reconcile");
        assert_eq!(s.input_rows, rows, "input rows");
        assert_eq!(s.base_rows + s.base_rejected_rows, persons, "base rows");
        assert_eq!(s.status_counts.values().sum::<u64>(), rows, "a status for every row");
        s.status_counts
    };
    let want: BTreeMap<&str, u64> = run();
    let matched = want.get("MATCH").copied().unwrap_or(0);
    assert!(matched * 2 > rows, "most rows MATCH: {want:?}");
    eprintln!("e2e {persons} persons x {rows} rows: {want:?}");

    let mut g = c.benchmark_group("e2e");
    // Seconds a run: one run a sample (flat sampling), ten samples.
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(40));
    g.throughput(Throughput::Elements(rows));
    g.bench_function(format!("reconcile_csv/{persons}x{rows}"), |b| {
        b.iter(|| assert_eq!(run(), want, "rows per status"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
