#!/usr/bin/env bash
# Benchmark: 40 units x 200 tasks x 12 indicators - the office's overview page and the
# request's results page (HTTP, loopback), one progress change with its recomputation,
# the consolidated XLSX; on SQLite and on PostgreSQL when one answers on
# 127.0.0.1:5432 (a fresh schema).
#
#   scripts/bench-reports.sh
set -euo pipefail
source "$(dirname "$0")/bench-db-lib.sh"
bench_example bench_reports
pg_schemas 1 bench_reports
echo "## Tasks and reports, 40 units x 200 tasks x 12 indicators ($(nproc) cores)"
"$BIN" "${pg[@]}"
