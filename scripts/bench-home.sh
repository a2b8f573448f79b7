#!/usr/bin/env bash
# Benchmark: requests/s and p99 latency of the public campaign page `/`, served by
# dxday (release build, SQLite, demo data) and, in the same run, by nginx serving a
# saved copy of the same HTML. Loopback only; each run lasts DURATION seconds.
#
#   scripts/bench-home.sh            # 20 s each, 2 wrk threads, 64 connections
#   DURATION=5 scripts/bench-home.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
DX_PORT="${DX_PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18081}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"

# shellcheck source=scripts/bench-lib.sh
source "scripts/bench-lib.sh"

cargo build --release -p dxday >&2
BIN="$CARGO_TARGET_DIR/release/dxday"

work=$(mktemp -d)
# nginx's workers run as another user: they must be able to read the served copy.
chmod 755 "$work"
cleanup() {
  [ -n "${DX_PID:-}" ] && kill "$DX_PID" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

DXDAY_LOG=warn "$BIN" serve --listen "127.0.0.1:$DX_PORT" --data-dir "$work/data" >"$work/dxday.out" 2>&1 &
DX_PID=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$DX_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

mkdir -p "$work/www"
curl -fsS "http://127.0.0.1:$DX_PORT/" -o "$work/www/index.html"
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
    location = / { default_type "text/html; charset=utf-8"; try_files /index.html =404; }
  }
}
CONF
mkdir -p "$work/tmp"
"$NGINX" -c "$work/nginx.conf" -p "$work"
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$NGINX_PORT/" >/dev/null 2>&1 && break; sleep 0.1; done


echo "warming up..." >&2
wrk -t1 -c8 -d2s "http://127.0.0.1:$DX_PORT/" >/dev/null
wrk -t1 -c8 -d2s "http://127.0.0.1:$NGINX_PORT/" >/dev/null
dx=$(run "http://127.0.0.1:$DX_PORT/")
ng=$(run "http://127.0.0.1:$NGINX_PORT/")
dx_rps=$(rps "$dx"); ng_rps=$(rps "$ng")
dx_p99=$(to_ms "$(p99 "$dx")"); ng_p99=$(to_ms "$(p99 "$ng")")
bytes=$(wc -c <"$work/www/index.html")

printf '\nGET / on loopback, wrk -t%s -c%s -d%ss, %s-byte page, %s cores\n' "$THREADS" "$CONNECTIONS" "$DURATION" "$bytes" "$(nproc)"
printf '| server | requests/s | p99 latency (ms) |\n|---|---:|---:|\n'
printf '| dxday (release, SQLite) | %.0f | %.2f |\n' "$dx_rps" "$dx_p99"
printf '| nginx (same HTML, static) | %.0f | %.2f |\n' "$ng_rps" "$ng_p99"
awk -v a="$dx_rps" -v b="$ng_rps" 'BEGIN { printf "ratio dxday/nginx: %.2f (target ≥ 0.50; dxday target ≥ 5000 req/s)\n", a/b }'
