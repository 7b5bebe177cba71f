#!/usr/bin/env bash
# What a first visit downloads, on the four pages people land on: the landing page, the
# directory, a mentor's page and the login page. For each: the WASM the page needs (the main
# module plus the chunks the server preloads for that page) and the JS and CSS, in bytes as the
# server sends them to a browser that accepts brotli; then Lighthouse's scores and its total byte
# weight. Needs the release build (split, hashed, precompressed):
#
#   bash scripts/build-release.sh && bash bench/first-visit.sh
#
# Budget (issue 10): at most 250 KB of WASM for each of these first visits.
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
source bench/common.sh

PORT="${BENCH_PORT:-3210}"
URL="http://127.0.0.1:$PORT"
BUDGET=$((250 * 1024))

bench_setup mentorship_first_visit
DATABASE_URL="$BENCH_DB" APP_ENV=dev target/release/server seed-demo >/dev/null
start_bench_server "$PORT" bench-first-visit.log

mentor_id="$(curl -fs "$URL/api/v1/mentors?per_page=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
pages=("/" "/mentors" "/mentors/$mentor_id" "/login")

# bytes_on_wire PATH: the size of PATH's body as sent with Accept-Encoding: br, gzip.
bytes_on_wire() {
  curl -fs -o /dev/null -H 'Accept-Encoding: br, gzip' -w '%{size_download}' "$URL$1"
}

step "Bytes of a first visit (as sent, brotli where the server has it)"
printf '%-22s %10s %10s %10s  %s\n' page "wasm" "js" "css" "wasm files"
over=0
for page in "${pages[@]}"; do
  html="$(curl -fs "$URL$page")"
  # The page names everything it needs up front: the main module and the page's chunks
  # (<link rel=preload>), the JS (modulepreload, and the loader), the stylesheet.
  wasm_files="$(grep -oE 'href="/pkg/[^"]+\.wasm"' <<<"$html" | sed -E 's/href="([^"]+)"/\1/' | sort -u)"
  js_files="$(grep -oE '(href|src)="/pkg/[^"]+\.js"' <<<"$html" | sed -E 's/.*="([^"]+)"/\1/' | sort -u)"
  css_files="$(grep -oE 'href="/pkg/[^"]+\.css"' <<<"$html" | sed -E 's/href="([^"]+)"/\1/' | sort -u)"
  sum() { local total=0 file; for file in $1; do total=$((total + $(bytes_on_wire "$file"))); done; echo "$total"; }
  wasm="$(sum "$wasm_files")" js="$(sum "$js_files")" css="$(sum "$css_files")"
  [ "$wasm" -le "$BUDGET" ] || over=1
  label="$page"; [ "$page" = "/mentors/$mentor_id" ] && label="/mentors/{id}"
  printf '%-22s %8d B %8d B %8d B  %s\n' "$label" "$wasm" "$js" "$css" "$(echo $wasm_files | xargs -n1 basename 2>/dev/null | tr '\n' ' ')"
done

step "Lighthouse (mobile defaults, headless Chromium)"
bench_node_tools
for page in "${pages[@]}"; do
  report="$DATA_DIR/lighthouse-$(echo "$page" | tr '/' '_').json"
  CHROME_PATH=/usr/bin/chromium bench/node_modules/.bin/lighthouse "$URL$page" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output-path="$report" >/dev/null 2>&1 || die "lighthouse failed on $page"
  python3 - "$report" "$page" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
weight = report["audits"]["total-byte-weight"]["numericValue"]
print(f'{sys.argv[2][:40]:40} performance {scores["performance"]:3}  accessibility {scores["accessibility"]:3}  '
      f'best practices {scores["best-practices"]:3}  SEO {scores["seo"]:3}  total byte weight {weight / 1024:.0f} KB')
PY
done
[ "$over" = 0 ] || die "a first visit needs more than 250 KB of WASM"
