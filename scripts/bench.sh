#!/usr/bin/env bash
# Complaint submissions per second through the HTTP form path versus a raw
# insert loop, on SQLite (default) and, with `pg`, on PostgreSQL.
# Usage: scripts/bench.sh [sqlite|pg] [submissions per round] [clients, e.g. 8,16,32] [rounds]
set -euo pipefail
source "$(dirname "$0")/env.sh"
engine="${1:-sqlite}"
shift || true
if [[ "$engine" == pg ]]; then
  base="${QINGJIA_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
  schema="bench_$(date +%s)_$$"
  psql -q "$base" -c "CREATE SCHEMA $schema" >/dev/null
  trap 'psql -q "$base" -c "DROP SCHEMA $schema CASCADE" >/dev/null' EXIT
  export DATABASE_URL="$base?options=-c%20search_path%3D$schema"
fi
cd "$QJ_ROOT"
cargo run --release -p server --example submit_bench -- "$@"
