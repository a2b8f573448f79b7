#!/usr/bin/env bash
# Benchmark: 40 units x 200 tasks x 12 indicators - the office's overview page and the
# request's results page (HTTP, loopback), one progress change with its recomputation,
# the consolidated XLSX; on SQLite and on PostgreSQL when one answers on
# 127.0.0.1:5432 (a fresh schema).
#
#   scripts/bench-reports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"
cargo build --release -p dxday --example bench_reports >&2
BIN="$CARGO_TARGET_DIR/release/examples/bench_reports"
PG_BASE="${DXDAY_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg=""
if command -v psql >/dev/null && psql "$PG_BASE" -qAtc 'select 1' >/dev/null 2>&1; then
  schema="bench_reports_$$"
  psql "$PG_BASE" -qc "create schema $schema" >/dev/null
  trap 'psql "$PG_BASE" -qc "drop schema $schema cascade" >/dev/null 2>&1 || true' EXIT
  pg="$PG_BASE?options=-c%20search_path%3D$schema"
fi
echo "## Tasks and reports, 40 units x 200 tasks x 12 indicators ($(nproc) cores)"
"$BIN" $pg
