#!/usr/bin/env bash
# Runs every test: unit, database (one fresh database per test), JSON API through the real
# router, the OpenAPI contract, and Playwright in Debian's Chromium against the real server binary.
#
# With DATABASE_URL unset, the tests use their own fast cluster in .data/pg-test (never the one
# `make run` keeps its data in). With DATABASE_URL set, they only ever use databases they create
# there under unique names, and drop them at the end: the named database itself is not touched.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_rust_tools
ensure_e2e_tools
ensure_test_venv
ensure_postgres_binaries

if [ -z "${DATABASE_URL:-}" ]; then
  start_test_postgres
fi
RUN_ID="$(date +%s)_$$"
TEST_DATABASE_URL="$(database_url_for "mentorship_test_$RUN_ID")"
E2E_DATABASE_URL="$(database_url_for "mentorship_e2e_$RUN_ID")"
cleanup() {
  drop_database "$TEST_DATABASE_URL" 2>/dev/null || true
  drop_database "$E2E_DATABASE_URL" 2>/dev/null || true
}
trap cleanup EXIT
create_database "$TEST_DATABASE_URL"
create_database "$E2E_DATABASE_URL"
# sqlx's test harness keeps its bookkeeping in the database DATABASE_URL names and creates one
# database per test beside it (dropped when the test passes).
export DATABASE_URL="$TEST_DATABASE_URL"

step "Checking formatting (cargo fmt) and lints (cargo clippy, warnings are errors)"
cargo fmt --all -- --check || die "the tree is not formatted: run cargo fmt --all"
LEPTOS_OUTPUT_NAME=mentorship RUSTFLAGS="--cfg erase_components" \
  cargo clippy -p app -p server --tests --no-deps -- -D warnings
# The browser side: the same app crate with `hydrate`, as the WASM bundle compiles it.
cargo clippy -p frontend -p app --target wasm32-unknown-unknown --no-deps -- -D warnings

step "Checking the SQL against the migrations (.sqlx/ describes every query as written)"
bash scripts/sqlx.sh check

step "Building the server and the WASM bundle (cargo leptos build)"
cargo leptos build --split

# Same compile-time environment cargo-leptos uses, so the tests reuse its build artefacts
# instead of recompiling Leptos.
step "Running Rust tests (unit, database, JSON API)"
LEPTOS_OUTPUT_NAME=mentorship RUSTFLAGS="--cfg erase_components" \
  cargo test -p app -p server --no-fail-fast

step "Running the API contract tests (schemathesis, every operation, three roles)"
bash scripts/contract.sh

step "Running browser tests (Playwright, Chromium)"
export E2E_DATABASE_URL
(cd end2end && npx playwright test)

step "All tests passed"
