#!/usr/bin/env bash
# What the benchmark scripts share: the tools they need, the release binary, a database of
# their own, and the server started against it. Source it after scripts/lib.sh.

# bench_setup DB_NAME: checks for wrk and the release binary, starts the private cluster when
# DATABASE_URL is unset, and (re)creates the benchmark's own database; exports BENCH_DB.
bench_setup() {
  command -v wrk >/dev/null || apt_install wrk
  [ -x target/release/server ] || die "build the release binary first: bash scripts/build-release.sh"
  if [ -z "${DATABASE_URL:-}" ]; then start_private_postgres; fi
  BENCH_DB="$(database_url_for "$1")"
  export BENCH_DB
  recreate_database "$BENCH_DB"
}

# start_bench_server PORT LOG_NAME [NAME=VALUE ...]: the release server on 127.0.0.1:PORT against
# BENCH_DB (extra settings as arguments), stopped when the script exits; returns once it is ready.
start_bench_server() {
  local port="$1" log="$DATA_DIR/$2"
  shift 2
  local url="http://127.0.0.1:$port"
  step "Starting the server on $url"
  # Settings through the environment, never the command line (the URL carries a password).
  (
    export DATABASE_URL="$BENCH_DB" BIND_ADDR="127.0.0.1:$port" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
      LEPTOS_SITE_ROOT=target/site APP_ENV=dev RUST_LOG=warn "$@"
    exec target/release/server serve
  ) >"$log" 2>&1 &
  SERVER_PID=$!
  trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do curl -fs "$url/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$url/readyz" >/dev/null || die "server did not become ready (see ${log#$ROOT/})"
}

# bench_node_tools: Lighthouse (bench/package.json) in bench/node_modules, installed when missing.
bench_node_tools() {
  command -v chromium >/dev/null || apt_install chromium
  if [ ! -x bench/node_modules/.bin/lighthouse ]; then
    step "Installing Lighthouse (npm ci in bench/)"
    (cd bench && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# bench_members_db: BENCH_DB holding the 100 000 members of bench/members-data.sql, migrated.
# The data is generated once and kept between runs unless FRESH_DATA=1.
bench_members_db() {
  command -v wrk >/dev/null || apt_install wrk
  [ -x target/release/server ] || die "build the release binary first: bash scripts/build-release.sh"
  if [ -z "${DATABASE_URL:-}" ]; then start_private_postgres; fi
  BENCH_DB="$(database_url_for mentorship_members_bench)"
  export BENCH_DB
  local members
  members="$(pg "$BENCH_DB" -qtA -c "SELECT count(*) FROM users" 2>/dev/null || echo 0)"
  if [ "${FRESH_DATA:-}" = 1 ] || [ "$members" -lt 100000 ]; then
    recreate_database "$BENCH_DB"
    DATABASE_URL="$BENCH_DB" APP_ENV=dev target/release/server migrate >/dev/null
    step "Generating 100 000 members (a minute or two)"
    pg "$BENCH_DB" -q -v ON_ERROR_STOP=1 -f bench/members-data.sql >/dev/null
  else
    step "Reusing the generated members (FRESH_DATA=1 makes them again)"
    DATABASE_URL="$BENCH_DB" APP_ENV=dev target/release/server migrate >/dev/null
  fi
  pg "$BENCH_DB" -qtA -F' ' -c "SELECT (SELECT count(*) FROM users WHERE role = 'mentor') || ' mentors,',
    (SELECT count(*) FROM users WHERE role = 'mentee') || ' mentees,',
    (SELECT count(*) FROM mentorships WHERE ended_at IS NULL) || ' active mentorships,',
    (SELECT count(*) FROM profiles WHERE listed) || ' listed mentors'"
}
