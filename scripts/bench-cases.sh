#!/usr/bin/env bash
# Staff and board pages at district scale (issue 16): fills a fresh
# database with generated cases (`server generate`: five years, the newest
# 2 % open) and hourly air data, then measures each inbox filter, sort,
# deep page and search, a handler's inbox, and the public board without
# the page cache: p50 and p99 at 4 connections; then the early-warning
# rules judging the newest complaints again (p50, p99, max). SQLite and
# PostgreSQL in one run.
#
# Usage: scripts/bench-cases.sh [--short] [--cases N] [sqlite|pg|both]
#   --short  20,000 cases, two seconds a page (CI): fails on any error or
#            non-2xx answer.
# Needs the release build, wrk and the test PostgreSQL.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QJ_ROOT"

cases=1000000
duration=10s
short=false
engines=both
while (($#)); do
  case "$1" in
    --short) short=true cases=20000 duration=2s ;;
    --cases) cases="$2"; shift ;;
    sqlite | pg | both) engines="$1" ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ "$engines" == both ]] && engines="sqlite pg"

[[ -x target/release/server && -d target/site/pkg ]] || build_release

workdir="$(mktemp -d)"
pg="${QINGJIA_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
schema="bench_cases_$(date +%s)_$$"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  psql -q "$pg" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT
export QINGJIA_ACCESS_CODE_KEY="bench access-code key, 32 characters or more"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

failed=0
# wrk against $1 with the cookie $2 (and the form $4 posted): prints p50
# and p99.
measure() {
  local line rps p50 p99 errors
  line="$(WRK_FORM="${4:-}" wrk -t2 -c4 -d"$duration" -H "Cookie: $2" \
    -s scripts/bench/wrk-report.lua "$base$1" | grep '^RESULT')"
  read -r _ rps p50 p99 errors _ <<<"$line"
  printf '  %-58s %8s %8s %8s\n' "${3:-$1}" "$rps" "$p50" "$p99"
  if [[ "$errors" != 0 ]]; then
    echo "    $errors errors or non-2xx answers" >&2
    failed=1
  fi
}

