#!/usr/bin/env bash
# Window test: the real viewer in a real X window (Xvfb in CI), driven by real input from xdotool.
#   a click on a tank selects it; F frames it; X toggles x-ray; Ctrl+Q quits and writes the final screenshot,
#   which must match the golden; the validation layer must stay silent throughout.
# usage: test_window_input.sh TWINVIEW GOLDEN_COMPARE GOLDEN_DIR OUT_DIR
set -uo pipefail
twinview=$1 compare=$2 goldens=$3 out=$4
mkdir -p "$out"
if [ -z "${DISPLAY:-}" ]; then echo "SKIP: no DISPLAY (run under xvfb-run)"; exit 77; fi
if ! command -v xdotool >/dev/null; then echo "SKIP: xdotool not installed"; exit 77; fi

log="$out/window-input.log"
shot="$out/window-input.png"
rm -f "$shot"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
"$twinview" builtin:demo --validate --size 1280x720 --no-vsync --screenshot "$shot" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT

source "$(dirname "$0")/window_test_lib.sh"

# Waits (bounded) until the window title matches a pattern; prints the last title on failure.
wait_title() {
  local pattern=$1 seconds=${2:-30} title=""
  for _ in $(seq $((seconds * 10))); do
    title=$(xdotool getwindowname "$wid" 2>/dev/null || true)
    if [[ "$title" =~ $pattern ]]; then return 0; fi
    kill -0 $pid 2>/dev/null || fail "viewer exited while waiting for /$pattern/"
    sleep 0.1
  done
  fail "title never matched /$pattern/; last title: $title"
}

find_window
wait_title 'fps' 60

# tank-2 is under (600,280) in the default demo view at 1280x720 (clear of the panels).
xdotool mousemove --window "$wid" 600 280
wait_title 'hover tank-2'
xdotool click --window "$wid" 1
wait_title 'selected /demo plant/plant/tank-2'
echo "ok: click selected tank-2"

xdotool key --window "$wid" f
sleep 0.5
# The animated transition shows "moving" in the title until it has landed.
wait_title 'selected /demo plant/plant/tank-2' 30
for _ in $(seq 300); do
  [[ "$(xdotool getwindowname "$wid")" == *moving* ]] || break
  sleep 0.1
done
[[ "$(xdotool getwindowname "$wid")" != *moving* ]] || fail "the F transition never finished"
echo "ok: F framed the selection"

xdotool key --window "$wid" x
wait_title 'x-ray'
echo "ok: X toggled x-ray"

# The stats panel shows live timings; hide it (F4) so the final screenshot is deterministic.
xdotool key --window "$wid" F4
sleep 1.5
xdotool key --window "$wid" ctrl+q
for _ in $(seq 300); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
wait $pid
status=$?
trap - EXIT
[ $status -eq 0 ] || fail "viewer exit code $status"
grep -q "0 validation messages" "$log" || fail "validation messages reported"
[ -f "$shot" ] || fail "no screenshot written on quit"
"$compare" "$shot" "$goldens/window-input.png" 8 0.005 || fail "final screenshot differs from the golden"
echo "window test passed"
