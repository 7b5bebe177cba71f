#!/usr/bin/env bash
# Matching rounds at programme scale: on the 100 000 members of bench/members-data.sql, score a
# round of 1 000 mentees without a mentor × 300 listed mentors with free places (every pair, as
# `POST /admin/rounds/{id}/compute` scores them) and assign it optimally (min-cost flow) and
# greedily (best pair first), printing both totals and times (`server compare-assignment`).
#
#   bash bench/matching.sh                      # MENTEES=1000 MENTORS=300
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/bench/common.sh"
cd "$ROOT"

bench_members_db
echo "machine: $(nproc) cores"
step "compare-assignment: ${MENTEES:-1000} mentees × ${MENTORS:-300} mentors"
DATABASE_URL="$BENCH_DB" APP_ENV=dev target/release/server compare-assignment \
  --mentees "${MENTEES:-1000}" --mentors "${MENTORS:-300}"
