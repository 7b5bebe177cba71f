# Source this (`source scripts/dev-env.sh`) to run single tests by hand: it starts the tests'
# own PostgreSQL cluster (.data/pg-test) if needed, creates a database for sqlx's test harness
# (which makes one fresh database per test beside it) and exports DATABASE_URL. Then `cargo t`
# runs the Rust tests and `cargo t NAME` those whose names contain NAME.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set +eu +o pipefail  # sourced into an interactive shell: do not make it exit on the first error
ensure_postgres_binaries
start_test_postgres
ensure_database "$DATABASE_URL_BASE/mentorship_dev"
export DATABASE_URL="$DATABASE_URL_BASE/mentorship_dev"
note "DATABASE_URL points at the test cluster's mentorship_dev database"
