#!/usr/bin/env bash
# Window test of the live twin: the bundled demo (embedded simulator) in a real X window (Xvfb in CI), driven by
# xdotool. The status bar's feed goes live; F10 opens the Commands panel, an out-of-range command typed there and
# submitted with Enter comes back rejected with the simulator's reason, a valid one comes back done; Escape leaves
# the text field and Ctrl+Q quits with a screenshot; the validation layer stays silent throughout.
# usage: test_window_twin.sh TWINVIEW OUT_DIR
set -uo pipefail
twinview=$1 out=$2
mkdir -p "$out"
if [ -z "${DISPLAY:-}" ]; then echo "SKIP: no DISPLAY (run under xvfb-run)"; exit 77; fi
if ! command -v xdotool >/dev/null; then echo "SKIP: xdotool not installed"; exit 77; fi

log="$out/window-twin.log"
shot="$out/window-twin.png"
rm -f "$shot"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
"$twinview" --validate --size 1280x720 --no-vsync --screenshot "$shot" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
source "$(dirname "$0")/window_test_lib.sh"


find_window
for _ in $(seq 600); do [[ "$(xdotool getwindowname "$wid")" == *fps* ]] && break; sleep 0.1; done
sleep 2 # a few frames: the embedded feed's snapshot arrives

xdotool key --window "$wid" F10 # Commands panel, its command line focused
sleep 1.5
xdotool type --delay 60 --window "$wid" "set pump-1.speed 9000"
sleep 0.5
xdotool key --window "$wid" Return
wait_log 'rejected: speed 9000 rpm outside 0..3000 rpm' 30
echo "ok: a rejected command shows the twin's reason"
# The command line takes the focus back after a send; on lavapipe that takes a frame or two (~0.5 s).
sleep 3

xdotool type --delay 60 --window "$wid" "stop pump-3"
sleep 0.5
xdotool key --window "$wid" Return
wait_log 'command "stop pump-3": done in' 30
echo "ok: a valid command is done"
sleep 3 # the command line has taken the focus back (see above) before Escape leaves it

xdotool key --window "$wid" Escape
sleep 1
quit_and_check
echo "window twin test passed"
