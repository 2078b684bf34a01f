#!/usr/bin/env bash
# Builds the portal in release mode and serves it on http://127.0.0.1:3000
# with its embedded default: a SQLite file under data/ and demo content.
# Any configuration (qingjia.toml, DATABASE_URL, QINGJIA_*) is honoured.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QJ_ROOT"
"$QJ_ROOT/scripts/setup.sh" build
stage "building the release site"
build_release
stage "serving"
# The one-command demo asks for demo mode (published demo accounts);
# QINGJIA_DEMO=false serves the same build without it.
export QINGJIA_DEMO="${QINGJIA_DEMO:-true}"
exec "$QJ_ROOT/target/release/server" serve
