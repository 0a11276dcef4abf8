#!/usr/bin/env bash
# Runs Lumbung on other Node versions, one at a time, each in a copy of this checkout (node_modules
# left out): Node from the npm registry's `node-linux-<arch>` package (the official build: bin/ and
# include/node/, the headers), `npm ci` with that Node first on PATH (better-sqlite3 is compiled
# from source against those headers, overriding a `nodedir` set in .npmrc for the system Node, and
# with no download from nodejs.org), the unit and HTTP tests, then `npm start` and GET /healthz.
# NODEDIR_<version> may name another folder with that Node's headers.
# Usage: bash scripts/check-node-versions.sh [22 24 …]   (default: 22 24)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
src=$(pwd)
versions=("$@")
[ "$#" -gt 0 ] || versions=(22 24)
for v in "${versions[@]}"; do
  echo "==> Node $v"
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "unknown machine $(uname -m)"; exit 1 ;; esac
  nodehome="/tmp/lumbung-node-$v-$arch"
  if [ ! -x "$nodehome/bin/node" ]; then
    rm -rf "$nodehome" && mkdir -p "$nodehome"
    tgz=$(cd "$nodehome" && npm pack --silent "node-linux-$arch@$v")
    tar -C "$nodehome" --strip-components=1 -xzf "$nodehome/$tgz" && rm "$nodehome/$tgz"
  fi
  nodebin="$nodehome/bin"
  copy=$(mktemp -d "/tmp/lumbung-node$v-XXXXXX")
  tar -C "$src" --exclude=./node_modules --exclude=./dist --exclude=./data --exclude=./bench/.data -cf - . | tar -C "$copy" -xf -
  set +e
  (
    set -e
    cd "$copy"
    export PATH="$nodebin:$PATH"
    echo "    $(node --version) at $(command -v node)"
    dirvar="NODEDIR_$v"
    export npm_config_nodedir="${!dirvar:-$nodehome}"
    npm ci --no-audit --no-fund --loglevel=error
    node -e "new (require('better-sqlite3'))(':memory:').close()" || { echo "    better-sqlite3 not built for Node $v (headers?)"; exit 1; }
    npx vitest run
    data=$(mktemp -d)
    port=$((30000 + RANDOM % 20000))
    # Its own process group (setsid): npm, its shell and the server are stopped together.
    PORT=$port DATA_DIR=$data LOG_LEVEL=warn setsid npm start & pid=$!
    ok=no
    for _ in $(seq 1 300); do
      if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then ok=yes; break; fi
      sleep 0.2
    done
    kill -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$data"
    echo "    npm start + /healthz on Node $v: $ok"
    [ "$ok" = yes ]
  )
  status=$?
  set -e
  rm -rf "$copy"
  [ "$status" -eq 0 ] || exit "$status"
done
