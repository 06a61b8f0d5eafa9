#!/usr/bin/env bash
# The hostile suite: every case of hostile input and hostile output
# directory doisoat has met, run through the release binary as a nightly
# job would run it, each a test under tests/it/ that asserts what the run
# must do.
#
#   scripts/hostile.sh
#
# Runs: the output directory's planted links and folders (tests/it/dirs.rs:
# nothing outside DIR touched, a killed piped run's copy cleared, `index
# --out` replacing only a snapshot), hostile files (tests/it/hostile.rs: a
# stray quote, a lone CR, a line past the row cap, inputs past
# --max-input-rows/--max-input-bytes, duplicate headers, controls in IDs and
# keys, an input changed during the run, an unwritable DIR, the kill test
# at every stage, the bad-input files of tests/it/bad/, damaged Parquet),
# damaged snapshots (tests/it/snapshot.rs), workbooks declaring huge
# sheets (tests/it/excel.rs), and values that are formulas or markup
# (tests/it/reports.rs). Coverage-guided fuzzing of the readers is
# scripts/fuzz.sh.
#
# Exit status: 0 when every case holds, else cargo test's.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/doisoat-target}"
cargo test --release --test it -- \
    dirs:: \
    hostile:: \
    snapshot:: \
    excel::a_workbook_declaring_a_huge_sheet \
    reports::hostile_values_stay_plain_values \
    reconcile::unreadable_rows_are_invalid_and_counted_not_dropped
