#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end tests of the seed walkthrough with utap and minicoind (examples/minicoin):
# utap -L over the bitcoin tapset; the traced node under -c with the seed's exact lines
# (times normalised) and the UpdateTip hashes minicoin-cli printed; -x attaching to a
# -daemon node and detaching on SIGINT and -T with the node running on; the seed's
# misconfiguration errors byte for byte; cache.stp against the node's own accounting;
# a restart on an existing datadir; minicoind-noprobes under utap and without it
# (scripts/noprobes-same.sh); a new probe added to probes.d; and `make demo`'s script.
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/walk-lib.sh"

for b in utap utap-dtrace minicoind minicoind-noprobes minicoin-cli; do
	if [ ! -x "$BUILD/$b" ]; then
		t_fail build "$BUILD/$b missing"
		t_done
		exit 1
	fi
done
if ! "$BUILD/utap" -e 'probe begin { exit() }' >/dev/null 2>&1; then
	t_skip demo "utap does not run scripts"
	t_done
	exit $?
fi
trap 'walk_cleanup; rm -rf "$T_TMP"' EXIT
GENESIS=0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206
DEMO=$TOP/examples/minicoin/demo.stp
CACHE=$TOP/examples/minicoin/cache.stp
TAPSET=$TOP/examples/minicoin/tapset
export PATH="$BUILD:$PATH" SYSTEMTAP_TAPSET=$TAPSET
unset UTAP_TAPSET

# LeakSanitizer cannot work in a traced process (it stops the world with ptrace), so the
# nodes of a SAN=1 build run under utap -c without it (env execs the node: same process)
NODE_ENV=""
if ldd "$BUILD/minicoind" 2>/dev/null | grep -q libasan; then
	NODE_ENV="env ASAN_OPTIONS=detect_leaks=0 "
fi

expect_eq() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "expected [$2], got [$3]"; fi
}

# traced NAME SCRIPT CMD...: utap -c "CMD" SCRIPT in the background, output in
# $T_TMP/NAME.{out,err}; returns once the node answers RPC
traced() {
	local name=$1 script=$2
	shift 2
	utap -c "$NODE_ENV$*" "$script" >"$T_TMP/$name.out" 2>"$T_TMP/$name.err" &
	UTAP_PID=$!
	walk_track $UTAP_PID
	walk_wait_rpc 30
}

# finish NAME: stop the node by RPC, wait for utap; its exit status in $rc
finish() {
	minicoin-cli -regtest stop >/dev/null 2>&1
	if walk_wait_gone $UTAP_PID 30; then
		wait $UTAP_PID
		rc=$?
	else
		rc=timeout
		walk_cleanup
	fi
}

# trace_exp HEIGHT0 HASHES...: the expected normalised demo.stp lines after the
# AppInitMain line: genesis (when HEIGHT0 is 0), IBD finished, one UpdateTip per hash
trace_exp() {
	local h=$1
	shift
	echo "T Attached to bitcoind process"
	echo "T AppInitMain with datadir=$HOME/.minicoin/regtest, config=$HOME/.minicoin/minicoin.conf"
	[ "$h" = 0 ] && echo "T UpdateTip: new block $GENESIS at height 0 (genesis)"
	echo "T IBD finished"
	for x in "$@"; do
		h=$((h + 1))
		echo "T UpdateTip: new block $x at height $h"
	done
}

# ---- utap -L --------------------------------------------------------------------------
walk_home "$T_TMP/home"
utap -L 'bitcoin.*' >"$T_TMP/list" 2>&1
cat >"$T_TMP/list.exp" <<'EOF'
bitcoin.cache_flush coins:long bytes:long $arg1:long $arg2:long
bitcoin.cache_hit
bitcoin.cache_miss
bitcoin.finish_ibd
bitcoin.init_main datadir:string config:string $arg1:long $arg2:long
bitcoin.read_block_from_disk height:long filenum:long $arg1:long $arg2:long
bitcoin.update_tip block:string height:long cache_size:long cache_bytes:long progress:long $arg1:long $arg2:long $arg3:long $arg4:long $arg5:long
EOF
t_cmp "utap -L bitcoin.*" "$T_TMP/list.exp" "$T_TMP/list"

