#!/usr/bin/env bash
# Benchmark: the seed dispatch rendered to DOCX (median of 300) and one document issued
# to 40 units (median of 60: number, date, 40 deliveries, audit, one transaction), on
# SQLite and on PostgreSQL when one answers on 127.0.0.1:5432 (a fresh schema).
#
#   scripts/bench-documents.sh
set -euo pipefail
source "$(dirname "$0")/bench-db-lib.sh"
bench_example bench_documents
pg_schemas 1 bench_docs
echo "## Directives ($(nproc) cores)"
"$BIN" "${pg[@]}"
