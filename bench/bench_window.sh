#!/usr/bin/env bash
# bench_window — frame time in the real desktop window with the UI panels open (scene tree, inspector, stats):
# the bundled demo plant (baseline) and the generated 10,000-node / 1M-triangle scene, measured in the same run.
#   bench/bench_window.sh [BUILD_DIR] [FRAMES]
# Uses the caller's display, else a private Xvfb. Prints each run's summary line and the stress/demo ratio.
set -euo pipefail
build=${1:-build}
frames=${2:-30}
twinview="$build/twinview"
[ -x "$twinview" ] || { echo "error: $twinview not found (build first)" >&2; exit 1; }
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
run() {
  if [ -n "${DISPLAY:-}" ]; then "$twinview" "$@"; else xvfb-run -a -s "-screen 0 1920x1080x24" "$twinview" "$@"; fi
}
measure() { # prints "cpu gpu" mean milliseconds parsed from the summary line
  local line
  line=$(run "$@" --frames "$frames" --no-vsync --size 1280x720 --quiet | grep '^twinview:')
  echo "  $line" >&2
  sed -E 's/.*frame ([0-9.]+) ms cpu \/ ([0-9.]+) ms gpu.*/\1 \2/' <<<"$line"
}
echo "bench_window: $frames frames per scene, 1280x720, panels open, no vsync"
read -r demo_cpu demo_gpu < <(measure builtin:demo)
read -r stress_cpu stress_gpu < <(measure builtin:stress)
awk -v dc="$demo_cpu" -v dg="$demo_gpu" -v sc="$stress_cpu" -v sg="$stress_gpu" 'BEGIN {
  printf "demo plant      cpu %8.2f ms  gpu %8.2f ms\n", dc, dg
  printf "stress 10k/1M   cpu %8.2f ms  gpu %8.2f ms  (x%.1f cpu, x%.1f gpu vs demo)\n", sc, sg, sc/dc, sg/dg }'
