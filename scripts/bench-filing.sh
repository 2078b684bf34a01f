#!/usr/bin/env bash
# Residents filing at once with phone photos (issue 16): every step's p50
# and p99, the home page and a text step meanwhile, and no complaint lost.
# Usage: scripts/bench-filing.sh [sqlite|pg] [residents, default 50] [photo megapixels, default 12]
set -euo pipefail
source "$(dirname "$0")/env.sh"
bench_database "${1:-sqlite}"
shift || true
cd "$QJ_ROOT"
[[ -d target/site/pkg ]] || build_release
# Built with the workspace's feature set, as the test command builds it, so
# that running this after the tests compiles nothing again.
cargo build --release --workspace --exclude frontend --example filing_load
RUST_LOG="${RUST_LOG:-warn}" target/release/examples/filing_load "$@"
