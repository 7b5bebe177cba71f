#!/usr/bin/env bash
# Slot listing and booking under contention, against the release binary on loopback.
#
#   bash scripts/build-release.sh && bash bench/booking.sh     # DURATION=10 CONNECTIONS=16
#
# 1. Slot listing: one mentor with a full week of blocks (08:00–12:00 and 13:00–18:00 every
#    day, Europe/London) and 100 sessions already booked, asked for 30-minute slots over the
#    whole 8-week horizon — the widest listing the API serves.
# 2. Booking under contention: 10 mentors with 10 mentees each; every request books a random
#    one of its mentor's first 12 hour-long slots (30 minutes apart, so neighbours overlap), and
#    most attempts collide. Each answer should be a 201 or a 409 decided by the exclusion
#    constraints; the run counts them, and afterwards the script checks that no two scheduled
#    sessions of one mentor or one mentee overlap.
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/bench/common.sh"
cd "$ROOT"

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
PORT="${BENCH_PORT:-3202}"
URL="http://127.0.0.1:$PORT"

command -v python3 >/dev/null || apt_install python3
bench_setup mentorship_booking_bench
DATABASE_URL="$BENCH_DB" APP_ENV=dev target/release/server migrate >/dev/null

start_bench_server "$PORT" bench-booking.log DATABASE_MAX_CONNECTIONS="$CONNECTIONS" \
  JWT_SECRET=booking-bench-secret-booking-bench-secret

step "Creating mentors, mentees, mentorships and 100 booked sessions"
WORK="$(mktemp -d)"
python3 bench/booking-setup.py "$URL" "$WORK"   # reads BENCH_DB from the environment
echo "machine: $(nproc) cores; server, PostgreSQL and the load generator share them"

step "Slot listing: 8 weeks of 30-minute slots for one mentor ($CONNECTIONS connections, ${DURATION}s)"
SLOTS_URL="$(cat "$WORK/slots-url")"
curl -fs "$SLOTS_URL" | python3 -c 'import json,sys; print("    slots in one answer:", len(json.load(sys.stdin)["slots"]))'
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/percentiles.lua "$SLOTS_URL"

step "Booking under contention: 100 mentees, 120 contested slots ($CONNECTIONS connections, ${DURATION}s)"
BOOKING_DATA="$WORK/booking-data.lua" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/booking.lua "$URL/api/v1/sessions"

step "Checking the outcome in PostgreSQL"
pg "$BENCH_DB" -qtA <<'SQL'
SELECT 'sessions booked by the run: ' || count(*) FROM sessions WHERE agenda = 'bench booking';
SELECT 'overlapping pairs (must be 0): ' || count(*)
FROM sessions a JOIN sessions b ON a.id < b.id
  AND (a.mentor_id = b.mentor_id OR a.mentee_id = b.mentee_id)
  AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
WHERE a.status = 'scheduled' AND b.status = 'scheduled';
SQL
rm -rf "$WORK"
