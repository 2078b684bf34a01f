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
RUST_LOG="${RUST_LOG:-warn}" cargo run --release -p server --example filing_load -- "$@"
