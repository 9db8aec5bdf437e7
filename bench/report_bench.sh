#!/usr/bin/env bash
# Benchmarks `kith report quarterly`: wall time and peak memory (RSS, from
# /usr/bin/time -v) of the quarterly report for the default synthetic council
# (the demo council, 894 Telford and Wrekin, scale 1, six years to 31 December
# 2025), in each format, RUNS times. Target (issue 6): the PDF in under 2 s.
#
# Environment: BUILD (build folder holding tools/kith, default build),
# WORK (scratch folder, default a temporary one), COUNCILS (default 894),
# SCALE (default 1), PERIOD (default 2025Q3), RUNS (default 3).
# Record the figures in docs/PERFORMANCE.md with the machine description.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
KITH="$BUILD/tools/kith"
[[ -x $KITH ]] || { echo "no kith binary at $KITH (set BUILD)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
WORK=${WORK:-$(mktemp -d)}
COUNCILS=${COUNCILS:-894}
SCALE=${SCALE:-1}
PERIOD=${PERIOD:-2025Q3}
RUNS=${RUNS:-3}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1 /proc/loadavg)"
db="$WORK/report-bench.db"
if [[ ! -f $db ]]; then
  "$KITH" synth --seed 1 --db "$db" --councils "$COUNCILS" --scale "$SCALE" --until 2025-12-31 --no-demo-users >/dev/null
fi
echo "council $COUNCILS scale $SCALE, period $PERIOD, database $(du -h "$db" | cut -f1)"
for format in pdf html xlsx; do
  for run in $(seq "$RUNS"); do
    out="$WORK/report.$format" log="$WORK/report-bench.log"
    /usr/bin/time -v "$KITH" report quarterly --db "$db" --period "$PERIOD" --format "$format" --out "$out" 2>"$log"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f MiB", $2/1024}' "$log")
    echo "$format run $run: wall $wall, peak RSS $rss, output $(du -h "$out" | cut -f1)"
  done
done
