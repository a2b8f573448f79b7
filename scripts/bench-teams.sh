#!/usr/bin/env bash
# Benchmark: community teams at province scale - 120 wards, 3 000 groups and teams,
# 15 000 members, 200 000 activities, three months of reports: the roll-up (one month
# and the campaign period), the office's and the public pages over HTTP (loopback); on
# SQLite and on PostgreSQL when one answers on 127.0.0.1:5432 (a fresh schema).
# Targets: the whole-office roll-up under 200 ms on SQLite, the public page under 50 ms.
#
#   scripts/bench-teams.sh
set -euo pipefail
source "$(dirname "$0")/bench-db-lib.sh"
bench_example bench_teams
pg_schemas 1 bench_teams
echo "## Community teams, 3 000 teams, 200 000 activities ($(nproc) cores)"
"$BIN" "${pg[@]}"
