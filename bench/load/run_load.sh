#!/usr/bin/env bash
# Runs the load test (kith_load, a second process) against `kith serve` on
# loopback, on SQLite or on a throw-away PostgreSQL 15 server.
#
#   run_load.sh KITH KITH_LOAD WORKDIR sqlite|postgres [SESSIONS=200] [SECONDS=30] [SCALE=0.05] [THINK_MS=0] [WARMUP=0]
#
# THINK_MS: each session's mean pause between requests (exponential); 0 sends back to back
# (the server at saturation). WARMUP: seconds of reads before the timed window, not recorded
# (the server opens its database connections and prepares its statements).
#
# Each run works in a new folder under WORKDIR (printed), so two runs at once
# (two ctest runs, or a bench beside a test) never share files, ports or a
# database. Exit status: kith_load's (0 when no request failed), or 1 when the
# server's access log shows a write processed more often than the client saw
# it answered (a re-sent request that had in fact been read). The server's
# access log (per-request durations) is left in the run folder's serve.out;
# the PostgreSQL data folder is removed.
set -u
KITH=$1 LOAD=$2 WORK=$3 BACKEND=$4 SESSIONS=${5:-200} SECONDS_=${6:-30} SCALE=${7:-0.05} THINK_MS=${8:-0} WARMUP=${9:-0}
PGBIN=${KITH_PG_BIN:-/usr/lib/postgresql/15/bin}
die() { echo "run_load: $*" >&2; exit 2; }
mkdir -p "$WORK" && WORK=$(mktemp -d "$WORK/run-$BACKEND-XXXXXX") && chmod 755 "$WORK" && cd "$WORK" || die "cannot make a folder under $3"
echo "run folder $WORK"
SERVER= PGDATA=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  if [ -n "$PGDATA" ]; then
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA -m immediate stop" >/dev/null 2>&1
    else "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1; fi
    rm -rf "$PGDATA"
  fi
}
trap cleanup EXIT

if [ "$BACKEND" = postgres ]; then
  PGDATA=$WORK/pgdata
  as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
  mkdir -p "$PGDATA" && { [ "$(id -u)" = 0 ] && chown postgres "$WORK" "$PGDATA"; }
  as_pg "$PGBIN/initdb -D $PGDATA -U kith -A trust --encoding=UTF8 --locale=C.UTF-8 --lc-collate=C" >pg_init.log 2>&1 || die "initdb failed: $(tail -3 pg_init.log)"
  # A random port can be another server's (another engineer's load test): try a few.
  for _ in 1 2 3 4 5; do
    PGPORT=$((20000 + RANDOM % 20000))
    as_pg "$PGBIN/pg_ctl -D $PGDATA -l $WORK/pg.log -w -o \"-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on\" start" >/dev/null 2>&1 &&
      STARTED=1 && break
  done
  [ -n "${STARTED:-}" ] || die "PostgreSQL did not start: $(tail -3 pg.log)"
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U kith kith || die "createdb failed"
  DB="postgresql://kith@127.0.0.1:$PGPORT/kith"
  export KITH_AUDIT_KEY=$WORK/audit-key
elif [ "$BACKEND" = sqlite ]; then
  DB=$WORK/load.db
else
  die "backend must be sqlite or postgres"
fi

"$KITH" synth --seed 7 --db "$DB" --scale "$SCALE" >synth.log 2>&1 || die "synth failed: $(tail -3 synth.log)"
"$KITH" serve --db "$DB" --port 0 >serve.out 2>serve.err &
SERVER=$!
for _ in $(seq 1 300); do
  PORT=$(grep -o '127.0.0.1:[0-9]*' serve.out 2>/dev/null | head -1 | cut -d: -f2)
  [ -n "$PORT" ] && break
  kill -0 "$SERVER" 2>/dev/null || die "kith serve stopped: $(cat serve.err)"
  sleep 0.05
done
[ -n "$PORT" ] || die "kith serve did not start"
echo "backend $BACKEND, $(nproc) cores, council scale $SCALE"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$LOAD" --port "$PORT" --sessions "$SESSIONS" --seconds "$SECONDS_" --visit-date 2025-06-30 --think-ms "$THINK_MS" --warmup-seconds "$WARMUP" | tee load.out
STATUS=${PIPESTATUS[0]}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Every visit the server recorded was answered to the client once: nothing re-sent was processed twice.
kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null  # its access log is complete once it has stopped
SERVER=
SERVED=$(grep -cF 'POST /children/(\d+)/statutory/([a-z0-9-]+) 303' serve.out)
ANSWERED=$(sed -n 's/^RESULT kind=visit_write requests=\([0-9]*\).*/\1/p' load.out)
echo "visits recorded by the server: $SERVED, answered to the client: ${ANSWERED:-?}"
if [ "$SERVED" != "${ANSWERED:-}" ]; then
  echo "run_load: the server recorded $SERVED visits but the client was answered ${ANSWERED:-?} times" >&2
  [ "$STATUS" = 0 ] && STATUS=1
fi
exit "$STATUS"
