#!/usr/bin/env bash
# What a first visit downloads, on the four pages people land on: the landing page, the
# directory, a mentor's page and the login page. Each is loaded once in headless Chromium by
# Lighthouse; from its network log come the WASM bytes the visit transferred (every .wasm the
# page fetched until it was idle, brotli as the server sends them), the JS and CSS, and from its
# report the four scores and the total byte weight. Console errors fail the run. Needs the
# release build (hashed, precompressed):
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

step "First visits in headless Chromium (Lighthouse, mobile defaults), bytes as transferred"
bench_node_tools
printf '%-16s %9s %6s %8s %8s  %5s %5s %5s %5s  %s\n' page "wasm" files "js" "css" perf a11y bp seo "total weight"
over=0
for page in "${pages[@]}"; do
  label="$page"; [ "$page" = "/mentors/$mentor_id" ] && label="/mentors/{id}"
  report="$DATA_DIR/lighthouse-$(echo "$label" | tr -c 'a-z0-9\n' '_').json"
  CHROME_PATH=/usr/bin/chromium bench/node_modules/.bin/lighthouse "$URL$page" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output-path="$report" >/dev/null 2>&1 || die "lighthouse failed on $page"
  # Every request the page made until it was idle: the main module, the chunks the server
  # preloaded for the page, and any chunk hydration fetched after them.
  python3 - "$report" "$label" "$BUDGET" <<'PY' || over=1
import json, sys
report, label, budget = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
requests = report["audits"]["network-requests"]["details"]["items"]
def total(ext):
    return sum(r.get("transferSize", 0) for r in requests if r["url"].split("?")[0].endswith(ext))
wasm_files = sum(1 for r in requests if r["url"].endswith(".wasm"))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
errors = report["audits"]["errors-in-console"]["details"]["items"]
weight = report["audits"]["total-byte-weight"]["numericValue"]
print(f'{label:16} {total(".wasm") / 1024:7.0f}KB {wasm_files:6} {total(".js") / 1024:6.0f}KB {total(".css") / 1024:6.0f}KB  '
      f'{scores["performance"]:5} {scores["accessibility"]:5} {scores["best-practices"]:5} {scores["seo"]:5}  {weight / 1024:.0f} KB')
for error in errors:
    print("   console error:", error.get("description", "")[:160].replace("\n", " "))
sys.exit(1 if total(".wasm") > budget or errors else 0)
PY
done

step "What each island costs where it appears (main module + its chunks, brotli, from the split manifest)"
python3 - target/site/pkg <<'PY'
import glob, json, os, sys
pkg = sys.argv[1]
brotli = {os.path.basename(f).split(".")[0]: os.path.getsize(f) for f in glob.glob(f"{pkg}/*.wasm.br")}
main = next(size for name, size in brotli.items() if name == "mentorship")
manifest = json.load(open(glob.glob(f"{pkg}/__wasm_split_manifest*.json")[0]))
print(f"{'main module':24} {main / 1024:6.0f} KB")
for split, chunks in sorted(manifest.items()):
    own = sum(brotli.get(chunk.split(".")[0], 0) for chunk in chunks)
    print(f"{split.split('_loader')[0]:24} {(main + own) / 1024:6.0f} KB  ({len(chunks)} files besides main)")
PY
[ "$over" = 0 ] || die "a first visit needs more than 250 KB of WASM, or logged an error"
