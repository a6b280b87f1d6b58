#!/usr/bin/env bash
# Runs every test: starts a throwaway PostgreSQL on loopback (installing it from Debian's packages
# if missing) for the PostgreSQL tests, runs the whole solution's tests, removes the database, and
# prints one summary line: "N passed, N failed" (", N skipped" when any were skipped).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results=$(mktemp -d)
pgdir=""
cleanup() {
  [ -n "$pgdir" ] && bash tests/postgres.sh stop "$pgdir" >/dev/null 2>&1
  rm -rf "$results"
}
trap cleanup EXIT

if pgenv=$(bash tests/postgres.sh start); then
  eval "$pgenv"
  pgdir=$OTP_PG_DIR
  # The PostgreSQL tests read their own variable; nothing else should silently pick the database up.
  OTPGRAINS_TEST_POSTGRES=$ConnectionStrings__Orleans
  export OTPGRAINS_TEST_POSTGRES
  unset ConnectionStrings__Orleans
else
  echo "PostgreSQL could not be started; the PostgreSQL tests will fail." >&2
fi
# The browser tests drive Debian's Chromium; without it they fail (never skip).
bash tests/chromium.sh || echo "Chromium could not be installed; the browser tests will fail." >&2

# One .trx per test project (default names are unique): a fixed LogFileName would let the last project overwrite the others.
dotnet test OtpGrains.sln --logger trx --results-directory "$results" "$@"
status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { local v; v=$(printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); echo "${v:-0}"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$status" -ne 0 ]; then failed=1; fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