# ---- the traced walkthrough: utap -c "minicoind -regtest" demo.stp ----------------------
if traced walk "$DEMO" minicoind -regtest; then t_pass "-c node up"; else t_fail "-c node up"; fi
NODE_PID=$(cat "$WALK_NET/minicoind.pid" 2>/dev/null)
# regression: the command used to inherit the run loop's blocked SIGINT/SIGTERM/SIGHUP/
# SIGPIPE, so that neither Ctrl-C nor kill stopped the traced node
expect_eq "-c node: no signal blocked" "SigBlk:	0000000000000000" \
	"$(grep -h '^SigBlk' /proc/"$NODE_PID"/task/*/status 2>/dev/null | sort -u)"
minicoin-cli -regtest generate 5 >"$T_TMP/gen5" 2>&1
mapfile -t H < <(walk_hashes <"$T_TMP/gen5")
expect_eq "generate 5" 5 "${#H[@]}"
finish walk
expect_eq "-c exit status" 0 "$rc"
expect_eq "-c stderr" "" "$(cat "$T_TMP/walk.err")"
# the begin probe's two clock readings are microseconds apart (a loaded machine may
# preempt utap between them: allow up to 0.1 s)
if head -n 1 "$T_TMP/walk.out" | grep -qE '^0\.0[0-9]{5} Attached to bitcoind process$'; then
	t_pass "-c first line"
else
	t_fail "-c first line" "$(head -n 1 "$T_TMP/walk.out")"
fi
walk_norm <"$T_TMP/walk.out" >"$T_TMP/walk.norm"
trace_exp 0 "${H[@]}" >"$T_TMP/walk.exp"
t_cmp "-c trace = the seed's, hashes = minicoin-cli's" "$T_TMP/walk.exp" "$T_TMP/walk.norm"
if sort -n -c <(cut -d' ' -f1 "$T_TMP/walk.out") 2>/dev/null; then
	t_pass "-c times ascending"
else
	t_fail "-c times ascending"
fi

# ---- restart on the existing datadir, traced again ------------------------------------
traced restart "$DEMO" minicoind -regtest || t_fail "restart node up"
expect_eq "restart count" 5 "$(minicoin-cli -regtest getblockcount)"
minicoin-cli -regtest generate 2 >"$T_TMP/gen2" 2>&1
mapfile -t H2 < <(walk_hashes <"$T_TMP/gen2")
finish restart
expect_eq "restart exit status" 0 "$rc"
walk_norm <"$T_TMP/restart.out" >"$T_TMP/restart.norm"
trace_exp 5 "${H2[@]}" >"$T_TMP/restart.exp"
t_cmp "restart: no genesis, heights go on" "$T_TMP/restart.exp" "$T_TMP/restart.norm"

# ---- the -c command keeps the signals utap blocks for itself --------------------------
utap -c "grep SigBlk /proc/self/status" -e 'global s; probe begin { s = 1 }' \
	>"$T_TMP/mask.out" 2>&1
printf 'SigBlk:\t0000000000000000\ns=1\n' >"$T_TMP/mask.exp"
t_cmp "-c command starts with no signal blocked" "$T_TMP/mask.exp" "$T_TMP/mask.out"

# ---- utap -x on a -daemon node ---------------------------------------------------------
# attach NAME ARGS...: utap ARGS -x <the daemon> demo.stp in the background, armed
attach() {
	local name=$1
	shift
	utap "$@" -x "$NODE_PID" "$DEMO" >"$T_TMP/$name.out" 2>"$T_TMP/$name.err" &
	UTAP_PID=$!
	walk_track $UTAP_PID
	walk_wait_armed "$BUILD/minicoind" "$NODE_PID" 30
}
walk_home "$T_TMP/home-x"
minicoind -regtest -daemon >"$T_TMP/daemon.out" 2>&1
expect_eq "-daemon" "Minicoin server starting" "$(cat "$T_TMP/daemon.out")"
walk_wait_rpc 30 || t_fail "-daemon RPC"
NODE_PID=$(cat "$WALK_NET/minicoind.pid")
walk_track "$NODE_PID"
if attach x; then t_pass "-x armed"; else t_fail "-x armed" "$(cat "$T_TMP/x.err")"; fi
minicoin-cli -regtest generate 3 >"$T_TMP/genx" 2>&1
mapfile -t HX < <(walk_hashes <"$T_TMP/genx")
kill -INT $UTAP_PID
if walk_wait_gone $UTAP_PID 20; then
	wait $UTAP_PID
	expect_eq "-x SIGINT exit status" 0 $?
