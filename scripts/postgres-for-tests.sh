#!/usr/bin/env bash
# A throwaway PostgreSQL server for the JDBC replay integration test (ingest-service JdbcReplayIT).
#
#   scripts/postgres-for-tests.sh          ensure one runs; print its JDBC URL on stdout (last line)
#   scripts/postgres-for-tests.sh stop     stop it and delete its data
#
# Use:  export FRAUDSTREAM_IT_POSTGRES_URL="$(scripts/postgres-for-tests.sh)"   ... run the build ...
#       scripts/postgres-for-tests.sh stop
#
# Installs the Debian package if no PostgreSQL is found (needs root), runs initdb into a temporary directory as
# the 'postgres' user when run as root (initdb refuses root), listens on a free port on 127.0.0.1 only, trust
# authentication (loopback, throwaway data). State lives in $FRAUDSTREAM_PG_DIR (default /tmp/fraudstream-it-postgres).
set -euo pipefail

STATE_DIR=${FRAUDSTREAM_PG_DIR:-/tmp/fraudstream-it-postgres}
DATA="$STATE_DIR/data"
URL_FILE="$STATE_DIR/jdbc-url"

log() { echo "postgres-for-tests: $*" >&2; }

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

BIN=$(pg_bin || true)

if [ "${1:-}" = stop ]; then
  if [ -n "$BIN" ] && [ -f "$DATA/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
    log "stopped"
  else
    log "not running"
  fi
  rm -rf "$STATE_DIR"
  exit 0
fi

if [ -f "$URL_FILE" ] && [ -n "$BIN" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "already running"
  cat "$URL_FILE"
  exit 0
fi

if [ -z "$BIN" ]; then
  log "PostgreSQL not found; installing the Debian package"
  [ "$(id -u)" = 0 ] || { log "run as root to install postgresql, or install it first"; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
  BIN=$(pg_bin)
fi

rm -rf "$STATE_DIR"
mkdir -p "$DATA"
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$STATE_DIR" postgres
  chown -R postgres "$STATE_DIR"
fi
as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$STATE_DIR/initdb.log" 2>&1 \
  || as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 >"$STATE_DIR/initdb.log" 2>&1 \
  || { cat "$STATE_DIR/initdb.log" >&2; exit 1; }
PORT=$(free_port)
as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >&2 \
  || { cat "$DATA/server.log" >&2; exit 1; }
echo "jdbc:postgresql://127.0.0.1:$PORT/postgres?user=postgres" | as_owner tee "$URL_FILE" >/dev/null
log "running on 127.0.0.1:$PORT (data $DATA, log $DATA/server.log); stop with: $0 stop"
cat "$URL_FILE"
