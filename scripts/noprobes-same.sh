#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The seed's advice after adding a probe: rebuild with the probes off and make sure
# nothing changed. Runs one RPC session (generate, the chain queries, an error, stop,
# a restart on the same datadir) against build/minicoind and build/minicoind-noprobes,
# each in its own temporary HOME, and compares the transcripts and debug.logs with what
# differs from run to run (hashes, times, nonces, raw blocks, paths) normalised.
# Usage: scripts/noprobes-same.sh [BUILD]; exit 0 when the two behave the same.
set -u
cd "$(dirname "$0")/.." || exit 1
. scripts/walk-lib.sh
BUILD=${1:-${BUILD:-build}}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/utap-noprobes.XXXXXX")
trap 'walk_cleanup; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM HUP
export PATH="$BUILD:$PATH"

# normalise: paths, ports, times, nonces and raw blocks made constant, hashes H<n> by
# first appearance
normalise() {
	python3 -c '
import re, sys
ids = {}
def hid(m):
    return ids.setdefault(m.group(0), "H%d" % (len(ids) + 1))
for line in sys.stdin:
    line = re.sub(r"\S*/home-minicoind(-noprobes)?", "~", line)
    line = re.sub(r"^\d{4}-\d\d-\d\dT[\d:]{8}Z ", "T ", line)
    line = re.sub(r"\b(date)=(\x27[^\x27]*\x27|\S+)", r"\1=D", line)
    line = re.sub(r"\bport \d+", "port N", line)
    line = re.sub(r" +\d+ms$", " Nms", line)
    line = re.sub(r"\"(time|mediantime|nonce|uptime)\": \d+", "\"\\1\": N", line)
    line = re.sub(r"^[0-9a-f]{160,}$", "RAW", line)
    line = re.sub(r"\"hex\": \"[0-9a-f]{66,}\"", "\"hex\": X", line)
    sys.stdout.write(re.sub(r"[0-9a-f]{64}", hid, line))
'
}

# session NODE: the transcript of one node's session on stdout
session() {
	local node=$1 pid
	walk_home "$WORK/home-$node"
	cli() { echo "\$ minicoin-cli $*"; minicoin-cli -regtest "$@" 2>&1; echo "[exit $?]"; }
	start() {
		"$node" -regtest >>"$WORK/$node.console" 2>&1 &
		pid=$!
		walk_track $pid
		walk_wait_rpc 30 || echo "RPC did not come up"
	}
	start
	cli getblockcount
	cli getbestblockhash
	cli getblockchaininfo
	cli generate 5
	cli getblockchaininfo
	local h1 tx
	h1=$(minicoin-cli -regtest getblockhash 1)
	cli getblock "$h1"
	cli getblock "$h1" 0
	tx=$(minicoin-cli -regtest getblock "$h1" | grep -A1 '"tx": \[' | tail -n 1 | tr -d ' ",')
	cli gettxout "$tx" 0
	cli getblockhash 99
	cli getblock nothex
	cli stop
	walk_wait_gone "$pid" 30 || echo "did not stop"
	start
	cli getblockcount
	cli generatetoaddress 1 mwhatever
	cli stop
	walk_wait_gone "$pid" 30 || echo "did not stop"
	echo "--- debug.log"
	cat "$WALK_NET/debug.log"
	echo "--- console"
	cat "$WORK/$node.console"
}

for node in minicoind minicoind-noprobes; do
	[ -x "$BUILD/$node" ] || { echo "noprobes-same: $BUILD/$node missing" >&2; exit 1; }
	session "$node" | normalise >"$WORK/$node.txt"
done
if diff -u "$WORK/minicoind.txt" "$WORK/minicoind-noprobes.txt"; then
	echo "noprobes-same: minicoind and minicoind-noprobes behave the same" \
		"($(wc -l <"$WORK/minicoind.txt") lines of transcript)"
else
	echo "noprobes-same: the probes-off build differs (above)" >&2
	exit 1
fi
