#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and the bench, from Debian's postgresql package:
#   eval "$(scripts/pg-cluster.sh start DIR [PORT])"   → exports DATABASE_URL (superuser "lumbung")
#   scripts/pg-cluster.sh stop DIR
# Run as root (the cluster then belongs to the postgres system user, as initdb refuses root) or as
# any other user (the cluster is theirs). Trust authentication on a Unix socket and 127.0.0.1
# only: never for a real installation (docs/operasional.md says how to run one).
set -euo pipefail

cmd=${1:?start|stop}
dir=${2:?folder for the cluster}
port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "PostgreSQL tidak terpasang (apt-get install -y postgresql)" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) == 0 ]]; then su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) == 0 ]] && chown postgres "$dir"
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_owner "$bin/initdb" -D "$dir/data" -U lumbung --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    fi
    # Speed over durability is fine for a throwaway cluster, except in the crash test, which sets
    # PG_DURABLE=1 to keep fsync on.
    opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300"
    [[ ${PG_DURABLE:-0} == 1 ]] || opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w start >/dev/null
    echo "export DATABASE_URL=postgres://lumbung@127.0.0.1:$port/postgres"
    ;;
  stop)
    [[ -f "$dir/data/postmaster.pid" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    rm -rf "$dir"
    ;;
  *)
    echo "start|stop" >&2
    exit 2
    ;;
esac
