#!/usr/bin/env bash
# Benchmark: avatar framing (EXIF orientation → centred cover crop → 1080² Lanczos3 →
# frame over → PNG + JPEG q90) by `dxday frame` and, in the same run, by the peers in
# bench/peers (libvips command line, ImageMagick, pyvips). Whole processes, median
# wall time (hyperfine) and peak RSS (/usr/bin/time), then a 50-photo batch in one
# process: dxday (all cores) against pyvips.
#
#   scripts/bench-frame.sh                 # RUNS=7 BATCH_N=50
#   RUNS=3 BATCH_N=20 scripts/bench-frame.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS="${RUNS:-7}"
BATCH_N="${BATCH_N:-50}"
W="${WORKDIR:-/tmp/dxday-frame-bench}"
OUT="${OUT:-/dev/shm/dxday-frame-out}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/dxday-target}"
mkdir -p "$W" "$OUT"

need=()
command -v vips >/dev/null || need+=(libvips-tools)
[ -x /usr/bin/convert ] || need+=(imagemagick)
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v nasm >/dev/null || need+=(nasm)   # libjpeg-turbo SIMD in the build
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (Debian)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
PY=$(python3 -c 'import sys; print(sys.executable)')
"$PY" -c 'import PIL, numpy, pyvips' 2>/dev/null || "$PY" -m pip install -q pillow numpy pyvips >&2

cargo build --release -p dxday >&2
BIN="$CARGO_TARGET_DIR/release/dxday"
[ -f "$W/frame.png" ] || "$PY" bench/make_workload.py "$W" >&2
cd "$W"

median_ms() { "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.0f" % (r["median"]*1e3))' "$1"; }
peak_mb() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/{printf "%.0f", $2/1024}'; }
size_kb() { [ -f "$1" ] && echo $(( $(stat -c %s "$1") / 1024 )) || echo "-"; }

declare -A MS MB PNG
run() { # key photo cmd...
  local key=$1; shift
  local j="$OUT/${key//\//_}.json"
  hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$j" -- "$*" >/dev/null 2>&1
  MS[$key]=$(median_ms "$j")
  MB[$key]=$(peak_mb "$@")
}

PHOTOS="photo_12mp.jpg photo_12mp_rot6.jpg photo_1080.jpg photo_alpha.png"
for F in $PHOTOS; do
  S=${F%.*}
  run "dxday/$S" "$BIN" frame --frame frame.png --photo "$F" --out "$OUT/dx_$S.png" --out "$OUT/dx_$S.jpg"
  PNG["dxday/$S"]=$(size_kb "$OUT/dx_$S.png")
  run "vips_cli/$S" env TMPDIR=/dev/shm sh "$ROOT/bench/peers/vips_cli.sh" "$F" frame.png "$OUT/vcli_$S"
  PNG["vips_cli/$S"]=$(size_kb "$OUT/vcli_$S.png")
  run "im/$S" sh "$ROOT/bench/peers/im_frame.sh" "$F" frame.png "$OUT/im_$S"
  PNG["im/$S"]=$(size_kb "$OUT/im_$S.png")
  run "pyvips/$S" "$PY" "$ROOT/bench/peers/pyvips_frame.py" frame.png "$OUT/pyvips" "$F"
  PNG["pyvips/$S"]=$(size_kb "$OUT/pyvips/$S.png")
done

echo
echo "## One photo per process: median ms / peak RSS MB / PNG KB ($(nproc) cores, RUNS=$RUNS)"
printf '| tool | %s |\n' "$(echo $PHOTOS | sed 's/ / | /g')"
printf '|---|%s\n' "$(for _ in $PHOTOS; do printf -- '---|'; done)"
for tool in dxday vips_cli im pyvips; do
  row="| $tool |"
  for F in $PHOTOS; do S=${F%.*}; row="$row ${MS[$tool/$S]} / ${MB[$tool/$S]} / ${PNG[$tool/$S]} |"; done
  echo "$row"
done
row="| vips CLI ÷ dxday (time) |"
for F in $PHOTOS; do S=${F%.*}; row="$row $(awk -v a="${MS[vips_cli/$S]}" -v b="${MS[dxday/$S]}" 'BEGIN{printf "%.1f×", a/b}') |"; done
echo "$row"
row="| dxday ÷ vips CLI (peak RSS) |"
for F in $PHOTOS; do S=${F%.*}; row="$row $(awk -v a="${MB[dxday/$S]}" -v b="${MB[vips_cli/$S]}" 'BEGIN{printf "%.2f", a/b}') |"; done
echo "$row"
row="| dxday ÷ vips CLI (PNG size) |"
for F in $PHOTOS; do S=${F%.*}; row="$row $(awk -v a="${PNG[dxday/$S]}" -v b="${PNG[vips_cli/$S]}" 'BEGIN{printf "%.2f", a/b}') |"; done
echo "$row"

echo
echo "## Batch of $BATCH_N photos in one process (PNG + JPEG each): ms per photo / peak RSS MB"
echo "| photo | dxday (all cores) | pyvips | pyvips ÷ dxday |"
echo "|---|---:|---:|---:|"
for F in photo_12mp.jpg photo_1080.jpg; do
  S=${F%.*}; E=${F##*.}; D="$W/batch/$S"; mkdir -p "$D"
  FILES=()
  for i in $(seq -w 1 "$BATCH_N"); do ln -f "$F" "$D/p$i.$E"; FILES+=("$D/p$i.$E"); done
  j="$OUT/batch_dx_$S.json"
  hyperfine -N --warmup 0 --runs 3 --export-json "$j" -- "$BIN frame --quiet --format both --frame frame.png --photos $D --out $OUT/batch_$S.zip" >/dev/null 2>&1
  dx=$(( $(median_ms "$j") / BATCH_N )); dxmb=$(peak_mb "$BIN" frame --quiet --format both --frame frame.png --photos "$D" --out "$OUT/batch_$S.zip")
  j="$OUT/batch_py_$S.json"
  hyperfine -N --warmup 0 --runs 3 --export-json "$j" -- "$PY $ROOT/bench/peers/pyvips_frame.py frame.png $OUT/b_pyvips ${FILES[*]}" >/dev/null 2>&1
  py=$(( $(median_ms "$j") / BATCH_N )); pymb=$(peak_mb "$PY" "$ROOT/bench/peers/pyvips_frame.py" frame.png "$OUT/b_pyvips" "${FILES[@]}")
  echo "| $S | $dx ms ($dxmb MB) | $py ms ($pymb MB) | $(awk -v a="$py" -v b="$dx" 'BEGIN{printf "%.1f×", a/(b>0?b:1)}') |"
done
