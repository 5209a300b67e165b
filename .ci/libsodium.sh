#!/usr/bin/env bash
# Make the operating system's libsodium (>= 1.0.18, with its ristretto255 functions) available:
# oylama's libsodium backend and the auditor's --backend sodium load it with ctypes (PyNaCl's
# bundled copy has no ristretto255). Installs Debian's libsodium23 when no such library is found
# and this machine can (root with apt-get); otherwise says what to install. With the native
# extension built oylama runs without it, but `make test` runs the crypto, service and auditor
# suites on libsodium too.
set -euo pipefail

found() {
    python3 - <<'PY'
import ctypes, ctypes.util, os, sys
names = [os.environ.get("OYLAMA_LIBSODIUM") or ctypes.util.find_library("sodium") or "",
         "libsodium.so.26", "libsodium.so.23", "libsodium.dylib"]
for name in filter(None, names):
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        continue
    if hasattr(lib, "crypto_core_ristretto255_from_hash"):
        print(name)
        sys.exit(0)
sys.exit(1)
PY
}

if name="$(found)"; then
    echo "libsodium.sh: ${name} has ristretto255"
    exit 0
fi
if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "libsodium.sh: no libsodium >= 1.0.18 found; install it (Debian/Ubuntu:" \
        "apt-get install libsodium23; macOS: brew install libsodium) or set OYLAMA_LIBSODIUM" >&2
    exit 0
fi
echo "libsodium.sh: installing libsodium23 from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq libsodium23 >/dev/null
name="$(found)" && echo "libsodium.sh: ${name} has ristretto255"
