#!/usr/bin/env bash
# End-to-end benchmark: generate a synthetic base and export, then time
# `doisoat reconcile` on them (wall clock and peak memory).
#
#   scripts/bench.sh [PERSONS] [RECORDS] [THREADS]
#
# Defaults: 1,000,000 persons, 200,000 records, all cores. Data goes to
# $BENCH_DIR (default: a temporary directory, removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
persons=${1:-1000000}
records=${2:-200000}
threads=${3:-$(nproc)}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/doisoat-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/doisoat"
dir=${BENCH_DIR:-$(mktemp -d)}
[[ -n "${BENCH_DIR:-}" ]] || trap 'rm -rf "$dir"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), threads=$threads"
if [[ ! -f "$dir/population.csv" ]]; then
  start=$(date +%s.%N)
  "$bin" generate --persons "$persons" --records "$records" --seed 11 --out "$dir" --quiet
  echo "generate: $persons persons + $records records in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
measure() { /usr/bin/time -f "%e s wall, %M KiB peak" "$@" 2>&1 >/dev/null | tail -1; }
echo "reconcile (csv):     $(measure "$bin" reconcile --base "$dir/population.csv" --input "$dir/credit.csv" --out "$dir/out" --threads "$threads" --quiet)"
echo "reconcile (parquet): $(measure "$bin" reconcile --base "$dir/population.csv" --input "$dir/credit.csv" --out "$dir/outp" --format parquet --threads "$threads" --quiet)"
python3 - "$dir/out/summary.json" <<'PY' || true
import json, sys
s = json.load(open(sys.argv[1]))
print("statuses:", ", ".join(f"{k} {v}" for k, v in s["status_counts"].items() if v))
PY
