#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make demo`: the seed walkthrough (SystemTap with bitcoind) replayed with utap and the
# minicoin regtest node, unattended, in a temporary HOME with a free RPC port. Prints
# each command and its output; checks what it shows (the UpdateTip hashes are the ones
# minicoin-cli printed, the node outlives a detached utap, the cache counts are the
# node's own) and exits non-zero on any mismatch. Every process it starts is killed on
# every exit path.
set -u
cd "$(dirname "$0")/.." || exit 1
. scripts/walk-lib.sh
if [ -n "${BUILD:-}" ] && [ "$(realpath -m "$BUILD")" != "$PWD/build" ]; then
	echo "demo: the walkthrough runs on build/ (activate.sh puts it on PATH), not $BUILD" >&2
	exit 1
fi
for b in utap minicoind minicoind-noprobes minicoin-cli; do
	[ -x "build/$b" ] || { echo "demo: build/$b missing: run make demo" >&2; exit 1; }
done

DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/utap-demo.XXXXXX")
on_exit() {
	walk_cleanup
	rm -rf "$DEMO_DIR"
}
trap on_exit EXIT
trap 'exit 130' INT TERM HUP

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD="" PLAIN=""; fi
say() { printf '\n%s# %s%s\n' "$BOLD" "$*" "$PLAIN"; }
cmd() { printf '$ %s\n' "$*"; }
die() {
	printf '\ndemo: FAILED: %s\n' "$*" >&2
	exit 1
}
ok() { printf 'ok: %s\n' "$*"; }

walk_home "$DEMO_DIR/home"
say "a temporary HOME ($HOME); its ~/.minicoin/minicoin.conf sets the RPC port"
cmd "cat ~/.minicoin/minicoin.conf"
cat "$HOME/.minicoin/minicoin.conf"

say "put build/ first on PATH and point the tapset path at examples/minicoin/tapset"
cmd ". examples/minicoin/activate.sh"
. examples/minicoin/activate.sh || die "activate.sh"

say "the bitcoin tapset's probes (no root, no stap groups, no kernel headers)"
cmd "utap -L 'bitcoin.*'"
utap -L 'bitcoin.*' >"$DEMO_DIR/list" 2>&1 || { cat "$DEMO_DIR/list"; die "utap -L"; }
cat "$DEMO_DIR/list"
grep -qx 'bitcoin.cache_flush coins:long bytes:long $arg1:long $arg2:long' "$DEMO_DIR/list" ||
	die "utap -L: no bitcoin.cache_flush line"

# trace_node SCRIPT NAME: `utap -c "minicoind -regtest" SCRIPT` in the background (its
# output in $DEMO_DIR/NAME.txt and NAME.err, its pid in UTAP_PID), until the node's RPC
# answers
trace_node() {
	cmd "utap -c \"minicoind -regtest\" $1"
	utap -c "minicoind -regtest" "$1" >"$DEMO_DIR/$2.txt" 2>"$DEMO_DIR/$2.err" &
	UTAP_PID=$!
	walk_track $UTAP_PID
	walk_wait_rpc 30 || { cat "$DEMO_DIR/$2.err"; die "the traced node's RPC did not come up"; }
}

# ---- utap -c ---------------------------------------------------------------------------
say "terminal 1: trace the node in regtest mode (utap's output goes to trace.txt here)"
trace_node examples/minicoin/demo.stp trace

