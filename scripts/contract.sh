#!/usr/bin/env bash
# Contract tests: schemathesis generates requests from the served /api/v1/openapi.json and checks
# the real server's answers against that document (status codes, bodies, headers, validation,
# auth), once as a mentee, once as a mentor and once as an admin, since most operations answer
# differently by role.
#
# It runs the already built target/debug/server (CONTRACT_SERVER overrides it) and builds nothing:
# build first (`cargo leptos build`, as scripts/test.sh does). Like scripts/test.sh it uses the
# tests' own cluster when DATABASE_URL is unset, and only ever a database it creates under a unique
# name and drops at the end. Exit status: non-zero when any run reports any failure.
#
# Knobs: CONTRACT_EXAMPLES (generated test cases per operation, default 25), CONTRACT_SEED,
# CONTRACT_PORT (default 3300), CONTRACT_REPORT_DIR (default target/contract: logs, JUnit and
# NDJSON reports per run), CONTRACT_RUN_TIMEOUT (seconds one schemathesis run may take).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

VENV="$TEST_VENV"
SERVER_BIN="${CONTRACT_SERVER:-$ROOT/target/debug/server}"
PORT="${CONTRACT_PORT:-3300}"
EXAMPLES="${CONTRACT_EXAMPLES:-25}"
SEED="${CONTRACT_SEED:-20250101}"
REPORT_DIR="${CONTRACT_REPORT_DIR:-$ROOT/target/contract}"
BASE="http://127.0.0.1:$PORT"
SCHEMA_URL="$BASE/api/v1/openapi.json"
PASSWORD="a long enough passphrase"
# A bound on each run, so a hung server cannot hold CI until its own limit: generous next to the
# ~10 s a role's run takes at 25 examples.
RUN_TIMEOUT="${CONTRACT_RUN_TIMEOUT:-$((300 + EXAMPLES * 12))}"

[ -x "$SERVER_BIN" ] || die "no server binary at ${SERVER_BIN#$ROOT/}: build it first (cargo leptos build)"

ensure_test_venv
PY="$VENV/bin/python"

if [ -z "${DATABASE_URL:-}" ]; then
  start_test_postgres
fi
CONTRACT_DATABASE_URL="$(database_url_for "mentorship_contract_$(date +%s)_$$")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  drop_database "$CONTRACT_DATABASE_URL" 2>/dev/null || true
}
trap cleanup EXIT
create_database "$CONTRACT_DATABASE_URL"

