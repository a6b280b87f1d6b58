# shellcheck shell=bash
# Shared PostgreSQL helpers for deploy/local/up.sh and tests/postgres.sh. Source it; it defines
# functions only and changes no shell options of the caller.
#
# PostgreSQL refuses to run as root, so when the caller is root every server-side command runs
# as the "postgres" system user (created by Debian's postgresql-common package).

# Prints the bin directory of the newest installed PostgreSQL (Debian layout), installing the
# server from Debian's packages when none is present.
otp_pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
        echo "PostgreSQL is not installed; installing it from Debian's packages..." >&2
        if [[ $(id -u) -ne 0 ]]; then
            echo "error: installing PostgreSQL needs root (apt-get install -y postgresql)." >&2
            return 1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
        dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    fi
    if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
        echo "error: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin." >&2
        return 1
    fi
    printf '%s\n' "$dir"
}

# Runs a command as the owner of the PostgreSQL data: "postgres" when we are root, else ourselves.
otp_pg_as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Gives a directory to the data owner (no-op unless root).
otp_pg_own() {
    if [[ $(id -u) -eq 0 ]]; then
        chown -R postgres:postgres "$@"
    fi
}

# True when something already listens on 127.0.0.1:$1.
otp_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints a free loopback TCP port, trying $1 first when given. Random picks stay below the kernel's
# ephemeral range (ip_local_port_range, 32768 and up by default): a port in it can be taken by any
# outgoing connection between this check and the bind, which a listener then fails on.
otp_free_port() {
    local port=${1:-}
    if [[ -n "$port" ]] && ! otp_port_in_use "$port"; then
        printf '%s\n' "$port"
        return 0
    fi
    local low=32768 i
    read -r low _ < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
    (( low > 20100 )) || low=32768
    for i in $(seq 1 200); do
        port=$(( 20000 + RANDOM % (low - 20000) ))
        if ! otp_port_in_use "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    echo "error: no free loopback port found." >&2
    return 1
}

# Prints a random password of hex digits (no quoting trouble in connection strings).
otp_random_secret() {
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

# otp_pg_init BINDIR DATADIR PASSWORD: creates a cluster whose superuser "postgres" has PASSWORD.
# Local socket connections are trusted (they need file access to the data dir anyway);
# TCP connections, loopback only, need the password.
otp_pg_init() {
    local bindir=$1 datadir=$2 password=$3 pwfile
    mkdir -p "$datadir"
    chmod 700 "$datadir"
    otp_pg_own "$datadir"
    pwfile=$(mktemp)
    printf '%s\n' "$password" > "$pwfile"
    otp_pg_own "$pwfile"
    if ! otp_pg_as_owner "$bindir/initdb" -D "$datadir" -U postgres --pwfile="$pwfile" \
            --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null; then
        rm -f "$pwfile"
        echo "error: initdb failed for $datadir." >&2
        return 1
    fi
    rm -f "$pwfile"
}

# otp_pg_start BINDIR DATADIR PORT SOCKETDIR LOGFILE [extra postgres -c options...]
otp_pg_start() {
    local bindir=$1 datadir=$2 port=$3 sockdir=$4 logfile=$5
    shift 5
    local opts="-c listen_addresses=127.0.0.1 -p $port -k $sockdir"
    local o
    for o in "$@"; do opts+=" -c $o"; done
    mkdir -p "$sockdir" "$(dirname "$logfile")"
    touch "$logfile"
    otp_pg_own "$sockdir" "$logfile"
    if ! otp_pg_as_owner "$bindir/pg_ctl" -D "$datadir" -l "$logfile" -o "$opts" -w -t 60 start >/dev/null; then
        echo "error: PostgreSQL did not start; last lines of $logfile:" >&2
        tail -n 20 "$logfile" >&2
        return 1
    fi
    local i
    for i in $(seq 1 60); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
            return 0
        fi
        sleep 0.5
    done
    echo "error: PostgreSQL on 127.0.0.1:$port is not ready after 30 s." >&2
    return 1
}

# otp_pg_stop BINDIR DATADIR: fast shutdown; quiet when the server is not running.
otp_pg_stop() {
    local bindir=$1 datadir=$2
    if [[ -f "$datadir/postmaster.pid" ]]; then
        otp_pg_as_owner "$bindir/pg_ctl" -D "$datadir" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
}

# otp_pg_create_db BINDIR PORT SOCKETDIR DBNAME: creates the database unless it exists.
otp_pg_create_db() {
    local bindir=$1 port=$2 sockdir=$3 db=$4 exists
    exists=$(otp_pg_as_owner "$bindir/psql" -h "$sockdir" -p "$port" -U postgres -d postgres -tAq \
        -c "SELECT 1 FROM pg_database WHERE datname = '$db'")
    if [[ "$exists" != "1" ]]; then
        otp_pg_as_owner "$bindir/createdb" -h "$sockdir" -p "$port" -U postgres "$db"
    fi
}

# otp_pg_connection_string PORT DB PASSWORD
otp_pg_connection_string() {
    printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=postgres;Password=%s\n' "$1" "$2" "$3"
}
