#!/usr/bin/env bash
# End-to-end benchmark: generate a synthetic base and export (unless
# $BENCH_DIR already holds them), then measure `doisoat reconcile` on them
# and, as a floor, a bare polars read + join of the same files on the ID
# (scripts/bare_join.py). Each run is measured by /usr/bin/time -v: wall
# time, CPU time (user + system) and peak RSS; doisoat's wall time is also
# printed as a ratio of the bare join's.
#
#   scripts/bench.sh [PERSONS] [RECORDS] [THREADS]
#   scripts/bench.sh large [THREADS]          # 10,000,000 persons x 1,000,000 records
#
# Defaults: 1,000,000 persons, 200,000 records, all cores. Data goes to
# $BENCH_DIR (default: a temporary directory, removed afterwards); a
# $BENCH_DIR that already has population.csv and credit.csv is used as it
# is (PERSONS and RECORDS then only label the run). For data generated
# elsewhere under other names, make a directory of symlinks:
#
#   mkdir -p /tmp/b10m && ln -sf /data/population.csv /tmp/b10m/population.csv \
#     && ln -sf /data/credit1m.csv /tmp/b10m/credit.csv
#   BENCH_DIR=/tmp/b10m scripts/bench.sh large
#
# Runs measured: reconcile from the CSV base (CSV results, then Parquet
# results); when the build has `doisoat index`, the base is indexed into a
# snapshot ($SNAPSHOT, default $BENCH_DIR/population.snapshot) and
# reconcile runs again from it; then the bare join. Python's polars is
# installed with pip when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == large ]]; then
  persons=10000000 records=1000000 threads=${2:-$(nproc)}
else
  persons=${1:-1000000}
  records=${2:-200000}
  threads=${3:-$(nproc)}
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/doisoat-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/doisoat"
dir=${BENCH_DIR:-$(mktemp -d)}
[[ -n "${BENCH_DIR:-}" ]] || trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"
base="$dir/population.csv" input="$dir/credit.csv"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), threads=$threads, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ! -f "$base" ]]; then
  start=$(date +%s.%N)
  "$bin" generate --persons "$persons" --records "$records" --seed 11 --out "$dir" --quiet
  echo "generate: $persons persons + $records records in $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f') s"
fi
echo "data: $(($(wc -l <"$base") - 1)) base rows, $(($(wc -l <"$input") - 1)) export lines ($persons x $records asked)"

# measure LABEL CMD...: runs CMD under /usr/bin/time -v (its output to
# $dir/.stdout.txt) and prints wall, CPU and peak RSS; the wall seconds
# are left in $wall. A failed run prints its last error lines and returns 1.
measure() {
  local label=$1 report="$dir/.time.txt" err="$dir/.stderr.txt"
  shift
  if ! /usr/bin/time -v -o "$report" "$@" >"$dir/.stdout.txt" 2>"$err"; then
    printf '%-22s failed:\n' "$label:"
    tail -5 "$err" | sed 's/^/    /'
    return 1
  fi
  read -r wall cpu rss < <(awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.2f %.2f %.0f\n", s, cpu, rss / 1024 }' "$report")
  printf '%-22s %8.2f s wall, %8.2f s CPU, %6d MiB peak RSS\n' "$label:" "$wall" "$cpu" "$rss"
}

declare -A walls
run() { measure "$@" && walls[$1]=$wall; }
run "reconcile (csv)" "$bin" reconcile --base "$base" --input "$input" --out "$dir/out" --threads "$threads" --quiet || true
run "reconcile (parquet)" "$bin" reconcile --base "$base" --input "$input" --out "$dir/outp" --format parquet --threads "$threads" --quiet || true
if "$bin" index --help >/dev/null 2>&1; then
  snapshot=${SNAPSHOT:-$dir/population.snapshot}
  if run "index (snapshot)" "$bin" index --base "$base" --out "$snapshot"; then
    run "reconcile (snapshot)" "$bin" reconcile --base "$snapshot" --input "$input" --out "$dir/outs" --threads "$threads" --quiet || true
  fi
else
  echo "snapshot: not available in this build"
fi

python3 -c 'import polars' 2>/dev/null || pip install --quiet polars
if POLARS_MAX_THREADS=$threads measure "bare join (polars)" \
  python3 scripts/bare_join.py "$base" "$input" "$dir/bare_join.csv"; then
  bare=$wall
  echo "bare join rows: $(cat "$dir/.stdout.txt")"
  for label in "reconcile (csv)" "reconcile (parquet)" "reconcile (snapshot)"; do
    [[ -n "${walls[$label]:-}" ]] || continue
    awk -v l="$label" -v a="${walls[$label]}" -v b="$bare" 'BEGIN { printf "ratio: %s / bare join = %.2fx wall\n", l, a / b }'
  done
fi
rm -f "$dir/bare_join.csv" "$dir/.stdout.txt" "$dir/.time.txt" "$dir/.stderr.txt"
python3 - "$dir/out/summary.json" <<'PY' || true
import json, sys
s = json.load(open(sys.argv[1]))
print("statuses:", ", ".join(f"{k} {v}" for k, v in s["status_counts"].items() if v))
PY
