#!/usr/bin/env bash
# Generates models and the client for every namespace of the Graph v1.0 metadata into a
# scratch crate with one Cargo feature per namespace, then builds it, as a scale test.
#
# usage: scripts/whole-graph.sh [--ci] [OUT_DIR]
#
#   OUT_DIR   where the crate goes (default: $CARGO_TARGET_DIR/whole-graph, or
#             target/whole-graph); it is not part of the repository
#   --ci      only `cargo check --all-features`, the step that CI runs; generates with
#             the debug xtask that CI has already built, instead of building a release one
#
# Without --ci it runs `cargo check` and `cargo build` (debug), each with only the
# `security` feature and with all features, and prints one Markdown table row per step
# with wall time and peak memory measured by /usr/bin/time -v (Debian package `time`).
# Each measured build starts from a clean build of the generated crate, with its
# dependencies already built.
# Reads graph/v1.0-Prod.csdl from the folder named by CSDL_CORPUS_DIR.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
ci=false
if [[ "${1:-}" == "--ci" ]]; then
    ci=true
    shift
fi
target="${CARGO_TARGET_DIR:-$root/target}"
out="${1:-$target/whole-graph}"
metadata="${CSDL_CORPUS_DIR:?set CSDL_CORPUS_DIR to the metadata corpus folder}/graph/v1.0-Prod.csdl"

if [[ ! -x /usr/bin/time ]]; then
    echo "error: /usr/bin/time is missing; install it with \`apt-get install time\`" >&2
    exit 1
fi

results=()

# Runs a command under /usr/bin/time -v and records its wall time and peak memory.
# Before a cargo step, the generated crate's own artifacts (and incremental caches of
# earlier runs) are removed, so every measured build starts cold.
measure() {
    local label="$1"
    shift
    if [[ "$1" == cargo ]]; then
        cargo clean --quiet --offline --package whole-graph
    fi
    local log
    log="$(mktemp)"
    if ! /usr/bin/time -v "$@" 2>"$log"; then
        cat "$log" >&2
        echo "error: \`$label\` failed" >&2
        exit 1
    fi
    local wall peak
    wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")"
    peak="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
    rm -f "$log"
    results+=("| $label | $wall | $((peak / 1024)) MiB |")
    echo "$label: $wall wall, $((peak / 1024)) MiB peak" >&2
}

profile=release
if $ci; then
    profile=debug
fi
echo "building xtask ($profile)" >&2
if $ci; then
    cargo build --quiet --locked --package xtask --manifest-path "$root/Cargo.toml"
else
    cargo build --quiet --release --locked --package xtask --manifest-path "$root/Cargo.toml"
fi
xtask="$target/$profile/xtask"

mkdir -p "$out/src"
out="$(cd "$out" && pwd)"
measure "generate (xtask, $profile)" "$xtask" codegen --metadata "$metadata" --out "$out" \
    --namespace-features --runtime ::graph_security::runtime

lines="$(find "$out/src/models" "$out/src/client" -name '*.rs' -print0 | xargs -0 cat | wc -l)"
files="$(find "$out/src/models" "$out/src/client" -name '*.rs' | wc -l)"
features="$(grep -c '^[a-z0-9_-]* = \[' "$out/features.toml")"
echo "generated $lines lines in $files files, $features features" >&2

cat >"$out/Cargo.toml" <<EOF
# Written by scripts/whole-graph.sh; the [features] table comes from features.toml.
[package]
name = "whole-graph"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
graph-security = { path = "$root/generated", default-features = false }
serde = "1"
serde_json = "1"

EOF
sed '/^# @generated/d' "$out/features.toml" >>"$out/Cargo.toml"
cat >"$out/src/lib.rs" <<'EOF'
//! Every namespace of Microsoft Graph v1.0, one Cargo feature each.
pub mod client;
pub mod models;
EOF
cp "$root/Cargo.lock" "$out/Cargo.lock"

cd "$out"
export CARGO_TARGET_DIR="$out/target"
# Dependencies first, so the measured steps time only the generated crate.
cargo check --quiet --offline --no-default-features
if ! $ci; then
    cargo build --quiet --offline --no-default-features
fi

if $ci; then
    measure "cargo check --all-features" cargo check --quiet --offline --all-features
else
    measure "cargo check --features security" cargo check --quiet --offline --features security
    measure "cargo check --all-features" cargo check --quiet --offline --all-features
    measure "cargo build --features security" cargo build --quiet --offline --features security
    measure "cargo build --all-features" cargo build --quiet --offline --all-features
fi

echo
echo "$lines generated lines in $files files, $features features"
echo
echo "| step | wall time | peak memory |"
echo "| --- | --- | --- |"
printf '%s\n' "${results[@]}"
