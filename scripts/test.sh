#!/usr/bin/env bash
# The whole test suite: set-up, format check, release build, unit and HTTP
# integration tests on SQLite and PostgreSQL, the size budget, and the
# browser tests (Debian's Chromium) against the release build on both engines.
# PostgreSQL: QINGJIA_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QJ_ROOT"

export QINGJIA_TEST_POSTGRES="${QINGJIA_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
timings=()
# The browser tests push air-quality readings with this token.
export AIR_PUSH_TOKEN="e2e-$(date +%s)-$$"
server_pid=""
workdir="$(mktemp -d)"
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT

timed() {
  local name="$1" t0=$SECONDS
  shift
  stage "$name"
  "$@"
  timings+=("$(printf '%-50s %5ss' "$name" $((SECONDS - t0)))")
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the release server on a free port against $1 and waits until ready.
start_server() {
  local url="$1" port
  port="$(free_port)"
  BASE_URL="http://127.0.0.1:$port"
  DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
    QINGJIA_DEMO=true QINGJIA_AIR_PUSH_TOKENS="[$AIR_PUSH_TOKEN]" \
    QINGJIA_PHOTO_DIR="$workdir/photos" QINGJIA_ACCESS_CODE_KEY="e2e access-code key of this run, $$" \
    "$QJ_ROOT/target/release/server" serve >"$workdir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    if curl -fsS "$BASE_URL/readyz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "server did not become ready:" >&2
  cat "$workdir/server.log" >&2
  return 1
}

# Stops the server with SIGTERM, as a deployment does: it must finish
# gracefully and exit 0.
stop_server() {
  local rc=0
  kill -TERM "$server_pid"
  wait "$server_pid" || rc=$?
  server_pid=""
  if [[ $rc -ne 0 ]]; then
    echo "the server did not shut down cleanly on SIGTERM (exit $rc):" >&2
    tail -20 "$workdir/server.log" >&2
    return 1
  fi
}

# A fresh PostgreSQL schema for one run; old test schemas are dropped first.
fresh_pg_schema() {
  local name="e2e_$(date +%s)_$$"
  psql -q "$QINGJIA_TEST_POSTGRES" -c "CREATE SCHEMA $name" >/dev/null
  echo "$QINGJIA_TEST_POSTGRES?options=-c%20search_path%3D$name"
}

drop_old_pg_schemas() {
  psql -qAt "$QINGJIA_TEST_POSTGRES" -c \
    "SELECT format('DROP SCHEMA %I CASCADE;', nspname) FROM pg_namespace WHERE nspname ~ '^(t|e2e)_[0-9a-f_]+$'" |
    psql -q "$QINGJIA_TEST_POSTGRES" >/dev/null
}

size_check() {
  start_server "sqlite://$workdir/size.db"
  node "$QJ_ROOT/scripts/size-check.mjs" "$QJ_ROOT/target/site/pkg" "$BASE_URL/"
  stop_server
}

browser_tests() {
  start_server "$1"
  # The server binary and database let tests record staff steps on a case.
  (cd "$QJ_ROOT/end2end" && BASE_URL="$BASE_URL" DATABASE_URL="$1" \
    QINGJIA_SERVER_BIN="$QJ_ROOT/target/release/server" npx playwright test)
  # Hostile input from outside, short form (run it longer by hand): no
  # personal number on a public page, no 5xx from any form or API.
  python3 "$QJ_ROOT/scripts/fuzz.py" "$BASE_URL" --rounds 2 --push-token "$AIR_PUSH_TOKEN"
  stop_server
}

timed "set-up (installs only what is missing)" "$QJ_ROOT/scripts/setup.sh" test
timed "format check" cargo fmt --all -- --check
timed "release build (server, WASM + wasm-opt, CSS, precompression)" build_release
timed "drop old PostgreSQL test schemas" drop_old_pg_schemas
# The integration tests serve pages on the test threads, whose stacks are
# 2 MiB by default; the server's own workers get 8 MiB (server/src/main.rs).
export RUST_MIN_STACK=8388608
timed "unit and integration tests (SQLite and PostgreSQL)" \
  cargo test --release --workspace --exclude frontend
timed "size budget" size_check
timed "public pages at load, short form (scripts/bench-pages.sh)" "$QJ_ROOT/scripts/bench-pages.sh" --short
timed "staff and board pages over generated cases, short form (scripts/bench-cases.sh)" "$QJ_ROOT/scripts/bench-cases.sh" --short
# Twenty residents at once with browser-sized photos: fails if one is lost.
timed "residents filing at once, short form (scripts/bench-filing.sh)" "$QJ_ROOT/scripts/bench-filing.sh" sqlite 20 3
timed "browser tests on SQLite" browser_tests "sqlite://$workdir/e2e.db"
timed "browser tests on PostgreSQL" browser_tests "$(fresh_pg_schema)"

printf '\n==> all tests passed. Time per stage:\n'
printf '  %s\n' "${timings[@]}"
printf '  %-50s %5ss\n' "total" "$SECONDS"
