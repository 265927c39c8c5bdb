# Shared by the window tests (sourced, not run): expects $pid (the viewer) and $log (its output) to be set.

# Prints the failure, the viewer's log, and exits 1.
fail() { echo "FAIL: $*"; echo "--- viewer log:"; cat "$log"; exit 1; }

# Sets $wid to the viewer's window once it exists (bounded: 30 s; fails if the viewer exits first).
find_window() {
  wid=""
  for _ in $(seq 300); do
    wid=$(xdotool search --name '^twinview' 2>/dev/null | head -1)
    [ -n "$wid" ] && return 0
    kill -0 $pid 2>/dev/null || fail "viewer exited before opening a window"
    sleep 0.1
  done
  fail "no window appeared within 30 s"
}

# Waits until the viewer's log shows PATTERN (bounded: SECONDS; fails if the viewer exits first).
wait_log() { # pattern, seconds
  for _ in $(seq $(($2 * 10))); do
    grep -q "$1" "$log" && return 0
    kill -0 $pid 2>/dev/null || fail "viewer exited while waiting for '$1'"
    sleep 0.1
  done
  fail "the log never showed '$1'"
}

# Quits with Ctrl+Q and checks the exit: within 30 s, status 0, no validation message, the --screenshot written
# (expects $wid and $shot too).
quit_and_check() {
  xdotool key --window "$wid" ctrl+q
  for _ in $(seq 300); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then
    title=$(xdotool getwindowname "$wid" 2>/dev/null || echo "(no window)")
    kill -9 $pid
    fail "the viewer did not exit within 30 s of Ctrl+Q (window: $title)"
  fi
  wait $pid
  status=$?
  trap - EXIT
  [ $status -eq 0 ] || fail "viewer exit code $status"
  grep -q "0 validation messages" "$log" || fail "validation messages reported"
  [ -f "$shot" ] || fail "no screenshot written on quit"
}
