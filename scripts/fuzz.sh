#!/usr/bin/env bash
# Coverage-guided fuzzing of doisoat's readers and parsers (cargo-fuzz,
# libFuzzer), one target after another, each for SECONDS.
#
#   scripts/fuzz.sh SECONDS [TARGET...]
#
# Targets (tests/fuzz/fuzz_targets/): csv_read, normalize_fields,
# config_parse, parquet_read, workbook_read, snapshot_read; all of them when
# none is named. Each target's
# seeds (tests/fuzz/seeds/TARGET, committed) are copied into its working
# corpus (tests/fuzz/corpus/TARGET, not committed) before it runs; failing
# inputs land in tests/fuzz/artifacts/TARGET. One job per target (cargo
# fuzz's --jobs 1: no -fork, no libFuzzer -jobs child), so a 2-core machine
# is not saturated. Logs go to $FUZZ_LOG_DIR (a new folder under /tmp by
# default); $FUZZ_ARGS adds libFuzzer flags. Set DOISOAT_FUZZ_INVARIANTS=0
# to look for crashes only, without the documented invariants the targets
# assert. To go on past the known findings in polars (parquet_read, see
# tests/fuzz/fuzz_targets/parquet_read.rs):
#
#   DOISOAT_FUZZ_SKIP_DEP_PANICS=1 ASAN_OPTIONS=allocator_may_return_null=1 \
#   FUZZ_ARGS=-malloc_limit_mb=1000000000 scripts/fuzz.sh 600 parquet_read
#
# Exit status: 0 when no target found anything, 1 when one did, 2 on misuse.
set -euo pipefail

usage() {
    echo "usage: $0 SECONDS [TARGET...]" >&2
    exit 2
}
[[ $# -ge 1 && $1 =~ ^[1-9][0-9]*$ ]] || usage
seconds=$1
shift

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
fuzz_dir=tests/fuzz
all_targets=(csv_read normalize_fields config_parse parquet_read workbook_read snapshot_read)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
    [[ -f $fuzz_dir/fuzz_targets/$t.rs ]] || { echo "unknown target: $t" >&2; usage; }
done

# libFuzzer needs the sanitizer flags of a nightly compiler: the nightly
# toolchain when rustup has one, else the default toolchain with its
# unstable flags allowed.
if rustup run nightly rustc --version >/dev/null 2>&1; then
    cargo=(cargo +nightly)
else
    echo "note: no nightly toolchain; using $(rustc --version) with RUSTC_BOOTSTRAP=1" >&2
    export RUSTC_BOOTSTRAP=1
    cargo=(cargo)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz ..." >&2
    cargo install --locked cargo-fuzz
fi

log_dir=${FUZZ_LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/doisoat-fuzz.XXXXXX")}
mkdir -p "$log_dir"
echo "building the fuzz targets (logs in $log_dir) ..."
"${cargo[@]}" fuzz build --fuzz-dir "$fuzz_dir" >"$log_dir/build.log" 2>&1 || {
    tail -n 30 "$log_dir/build.log" >&2
    echo "the fuzz build failed; see $log_dir/build.log" >&2
    exit 2
}

found_any=0
summary=()
for t in "${targets[@]}"; do
    corpus=$fuzz_dir/corpus/$t
    artifacts=$fuzz_dir/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    if [[ -d $fuzz_dir/seeds/$t ]]; then
        cp -n "$fuzz_dir/seeds/$t"/* "$corpus"/ 2>/dev/null || true
    fi
    stamp=$log_dir/$t.start
    touch "$stamp"
    log=$log_dir/$t.log
    echo "== $t: ${seconds}s (log: $log)"
    status=0
    # shellcheck disable=SC2086 # FUZZ_ARGS: flags split at spaces
    "${cargo[@]}" fuzz run --fuzz-dir "$fuzz_dir" --jobs 1 "$t" "$corpus" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1 ${FUZZ_ARGS:-} \
        >"$log" 2>&1 || status=$?

    # The last libFuzzer status line: "#RUNS <event> cov: N ft: N corp: N/SIZE ... exec/s: N rss: N".
    last=$(grep -E '^#[0-9]+[[:space:]].*cov: ' "$log" | tail -n 1 || true)
    field() { sed -nE "s|.*[[:space:]]$1: ([^[:space:]]+).*|\1|p" <<<"$last"; }
    runs=$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+).*/\1/p' "$log" | tail -n 1)
    [[ -n $runs ]] || runs=$(sed -nE 's/^#([0-9]+)[[:space:]].*/\1/p' <<<"$last")
    rate=$(sed -nE 's/^stat::average_exec_per_sec: ([0-9]+).*/\1/p' "$log" | tail -n 1)
    [[ -n $rate ]] || rate=$(field 'exec/s')
    cov=$(field cov)
    ft=$(field ft)
    corp=$(field corp)
    files=$(find "$corpus" -type f | wc -l)
    new=$(find "$artifacts" -maxdepth 1 -type f -newer "$stamp" | sort)
    if [[ -n $new || $status -ne 0 ]]; then
        found_any=1
        verdict="FOUND something (exit $status)"
        if [[ -n $new ]]; then
            verdict+=$'\n'"$(sed 's/^/      /' <<<"$new")"
        fi
        reason=$(grep -m1 -E '^(==[0-9]+==ERROR|thread .* panicked|ERROR: libFuzzer)' "$log" || true)
        if [[ -n $reason ]]; then
            verdict+=$'\n'"      $reason"
        fi
    else
        verdict="nothing found"
    fi
    line="$t: runs ${runs:-?}, ${rate:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?} ($files files); $verdict"
    echo "   $line"
    summary+=("$line")
done

echo
echo "== summary (${seconds}s per target; logs in $log_dir)"
printf '%s\n' "${summary[@]}"
exit "$found_any"
