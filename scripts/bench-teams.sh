#!/usr/bin/env bash
# Benchmark: community teams at province scale - 120 wards, 3 000 groups and teams,
# 15 000 members, 200 000 activities, three months of reports: the roll-up (one month
# and the campaign period), the office's and the public pages over HTTP (loopback); on
# SQLite and on PostgreSQL when one answers on 127.0.0.1:5432 (a fresh schema).
# Targets: the whole-office roll-up under 200 ms on SQLite, the public page under 50 ms.
#
#   scripts/bench-teams.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"
cargo build --release -p dxday --example bench_teams >&2
BIN="$CARGO_TARGET_DIR/release/examples/bench_teams"
PG_BASE="${DXDAY_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg=""
if command -v psql >/dev/null && psql "$PG_BASE" -qAtc 'select 1' >/dev/null 2>&1; then
  schema="bench_teams_$$"
  psql "$PG_BASE" -qc "create schema $schema" >/dev/null
  trap 'psql "$PG_BASE" -qc "drop schema $schema cascade" >/dev/null 2>&1 || true' EXIT
  pg="$PG_BASE?options=-c%20search_path%3D$schema"
fi
echo "## Community teams, 3 000 teams, 200 000 activities ($(nproc) cores)"
"$BIN" $pg
