#!/usr/bin/env bash
# Make PostgreSQL's server binaries (initdb, pg_ctl) available for the storage tests.
#
# The tests start their own throwaway cluster (tests/conftest.py, oylama.store.testing) on a free
# loopback port, so nothing is started here: this only installs Debian's `postgresql` package when
# no server binaries are found. Runs as root in CI (apt-get needs it); elsewhere, prints what to do.
# With OYLAMA_TEST_PG_URL set, the tests use that server instead and this script does nothing.
set -euo pipefail

if [[ -n "${OYLAMA_TEST_PG_URL:-}" ]]; then
    echo "postgres.sh: using OYLAMA_TEST_PG_URL"
    exit 0
fi

find_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

if bin=$(find_bin); then
    echo "postgres.sh: PostgreSQL server binaries in $bin ($("$bin/initdb" --version))"
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
    echo "postgres.sh: PostgreSQL is not installed; as root run: apt-get install -y postgresql" >&2
    exit 1
fi

echo "postgres.sh: installing PostgreSQL from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The package's post-install creates and starts a default cluster on port 5432; the tests do not
# use it (they start their own), so stop it again to leave the machine as it was.
apt-get install -y -qq postgresql >/dev/null
if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters --no-header 2>/dev/null | while read -r version name _; do
        pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
    done
fi
bin=$(find_bin) || { echo "postgres.sh: installed, but initdb/pg_ctl not found" >&2; exit 1; }
echo "postgres.sh: PostgreSQL server binaries in $bin ($("$bin/initdb" --version))"
id postgres >/dev/null 2>&1 || { echo "postgres.sh: no 'postgres' user" >&2; exit 1; }
