#!/usr/bin/env bash
# Replays issue 14's resource attacks against a release build on loopback (bounded,
# stops by itself) and prints a table: attack → peak RSS, /healthz p99, status counts.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"
cargo build --release -p dxday >&2
python3 -c 'import requests' 2>/dev/null || python3 -m pip install -q requests >&2
ulimit -n 4096 2>/dev/null || true
exec python3 scripts/attack.py "$CARGO_TARGET_DIR/release/dxday"
