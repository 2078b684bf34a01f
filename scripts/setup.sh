#!/usr/bin/env bash
# Installs what building (and, with `test`, testing) needs, each only when it
# is missing or at the wrong version, so a second run takes seconds.
# Usage: scripts/setup.sh [build|test]
set -euo pipefail
source "$(dirname "$0")/env.sh"
want="${1:-test}"

# Build tools are compiled with light optimisation: they run for seconds per
# build, and a full release build of them takes twice as long on two cores.
light() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=0 "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  stage "installing the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(cargo leptos --version 2>/dev/null || true)" != *" $CARGO_LEPTOS_VERSION"* ]]; then
  stage "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15-20 minutes on two cores)"
  light cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi

if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != *" $WASM_BINDGEN_VERSION"* ]]; then
  stage "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 8 minutes)"
  # Not --locked: its lock file names a crate version the registry no longer serves.
  light cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Node packages: wasm-opt (binaryen) for release builds, Playwright for tests.
if [[ ! -x "$QJ_ROOT/end2end/node_modules/.bin/wasm-opt" ||
  "$QJ_ROOT/end2end/package-lock.json" -nt "$QJ_ROOT/end2end/node_modules/.package-lock.json" ]]; then
  stage "installing Node packages"
  (cd "$QJ_ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

# Debian packages for the tests: Chromium (browser tests), wrk and nginx
# (the page benchmark's load and its static-file yardstick).
missing=()
if [[ "$want" == test ]]; then
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/wrk ]] || missing+=(wrk)
  [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
fi
if ((${#missing[@]})); then
  stage "installing Debian's ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# A local S3-compatible server for the photo-store tests (the same moto
# the AWS SDKs test against), from PyPI.
if [[ "$want" == test ]] && ! python3 -c 'import moto.server' 2>/dev/null; then
  stage "installing moto (S3-compatible test server)"
  python3 -m pip install --user --quiet --disable-pip-version-check "moto[server]==5.1.22"
fi