else
	t_fail "-x SIGINT ends utap"
fi
{
	echo "T Attached to bitcoind process"
	echo "T IBD finished"
	h=0
	for x in "${HX[@]}"; do
		h=$((h + 1))
		echo "T UpdateTip: new block $x at height $h"
	done
} >"$T_TMP/x.exp"
walk_norm <"$T_TMP/x.out" >"$T_TMP/x.norm"
t_cmp "-x trace" "$T_TMP/x.exp" "$T_TMP/x.norm"
expect_eq "-x stderr" "" "$(cat "$T_TMP/x.err")"
expect_eq "-x detached: not traced" 0 "$(awk '/^TracerPid/ {print $2}' /proc/"$NODE_PID"/status)"
expect_eq "-x detached: semaphore back to 0" 0 \
	"$(walk_sema "$BUILD/minicoind" "$NODE_PID" update_tip)"
expect_eq "-x detached: node answers" 4 \
	"$(minicoin-cli -regtest generate 1 >/dev/null && minicoin-cli -regtest getblockcount)"

# -T: utap ends by itself; the node keeps going
if attach xt -T 2; then t_pass "-x -T armed"; else t_fail "-x -T armed"; fi
minicoin-cli -regtest generate 1 >"$T_TMP/genxt" 2>&1
if walk_wait_gone $UTAP_PID 20; then
	wait $UTAP_PID
	expect_eq "-x -T exit status" 0 $?
else
	t_fail "-x -T ends utap"
fi
printf 'T Attached to bitcoind process\nT UpdateTip: new block %s at height 5\n' \
	"$(walk_hashes <"$T_TMP/genxt")" >"$T_TMP/xt.exp"
walk_norm <"$T_TMP/xt.out" >"$T_TMP/xt.norm"
t_cmp "-x -T trace" "$T_TMP/xt.exp" "$T_TMP/xt.norm"
expect_eq "-x -T detached: node answers" 6 \
	"$(minicoin-cli -regtest generate 1 >/dev/null && minicoin-cli -regtest getblockcount)"
# the node's own blocks are intact: getblock on every height after the traced run
ok=1
for i in 1 2 3 4 5 6; do
	minicoin-cli -regtest getblock "$(minicoin-cli -regtest getblockhash $i)" 0 >/dev/null 2>&1 || ok=0
done
expect_eq "-x: blocks readable after detach" 1 $ok
minicoin-cli -regtest stop >/dev/null
if walk_wait_gone "$NODE_PID" 20; then t_pass "-x: node stops"; else t_fail "-x: node stops"; fi
grep -q 'Shutdown: done' "$WALK_NET/debug.log" && t_pass "-x: clean shutdown" ||
	t_fail "-x: clean shutdown" "$(tail -n 3 "$WALK_NET/debug.log")"

# ---- the seed's misconfiguration: -I without activate.sh --------------------------------
# run from the top of the tree, as in the seed, with build/ off PATH and no tapset path
(cd "$TOP" && env -u SYSTEMTAP_TAPSET PATH=/usr/bin:/bin "$BUILD/utap" \
	-I ./examples/minicoin/tapset -c "./build/minicoind -regtest" \
	./examples/minicoin/demo.stp) >"$T_TMP/bad.out" 2>"$T_TMP/bad.err"
