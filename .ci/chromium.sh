#!/usr/bin/env bash
# Make Debian's chromium available for the web page's browser tests (Playwright drives
# /usr/bin/chromium; no browser is ever downloaded). Installs the package when it is missing and
# this machine can (root with apt-get); otherwise says so, and the browser tests skip with that
# reason (under CI=true they fail instead, so CI cannot go green without them).
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
    echo "chromium.sh: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi
if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium.sh: /usr/bin/chromium is missing; as root run: apt-get install -y chromium" >&2
    echo "chromium.sh: the browser tests will skip" >&2
    exit 0
fi
echo "chromium.sh: installing chromium from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
echo "chromium.sh: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
