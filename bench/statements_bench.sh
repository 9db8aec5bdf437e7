#!/usr/bin/env bash
# Per-statement cost on SQLite and on a throw-away PostgreSQL 15 server
# (fsync on, as in production), with Google Benchmark.
#
#   bench/statements_bench.sh BUILD_DIR [WORKDIR]
#
# Prints statements_bench's table for each backend.
set -u
BUILD=$1
WORK=${2:-$(mktemp -d /tmp/kith_statements.XXXXXX)}
BENCH=$BUILD/bench/statements_bench
PGBIN=${KITH_PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$BENCH" ] || { echo "statements_bench: build the statements_bench target in $BUILD first" >&2; exit 2; }
mkdir -p "$WORK" && chmod 755 "$WORK"
PGDATA=$WORK/pgdata
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
cleanup() { [ -d "$PGDATA" ] && as_pg "$PGBIN/pg_ctl -D $PGDATA -m immediate stop" >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT

echo "== SQLite (WAL, synchronous=NORMAL)"
KITH_BENCH_DB=$WORK/bench.db "$BENCH" --benchmark_min_time=2

echo "== PostgreSQL 15 on loopback TCP (fsync on, synchronous_commit on)"
PGPORT=$((20000 + RANDOM % 20000))
mkdir -p "$PGDATA" && { [ "$(id -u)" = 0 ] && chown postgres "$WORK" "$PGDATA"; }
as_pg "$PGBIN/initdb -D $PGDATA -U kith -A trust --encoding=UTF8 --locale=C.UTF-8" >"$WORK/init.log" 2>&1 || { tail -3 "$WORK/init.log"; exit 2; }
as_pg "$PGBIN/pg_ctl -D $PGDATA -l $WORK/pg.log -w -o \"-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=on\" start" >/dev/null 2>&1 || { tail -3 "$WORK/pg.log"; exit 2; }
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U kith kith || exit 2
KITH_AUDIT_KEY=$WORK/audit-key KITH_BENCH_DB="postgresql://kith@127.0.0.1:$PGPORT/kith" "$BENCH" --benchmark_min_time=2
