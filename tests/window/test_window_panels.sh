#!/usr/bin/env bash
# Window test of the operator panels on the bundled demo twin (embedded simulator) in a real X window (Xvfb in CI),
# driven by xdotool. The viewer starts with the KPI tiles, the trends chart (two pinned properties of different
# units), the alarms and stats panels and the timeline. After a few seconds of live history, the timeline's
# "-10 s" button shows a past moment, "Go live" returns, "-1 min" shows the earliest moment again, and Ctrl+Q quits
# with a screenshot of the panels at that moment. The screenshot must show both trend series' colours in the
# chart, KPI tiles, and the timeline's handle in its "past moment" colour (not the live one); the validation layer
# stays silent throughout.
# usage: test_window_panels.sh TWINVIEW OUT_DIR
set -uo pipefail
twinview=$1 out=$2
here=$(dirname "$0")
mkdir -p "$out"
if [ -z "${DISPLAY:-}" ]; then echo "SKIP: no DISPLAY (run under xvfb-run)"; exit 77; fi
if ! command -v xdotool >/dev/null; then echo "SKIP: xdotool not installed"; exit 77; fi

log="$out/window-panels.log"
shot="$out/window-panels.png"
rm -f "$shot"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
"$twinview" --validate --size 1280x1000 --no-vsync --panels trends,kpis,alarms,timeline,stats \
  --trend pump-1.speed --trend tank-3.level --screenshot "$shot" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
source "$here/window_test_lib.sh"

# A click held over a few frames: lavapipe draws this window at a few frames per second.
click_at() {
  xdotool mousemove --window "$wid" "$1" "$2"
  sleep 1
  xdotool mousedown --window "$wid" 1
  sleep 0.7
  xdotool mouseup --window "$wid" 1
}
count() { /usr/bin/python3 "$here/png_colour_count.py" --srgb "$shot" "$@"; }

find_window
for _ in $(seq 600); do [[ "$(xdotool getwindowname "$wid")" == *fps* ]] && break; sleep 0.1; done
sleep 12 # live history for the chart and the timeline (the feed updates at 10 Hz)

# The timeline strip's default place: (8, height - 230), 190 high; its step buttons sit on its third row.
click_at 87 892 # "-10 s"
wait_log 'timeline: showing the twin at' 30
echo "ok: the timeline shows a past moment"
sleep 2
click_at 407 811 # "Go live" (right of the "VIEWING PAST MOMENT" line)
wait_log 'timeline: live' 30
echo "ok: back to live"
sleep 2
click_at 49 892 # "-1 min": clamped to the earliest moment recorded
for _ in $(seq 300); do [ "$(grep -c 'timeline: showing the twin at' "$log")" -ge 2 ] && break; sleep 0.1; done
[ "$(grep -c 'timeline: showing the twin at' "$log")" -ge 2 ] || fail "the second moment was never shown"
echo "ok: a moment again"
sleep 3

quit_and_check

# What the screenshot shows (colours as the panels' code writes them; regions from the default layout).
blue=$(count 0 480 620 800 86 180 233)     # trends: pump-1.speed (first palette colour)
orange=$(count 0 480 620 800 230 159 0)    # trends: tank-3.level (second palette colour)
tiles=$(count 340 30 900 370 32 34 38 2)   # KPI tile backgrounds
past=$(count 0 800 620 960 255 150 50)     # timeline handle at a past moment
live=$(count 0 800 620 960 80 220 110)     # timeline handle while live
echo "pixels: trend series $blue / $orange, KPI tiles $tiles, timeline handle past $past / live $live"
[ "$blue" -ge 20 ] || fail "the first trend series is not drawn in the chart"
[ "$orange" -ge 20 ] || fail "the second trend series is not drawn in the chart"
[ "$tiles" -ge 5000 ] || fail "no KPI tiles drawn"
[ "$past" -ge 20 ] || fail "the timeline does not show a past moment"
[ "$live" -lt "$past" ] || fail "the timeline handle is in its live colour at a past moment"
echo "window panels test passed"
