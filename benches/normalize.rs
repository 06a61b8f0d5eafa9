//! Normaliser throughput, one core: names, IDs and dates per second; the
//! register of communes' load (on first use) and its lookups.
//!
//! Inputs are synthetic (doisoat's generator) with the realistic mix of
//! spellings: diacritics, bank-style ASCII, NFD, the other tone style.
//! Run: `cargo bench --bench normalize`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use doisoat::generate::alter::{ascii_name, fault_id, fault_name};
use doisoat::generate::faults::Fault;
use doisoat::generate::person::{PersonFactory, Traits};
use doisoat::generate::rng::Rng;
use doisoat::normalize::register::Register;
use doisoat::normalize::{normalize_id, normalize_name, parse_dob, IdScheme};
use std::hint::black_box;

const N: usize = 10_000;

fn inputs() -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut factory = PersonFactory::new(1);
    let mut rng = Rng::new(1);
    let (mut names, mut ids, mut dates) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..N {
        let p = factory.person(&mut rng, Traits::of(1, i as u64));
        let name = p.full_name();
        names.push(match i % 4 {
            0 => name,
            1 => ascii_name(&name),
            2 => fault_name(&name, Fault::NameNfd, &mut rng),
            _ => fault_name(&name, Fault::NameToneStyle, &mut rng),
        });
        ids.push(match i % 4 {
            0 | 1 => p.id.clone(),
            2 => fault_id(&p.id, Fault::IdLeadingZero, &mut rng),
            _ => fault_id(&p.id, Fault::IdSeparators, &mut rng),
        });
        dates.push(format!("{:02}/{:02}/{}", p.dob.day(), p.dob.month(), p.dob.year()));
    }
    (names, ids, dates)
}

fn bench(c: &mut Criterion) {
    let (names, ids, dates) = inputs();
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("names", |b| {
        b.iter(|| names.iter().map(|n| normalize_name(black_box(n)).folded.len()).sum::<usize>())
    });
    g.bench_function("ids", |b| {
        b.iter(|| ids.iter().filter(|i| normalize_id(black_box(i), IdScheme::Vn).key().is_some()).count())
    });
    g.bench_function("dates", |b| {
        b.iter(|| dates.iter().filter(|d| parse_dob(black_box(d)).is_ok()).count())
    });
    g.finish();
    let text = include_str!("../src/normalize/communes.csv");
    let mut g = c.benchmark_group("register");
    g.bench_function("load", |b| b.iter(|| Register::parse(black_box(text)).is_ok()));
    let register = Register::parse(text).unwrap();
    g.throughput(Throughput::Elements(100_000));
    g.bench_function("province", |b| {
        b.iter(|| (0..100_000u32).filter_map(|c| register.province(black_box(c))).count())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
