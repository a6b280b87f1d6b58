#!/usr/bin/env bash
# OtpGrains against a conventional ASP.NET Core + Npgsql peer, on one durable PostgreSQL.
#
#   bash tests/OtpGrains.Benchmarks/bench.sh [--quick] [--scenarios a,b,c,d,e] [--pairs N]
#        [--concurrency 16,64,256] [--packages N] [--drivers N] [--stops N] [--contended N]
#        [--activations N] [--failed N] [--keep] [--no-build]
#
# Starts, all on loopback and free ports, in a temporary directory (deleted at the end unless --keep):
# - PostgreSQL with default durability (fsync, synchronous_commit, full_page_writes on), plus
#   pg_stat_statements (track = all) to count row writes; installed from Debian's packages if missing;
# - the OtpGrains migrations, one AdoNet silo and one gateway in Gateway:Mode=Client (Release builds,
#   Production environment, Otp:Keys and Auth:SigningKey generated for the run);
# - the conventional peer ("peer" of this project) on its own database of the same server;
# then runs the load generator ("run"), which prints every round and, at the end, a Markdown table.
# The station time zone is chosen so that it is mid-morning station time whenever the run starts
# (codes count only 03:00-23:00 station time; routes are 12:00-20:00 blocks that must not have begun).
# --no-build reuses the Release builds of an earlier run. Exit status: 0 when every answer was as
# expected, 1 when any was not, 2 for a set-up failure.
set -euo pipefail

keep=0
build=1
pass=()
for arg in "$@"; do
    case "$arg" in
        --keep) keep=1 ;;
        --no-build) build=0 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) pass+=("$arg") ;;
    esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../deploy/local/postgres-lib.sh
source "$root/deploy/local/postgres-lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/otp-bench.XXXXXX")
chmod 755 "$work"
pids=()
bindir=""
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    [[ -n "$bindir" ]] && otp_pg_stop "$bindir" "$work/pg/data"
    if [[ $keep -eq 1 ]]; then echo "Kept $work (logs in $work/logs)." >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
mkdir -p "$work/logs" "$work/mail"

fail() { echo "error: $*" >&2; exit 2; }

# --- Build (Release) ------------------------------------------------------------------------
bin() { echo "$root/$1/bin/Release/net10.0/$2.dll"; }
if [[ $build -eq 1 ]]; then
    # One build: the benchmark project also builds the silo, the gateway and the redelivery job.
    echo "Building (Release) ..."
    dotnet build "$root/tests/OtpGrains.Benchmarks" -c Release -v q --nologo > "$work/logs/build.log" 2>&1 \
        || { tail -n 30 "$work/logs/build.log" >&2; fail "the build failed (log: $work/logs/build.log)"; }
fi
for dll in "$(bin src/OtpGrains.Silo OtpGrains.Silo)" "$(bin src/OtpGrains.Gateway OtpGrains.Gateway)" \
           "$(bin src/OtpGrains.Redelivery OtpGrains.Redelivery)" "$(bin tests/OtpGrains.Benchmarks OtpGrains.Benchmarks)"; do
    [[ -f "$dll" ]] || fail "$dll is missing; run without --no-build"
done

# --- PostgreSQL, durable --------------------------------------------------------------------
bindir=$(otp_pg_bindir) || fail "PostgreSQL is not available"
password=$(otp_random_secret)
otp_pg_init "$bindir" "$work/pg/data" "$password" || fail "initdb failed"
pgport=""
for attempt in 1 2 3; do
    pgport=$(otp_free_port)
    if otp_pg_start "$bindir" "$work/pg/data" "$pgport" "$work/pg" "$work/logs/postgres.log" \
            shared_preload_libraries=pg_stat_statements pg_stat_statements.track=all pg_stat_statements.max=10000; then
        break
    fi
    pgport=""
done
[[ -n "$pgport" ]] || fail "PostgreSQL did not start (see $work/logs/postgres.log)"
postmaster=$(head -n 1 "$work/pg/data/postmaster.pid")
for db in otpgrains peer; do otp_pg_create_db "$bindir" "$pgport" "$work/pg" "$db" >/dev/null; done
otp_pg_as_owner "$bindir/psql" -h "$work/pg" -p "$pgport" -U postgres -d postgres -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
durability=$(otp_pg_as_owner "$bindir/psql" -h "$work/pg" -p "$pgport" -U postgres -d postgres -tAc \
    "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync','synchronous_commit','full_page_writes','wal_sync_method','shared_buffers','max_connections')")
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport ($durability)"

