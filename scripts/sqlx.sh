#!/usr/bin/env bash
# The offline data of the compile-time checked SQL (.sqlx/, committed). Builds read it instead
# of a database (SQLX_OFFLINE in .cargo/config.toml), so it must describe the queries as they are:
#   scripts/sqlx.sh prepare   regenerate it after changing a query or a migration
#   scripts/sqlx.sh check     fail if it is stale (make test runs this)
# Both compile every query against a scratch database migrated from migrations/, created for
# the run and dropped after it, so a renamed column fails here even when no test touches it.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

mode="${1:-prepare}"
case "$mode" in
  prepare) prepare_args=(--workspace) ;;
  check) prepare_args=(--workspace --check) ;;
  *) die "usage: scripts/sqlx.sh prepare|check" ;;
esac

ensure_sqlx_cli
ensure_postgres_binaries
if [ -z "${DATABASE_URL:-}" ]; then
  start_test_postgres
fi
SQLX_DATABASE_URL="$(database_url_for "mentorship_sqlx_$(date +%s)_$$")"
trap 'drop_database "$SQLX_DATABASE_URL" 2>/dev/null || true' EXIT
create_database "$SQLX_DATABASE_URL"
# sqlx reads the URL from the environment: no password on a command line.
export DATABASE_URL="$SQLX_DATABASE_URL"
sqlx migrate run --source migrations >/dev/null

# The same packages, features and flags as the tests, so the check reuses their build.
LEPTOS_OUTPUT_NAME=mentorship RUSTFLAGS="--cfg erase_components" \
  cargo sqlx prepare "${prepare_args[@]}" -- -p app -p server --tests
