#!/usr/bin/env bash
# Lighthouse (mobile) on the pages residents open first, with Debian's
# Chromium: performance, accessibility, best practices and SEO of the home
# page, the first complaint step and /air (issue 17 asks 95/100/100/100).
# By hand: the Lighthouse npm package is fetched into its own folder the
# first time (it is large and not needed by the test suite).
# Usage: scripts/lighthouse.sh [base URL of a running portal]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base="${1:-http://127.0.0.1:3000}"
tools="$root/target/lighthouse"
version=13.5.0
if [[ ! -x "$tools/node_modules/.bin/lighthouse" ]]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --no-audit --no-fund --silent "lighthouse@$version")
fi
out="$root/target/lighthouse/reports"
mkdir -p "$out"
printf '%-20s %6s %6s %6s %6s\n' page perf a11y bp seo
for path in / /complaints/new /air; do
  name="$(echo "$path" | tr '/' '_')"
  CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "$base$path" \
    --quiet --output=json --output-path="$out/$name.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=performance,accessibility,best-practices,seo >/dev/null
  node -e '
    const r = require(process.argv[1]);
    const s = (k) => Math.round(r.categories[k].score * 100);
    const failed = Object.values(r.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
      .map((a) => a.id);
    console.log(process.argv[2].padEnd(20), ...["performance", "accessibility", "best-practices", "seo"].map((k) => String(s(k)).padStart(6)));
    if (failed.length) console.log("  not passed:", failed.join(", "));
  ' "$out/$name.json" "$path"
done
