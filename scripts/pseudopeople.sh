#!/usr/bin/env bash
# doisoat on an independent generator's data: pseudopeople's simulated US
# population (PyPI, BSD-3-Clause), whose noise model is its own, not ours.
#
#   scripts/pseudopeople.sh [SEED...]
#
# For each seed (default 0 1), scripts/pseudopeople/prep.py writes the
# social-security register (the base) and three exports of the same people
# — W-2/1099 tax filings (an ID, no date of birth), the decennial census and
# WIC (no ID) — with their truth; each export is reconciled with its config
# (scripts/pseudopeople/EXPORT.toml, written from the README) and scored by
# `doisoat evaluate --completeness`. Installs pseudopeople 1.3.1 with pip
# when it is missing. Exits non-zero when an export with an ID falls below
# recall 0.997, one without below 0.995, or any below precision 0.999.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=("$@")
[[ $# -gt 0 ]] || seeds=(0 1)
python3 -c 'import pseudopeople' 2>/dev/null || python3 -m pip install --quiet 'pseudopeople==1.3.1'
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/doisoat-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/doisoat"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for seed in "${seeds[@]}"; do
  python3 scripts/pseudopeople/prep.py "$work/$seed" "$seed"
  for export in tax census wic; do
    d="$work/$seed"
    "$bin" reconcile --base "$d/base.csv" --input "$d/$export.csv" --config "scripts/pseudopeople/$export.toml" \
      --out "$d/$export-out" --quiet --max-rejects 100%
    echo "== pseudopeople seed $seed: $export"
    "$bin" evaluate --results "$d/$export-out/results.csv" --truth "$d/$export-truth.csv" --completeness \
      | tee "$d/$export-eval.txt"
    read -r _ p _ < <(grep '^precision' "$d/$export-eval.txt")
    read -r _ r _ < <(grep '^recall' "$d/$export-eval.txt")
    floor=0.995
    [[ $export == tax ]] && floor=0.997
    awk -v p="$p" -v r="$r" -v f="$floor" 'BEGIN { exit !(p >= 0.999 && r >= f) }' || fail=1
  done
done
exit $fail
