# Shared by the wrk benchmarks (sourced): installs wrk, nginx and curl from Debian
# when missing, sets NGINX, and reads wrk's output.

for tool in wrk nginx curl; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "installing $tool (Debian package)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${tool/nginx/nginx-light}" >/dev/null
  fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

run() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1"; }
rps() { awk '/^Requests\/sec:/ {print $2}' <<<"$1"; }
mbps() { awk '/^Transfer\/sec:/ {v=$2; if (v ~ /GB$/) {sub(/GB/,"",v); v*=1024} else if (v ~ /KB$/) {sub(/KB/,"",v); v/=1024} else sub(/MB/,"",v); print v}' <<<"$1"; }
p99() { awk '$1 == "99%" {print $2}' <<<"$1"; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v } else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000 } else print v }'; }
