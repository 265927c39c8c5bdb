#!/usr/bin/env bash
# Shared sessions through the real binaries (label gpu: the viewers render headless on lavapipe). Loopback only:
# the hub's four consecutive ports are picked free at run time; every wait is bounded and everything this script
# started is killed on exit.
#   test_session_cli.sh TWINVIEW GOLDEN_COMPARE OUT_DIR CASE
#   join-presence  a presenter and an observer join a hub with its embedded simulator: the observer sees 2 online
#                  and the relayed feed live, the hub logs both joins; on a hub without a feed (static plant) the
#                  observer's picture differs from the one it renders alone exactly where the presenter's avatar is
#                  (two lone renders are identical, so the difference is the avatar, not noise)
#   kill-timeout   a viewer killed with SIGKILL is timed out by the hub within 3 s; the next joiner sees 1 online
#   hub-restart    the hub is stopped (SIGTERM) and restarted on the same port and database while a viewer stays:
#                  the viewer rejoins by itself (its summary says "joins 2"), the second hub logs the join
#   curve          with --keys/--allow only the allow-listed key gets in, with the allow list's role as a cap;
#                  an unlisted key and a keyless viewer do not
#   xr-presence    a headset user (twinview --xr on the simulated headset) joins: the hub lists the device as xr,
#                  a desktop observer sees 2 online; the headset user presses A and pulls the trigger at a tank,
#                  which pins an annotation (in the hub's audit log); the headset session ends cleanly and leaves
#   bad-input      bad --join URL, missing --key file, bad hub --port: one error line and the documented exit code
set -uo pipefail
twinview=$1 compare=$2 out=$3 what=$4
out="$out/$what"
rm -rf "$out"
mkdir -p "$out"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
if ! [ -x /usr/bin/python3 ]; then echo "SKIP: /usr/bin/python3 (picks the free ports) missing"; exit 77; fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
fail() {
  echo "FAIL: $what: $*"
  for f in "$out"/*.log; do [ -f "$f" ] && { echo "--- $f"; cat "$f"; }; done
  exit 1
}

# Prints a base port B such that B..B+3 are free on 127.0.0.1 (the hub uses four consecutive ports).
free_ports() {
  /usr/bin/python3 - <<'EOF'
import random, socket
for _ in range(200):
    base = random.randrange(20000, 60000)
    held = []
    try:
        for i in range(4):
            s = socket.socket()
            s.bind(("127.0.0.1", base + i))
            held.append(s)
    except OSError:
        continue
    finally:
        for s in held:
            s.close()
    if len(held) == 4:
        print(base)
        break
EOF
}

# wait_log FILE PATTERN SECONDS [PID]: polls (0.05 s) until FILE holds a line matching PATTERN (grep -E); fails if
# PID (when given) exits first.
wait_log() {
  local file=$1 pattern=$2 seconds=$3 pid=${4:-}
  local deadline=$((SECONDS + seconds))
  while [ $SECONDS -lt $deadline ]; do
    grep -Eq -- "$pattern" "$file" 2>/dev/null && return 0
    [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && { grep -Eq -- "$pattern" "$file" 2>/dev/null; return $?; }
    sleep 0.05
  done
  return 1
}

# wait_exit PID SECONDS: waits for a background process to end (bounded); its exit code in $exit_code.
wait_exit() {
  local pid=$1 seconds=$2
  local deadline=$((SECONDS + seconds))
  while kill -0 "$pid" 2>/dev/null; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.1
  done
  wait "$pid"
  exit_code=$?
  return 0
}

# start_hub LOG ARGS...: starts `twinview hub ARGS` in the background (pid in $hub_pid), waits until it listens.
start_hub() {
  local log=$1
  shift
  "$twinview" hub "$@" >"$log" 2>&1 &
  hub_pid=$!
  pids+=($hub_pid)
  wait_log "$log" '^hub: listening on ' 30 $hub_pid || fail "the hub did not start ($log)"
}

# A headless viewer joining tcp://127.0.0.1:$port/SESSION; extra options follow. Foreground, bounded.
join() {
  local log=$1 session=$2
  shift 2
  timeout 120 "$twinview" --join "tcp://127.0.0.1:$port/$session" --headless --size 320x180 "$@" >"$log" 2>&1
}

summary_of() { grep -m1 '^twinview: ' "$1"; }

port=$(free_ports)
[ -n "$port" ] || fail "no four consecutive free ports found"
echo "hub port $port"

case "$what" in
join-presence)
  # 1. With the embedded simulator: presence in the member list, the relayed feed live for the observer.
  start_hub "$out/hub.log" --port "$port" --db "$out/hub.sqlite"
  "$twinview" --join "tcp://127.0.0.1:$port/review" --name ana --role presenter --headless --size 160x90 \
    --stay 60 --wait-feed 20 --screenshot "$out/ana.png" >"$out/ana.log" 2>&1 &
  ana=$!
  pids+=($ana)
  wait_log "$out/hub.log" '^hub: ana joined "review" as presenter, desktop$' 30 $ana || fail "the hub never logged ana's join"
  join "$out/ben.log" review --name ben --role observer --wait-feed 20 --stay 1 --validate --screenshot "$out/ben.png" ||
    fail "ben's viewer failed (exit $?)"
  s=$(summary_of "$out/ben.log") || fail "ben printed no summary"
  [[ "$s" == *"session review: joined as ben (observer), 2 online,"* ]] || fail "ben does not see 2 online: $s"
  [[ "$s" =~ feed\ review\ \(via\ hub\)\ live\ seq\ [1-9] ]] || fail "ben's relayed feed is not live with data: $s"
  [[ "$s" == *" 0 validation messages"* ]] || fail "validation messages: $s"
  grep -q '^hub: ben joined "review" as observer, desktop$' "$out/hub.log" || fail "the hub never logged ben's join"
  wait_log "$out/hub.log" '^hub: ben left "review" \(left\)$' 10 || fail "the hub never logged ben's leave"
  echo "ok: an observer sees the presenter online and the relayed feed live"
  kill "$ana" "$hub_pid" 2>/dev/null
  wait_exit "$ana" 15
  wait_exit "$hub_pid" 15

  # 2. Without a feed the plant is static: the observer's picture changes only by the presenter's avatar. The
  # presenter stands inside the plant's bounds (the headless depth range is fitted to them) looking at ben.
  port=$(free_ports)
  [ -n "$port" ] || fail "no four consecutive free ports found"
  start_hub "$out/hub-static.log" --port "$port" --db "$out/hub-static.sqlite" --no-sim
  cam_ben="0,4,3,0,3,0,45"
  for i in 1 2; do
    join "$out/ben-alone$i.log" avatars --name ben --role observer --wait-feed 4 --stay 1 --camera "$cam_ben" \
      --screenshot "$out/ben-alone$i.png" || fail "ben's lone render $i failed"
    [[ "$(summary_of "$out/ben-alone$i.log")" == *"joined as ben (observer), 1 online,"* ]] ||
      fail "ben was not alone: $(summary_of "$out/ben-alone$i.log")"
  done
  "$compare" "$out/ben-alone2.png" "$out/ben-alone1.png" 8 0.0001 >"$out/compare-alone.log" 2>&1 ||
    fail "two lone renders differ: the avatar comparison would mean nothing"
  "$twinview" --join "tcp://127.0.0.1:$port/avatars" --name ana --role presenter --headless --size 160x90 \
    --camera 0,3,0,0,4,3,45 --stay 60 --wait-feed 4 --screenshot "$out/ana-static.png" >"$out/ana-static.log" 2>&1 &
  ana=$!
  pids+=($ana)
  wait_log "$out/hub-static.log" '^hub: ana joined "avatars"' 30 $ana || fail "the hub never logged ana's join"
  join "$out/ben-with.log" avatars --name ben --role observer --wait-feed 4 --stay 2 --camera "$cam_ben" \
    --screenshot "$out/ben-with.png" || fail "ben's render with ana failed"
  [[ "$(summary_of "$out/ben-with.log")" == *"joined as ben (observer), 2 online,"* ]] ||
    fail "ben does not see ana: $(summary_of "$out/ben-with.log")"
  # At 3 m a 0.24 m head covers a few hundred of the 57,600 pixels: require well over 0.1 % to differ.
  if "$compare" "$out/ben-with.png" "$out/ben-alone1.png" 8 0.001 >"$out/compare-avatar.log" 2>&1; then
    fail "ana's avatar is not in ben's picture: $(cat "$out/compare-avatar.log")"
  fi
  echo "ok: the presenter's avatar is drawn for the observer ($(cat "$out/compare-avatar.log"))"
  ;;

kill-timeout)
  start_hub "$out/hub.log" --port "$port" --db "$out/hub.sqlite" --no-sim
  "$twinview" --join "tcp://127.0.0.1:$port/crash" --name ana --role operator --headless --size 160x90 \
    --stay 60 --wait-feed 4 --screenshot "$out/ana.png" >"$out/ana.log" 2>&1 &
  ana=$!
  pids+=($ana)
  wait_log "$out/hub.log" '^hub: ana joined "crash"' 30 $ana || fail "the hub never logged ana's join"
  sleep 1 # ana is a live participant (presence flowing) before the crash
  kill -0 $ana 2>/dev/null || fail "ana's viewer exited early"
  t0=$(date +%s%N)
  kill -9 $ana
  { wait $ana; } 2>/dev/null # reap it quietly (bash would report "Killed")
  wait_log "$out/hub.log" '^hub: ana left "crash" \(timed out\)$' 10 || fail "the hub never timed ana out"
  t1=$(date +%s%N)
  ms=$(((t1 - t0) / 1000000))
  echo "ok: the hub timed out the killed viewer after $ms ms"
  [ $ms -le 3000 ] || fail "the killed viewer was timed out after $ms ms (limit 3000)"
  join "$out/ben.log" crash --name ben --role observer --wait-feed 4 --screenshot "$out/ben.png" ||
    fail "ben's viewer failed"
  [[ "$(summary_of "$out/ben.log")" == *"joined as ben (observer), 1 online,"* ]] ||
    fail "ben does not see 1 online: $(summary_of "$out/ben.log")"
  echo "ok: the next joiner sees only itself"
  ;;

hub-restart)
  start_hub "$out/hub1.log" --port "$port" --db "$out/hub.sqlite" --no-sim
  hub1=$hub_pid
  "$twinview" --join "tcp://127.0.0.1:$port/restart" --name ana --role presenter --headless --size 160x90 \
    --stay 15 --wait-feed 4 --screenshot "$out/ana.png" >"$out/ana.log" 2>&1 &
  ana=$!
  pids+=($ana)
  wait_log "$out/hub1.log" '^hub: ana joined "restart"' 30 $ana || fail "the first hub never logged ana's join"
  sleep 1
  kill -TERM $hub1
  wait_exit $hub1 15 || fail "the hub did not stop within 15 s of SIGTERM"
  [ "$exit_code" -eq 0 ] || fail "the hub exited $exit_code on SIGTERM"
  grep -q '^hub: stopped ' "$out/hub1.log" || fail "the first hub did not report stopping"
  start_hub "$out/hub2.log" --port "$port" --db "$out/hub.sqlite" --no-sim
  wait_log "$out/hub2.log" '^hub: ana joined "restart" as presenter' 12 $ana ||
    fail "ana did not rejoin the restarted hub by itself"
  wait_exit $ana 60 || fail "ana's viewer did not finish"
  [ "$exit_code" -eq 0 ] || fail "ana's viewer exited $exit_code"
  s=$(summary_of "$out/ana.log") || fail "ana printed no summary"
  [[ "$s" == *"session restart: joined as ana (presenter), 1 online,"*", joins 2"* ]] ||
    fail "ana's summary does not show the rejoin: $s"
  echo "ok: the viewer rejoined the restarted hub by itself"
  ;;

curve)
  keys="$out/keys"
  for k in hub ana eve; do
    "$twinview" keygen "$k" --dir "$keys" --force >"$out/keygen-$k.log" 2>&1 || fail "keygen $k failed"
  done
  pub() { sed -n 's/^public-key = "\(.*\)"$/\1/p' "$keys/$1.pub"; }
  [ -n "$(pub ana)" ] || fail "no public key in ana.pub"
  printf '# who may join\n%s ana operator\n' "$(pub ana)" >"$out/allow.txt"
  start_hub "$out/hub.log" --port "$port" --db "$out/hub.sqlite" --no-sim --keys "$keys/hub.key" \
    --allow "$out/allow.txt"
  grep -q 'CURVE on$' "$out/hub.log" || fail "the hub does not say CURVE is on"
  # Ana asks for presenter; the allow list caps her at operator.
  join "$out/ana.log" secure --name ana --role presenter --key "$keys/ana.key" --hub-key "$keys/hub.pub" \
    --wait-feed 6 --screenshot "$out/ana.png" || fail "ana's viewer failed"
  [[ "$(summary_of "$out/ana.log")" == *"session secure: joined as ana (operator), 1 online,"* ]] ||
    fail "ana did not get in as operator: $(summary_of "$out/ana.log")"
  grep -q '^hub: ana joined "secure" as operator' "$out/hub.log" || fail "the hub never logged ana's join"
  join "$out/eve.log" secure --name eve --role observer --key "$keys/eve.key" --hub-key "$keys/hub.pub" \
    --wait-feed 3 --screenshot "$out/eve.png"
  s=$(summary_of "$out/eve.log") || fail "eve printed no summary"
  [[ "$s" != *"joined as"* ]] || fail "eve (not on the allow list) got in: $s"
  join "$out/keyless.log" secure --name mallory --role observer --wait-feed 3 --screenshot "$out/keyless.png"
  s=$(summary_of "$out/keyless.log") || fail "the keyless viewer printed no summary"
  [[ "$s" != *"joined as"* ]] || fail "a keyless viewer got in: $s"
  grep -Eq '^hub: (eve|mallory) joined' "$out/hub.log" && fail "the hub logged a join it must have refused"
  echo "ok: only the allow-listed key joins, capped at its role"
  ;;

xr-presence)
  manifest="$(dirname "$twinview")/xr/twinview_xrsim.json"
  [ -f "$manifest" ] || { echo "SKIP: no simulated headset ($manifest)"; exit 77; }
  start_hub "$out/hub.log" --port "$port" --db "$out/hub.sqlite" --no-sim
  # 30 Hz on the wall clock for 150 frames: the headset user stays about 5 s.
  # A (primary) at 0.5 s turns on placing; the trigger at 1 s pins an annotation on tank-3, straight ahead.
  cat >"$out/script.json" <<'JSON'
{"displayHz": 30, "realtime": true, "width": 128, "height": 128,
 "inputs": [{"t": 0.5, "hand": "right", "input": "a", "duration": 0.2},
            {"t": 1.0, "hand": "right", "input": "trigger", "duration": 0.2}]}
JSON
  XR_RUNTIME_JSON="$manifest" TV_XRSIM_SCRIPT="$out/script.json" TV_XRSIM_REPORT="$out/report.json" \
    timeout 120 "$twinview" --join "tcp://127.0.0.1:$port/xrs" --name xena --role presenter --xr --xr-no-fallback \
    --camera -12,1.7,10,-12,1.7,1,60 --frames 150 --msaa 1 >"$out/xena.log" 2>&1 &
  xena=$!
  pids+=($xena)
  wait_log "$out/hub.log" '^hub: xena joined "xrs" as presenter, xr$' 60 $xena || fail "the hub never logged xena's XR join"
  join "$out/ben.log" xrs --name ben --role observer --wait-feed 2 --stay 1 || fail "ben's viewer failed (exit $?)"
  s=$(summary_of "$out/ben.log") || fail "ben printed no summary"
  [[ "$s" == *"joined as ben (observer), 2 online,"* ]] || fail "ben does not see the headset user: $s"
  wait_exit "$xena" 90 || fail "the headset viewer did not end"
  [ "$exit_code" -eq 0 ] || fail "the headset viewer exited with $exit_code"
  grep -q '^xr: runtime ' "$out/xena.log" || fail "the headset viewer printed no XR summary"
  grep -q '"violationsTotal": 0' "$out/report.json" || fail "the simulated headset saw OpenXR violations"
  wait_log "$out/hub.log" '^hub: xena left "xrs" \(left\)$' 10 || fail "the hub never logged xena's leave"
  timeout 30 "$twinview" hub --audit xrs --db "$out/hub.sqlite" >"$out/audit.log" 2>&1 || fail "hub --audit failed"
  grep -q "Marked in XR by xena" "$out/audit.log" || fail "the annotation pinned in the headset is not in the audit log"
  echo "ok: a headset user joins as xr, is seen by a desktop observer, pins an annotation and leaves cleanly"
  ;;

bad-input)
  # one_error LOG EXPECTED_CODE WHAT COMMAND...: runs COMMAND; its exit code and a single "error: " line.
  one_error() {
    local log=$1 code=$2 label=$3
    shift 3
    timeout 60 "$@" >"$log" 2>&1
    local rc=$?
    [ $rc -eq "$code" ] || fail "$label: exit $rc, expected $code"
    [ "$(grep -c '^error: ' "$log")" -eq 1 ] || fail "$label: expected one error line"
  }
  one_error "$out/url.log" 2 "bad --join URL" "$twinview" --join http://127.0.0.1/x --name ana --headless
  grep -q "http://127.0.0.1/x" "$out/url.log" || fail "the URL error does not quote the URL"
  one_error "$out/key.log" 1 "missing --key" "$twinview" --join "tcp://127.0.0.1:$port/s" --name ana \
    --key "$out/missing.key" --hub-key "$out/missing.pub" --headless
  grep -q "$out/missing.key" "$out/key.log" || fail "the missing key error does not name the file"
  one_error "$out/port.log" 2 "hub --port 0x" "$twinview" hub --port 0x
  grep -q -- "--port 0x" "$out/port.log" || fail "the port error does not quote the value"
  timeout 30 "$twinview" hub --help >"$out/help.log" 2>&1 || fail "hub --help did not exit 0"
  grep -q "Usage: twinview hub" "$out/help.log" || fail "hub --help printed no usage"
  echo "ok: bad input gives one error line and the documented exit code"
  ;;
*) echo "unknown case $what"; exit 2 ;;
esac
echo "PASS: $what"
