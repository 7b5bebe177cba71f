#!/usr/bin/env bash
# Memory and latency under a burst of correct logins, against the release binary on loopback.
#
#   bash scripts/build-release.sh && bash bench/login-burst.sh   # CONNECTIONS=64 DURATION=8
#
# 100 accounts (one shared password hash, written by SQL); then, at the same time, for DURATION
# seconds: wrk with CONNECTIONS connections logging in as random accounts (every login is a full
# Argon2id check), and a second wrk on `GET /api/v1/me` at 4 connections for its latency.
# Prints the server's RSS idle, its peak (VmHWM), and 3 s after the burst, and counts answers.
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/bench/common.sh"
cd "$ROOT"

DURATION="${DURATION:-8}"
CONNECTIONS="${CONNECTIONS:-64}"
ACCOUNTS="${ACCOUNTS:-100}"
PORT="${BENCH_PORT:-3203}"
URL="http://127.0.0.1:$PORT"

bench_setup mentorship_login_bench
start_bench_server "$PORT" bench-login.log JWT_SECRET=login-bench-secret-login-bench-secret

export BENCH_PASSWORD="a long enough passphrase" BENCH_ACCOUNTS="$ACCOUNTS"
step "Creating $ACCOUNTS accounts"
BENCH_TOKEN="$(curl -fs -X POST "$URL/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"burst0@bench.example.org\",\"password\":\"$BENCH_PASSWORD\",\"name\":\"Bench\",\"role\":\"mentee\"}" |
  sed -E 's/.*"token":"([^"]+)".*/\1/')"
export BENCH_TOKEN
pg "$BENCH_DB" -q -c "
  INSERT INTO users (email, password_hash, name, role)
  SELECT 'burst' || i || '@bench.example.org', u.password_hash, 'Bench ' || i, 'mentee'
  FROM generate_series(1, $ACCOUNTS - 1) AS i,
       (SELECT password_hash FROM users WHERE email = 'burst0@bench.example.org') AS u"

rss() { awk -v key="$1:" '$1 == key { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
# Reset the peak so it measures the burst, not start-up.
echo 5 > "/proc/$SERVER_PID/clear_refs" 2>/dev/null || true

echo "machine: $(nproc) cores, $(uname -r); server, PostgreSQL and wrk share them"
echo "RSS idle: $(rss VmRSS) MB"
step "Burst: $CONNECTIONS concurrent correct logins over $ACCOUNTS accounts for ${DURATION}s, GET /api/v1/me beside it"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s -s bench/login-burst.lua "$URL/api/v1/auth/login" \
  > "$DATA_DIR/bench-login-wrk.txt" &
LOGIN_WRK=$!
wrk -t1 -c4 -d"${DURATION}s" --latency -s bench/me.lua "$URL/api/v1/me" > "$DATA_DIR/bench-me-wrk.txt"
wait "$LOGIN_WRK"
sleep 3
echo "RSS peak: $(rss VmHWM) MB, 3 s after the burst: $(rss VmRSS) MB"
grep -E "^logins:|Requests/sec" "$DATA_DIR/bench-login-wrk.txt"
echo "GET /api/v1/me during the burst:"
grep -E "50%|90%|99%|Requests/sec|non-2xx" "$DATA_DIR/bench-me-wrk.txt"
