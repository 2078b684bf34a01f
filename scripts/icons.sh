#!/usr/bin/env bash
# Draws the app icons of the manifest from their SVG sources with Debian's
# Chromium (no other image tools needed). Run by hand after changing
# public/favicon.svg or public/icons/maskable.svg; the PNGs are committed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/public/icons"
draw() { # svg size png
  local page
  page="$(mktemp --suffix=.html)"
  printf '<html><body style="margin:0"><img src="file://%s" width="%s" height="%s"></body></html>' "$1" "$2" "$2" >"$page"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --default-background-color=00000000 --window-size="$2,$2" \
    --screenshot="$3" "file://$page" 2>/dev/null
  rm -f "$page"
}
draw "$root/public/favicon.svg" 192 "$out/icon-192.png"
draw "$root/public/favicon.svg" 512 "$out/icon-512.png"
draw "$out/maskable.svg" 512 "$out/maskable-512.png"
ls -l "$out"
