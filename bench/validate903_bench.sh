#!/usr/bin/env bash
# Times `kith validate 903` on a large synthetic return: 30,000 children
# (Header, ~75,000 Episodes, Reviews, Missing, OC2, OC3, UASC, SWEpisodes),
# generated deterministically with awk (no real data; placement postcodes are
# real English postcodes picked at fixed positions of data/postcodes).
# Prints wall time, CPU time (user + sys: what a loaded machine does not inflate) and peak
# memory; record them in docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
KITH=${KITH:-$BUILD/tools/kith}
CHILDREN=${CHILDREN:-30000}
DIR=${DIR:-$(mktemp -d)}
mkdir -p "$DIR/return"
zcat data/postcodes/england_postcodes.csv.gz | awk -F, 'NR > 1 && NR % 50000 == 2 {print $1}' > "$DIR/postcodes.txt"

awk -v n="$CHILDREN" -v dir="$DIR/return" -v pcfile="$DIR/postcodes.txt" '
function d(day, month, year) { return sprintf("%02d/%02d/%04d", day, month, year) }
function r(k) { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k }
BEGIN {
  seed = 42
  while ((getline line < pcfile) > 0) pc[npc++] = line
  split("WBRI WIRI WOTH WIRT MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT", eth, " ")
  split("U1 U2 U3 U4 U5 U6 K2 R1 H5 P1 S1 T1", place, " ")
  split("C1 C2 E1 J2 V2", ls, " ")
  h = dir "/header.csv"; e = dir "/episodes.csv"; rv = dir "/reviews.csv"; m = dir "/missing.csv"
  o2 = dir "/oc2.csv"; o3 = dir "/oc3.csv"; u = dir "/uasc.csv"; sw = dir "/sw.csv"
  print "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB" > h
  print "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN" > e
  print "CHILD,DOB,REVIEW,REVIEW_CODE" > rv
  print "CHILD,DOB,MISSING,MIS_START,MIS_END" > m
  print "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED" > o2
  print "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM" > o3
  print "CHILD,SEX,DOB,DUC" > u
  print "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON" > sw
  for (c = 1; c <= n; c++) {
    id = 100000 + c
    dob = d(1 + r(28), 1 + r(12), 2008 + r(17))
    sex = r(2) ? "M" : "F"
    print id "," sex "," dob "," eth[1 + r(19)] ",UN" (1 + r(5)) ",," >> h
    episodes = 1 + r(4)
    home = pc[r(npc)]
    for (k = 0; k < episodes; k++) {
      start = d(1 + r(28), 4 + k * 2, 2025)
      last = (k == episodes - 1)
      dec = last ? "" : d(28, 5 + k * 2, 2025)
      rec = last ? "" : "E4A"
      print id "," start ",S," ls[1 + r(5)] ",N1," place[1 + r(12)] ",PR1," dec "," rec ",," home "," pc[r(npc)] "," >> e
    }
    for (k = 0; k < 2; k++) print id "," dob "," d(1 + r(28), 5 + k * 4, 2025) ",PN" r(8) >> rv
    if (r(3) == 0) print id "," dob ",M," d(10, 6, 2025) "," d(12, 6, 2025) >> m
    if (r(3) == 0) print id "," dob "," r(41) ",,0,1,1,1,1,0,," >> o2
    if (r(6) == 0) print id "," dob ",YES,F2,S" >> o3
    if (r(30) == 0) print id "," sex "," dob "," >> u
    print id "," dob ",SW" r(999) "," d(1, 4, 2025) ",," >> sw
  }
}'
wc -l "$DIR"/return/*.csv | tail -1
echo "children: $CHILDREN; files in $DIR/return"
LA=E08000003
# The first load after a data change builds the binary postcode cache (~0.6 s, see
# src/returns/ssda903/postcodes.h); time it apart. XDG_CACHE_HOME=/dev/null times the no-cache path.
/usr/bin/time -f "warm-up (builds the postcode cache if absent): %e s wall, %M KB peak RSS" "$KITH" validate 903 "$DIR/return" --year 2025/26 --la $LA --format csv --out "$DIR/findings.csv" || true
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %U s user + %S s sys CPU, %M KB peak RSS" "$KITH" validate 903 "$DIR/return" --year 2025/26 --la $LA --format csv --out "$DIR/findings.csv" || true
done
echo "findings: $(($(wc -l < "$DIR/findings.csv") - 1))"
