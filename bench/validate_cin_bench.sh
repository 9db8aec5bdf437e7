#!/bin/sh
# Times `kith validate cin` (read + XSD validation + all rules, whole process) on a
# synthetic CIN census of N children (default 10,000) from bench/gen_cin_census.py.
# Usage: bench/validate_cin_bench.sh [BUILD_DIR] [CHILDREN]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
children=${2:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_cin_census.py" --children "$children" --seed 1 > "$work/census.xml"
echo "census: $children children, $(wc -c < "$work/census.xml") bytes"
for run in 1 2 3 4 5; do
  /usr/bin/time -f "run $run: %e s wall, %U s user + %S s sys CPU, %M KiB peak RSS" "$build/tools/kith" validate cin "$work/census.xml" \
    --format csv --out "$work/findings.csv" || [ $? -eq 1 ]
done
echo "findings: $(($(wc -l < "$work/findings.csv") - 1))"
