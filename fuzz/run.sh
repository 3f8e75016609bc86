#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds and exits non-zero if any target finds a crash,
# a hang or an input that needs more than 2 GiB. A hang is an input that runs longer than
# 10 s, or 30 s for `pipeline`: it generates code for whole schemas, and schema/security.xml
# alone takes 5 s there under sanitizer instrumentation, 12 s with five targets on 2 cores.
#
# usage: fuzz/run.sh SECONDS
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). cargo-fuzz passes nightly `-Z`
# flags to rustc, which a stable toolchain accepts with RUSTC_BOOTSTRAP=1.
#
# Each target's corpus is fuzz/corpus/TARGET (not committed). Every run copies into it the
# seeds in fuzz/seeds/TARGET, the test fixtures and schema/, and, when the variables are
# set, the CSDL documents in $CSDL_CORPUS_DIR and the alert payloads in $PAYLOADS_DIR.
# All targets run at once, sharing the cores, so the fuzzing takes SECONDS seconds of wall
# time after the build; FUZZ_JOBS=N runs N at a time instead, for more executions per
# target. Crashing inputs land in fuzz/artifacts/TARGET.
set -euo pipefail

seconds="${1:?usage: fuzz/run.sh SECONDS}"
cd "$(dirname "$0")"
fuzz_dir="$(pwd)"
root="$(cd .. && pwd)"

export RUSTC_BOOTSTRAP=1
# The fuzz build has its own target directory: its flags differ from the workspace's.
export CARGO_TARGET_DIR="$fuzz_dir/target"

targets=(csdl_xml csdl_json pipeline alert_json alert_edits)
# Debug assertions turn on overflow checks. Sixteen codegen units build the large generated
# models several times faster than cargo-fuzz's default of one, for slightly slower runs.
build_flags=(--debug-assertions --codegen-units 16)
jobs="${FUZZ_JOBS:-${#targets[@]}}"

# Seconds one input may run before it counts as a hang.
timeout_of() {
    case "$1" in
        pipeline) echo 30 ;;
        *) echo 10 ;;
    esac
}

# Seeds larger than this are cut to this length, so one execution stays in milliseconds.
max_len_of() {
    case "$1" in
        alert_json | alert_edits) echo 16384 ;;
        *) echo 65536 ;;
    esac
}

# Copies files matching the patterns below a folder into a corpus, keeping what is there.
copy_seeds() {
    local corpus="$1" dir="$2"
    shift 2
    [[ -d "$dir" ]] || return 0
    local pattern
    for pattern in "$@"; do
        find "$dir" -type f -name "$pattern" -exec cp -n {} "$corpus/" \;
    done
}

seed_corpus() {
    local target="$1" corpus="$fuzz_dir/corpus/$1"
    mkdir -p "$corpus"
    copy_seeds "$corpus" "$fuzz_dir/seeds/$target" '*'
    case "$target" in
        csdl_xml | pipeline)
            copy_seeds "$corpus" "$root/tests/fixtures" '*.xml'
            copy_seeds "$corpus" "$root/schema" '*.xml'
            copy_seeds "$corpus" "${CSDL_CORPUS_DIR:-}" '*.xml' '*.csdl'
            ;;&
        csdl_json | pipeline)
            copy_seeds "$corpus" "$root/tests/fixtures" '*.json'
            copy_seeds "$corpus" "${CSDL_CORPUS_DIR:-}" '*.json'
            ;;
        alert_json)
            copy_seeds "$corpus" "${PAYLOADS_DIR:-}" '*.json'
            ;;
    esac
}

echo "building ${#targets[@]} fuzz targets"
cargo fuzz build "${build_flags[@]}"

run_target() {
    local target="$1"
    seed_corpus "$target"
    mkdir -p "$fuzz_dir/artifacts/$target"
    cargo fuzz run "${build_flags[@]}" "$target" "$fuzz_dir/corpus/$target" -- \
        -max_total_time="$seconds" \
        -timeout="$(timeout_of "$target")" \
        -rss_limit_mb=2048 \
        -max_len="$(max_len_of "$target")" \
        -print_final_stats=1 \
        >"$fuzz_dir/target/$target.log" 2>&1
}

failed=()
running=()
names=()
finish_one() {
    local pid="${running[0]}" name="${names[0]}"
    running=("${running[@]:1}")
    names=("${names[@]:1}")
    if wait "$pid"; then
        echo "ok: $name ($(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' \
            "$fuzz_dir/target/$name.log" | grep -o '[0-9]*$' || echo '?') executions)"
    else
        echo "FAILED: $name; the last lines of its log:"
        tail -n 60 "$fuzz_dir/target/$name.log"
        failed+=("$name")
    fi
}

for target in "${targets[@]}"; do
    if ((${#running[@]} >= jobs)); then
        finish_one
    fi
    echo "fuzzing $target for $seconds s"
    run_target "$target" &
    running+=("$!")
    names+=("$target")
done
while ((${#running[@]} > 0)); do
    finish_one
done

if ((${#failed[@]} > 0)); then
    echo "fuzzing found problems in: ${failed[*]}; crashing inputs are in fuzz/artifacts/"
    exit 1
fi
echo "all ${#targets[@]} fuzz targets ran $seconds s without a crash"
