//! Comparison and scoring, one core: an export row against base persons.
//!
//! - `compare_at/owner`: each row against the owner of its ID (the pair an
//!   exact ID lookup gives, the common case).
//! - `compare_at/blocked`: each row against the persons its blocks give
//!   (the pairs a search scores: mostly non-matches).
//! - `search`: `Matcher::search` per row: ID lookup, blocks, ID
//!   neighbourhood, every candidate compared and scored by the model.
//!
//! Inputs are synthetic (doisoat's generator, realistic faults): a base of
//! 200,000 persons and 20,000 export rows, indexed once. Every bench checks
//! its counts (pairs compared, names agreeing, candidates scored).
//! Run: `cargo bench --bench compare`.

mod common;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use doisoat::compare::{compare_at, IdLevel, Row};

const PERSONS: u64 = 200_000;
const RECORDS: u64 = 20_000;
/// Blocked pairs compared at the most (a bounded, fixed workload).
const BLOCKED_PAIRS: usize = 100_000;

fn bench(c: &mut Criterion) {
    let d = common::data(PERSONS, RECORDS);
    let prepared = common::prepare(&d);
    let (base, matcher) = (&prepared.base, prepared.matcher());
    let identities = common::identities(&d);
    // Each row prepared once (ID looked up, name split), as the search does.
    let rows: Vec<Row> = identities.iter().map(|i| Row::new(i, base)).collect();

    // (row, person) pairs: each row with its ID's owner, and with its blocks' persons.
    let owner_pairs: Vec<(usize, usize)> = identities
        .iter()
        .enumerate()
        .filter_map(|(r, i)| i.id.key().map(|k| (r, base.find(k))))
        .flat_map(|(r, persons)| persons.map(move |p| (r, p)))
        .collect();
    let blocked_pairs: Vec<(usize, usize)> = identities
        .iter()
        .enumerate()
        .flat_map(|(r, i)| prepared.blocks.candidates(i).persons.into_iter().map(move |p| (r, p)))
        .take(BLOCKED_PAIRS)
        .collect();
    assert!(
        owner_pairs.len() * 2 > identities.len(),
        "most rows have their ID's owner: {}",
        owner_pairs.len()
    );
    assert!(blocked_pairs.len() > identities.len(), "blocks give pairs: {}", blocked_pairs.len());

    let compare_pairs = |pairs: &[(usize, usize)], rows: &[Row]| {
        let (mut exact_ids, mut agreeing_names) = (0usize, 0usize);
        for &(r, p) in pairs {
            let c = compare_at(black_box(&rows[r]), base, black_box(p));
            exact_ids += usize::from(c.id == IdLevel::Exact);
            agreeing_names += usize::from(c.name.agrees());
        }
        (exact_ids, agreeing_names)
    };
    let owner_want = compare_pairs(&owner_pairs, &rows);
    let blocked_want = compare_pairs(&blocked_pairs, &rows);
    assert_eq!(owner_want.0, owner_pairs.len(), "an owner's ID is the row's");
    assert!(owner_want.1 * 10 > owner_pairs.len() * 8, "most owners' names agree: {owner_want:?}");

    let mut g = c.benchmark_group("compare_at");
    g.sample_size(20);
    g.throughput(Throughput::Elements(owner_pairs.len() as u64));
    g.bench_function("owner", |b| {
        b.iter(|| assert_eq!(compare_pairs(&owner_pairs, &rows), owner_want, "owner pairs"))
    });
    g.throughput(Throughput::Elements(blocked_pairs.len() as u64));
    g.bench_function("blocked", |b| {
        b.iter(|| assert_eq!(compare_pairs(&blocked_pairs, &rows), blocked_want, "blocked pairs"))
    });
    g.finish();

    let threshold = prepared.policy.link_threshold;
    let search_all = || {
        let (mut candidates, mut searched) = (0usize, 0usize);
        for i in &identities {
            let s = matcher.search(black_box(i), threshold);
            candidates += s.candidates.len();
            searched += usize::from(s.searched);
        }
        (candidates, searched)
    };
    let search_want = search_all();
    assert!(search_want.0 >= identities.len() * 9 / 10, "candidates scored: {search_want:?}");
    assert!(
        search_want.1 > 0 && search_want.1 < identities.len(),
        "some rows settled by ID: {search_want:?}"
    );
    let mut g = c.benchmark_group("matcher");
    g.sample_size(10);
    g.throughput(Throughput::Elements(identities.len() as u64));
    g.bench_function("search", |b| b.iter(|| assert_eq!(search_all(), search_want, "search counts")));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
