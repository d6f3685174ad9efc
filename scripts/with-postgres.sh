#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster, then removes the cluster.
#
#   scripts/with-postgres.sh swift test --filter PostgresTests
#
# The cluster lives in a `mktemp -d` directory, listens on a free TCP port on 127.0.0.1 (unix socket inside the
# temporary directory), trusts every local connection and runs with fsync off: it is for tests only.
# initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` OS user (runuser); as a normal
# user they run as that user.
#
# Exported to the command:
#   POSTGRES_HOST=127.0.0.1 POSTGRES_PORT POSTGRES_USER=postgres POSTGRES_PASSWORD= POSTGRES_DB=postgres
#   PAYLINKS_REQUIRE_POSTGRES=1       integration tests fail (never skip) without a database
#   POSTGRES_DATA_DIR                 the cluster's data directory
#   POSTGRES_BIN_DIR                  the PostgreSQL binaries
#   POSTGRES_CTL                      a command (prefix) running pg_ctl as the cluster's owner with -D and -l
#                                     preset: `$POSTGRES_CTL stop -m fast`, `$POSTGRES_CTL start -w`
#
# The cluster is stopped and the directory removed on every exit path; the command's exit status is returned.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 64
fi

bin_dir="${POSTGRES_BIN_DIR:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$bin_dir/initdb" ]; then
  echo "with-postgres: no PostgreSQL binaries in $bin_dir (apt-get install postgresql)" >&2
  exit 69
fi

if [ "$(id -u)" -eq 0 ]; then
  run_as=(runuser -u postgres --)
else
  run_as=()
fi

tmp_dir="$(mktemp -d "${TMPDIR:-/tmp}/paylinks-pg.XXXXXX")"
data_dir="$tmp_dir/data"
socket_dir="$tmp_dir/socket"
log_file="$tmp_dir/server.log"
mkdir -p "$socket_dir"
if [ "$(id -u)" -eq 0 ]; then
  chown -R postgres: "$tmp_dir"
fi
chmod 700 "$tmp_dir"

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -f "$data_dir/postmaster.pid" ]; then
    "${run_as[@]}" "$bin_dir/pg_ctl" -D "$data_dir" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  while true; do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

"${run_as[@]}" "$bin_dir/initdb" -D "$data_dir" -U postgres --auth=trust --encoding=UTF8 --locale=C \
  --no-sync >"$tmp_dir/initdb.log" 2>&1 || {
  cat "$tmp_dir/initdb.log" >&2
  exit 70
}

# pg_ctl as the cluster owner with the data directory and log file preset; a test stops/starts the server with it.
ctl="$tmp_dir/pg_ctl"
{
  echo '#!/bin/sh'
  printf 'exec'
  printf ' %q' "${run_as[@]}" "$bin_dir/pg_ctl" -D "$data_dir" -l "$log_file"
  echo ' "$@"'
} >"$ctl"
chmod 755 "$ctl"

started=0
for _ in 1 2 3 4 5; do
  port="$(free_port)"
  cat >>"$data_dir/postgresql.conf" <<EOF
# with-postgres.sh (attempt on port $port)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket_dir'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
EOF
  if "$ctl" start -w -t 30 >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ "$started" -ne 1 ]; then
  echo "with-postgres: PostgreSQL did not start; server log:" >&2
  cat "$log_file" >&2 || true
  exit 70
fi

export POSTGRES_HOST=127.0.0.1
export POSTGRES_PORT="$port"
export POSTGRES_USER=postgres
export POSTGRES_PASSWORD=
export POSTGRES_DB=postgres
export PAYLINKS_REQUIRE_POSTGRES=1
export POSTGRES_DATA_DIR="$data_dir"
export POSTGRES_BIN_DIR="$bin_dir"
export POSTGRES_CTL="$ctl"

# Run the command in the background and wait for it, so that a signal to this script is handled at once: it is
# forwarded to the command, and the cluster is removed when the command has exited. (Bash runs traps only after
# a foreground command finishes.)
set +e
"$@" <&0 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM
trap 'kill -INT "$child" 2>/dev/null' INT
wait "$child"
status=$?
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
  status=$?
done
exit "$status"
