#!/usr/bin/env bash
# Benchmark: dxday behind the shipped deploy/nginx.conf (TLS at nginx), one node and
# then two nodes (release build, one PostgreSQL database, one shared file folder, the
# living demo): requests/s, p99 latency and errors of the home page, the studio page
# and a 1-MB kit download, measured with wrk through nginx in the same run. Loopback
# only; each run lasts DURATION seconds. Needs the machine's PostgreSQL (PG_URL).
#
#   scripts/bench-cluster.sh             # 15 s each, 2 wrk threads, 64 connections
#   DURATION=5 scripts/bench-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PORT_A="${PORT_A:-18180}"
PORT_B="${PORT_B:-18181}"
HTTPS_PORT="${HTTPS_PORT:-18443}"
HTTP_PORT="${HTTP_PORT:-18088}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"

# shellcheck source=scripts/bench-lib.sh
source "scripts/bench-lib.sh"
# Non-2xx/3xx answers and socket errors of a wrk run.
errors() {
  awk '/Non-2xx or 3xx responses:/ {n += $5}
       /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10}
       END {print n + 0}' <<<"$1"
}

cargo build --release -p dxday --bin dxday >&2
BIN="$CARGO_TARGET_DIR/release/dxday"

work=$(mktemp -d)
chmod 755 "$work"
db="dxday_bench_$$"
db_url="${PG_URL%/*}/$db"
psql -q "$PG_URL" -c "CREATE DATABASE $db" >/dev/null
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  for p in ${PID_A:-} ${PID_B:-}; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

node() { # port data-dir [--no-demo]
  DXDAY_LOG=warn DXDAY_DATABASE_URL="$db_url" DXDAY_FILES_URL="$work/files" \
    DXDAY_TRUSTED_PROXIES=127.0.0.1/32 DXDAY_PUBLIC_URL="https://127.0.0.1:$HTTPS_PORT" \
    "$BIN" serve --listen "127.0.0.1:$1" --data-dir "$2" "${@:3}" >"$2.out" 2>&1 &
  echo $!
}
healthy() { for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return; sleep 0.1; done; echo "node on $1 did not start" >&2; exit 1; }
PID_A=$(node "$PORT_A" "$work/a")
healthy "$PORT_A"
PID_B=$(node "$PORT_B" "$work/b" --no-demo)
healthy "$PORT_B"
password=$(awk '/password:/ {print $2}' "$work/a.out")

# A 1-MB PDF in the kit, uploaded through node A.
python3 - "$work/huong-dan.pdf" <<'PY'
import os, sys
body = b"%PDF-1.4\n" + b"".join(b"% " + os.urandom(30).hex().encode() + b"\n" for _ in range(16_600))
open(sys.argv[1], "wb").write(body[: 1024 * 1024 - 6] + b"%%EOF\n")
PY
jar="$work/cookies"
base="http://127.0.0.1:$PORT_A"
csrf() { curl -fsS -b "$jar" -c "$jar" "$base$1" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | awk 'NR == 1'; }
token=$(csrf /dang-nhap)
curl -fsS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$token" \
  --data-urlencode "email=admin@dxday.local" --data-urlencode "password=$password" "$base/dang-nhap"
token=$(csrf /quan-tri/bo-nhan-dien)
curl -fsS -b "$jar" -c "$jar" -o /dev/null -F "_csrf=$token" -F "title=Hướng dẫn sử dụng bộ nhận diện" \
  -F "category=guideline" -F "file=@$work/huong-dan.pdf" "$base/quan-tri/bo-nhan-dien"
pdf_id=$(curl -fsS "$base/bo-nhan-dien" | tr '<' '\n' | awk '/id="asset-/ {match($0, /asset-[0-9]+/); id=substr($0, RSTART+6, RLENGTH-6)} /Hướng dẫn sử dụng bộ nhận diện/ && !found {print id; found = 1}')
[ -n "$pdf_id" ] || { echo "the kit file was not uploaded" >&2; exit 1; }

# The shipped proxy configuration, with this run's ports, paths and nodes.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null
mkdir -p "$work/tmp" "$work/cache"
proxy() { # the nodes' ports
  local servers="" p
  for p in "$@"; do servers+="server 127.0.0.1:$p max_fails=2 fail_timeout=10s; "; done
  sed -e "s#pid /run/nginx.pid;#pid $work/nginx.pid;#" \
      -e "s#/var/log/nginx/error.log#$work/nginx-error.log#" \
      -e "s#access_log /var/log/nginx/access.log dxday;#access_log off;#" \
      -e "s#/var/cache/nginx/dxday#$work/cache#" \
      -e "s#server 127.0.0.1:8080 max_fails=2 fail_timeout=10s;#$servers#" \
      -e "/server 127.0.0.1:8081 max_fails=2 fail_timeout=10s;/d" \
      -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" \
      -e "s#listen 443 ssl#listen 127.0.0.1:$HTTPS_PORT ssl#" \
      -e "s#/etc/ssl/dxday/fullchain.pem#$work/fullchain.pem#" \
      -e "s#/etc/ssl/dxday/privkey.pem#$work/privkey.pem#" \
      -e "s#^http {#http {\n    client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;#" \
      deploy/nginx.conf >"$work/nginx.conf"
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null && sleep 0.5
  "$NGINX" -c "$work/nginx.conf" -p "$work"
  for _ in $(seq 1 50); do curl -fsSk "https://127.0.0.1:$HTTPS_PORT/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "nginx did not start" >&2; exit 1
}

site="https://127.0.0.1:$HTTPS_PORT"
declare -A result
for nodes in 1 2; do
  if [ "$nodes" = 1 ]; then proxy "$PORT_A"; else proxy "$PORT_A" "$PORT_B"; fi
  for page in "/" "/khung-anh" "/bo-nhan-dien/$pdf_id/tai-ve"; do
    DURATION=2 run "$site$page" >/dev/null # warm-up of connections and caches, not counted
    out=$(run "$site$page")
    result["$nodes|$page"]="$(rps "$out") $(to_ms "$(p99 "$out")") $(errors "$out")"
  done
done

printf '\n%s\n' "dxday behind deploy/nginx.conf (TLS), PostgreSQL, ${DURATION}s per run, $CONNECTIONS connections, $(nproc) cores shared by wrk, nginx, PostgreSQL and the nodes"
printf '| %-26s | %13s | %13s | %10s | %10s | %8s | %8s | %6s |\n' "page" "req/s 1 node" "req/s 2 nodes" "p99 1 (ms)" "p99 2 (ms)" "errors 1" "errors 2" "2 ÷ 1"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' "----------------------------" "---------------" "---------------" "------------" "------------" "----------" "----------" "--------"
for page in "/" "/khung-anh" "/bo-nhan-dien/$pdf_id/tai-ve"; do
  read -r r1 l1 e1 <<<"${result["1|$page"]}"
  read -r r2 l2 e2 <<<"${result["2|$page"]}"
  ratio=$(awk -v a="$r1" -v b="$r2" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }')
  printf '| %-26s | %13s | %13s | %10s | %10s | %8s | %8s | %6s |\n' "$page" "$r1" "$r2" "$l1" "$l2" "$e1" "$e2" "$ratio"
done
