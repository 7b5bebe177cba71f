#!/usr/bin/env bash
# Shared helpers for the run and test scripts: tool installation (only what is missing) and the
# project's private PostgreSQL cluster. Source it; do not run it.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="$ROOT/.data"
PG_DIR="$DATA_DIR/pg"
PG_PORT="${PG_PORT:-54329}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
CARGO_LEPTOS_VERSION="0.3.10"
BINARYEN_VERSION="132"
SQLX_CLI_VERSION="0.8.6"

export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1;34m==>\033[0m %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"; fi
}

apt_install() {
  step "Installing Debian packages: $* (apt-get)"
  if [ ! -f "$DATA_DIR/.apt-updated" ]; then
    as_root apt-get update -qq
    mkdir -p "$DATA_DIR" && touch "$DATA_DIR/.apt-updated"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The exact wasm-bindgen version the workspace resolved; the CLI must match it byte for byte.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "Adding the wasm32-unknown-unknown Rust target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    step "Installing cargo-leptos $CARGO_LEPTOS_VERSION (first time only; about 17 minutes on 2 cores)"
    # no_downloads: a missing tool is an error instead of a download from GitHub.
    cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
  local wb
  wb="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]; then
    step "Installing wasm-bindgen-cli $wb (first time only; about 3 minutes)"
    # Not --locked: its lockfile pins a crate version this registry mirror lacks.
    cargo install "wasm-bindgen-cli@$wb"
  fi
}

# wasm-opt shrinks release wasm; Debian's binaryen is too old for current rustc output.
# The release build `make run` and the benchmarks use: file names carrying their content hash
# (so the server lets browsers cache them for a year) and brotli/gzip copies beside each file,
# which the server sends instead of compressing on the fly. hash.txt, which names the hashed
# files, lands next to target/release/server.
build_release() {
  LEPTOS_HASH_FILES=true cargo leptos build --release --precompress --split
}

# sqlx-cli: migrations by hand and the offline data of the checked queries (scripts/sqlx.sh).
ensure_sqlx_cli() {
  if [ "$(sqlx --version 2>/dev/null | awk '{print $2}')" != "$SQLX_CLI_VERSION" ]; then
    step "Installing sqlx-cli $SQLX_CLI_VERSION (first time only; about 2 minutes)"
    cargo install "sqlx-cli@$SQLX_CLI_VERSION" --locked --no-default-features --features postgres,rustls
  fi
}

ensure_wasm_opt() {
  if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    step "Installing wasm-opt (binaryen $BINARYEN_VERSION from npm)"
    as_root npm install -g --silent "binaryen@$BINARYEN_VERSION"
  fi
}

# The tests' Python tools, pinned, in a venv of our own (away from the machine's packages):
# schemathesis for the API contract, aiosmtpd as the SMTP server the browser tests read mail
# from. The version checks make later runs instant.
SCHEMATHESIS_VERSION="4.32.5"
AIOSMTPD_VERSION="1.4.6"
TEST_VENV="$DATA_DIR/venv"
ensure_test_venv() {
  if [ "$("$TEST_VENV/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ] \
    || ! "$TEST_VENV/bin/python" -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')" 2>/dev/null; then
    step "Installing schemathesis $SCHEMATHESIS_VERSION and aiosmtpd $AIOSMTPD_VERSION into .data/venv (pip, first time only)"
    python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
    python3 -m venv "$TEST_VENV"
    "$TEST_VENV/bin/pip" install --quiet --disable-pip-version-check \
      "schemathesis==$SCHEMATHESIS_VERSION" "aiosmtpd==$AIOSMTPD_VERSION"
  fi
}

ensure_e2e_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
  local lock="$ROOT/end2end/package-lock.json" stamp="$ROOT/end2end/node_modules/.installed-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
    step "Installing end-to-end test packages (npm ci)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    cp "$lock" "$stamp"
  fi
}

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_cluster DIR PORT MODE: starts (creating on first use) a private cluster and exports
# DATABASE_URL_BASE (with its password) for it.
#   MODE=durable  the app's own data (`make run`): fsync on, like any PostgreSQL you would trust.
#   MODE=fast     throw-away test data: fsync and synchronous commit off.
# Both use SCRAM password authentication, TCP on 127.0.0.1 only, and a socket in DIR (mode 0700,
# owned by the cluster's user): no other local user can connect, let alone as the superuser.
start_cluster() {
  local dir="$1" port="$2" mode="$3"
  local pwfile="$dir.password"
  if [ ! -x "$PG_BIN/initdb" ]; then
    apt_install postgresql postgresql-contrib
  fi
  mkdir -p "$DATA_DIR"
  if [ ! -s "$pwfile" ]; then
    (umask 077; od -An -tx1 -N24 /dev/urandom | tr -d ' \n' > "$pwfile")
  fi
  local password
  password="$(cat "$pwfile")"
  if [ ! -f "$dir/PG_VERSION" ]; then
    step "Creating a private PostgreSQL cluster in ${dir#$ROOT/}"
    mkdir -p "$dir"
    chmod 700 "$dir"
    local initpw
    initpw="$(mktemp)"
    printf '%s\n' "$password" > "$initpw"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir" "$initpw"; fi
    pg_as_owner "$PG_BIN/initdb" -D "$dir" -A scram-sha-256 --pwfile="$initpw" -U postgres \
      -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$initpw"
  fi
  local options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200"
  if [ "$mode" = fast ]; then
    options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    step "Starting PostgreSQL ($mode) on 127.0.0.1:$port"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w start -o "$options" >/dev/null
  fi
  upgrade_trust_cluster "$dir" "$port" "$password"
  export DATABASE_URL_BASE="postgres://postgres:$password@127.0.0.1:$port"
  export PGPASSWORD="$password"
  # A cluster left running by an earlier version of these scripts may still have fsync off.
  if [ "$mode" = durable ] && [ "$(pg "$DATABASE_URL_BASE/postgres" -qtA -c "SHOW fsync")" != on ]; then
    step "Restarting PostgreSQL with fsync on"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -m fast restart -o "$options" >/dev/null
  fi
}

