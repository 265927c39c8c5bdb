#!/usr/bin/env bash
# Window test of a shared session: a `twinview hub` (no feed: a static plant), a headless presenter "ana" staying in
# the session, and the window viewer joined as "ben" (operator) in a real X window (Xvfb in CI) driven by xdotool.
# The Users panel is open on joining and F12 toggles it; Shift+F12 opens the Annotations panel; "New annotation"
# enters placing mode; a click on the plant floor opens the text prompt; typed text and Create make an annotation
# that a second headless viewer sees ("1 annotation(s)"). Ctrl+Q quits with 0 validation messages. Panels are
# checked on the viewer's own screenshots (P): toggling a panel must change a few percent of the window's pixels.
# Positions are those of the default layout (no ini file) at 1280x720.
# usage: test_window_session.sh TWINVIEW GOLDEN_COMPARE OUT_DIR
set -uo pipefail
twinview=$1 compare=$2 out=$3/session
rm -rf "$out"
mkdir -p "$out"
if [ -z "${DISPLAY:-}" ]; then echo "SKIP: no DISPLAY (run under xvfb-run)"; exit 77; fi
if ! command -v xdotool >/dev/null; then echo "SKIP: xdotool not installed"; exit 77; fi
if ! [ -x /usr/bin/python3 ]; then echo "SKIP: /usr/bin/python3 (picks the free ports) missing"; exit 77; fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"

log="$out/ben.log"
shot="$out/ben.png"
others=()
pid=""
cleanup() { for p in $pid "${others[@]}"; do kill -9 "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
source "$(dirname "$0")/window_test_lib.sh"

port=$(/usr/bin/python3 - <<'EOF'
import random, socket
for _ in range(200):
    base = random.randrange(20000, 60000)
    held = []
    try:
        for i in range(4):
            s = socket.socket(); s.bind(("127.0.0.1", base + i)); held.append(s)
    except OSError:
        continue
    finally:
        for s in held: s.close()
    if len(held) == 4:
        print(base); break
EOF
)
[ -n "$port" ] || fail "no four consecutive free ports found"
url="tcp://127.0.0.1:$port/plant-review"

wait_file() { # file pattern seconds
  for _ in $(seq $(($3 * 10))); do
    grep -Eq -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

"$twinview" hub --port "$port" --db "$out/hub.sqlite" --no-sim >"$out/hub.log" 2>&1 &
others+=($!)
wait_file "$out/hub.log" '^hub: listening on ' 30 || fail "the hub did not start: $(cat "$out/hub.log")"
"$twinview" --join "$url" --name ana --role presenter --headless --size 160x90 --camera 0,3,0,0,3,10,45 \
  --stay 240 --wait-feed 3 --screenshot "$out/ana.png" >"$out/ana.log" 2>&1 &
others+=($!)
wait_file "$out/hub.log" '^hub: ana joined "plant-review"' 30 || fail "ana never joined: $(cat "$out/hub.log")"

"$twinview" --join "$url" --name ben --role operator --validate --size 1280x720 --no-vsync --screenshot "$shot" \
  >"$log" 2>&1 &
pid=$!


# snap NAME: the viewer's own screenshot (P) of the current frame, copied to $out/NAME.png.
snap() {
  local before
  before=$(grep -c '^screenshot written to' "$log")
  xdotool key --window "$wid" p
  for _ in $(seq 300); do
    [ "$(grep -c '^screenshot written to' "$log")" -gt "$before" ] && { cp "$shot" "$out/$1.png"; return 0; }
    kill -0 $pid 2>/dev/null || fail "viewer exited while taking a screenshot"
    sleep 0.1
  done
  fail "no screenshot within 30 s"
}

# changed A B PERCENT WHAT: at least PERCENT % of the pixels differ (by more than 24) between two snapshots.
changed() {
  local fraction
  fraction=$(awk "BEGIN { print $3 / 100 }")
  if "$compare" "$out/$2.png" "$out/$1.png" 24 "$fraction" >"$out/compare-$2.log" 2>&1; then
    fail "$4: the window did not change ($(cat "$out/compare-$2.log"))"
  fi
  echo "ok: $4 ($(grep -o '[0-9.]*% of pixels' "$out/compare-$2.log"))"
}

find_window
for _ in $(seq 600); do [[ "$(xdotool getwindowname "$wid")" == *fps* ]] && break; sleep 0.1; done
wait_log 'session plant-review: joined as ben (operator)' 30
sleep 2 # a few frames: ana's presence arrives and the panels settle

snap users-open
xdotool key --window "$wid" F12 # the Users panel is open on joining: F12 closes it
sleep 2
snap users-closed
changed users-open users-closed 2 "F12 closes the Users panel"
xdotool key --window "$wid" F12
sleep 2
snap users-again
changed users-closed users-again 2 "F12 opens the Users panel again"

xdotool key --window "$wid" shift+F12
sleep 2
snap annotations
changed users-again annotations 2 "Shift+F12 opens the Annotations panel"

# "New annotation" in the panel's toolbar (default layout: the panel sits at (552, 324), 720 wide).
xdotool mousemove --window "$wid" 1054 366
sleep 1
xdotool click --window "$wid" 1
sleep 2
snap placing
changed annotations placing 0.5 "New annotation enters placing mode"

# A click on the plant floor (held a few frames: lavapipe draws this window at a few frames per second).
xdotool mousemove --window "$wid" 420 445
sleep 1
xdotool mousedown --window "$wid" 1
sleep 0.7
xdotool mouseup --window "$wid" 1
sleep 3 # the prompt opens with its text field focused (a screenshot key now would be typed into it)
xdotool type --delay 80 --window "$wid" "check valve 7"
sleep 1
# "Create" in the prompt (centred at (640, 252); its first button row).
xdotool mousemove --window "$wid" 460 317
sleep 1
xdotool click --window "$wid" 1
sleep 2
snap created

# A second viewer sees the annotation (bounded: a few tries while the request travels).
seen=""
for i in 1 2 3; do
  timeout 120 "$twinview" --join "$url" --name cy --role observer --headless --size 160x90 --wait-feed 3 \
    --screenshot "$out/cy.png" >"$out/cy$i.log" 2>&1
  if grep -q 'joined as cy (observer), 3 online, 1 annotation(s) (1 open)' "$out/cy$i.log"; then seen=yes; break; fi
  sleep 1
done
[ -n "$seen" ] || fail "a second viewer does not see ben's annotation: $(grep -h '^twinview: ' "$out"/cy*.log)"
echo "ok: the annotation made in the window reaches the others"

xdotool key --window "$wid" ctrl+q
for _ in $(seq 300); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then
  kill -9 $pid
  fail "the viewer did not exit within 30 s of Ctrl+Q"
fi
wait $pid
status=$?
[ $status -eq 0 ] || fail "viewer exit code $status"
grep -q "0 validation messages" "$log" || fail "validation messages reported"
echo "window session test passed"
