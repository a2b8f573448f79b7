#!/usr/bin/env bash
# Benchmark: the office's dashboard and the indicators' board for an office of 40 units
# and a province of 3 000 units with a campaign's worth of data, over HTTP on loopback;
# on SQLite and on PostgreSQL when one answers on 127.0.0.1:5432 (fresh schemas).
#
#   scripts/bench-dashboard.sh
set -euo pipefail
source "$(dirname "$0")/bench-db-lib.sh"
bench_example bench_dashboard
pg_schemas 2 bench_dash
echo "## Dashboard, 40 and 3 000 units ($(nproc) cores)"
"$BIN" "${pg[@]}"