say "terminal 2: five new blocks"
cmd "minicoin-cli -regtest generate 5"
minicoin-cli -regtest generate 5 >"$DEMO_DIR/gen" 2>&1 || { cat "$DEMO_DIR/gen"; die "generate"; }
cat "$DEMO_DIR/gen"
mapfile -t HASHES < <(walk_hashes <"$DEMO_DIR/gen")
[ ${#HASHES[@]} = 5 ] || die "generate 5 printed ${#HASHES[@]} hashes"
cmd "minicoin-cli -regtest stop"
minicoin-cli -regtest stop || die "stop"
walk_wait_gone $UTAP_PID 30 || die "utap did not end after the node stopped"
wait $UTAP_PID
rc=$?
[ $rc = 0 ] || { cat "$DEMO_DIR/trace.err"; die "utap -c exited with $rc"; }

say "terminal 1 shows"
cat "$DEMO_DIR/trace.txt"
[ -s "$DEMO_DIR/trace.err" ] && { cat "$DEMO_DIR/trace.err"; die "utap wrote to stderr"; }
walk_norm <"$DEMO_DIR/trace.txt" >"$DEMO_DIR/trace.norm"
{
	echo "T Attached to bitcoind process"
	echo "T AppInitMain with datadir=$HOME/.minicoin/regtest, config=$HOME/.minicoin/minicoin.conf"
	echo "T UpdateTip: new block 0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206 at height 0 (genesis)"
	echo "T IBD finished"
	for i in 1 2 3 4 5; do
		echo "T UpdateTip: new block ${HASHES[$((i - 1))]} at height $i"
	done
} >"$DEMO_DIR/trace.exp"
diff -u "$DEMO_DIR/trace.exp" "$DEMO_DIR/trace.norm" || die "the trace is not the walkthrough's"
ok "the five UpdateTip hashes are the ones minicoin-cli printed"

# ---- utap -x ---------------------------------------------------------------------------
say "a node in daemon mode, and utap attached to it with -x"
cmd "minicoind -regtest -daemon"
minicoind -regtest -daemon || die "minicoind -daemon"
walk_wait_rpc 30 || die "the daemon's RPC did not come up"
NODE_PID=$(cat "$WALK_NET/minicoind.pid")
walk_track "$NODE_PID"
cmd 'utap -x $(cat ~/.minicoin/regtest/minicoind.pid) examples/minicoin/demo.stp'
utap -x "$NODE_PID" examples/minicoin/demo.stp >"$DEMO_DIR/x.txt" 2>"$DEMO_DIR/x.err" &
UTAP_PID=$!
walk_track $UTAP_PID
walk_wait_armed build/minicoind "$NODE_PID" 30 || { cat "$DEMO_DIR/x.err"; die "utap -x did not attach"; }
cmd "minicoin-cli -regtest generate 2"
minicoin-cli -regtest generate 2 >"$DEMO_DIR/gen" 2>&1 || { cat "$DEMO_DIR/gen"; die "generate"; }
cat "$DEMO_DIR/gen"
mapfile -t HASHES < <(walk_hashes <"$DEMO_DIR/gen")
cmd "kill -INT $UTAP_PID     # Ctrl-C in terminal 1: utap detaches"
kill -INT $UTAP_PID
walk_wait_gone $UTAP_PID 30 || die "utap -x did not end on SIGINT"
wait $UTAP_PID
rc=$?
[ $rc = 0 ] || { cat "$DEMO_DIR/x.err"; die "utap -x exited with $rc"; }
cat "$DEMO_DIR/x.txt"
walk_norm <"$DEMO_DIR/x.txt" >"$DEMO_DIR/x.norm"
printf 'T Attached to bitcoind process\nT IBD finished\nT UpdateTip: new block %s at height 6\nT UpdateTip: new block %s at height 7\n' \
	"${HASHES[0]}" "${HASHES[1]}" >"$DEMO_DIR/x.exp"
diff -u "$DEMO_DIR/x.exp" "$DEMO_DIR/x.norm" || die "the -x trace"
ok "utap -x saw the restarted node leave IBD and its two new blocks"
cmd "minicoin-cli -regtest generate 1; minicoin-cli -regtest getblockcount"
minicoin-cli -regtest generate 1 >/dev/null || die "generate after detach"
n=$(minicoin-cli -regtest getblockcount)
echo "$n"
[ "$n" = 8 ] || die "getblockcount after detach: $n, not 8"
grep -q '^TracerPid:[[:space:]]*0$' "/proc/$NODE_PID/status" || die "the node is still traced"
ok "the node runs on untraced after utap detached"
cmd "minicoin-cli -regtest stop"
minicoin-cli -regtest stop || die "stop"
walk_wait_gone "$NODE_PID" 30 || die "the daemon did not stop"

# ---- cache.stp -------------------------------------------------------------------------
say "the second example script: coins cache hits, misses and flush sizes"
trace_node examples/minicoin/cache.stp cache
cmd "minicoin-cli -regtest generate 3"
minicoin-cli -regtest generate 3 >"$DEMO_DIR/gen" || die "generate"
TX=$(minicoin-cli -regtest getblock "$(minicoin-cli -regtest getblockhash 2)" |
	grep -A1 '"tx": \[' | tail -n 1 | tr -d ' ",')
cmd "minicoin-cli -regtest gettxout <block 2's coinbase txid> 0   # twice"
minicoin-cli -regtest gettxout "$TX" 0 | grep -E '"(value|confirmations)"'
minicoin-cli -regtest gettxout "$TX" 0 >/dev/null
cmd "minicoin-cli -regtest stop"
minicoin-cli -regtest stop || die "stop"
walk_wait_gone $UTAP_PID 30 || die "utap did not end after the node stopped"
wait $UTAP_PID || { cat "$DEMO_DIR/cache.err"; die "utap -c cache.stp failed"; }
cat "$DEMO_DIR/cache.txt"
node=$(sed -n 's/.*Coins cache: \([0-9]*\) hits, \([0-9]*\) misses.*/hits=\1 misses=\2/p' \
	"$WALK_NET/debug.log" | tail -n 1)
traced=$(sed -n 's/^cache hits=\([0-9]*\) misses=\([0-9]*\)$/hits=\1 misses=\2/p' "$DEMO_DIR/cache.txt")
cmd "grep 'Coins cache' ~/.minicoin/regtest/debug.log | tail -n 1"
grep 'Coins cache' "$WALK_NET/debug.log" | tail -n 1
if [ -z "$node" ] || [ "$traced" != "$node" ]; then
	die "cache.stp counted [$traced], the node [$node]"
fi
grep -q '^value |-* count$' "$DEMO_DIR/cache.txt" || die "no @hist_log"
ok "cache.stp's counts are the node's own accounting (this run: the node restarted on its datadir)"

# ---- a misconfiguration ----------------------------------------------------------------
say "without activate.sh: -I finds the tapset, but process(\"minicoind\") is not on PATH"
deactivate
# and no other directory of PATH holding a minicoind either
BARE_PATH=$(tr ':' '\n' <<<"$PATH" | while read -r d; do
	[ -n "$d" ] && [ ! -e "$d/minicoind" ] && printf '%s:' "$d"
done)
cmd 'utap -I examples/minicoin/tapset -c "./build/minicoind -regtest" examples/minicoin/demo.stp'
env -u SYSTEMTAP_TAPSET -u UTAP_TAPSET PATH="${BARE_PATH%:}" timeout 60 build/utap \
	-I examples/minicoin/tapset -c "./build/minicoind -regtest" \
	examples/minicoin/demo.stp >"$DEMO_DIR/bad.out" 2>"$DEMO_DIR/bad.err"
rc=$?
cat "$DEMO_DIR/bad.err"
[ $rc = 1 ] || die "the misconfigured run exited with $rc, not 1"
grep -q "^semantic error: cannot find executable 'minicoind'$" "$DEMO_DIR/bad.err" ||
	die "no 'cannot find executable' error"
ok "exit status 1, as stap"

say "the walkthrough ran as the seed describes"
