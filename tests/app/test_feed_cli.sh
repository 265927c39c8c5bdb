#!/usr/bin/env bash
# Process-level tests of the live twin feed through the real twinview binary (label gpu: it renders headless on
# lavapipe). Loopback only, ephemeral ports, every step bounded by `timeout`.
#   test_feed_cli.sh TWINVIEW SOURCE_DIR OUT_DIR record-replay
#       `twinview sim` publishes; `twinview record` records 3 s of it; the viewer replays the file headless and its
#       summary shows the replayed feed; the same viewer replays at 8x and seeks (fidelity is tested in tests/record).
#   test_feed_cli.sh TWINVIEW SOURCE_DIR OUT_DIR python-publisher
#       examples/publisher.py (python3-zmq) publishes; the viewer connects to it and shows its data.
set -uo pipefail
twinview=$1 src=$2 out=$3 what=$4
mkdir -p "$out"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$out"/$what.*.log; do echo "--- $f"; cat "$f"; done; exit 1; }

# Waits up to 20 s for "PREFIX tcp://a tcp://b tcp://c" in a log; prints the endpoints.
endpoints_from() {
  local log=$1 prefix=$2
  for _ in $(seq 200); do
    line=$(grep -m1 "^$prefix" "$log" 2>/dev/null) && { echo "${line#"$prefix"}"; return 0; }
    sleep 0.1
  done
  return 1
}

case "$what" in
record-replay)
  rec="$out/plant.tvrec"
  rm -f "$rec"
  timeout 60 "$twinview" sim --ports 0,0,0 --rate 20 >"$out/$what.sim.log" 2>&1 &
  pids+=($!)
  eps=$(endpoints_from "$out/$what.sim.log" "endpoints ") || fail "sim printed no endpoints"
  eps=$(echo "$eps" | tr ' ' ',')
  timeout 30 "$twinview" record --connect "$eps" -o "$rec" --duration 3 >"$out/$what.record.log" 2>&1 ||
    fail "record failed"
  grep -q "^twinview record: " "$out/$what.record.log" || fail "record printed no summary"
  [ -s "$rec" ] || fail "no recording written"
  timeout 120 "$twinview" "$src/scenes/demo-plant.json" --replay "$rec" --replay-speed 8 --headless --frames 30 \
    --size 320x180 --validate --screenshot "$out/replay.png" >"$out/$what.replay.log" 2>&1 || fail "replay run failed"
  grep -q "feed .* replay" "$out/$what.replay.log" || fail "replay summary does not show a replayed feed"
  grep -q "0 validation messages" "$out/$what.replay.log" || fail "validation messages during replay"
  # Seeking: start 2 s in, paused state irrelevant headless; the replayed feed is there from the first frame.
  timeout 120 "$twinview" "$src/scenes/demo-plant.json" --replay "$rec" --replay-at 2 --headless --frames 2 \
    --size 160x90 --screenshot "$out/replay-at.png" >"$out/$what.seek.log" 2>&1 || fail "replay with --replay-at failed"
  grep -Eq "feed .* replay seq [1-9]" "$out/$what.seek.log" || fail "a seek into the recording shows no state"
  # A recording that is not one gives one clear error line and exit code 1.
  echo "not a recording" >"$out/bad.tvrec"
  timeout 60 "$twinview" "$src/scenes/demo-plant.json" --replay "$out/bad.tvrec" --headless \
    >"$out/$what.bad.log" 2>&1
  [ $? -eq 1 ] || fail "a bad recording must exit 1"
  [ "$(grep -c '^error: ' "$out/$what.bad.log")" -eq 1 ] || fail "a bad recording must give one error line"
  ;;
python-publisher)
  py=/usr/bin/python3
  if ! [ -x $py ] || ! $py -c "import zmq" 2>/dev/null; then echo "SKIP: /usr/bin/python3 with python3-zmq missing"; exit 77; fi
  timeout 60 $py "$src/examples/publisher.py" --ports 0,0,0 --duration 50 >"$out/$what.pub.log" 2>&1 &
  pids+=($!)
  eps=$(endpoints_from "$out/$what.pub.log" "endpoints ") || fail "publisher printed no endpoints"
  eps=$(echo "$eps" | tr ' ' ',')
  timeout 120 "$twinview" "$src/scenes/demo-plant.json" --connect "$eps" --headless --frames 5 --size 320x180 \
    --validate --wait-feed 20 --screenshot "$out/python.png" >"$out/$what.view.log" 2>&1 || fail "viewer failed"
  grep -q "feed .* live" "$out/$what.view.log" || fail "the viewer did not see the python feed live"
  grep -Eq "seq [1-9]" "$out/$what.view.log" || fail "no updates applied from the python feed"
  ;;
*) echo "unknown case $what"; exit 2 ;;
esac
echo "PASS: $what"
