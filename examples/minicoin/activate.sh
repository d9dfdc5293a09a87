# SPDX-License-Identifier: MIT
# Source this from the top of the utap repository, after `make`:
#     . examples/minicoin/activate.sh
# It puts build/ first on PATH (so the tapset's process("minicoind") is found, as are
# utap and minicoin-cli) and points the tapset search path at examples/minicoin/tapset
# (SYSTEMTAP_TAPSET, which utap honours like stap, and UTAP_TAPSET). `deactivate`
# restores the previous values.

if [ ! -x ./build/minicoind ] || [ ! -f ./examples/minicoin/tapset/bitcoin.stp ]; then
	echo "activate.sh: source this from the top of the utap repository, after make" >&2
	return 1 2>/dev/null || exit 1
fi

if [ -n "${_MINICOIN_ACTIVE:-}" ]; then
	echo "activate.sh: already active (run deactivate first)" >&2
	return 1 2>/dev/null || exit 1
fi

_MINICOIN_ACTIVE=1
_MINICOIN_OLD_PATH=$PATH
_MINICOIN_OLD_SYSTEMTAP_TAPSET=${SYSTEMTAP_TAPSET-}
_MINICOIN_OLD_UTAP_TAPSET=${UTAP_TAPSET-}

PATH="$PWD/build:$PATH"
SYSTEMTAP_TAPSET="$PWD/examples/minicoin/tapset"
UTAP_TAPSET="$SYSTEMTAP_TAPSET"
export PATH SYSTEMTAP_TAPSET UTAP_TAPSET

deactivate() {
	PATH=$_MINICOIN_OLD_PATH
	if [ -n "$_MINICOIN_OLD_SYSTEMTAP_TAPSET" ]; then
		SYSTEMTAP_TAPSET=$_MINICOIN_OLD_SYSTEMTAP_TAPSET
	else
		unset SYSTEMTAP_TAPSET
	fi
	if [ -n "$_MINICOIN_OLD_UTAP_TAPSET" ]; then
		UTAP_TAPSET=$_MINICOIN_OLD_UTAP_TAPSET
	else
		unset UTAP_TAPSET
	fi
	unset _MINICOIN_ACTIVE _MINICOIN_OLD_PATH _MINICOIN_OLD_SYSTEMTAP_TAPSET \
		_MINICOIN_OLD_UTAP_TAPSET
	unset -f deactivate
}
