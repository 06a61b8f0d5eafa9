//! Base index build and lookups: `BaseIndex::build` (reading, normalising
//! and indexing the base CSV), `Blocks::build`, the exact-ID lookup
//! (`BaseIndex::find`) and the blocking lookup (`Blocks::candidates`).
//!
//! Inputs are synthetic (doisoat's generator, realistic faults): a base of
//! 200,000 persons and an export of 50,000 rows, written once to a
//! temporary directory. Every bench checks what it computed (persons
//! indexed, IDs found, exact hits against a hash-set count, candidates
//! found), so a broken bench fails instead of timing nothing.
//! Run: `cargo bench --bench index`.

mod common;

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use doisoat::config::Config;
use doisoat::index::blocking::Blocks;
use doisoat::index::BaseIndex;
use doisoat::normalize::IdKey;

const PERSONS: u64 = 200_000;
const RECORDS: u64 = 50_000;

fn bench(c: &mut Criterion) {
    let d = common::data(PERSONS, RECORDS);
    let config = Config::default();
    let prepared = common::prepare(&d);
    let base = &prepared.base;
    let persons = base.len();

    let mut g = c.benchmark_group("index");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(PERSONS));
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("base_build_csv", |b| {
        b.iter_batched(
            || {
                doisoat::pipeline::setup::open_base(&d.base, None, &config, &doisoat::pipeline::Silent)
                    .expect("open")
            },
            |mut file| {
                let index = BaseIndex::build(
                    file.src.as_mut(),
                    &file.layout,
                    &config.base_rules(),
                    &mut |_, _| {},
                    &mut |_, _| Ok(()),
                )
                .expect("build");
                assert_eq!(index.len(), persons, "persons indexed");
                index
            },
            BatchSize::PerIteration,
        )
    });
    g.throughput(Throughput::Elements(persons as u64));
    let rules = config.block_rules().len();
    g.bench_function("blocks_build", |b| {
        b.iter(|| {
            let blocks = Blocks::build(base, config.block_rules(), config.matching.block_cap);
            assert_eq!(blocks.rules().count(), rules, "one index a rule");
            blocks
        })
    });
    g.finish();

    // Lookups: every base ID (each must be found), then the export's IDs
    // (exact hits counted against a hash set of the base's IDs).
    let base_ids: Vec<IdKey> = {
        let mut ids: Vec<IdKey> = (0..persons).map(|p| base.id(p)).collect();
        // Visit the IDs in a scattered order, not the sorted one.
        let n = ids.len();
        for i in (1..n).rev() {
            ids.swap(i, (i * 7_919 + 13) % (i + 1));
        }
        ids
    };
    let identities = common::identities(&d);
    let row_ids: Vec<IdKey> = identities.iter().filter_map(|i| i.id.key()).collect();
    let in_base: HashSet<IdKey> = base_ids.iter().copied().collect();
    let exact_hits = row_ids.iter().filter(|k| in_base.contains(k)).count();
    assert!(
        exact_hits * 2 > row_ids.len(),
        "most export IDs are in the base: {exact_hits} of {}",
        row_ids.len()
    );

    let mut g = c.benchmark_group("lookup");
    g.sample_size(20);
    g.throughput(Throughput::Elements(base_ids.len() as u64));
    g.bench_function("find_base_ids", |b| {
        b.iter(|| {
            let found = base_ids.iter().filter(|&&k| !base.find(black_box(k)).is_empty()).count();
            assert_eq!(found, base_ids.len(), "every base ID found");
        })
    });
    g.throughput(Throughput::Elements(row_ids.len() as u64));
    g.bench_function("find_export_ids", |b| {
        b.iter(|| {
            let hits = row_ids.iter().filter(|&&k| !base.find(black_box(k)).is_empty()).count();
            assert_eq!(hits, exact_hits, "exact hits");
        })
    });
    let blocks = &prepared.blocks;
    let want: usize = identities.iter().map(|i| blocks.candidates(i).persons.len()).sum();
    assert!(want >= identities.len(), "blocks find candidates: {want} for {} rows", identities.len());
    g.throughput(Throughput::Elements(identities.len() as u64));
    g.bench_function("block_candidates", |b| {
        b.iter(|| {
            let found: usize = identities.iter().map(|i| blocks.candidates(black_box(i)).persons.len()).sum();
            assert_eq!(found, want, "candidates found");
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
