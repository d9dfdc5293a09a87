#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian packages that utap's build, tests, benchmarks and demo need, when they
# are missing. Runs apt-get as root (or through sudo). Used by `make deps`, `check`, `demo`
# and .ci/run. UTAP_NO_DEPS=1 skips it.
set -eu
[ "${UTAP_NO_DEPS:-0}" = 1 ] && exit 0
PKGS="gcc g++ make binutils pkg-config libelf-dev libdw-dev clang llvm libclang-rt-14-dev
systemtap-sdt-dev gdb valgrind lua5.4 bpftrace procps expect lld
libssl-dev libevent-dev libjansson-dev libleveldb-dev libsqlite3-dev openssl curl python3
groff-base clang-format"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
	echo "deps: missing packages:$missing (run as root to install them)" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
