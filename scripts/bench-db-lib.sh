# Shared by the database benchmarks (sourced): `bench_example NAME` builds the release
# example NAME and sets BIN; `pg_schemas COUNT PREFIX` sets the array `pg` to the URLs
# of COUNT fresh PostgreSQL schemas (dropped on exit) when a server answers on
# DXDAY_BENCH_POSTGRES_URL (default 127.0.0.1:5432), or leaves it empty.

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"

bench_example() {
  cargo build --release -p dxday --example "$1" >&2
  BIN="$CARGO_TARGET_DIR/release/examples/$1"
}

pg_schemas() {
  pg=()
  PG_BASE="${DXDAY_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  command -v psql >/dev/null && psql "$PG_BASE" -qAtc 'select 1' >/dev/null 2>&1 || return 0
  local made="" dropped="" s i
  for i in $(seq 1 "$1"); do
    s="${2}_${i}_$$"
    made+="create schema $s; "
    dropped+="drop schema $s cascade; "
    pg+=("$PG_BASE?options=-c%20search_path%3D$s")
  done
  PG_DROP="$dropped"
  trap 'psql "$PG_BASE" -qc "$PG_DROP" >/dev/null 2>&1 || true' EXIT
  psql "$PG_BASE" -qc "$made" >/dev/null
}
