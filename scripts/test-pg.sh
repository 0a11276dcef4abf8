#!/usr/bin/env bash
# `npm run test:pg [-- vitest args]`: the unit and HTTP suite on PostgreSQL. With DATABASE_URL set,
# on that server (a database per test app is made and dropped there); without, on a throwaway
# cluster started here from Debian's postgresql package and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${DATABASE_URL:-} ]]; then
  dir=$(mktemp -d /tmp/lumbung-pg-XXXXXX)
  chmod 755 "$dir"
  trap 'scripts/pg-cluster.sh stop "$dir"' EXIT
  eval "$(scripts/pg-cluster.sh start "$dir" "${PG_PORT:-54330}")"
fi
DATABASE_URL=$DATABASE_URL npx vitest run "$@"
