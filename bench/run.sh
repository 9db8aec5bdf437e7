#!/usr/bin/env bash
# Runs every benchmark: the Google Benchmark binaries built from bench/*.cpp
# and the scripted ones (bench/*_bench.sh). Record results in docs/PERFORMANCE.md
# with the machine (nproc, CPU model, memory); compare ratios within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
for src in bench/*.cpp; do
  [[ -e $src ]] || continue
  name=$(basename "$src" .cpp)
  echo "== $name"
  "$BUILD/bench/$name" --benchmark_min_time=0.2
done
for script in bench/*_bench.sh; do
  [[ -e $script ]] || continue
  echo "== $script"
  BUILD=$BUILD bash "$script"
done
