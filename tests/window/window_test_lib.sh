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
