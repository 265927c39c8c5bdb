#!/usr/bin/env bash
# bench_xr — `twinview --xr` on the simulated headset at 90 Hz (the runtime paces xrWaitFrame on the wall clock):
# app CPU time per XR frame (update: feed, controllers, interaction, session, scene, panel; plus the renderer's
# command recording), the time from locating the views to xrEndFrame's return (pose to submission), GPU time and
# late frames (a frame longer than the 11.1 ms display period), for the demo plant:
#   static   builtin:demo, no feed                                   (the baseline of the ratios)
#   burst    the demo scene fed by `twinview sim --rate 500 --time-scale 20`: a feed burst of 500 frames/s
#   panel    the static plant with the hand panel open (the menu button pressed at 0.1 s)
#   bench/bench_xr.sh [BUILD_DIR] [FRAMES] [EYE_SIZE]
set -euo pipefail
build=${1:-build}
frames=${2:-90}
eye=${3:-1024}
root=$(cd "$(dirname "$0")/.." && pwd)
twinview="$build/twinview"
manifest="$build/xr/twinview_xrsim.json"
[ -x "$twinview" ] && [ -f "$manifest" ] || { echo "error: $twinview or $manifest not found (build first)" >&2; exit 1; }
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}" XR_RUNTIME_JSON="$manifest"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

script() { # $1 = extra JSON members
  printf '{"displayHz": 90, "realtime": true, "width": %s, "height": %s%s}\n' "$eye" "$eye" "${1:-}" >"$work/script.json"
}
measure() { # prints "app update render pose gpu late frames" parsed from the xr summary line
  local line
  line=$(TV_XRSIM_SCRIPT="$work/script.json" "$twinview" "$@" --xr --xr-no-fallback --frames "$frames" --quiet |
    grep '^xr:')
  echo "  $line" >&2
  sed -E 's/.*\(([0-9]+) rendered, ([0-9]+) late\), app CPU ([0-9.]+) ms\/frame \(update ([0-9.]+) \+ render ([0-9.]+)\), pose to submit ([0-9.]+) ms, GPU ([0-9.]+) ms.*/\3 \4 \5 \6 \7 \2 \1/' <<<"$line"
}

echo "bench_xr: $frames frames per case, ${eye}x${eye} per eye, simulated headset at 90 Hz ($(nproc) cores)"
script
read -r s_app s_upd s_ren s_pose s_gpu s_late s_n < <(measure builtin:demo)

"$twinview" sim --ports 0,0,0 --rate 500 --time-scale 20 --quiet >"$work/sim.log" 2>&1 &
ports=""
for _ in $(seq 100); do
  ports=$(grep -oE 'tcp://127\.0\.0\.1:[0-9]+' "$work/sim.log" | head -3 | paste -sd, || true)
  [ "$(tr ',' '\n' <<<"$ports" | grep -c tcp || true)" -eq 3 ] && break
  sleep 0.1
done
[ -n "$ports" ] || { echo "error: the simulator did not report its ports" >&2; exit 1; }
read -r b_app b_upd b_ren b_pose b_gpu b_late b_n < <(measure "$root/scenes/demo-plant.json" --connect "$ports")
kill %1 2>/dev/null || true

script ', "inputs": [{"t": 0.1, "hand": "left", "input": "menu", "duration": 0.1}]'
read -r p_app p_upd p_ren p_pose p_gpu p_late p_n < <(measure builtin:demo)

awk -v f="$frames" \
  -v sa="$s_app" -v su="$s_upd" -v sr="$s_ren" -v sp="$s_pose" -v sg="$s_gpu" -v sl="$s_late" \
  -v ba="$b_app" -v bu="$b_upd" -v br="$b_ren" -v bp="$b_pose" -v bg="$b_gpu" -v bl="$b_late" \
  -v pa="$p_app" -v pu="$p_upd" -v pr="$p_ren" -v pp="$p_pose" -v pg="$p_gpu" -v pl="$p_late" 'BEGIN {
  fmt = "%-8s app CPU %7.2f ms (update %6.2f + render %6.2f)  pose->submit %8.2f ms  GPU %8.2f ms  late %3d/%d%s\n"
  printf fmt, "static", sa, su, sr, sp, sg, sl, f, ""
  printf fmt, "burst", ba, bu, br, bp, bg, bl, f, sprintf("  (app x%.2f vs static)", ba / sa)
  printf fmt, "panel", pa, pu, pr, pp, pg, pl, f, sprintf("  (app x%.2f vs static)", pa / sa) }'
