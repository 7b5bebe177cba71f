#!/usr/bin/env bash
# Directory search with 10 000 mentors: the HTTP endpoint under wrk, beside pgbench running the
# same SQL at the same concurrency, so the API's figure reads as a ratio to PostgreSQL alone.
#
#   bash bench/directory.sh                 # 10 s per run, 16 connections
#   DURATION=30 CONNECTIONS=32 bash bench/directory.sh
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/bench/common.sh"
cd "$ROOT"

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
PORT="${BENCH_PORT:-3201}"
URL="http://127.0.0.1:$PORT"

bench_setup mentorship_directory_bench
DATABASE_URL="$BENCH_DB" APP_ENV=dev target/release/server migrate >/dev/null

step "Generating 10 000 mentors"
pg "$BENCH_DB" -q -f bench/directory-data.sql
pg "$BENCH_DB" -qtA -c "SELECT count(*) || ' mentors' FROM users WHERE role = 'mentor'"

start_bench_server "$PORT" bench-directory.log DATABASE_MAX_CONNECTIONS="$CONNECTIONS"
curl -fs "$URL/api/v1/mentors?q=rust&accepting=true&per_page=20" |
  sed -E 's/.*"total":([0-9]+).*/    matches for "rust": \1\n/'

echo "machine: $(nproc) cores; server, PostgreSQL and the load generator share them"
step "HTTP: GET /api/v1/mentors?q=rust&accepting=true&per_page=20 ($CONNECTIONS connections, ${DURATION}s)"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/percentiles.lua \
  "$URL/api/v1/mentors?q=rust&accepting=true&per_page=20"
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER_PID/status")"

step "PostgreSQL alone: pgbench, the same query ($CONNECTIONS clients, ${DURATION}s)"
LOG_DIR="$(mktemp -d)"
split_db_url "$BENCH_DB"
(cd "$LOG_DIR" && PGPASSWORD="$DB_URL_PASSWORD" pgbench -n -c "$CONNECTIONS" -j 2 -T "$DURATION" \
  -f "$ROOT/bench/directory-search.sql" -l "$DB_URL_BARE" |
  grep -E "tps|latency average")
# Per-transaction logs: the third column is the latency in microseconds.
cat "$LOG_DIR"/pgbench_log.* | awk '{print $3}' | sort -n | awk '
  { v[NR] = $1 }
  END { printf "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%d transactions)\n",
        v[int(NR*0.50)]/1000, v[int(NR*0.95)]/1000, v[int(NR*0.99)]/1000, NR }'
rm -rf "$LOG_DIR"
