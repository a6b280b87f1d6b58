# shellcheck shell=bash
# What deploy/local/up.sh and add-silo.sh share: where the local cluster keeps its state, how a
# silo is started and how the scripts wait for a process to be ready. Source it after setting
# $root (the repository) and sourcing postgres-lib.sh; it sets the variables below and defines
# functions, and changes no shell options of the caller.

state="$root/.local"
piddir="$state/pids"
logdir="$state/logs"
pgdir="$state/postgres"
database="otpgrains"
silo_project="$root/src/OtpGrains.Silo"
silo_dll="$silo_project/bin/Debug/net10.0/OtpGrains.Silo.dll"
cluster_id=${Orleans__ClusterId:-otpgrains-dev}
# How long each wait (silos Active, gateway ready) may take by default. A build and the start of
# three .NET processes on a busy 2-core machine has taken more than 120 s; --timeout changes it.
otp_default_timeout=300

otp_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# otp_timeout_arg VALUE: checks a --timeout value (seconds, 10 to 3600) and prints it.
otp_timeout_arg() {
    if [[ "$1" =~ ^[0-9]+$ ]] && (( $1 >= 10 && $1 <= 3600 )); then
        printf '%s\n' "$1"
    else
        echo "error: --timeout needs 10 to 3600 seconds, not '$1'." >&2
        return 2
    fi
}

# otp_require_free_port PORT NAME: fails with a clear line when PORT (needed by NAME) is taken.
otp_require_free_port() {
    if otp_port_in_use "$1"; then
        echo "error: port $1 (needed by $2) is already in use." >&2
        return 1
    fi
}

# otp_psql SQL: runs one query against the cluster's database and prints the bare result.
otp_psql() {
    otp_pg_as_owner "$(otp_pg_bindir)/psql" -h "$pgdir" -p "$(cat "$pgdir/port")" -U postgres -d "$database" -tAq -c "$1"
}

# otp_active_silos SINCE [SILO_PORT]: how many silos (on SILO_PORT, if given) started at or after
# the database time SINCE are Active (status 3) in this cluster's membership table.
otp_active_silos() {
    local filter="deployment_id = '$cluster_id' AND status = 3 AND start_time >= '$1'"
    [[ -n "${2:-}" ]] && filter+=" AND port = $2"
    otp_psql "SELECT count(*) FROM orleans_membership WHERE $filter" 2>/dev/null || echo 0
}

# otp_cluster_environment: exports what every process of the local cluster reads (the database,
# ADO.NET clustering and storage, the Development environment); children inherit it.
otp_cluster_environment() {
    ConnectionStrings__Orleans=$(cat "$state/connection-string")
    export ConnectionStrings__Orleans
    export Orleans__Clustering=AdoNet Orleans__Storage=AdoNet
    export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
}

# otp_start NAME PROJECT_DIR DLL [VAR=VALUE...]: starts a process in the background with the extra
# variables, from the repository root (so relative paths such as .local/mail land under .local/)
# with the project folder as content root (so its appsettings*.json load); its output is appended
# to .local/logs/NAME.log and its pid written to .local/pids/NAME.pid. "exec" makes the recorded pid
# the dotnet process itself.
otp_start() {
    local name=$1 project=$2 dll=$3
    shift 3
    if [[ ! -f "$dll" ]]; then
        echo "error: $dll is missing; build the solution (deploy/local/up.sh builds it)." >&2
        return 1
    fi
    (cd "$root" && exec env "$@" DOTNET_CONTENTROOT="$project" dotnet "$dll" >> "$logdir/$name.log" 2>&1) &
    echo $! > "$piddir/$name.pid"
}

# otp_silo_ports I: the ports of silo-I: silo port 11110+I, gateway port 29999+I, management port 18079+I.
otp_silo_ports() { echo $((11110 + $1)) $((29999 + $1)) $((18079 + $1)); }

# otp_start_silo I: starts silo-I on its ports (otp_silo_ports), after checking that they are free.
otp_start_silo() {
    local i=$1 silo_port gateway_port management_port port
    read -r silo_port gateway_port management_port < <(otp_silo_ports "$i")
    for port in $silo_port $gateway_port $management_port; do
        otp_require_free_port "$port" "silo-$i" || return 1
    done
    echo "Starting silo-$i (silo port $silo_port, gateway port $gateway_port, management http://127.0.0.1:$management_port) ..."
    otp_start "silo-$i" "$silo_project" "$silo_dll" \
        Orleans__SiloPort=$silo_port Orleans__GatewayPort=$gateway_port Management__Urls="http://127.0.0.1:$management_port"
}

# otp_wait_for WHAT TIMEOUT CHECK NAME...: runs the command CHECK once a second until it succeeds,
# then says how long WHAT took. Fails with the last lines of its log when process NAME exits, or
# after TIMEOUT seconds. Every 15 s it says that it is still waiting (with the load average), so a
# slow start on a busy machine shows as slow rather than looking like a hang.
otp_wait_for() {
    local what=$1 timeout=$2 check=$3 name
    shift 3
    local started=$SECONDS next_note=$((SECONDS + 15))
    until "$check"; do
        for name in "$@"; do
            if ! otp_alive "$piddir/$name.pid"; then
                echo "error: $name exited during start-up; last lines of $logdir/$name.log:" >&2
                tail -n 30 "$logdir/$name.log" >&2
                return 1
            fi
        done
        if (( SECONDS - started >= timeout )); then
            echo "error: $what: not within $timeout s (--timeout SECONDS waits longer; load average $(cut -d' ' -f1-3 /proc/loadavg)). Last lines of the logs in $logdir:" >&2
            for name in "$@"; do tail -n 10 "$logdir/$name.log" | sed "s/^/  $name: /" >&2; done
            return 1
        fi
        if (( SECONDS >= next_note )); then
            echo "  still waiting: $what ($((SECONDS - started)) s of $timeout s, load average $(cut -d' ' -f1 /proc/loadavg))"
            next_note=$((SECONDS + 15))
        fi
        sleep 1
    done
    echo "$what after $((SECONDS - started)) s."
}
