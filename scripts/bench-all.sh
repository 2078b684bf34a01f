#!/usr/bin/env bash
# Every load figure of issue 16 in one run, by hand (about 25 minutes on two
# cores): public pages against nginx and the portal's memory; staff, board
# and tracking latencies over a million generated cases on SQLite and
# PostgreSQL; fifty residents filing at once with browser-scaled (3 MP) and
# unscaled (12 MP, no JavaScript) photos. CI runs the short form of each
# from scripts/test.sh.
# Usage: scripts/bench-all.sh [cases, default 1000000]
set -euo pipefail
here="$(dirname "$0")"
cases="${1:-1000000}"

"$here/bench-pages.sh"
"$here/bench-cases.sh" --cases "$cases" both
printf '\nFiling, photos scaled in the browser (JavaScript on):\n'
"$here/bench-filing.sh" sqlite 50 3
printf '\nFiling, phone photos as taken (no JavaScript):\n'
"$here/bench-filing.sh" sqlite 50 12
