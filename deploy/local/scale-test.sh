#!/usr/bin/env bash
# The scale test: steady, verified load through the gateway of a local cluster while a silo is
# added, one is stopped with SIGTERM and one with SIGKILL; then every acknowledged attempt is
# checked against the support audit trails and the driver records.
#
#   deploy/local/scale-test.sh [--duration SECONDS] [--rate REQUESTS_PER_SECOND] [--out DIR] [--start-timeout SECONDS]
#
# Timeline (D = duration, default 180 s): up.sh starts PostgreSQL, 2 silos and the gateway; at
# 0.25 D silo-3 is added (add-silo.sh), at 0.5 D silo-1 gets SIGTERM, at 0.75 D silo-2 gets
# SIGKILL; the load ends at D. The report (failed requests, lost and doubled attempts, seconds
# until latency is normal again after each event) is printed and written to DIR (default
# artifacts/scale-test) with the processes' logs. Exit 0 only with 0 failed, 0 lost, 0 doubled
# (and silo-1 gone within 60 s of its SIGTERM). --start-timeout (default 300) bounds each start-up
# wait of up.sh and add-silo.sh (their --timeout).
# The cluster is always stopped and its data deleted at the end (down.sh --purge).
set -euo pipefail

usage() { echo "usage: deploy/local/scale-test.sh [--duration SECONDS] [--rate REQUESTS_PER_SECOND] [--out DIR] [--start-timeout SECONDS]" >&2; exit 2; }
duration=180 rate=25 start_timeout=300
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out="$root/artifacts/scale-test"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration) [[ $# -ge 2 ]] || usage; duration=$2; shift 2 ;;
        --rate) [[ $# -ge 2 ]] || usage; rate=$2; shift 2 ;;
        --out) [[ $# -ge 2 ]] || usage; out=$2; shift 2 ;;
        --start-timeout) [[ $# -ge 2 ]] || usage; start_timeout=$2; shift 2 ;;
        *) usage ;;
    esac
done
[[ "$duration" =~ ^[0-9]+$ ]] && (( duration >= 40 && duration <= 1800 )) || { echo "error: --duration must be 40 to 1800 seconds." >&2; exit 2; }
[[ "$rate" =~ ^[0-9]+$ ]] && (( rate >= 1 && rate <= 500 )) || { echo "error: --rate must be 1 to 500 requests per second." >&2; exit 2; }
[[ "$start_timeout" =~ ^[0-9]+$ ]] && (( start_timeout >= 10 && start_timeout <= 3600 )) || { echo "error: --start-timeout must be 10 to 3600 seconds." >&2; exit 2; }

# The local cluster's fixed ports must be free (another up.sh may be running on this machine).
if busy=$(ss -ltn | grep -E ':(5080|1111[0-9]|3000[0-9]|1808[0-9])\b'); then
    echo "error: the local cluster's ports are in use; wait until the other cluster is down and run again:" >&2
    echo "$busy" >&2
    exit 1
fi

# Stations get a fixed-offset zone in which it is around noon now, so the whole run falls inside
# the 03:00-23:00 delivery window and routes for today can still be built for their 18:00 block.
utc_hour=$((10#$(date -u +%H)))
offset=$((12 - utc_hour))
(( offset > 14 )) && offset=$((offset - 24))
(( offset < -12 )) && offset=$((offset + 24))
if (( offset == 0 )); then zone=Etc/GMT; elif (( offset > 0 )); then zone="Etc/GMT-$offset"; else zone="Etc/GMT+$((-offset))"; fi
export Stations__Default__TimeZone=$zone
# The generator asks POST /dev/tokens for one token per driver and customer; those are anonymous
# requests from one address, which the gateway limits to 60 a minute by default.
export RateLimits__AnonymousPerMinute=100000

rm -rf "$out"
mkdir -p "$out/logs"
events="$out/events.log"
: > "$events"
# event disruption|note NAME: the generator measures latency recovery after each disruption.
event() { echo "$(date +%s%3N) $1 $2" >> "$events"; echo "[$(date -u +%T)] $2"; }

loadgen_pid=""
finish() {
    local rc=$?
    [[ -n "$loadgen_pid" ]] && kill -0 "$loadgen_pid" 2>/dev/null && kill -TERM "$loadgen_pid" 2>/dev/null
    cp "$root"/.local/logs/*.log "$out/logs/" 2>/dev/null || true
    "$root/deploy/local/down.sh" --purge > "$out/logs/down.log" 2>&1 || echo "warning: down.sh --purge failed (see $out/logs/down.log)." >&2
    exit $rc
}
trap finish EXIT

echo "Building the load generator ..."
dotnet build "$root/deploy/local/loadgen" -c Release -v q --nologo > "$out/logs/loadgen-build.log" 2>&1 || {
    tail -n 20 "$out/logs/loadgen-build.log" >&2; exit 1; }

echo "Starting the local cluster (stations in $zone) ..."
"$root/deploy/local/up.sh" --silos 2 --timeout "$start_timeout"

echo "Load: $rate requests/s for $duration s; output in $out"
dotnet run --no-build -c Release --project "$root/deploy/local/loadgen" -- \
    --duration "$duration" --rate "$rate" --time-zone "$zone" --events "$events" --out "$out" &
loadgen_pid=$!
started=$SECONDS
at() { local wait=$(( started + $1 - SECONDS )); (( wait > 0 )) && sleep "$wait"; return 0; }
pid_of() { cat "$root/.local/pids/$1.pid"; }

at $((duration / 4))
event disruption "silo-3 added"
"$root/deploy/local/add-silo.sh" --timeout "$start_timeout"
event note "silo-3 active"

at $((duration / 2))
event disruption "silo-1 SIGTERM"
silo1=$(pid_of silo-1)
kill -TERM "$silo1"
# A graceful stop hands the grains over and leaves the membership table; a silo still running a
# minute later has failed to stop, and the run fails.
stuck=1
for _ in $(seq 1 120); do
    kill -0 "$silo1" 2>/dev/null || { stuck=0; break; }
    sleep 0.5
done
if (( stuck )); then event note "silo-1 still running 60 s after SIGTERM"; else event note "silo-1 exited"; fi

at $((duration * 3 / 4))
event disruption "silo-2 SIGKILL"
kill -KILL "$(pid_of silo-2)"

status=0
wait "$loadgen_pid" || status=$?
loadgen_pid=""
(( stuck && status == 0 )) && { echo "error: silo-1 did not exit within 60 s of SIGTERM." >&2; status=1; }
echo "Report: $out/report.txt (exit $status)"
exit $status
