#!/usr/bin/env bash
# Benchmark: the office's dashboard and the indicators' board for an office of 40 units
# and a province of 3 000 units with a campaign's worth of data, over HTTP on loopback;
# on SQLite and on PostgreSQL when one answers on 127.0.0.1:5432 (fresh schemas).
#
#   scripts/bench-dashboard.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"
cargo build --release -p dxday --example bench_dashboard >&2
BIN="$CARGO_TARGET_DIR/release/examples/bench_dashboard"
PG_BASE="${DXDAY_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg=()
if command -v psql >/dev/null && psql "$PG_BASE" -qAtc 'select 1' >/dev/null 2>&1; then
  a="bench_dash_a_$$"; b="bench_dash_b_$$"
  psql "$PG_BASE" -qc "create schema $a; create schema $b" >/dev/null
  trap 'psql "$PG_BASE" -qc "drop schema $a cascade; drop schema $b cascade" >/dev/null 2>&1 || true' EXIT
  pg=("$PG_BASE?options=-c%20search_path%3D$a" "$PG_BASE?options=-c%20search_path%3D$b")
fi
echo "## Dashboard, 40 and 3 000 units ($(nproc) cores)"
"$BIN" "${pg[@]}"
