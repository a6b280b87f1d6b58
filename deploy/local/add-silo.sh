#!/usr/bin/env bash
# Scales the local cluster out by one silo: starts the next silo (silo-N, silo port 11110+N,
# gateway port 29999+N, management port 18079+N) against the cluster's PostgreSQL, the same way
# deploy/local/up.sh starts its silos, and returns once the silo is Active in the membership table.
#
#   deploy/local/add-silo.sh
#
# Scale in with SIGTERM (graceful: the silo's grains move to the others and it leaves the table):
#   kill -TERM "$(cat .local/pids/silo-1.pid)"
set -euo pipefail
[[ $# -eq 0 ]] || { echo "usage: deploy/local/add-silo.sh" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=postgres-lib.sh
source "$root/deploy/local/postgres-lib.sh"
state="$root/.local"
piddir="$state/pids"
logdir="$state/logs"
pgdir="$state/postgres"
silo_project="$root/src/OtpGrains.Silo"
dll="$silo_project/bin/Debug/net10.0/OtpGrains.Silo.dll"

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
if ! alive "$piddir/gateway.pid" || ! alive "$piddir/postgres.pid" || [[ ! -f "$state/connection-string" || ! -f "$dll" ]]; then
    echo "error: the local cluster is not running; start it with deploy/local/up.sh." >&2
    exit 1
fi

# The next index: one past the highest silo started since up.sh (a stopped silo keeps its pid
# file until down.sh), so ports and logs never clash.
last=$(ls "$piddir" | sed -nE 's/^silo-([0-9]+)\.pid$/\1/p' | sort -n | tail -n 1)
i=$(( ${last:-0} + 1 ))
silo_port=$((11110 + i)) gateway_port=$((29999 + i)) management_port=$((18079 + i))
for port in $silo_port $gateway_port $management_port; do
    if otp_port_in_use "$port"; then echo "error: port $port (needed by silo-$i) is already in use." >&2; exit 1; fi
done

bindir=$(otp_pg_bindir)
port=$(cat "$pgdir/port")
psql_q() { otp_pg_as_owner "$bindir/psql" -h "$pgdir" -p "$port" -U postgres -d otpgrains -tAq -c "$1"; }
launch_time=$(psql_q "SELECT now()")

echo "Starting silo-$i (silo port $silo_port, gateway port $gateway_port, management port $management_port) ..."
(cd "$root" && \
    ConnectionStrings__Orleans="$(cat "$state/connection-string")" Orleans__Clustering=AdoNet Orleans__Storage=AdoNet \
    ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
    Orleans__SiloPort=$silo_port Orleans__GatewayPort=$gateway_port Management__Urls="http://127.0.0.1:$management_port" \
    DOTNET_CONTENTROOT="$silo_project" exec dotnet "$dll" >> "$logdir/silo-$i.log" 2>&1) &
echo $! > "$piddir/silo-$i.pid"

cluster_id=${Orleans__ClusterId:-otpgrains-dev}
deadline=$((SECONDS + 120))
until [[ $(psql_q "SELECT count(*) FROM orleans_membership WHERE deployment_id = '$cluster_id' AND port = $silo_port AND status = 3 AND start_time >= '$launch_time'" 2>/dev/null || echo 0) -ge 1 ]]; do
    if ! alive "$piddir/silo-$i.pid"; then
        echo "error: silo-$i exited during start-up; last lines of $logdir/silo-$i.log:" >&2
        tail -n 30 "$logdir/silo-$i.log" >&2
        exit 1
    fi
    if (( SECONDS > deadline )); then
        echo "error: silo-$i did not become Active within 120 s (log: $logdir/silo-$i.log)." >&2
        exit 1
    fi
    sleep 1
done
echo "silo-$i is Active in cluster '$cluster_id'."
