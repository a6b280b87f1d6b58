#!/usr/bin/env bash
# Stops the local cluster started by deploy/local/up.sh: the gateway first (so no new requests
# arrive), then the silos (each leaves the cluster gracefully), then PostgreSQL.
#
#   deploy/local/down.sh [--purge]
#
# Data under .local/ survives; --purge deletes .local/ entirely (database, logs, mail, pids).
set -euo pipefail

purge=0
case "${1:-}" in
    "") ;;
    --purge) purge=1 ;;
    *) echo "usage: deploy/local/down.sh [--purge]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=postgres-lib.sh
source "$root/deploy/local/postgres-lib.sh"
state="$root/.local"
piddir="$state/pids"
pgdir="$state/postgres"

# stop NAME: SIGTERM (graceful Orleans shutdown), then SIGKILL after the grace period.
stop() {
    local pidfile="$piddir/$1.pid" pid i
    [[ -f "$pidfile" ]] || return 0
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        echo "Stopping $1 (pid $pid) ..."
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "$1 did not stop within 30 s; killing it." >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

stop gateway
# Highest silo first; the order does not matter for correctness, only for tidier logs.
for pidfile in $(ls "$piddir"/silo-*.pid 2>/dev/null | sort -t- -k2 -n -r); do
    stop "$(basename "$pidfile" .pid)"
done

if [[ -f "$pgdir/data/postmaster.pid" ]]; then
    echo "Stopping PostgreSQL ..."
    bindir=$(otp_pg_bindir)
    otp_pg_stop "$bindir" "$pgdir/data"
fi
rm -f "$piddir/postgres.pid"

if [[ $purge -eq 1 ]]; then
    echo "Deleting $state ..."
    rm -rf "$state"
fi
echo "Local cluster stopped."
