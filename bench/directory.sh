#!/usr/bin/env bash
# The directory and suggestions at programme scale: 100 000 members (bench/members-data.sql).
# Each case runs through the HTTP API under wrk and, beside it, as the very SQL file the service
# sends (app/src/directory/search.sql or suggestions.sql, its $N parameters filled in) under
# pgbench at the same concurrency, so the API's figure reads as a ratio to PostgreSQL alone.
# The plans (EXPLAIN (ANALYZE, BUFFERS)) go to target/bench-directory-plans.txt.
#
#   bash bench/directory.sh                       # 10 s per run, 16 connections
#   DURATION=30 CONNECTIONS=32 bash bench/directory.sh
#   FRESH_DATA=1 bash bench/directory.sh          # generate the members again (kept otherwise)
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/bench/common.sh"
cd "$ROOT"

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
PORT="${BENCH_PORT:-3201}"
URL="http://127.0.0.1:$PORT"
PLANS="$ROOT/target/bench-directory-plans.txt"
SEARCH_SQL="$ROOT/app/src/directory/search.sql"
SUGGESTIONS_SQL="$ROOT/app/src/directory/suggestions.sql"

bench_members_db
start_bench_server "$PORT" bench-directory.log DATABASE_MAX_CONNECTIONS="$CONNECTIONS"
echo "machine: $(nproc) cores; server, PostgreSQL and the load generators share them"

# The search file with its parameters written in as SQL literals ($1 … $12 in order).
search_sql() {
  local sql
  sql="$(cat "$SEARCH_SQL")"
  local i=12
  local args=("$@")
  while [ "$i" -ge 1 ]; do
    sql="${sql//\$$i/${args[$((i - 1))]}}"
    i=$((i - 1))
  done
  printf '%s\n' "$sql"
}

# pgbench_run FILE: the SQL in FILE at $CONNECTIONS clients; prints tps and percentiles.
pgbench_run() {
  local log_dir
  log_dir="$(mktemp -d)"
  split_db_url "$BENCH_DB"
  (cd "$log_dir" && PGPASSWORD="$DB_URL_PASSWORD" pgbench -n -c "$CONNECTIONS" -j 2 -T "$DURATION" \
    -f "$1" -l "$DB_URL_BARE" | grep -E "^tps")
  cat "$log_dir"/pgbench_log.* | awk '{print $3}' | sort -n | awk '
    { v[NR] = $1 }
    END { printf "    pgbench: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%d transactions)\n",
          v[int(NR*0.50)]/1000, v[int(NR*0.95)]/1000, v[int(NR*0.99)]/1000, NR }'
  rm -rf "$log_dir"
}

# bench_case NAME API_PATH SQL_FILE [AUTH_TOKEN]: wrk on the API, pgbench on the SQL, the plan.
bench_case() {
  local name="$1" path="$2" sql_file="$3" token="${4:-}"
  step "$name — GET $path"
  local header=()
  [ -n "$token" ] && header=(-H "Authorization: Bearer $token")
  curl -fs "${header[@]}" "$URL$path" | python3 -c '
import json, sys
body = json.load(sys.stdin)
if isinstance(body, dict):
    names = ", ".join(m["name"] for m in body["items"][:3])
    print("    %d matches; first: %s" % (body["total"], names))
else:
    print("    " + "; ".join("%s (%d)" % (s["mentor"]["name"], s["score"]) for s in body[:3]))'
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/percentiles.lua "${header[@]}" "$URL$path" |
    grep -E "Requests/sec|p50|p95|p99" | sed 's/^/    wrk: /'
  pgbench_run "$sql_file" | sed 's/^tps/    pgbench: tps/'
  { echo "=== $name: GET $path"; pg "$BENCH_DB" -qtA -c "EXPLAIN (ANALYZE, BUFFERS) $(grep -v '^--' "$sql_file")"; echo; } >>"$PLANS"
}

: >"$PLANS"
CASES_DIR="$(mktemp -d)"
trap 'kill $SERVER_PID 2>/dev/null || true; rm -rf "$CASES_DIR"' EXIT
# The API's parameters for each case, as search.sql receives them from the service.
case_sql() { # FILE TERMS SKILLS ACCEPTING FACETS
  search_sql "$2" "'{}'" "$3" "$4" "NULL" "NULL" "NULL" "NULL" "'match'" "20" "0" "$5" >"$CASES_DIR/$1.sql"
}
case_sql one-word "'{rust}'" "'{}'" false false
case_sql one-word-facets "'{rust}'" "'{}'" false true
case_sql three-words "'{distributed,systems,mentor}'" "'{}'" false false
case_sql typo "'{pyhton}'" "'{}'" false false
case_sql filters-only "'{}'" "'{python}'" true false

bench_case "one word" "/api/v1/mentors?q=rust&per_page=20" "$CASES_DIR/one-word.sql"
bench_case "one word, with facets (as the page asks)" "/api/v1/mentors?q=rust&per_page=20&facets=true" "$CASES_DIR/one-word-facets.sql"
bench_case "three words" "/api/v1/mentors?q=distributed%20systems%20mentor&per_page=20" "$CASES_DIR/three-words.sql"
bench_case "a typo" "/api/v1/mentors?q=pyhton&per_page=20" "$CASES_DIR/typo.sql"
bench_case "filters only" "/api/v1/mentors?skill=python&accepting=true&per_page=20" "$CASES_DIR/filters-only.sql"

# Suggestions for a mentee who signs up now with three goals (the generated members cannot log
# in): the API with their token, pgbench with their id.
EMAIL="bench-suggested-$(date +%s)@example.org"
REGISTERED="$(curl -fs -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"a long enough passphrase\",\"name\":\"Bench Mentee\",\"role\":\"mentee\"}" \
  "$URL/api/v1/auth/register")"
TOKEN="$(printf '%s' "$REGISTERED" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
MENTEE_ID="$(printf '%s' "$REGISTERED" | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["id"])')"
curl -fs -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"headline":"","bio":"","skills":["python"],"goals":["rust","system design","career growth"],"timezone":"Europe/Berlin"}' \
  "$URL/api/v1/me/profile" >/dev/null
sql="$(cat "$SUGGESTIONS_SQL")"
mentee_literal="'$MENTEE_ID'::uuid"
notice_literal="(now() + interval '12 hours')"
week_literal="(now() + interval '7 days')"
sql="${sql//\$1/$mentee_literal}"
sql="${sql//\$2/6}"
sql="${sql//\$3/now()}"
sql="${sql//\$4/$notice_literal}"
sql="${sql//\$5/$week_literal}"
printf '%s\n' "$sql" >"$CASES_DIR/suggestions.sql"
bench_case "suggestions" "/api/v1/mentors/suggested" "$CASES_DIR/suggestions.sql" "$TOKEN"

echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER_PID/status")"
echo "plans: ${PLANS#$ROOT/}"
