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