expect_eq "misconfigured: exit status 1" 1 $?
expect_eq "misconfigured: no output" "" "$(cat "$T_TMP/bad.out")"
col=$(grep -n 'probe bitcoin.init_main = process' "$TAPSET/bitcoin.stp" | cut -d: -f1)
cat >"$T_TMP/bad.exp" <<EOF
semantic error: while resolving probe point: identifier 'process' at ./examples/minicoin/tapset/bitcoin.stp:$col:27
        source: probe bitcoin.init_main = process(@BITCOIND).mark("init_main") {
                                          ^

semantic error: cannot find executable 'minicoind'

semantic error: while resolving probe point: identifier 'bitcoin' at ./examples/minicoin/demo.stp:18:7
        source: probe bitcoin.init_main {
                      ^

semantic error: no match

Pass 2: analysis failed.  [man error::pass2]
Number of similar error messages suppressed: 4.
Rerun with -v to see them.
EOF
t_cmp "misconfigured: the seed's semantic errors" "$T_TMP/bad.exp" "$T_TMP/bad.err"
# the seed's workarounds: build/ on PATH, or running from build/
(cd "$TOP" && env -u SYSTEMTAP_TAPSET PATH="$BUILD:/usr/bin:/bin" "$BUILD/utap" \
	-I ./examples/minicoin/tapset -L 'bitcoin.*') >"$T_TMP/fix1" 2>&1
t_cmp "misconfigured: fixed by PATH" "$T_TMP/list.exp" "$T_TMP/fix1"
(cd "$BUILD" && env -u SYSTEMTAP_TAPSET PATH=/usr/bin:/bin "$BUILD/utap" -I "$TAPSET" \
	-L 'bitcoin.*') >"$T_TMP/fix2" 2>&1
t_cmp "misconfigured: fixed by the working directory" "$T_TMP/list.exp" "$T_TMP/fix2"
# without -I nor the tapset path, `bitcoin` is no probe point at all
(cd "$TOP" && env -u SYSTEMTAP_TAPSET PATH="$BUILD:/usr/bin:/bin" "$BUILD/utap" \
	-c "minicoind -regtest" ./examples/minicoin/demo.stp) >/dev/null 2>"$T_TMP/bad2.err"
expect_eq "no tapset: exit status 1" 1 $?
expect_eq "no tapset: probe point mismatch" \
	"semantic error: probe point mismatch (similar: begin, end, init, timer, error): identifier 'bitcoin' at :18:7" \
	"$(grep 'mismatch' "$T_TMP/bad2.err")"

# ---- cache.stp --------------------------------------------------------------------------
walk_home "$T_TMP/home-cache"
traced cache "$CACHE" minicoind -regtest || t_fail "cache node up"
minicoin-cli -regtest generate 5 >/dev/null
TX=$(minicoin-cli -regtest getblock "$(minicoin-cli -regtest getblockhash 2)" |
	grep -A1 '"tx": \[' | tail -n 1 | tr -d ' ",')
minicoin-cli -regtest gettxout "$TX" 0 >/dev/null
minicoin-cli -regtest gettxout "$TX" 0 >/dev/null
finish cache
expect_eq "cache.stp exit status" 0 "$rc"
expect_eq "cache.stp stderr" "" "$(cat "$T_TMP/cache.err")"
node=$(sed -n 's/.*Coins cache: \([0-9]*\) hits, \([0-9]*\) misses$/hits=\1 misses=\2/p' \
	"$WALK_NET/debug.log")
expect_eq "cache.stp counts = the node's" "cache hits=${node#hits=}" \
	"$(grep '^cache hits=' "$T_TMP/cache.out" | sed 's/^cache hits=/cache hits=/')"
cat >"$T_TMP/cache.exp" <<'EOF'
cache flush: 5 coins, 1408 bytes
cache flush: 0 coins, 528 bytes
cache hits=2 misses=10
flush sizes (bytes), 2 flushes:
value |-------------------------------------------------- count
  128 |                                                   0
  256 |                                                   0
  512 |@                                                  1
 1024 |@                                                  1
 2048 |                                                   0
 4096 |                                                   0

EOF
t_cmp "cache.stp output (@hist_log)" "$T_TMP/cache.exp" "$T_TMP/cache.out"

# ---- minicoind-noprobes -----------------------------------------------------------------
walk_home "$T_TMP/home-np"
# the tapset names minicoind; the command is another program: nothing to trace
traced np "$DEMO" minicoind-noprobes -regtest || t_fail "noprobes node up"
minicoin-cli -regtest generate 2 >/dev/null
finish np
expect_eq "noprobes under demo.stp: exit status" 0 "$rc"
expect_eq "noprobes under demo.stp: nothing traced" "T Attached to bitcoind process" \
	"$(walk_norm <"$T_TMP/np.out")"
# probes named in the probes-off executable itself: stap's "no match"
utap -c "minicoind-noprobes -regtest" \
	-e "probe process(\"$BUILD/minicoind-noprobes\").mark(\"update_tip\") { println(1) }" \
	>"$T_TMP/np2.out" 2>"$T_TMP/np2.err"
expect_eq "noprobes marks: exit status 1" 1 $?
expect_eq "noprobes marks: no match" "semantic error: no match" \
	"$(grep '^semantic error: no match$' "$T_TMP/np2.err")"
expect_eq "noprobes marks: node not started" "" "$(cat "$T_TMP/np2.out")"
utap -L "process(\"$BUILD/minicoind-noprobes\").mark(\"*\")" >"$T_TMP/np3.out" 2>&1
expect_eq "noprobes -L: nothing listed" "" "$(cat "$T_TMP/np3.out")"
if "$TOP/scripts/noprobes-same.sh" "$BUILD" >"$T_TMP/same.out" 2>&1; then
	t_pass "noprobes-same.sh"
else
	t_fail "noprobes-same.sh" "$(tail -n 20 "$T_TMP/same.out")"
fi

# ---- a new probe in probes.d, through utap-dtrace ---------------------------------------
NP=$T_TMP/newprobe
mkdir -p "$NP/on" "$NP/off"
sed 's|^};|\tprobe hello_world(int n);\n};|' "$TOP/examples/minicoin/probes.d" >"$NP/probes.d"
cat >"$NP/hello.c" <<'EOF'
#include "probes.h"
int main(void)
{
	for (int i = 1; i <= 3; i++)
		if (BITCOIN_HELLO_WORLD_ENABLED())
			BITCOIN_HELLO_WORLD(i);
	return 0;
}
EOF
if utap-dtrace -h -s "$NP/probes.d" -o "$NP/on/probes.h" &&
	utap-dtrace -G -s "$NP/probes.d" -o "$NP/on/probes.o" &&
	utap-dtrace --disable -h -s "$NP/probes.d" -o "$NP/off/probes.h" &&
	cc -I"$NP/on" -I"$TOP/include" -o "$NP/hello" "$NP/hello.c" "$NP/on/probes.o" &&
	cc -I"$NP/off" -I"$TOP/include" -o "$NP/hello-off" "$NP/hello.c"; then
	t_pass "new probe: both builds"
else
	t_fail "new probe: both builds"
fi
utap -c "$NP/hello" -e "probe process(\"$NP/hello\").mark(\"hello_world\") { printf(\"hello %d\\n\", \$arg1) }" \
	>"$T_TMP/hello.out" 2>&1
printf 'hello 1\nhello 2\nhello 3\n' >"$T_TMP/hello.exp"
t_cmp "new probe: traced" "$T_TMP/hello.exp" "$T_TMP/hello.out"
expect_eq "new probe: probes-off build has no notes" 0 \
	"$(readelf -n "$NP/hello-off" 2>/dev/null | grep -c stapsdt)"

# ---- make demo's script -------------------------------------------------------------------
if [ "$BUILD" = "$TOP/build" ]; then
	if "$TOP/scripts/demo.sh" >"$T_TMP/demo.out" 2>&1; then
		t_pass "scripts/demo.sh"
	else
		t_fail "scripts/demo.sh" "$(tail -n 20 "$T_TMP/demo.out")"
	fi
	expect_eq "demo.sh: its checks" 5 "$(grep -c '^ok: ' "$T_TMP/demo.out")"
else
	t_skip "scripts/demo.sh" "runs on build/ only"
fi

t_done
