#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the browser tests (tests/OtpGrains.BrowserTests), which
# drive it with Playwright's bundled driver: installs the `chromium` package with apt-get when
# /usr/bin/chromium (or $OTPGRAINS_CHROMIUM) is missing. It never downloads a browser build of its
# own. Exits non-zero when Chromium cannot be had; the browser tests then fail, they do not skip.
set -uo pipefail
chromium=${OTPGRAINS_CHROMIUM:-/usr/bin/chromium}
[[ -x "$chromium" ]] && exit 0
echo "Chromium is not installed; installing it from Debian's packages for the browser tests..." >&2
if [[ $(id -u) -ne 0 ]]; then
    echo "error: installing Chromium needs root (apt-get install -y chromium)." >&2
    exit 1
fi
DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || exit 1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 || exit 1
[[ -x "$chromium" ]] || { echo "error: apt-get installed chromium but $chromium is still missing." >&2; exit 1; }
