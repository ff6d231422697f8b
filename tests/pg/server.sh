#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks: initdb into a
# folder, listening only on a Unix socket in that folder (no TCP port), trust
# authentication for the local user, stopped and removed by `stop`.
#
#   tests/pg/server.sh start DIR [--replica]   prints nothing; writes DIR/conninfo
#                                              (and DIR/replica-conninfo: a hot
#                                              standby made with pg_basebackup -R)
#   tests/pg/server.sh stop DIR                stops both and removes DIR
#   tests/pg/server.sh available               exit 0 when PostgreSQL binaries exist
#
# As root the servers run as the `postgres` user (initdb refuses root). ctest
# runs `start` before the PostgreSQL tests and `stop` after them
# (tests/CMakeLists.txt); the tests read DIR/conninfo.
set -euo pipefail

bin_dir() {
  local d
  for d in "${NEWSDB_PG_BIN:-}" /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

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
  if ! bin=$(bin_dir); then
    echo "tests/pg/server.sh: no PostgreSQL binaries (apt-get install postgresql-15 postgresql-contrib-15); the PostgreSQL tests skip" >&2
    mkdir -p "$dir"; rm -f "$dir/conninfo" "$dir/replica-conninfo"
    exit 0
  fi
  "$0" stop "$dir" 2>/dev/null || true
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  user=$(id -un)
  [ "$(id -u)" -eq 0 ] && { user=postgres; chown postgres "$dir"; }
  # The socket path must stay under 107 bytes: keep sockets in a short folder.
  sock=$(mktemp -d /tmp/newsdb-pg.XXXXXX)
  chmod 755 "$sock"
  [ "$(id -u)" -eq 0 ] && chown postgres "$sock"
  echo "$sock" > "$dir/socket-dir"
  port=5432
  as_owner "$bin/initdb" -D "$dir/primary" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
  cat >> "$dir/primary/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$sock'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 64MB
max_connections = 60
wal_level = replica
max_wal_senders = 4
CONF
  as_owner "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -t 60 start >/dev/null
  as_owner "$bin/createdb" -h "$sock" -p $port -U "$user" newsdb_test
  echo "postgresql:///newsdb_test?host=$sock&port=$port&user=$user" > "$dir/conninfo"
  if [ "$replica" = "--replica" ]; then
    as_owner "$bin/pg_basebackup" -h "$sock" -p $port -U "$user" -D "$dir/standby" -R -X stream >"$dir/basebackup.log" 2>&1
    sed -i "s/^port = $port\$/port = $((port + 1))/" "$dir/standby/postgresql.conf"
    echo "hot_standby = on" >> "$dir/standby/postgresql.conf"
    as_owner "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w -t 60 start >/dev/null
    echo "postgresql:///newsdb_test?host=$sock&port=$((port + 1))&user=$user" > "$dir/replica-conninfo"
  fi
  ;;
stop)
  dir=$2
  [ -d "$dir" ] || exit 0
  if bin=$(bin_dir); then
    for d in standby primary; do
      [ -f "$dir/$d/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/$d" -m immediate -w stop >/dev/null 2>&1 || true
    done
  fi
  [ -f "$dir/socket-dir" ] && rm -rf "$(cat "$dir/socket-dir")"
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start DIR [--replica] | stop DIR | available" >&2
  exit 2
  ;;
esac