# Only the files this script writes there: CONTRACT_REPORT_DIR may name a folder with others.
mkdir -p "$REPORT_DIR"
rm -rf "$REPORT_DIR"/*.log "$REPORT_DIR"/*.ndjson "$REPORT_DIR"/*.junit.xml "$REPORT_DIR/.schemathesis" \
  "$REPORT_DIR/.hypothesis"

if curl -s -o /dev/null --max-time 2 "$BASE/"; then
  die "something already listens on 127.0.0.1:$PORT: set CONTRACT_PORT to a free port"
fi
step "Starting ${SERVER_BIN#$ROOT/} on $BASE (log: ${REPORT_DIR#$ROOT/}/server.log)"
# A fresh random JWT secret: tokens from this run mean nothing anywhere else.
DATABASE_URL="$CONTRACT_DATABASE_URL" BIND_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
  LEPTOS_SITE_ROOT=target/site APP_ENV=dev RUST_LOG=warn \
  JWT_SECRET="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" \
  "$SERVER_BIN" serve >"$REPORT_DIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 120); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/readyz")" = 200 ]; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$REPORT_DIR/server.log" >&2; die "the server exited"; }
  sleep 0.5
done
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/readyz")" = 200 ] \
  || { tail -20 "$REPORT_DIR/server.log" >&2; die "the server did not become ready within 60 s"; }

# post_token PATH JSON: POSTs JSON to the API and prints the token of the answer.
post_token() {
  local answer
  answer="$(curl -s --max-time 30 -H 'Content-Type: application/json' -d "$2" "$BASE/api/v1$1")"
  "$PY" -c 'import json, sys; print(json.loads(sys.argv[1])["token"])' "$answer" 2>/dev/null \
    || die "POST /api/v1$1 gave no token: $answer"
}
login_token() {
  post_token /auth/login "{\"email\": \"$1\", \"password\": \"$PASSWORD\"}"
}

step "Creating the mentee, mentor and admin accounts"
declare -A TOKEN LOGOUT_TOKEN EMAIL
EMAIL[mentee]=mentee@contract.example.org
EMAIL[mentor]=mentor@contract.example.org
EMAIL[admin]=admin@contract.example.org
for role in mentee mentor; do
  TOKEN[$role]="$(post_token /auth/register \
    "{\"email\": \"${EMAIL[$role]}\", \"password\": \"$PASSWORD\", \"name\": \"Contract ${role^}\", \"role\": \"$role\"}")"
done
created="$(ADMIN_PASSWORD="$PASSWORD" DATABASE_URL="$CONTRACT_DATABASE_URL" APP_ENV=dev RUST_LOG=error \
  "$SERVER_BIN" create-admin --email "${EMAIL[admin]}" --name Admin 2>&1)" || die "create-admin failed: $created"
TOKEN[admin]="$(login_token "${EMAIL[admin]}")"
# A second session per role, for the logout run below. Taken now, before schemathesis floods
# POST /auth/login with wrong passwords from this address and the login limits start refusing.
for role in mentee mentor admin; do
  LOGOUT_TOKEN[$role]="$(login_token "${EMAIL[$role]}")"
done

COMMON=(--checks all --max-examples "$EXAMPLES" --seed "$SEED" --workers 1
  # No example database: a failure stored by one run (or role) would be replayed by the next.
  --generation-database none
  --request-timeout 30 --report junit,ndjson)
# schemathesis writes through tee below, so it never sees a terminal and shows no live progress
# display: plain text, the same on a terminal as in CI (CI=true) and in the .log files, and wide
# enough that its lines do not wrap at 80 columns.
COMMON+=(--no-color)
export COLUMNS="${COLUMNS:-120}"

# schemathesis keeps a cache of requests that it replays in later runs, in .schemathesis/ under
# the current directory: off, so that each role's run depends on its seed alone (and on no earlier
# run). The runs go from REPORT_DIR, where Hypothesis also writes its .hypothesis/ folder even
# without an example database, so nothing lands in the work tree. The explicit config file keeps
# any schemathesis.toml in a parent directory out of it.
#
# Every other check runs as schemathesis ships it. The one adjustment: a few operations have rules
# that JSON Schema cannot state — they depend on other fields or on the database — and answer
# schema-valid requests that break them with a documented 422. For exactly those operations the
# positive-data check also accepts 422 (its defaults already accept 401/403/404/409):
#   register          common passwords; a password equal to the email or name
#   availability      a day's blocks must not overlap; a block must end after it starts
#   slots             `to` after `from`, at most 62 days
#   book a session    the start must be one of the mentor's open slots right now
#   rate a session    only once the session has ended, and not if it was cancelled
#   cancel a session  not once it has started
#   send a request    not to yourself
#   account links     reset and confirmation tokens, unsubscribe tokens: only ones the app mailed
#   password checks   changing the password or email, or deleting the account, needs the right one
#   forgot password   the address may be blank after trimming
#   directory search  `tz` must name an IANA time zone
#   matching rounds   members must be active mentees and mentors (of the round, for rules and
#                     pairs); pairs must be eligible and within the mentors' free places
cat >"$REPORT_DIR/schemathesis.toml" <<'TOML'
[cache]
enabled = false
TOML
for rule in "POST /api/v1/auth/register" "PUT /api/v1/me/availability" "GET /api/v1/mentors/{id}/slots" \
  "POST /api/v1/sessions" "POST /api/v1/sessions/{id}/feedback" "POST /api/v1/sessions/{id}/cancel" \
  "POST /api/v1/requests" "POST /api/v1/auth/password/forgot" "POST /api/v1/auth/password/reset" \
  "PUT /api/v1/me/password" "PUT /api/v1/me/email" "POST /api/v1/auth/email/confirm" "DELETE /api/v1/me" \
  "GET /api/v1/unsubscribe" "POST /api/v1/unsubscribe" "GET /api/v1/mentors" "POST /api/v1/admin/rounds" \
  "POST /api/v1/admin/rounds/{id}/exclusions" "PUT /api/v1/admin/rounds/{id}/pairs"; do
  cat >>"$REPORT_DIR/schemathesis.toml" <<TOML

[[operations]]
include-method = "${rule%% *}"
include-path = "${rule#* }"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]
TOML
done

# st NAME TOKEN ARGS...: one schemathesis run; its output also goes to REPORT_DIR/NAME.log, its
# reports to NAME.junit.xml and NAME.ndjson there.
st() {
  local name="$1" token="$2"
  shift 2
  local rc=0
  (cd "$REPORT_DIR" && timeout --kill-after=30 "$RUN_TIMEOUT" "$VENV/bin/schemathesis" \
    --config-file "$REPORT_DIR/schemathesis.toml" run "$SCHEMA_URL" "${COMMON[@]}" \
    -H "Authorization: Bearer $token" --report-junit-path "$REPORT_DIR/$name.junit.xml" \
    --report-ndjson-path "$REPORT_DIR/$name.ndjson" "$@") 2>&1 \
    | tee "$REPORT_DIR/$name.log" || rc=$?
  return "$rc"
}

declare -A RESULT SECONDS_TAKEN
FAILED=0
for role in mentee mentor admin; do
  step "schemathesis as the $role (${EXAMPLES} examples per operation, seed $SEED)"
  started=$SECONDS
  status=passed
  # POST /auth/logout revokes the very token the run sends, and every later request would then
  # answer 401; POST /me/logins/revoke-others ends the second session kept for that. The main
  # run leaves both out; afterwards runs of their own test them with the second session (first
  # ending the others, which keeps it, then logging it out).
  st "$role" "${TOKEN[$role]}" --exclude-path /api/v1/auth/logout \
    --exclude-path /api/v1/me/logins/revoke-others || status=failed
  st "$role-others" "${LOGOUT_TOKEN[$role]}" --include-path /api/v1/me/logins/revoke-others || status=failed
  st "$role-logout" "${LOGOUT_TOKEN[$role]}" --include-path /api/v1/auth/logout || status=failed
  SECONDS_TAKEN[$role]=$((SECONDS - started))
  RESULT[$role]=$status
  [ "$status" = passed ] || FAILED=1
done

# Per run: schemathesis's closing line ("N failures, M warnings in T s") and its failure counts
# by kind (the "Failures:" block of its summary).
step "Summary (logs and reports in ${REPORT_DIR#$ROOT/}/)"
for role in mentee mentor admin; do
  printf '    %s: %s in %ss\n' "$role" "${RESULT[$role]}" "${SECONDS_TAKEN[$role]}"
  for run in "$role" "$role-others" "$role-logout"; do
    printf '      %-14s %s\n' "$run" \
      "$(grep -E '^=+ .* =+$' "$REPORT_DIR/$run.log" | tail -1 | tr -d '=' | sed 's/^ *//; s/ *$//')"
    awk '/^Failures:/ { on = 1; next } on && /^[[:space:]]*$/ { exit } on { sub(/^ +/, ""); print "          " $0 }' \
      "$REPORT_DIR/$run.log"
  done
done
[ "$FAILED" = 0 ] || die "schemathesis found failures (see above and ${REPORT_DIR#$ROOT/}/)"
step "Contract tests passed"
