# Sourced by the other scripts: one place for the build environment.
# shellcheck shell=bash

QJ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$QJ_ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# The tool versions this workspace needs. wasm-bindgen's CLI must equal the
# crate in Cargo.lock; cargo-leptos 0.3.10 is the last that builds on Rust 1.95.
CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$QJ_ROOT/Cargo.lock")"

# Leptos reads LEPTOS_OUTPUT_NAME at compile time, and cargo-leptos sets it
# for its builds: `cargo test` gets the same value, or it would recompile the
# whole web stack instead of reusing the release build.
export LEPTOS_OUTPUT_NAME=qingjia

# Prints a stage heading with the wall-clock time.
stage() { printf '\n==> %s  [%s]\n' "$*" "$(date +%H:%M:%S)"; }

# Builds the release site: server binary, WASM (wasm-opt by binaryen from
# npm, never Debian's 108), CSS, and .br/.gz copies of every asset.
build_release() {
  (cd "$QJ_ROOT" && cargo leptos build --release --precompress)
}

# For the benchmarks: with `pg`, DATABASE_URL names a new schema in the test
# PostgreSQL, dropped at exit; with `sqlite` it stays unset (the benchmark
# makes a fresh file of its own).
bench_database() {
  if [[ "$1" == pg ]]; then
    bench_pg="${QINGJIA_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
    bench_schema="bench_$(date +%s)_$$"
    psql -q "$bench_pg" -c "CREATE SCHEMA $bench_schema" >/dev/null
    trap 'psql -q "$bench_pg" -c "DROP SCHEMA $bench_schema CASCADE" >/dev/null' EXIT
    export DATABASE_URL="$bench_pg?options=-c%20search_path%3D$bench_schema"
  fi
}
