#!/usr/bin/env bash
# Runs every test: unit, database (one fresh database per test), JSON API through the real
# router, and Playwright in Debian's Chromium against the real server binary.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_rust_tools
ensure_e2e_tools

if [ -z "${DATABASE_URL:-}" ]; then
  start_private_postgres
  export DATABASE_URL="$DATABASE_URL_BASE/postgres"
fi

step "Building the server and the WASM bundle (cargo leptos build)"
cargo leptos build

# Same compile-time environment cargo-leptos uses, so the tests reuse its build artefacts
# instead of recompiling Leptos.
step "Running Rust tests (unit, database, JSON API)"
LEPTOS_OUTPUT_NAME=mentorship RUSTFLAGS="--cfg erase_components" \
  cargo test -p app -p server --no-fail-fast

step "Running browser tests (Playwright, Chromium)"
E2E_DATABASE_URL="$(database_url_for mentorship_e2e)"
recreate_database "$E2E_DATABASE_URL"
export E2E_DATABASE_URL
(cd end2end && npx playwright test)

step "All tests passed"
