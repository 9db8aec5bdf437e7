#!/usr/bin/env bash
# Runs the load test (kith_load, a second process) against `kith serve` on
# loopback, on SQLite or on a throw-away PostgreSQL 15 server.
#
#   run_load.sh KITH KITH_LOAD WORKDIR sqlite|postgres [SESSIONS=200] [SECONDS=30] [SCALE=0.05]
#
# Exit status: kith_load's (0 when no request failed). The server's own
# access log (per-request durations) is left in WORKDIR/serve.err.
set -u
KITH=$1 LOAD=$2 WORK=$3 BACKEND=$4 SESSIONS=${5:-200} SECONDS_=${6:-30} SCALE=${7:-0.05}
PGBIN=${KITH_PG_BIN:-/usr/lib/postgresql/15/bin}
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 2
die() { echo "run_load: $*" >&2; exit 2; }
SERVER= PGDATA=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  if [ -n "$PGDATA" ]; then
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA -m immediate stop" >/dev/null 2>&1
    else "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1; fi
  fi
}
trap cleanup EXIT

if [ "$BACKEND" = postgres ]; then
  PGDATA=$WORK/pgdata PGPORT=$((20000 + RANDOM % 20000))
  as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
  mkdir -p "$PGDATA" && { [ "$(id -u)" = 0 ] && chown postgres "$WORK" "$PGDATA"; }
  as_pg "$PGBIN/initdb -D $PGDATA -U kith -A trust --encoding=UTF8 --locale=C.UTF-8 --lc-collate=C" >pg_init.log 2>&1 || die "initdb failed: $(tail -3 pg_init.log)"
  as_pg "$PGBIN/pg_ctl -D $PGDATA -l $WORK/pg.log -w -o \"-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on\" start" >/dev/null 2>&1 ||
    die "PostgreSQL did not start: $(tail -3 pg.log)"
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
"$LOAD" --port "$PORT" --sessions "$SESSIONS" --seconds "$SECONDS_" --visit-date 2025-06-30
