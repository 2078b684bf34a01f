#!/usr/bin/env bash
# Public pages at load (issue 16): each page's requests per second, p50 and
# p99 at 64 connections, with the page cache and without it, against
# Debian's nginx serving the very same bytes in the same run; and the
# server's memory after the load.
#
# Usage: scripts/bench-pages.sh [--short]
#   --short  two seconds a page (CI): fails on any error or non-2xx answer
#            and when the server grows beyond its memory budget.
# Needs the release build (scripts/run.sh or scripts/test.sh builds it), wrk
# and nginx (scripts/setup.sh test installs them).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QJ_ROOT"

duration=10s
connections=64
short=false
if [[ "${1:-}" == --short ]]; then
  duration=2s
  short=true
fi
# Resident memory allowed after the load, in MB.
memory_budget_mb=80

[[ -x target/release/server && -d target/site/pkg ]] || build_release

workdir="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$workdir"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the portal (demo data on a fresh SQLite file) with page cache of
# $1 MB; sets base and server_pid.
start_portal() {
  local port
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  DATABASE_URL="sqlite://$workdir/portal-$1.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
    QINGJIA_DEMO=true QINGJIA_PAGE_CACHE_MB="$1" QINGJIA_PHOTO_DIR="$workdir/photos" \
    QINGJIA_ACCESS_CODE_KEY="bench access-code key, 32 characters or more" \
    target/release/server serve >"$workdir/portal-$1.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 150); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  cat "$workdir/portal-$1.log" >&2
  return 1
}

# wrk against $1: sets rps, p50, p99, errors.
load() {
  local line
  line="$(wrk -t2 -c"$connections" -d"$duration" -s scripts/bench/wrk-report.lua "$1" | grep '^RESULT')"
  read -r _ rps p50 p99 errors _ <<<"$line"
}

failed=0
check_errors() {
  if [[ "$errors" != 0 ]]; then
    echo "  $1: $errors errors or non-2xx answers" >&2
    failed=1
  fi
}

start_portal 16
cached_base="$base"
cached_pid="$server_pid"
start_portal 0
plain_base="$base"

article="$(curl -fsS "$cached_base/news" | grep -o 'href="/news/[^"?/]*"' | grep -v feed | head -1 | cut -d'"' -f2)"
pages=(/ /air /board /campaigns /news "${article:-/news}")

# nginx serves each page's bytes from a file: as the portal sends them
# without compression (what wrk asks for by default), and gzipped as the
# portal gzips them (gzip_static), for the run that asks as browsers do.
mkdir -p "$workdir/www" "$workdir/nginx"
nginx_port="$(free_port)"
for i in "${!pages[@]}"; do
  curl -fsS "$cached_base${pages[$i]}" -o "$workdir/www/page$i.html"
  curl -fsS -H 'Accept-Encoding: gzip' "$cached_base${pages[$i]}" -o "$workdir/www/page$i.html.gz"
  gzip -t "$workdir/www/page$i.html.gz"
done
cat >"$workdir/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $workdir/nginx/nginx.pid;
error_log $workdir/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path $workdir/nginx;
  proxy_temp_path $workdir/nginx;
  fastcgi_temp_path $workdir/nginx;
  uwsgi_temp_path $workdir/nginx;
  scgi_temp_path $workdir/nginx;
  gzip_static on;
  server { listen 127.0.0.1:$nginx_port; root $workdir/www; }
}
CONF
nginx -c "$workdir/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
sleep 0.5

printf '\nPublic pages, %s each, %s connections (%s cores)\n' "$duration" "$connections" "$(nproc)"
printf '%-28s %10s %8s %8s | %10s %8s %8s | %10s %7s\n' \
  page "cached r/s" "p50 ms" "p99 ms" "plain r/s" "p50 ms" "p99 ms" "nginx r/s" ratio
for i in "${!pages[@]}"; do
  page="${pages[$i]}"
  load "$cached_base$page"
  check_errors "$page (cached)"
  c_rps=$rps c_p50=$p50 c_p99=$p99
  load "$plain_base$page"
  check_errors "$page (without cache)"
  u_rps=$rps u_p50=$p50 u_p99=$p99
  load "http://127.0.0.1:$nginx_port/page$i.html"
  n_rps=$rps
  ratio="$(python3 -c "print(f'{$c_rps / max($n_rps, 1):.2f}')")"
  printf '%-28s %10s %8s %8s | %10s %8s %8s | %10s %7s\n' \
    "${page:0:28}" "$c_rps" "$c_p50" "$c_p99" "$u_rps" "$u_p50" "$u_p99" "$n_rps" "$ratio"
done

# As browsers ask: every browser accepts gzip (the portal would send
# brotli to one that names it; nginx here has no brotli, so both send the
# same gzip bytes).
printf '\nThe same pages gzipped (Accept-Encoding: gzip), %s each\n' "$duration"
printf '%-28s %10s %8s %8s %8s | %10s %7s\n' page "cached r/s" "p50 ms" "p99 ms" "KB" "nginx r/s" ratio
for i in "${!pages[@]}"; do
  page="${pages[$i]}"
  WRK_ACCEPT_ENCODING=gzip load "$cached_base$page"
  check_errors "$page (cached, gzip)"
  c_rps=$rps c_p50=$p50 c_p99=$p99
  WRK_ACCEPT_ENCODING=gzip load "http://127.0.0.1:$nginx_port/page$i.html"
  n_rps=$rps
  kb="$(python3 -c "import os; print(f'{os.path.getsize(\"$workdir/www/page$i.html.gz\") / 1024:.1f}')")"
  ratio="$(python3 -c "print(f'{$c_rps / max($n_rps, 1):.2f}')")"
  printf '%-28s %10s %8s %8s %8s | %10s %7s\n' \
    "${page:0:28}" "$c_rps" "$c_p50" "$c_p99" "$kb" "$n_rps" "$ratio"
done

rss_mb=$(($(ps -o rss= -p "$cached_pid") / 1024))
printf '\nMemory of the portal (with cache) after the load: %s MB RSS (budget %s MB)\n' "$rss_mb" "$memory_budget_mb"
if $short && ((rss_mb > memory_budget_mb)); then
  echo "  over the memory budget" >&2
  failed=1
fi
exit "$failed"
