#!/usr/bin/env bash
# Benchmark: the identity kit's public page and a 1-MB asset download, served by dxday
# (release build, SQLite, demo data, five assets uploaded through the office's form)
# and, in the same run, by nginx serving a saved copy of the same page and the same
# file; then QR generation time per code (SVG, PNG, the A4 sheet). Loopback only.
#
#   scripts/bench-kit.sh             # 20 s each, 2 wrk threads, 64 connections
#   DURATION=5 scripts/bench-kit.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
DX_PORT="${DX_PORT:-18090}"
NGINX_PORT="${NGINX_PORT:-18091}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"

# shellcheck source=scripts/bench-lib.sh
source "scripts/bench-lib.sh"

cargo build --release -p dxday --bin dxday --example bench_qr >&2
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
password=$(awk '/password:/ {print $2}' "$work/dxday.out")

# The kit's files: a 1-MB PDF (the download measured) and four images.
python3 - "$work" <<'PY'
import struct, sys, zlib, os
work = sys.argv[1]
def png(path, w, h, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
png(f"{work}/banner.png", 1920, 600, (200, 16, 46))
png(f"{work}/slide.png", 1920, 1080, (0, 80, 160))
png(f"{work}/poster.png", 1240, 1754, (255, 205, 0))
png(f"{work}/social.png", 1200, 628, (20, 120, 60))
body = b"%PDF-1.4\n" + b"".join(b"% " + os.urandom(30).hex().encode() + b"\n" for _ in range(16_600)) + b"%%EOF\n"
open(f"{work}/huong-dan.pdf", "wb").write(body[: 1024 * 1024 - 6] + b"%%EOF\n")
PY

jar="$work/cookies"
csrf() { curl -fsS -b "$jar" -c "$jar" "http://127.0.0.1:$DX_PORT$1" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1; }
token=$(csrf /dang-nhap)
curl -fsS -b "$jar" -c "$jar" -o /dev/null \
  --data-urlencode "_csrf=$token" --data-urlencode "email=admin@dxday.local" --data-urlencode "password=$password" \
  "http://127.0.0.1:$DX_PORT/dang-nhap"
upload() { # title category file
  local t; t=$(csrf /quan-tri/bo-nhan-dien)
  curl -fsS -b "$jar" -c "$jar" -o /dev/null -F "_csrf=$t" -F "title=$1" -F "category=$2" -F "file=@$3" \
    "http://127.0.0.1:$DX_PORT/quan-tri/bo-nhan-dien"
}
upload "Banner cổng thông tin 1920×600" portal_banner "$work/banner.png"
upload "Slide màn hình LED 1920×1080" screen_slide "$work/slide.png"
upload "Áp phích A3" poster "$work/poster.png"
upload "Ảnh mạng xã hội" social_image "$work/social.png"
upload "Hướng dẫn sử dụng bộ nhận diện" guideline "$work/huong-dan.pdf"
pdf_id=$(curl -fsS "http://127.0.0.1:$DX_PORT/bo-nhan-dien" | tr '<' '\n' | awk '/id="asset-/ {match($0, /asset-[0-9]+/); id=substr($0, RSTART+6, RLENGTH-6)} /Hướng dẫn sử dụng bộ nhận diện/ {print id; exit}')

mkdir -p "$work/www" "$work/tmp"
chmod 755 "$work/www"
curl -fsS "http://127.0.0.1:$DX_PORT/bo-nhan-dien" -o "$work/www/index.html"
cp "$work/huong-dan.pdf" "$work/www/huong-dan.pdf"
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
    location = /bo-nhan-dien { default_type "text/html; charset=utf-8"; try_files /index.html =404; }
    location = /huong-dan.pdf { default_type application/pdf; }
  }
}
CONF
"$NGINX" -c "$work/nginx.conf" -p "$work"
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$NGINX_PORT/bo-nhan-dien" >/dev/null 2>&1 && break; sleep 0.1; done


echo "warming up..." >&2
for u in "http://127.0.0.1:$DX_PORT/bo-nhan-dien" "http://127.0.0.1:$NGINX_PORT/bo-nhan-dien"; do wrk -t1 -c8 -d2s "$u" >/dev/null; done
dx_page=$(run "http://127.0.0.1:$DX_PORT/bo-nhan-dien")
ng_page=$(run "http://127.0.0.1:$NGINX_PORT/bo-nhan-dien")
dx_file=$(run "http://127.0.0.1:$DX_PORT/bo-nhan-dien/$pdf_id/tai-ve")
ng_file=$(run "http://127.0.0.1:$NGINX_PORT/huong-dan.pdf")
page_bytes=$(wc -c <"$work/www/index.html")
file_bytes=$(wc -c <"$work/www/huong-dan.pdf")

printf '\nIdentity kit on loopback, wrk -t%s -c%s -d%ss, %s cores\n' "$THREADS" "$CONNECTIONS" "$DURATION" "$(nproc)"
printf '| request | server | requests/s | MB/s | p99 latency (ms) |\n|---|---|---:|---:|---:|\n'
row() { printf '| %s | %s | %.0f | %.1f | %.2f |\n' "$1" "$2" "$(rps "$3")" "$(mbps "$3")" "$(to_ms "$(p99 "$3")")"; }
row "kit page ($page_bytes bytes)" "dxday (release, SQLite)" "$dx_page"
row "kit page" "nginx (same HTML, static)" "$ng_page"
row "1-MB PDF ($file_bytes bytes)" "dxday (streamed, download counted)" "$dx_file"
row "1-MB PDF" "nginx (sendfile)" "$ng_file"
printf '| ratio dxday/nginx | page %.2f | file %.2f | | |\n' \
  "$(awk -v a="$(rps "$dx_page")" -v b="$(rps "$ng_page")" 'BEGIN {print a/b}')" \
  "$(awk -v a="$(rps "$dx_file")" -v b="$(rps "$ng_file")" 'BEGIN {print a/b}')"

printf '\nQR generation per code (in process)\n'
"$CARGO_TARGET_DIR/release/examples/bench_qr"
