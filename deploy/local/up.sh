#!/usr/bin/env bash
# Starts a local OtpGrains cluster: a throwaway PostgreSQL on loopback, the SQL migrations,
# N silos (default 2) and one gateway in Client mode on http://127.0.0.1:5080, all in the
# Development environment. Returns once GET /health/ready answers.
#
#   deploy/local/up.sh [--silos N] [--timeout SECONDS]
#
# Everything lives under .local/ at the repository root (git-ignored): PostgreSQL data, logs
# (.local/logs/<name>.log), process ids (.local/pids/<name>.pid) and the connection string
# (.local/connection-string). Data survives deploy/local/down.sh; "down.sh --purge" deletes it.
# Variables set in this script's environment (e.g. Stations__Default__TimeZone=Europe/Berlin)
# reach every process it starts. Silo i listens on 11110+i (silo-to-silo) and 29999+i (gateway),
# and serves /metrics, /health/live and /health/ready on http://127.0.0.1:$((18079+i)) (Management__Urls).
# --timeout (default 300) bounds each wait: for the silos to be Active, then for the gateway to be
# ready; while waiting the script says every 15 s how long it has waited.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/deploy/local"
# shellcheck source=postgres-lib.sh
source "$here/postgres-lib.sh"
# shellcheck source=cluster-lib.sh
source "$here/cluster-lib.sh"

usage() { echo "usage: deploy/local/up.sh [--silos N] [--timeout SECONDS]" >&2; exit 2; }

silos=2 timeout=$otp_default_timeout
while [[ $# -gt 0 ]]; do
    case "$1" in
        --silos) [[ $# -ge 2 ]] || usage; silos=$2; shift 2 ;;
        --silos=*) silos=${1#--silos=}; shift ;;
        --timeout) [[ $# -ge 2 ]] || usage; timeout=$2; shift 2 ;;
        --timeout=*) timeout=${1#--timeout=}; shift ;;
        -h|--help) usage ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
done
[[ "$silos" =~ ^[1-9][0-9]*$ ]] || { echo "error: --silos needs a positive number, not '$silos'." >&2; exit 2; }
timeout=$(otp_timeout_arg "$timeout") || exit 2

gateway_url="http://127.0.0.1:5080"
mkdir -p "$piddir" "$logdir"

# Refuse to start a second copy next to a running one: ports and pid files would collide.
for pidfile in "$piddir"/silo-*.pid "$piddir"/gateway.pid; do
    if otp_alive "$pidfile"; then
        echo "error: the local cluster is already running ($(basename "$pidfile" .pid) has pid $(cat "$pidfile")); run deploy/local/down.sh first." >&2
        exit 1
    fi
done
rm -f "$piddir"/silo-*.pid "$piddir"/gateway.pid

started_ok=0
on_exit() {
    if [[ $started_ok -ne 1 ]]; then
        echo "up.sh failed; stopping what it started (data is kept). Logs: $logdir" >&2
        "$here/down.sh" >&2 || true
    fi
}
trap on_exit EXIT

# --- PostgreSQL ---------------------------------------------------------------------------
bindir=$(otp_pg_bindir)
if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$root"; then
    echo "error: PostgreSQL runs as user 'postgres', which cannot reach $root; allow it with chmod o+x on the parent directories." >&2
    exit 1
fi

if [[ ! -f "$pgdir/data/PG_VERSION" ]]; then
    echo "Creating PostgreSQL cluster in $pgdir ..."
    rm -rf "$pgdir"
    mkdir -p "$pgdir"
    (umask 077; otp_random_secret > "$pgdir/password")
    otp_pg_init "$bindir" "$pgdir/data" "$(cat "$pgdir/password")"
fi
password=$(cat "$pgdir/password")

if otp_alive "$piddir/postgres.pid" && [[ -f "$pgdir/port" ]]; then
    port=$(cat "$pgdir/port")
else
    # Keep the previous port when it is still free, so saved connection strings keep working.
    port=$(otp_free_port "$(cat "$pgdir/port" 2>/dev/null || echo 55432)")
    echo "$port" > "$pgdir/port"
    otp_pg_start "$bindir" "$pgdir/data" "$port" "$pgdir" "$logdir/postgres.log"
    head -n 1 "$pgdir/data/postmaster.pid" > "$piddir/postgres.pid"
fi
otp_pg_create_db "$bindir" "$port" "$pgdir" "$database" >/dev/null
connection_string=$(otp_pg_connection_string "$port" "$database" "$password")
(umask 077; printf '%s\n' "$connection_string" > "$state/connection-string")
echo "PostgreSQL: 127.0.0.1:$port/$database (connection string in .local/connection-string)"

# --- Build and migrate ----------------------------------------------------------------------
echo "Building ..."
dotnet build "$root/OtpGrains.sln" -c Debug -v q --nologo > "$logdir/build.log" 2>&1 || {
    tail -n 30 "$logdir/build.log" >&2
    echo "error: build failed (full output: $logdir/build.log)." >&2
    exit 1
}

otp_cluster_environment

echo "Applying migrations ..."
(cd "$root" && dotnet run --no-build --project src/OtpGrains.Silo -- migrate) > "$logdir/migrate.log" 2>&1 || {
    cat "$logdir/migrate.log" >&2
    exit 1
}
tail -n 1 "$logdir/migrate.log"

# --- Processes -----------------------------------------------------------------------------
# Every port is checked before anything starts, so a clash never leaves half a cluster running.
gateway_project="$root/src/OtpGrains.Gateway"
launch_time=$(otp_psql "SELECT now()")

for i in $(seq 1 "$silos"); do
    for silo_side_port in $(otp_silo_ports "$i"); do otp_require_free_port "$silo_side_port" "silo-$i"; done
done
otp_require_free_port 5080 gateway

for i in $(seq 1 "$silos"); do
    otp_start_silo "$i"
done

# Wait until every new silo is Active in the membership table, so the gateway finds them all.
silos_active() { [[ $(otp_active_silos "$launch_time") -ge "$silos" ]]; }
otp_wait_for "$silos silo(s) Active in cluster '$cluster_id'" "$timeout" silos_active $(seq -f 'silo-%g' 1 "$silos")

echo "Starting gateway on $gateway_url ..."
otp_start gateway "$gateway_project" "$gateway_project/bin/Debug/net10.0/OtpGrains.Gateway.dll" \
    Gateway__Mode=Client ASPNETCORE_URLS="$gateway_url"
gateway_ready() { curl -fs -o /dev/null --max-time 2 "$gateway_url/health/ready"; }
otp_wait_for "gateway ready ($gateway_url/health/ready)" "$timeout" gateway_ready gateway

started_ok=1
echo "Ready: $gateway_url (Development; POST /dev/tokens is enabled). Stop with deploy/local/down.sh."
