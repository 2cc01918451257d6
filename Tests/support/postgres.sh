#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests: `postgres.sh start DIR PORT` initialises DIR (as the
# unprivileged `postgres` user when run as root), listens on 127.0.0.1:PORT with its socket in DIR,
# and prints the URL; `postgres.sh stop DIR` stops it. Nothing system-wide is touched.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-}" in
start)
    dir=$2 port=$3
    as_owner "$bin/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$dir" && mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U isomorphiq --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    # In the configuration file, so that a plain `pg_ctl restart` (the restart test) keeps them.
    printf "port = %s\nunix_socket_directories = '%s'\nlisten_addresses = '127.0.0.1'\nmax_connections = 300\n" "$port" "$dir" \
        | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    "$bin/psql" -h 127.0.0.1 -p "$port" -U isomorphiq -d postgres -qc "CREATE DATABASE isomorphiq" >/dev/null
    echo "postgres://isomorphiq@127.0.0.1:$port/isomorphiq"
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$2/data" stop -m fast >/dev/null 2>&1 || true
    ;;
*)
    echo "usage: postgres.sh start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
