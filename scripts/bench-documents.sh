#!/usr/bin/env bash
# Benchmark: the seed dispatch rendered to DOCX (median of 300) and one document issued
# to 40 units (median of 60: number, date, 40 deliveries, audit, one transaction), on
# SQLite and on PostgreSQL when one answers on 127.0.0.1:5432 (a fresh schema).
#
#   scripts/bench-documents.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"
cargo build --release -p dxday --example bench_documents >&2
BIN="$CARGO_TARGET_DIR/release/examples/bench_documents"
PG_BASE="${DXDAY_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg=""
if command -v psql >/dev/null && psql "$PG_BASE" -qAtc 'select 1' >/dev/null 2>&1; then
  schema="bench_docs_$$"
  psql "$PG_BASE" -qc "create schema $schema" >/dev/null
  trap 'psql "$PG_BASE" -qc "drop schema $schema cascade" >/dev/null 2>&1 || true' EXIT
  pg="$PG_BASE?options=-c%20search_path%3D$schema"
fi
echo "## Directives ($(nproc) cores)"
"$BIN" $pg
