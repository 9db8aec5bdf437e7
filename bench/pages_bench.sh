#!/usr/bin/env bash
# Page latency for case work pages over loopback against the real server:
# the child record page, My work, the locality manager's pages (the locality
# overview, the locality worklist of tasks due and overdue, authorisations)
# and the placement search, on the default demo council (kith synth --seed 42)
# or on an existing store (DB=). Server time is the handler's own
# duration from the Server-Timing header (routing to response ready), so the
# client's cost is left out; p50/p95/p99 over N requests per page, after 5
# warm-up requests (the first search loads the postcode index).
#
# Environment: BUILD (build folder holding tools/kith, default build),
# WORK (scratch folder, default a temporary one), N (default 200), PORT (default 8097),
# DB (an existing SQLite store to serve instead of a fresh demo council: it must
# have the sign-ins practitioner and locality_manager with the demo password, and
# kith serve applies any pending migration to it, so give it a copy),
# SQL_TRACE (a shared object preloaded into kith serve that logs each statement
# to $WORK/sql.log, one line each, e.g. bench/load/sql_trace.c built with
# `cc -shared -fPIC -O2 -o sql_trace.so bench/load/sql_trace.c -ldl`: then each
# page's line also gives the number of statements one request runs, and
# $WORK/<page>.sql holds that request's statements, slowest first).
# CHILDREN ("id id ..."): also the record page of each of these children, signed
# in as the worker allocated to the child: an app_user named worker_<worker id>
# with the demo password (docs/PERFORMANCE.md says how the national copy got them).
# ONLY=child: the child record pages only (the locality pages and the placement
# search take minutes on a national store).
# Record the figures in docs/PERFORMANCE.md with the machine description.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
KITH="$BUILD/tools/kith/kith"
[[ -x $KITH ]] || KITH="$BUILD/tools/kith"
[[ -x $KITH ]] || { echo "no kith binary in $BUILD/tools/kith (set BUILD)" >&2; exit 2; }
WORK=${WORK:-$(mktemp -d)}
N=${N:-200}
PORT=${PORT:-8097}
db=${DB:-$WORK/pages-bench.db}
[[ -f $db ]] || "$KITH" synth --seed 42 --db "$db" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
trace="$WORK/sql.log"
: >"$trace"
# A store at an older schema is migrated first (new indexes on a national store take minutes).
if [[ -n ${SQL_TRACE:-} ]]; then
  LD_PRELOAD=$SQL_TRACE SQLTRACE_FILE=$trace "$KITH" serve --db "$db" --port "$PORT" >"$WORK/serve.log" 2>&1 &
else
  "$KITH" serve --db "$db" --port "$PORT" >"$WORK/serve.log" 2>&1 &
fi
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 3000); do curl -s -o /dev/null "http://127.0.0.1:$PORT/sign-in" && break; sleep 0.2; done

base="http://127.0.0.1:$PORT"
sign_in() {  # $1 user, $2 cookie jar
  local page token
  page=$(curl -s -c "$2" -b "$2" "$base/sign-in")
  token=$(grep -o 'name="csrf_token" value="[0-9a-f]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"//')
  curl -s -o /dev/null -c "$2" -b "$2" --data-urlencode "username=$1" --data-urlencode "password=kith-demo-2026" \
    --data-urlencode "csrf_token=$token" "$base/sign-in"
}
measure() {  # $1 label, $2 cookie jar, $3 path
  local times="$WORK/times.txt" status
  : >"$times"
  for i in $(seq $((N + 5))); do
    status=$(curl -s -D - -o /dev/null -b "$2" "$base$3" | tr -d '\r')
    [[ $(head -1 <<<"$status") == *" 200"* ]] || { echo "$1: $(head -1 <<<"$status") for $3 (skipped)" >&2; return 0; }
    ((i > 5)) && grep -i '^server-timing:' <<<"$status" | sed 's/.*app;dur=\([0-9.]*\).*/\1/' >>"$times"
  done
  local queries=""
  if [[ -n ${SQL_TRACE:-} ]]; then  # statements one request runs (the trace is written as they finish)
    local before
    before=$(wc -l <"$trace")
    curl -s -o /dev/null -b "$2" "$base$3"
    sleep 0.2
    queries="  statements $(($(wc -l <"$trace") - before))"
    tail -n +$((before + 1)) "$trace" | sort -t$'\t' -k1,1gr >"$WORK/${1//[^A-Za-z0-9]/_}.sql"
  fi
  sort -g "$times" | awk -v label="$1" -v queries="$queries" '{v[NR]=$1} END {
    i50 = int(0.50 * NR + 0.5); i95 = int(0.95 * NR + 0.5); i99 = int(0.99 * NR + 0.5);
    if (i50 < 1) i50 = 1; if (i95 < 1) i95 = 1; if (i99 < 1) i99 = 1;
    printf "%-34s n=%d  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms%s\n", label, NR, v[i50], v[i95], v[i99], v[NR], queries }'
}

jar_p="$WORK/practitioner.jar" jar_m="$WORK/manager.jar"
rm -f "$jar_p" "$jar_m"  # a kept session would send the sign-in page straight on
sign_in practitioner "$jar_p"
sign_in locality_manager "$jar_m"
# The practitioner's first child on My work, and a looked-after child of the manager's locality.
child=$(curl -s -b "$jar_p" "$base/api/v1/my-work" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
cla=$(sqlite3 "$db" "SELECT p.person_id FROM cla_period p JOIN involvement i ON i.person_id = p.person_id AND i.end_date IS NULL
  JOIN team t ON t.id = i.team_id JOIN app_user u ON u.username = 'locality_manager' JOIN worker w ON w.id = u.worker_id
  JOIN team wt ON wt.id = w.team_id WHERE p.end_date IS NULL AND t.locality_id = wt.locality_id LIMIT 1")
locality=$(sqlite3 "$db" "SELECT wt.locality_id FROM app_user u JOIN worker w ON w.id = u.worker_id JOIN team wt ON wt.id = w.team_id
  WHERE u.username = 'locality_manager'")
open=$(sqlite3 "$db" "SELECT count(*) FROM involvement i JOIN team t ON t.id = i.team_id WHERE i.end_date IS NULL AND t.locality_id = $locality")
echo "store: ${DB:-seed 42 default scale} ($(du -h "$db" | cut -f1)); child $child (practitioner), looked-after child $cla and locality $locality ($open open allocations) (locality manager)"
measure "child record page" "$jar_p" "/children/$child"
for heavy in ${CHILDREN:-}; do
  worker=$(sqlite3 "$db" "SELECT worker_id FROM involvement WHERE person_id = $heavy AND end_date IS NULL ORDER BY start_date DESC LIMIT 1")
  jar_h="$WORK/worker_$worker.jar"
  rm -f "$jar_h"
  sign_in "worker_$worker" "$jar_h"
  measure "child record page $heavy" "$jar_h" "/children/$heavy"
done
[[ ${ONLY:-} == child ]] && exit 0
measure "my work" "$jar_p" "/my-work"
measure "locality overview" "$jar_m" "/localities/$locality"
measure "locality worklist, due in 28 days" "$jar_m" "/work/tasks?scope=locality&show=due"
measure "locality worklist, overdue" "$jar_m" "/work/tasks?scope=locality&show=overdue"
measure "authorisations" "$jar_m" "/authorisations"
measure "placement search" "$jar_m" "/children/$cla/placement-search"
measure "placement search, budget" "$jar_m" "/children/$cla/placement-search?budget=1000"
measure "provider register" "$jar_m" "/placements/providers"
