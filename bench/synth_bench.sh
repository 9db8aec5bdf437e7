#!/usr/bin/env bash
# Benchmarks `kith synth`: wall time, rows/s and peak memory (RSS, from
# /usr/bin/time -v) for generating councils into a fresh SQLite database.
#
#   bench/synth_bench.sh                 the demo council (894) and Kent (886), scale 1
#   bench/synth_bench.sh all [SCALE]     every current English council at SCALE (default 0.05)
#   bench/synth_bench.sh COUNCILS SCALE  any --councils list at any scale
#
# Environment: BUILD (build folder holding tools/kith, default build),
# WORK (scratch folder, default a temporary one), SEED (default 1),
# UNTIL (default 2025-12-31), YEARS (default 6).
# Record the figures in docs/PERFORMANCE.md with the machine description.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
KITH="$BUILD/tools/kith"
[[ -x $KITH ]] || { echo "no kith binary at $KITH (set BUILD)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
WORK=${WORK:-$(mktemp -d)}
SEED=${SEED:-1}
UNTIL=${UNTIL:-2025-12-31}
YEARS=${YEARS:-6}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"

# run COUNCILS SCALE: one timed generation, then a one-line result.
run() {
  local councils=$1 scale=$2 db="$WORK/synth-bench.db" log="$WORK/synth-bench.log"
  rm -f "$db" "$db".*
  /usr/bin/time -v "$KITH" synth --seed "$SEED" --db "$db" --councils "$councils" --scale "$scale" \
    --until "$UNTIL" --years "$YEARS" --no-demo-users >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  local summary rss wall size
  summary=$(grep '^Generated' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$log")
  size=$(du -m "$db" | cut -f1)
  echo "councils=$councils scale=$scale years=$YEARS: $summary; wall $wall; peak RSS ${rss} MiB; database ${size} MiB"
  rm -f "$db" "$db".*
}

case "${1:-}" in
  "") run 894 1; run 886 1 ;;
  all) run all "${2:-0.05}" ;;
  *) run "$1" "${2:-1}" ;;
esac
