#!/usr/bin/env bash
# Places as matching evidence (v2 (8)), measured as README.md ("Places,
# measured") gives it: an exam export of RECORDS candidates against PERSONS
# persons and their residence history, reconciled from a snapshot with the
# export's places (ma_xa, tinh_truong) and without them (the two columns
# left out); for each run, the candidates in the base whose ID is missing,
# Excel-damaged, malformed or another person's, linked to their own person
# or to another (scripts/idless.py), and the wrong links of the whole run.
#
#   scripts/places.sh [PERSONS] [RECORDS]     (default 30000000 300000)
#
# The national run is scripts/places.sh 100000000 1000000 (22 GB of data,
# a 7.7 GB snapshot, 20 GB peak while indexing).
set -euo pipefail
cd "$(dirname "$0")/.."
persons=${1:-30000000}
records=${2:-300000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/doisoat-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/doisoat"
dir=${PLACES_DIR:-/tmp/doisoat-places-$persons-$records}
mkdir -p "$dir"
if [[ ! -f "$dir/exam.csv" ]]; then
  "$bin" generate --persons "$persons" --records "$records" --kind exam --seed 13 --schools --out "$dir" -q
fi
if [[ ! -f "$dir/snap/snapshot.json" ]]; then
  "$bin" index --base "$dir/population.csv" --base-residence "$dir/residence_base.csv" --out "$dir/snap" -q
fi
python3 - "$dir/exam.csv" "$dir/exam-noplace.csv" <<'PY'
import sys
# The export without tinh_truong and ma_xa (a malformed row is kept whole).
src, dst = sys.argv[1], sys.argv[2]
with open(src, 'rb') as f, open(dst, 'wb') as g:
    header = f.readline().rstrip(b'\n').split(b',')
    drop = {header.index(b'tinh_truong'), header.index(b'ma_xa')}
    g.write(b','.join(c for i, c in enumerate(header) if i not in drop) + b'\n')
    for line in f:
        cells = line.rstrip(b'\n').split(b',')
        keep = len(cells) == len(header) and b'"' not in line
        g.write(b','.join(c for i, c in enumerate(cells) if i not in drop) + b'\n' if keep else line)
PY
for run in noplace place; do
  input="$dir/exam.csv"; [[ $run == noplace ]] && input="$dir/exam-noplace.csv"
  rm -rf "$dir/o-$run"
  /usr/bin/time -f "$run: %e s, %M KiB" "$bin" reconcile --base "$dir/snap" --input "$input" \
    --exam-year 2025 --out "$dir/o-$run" -q
  python3 scripts/idless.py "$dir" "o-$run"
done
