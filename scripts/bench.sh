#!/usr/bin/env bash
# Complaint submissions per second through the HTTP form path versus a raw
# insert loop, on SQLite (default) and, with `pg`, on PostgreSQL.
# Usage: scripts/bench.sh [sqlite|pg] [submissions per round] [clients, e.g. 8,16,32] [rounds]
set -euo pipefail
source "$(dirname "$0")/env.sh"
bench_database "${1:-sqlite}"
shift || true
cd "$QJ_ROOT"
cargo run --release -p server --example submit_bench -- "$@"
