#!/usr/bin/env bash
# Reconciliation on keyed encodings against plaintext, on data shaped by
# others and by us (README, "Reconciling on encodings"):
#
#   scripts/encoded.sh [PERSONS] [RECORDS] [SEED]
#
# For our generator (default 100,000 persons, 20,000 credit records, seed
# 101), the public Febrl 4 benchmark (tests/data/febrl4) and pseudopeople's
# tax, census and WIC exports (seed 0; scripts/pseudopeople/prep.py, pip
# installs pseudopeople 1.3.1 when missing): each export reconciled in
# plaintext, then encoded by both sides under one key (encode, index
# --encoded), reconciled on the encodings, resolved by the base's side
# (resolve) and scored by `doisoat evaluate`. Prints plaintext and encoded
# precision and recall and the share of plaintext recall kept; exits
# non-zero when an encoded run falls below precision 0.999 or keeps less
# than 99 % of plaintext recall (the issue's target).
set -euo pipefail
cd "$(dirname "$0")/.."
persons=${1:-100000}
records=${2:-20000}
seed=${3:-101}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/doisoat-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/doisoat"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c 32 /dev/urandom > "$work/key" && chmod 600 "$work/key"
fail=0

score() { # results truth -> "precision recall"
  "$bin" evaluate --results "$1" --truth "$2" --json |
    python3 -c 'import json,sys; e=json.load(sys.stdin); print(e["precision"], e["recall"])'
}

# compare NAME DIR BASE INPUT TRUTH [CONFIG]
compare() {
  local name=$1 d=$2 base=$3 input=$4 truth=$5 cfg=()
  [[ $# -ge 6 ]] && cfg=(--config "$6")
  "$bin" reconcile --base "$base" --input "$input" --out "$d/plain" -q --max-rejects 100% "${cfg[@]}"
  "$bin" encode --input "$input" --key-file "$work/key" --out "$d/input.enc.parquet" -q "${cfg[@]}"
  "$bin" index --base "$base" --encoded --key-file "$work/key" --out "$d/base.enc.parquet" -q "${cfg[@]}"
  "$bin" reconcile --base "$d/base.enc.parquet" --input "$d/input.enc.parquet" --out "$d/enc" -q "${cfg[@]}"
  "$bin" resolve --results "$d/enc/results.csv" --base "$base" --key-file "$work/key" \
    --out "$d/enc/resolved.csv" -q "${cfg[@]}"
  read -r pp pr < <(score "$d/plain/results.csv" "$truth")
  read -r ep er < <(score "$d/enc/resolved.csv" "$truth")
  awk -v n="$name" -v pp="$pp" -v pr="$pr" -v ep="$ep" -v er="$er" 'BEGIN {
    kept = pr > 0 ? er / pr : 1
    printf "%-22s plaintext P %.5f R %.5f   encoded P %.5f R %.5f   recall kept %.1f%%\n", n, pp, pr, ep, er, 100 * kept
    exit !(ep >= 0.999 && kept >= 0.99) }' || fail=1
}

d="$work/gen"
"$bin" generate --persons "$persons" --records "$records" --seed "$seed" --out "$d" --quiet
compare "generator seed $seed" "$d" "$d/population.csv" "$d/credit.csv" "$d/truth.csv"

d="$work/febrl4"
mkdir -p "$d"
python3 - tests/data/febrl4 "$d/links.csv" <<'EOF'
import csv, sys
src, out = sys.argv[1], sys.argv[2]
ssn = {r["rec_id"]: r["soc_sec_id"] for r in csv.DictReader(open(f"{src}/a.csv"))}
with open(out, "w") as w:
    w.write("key,person_id\n")
    for t in csv.DictReader(open(f"{src}/truth.csv")):
        w.write(f'{t["rec_id"]},{ssn[t["true_rec_id"]]}\n')
EOF
compare "Febrl 4" "$d" tests/data/febrl4/a.csv tests/data/febrl4/b.csv "$d/links.csv" scripts/febrl4.toml

python3 -c 'import pseudopeople' 2>/dev/null || python3 -m pip install --quiet 'pseudopeople==1.3.1'
d="$work/pp"
python3 scripts/pseudopeople/prep.py "$d" 0
for export in tax census wic; do
  mkdir -p "$d/$export"
  compare "pseudopeople $export" "$d/$export" "$d/base.csv" "$d/$export.csv" "$d/$export-truth.csv" \
    "scripts/pseudopeople/$export.toml"
done
exit $fail
