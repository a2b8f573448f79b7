#!/usr/bin/env bash
# The avatar studio in headless Chromium at 360×740 with the CPU slowed 4×: a 12-MP
# photo's preview and save, a drag step, and the browser's own floor for the same
# photo (decode + draw + PNG), in the same page. Prints a table.
#
#   scripts/bench-studio.sh            # 5 runs
#   RUNS=9 scripts/bench-studio.sh
#   PHOTO=/tmp/dxday-frame-bench/photo_12mp_rot6.jpg scripts/bench-studio.sh   # a portrait (EXIF 6)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
PORT="${PORT:-18095}"
DRIVER_PORT="${DRIVER_PORT:-18096}"
W="${WORKDIR:-/tmp/dxday-frame-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"
PY=$(python3 -c 'import sys; print(sys.executable)')
[ -f "$W/photo_12mp.jpg" ] || { "$PY" -c 'import PIL, numpy' 2>/dev/null || "$PY" -m pip install -q pillow numpy >&2; "$PY" bench/make_workload.py "$W" >&2; }
# The browser does the work measured here: the server and the driver run in debug.
cargo build -q -p dxday --bin dxday --example bench_studio >&2
BIN="$CARGO_TARGET_DIR/debug/dxday"

tmp=$(mktemp -d)
cleanup() { kill "${PID:-}" "${DPID:-}" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
DXDAY_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --data-dir "$tmp/data" >"$tmp/out" 2>&1 &
PID=$!
"${CHROMEDRIVER:-/usr/bin/chromedriver}" --port="$DRIVER_PORT" >/dev/null 2>&1 &
DPID=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
"$CARGO_TARGET_DIR/debug/examples/bench_studio" "http://127.0.0.1:$PORT" "$DRIVER_PORT" "${PHOTO:-$W/photo_12mp.jpg}" "$RUNS"
