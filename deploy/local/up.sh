#!/usr/bin/env bash
# Starts a local OtpGrains cluster: a throwaway PostgreSQL on loopback, the SQL migrations,
# N silos (default 2) and one gateway in Client mode on http://127.0.0.1:5080, all in the
# Development environment. Returns once GET /health/ready answers.
#
#   deploy/local/up.sh [--silos N]
#
# Everything lives under .local/ at the repository root (git-ignored): PostgreSQL data, logs
# (.local/logs/<name>.log), process ids (.local/pids/<name>.pid) and the connection string
# (.local/connection-string). Data survives deploy/local/down.sh; "down.sh --purge" deletes it.
# Variables set in this script's environment (e.g. Stations__Default__TimeZone=Europe/Berlin)
# reach every process it starts. Silo i listens on 11110+i (silo-to-silo) and 29999+i (gateway),
# and serves /metrics, /health/live and /health/ready on http://127.0.0.1:$((18079+i)) (Management__Urls).
set -euo pipefail

usage() { echo "usage: deploy/local/up.sh [--silos N]" >&2; exit 2; }

silos=2
while [[ $# -gt 0 ]]; do
    case "$1" in
        --silos) [[ $# -ge 2 ]] || usage; silos=$2; shift 2 ;;
        --silos=*) silos=${1#--silos=}; shift ;;
        -h|--help) usage ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
done
[[ "$silos" =~ ^[1-9][0-9]*$ ]] || { echo "error: --silos needs a positive number, not '$silos'." >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/deploy/local"
# shellcheck source=postgres-lib.sh
source "$here/postgres-lib.sh"

state="$root/.local"
pgdir="$state/postgres"
piddir="$state/pids"
logdir="$state/logs"
gateway_url="http://127.0.0.1:5080"
database="otpgrains"
mkdir -p "$piddir" "$logdir"

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Refuse to start a second copy next to a running one: ports and pid files would collide.
for pidfile in "$piddir"/silo-*.pid "$piddir"/gateway.pid; do
    if alive "$pidfile"; then
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

if alive "$piddir/postgres.pid" && [[ -f "$pgdir/port" ]]; then
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

export ConnectionStrings__Orleans="$connection_string"
export Orleans__Clustering=AdoNet
export Orleans__Storage=AdoNet
export ASPNETCORE_ENVIRONMENT=Development
export DOTNET_ENVIRONMENT=Development

echo "Applying migrations ..."
(cd "$root" && dotnet run --no-build --project src/OtpGrains.Silo -- migrate) > "$logdir/migrate.log" 2>&1 || {
    cat "$logdir/migrate.log" >&2
    exit 1
}
tail -n 1 "$logdir/migrate.log"

# --- Processes -----------------------------------------------------------------------------
# start NAME PROJECT_DIR DLL: runs from the repository root (so relative paths such as .local/mail
# land under .local/) with the project folder as content root (so its appsettings*.json load).
# "exec" makes the recorded pid the dotnet process itself.
start() {
    local name=$1 project=$2 dll=$3
    if [[ ! -f "$dll" ]]; then
        echo "error: $dll is missing after the build." >&2
        exit 1
    fi
    (cd "$root" && DOTNET_CONTENTROOT="$project" exec dotnet "$dll" >> "$logdir/$name.log" 2>&1) &
    echo $! > "$piddir/$name.pid"
}

check_port_free() {
    if otp_port_in_use "$1"; then
        echo "error: port $1 (needed by $2) is already in use." >&2
        exit 1
    fi
}

silo_project="$root/src/OtpGrains.Silo"
gateway_project="$root/src/OtpGrains.Gateway"
launch_time=$(otp_pg_as_owner "$bindir/psql" -h "$pgdir" -p "$port" -U postgres -d "$database" -tAq -c "SELECT now()")

for i in $(seq 1 "$silos"); do
    check_port_free $((11110 + i)) "silo-$i"
    check_port_free $((29999 + i)) "silo-$i"
    check_port_free $((18079 + i)) "silo-$i"
done
check_port_free 5080 gateway

for i in $(seq 1 "$silos"); do
    echo "Starting silo-$i (silo port $((11110 + i)), gateway port $((29999 + i)), management http://127.0.0.1:$((18079 + i))) ..."
    Orleans__SiloPort=$((11110 + i)) Orleans__GatewayPort=$((29999 + i)) Management__Urls="http://127.0.0.1:$((18079 + i))" \
        start "silo-$i" "$silo_project" "$silo_project/bin/Debug/net10.0/OtpGrains.Silo.dll"
done

# Wait until every new silo is Active in the membership table, so the gateway finds them all.
cluster_id=${Orleans__ClusterId:-otpgrains-dev}
deadline=$((SECONDS + 120))
while :; do
    active=$(otp_pg_as_owner "$bindir/psql" -h "$pgdir" -p "$port" -U postgres -d "$database" -tAq \
        -c "SELECT count(*) FROM orleans_membership WHERE deployment_id = '$cluster_id' AND status = 3 AND start_time >= '$launch_time'" 2>/dev/null || echo 0)
    [[ "$active" -ge "$silos" ]] && break
    for i in $(seq 1 "$silos"); do
        if ! alive "$piddir/silo-$i.pid"; then
            echo "error: silo-$i exited during start-up; last lines of $logdir/silo-$i.log:" >&2
            tail -n 30 "$logdir/silo-$i.log" >&2
            exit 1
        fi
    done
    if (( SECONDS > deadline )); then
        echo "error: only $active of $silos silos became Active within 120 s (logs in $logdir)." >&2
        exit 1
    fi
    sleep 1
done
echo "$silos silo(s) active in cluster '$cluster_id'."

echo "Starting gateway on $gateway_url ..."
Gateway__Mode=Client ASPNETCORE_URLS="$gateway_url" \
    start gateway "$gateway_project" "$gateway_project/bin/Debug/net10.0/OtpGrains.Gateway.dll"

deadline=$((SECONDS + 120))
until curl -fs -o /dev/null --max-time 2 "$gateway_url/health/ready"; do
    if ! alive "$piddir/gateway.pid"; then
        echo "error: the gateway exited during start-up; last lines of $logdir/gateway.log:" >&2
        tail -n 30 "$logdir/gateway.log" >&2
        exit 1
    fi
    if (( SECONDS > deadline )); then
        echo "error: $gateway_url/health/ready did not answer within 120 s (logs in $logdir)." >&2
        exit 1
    fi
    sleep 1
done

started_ok=1
echo "Ready: $gateway_url (Development; POST /dev/tokens is enabled). Stop with deploy/local/down.sh."
