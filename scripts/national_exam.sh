#!/usr/bin/env bash
# The national exam check, end to end: 1M candidates against 100M persons
# and their residence history (about 266M periods), as README.md
# ("The national run") measures it. Generates the set into $NATIONAL_DIR
# (default /tmp/doisoat-national-PERSONS-RECORDS; kept, and reused when
# it is there: 6 min, 22 GB), indexes base and history into a snapshot
# (10 min, 20 GB peak, 7 GB), then times reconcile three ways with /usr/bin/time -v: identity
# only, the school rule with the snapshot's history, and (with --csv) the
# history from its CSV. Checks that the results of the last two agree.
#
#   scripts/national_exam.sh [--csv] [PERSONS] [RECORDS]
#
# Smaller sets keep the shape (about 1.1 candidates a year per 100 persons):
#   scripts/national_exam.sh 10000000 110000
set -euo pipefail
cd "$(dirname "$0")/.."
csv=0
if [[ "${1:-}" == --csv ]]; then csv=1; shift; fi
persons=${1:-100000000}
records=${2:-1000000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/doisoat-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/doisoat"
dir=${NATIONAL_DIR:-/tmp/doisoat-national-$persons-$records}
mkdir -p "$dir"
timed() { # LABEL CMD...: runs CMD, prints its wall time and peak memory
  local label=$1; shift
  /usr/bin/time -v "$@" -q 2> "$dir/time.txt" || { cat "$dir/time.txt" >&2; exit 1; }
  printf '%-44s %10s  %8s MiB\n' "$label" \
    "$(awk -F': ' '/Elapsed/ {print $2}' "$dir/time.txt")" \
    "$(awk -F': ' '/Maximum resident/ {printf "%d", $2/1024}' "$dir/time.txt")"
}
if [[ ! -f "$dir/exam.csv" ]]; then
  timed "generate $persons x $records" "$bin" generate --persons "$persons" --records "$records" \
    --kind exam --seed 13 --schools --out "$dir"
fi
if [[ ! -f "$dir/snap/snapshot.json" ]]; then
  timed "index (base and history)" "$bin" index --base "$dir/population.csv" \
    --base-residence "$dir/residence_base.csv" --out "$dir/snap"
fi
sides=(--priority-areas "$dir/priority_areas.csv" --schools "$dir/schools.csv")
rm -rf "$dir"/o-identity "$dir"/o-snapshot "$dir"/o-csv
timed "reconcile, identity only" "$bin" reconcile --base "$dir/snap" \
  --input "$dir/exam.csv" --exam-year 2025 --out "$dir/o-identity"
timed "reconcile, school rule, snapshot's history" "$bin" reconcile --base "$dir/snap" \
  --input "$dir/exam.csv" "${sides[@]}" --exam-year 2025 --out "$dir/o-snapshot"
if (( csv )); then
  timed "reconcile, school rule, history from CSV" "$bin" reconcile --base "$dir/snap" \
    --base-residence "$dir/residence_base.csv" --input "$dir/exam.csv" "${sides[@]}" \
    --exam-year 2025 --out "$dir/o-csv"
  cmp "$dir/o-snapshot/results.csv" "$dir/o-csv/results.csv" || { echo "results differ" >&2; exit 1; }
  echo "results identical"
fi
"$bin" evaluate --results "$dir/o-snapshot/results.csv" --truth "$dir/truth.csv" > "$dir/evaluate.txt"
head -20 "$dir/evaluate.txt"
