#!/usr/bin/env bash
# Scales the local cluster out by one silo: starts the next silo (silo-N, silo port 11110+N,
# gateway port 29999+N, management port 18079+N) against the cluster's PostgreSQL, the same way
# deploy/local/up.sh starts its silos, and returns once the silo is Active in the membership table
# (at most --timeout seconds, default 300).
#
#   deploy/local/add-silo.sh [--timeout SECONDS]
#
# Scale in with SIGTERM (graceful: the silo's grains move to the others and it leaves the table):
#   kill -TERM "$(cat .local/pids/silo-1.pid)"
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=postgres-lib.sh
source "$root/deploy/local/postgres-lib.sh"
# shellcheck source=cluster-lib.sh
source "$root/deploy/local/cluster-lib.sh"

usage() { echo "usage: deploy/local/add-silo.sh [--timeout SECONDS]" >&2; exit 2; }
timeout=$otp_default_timeout
case "$#:${1:-}" in
    0:) ;;
    2:--timeout) timeout=$2 ;;
    1:--timeout=*) timeout=${1#--timeout=} ;;
    *) usage ;;
esac
timeout=$(otp_timeout_arg "$timeout") || exit 2

if ! otp_alive "$piddir/gateway.pid" || ! otp_alive "$piddir/postgres.pid" || [[ ! -f "$state/connection-string" || ! -f "$silo_dll" ]]; then
    echo "error: the local cluster is not running; start it with deploy/local/up.sh." >&2
    exit 1
fi

# The next index: one past the highest silo started since up.sh (a stopped silo keeps its pid
# file until down.sh), so ports and logs never clash.
last=$(ls "$piddir" | sed -nE 's/^silo-([0-9]+)\.pid$/\1/p' | sort -n | tail -n 1)
i=$(( ${last:-0} + 1 ))

otp_cluster_environment
launch_time=$(otp_psql "SELECT now()")
otp_start_silo "$i"
read -r silo_port _ < <(otp_silo_ports "$i")
silo_active() { [[ $(otp_active_silos "$launch_time" "$silo_port") -ge 1 ]]; }
if ! otp_wait_for "silo-$i Active in cluster '$cluster_id'" "$timeout" silo_active "silo-$i"; then
    # A silo that did not join in time is not left running half-started.
    kill -TERM "$(cat "$piddir/silo-$i.pid")" 2>/dev/null && echo "silo-$i stopped (SIGTERM)." >&2
    exit 1
fi