# The tests start clusters of their own (the database-outage test), whatever DATABASE_URL says.
ensure_postgres_binaries() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    apt_install postgresql postgresql-contrib
  fi
}

# Clusters made by earlier versions of these scripts trusted every local connection: give the
# superuser its password and switch the cluster to SCRAM, once.
upgrade_trust_cluster() {
  local dir="$1" port="$2" password="$3"
  if pg_as_owner grep -qE '^[^#].*[[:space:]]trust[[:space:]]*$' "$dir/pg_hba.conf"; then
    step "Switching ${dir#$ROOT/} from trust to password (SCRAM) authentication"
    # Through standard input, not -c: a command line is readable by every local user.
    printf "SET password_encryption = 'scram-sha-256';\nALTER USER postgres PASSWORD '%s';\n" "$password" |
      pg_as_owner "$PG_BIN/psql" -q -h "$dir" -p "$port" -U postgres -d postgres >/dev/null
    pg_as_owner sed -i -E 's/[[:space:]]trust[[:space:]]*$/ scram-sha-256/' "$dir/pg_hba.conf"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" reload >/dev/null
  fi
}

# The cluster `make run` keeps the app's data in.
start_private_postgres() {
  start_cluster "$PG_DIR" "$PG_PORT" durable
}

# The tests' own cluster, beside the app's: fast, and nothing in it matters after the run.
start_test_postgres() {
  start_cluster "$DATA_DIR/pg-test" "${PG_TEST_PORT:-54330}" fast
}

# DATABASE_URL with its database name replaced (for the e2e database beside the main one).
database_url_for() {
  local name="$1" url="${DATABASE_URL:-}"
  if [ -n "${DATABASE_URL_BASE:-}" ]; then echo "$DATABASE_URL_BASE/$name"; return; fi
  url="${url%%\?*}"
  echo "${url%/*}/$name"
}

# pg URL ARGS...: runs psql on URL with the URL's password (if any) in the environment and not
# on the command line, where `ps` would show it to every local user.
pg() {
  local url="$1"
  shift
  split_db_url "$url"
  PGPASSWORD="$DB_URL_PASSWORD" psql "$DB_URL_BARE" "$@"
}

# split_db_url URL: sets DB_URL_BARE (the URL without its password) and DB_URL_PASSWORD (the
# password, or PGPASSWORD when the URL has none), for any PostgreSQL tool.
split_db_url() {
  local url="$1"
  local rest="${url#*://}"
  local credentials="${rest%%@*}"
  DB_URL_BARE="$url"
  DB_URL_PASSWORD="${PGPASSWORD:-}"
  if [ "$credentials" != "$rest" ] && [ "${credentials#*:}" != "$credentials" ]; then
    DB_URL_PASSWORD="${credentials#*:}"
    DB_URL_BARE="${url%%://*}://${credentials%%:*}@${rest#*@}"
  fi
}

create_database() {
  local url="$1" name="${1##*/}"
  pg "${url%/*}/postgres" -q -c "CREATE DATABASE \"$name\"" >/dev/null
}

drop_database() {
  local url="$1" name="${1##*/}"
  pg "${url%/*}/postgres" -q -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null
}

recreate_database() {
  drop_database "$1"
  create_database "$1"
}

ensure_database() {
  local url="$1" name="${1##*/}"
  local admin="${url%/*}/postgres"
  if [ "$(pg "$admin" -qtA -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" != 1 ]; then
    pg "$admin" -q -c "CREATE DATABASE \"$name\"" >/dev/null
  fi
}

# A JWT secret kept in .data so logins survive restarts of the local app.
ensure_jwt_secret() {
  if [ -z "${JWT_SECRET:-}" ]; then
    mkdir -p "$DATA_DIR"
    [ -s "$DATA_DIR/jwt_secret" ] || (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$DATA_DIR/jwt_secret")
    chmod 600 "$DATA_DIR/jwt_secret"
    JWT_SECRET="$(cat "$DATA_DIR/jwt_secret")"
    export JWT_SECRET
  fi
}
