#!/usr/bin/env bash
# Benchmark: VietQR per merchant (payload build and parse, QR PNG/SVG), one A6
# standee, and the standee sheet of a 200-shop street, in process (release build).
#
#   scripts/bench-vietqr.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"
cargo build --release -p dxday --example bench_vietqr >&2
echo "VietQR and standees, in process, $(nproc) cores"
"$CARGO_TARGET_DIR/release/examples/bench_vietqr"
