#!/usr/bin/env bash
# The public Febrl 4 record-linkage benchmark, end to end.
#
#   scripts/febrl4.sh [DIR]
#
# DIR holds a.csv (5,000 originals: the base), b.csv (5,000 corrupted
# duplicates: the input) and truth.csv (rec_id of each b row -> true_rec_id
# in a); by default tests/data/febrl4 (the repository carries it).
# Builds doisoat (release), turns the truth into a link truth (key = b's
# rec_id, person_id = soc_sec_id of the true a record), reconciles b against
# a with scripts/febrl4.toml, and prints `doisoat evaluate`. Exits non-zero
# when precision < 0.999 or F1 < 0.999.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-tests/data/febrl4}
for f in a.csv b.csv truth.csv; do
  if [[ ! -f "$dir/$f" ]]; then
    echo "febrl4.sh: $dir/$f not found; give the benchmark folder as the first argument" >&2
    exit 2
  fi
done
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/doisoat-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/doisoat"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The link truth. Columns are found by name; Febrl's files have no quoted fields.
awk -F, '
  function need(name) {
    if (!(name in col)) {
      printf "febrl4.sh: %s has no column %s\n", FILENAME, name > "/dev/stderr"
      failed = 1
      exit 2
    }
    return col[name]
  }
  { sub(/\r$/, "") }
  FNR == 1 {
    split("", col)
    for (i = 1; i <= NF; i++) col[$i] = i
    if (NR == FNR) { id = need("rec_id"); ssid = need("soc_sec_id") }
    else { key = need("rec_id"); orig = need("true_rec_id"); print "key,person_id" }
    next
  }
  NR == FNR { person[$id] = $ssid; next }
  {
    if (!($orig in person)) unknown++
    print $key "," person[$orig]
  }
  END {
    if (!failed && unknown) printf "febrl4.sh: %d truth rows name a record missing from a.csv\n", unknown > "/dev/stderr"
  }
' "$dir/a.csv" "$dir/truth.csv" > "$work/links.csv"

"$bin" reconcile --base "$dir/a.csv" --input "$dir/b.csv" --config scripts/febrl4.toml --out "$work/out" --quiet
echo "== Febrl 4: $(($(wc -l < "$dir/b.csv") - 1)) input rows against $(($(wc -l < "$dir/a.csv") - 1)) base rows"
"$bin" evaluate --results "$work/out/results.csv" --truth "$work/links.csv" | tee "$work/eval.txt"
read -r _ p _ < <(grep '^precision' "$work/eval.txt")
read -r _ f _ < <(grep '^f1' "$work/eval.txt")
awk -v p="$p" -v f="$f" 'BEGIN { exit !(p >= 0.999 && f >= 0.999) }'