for engine in $engines; do
  if [[ "$engine" == pg ]]; then
    psql -q "$pg" -c "CREATE SCHEMA $schema" >/dev/null
    url="$pg?options=-c%20search_path%3D$schema"
  else
    url="sqlite://$workdir/cases.db"
  fi
  started=$(date +%s)
  DATABASE_URL="$url" RUST_LOG=error target/release/server generate --cases "$cases" \
    --samples "$workdir/samples-$engine.tsv" >"$workdir/generate-$engine.log" 2>&1 \
    || { cat "$workdir/generate-$engine.log" >&2; exit 1; }
  generated=$(($(date +%s) - started))
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  # Lookups are limited per client address: wrk is one client.
  DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn QINGJIA_DEMO=true \
    QINGJIA_PAGE_CACHE_MB=0 QINGJIA_PHOTO_DIR="$workdir/photos" \
    QINGJIA_LOOKUPS_PER_MINUTE=1000000000 \
    target/release/server serve >"$workdir/portal-$engine.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  if [[ "$engine" == pg ]]; then
    # The portal queues today's reminders when it starts; autovacuum (off on
    # the test server) would analyze them within its minute: do it now.
    sleep 2
    psql -q "$url" -c ANALYZE >/dev/null
  fi
  desk="$(python3 scripts/bench/staff_pages.py cookie "$base" dispatcher)"
  anting="$(python3 scripts/bench/staff_pages.py cookie "$base" handler.anting)"
  # A closed case and an open one with their phone numbers and roads.
  IFS=$'\t' read -r ref code phone road _ < <(grep closed "$workdir/samples-$engine.tsv" | sed -n 5p)
  IFS=$'\t' read -r open_ref _ _ _ _ < <(grep -P '\topen$' "$workdir/samples-$engine.tsv" | head -1)
  road_q="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$road")"
  deep="$(python3 scripts/bench/staff_pages.py page "$base" "$desk" \
    '/staff/cases?status=closed&category=noise_social' 50)"
  printf '\n%s: %s cases generated in %s s; %s, %s connections\n' \
    "$engine" "$cases" "$generated" "$duration" 4
  printf '  %-58s %8s %8s %8s\n' page "r/s" "p50 ms" "p99 ms"
  measure "/staff/cases" "$desk" "inbox: waiting for the dispatcher (default)"
  measure "/staff/cases?status=open" "$desk" "inbox: open cases by deadline"
  measure "/staff/cases?status=all" "$desk" "inbox: all cases by deadline"
  measure "/staff/cases?status=all&sort=newest" "$desk" "inbox: all cases, newest first"
  measure "/staff/cases?status=open&sort=priority" "$desk" "inbox: open cases by priority"
  measure "/staff/cases?status=open&due=overdue" "$desk" "inbox: overdue"
  measure "$deep" "$desk" "inbox: closed, one category, page 50"
  measure "/staff/cases?q=$ref" "$desk" "inbox: exact reference (closed case)"
  measure "/staff/cases?q=$phone" "$desk" "inbox: phone number"
  measure "/staff/cases?q=${phone:7}" "$desk" "inbox: last four digits of a phone number"
  measure "/staff/cases?q=$road_q" "$desk" "inbox: road, open cases"
  measure "/staff/cases?q=$road_q&status=all" "$desk" "inbox: road, all cases"
  measure "/staff/cases" "$anting" "inbox of a town's handler (waiting for them)"
  measure "/staff/cases/$open_ref" "$desk" "a case"
  if ! curl -fsS -d "reference=$ref&code=$code" "$base/track" | grep -q 'class="answer-value status'; then
    echo "  the sample case's reference and code did not open it" >&2
    failed=1
  fi
  measure "/track" "" "tracking a case (reference and code)" "reference=$ref&code=$code"
  measure "/board" "" "board (no page cache)"
  measure "/board?page=400" "" "board, page 400 (no page cache)"
  # The dashboard sums daily tallies (ADR 017); the lists its figures open.
  today="$(date -u -d '+8 hours' +%F)"
  year_start="${today:0:4}-01-01"
  five_years="$(date -u -d "$today - 1826 days" +%F)"
  measure "/staff/dashboard" "$desk" "dashboard: this month"
  measure "/staff/dashboard?period=this_year" "$desk" "dashboard: this year"
  measure "/staff/dashboard?period=custom&from=$five_years&to=$today" "$desk" "dashboard: five years"
  measure "/staff/dashboard?period=this_year&town=anting&category=fumes_restaurant" "$desk" \
    "dashboard: this year, one town and category"
  measure "/staff/dashboard?period=this_year" "$anting" "dashboard of a town's handler"
  measure "/staff/cases?status=all&sort=newest&received=$year_start~$today" "$desk" \
    "inbox: received this year (a figure's cases)"
  measure "/staff/cases?status=all&sort=newest&answered=$year_start~$today&figure=rated" "$desk" \
    "inbox: answered this year and rated"
  # The public statistics read only published months (ADR 018); the
  # first request publishes them all, so one is made before measuring.
  curl -fsS "$base/stats" >/dev/null || failed=1
  last_year="$(date -u -d "$today - 365 days" +%Y-%m)"
  measure "/stats" "" "public statistics: latest month (no page cache)"
  measure "/stats?month=$last_year" "" "public statistics: a month a year ago"
  measure "/stats/complaints-monthly.csv" "" "open data: every published month (CSV)"
  measure "/staff/warnings" "$desk" "early warnings"
  measure "/staff/sources" "$desk" "register of sources"
  # The early-warning rules, judging the newest complaints again (as a
  # link does: one transaction each), with the server running.
  judged="$(DATABASE_URL="$url" RUST_LOG=error target/release/server judge-bench \
    --cases "$([[ "$short" == true ]] && echo 200 || echo 2000)")" || failed=1
  printf '  %s\n' "$judged"
  # This engine's portal stops before the next engine is generated and
  # measured: its background passes would take their share of the cores.
  kill "${pids[-1]}" 2>/dev/null || true
  wait "${pids[-1]}" 2>/dev/null || true
done
exit "$failed"
