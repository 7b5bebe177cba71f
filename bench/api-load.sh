#!/usr/bin/env bash
# Load test of GET /api/v1/me (token check against the database on every request) and of
# POST /api/v1/auth/login (Argon2id hashing), with wrk on loopback against the release binary.
#
#   bash bench/api-load.sh            # defaults: 15 s per run
#   DURATION=30s bash bench/api-load.sh
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"

DURATION="${DURATION:-15s}"
PORT="${BENCH_PORT:-3200}"
URL="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || apt_install wrk
if [ ! -x target/release/server ]; then
  ensure_rust_tools
  ensure_wasm_opt
  step "Building the release binary"
  build_release
fi

if [ -z "${DATABASE_URL:-}" ]; then
  start_private_postgres
fi
BENCH_DB="$(database_url_for mentorship_bench)"
recreate_database "$BENCH_DB"

step "Starting the server on $URL"
DATABASE_URL="$BENCH_DB" BIND_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
  LEPTOS_SITE_ROOT=target/site APP_ENV=dev JWT_SECRET="bench-secret-bench-secret-bench-secret" \
  RUST_LOG=warn target/release/server serve >"$DATA_DIR/bench-server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "$URL/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$URL/readyz" >/dev/null || die "server did not become ready (see .data/bench-server.log)"

export BENCH_EMAIL="bench@example.org" BENCH_PASSWORD="a long enough passphrase"
BENCH_TOKEN="$(curl -fs -X POST "$URL/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\",\"name\":\"Bench\",\"role\":\"mentee\"}" |
  sed -E 's/.*"token":"([^"]+)".*/\1/')"
export BENCH_TOKEN

echo "machine: $(nproc) cores, $(uname -r); server and wrk share them"
step "GET /api/v1/me — 2 threads, 32 connections, $DURATION"
wrk -t2 -c32 -d"$DURATION" --latency -s bench/me.lua "$URL/api/v1/me"

step "POST /api/v1/auth/login — 2 threads, 8 connections, $DURATION"
wrk -t2 -c8 -d"$DURATION" --latency -s bench/login.lua "$URL/api/v1/auth/login"
