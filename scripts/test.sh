#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh machine, then runs it:
#   - Debian's Chromium (browser tests) and PostgreSQL (the server backend), when run as root with apt;
#   - a virtual environment ($VENV, default .venv) with newsdesk installed as a user would (not editable);
#   - a throw-away PostgreSQL server on a local port for the PostgreSQL tests, stopped afterwards.
# Extra arguments go to pytest (e.g. scripts/test.sh -k search).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}
start=$(date +%s)
stage_start=$start
stage() {
  local now; now=$(date +%s)
  echo "== stage '$1' took $((now - stage_start)) s (total $((now - start)) s)" >&2
  stage_start=$now
}

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
stage "system packages"

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q --force-reinstall --no-deps . >/dev/null
"$VENV/bin/python" -m pip install -q '.[test,postgres,ray,french]'
stage "python packages"

# A private PostgreSQL server for the backend tests (skipped if PostgreSQL is not installed).
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
PGDIR=""
if [ -n "$PGBIN" ] && [ -x "$PGBIN/pg_ctl" ]; then
  PGDIR=$(mktemp -d /tmp/newsdesk-pg.XXXXXX)
  # A free local port (a developer may already run a server on the usual ones).
  PGPORT=${PGPORT:-$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  RUNAS=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$PGDIR" 2>/dev/null && RUNAS=(runuser -u postgres --); fi
  "${RUNAS[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -U newsdesk --auth=trust -E UTF8 >/dev/null
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
    -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60" start >/dev/null \
    || { cat "$PGDIR/log" >&2; exit 1; }
  trap '"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PGDIR"' EXIT
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U newsdesk newsdesk_test
  export NEWSDESK_TEST_PG="postgresql://newsdesk@127.0.0.1:$PGPORT/newsdesk_test"
  echo "PostgreSQL for tests at $NEWSDESK_TEST_PG" >&2
fi
stage "postgresql server"

set +e
"$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
status=$?
set -e
stage "tests"
exit $status
