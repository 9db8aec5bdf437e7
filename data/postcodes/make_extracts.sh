#!/usr/bin/env bash
# Regenerates the two postcode extracts in this folder from the shared ONS
# Postcode Directory file (see README.md). Deterministic: the same source gives
# byte-identical outputs (awk keeps the source's row order; gzip -n -9 stores no
# name or time).
#
#   data/postcodes/make_extracts.sh [SOURCE.csv.gz] [OUT_DIR]
#
# SOURCE defaults to shared/data/postcodes/onspd_nov2025_postcodes.csv.gz beside
# the repository; OUT_DIR to this folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-$here/../../../shared/data/postcodes/onspd_nov2025_postcodes.csv.gz}
out=${2:-$here}
export LC_ALL=C
[ "$(gzip -dc "$src" | head -1)" = "pcd,oseast1m,osnrth1m,laua" ] || { echo "$src: unexpected header" >&2; exit 1; }

# England: districts E*, with a grid reference (every E row has one).
gzip -dc "$src" | awk -F, 'NR == 1 || ($4 ~ /^E/ && $2 != "")' | gzip -n -9 > "$out/england_postcodes.csv.gz.tmp"
# Everything else that has a district: Wales (W*), Scotland (S*), Northern Ireland (N*),
# the Channel Islands (L99999999) and the Isle of Man (M99999999), the last two without
# grid references. Rows with no district (no grid reference either) are in neither file.
gzip -dc "$src" | awk -F, 'NR == 1 || $4 ~ /^[WSN]/ || $4 == "L99999999" || $4 == "M99999999"' | gzip -n -9 > "$out/other_uk_postcodes.csv.gz.tmp"

mv "$out/england_postcodes.csv.gz.tmp" "$out/england_postcodes.csv.gz"
mv "$out/other_uk_postcodes.csv.gz.tmp" "$out/other_uk_postcodes.csv.gz"
for f in england_postcodes other_uk_postcodes; do
  echo "$f.csv.gz: $(($(gzip -dc "$out/$f.csv.gz" | wc -l) - 1)) rows, $(wc -c < "$out/$f.csv.gz") bytes"
done
