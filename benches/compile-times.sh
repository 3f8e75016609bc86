#!/usr/bin/env bash
# Records how long a clean build of one crate takes, and its peak memory, with the
# crate's dependencies already built: debug, then release.
#
# usage: benches/compile-times.sh [CRATE_DIR] [CARGO_BUILD_ARGS...]
#
# CRATE_DIR defaults to `generated/` (the graph-security crate). Arguments after it
# go to every `cargo build`, such as `--features NAME` or `--all-features`.
#
# Run it with its own target directory, so that `cargo clean -p` removes nothing
# that other builds use, and on an otherwise idle machine:
#
#   CARGO_TARGET_DIR=/work/target-compile benches/compile-times.sh
#
# For each profile the script builds the crate once so every dependency is built,
# runs `cargo clean -p NAME`, then times `cargo build` under `/usr/bin/time -v`.
# It prints the wall time and the maximum resident set size, which is that of the
# largest single process (rustc), not the sum over processes.
#
# HOOK for the whole-Graph crate: pass its directory and the features that select
# namespaces, for example
#
#   benches/compile-times.sh path/to/graph-crate --all-features
#
# The crate is built alone with `--manifest-path`, so it may be outside this
# workspace's members as long as Cargo can resolve it.
set -euo pipefail

workspace="$(cd "$(dirname "$0")/.." && pwd)"
crate_dir="${1:-$workspace/generated}"
shift || true
build_args=("$@")
manifest="$(cd "$crate_dir" && pwd)/Cargo.toml"

if [[ -z "${CARGO_TARGET_DIR:-}" ]]; then
    echo "error: set CARGO_TARGET_DIR to a target directory used by no other build," \
        "such as /work/target-compile, because this script runs cargo clean -p" >&2
    exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "error: /usr/bin/time is missing; install Debian's \`time\` package" \
        "(apt-get install time)" >&2
    exit 2
fi

# `cargo pkgid` prints `path+file:///dir/generated#graph-security@0.1.0`.
package="$(cargo pkgid --manifest-path "$manifest" | sed -E 's/.*#([^@]+)@.*/\1/')"

echo "crate: $package ($manifest)"
echo "cargo build arguments: ${build_args[*]:-(none)}"
echo "target directory: $CARGO_TARGET_DIR"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

for profile in debug release; do
    profile_args=()
    if [[ "$profile" == release ]]; then
        profile_args=(--release)
    fi
    cargo build --quiet --manifest-path "$manifest" "${profile_args[@]}" "${build_args[@]}"
    cargo clean --quiet --manifest-path "$manifest" -p "$package" "${profile_args[@]}"

    report="$(mktemp)"
    /usr/bin/time -v -o "$report" \
        cargo build --quiet --manifest-path "$manifest" "${profile_args[@]}" "${build_args[@]}"
    seconds="$(grep 'Elapsed (wall clock)' "$report" | awk '{print $NF}')"
    peak_kb="$(grep 'Maximum resident set size' "$report" | awk '{print $NF}')"
    rm -f "$report"
    printf '%-8s wall %s (m:ss)  peak RSS %d MB\n' "$profile" "$seconds" "$((peak_kb / 1024))"
done

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
