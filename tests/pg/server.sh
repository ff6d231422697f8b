#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks: initdb into a
# temporary folder, listening only on a Unix socket in that folder (no TCP
# port), trust authentication for its own user, stopped and removed by `stop`.
#
#   tests/pg/server.sh start DIR [--replica]  writes DIR/conninfo (and with
#                                             --replica DIR/replica-conninfo:
#                                             a hot standby, pg_basebackup -R)
#   tests/pg/server.sh stop DIR               stops both and removes them
#   tests/pg/server.sh available              exit 0 when PostgreSQL binaries exist
#
# As root (CI) the servers run as the unprivileged user `postgres` (initdb
# refuses root), in a folder it owns under /tmp. ctest runs `start` before
# the PostgreSQL tests and `stop` after them (tests/CMakeLists.txt: the
# fixture pg_server); the tests read DIR/conninfo.
set -euo pipefail

bin_dir() {
  local d
  for d in "${NEWSDB_PG_BIN:-}" /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

owner=$(id -un)
[ "$(id -u)" -eq 0 ] && owner=postgres
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}
case "$cmd" in
available)
  bin_dir >/dev/null
  ;;
start)
  dir=$2
  replica=${3:-}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  cd /  # the server's user may not read the caller's folder
  "$0" stop "$dir" 2>/dev/null || true
  mkdir -p "$dir"
  if ! bin=$(bin_dir); then
    echo "tests/pg/server.sh: no PostgreSQL binaries (apt-get install postgresql-15 postgresql-contrib-15): the PostgreSQL tests skip" >&2
    exit 0
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/false postgres
  fi
  # Short, so that the socket's path stays under 107 bytes.
  data=$(mktemp -d /tmp/newsdb-pg.XXXXXX)
  chmod 755 "$data"
  [ "$(id -u)" -eq 0 ] && chown "$owner" "$data"
  echo "$data" > "$dir/data-dir"
  port=5432
  as_owner "$bin/initdb" -D "$data/primary" -U "$owner" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
  cat >> "$data/primary/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$data'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 64MB
max_connections = 60
wal_level = replica
max_wal_senders = 4
CONF
  as_owner "$bin/pg_ctl" -D "$data/primary" -l "$data/primary.log" -w -t 60 start >/dev/null
  echo "postgresql:///postgres?host=$data&port=$port&user=$owner" > "$dir/conninfo"
  if [ "$replica" = "--replica" ]; then
    as_owner "$bin/pg_basebackup" -h "$data" -p $port -U "$owner" -D "$data/standby" -R -X stream >"$dir/basebackup.log" 2>&1
    sed -i "s/^port = $port\$/port = $((port + 1))/" "$data/standby/postgresql.conf"
    echo "hot_standby = on" >> "$data/standby/postgresql.conf"
    as_owner "$bin/pg_ctl" -D "$data/standby" -l "$data/standby.log" -w -t 60 start >/dev/null
    echo "postgresql:///postgres?host=$data&port=$((port + 1))&user=$owner" > "$dir/replica-conninfo"
  fi
  ;;
stop)
  dir=$2
  [ -d "$dir" ] || exit 0
  if [ -f "$dir/data-dir" ]; then
    data=$(cat "$dir/data-dir")
    if bin=$(bin_dir); then
      for d in standby primary; do
        [ -f "$data/$d/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$data/$d" -m fast -w stop >/dev/null 2>&1 || true
      done
    fi
    case "$data" in /tmp/newsdb-pg.*) rm -rf "$data" ;; esac
  fi
  rm -f "$dir/conninfo" "$dir/replica-conninfo" "$dir/data-dir"
  ;;
*)
  echo "usage: $0 start DIR [--replica] | stop DIR | available" >&2
  exit 2
  ;;
esac
