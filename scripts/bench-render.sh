#!/usr/bin/env bash
# Load test of the server renderer: 64 clients POST a photo to /api/frames/1/render
# for 30 s (wrk, loopback). Prints throughput, latency, the count of 503 (pool full,
# expected under overload) and of any other 5xx (must be 0), and dxday's peak RSS.
#
#   scripts/bench-render.sh                    # photo_1080.jpg, 64 connections, 30 s
#   PHOTO=photo_12mp.jpg DURATION=10 scripts/bench-render.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION="${DURATION:-30}"
CONNECTIONS="${CONNECTIONS:-64}"
PHOTO="${PHOTO:-photo_1080.jpg}"
PORT="${PORT:-18090}"
W="${WORKDIR:-/tmp/dxday-frame-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
PY=$(python3 -c 'import sys; print(sys.executable)')
[ -f "$W/$PHOTO" ] || { "$PY" -c 'import PIL, numpy' 2>/dev/null || "$PY" -m pip install -q pillow numpy >&2; "$PY" bench/make_workload.py "$W" >&2; }
cargo build --release -p dxday >&2
BIN="$CARGO_TARGET_DIR/release/dxday"

tmp=$(mktemp -d)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
DXDAY_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --data-dir "$tmp/data" >"$tmp/out" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# The multipart body, built once.
B=dxdaybenchboundary
{ printf -- "--%s\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"%s\"\r\nContent-Type: image/jpeg\r\n\r\n" "$B" "$PHOTO"
  cat "$W/$PHOTO"
  printf -- "\r\n--%s\r\nContent-Disposition: form-data; name=\"don_vi\"\r\n\r\np-may-chai\r\n--%s--\r\n" "$B" "$B"; } > "$tmp/body"
cat > "$tmp/post.lua" <<LUA
local f = io.open("$tmp/body", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "multipart/form-data; boundary=$B"
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  counts = {}
end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for s, n in pairs(t:get("counts")) do total[s] = (total[s] or 0) + n end
  end
  io.write("statuses:")
  for s, n in pairs(total) do io.write(" ", s, "=", n) end
  io.write("\n")
end
LUA
out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$tmp/post.lua" "http://127.0.0.1:$PORT/api/frames/1/render")
echo "$out" >&2
rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$PID/status)
count() { { grep -o "$1" <<<"$out" || true; } | cut -d= -f2 | awk '{s+=$1} END {print s+0}'; }
ok=$(count ' 200=[0-9]*')
busy=$(count ' 503=[0-9]*')
other5xx=$({ grep -o ' 5[0-9][0-9]=[0-9]*' <<<"$out" || true; } | { grep -v ' 503=' || true; } | cut -d= -f2 | awk '{s+=$1} END {print s+0}')
p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
echo
echo "POST /api/frames/1/render, $PHOTO ($(( $(stat -c %s "$W/$PHOTO") / 1024 )) KB), $CONNECTIONS connections, ${DURATION} s, $(nproc) cores"
echo "| framed photos/s | 200 | 503 (pool full) | other 5xx | p99 latency | peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|"
awk -v ok="$ok" -v d="$DURATION" -v busy="$busy" -v o="$other5xx" -v p="$p99" -v r="$rss" 'BEGIN { printf "| %.1f | %d | %d | %d | %s | %d MB |\n", ok/d, ok, busy, o, p, r }'
