#!/usr/bin/env bash
# Throwaway PostgreSQL for tests: a fresh cluster in a temp dir, loopback only, on a free port.
#
# Run it:
#   eval "$(tests/postgres.sh start)"     # exports OTP_PG_DIR and ConnectionStrings__Orleans
#   ...run tests...
#   tests/postgres.sh stop "$OTP_PG_DIR"   # stops the server and deletes the directory
#
# or source it and call the functions (pg_test_start also stops the server when the shell exits,
# unless the shell already has an EXIT trap, in which case call pg_test_stop yourself):
#   source tests/postgres.sh; pg_test_start; ...; pg_test_stop
#
# start also writes the connection string to $OTP_PG_CONNECTION_FILE when that is set, and always
# to $OTP_PG_DIR/connection-string. The database is "otpgrains" (override: OTP_PG_DATABASE).
# PostgreSQL is installed from Debian's packages (apt-get update first) when missing.
# The server is tuned for speed, not durability (fsync off): never point it at real data.

_otp_pg_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../deploy/local/postgres-lib.sh
source "$_otp_pg_here/../deploy/local/postgres-lib.sh"

# Creates and starts the cluster; prints "export" lines for eval on stdout, progress on stderr.
_otp_pg_test_start() {
    local bindir dir port password db cs attempt
    db=${OTP_PG_DATABASE:-otpgrains}
    bindir=$(otp_pg_bindir) || return 1
    dir=$(mktemp -d "${TMPDIR:-/tmp}/otp-pg.XXXXXX") || return 1
    : > "$dir/.otp-throwaway-pg"   # marker so that stop never deletes a directory it did not create
    chmod 755 "$dir"
    password=$(otp_random_secret)
    if ! otp_pg_init "$bindir" "$dir/data" "$password"; then
        rm -rf "$dir"
        return 1
    fi
    # Another process may grab the port between the check and the bind, so retry a few times.
    for attempt in 1 2 3; do
        port=$(otp_free_port) || break
        if otp_pg_start "$bindir" "$dir/data" "$port" "$dir" "$dir/postgres.log" \
                fsync=off synchronous_commit=off full_page_writes=off max_connections=200; then
            if otp_pg_create_db "$bindir" "$port" "$dir" "$db" >/dev/null; then
                cs=$(otp_pg_connection_string "$port" "$db" "$password")
                (umask 077; printf '%s\n' "$cs" > "$dir/connection-string")
                printf '%s\n' "$bindir" > "$dir/bindir"
                if [[ -n "${OTP_PG_CONNECTION_FILE:-}" ]]; then
                    printf '%s\n' "$cs" > "$OTP_PG_CONNECTION_FILE"
                fi
                echo "PostgreSQL ready on 127.0.0.1:$port (database $db, dir $dir)" >&2
                printf 'export OTP_PG_DIR=%q\n' "$dir"
                printf 'export ConnectionStrings__Orleans=%q\n' "$cs"
                return 0
            fi
            otp_pg_stop "$bindir" "$dir/data"
        fi
    done
    echo "error: could not start a throwaway PostgreSQL (see $dir/postgres.log)." >&2
    otp_pg_stop "$bindir" "$dir/data"
    rm -rf "$dir"
    return 1
}

_otp_pg_test_stop() {
    local dir=${1:-}
    if [[ -z "$dir" ]]; then
        echo "usage: tests/postgres.sh stop DIR" >&2
        return 2
    fi
    if [[ ! -d "$dir" ]]; then
        return 0
    fi
    if [[ ! -f "$dir/.otp-throwaway-pg" ]]; then
        echo "error: $dir was not created by tests/postgres.sh; refusing to delete it." >&2
        return 1
    fi
    local bindir
    bindir=$(cat "$dir/bindir" 2>/dev/null || otp_pg_bindir)
    otp_pg_stop "$bindir" "$dir/data"
    rm -rf "$dir"
}

pg_test_start() {
    local exports
    exports=$(_otp_pg_test_start) || return 1
    eval "$exports"
    if [[ -z "$(trap -p EXIT)" ]]; then
        trap 'pg_test_stop' EXIT
    fi
}

pg_test_stop() {
    if [[ -n "${OTP_PG_DIR:-}" ]]; then
        _otp_pg_test_stop "$OTP_PG_DIR"
        unset OTP_PG_DIR ConnectionStrings__Orleans
    fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    case "${1:-}" in
        start) _otp_pg_test_start ;;
        stop)  _otp_pg_test_stop "${2:-}" ;;
        *)
            echo "usage: tests/postgres.sh start | stop DIR" >&2
            exit 2
            ;;
    esac
fi
