#!/usr/bin/env bash
# The mail worker working off a backlog: N mails already in the outbox (as after an SMTP
# outage), sent by the release server over SMTP to a real SMTP server on loopback (aiosmtpd,
# from the tests' venv). Prints mails per second and the server's RSS before and at its peak.
#
#   bash scripts/build-release.sh && bash bench/mail.sh        # MAILS=5000 by default
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/bench/common.sh"
cd "$ROOT"

MAILS="${MAILS:-5000}"
PORT="${BENCH_PORT:-3204}"
SMTP_PORT="${BENCH_SMTP_PORT:-2627}"
MAIL_DIR="$DATA_DIR/bench-mail"

bench_setup mentorship_mail_bench
ensure_test_venv
step "Starting the SMTP server (aiosmtpd) on 127.0.0.1:$SMTP_PORT"
"$TEST_VENV/bin/python" end2end/scripts/smtp_sink.py "$SMTP_PORT" "$MAIL_DIR" >"$DATA_DIR/bench-smtp.log" 2>&1 &
SMTP_PID=$!
for _ in $(seq 1 50); do (echo >"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && break; sleep 0.2; done

# The schema first (the server migrates at start), then the backlog, then the worker.
DATABASE_URL="$BENCH_DB" APP_ENV=dev RUST_LOG=warn target/release/server migrate >/dev/null
step "Writing $MAILS mails to the outbox"
pg "$BENCH_DB" -q -c "
  INSERT INTO mail_outbox (to_address, subject, text_body, html_body, kind, next_attempt_at, created_at)
  SELECT 'member' || n || '@bench.example.org', 'Bench mail ' || n,
         repeat('A line of the message body. ', 40), '<p>' || repeat('A line of the message body. ', 40) || '</p>',
         'test', now(), now()
  FROM generate_series(1, $MAILS) AS n"

started=$(date +%s.%N)
start_bench_server "$PORT" bench-mail.log JWT_SECRET=mail-bench-secret-mail-bench-secret \
  SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" MAIL_FROM="Bench <bench@example.org>"
trap 'kill $SERVER_PID $SMTP_PID 2>/dev/null || true' EXIT
rss() { awk "/^$1:/ {print int(\$2 / 1024) \" MB\"}" "/proc/$SERVER_PID/status"; }
echo "RSS at start: $(rss VmRSS)"
while [ "$(pg "$BENCH_DB" -qtA -c "SELECT count(*) FROM mail_outbox WHERE status = 'pending'")" != 0 ]; do
  sleep 0.2
done
finished=$(date +%s.%N)
sent="$(pg "$BENCH_DB" -qtA -c "SELECT count(*) FROM mail_outbox WHERE status = 'sent'")"
received="$(find "$MAIL_DIR" -name '*.json' | wc -l)"
awk -v s="$started" -v f="$finished" -v n="$sent" 'BEGIN { printf "sent %d mails in %.1f s (from the server start): %.0f mails/s\n", n, f - s, n / (f - s) }'
echo "received by the SMTP server: $received"
echo "RSS now: $(rss VmRSS), peak: $(rss VmHWM)"
