#!/usr/bin/env bash
# Makes PostgreSQL available to the store tests when this machine has it:
# exports CAIRN_TEST_POSTGRES_URL (an admin URL; each test creates its own
# database). Says so plainly when PostgreSQL is not installed.
pg_host=127.0.0.1
pg_port=5432
pg_admin_url="postgres://postgres@${pg_host}:${pg_port}/postgres"

if [ -n "${CAIRN_TEST_POSTGRES_URL:-}" ]; then
  :
elif command -v pg_isready >/dev/null 2>&1; then
  if ! pg_isready -q -h "$pg_host" -p "$pg_port"; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      echo "[cairn] starting the local PostgreSQL cluster" >&2
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
      for _ in $(seq 1 30); do pg_isready -q -h "$pg_host" -p "$pg_port" && break; sleep 0.5; done
    fi
  fi
  if pg_isready -q -h "$pg_host" -p "$pg_port"; then
    export CAIRN_TEST_POSTGRES_URL="$pg_admin_url"
    echo "[cairn] PostgreSQL reachable at ${pg_host}:${pg_port}: store tests run on SQLite and PostgreSQL" >&2
  else
    echo "[cairn] PostgreSQL installed but not reachable: PostgreSQL store tests SKIPPED (SQLite only)" >&2
  fi
else
  echo "[cairn] PostgreSQL is not installed: PostgreSQL store tests SKIPPED (SQLite only)" >&2
fi

cleanup_postgres_test_databases() {
  [ -n "${CAIRN_TEST_POSTGRES_URL:-}" ] || return 0
  command -v psql >/dev/null 2>&1 || return 0
  psql "$CAIRN_TEST_POSTGRES_URL" -Atqc \
    "select datname from pg_database where datname like 'cairn_t_%'" 2>/dev/null |
    while read -r db; do psql "$CAIRN_TEST_POSTGRES_URL" -qc "drop database if exists \"$db\"" >/dev/null 2>&1 || true; done
}
