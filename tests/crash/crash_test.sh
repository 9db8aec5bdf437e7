#!/usr/bin/env bash
# Crash safety (issue 8, part 3): kill Kith with SIGKILL at random points, 100
# times, during web writes and during imports; after every kill check that the
# database is consistent, every acknowledged write is present, an import is
# all or nothing, and the audit chain verifies (crash_check.cpp).
#
#   crash_test.sh KITH CRASH_CHECK WORKDIR [ITERATIONS=100] [SEED=20261124]
#
# Even iterations: `kith serve` on one database that lives through every
# kill; a client posts visits as fast as it can and records each one it saw
# acknowledged (HTTP 303) before the kill. Odd iterations: `kith import 903`
# of a small council's return into a new database. The kill comes after a
# random delay (seeded; printed), so it lands at different points: while
# opening and migrating, mid-transaction, mid-commit, between requests.
set -u
KITH=$1 CHECK=$2 WORK=$3 N=${4:-100} SEED=${5:-20261124}
RANDOM=$SEED
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK" || exit 2
die() { echo "crash test: $*" >&2; exit 1; }

# --- setup: a small council to serve, and its 903 return to import ---------
"$KITH" synth --seed 11 --db web.db --scale 0.02 --years 2 --until 2025-06-30 >/dev/null 2>synth.err || die "synth failed: $(cat synth.err)"
"$KITH" export 903 --db web.db --year 2024/25 --la E06000020 --out return903 >/dev/null 2>export.err || die "export 903 failed: $(cat export.err)"
t0=$(date +%s%N)
"$KITH" import 903 return903 --db reference.db --year 2024/25 >/dev/null 2>import.err || die "reference import failed: $(cat import.err)"
IMPORT_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
IMPORTED=$(sqlite3 reference.db "SELECT count(*) FROM person") || die "cannot count the reference import"
[ "$IMPORTED" -gt 0 ] || die "the reference import created nobody"
echo "setup: web.db served for web writes; a 903 import creates $IMPORTED people in ${IMPORT_MS} ms; seed $SEED, $N iterations"

SERVER=
start_server() {
  rm -f serve.out
  "$KITH" serve --db web.db --port 0 >serve.out 2>serve.err &
  SERVER=$!
  for _ in $(seq 1 200); do
    PORT=$(grep -o '127.0.0.1:[0-9]*' serve.out 2>/dev/null | head -1 | cut -d: -f2)
    [ -n "$PORT" ] && return 0
    kill -0 $SERVER 2>/dev/null || return 1
    sleep 0.02
  done
  return 1
}

# Signs in (JSON API) from 127.0.0.$2 and finds one of the practitioner's children.
sign_in() {
  local body
  body=$(curl -s --interface "127.0.0.$2" -c "$1.jar" -H 'Content-Type: application/json' \
    -d '{"username":"practitioner","password":"kith-demo-2026"}' "http://127.0.0.1:$PORT/api/v1/session") || return 1
  CSRF=$(printf '%s' "$body" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
  CHILD=$(curl -s --interface "127.0.0.$2" -b "$1.jar" "http://127.0.0.1:$PORT/api/v1/my-work" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  [ -n "$CSRF" ] && [ -n "$CHILD" ]
}

# Posts visits until killed; appends each acknowledged marker to acked.txt.
write_loop() {
  local i=$1 n=0 code
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --interface "127.0.0.$2" -b "w$i.jar" \
      --data-urlencode "csrf_token=$CSRF" --data-urlencode "visit_date=2025-06-30" --data-urlencode "context=cin" \
      --data-urlencode "seen=yes" --data-urlencode "wishes_feelings=crash $i-$n" \
      "http://127.0.0.1:$PORT/children/$CHILD/statutory/visit")
    case $code in
      2??|3??) echo "crash $i-$n" >>acked.txt ;;
      000) ;;                                  # no answer: the server is gone; not acknowledged
      *) echo "unexpected status $code" >>client_errors.txt ;;
    esac
    n=$((n + 1))
  done
}

failures=0 web_runs=0 import_runs=0 full_imports=0 empty_imports=0
for i in $(seq 1 "$N"); do
  if [ $((i % 2)) -eq 0 ]; then
    delay_ms=$((20 + RANDOM % 600))
    web_runs=$((web_runs + 1))
    start_server || { echo "iteration $i: kith serve did not start: $(cat serve.err)"; failures=$((failures + 1)); continue; }
    addr=$((2 + i % 200))
    if ! sign_in "w$i" $addr; then
      echo "iteration $i: sign-in failed"; failures=$((failures + 1)); kill -9 $SERVER; wait $SERVER 2>/dev/null; continue
    fi
    write_loop "$i" $addr &
    CLIENT=$!
    sleep "$((delay_ms / 1000)).$(printf '%03d' $((delay_ms % 1000)))"
    kill -9 $SERVER
    wait $SERVER 2>/dev/null
    sleep 0.05                                # let the client see the dead server
    kill $CLIENT 2>/dev/null; wait $CLIENT 2>/dev/null
    what="web writes (serve killed after ${delay_ms} ms)"
    out=$("$CHECK" --db web.db --acked acked.txt 2>&1); rc=$?
  else
    import_runs=$((import_runs + 1))
    delay_ms=$((RANDOM % (IMPORT_MS + 1)))   # anywhere in a typical import: start, migrations, rows, commit
    rm -f imp.db imp.db-wal imp.db-shm imp.db.audit-key
    "$KITH" import 903 return903 --db imp.db --year 2024/25 >/dev/null 2>&1 &
    IMPORTER=$!
    sleep "$((delay_ms / 1000)).$(printf '%03d' $((delay_ms % 1000)))"
    kill -9 $IMPORTER 2>/dev/null
    wait $IMPORTER 2>/dev/null
    what="import 903 (killed after ${delay_ms} ms)"
    if [ -e imp.db ]; then
      out=$("$CHECK" --db imp.db --people "0,$IMPORTED" 2>&1); rc=$?
      case $out in *"people $IMPORTED "*) full_imports=$((full_imports + 1)) ;; *) empty_imports=$((empty_imports + 1)) ;; esac
    else
      out="no database yet"; rc=0; empty_imports=$((empty_imports + 1))
    fi
  fi
  if [ "$rc" -ne 0 ] || printf '%s' "$out" | grep -q PROBLEM; then
    failures=$((failures + 1)); echo "iteration $i FAILED: $what"; printf '%s\n' "$out" | head -8
  else
    echo "iteration $i ok: $what"
  fi
done
[ -s client_errors.txt ] && { echo "the client saw unexpected answers:"; sort client_errors.txt | uniq -c; failures=$((failures + 1)); }
acked=$(wc -l <acked.txt 2>/dev/null || echo 0)
echo "summary: $N kills ($web_runs during web writes, $acked writes acknowledged; $import_runs during imports: $full_imports complete, $empty_imports nothing imported), $failures failures"
[ "$acked" -gt 0 ] || { echo "no write was ever acknowledged: the test exercised nothing"; exit 1; }
[ "$failures" -eq 0 ]
