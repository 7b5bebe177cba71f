#!/usr/bin/env bash
# Builds the app (release), starts a private PostgreSQL when DATABASE_URL is unset, migrates,
# loads the demo data on first start, and serves on http://127.0.0.1:3000.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_rust_tools
ensure_wasm_opt

if [ -z "${DATABASE_URL:-}" ]; then
  start_private_postgres
  export DATABASE_URL="$DATABASE_URL_BASE/mentorship"
  ensure_database "$DATABASE_URL"
fi
ensure_jwt_secret

step "Building the app (release; the first build takes several minutes)"
build_release

export LEPTOS_SITE_ROOT="$ROOT/target/site"
export BIND_ADDR="${BIND_ADDR:-127.0.0.1:3000}"

step "Loading demo data (only on first start)"
# The demo admin (published password) only on the private trial database this script started.
if [ -n "${DATABASE_URL_BASE:-}" ]; then
  target/release/server seed-demo --with-admin
else
  target/release/server seed-demo
fi

step "Starting the server"
exec target/release/server serve