# --- Secrets and the shared environment ------------------------------------------------------
b64key() { head -c 32 /dev/urandom | base64 -w0; }
export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
export Otp__Keys__Current=bench Otp__Keys__bench="$(b64key)"
signing_key=$(b64key)
export Orleans__Clustering=AdoNet Orleans__Storage=AdoNet Orleans__ClusterId=otpgrains-bench
export ConnectionStrings__Orleans
ConnectionStrings__Orleans=$(otp_pg_connection_string "$pgport" otpgrains "$password")
# Codes go to a pickup folder of the run's own directory (deleted at the end); outside Development
# that has to be allowed explicitly.
export Email__Mode=Pickup Email__PickupDirectory="$work/mail" Email__AllowPickupOutsideDevelopment=true
# Mid-morning station time now: Etc/GMT+N is UTC-N.
hour=$((10#$(date -u +%H)))
offset=$((9 - hour)); (( offset < -12 )) && offset=$((offset + 24)); (( offset > 14 )) && offset=$((offset - 24))
if (( offset == 0 )); then zone=Etc/GMT; elif (( offset < 0 )); then zone="Etc/GMT+$((-offset))"; else zone="Etc/GMT-$offset"; fi
export Stations__Default__TimeZone=$zone
# One driver makes three entries per stop here at machine speed; the per-driver limit protects
# production from guessing and is raised equally on both systems.
export RateLimits__DriverAttemptsPerMinute=100000000
# Likewise the driver budgets (both systems check them on every entry, the peer under a driver row
# lock, OtpGrains in the driver grain's memory): one driver here makes 40 wrong entries a round.
export Policy__DriverWrongEntriesPerHour=100000000 Policy__DriverFallbacksPerDay=100000000

echo "Applying migrations ..."
dotnet "$(bin src/OtpGrains.Silo OtpGrains.Silo)" migrate > "$work/logs/migrate.log" 2>&1 || { cat "$work/logs/migrate.log" >&2; fail "migrate failed"; }

# start NAME DLL ARGS...: runs a process in the background, logs to $work/logs/NAME.log; prints its pid.
start() {
    local name=$1 dll=$2; shift 2
    (cd "$work" && exec dotnet "$dll" "$@" >> "$work/logs/$name.log" 2>&1) &
    echo $!
}
wait_ready() {
    local name=$1 url=$2 pid=$3 deadline=$((SECONDS + 120))
    until curl -fs -o /dev/null --max-time 2 "$url"; do
        kill -0 "$pid" 2>/dev/null || { tail -n 30 "$work/logs/$name.log" >&2; fail "$name exited during start-up"; }
        (( SECONDS < deadline )) || fail "$name did not become ready within 120 s (log: $work/logs/$name.log)"
        sleep 1
    done
}

echo "Starting the silo, the gateway (Client mode) and the peer ..."
silo_pid=$(DOTNET_CONTENTROOT="$root/src/OtpGrains.Silo" Orleans__SiloPort=$(otp_free_port) Orleans__GatewayPort=$(otp_free_port) \
    Management__Urls="http://127.0.0.1:$(otp_free_port)" \
    start silo "$(bin src/OtpGrains.Silo OtpGrains.Silo)")
pids+=("$silo_pid")
deadline=$((SECONDS + 120))
until [[ $(otp_pg_as_owner "$bindir/psql" -h "$work/pg" -p "$pgport" -U postgres -d otpgrains -tAq \
        -c "SELECT count(*) FROM orleans_membership WHERE deployment_id = 'otpgrains-bench' AND status = 3" 2>/dev/null || echo 0) -ge 1 ]]; do
    kill -0 "$silo_pid" 2>/dev/null || { tail -n 30 "$work/logs/silo.log" >&2; fail "the silo exited during start-up"; }
    (( SECONDS < deadline )) || fail "the silo did not become active within 120 s"
    sleep 1
done

gateway_url="http://127.0.0.1:$(otp_free_port)"
gateway_pid=$(DOTNET_CONTENTROOT="$root/src/OtpGrains.Gateway" Gateway__Mode=Client Auth__SigningKey="$signing_key" ASPNETCORE_URLS="$gateway_url" \
    start gateway "$(bin src/OtpGrains.Gateway OtpGrains.Gateway)")
pids+=("$gateway_pid")
peer_url="http://127.0.0.1:$(otp_free_port)"
peer_pid=$(ConnectionStrings__Peer="$(otp_pg_connection_string "$pgport" peer "$password")" Auth__SigningKey="$signing_key" \
    start peer "$(bin tests/OtpGrains.Benchmarks OtpGrains.Benchmarks)" peer --urls "$peer_url")
pids+=("$peer_pid")
wait_ready gateway "$gateway_url/health/ready" "$gateway_pid"
wait_ready peer "$peer_url/health/ready" "$peer_pid"
echo "OtpGrains gateway $gateway_url (silo pid $silo_pid, gateway pid $gateway_pid); peer $peer_url (pid $peer_pid); station time zone $zone"

set +e
BENCH_GATEWAY_URL=$gateway_url BENCH_PEER_URL=$peer_url \
BENCH_SILO_PID=$silo_pid BENCH_GATEWAY_PID=$gateway_pid BENCH_PEER_PID=$peer_pid BENCH_POSTMASTER_PID=$postmaster \
BENCH_ADMIN_CONNECTION="$(otp_pg_connection_string "$pgport" postgres "$password")" BENCH_SIGNING_KEY=$signing_key \
BENCH_TIME_ZONE=$zone BENCH_REDELIVERY_DLL="$(bin src/OtpGrains.Redelivery OtpGrains.Redelivery)" \
    dotnet "$(bin tests/OtpGrains.Benchmarks OtpGrains.Benchmarks)" run "${pass[@]}"
status=$?
set -e
for name in silo gateway peer; do
    if grep -qE '^\s*(fail|crit):' "$work/logs/$name.log"; then
        echo "note: $name logged errors; first ones:" >&2
        grep -E -A2 '^\s*(fail|crit):' "$work/logs/$name.log" | head -n 12 >&2
    fi
done
exit $status
