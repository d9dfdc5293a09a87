#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end tests of the minicoin node (no tracer needed): minicoind on a temporary HOME
# and a free port, JSON-RPC answers and error codes (through minicoin-cli and raw HTTP),
# minicoin-cli's output formats and exit statuses, stop, restart and crash recovery on an
# existing datadir, -daemon with its pid file, the probes-off build, and the probes that
# `readelf -n` lists in build/minicoind.
. "$(dirname "$0")/lib.sh"

D=$BUILD/minicoind
NP=$BUILD/minicoind-noprobes
CLI=$BUILD/minicoin-cli
GENESIS=0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206
export HOME=$T_TMP/home
mkdir -p "$HOME/.minicoin" # minicoin-cli, like bitcoin-cli, wants the data directory to exist
NET=$HOME/.minicoin/regtest
LOG=$NET/debug.log
NODE_PID=

for b in "$D" "$NP" "$CLI"; do
	if [ ! -x "$b" ]; then
		t_fail "build" "$b missing"
		t_done
		exit 1
	fi
done

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + RANDOM % 30000))
}
PORT=$(free_port)

cli() { "$CLI" -regtest -rpcport="$PORT" "$@"; }

# start_node BINARY ARGS...: starts a node in the background and waits for its RPC
start_node() {
	local bin=$1
	shift
	"$bin" -regtest -rpcport="$PORT" "$@" >"$T_TMP/node.out" 2>&1 &
	NODE_PID=$!
	cli -rpcwait -rpcwaittimeout=20 getblockcount >/dev/null 2>&1
}

# stop_node: the stop RPC, then wait (at most 10 s) for the process to go away
stop_node() {
	local out
	out=$(cli stop 2>&1)
	for _ in $(seq 100); do
		kill -0 "$NODE_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$NODE_PID" 2>/dev/null; then
		echo "stop_node: node $NODE_PID still running after stop ($out); killing it" >&2
		tail -3 "$LOG" >&2
		kill -9 "$NODE_PID"
		return 1
	fi
	wait "$NODE_PID" 2>/dev/null
	local rc=$?
	if grep -q 'Sanitizer' "$T_TMP/node.out" 2>/dev/null; then
		echo "stop_node: sanitizer report:" >&2
		head -30 "$T_TMP/node.out" >&2
		rc=1
	fi
	[ "$out" = "Minicoin server stopping" ] && [ "$rc" -eq 0 -o "$rc" -eq 127 ]
}

trap 'kill -9 $NODE_PID 2>/dev/null; rm -rf "$T_TMP"' EXIT

expect_eq() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "expected [$2], got [$3]"; fi
}

expect_match() { # NAME REGEX TEXT: an extended regex over the whole (multi-line) text
	if [[ $3 =~ $2 ]]; then t_pass "$1"; else t_fail "$1" "[$3] !~ /$2/"; fi
}

expect_log() { # NAME REGEX: some line of debug.log matches
	if grep -Eq -- "$2" "$LOG"; then t_pass "$1"; else t_fail "$1" "no line of debug.log ~ /$2/"; fi
}

# --- a fresh node -------------------------------------------------------------------------
if start_node "$D"; then t_pass "start"; else t_fail "start" "$(cat "$T_TMP/node.out")"; fi
expect_eq "genesis count" 0 "$(cli getblockcount)"
expect_eq "genesis best" "$GENESIS" "$(cli getbestblockhash)"
expect_eq "genesis hash 0" "$GENESIS" "$(cli getblockhash 0)"
info=$(cli getblockchaininfo)
expect_match "ibd before" '"initialblockdownload": true' "$info"
expect_match "chain regtest" '^\{
  "chain": "regtest",
  "blocks": 0,' "$info"
[ -f "$NET/.cookie" ] && t_pass "cookie written" || t_fail "cookie written"
expect_eq "cookie format" 1 "$(grep -cE '^__cookie__:[0-9a-f]{64}$' "$NET/.cookie")"
expect_eq "cookie mode" 600 "$(stat -c %a "$NET/.cookie")"

gen=$(cli generate 5)
rc=$?
expect_eq "generate rc" 0 "$rc"
expect_eq "generate lines" 7 "$(printf '%s\n' "$gen" | wc -l)"
expect_match "generate format" '^\[
(  "[0-9a-f]{64}",
){4}  "[0-9a-f]{64}"
\]$' "$gen"
mapfile -t HASHES < <(printf '%s\n' "$gen" | grep -oE '[0-9a-f]{64}')
expect_eq "count after" 5 "$(cli getblockcount)"
expect_eq "best after" "${HASHES[4]}" "$(cli getbestblockhash)"
ok=1
for i in 1 2 3 4 5; do
	[ "$(cli getblockhash $i)" = "${HASHES[$((i - 1))]}" ] || ok=0
done
expect_eq "getblockhash 1..5" 1 "$ok"
expect_match "ibd after" '"initialblockdownload": false' "$(cli getblockchaininfo)"

# getblock, verbosity 1: the 2018 keys in order
blk=$(cli getblock "${HASHES[0]}")
keys=$(printf '%s\n' "$blk" | grep -oE '^  "[A-Za-z]+"' | tr -d ' "' | tr '\n' ' ')
expect_eq "getblock keys" "hash confirmations strippedsize size weight height version versionHex merkleroot tx time mediantime nonce bits difficulty chainwork nTx previousblockhash nextblockhash " "$keys"
expect_match "getblock height" '"height": 1,' "$blk"
expect_match "getblock confirmations" '"confirmations": 5,' "$blk"
expect_match "getblock prev" "\"previousblockhash\": \"$GENESIS\"" "$blk"
expect_match "getblock next" "\"nextblockhash\": \"${HASHES[1]}\"" "$blk"
expect_match "getblock version" '"versionHex": "20000000",' "$blk"
expect_match "getblock bits" '"bits": "207fffff",' "$blk"
expect_match "getblock difficulty" '"difficulty": 4.656542373906925e-10,' "$blk"
expect_match "getblock chainwork" '"chainwork": "0{63}4",' "$blk"
TXID=$(printf '%s\n' "$blk" | grep -A1 '"tx": \[' | tail -1 | tr -d ' ",')
expect_eq "getblock merkle = txid" "$TXID" "$(printf '%s\n' "$blk" | sed -n 's/.*"merkleroot": "\(.*\)",/\1/p')"
last=$(cli getblock "${HASHES[4]}")
expect_match "tip has no next" '"previousblockhash"' "$last"
if printf '%s' "$last" | grep -q nextblockhash; then t_fail "tip next"; else t_pass "tip next"; fi

# getblock, verbosity 0: the raw block; its header hashes to the block hash
raw=$(cli getblock "${HASHES[0]}" 0)
expect_match "getblock raw" '^00000020[0-9a-f]+$' "$raw"
hdr=$(printf '%s' "${raw:0:160}" | sed 's/../\\x&/g')
h=$(printf "$hdr" | openssl dgst -sha256 -binary | openssl dgst -sha256 -r | cut -c1-64 |
	fold -w2 | tac | tr -d '\n')
expect_eq "raw header hash" "${HASHES[0]}" "$h"
expect_match "getblock 2" '"coinbase": "510101",' "$(cli getblock "${HASHES[0]}" 2)"
expect_eq "getblock false" "$raw" "$(cli getblock "${HASHES[0]}" false)"

# gettxout on block 1's coinbase
txo=$(cli gettxout "$TXID" 0)
expect_match "gettxout value" '"value": 50.00000000,' "$txo"
expect_match "gettxout coinbase" '"coinbase": true' "$txo"
expect_match "gettxout confirmations" '"confirmations": 5,' "$txo"
expect_match "gettxout type" '"type": "pubkey",' "$txo"
expect_match "gettxout bestblock" "\"bestblock\": \"${HASHES[4]}\"" "$txo"
out=$(cli gettxout "$TXID" 1)
expect_eq "gettxout commitment (none)" "0:" "$?:$out"

# generatetoaddress: a real address and an opaque string
a=$(cli generatetoaddress 1 bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080 | grep -oE '[0-9a-f]{64}')
t6=$(cli getblock "$a" | grep -A1 '"tx": \[' | tail -1 | tr -d ' ",')
expect_match "generatetoaddress script" '"hex": "0014751e76e8199196d454941c45d1b3a323f1433bd6"' "$(cli gettxout "$t6" 0)"
a=$(cli generatetoaddress 1 "any string" | grep -oE '[0-9a-f]{64}')
t7=$(cli getblock "$a" | grep -A1 '"tx": \[' | tail -1 | tr -d ' ",')
expect_match "generatetoaddress opaque" '"hex": "0a616e7920737472696e67"' "$(cli gettxout "$t7" 0)"
expect_eq "height 7" 7 "$(cli getblockcount)"

# --- errors: codes, messages, exit statuses -----------------------------------------------
err_case() { # NAME EXPECTED-STDERR EXPECTED-RC CLI-ARGS...
	local name=$1 want=$2 wantrc=$3 out rc
	shift 3
	out=$(cli "$@" 2>&1 >/dev/null)
	rc=$?
	expect_eq "$name" "$want|$wantrc" "$out|$rc"
}
err_case "method not found" $'error code: -32601\nerror message:\nMethod not found' 89 nosuchmethod
err_case "height out of range" $'error code: -8\nerror message:\nBlock height out of range' 8 getblockhash 99
err_case "negative height" $'error code: -8\nerror message:\nBlock height out of range' 8 getblockhash -1
err_case "block not found" $'error code: -5\nerror message:\nBlock not found' 5 getblock "${GENESIS//0f/00}"
err_case "bad hash" $'error code: -8\nerror message:\nblockhash must be hexadecimal string (not \'xyz\')' 8 getblock xyz
err_case "short hash" $'error code: -8\nerror message:\nblockhash must be of length 64 (not 4)' 8 getblock abcd
err_case "bad txid" $'error code: -8\nerror message:\ntxid must be of length 64 (not 2)' 8 gettxout ab 0
err_case "cli json" "error: Error parsing JSON:abc" 1 getblockhash abc
out=$(cli getblockcount 1 2>&1)
expect_eq "too many params rc" 1 "$?"
expect_match "too many params help" $'^error code: -1\nerror message:\ngetblockcount\n' "$out"
out=$(HOME=$T_TMP/nohome "$CLI" -regtest getblockcount 2>&1)
expect_eq "cli without datadir" '1|Error: Specified data directory "" does not exist.' "$?|$out"
err_case "no command" "error: too few parameters (need at least command)" 1
err_case "bad password" "error: Authorization failed: Incorrect rpcuser or rpcpassword" 1 -rpcpassword=wrong getblockcount
out=$("$CLI" -regtest -rpcport=1 getblockcount 2>&1)
expect_eq "connect fail" $'1|error: Could not connect to the server 127.0.0.1:1\n\nMake sure the minicoind server is running and that you are connecting to the correct RPC port.' "$?|$out"
err_case "named unknown" $'error code: -8\nerror message:\nUnknown named parameter foo' 8 -named getblockhash foo=1
expect_eq "named ok" "${HASHES[1]}" "$(cli -named getblockhash height=2)"
expect_match "help" $'^== Blockchain ==\ngetbestblockhash\n' "$(cli help)"
expect_eq "help unknown" "help: unknown command: nope" "$(cli help nope)"
expect_log "log bad password" 'ThreadRPCServer incorrect password attempt from 127\.0\.0\.1'

# raw HTTP: statuses and envelopes that minicoin-cli does not show (curl is in scripts/deps.sh)
AUTH=$(cat "$NET/.cookie")
http() { # DATA [CURL-ARGS...]: prints "STATUS BODY"
	local data=$1
	shift
	curl -s -o "$T_TMP/body" -w '%{http_code}' -u "$AUTH" --data-binary "$data" "$@" \
		"http://127.0.0.1:$PORT/"
	printf ' %s' "$(cat "$T_TMP/body")"
}
expect_eq "http ok" '200 {"result":7,"error":null,"id":1}' "$(http '{"method":"getblockcount","params":[],"id":1}')"
expect_eq "http parse" '500 {"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}' "$(http '{"method":')"
expect_eq "http toplevel" '500 {"result":null,"error":{"code":-32700,"message":"Top-level object parse error"},"id":null}' "$(http '42')"
expect_eq "http invalid" '400 {"result":null,"error":{"code":-32600,"message":"Missing method"},"id":5}' "$(http '{"id":5}')"
expect_eq "http not found" '404 {"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1}' "$(http '{"method":"x","id":1}')"
expect_eq "http wrong type" '500 {"result":null,"error":{"code":-1,"message":"JSON value is not a string as expected"},"id":1}' "$(http '{"method":"generatetoaddress","params":[1,2],"id":1}')"
expect_eq "http batch" '200 [{"result":7,"error":null,"id":1},{"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":null}]' "$(http '[{"method":"getblockcount","id":1},2]')"
expect_eq "http get" "405 JSONRPC server handles only POST requests" "$(curl -s -o "$T_TMP/body" -w '%{http_code}' -u "$AUTH" "http://127.0.0.1:$PORT/"; printf ' %s' "$(cat "$T_TMP/body")")"
hdrs=$(curl -s -D - -o /dev/null --data-binary '{}' "http://127.0.0.1:$PORT/")
expect_match "http no auth" '^HTTP/1.1 401' "$hdrs"
expect_match "http www-authenticate" 'WWW-Authenticate: Basic realm="jsonrpc"' "$hdrs"
expect_match "http content-type" 'Content-Type: application/json' "$(curl -s -D - -o /dev/null -u "$AUTH" --data-binary '{"method":"uptime"}' "http://127.0.0.1:$PORT/")"
expect_eq "http path" "404" "$(curl -s -o /dev/null -w '%{http_code}' -u "$AUTH" --data-binary '{}' "http://127.0.0.1:$PORT/wallet/x")"
expect_eq "still alive" 7 "$(cli getblockcount)"

# debug.log: the 2018 UpdateTip line, and the IBD latch just before block 1's UpdateTip
expect_log "log genesis" "UpdateTip: new best=$GENESIS height=0 version=0x00000001 log2_work=1 tx=1 date='2011-02-02T23:16:42Z' progress=1\.000000 cache=0\.0MiB\(0txo\)$"
expect_log "log block 1" "UpdateTip: new best=${HASHES[0]} height=1 version=0x20000000 log2_work=2 tx=2 date='[0-9T:-]+Z' progress=1\.000000 cache=[0-9.]+MiB\(1txo\)$"
expect_match "log latch order" "UpdateTip: new best=${HASHES[0]} height=1 " "$(grep -A1 'Leaving InitialBlockDownload (latching to false)$' "$LOG" | tail -1)"
expect_match "log start" "Using data directory $NET
[0-9TZ:-]+ Using config file $HOME/.minicoin/minicoin.conf" "$(cat "$LOG")"

# a second node on the same datadir is refused
out=$("$D" -regtest -rpcport="$(free_port)" 2>&1)
expect_eq "datadir lock" "1|Error: Cannot obtain a lock on data directory $NET. Minicoin is probably already running." "$?|$out"

# --- stop, restart, crash recovery --------------------------------------------------------
if stop_node; then t_pass "stop"; else t_fail "stop"; fi
[ ! -e "$NET/.cookie" ] && t_pass "cookie removed" || t_fail "cookie removed"
[ ! -e "$NET/minicoind.pid" ] && t_pass "pid removed" || t_fail "pid removed"
expect_match "log shutdown" 'Shutdown: done$' "$(tail -1 "$LOG")"

start_node "$D"
expect_eq "restart height" 7 "$(cli getblockcount)"
expect_eq "restart best" "$(cli getblockhash 7)" "$(cli getbestblockhash)"
expect_match "restart utxo" '"value": 50.00000000,' "$(cli gettxout "$TXID" 0)"
expect_log "restart loaded" "Loaded best chain: hashBestChain=[0-9a-f]{64} height=7 "
expect_eq "restart no genesis again" 1 "$(grep -c "height=0 version" "$LOG")"
expect_match "restart ibd" '"initialblockdownload": false' "$(cli getblockchaininfo)"

cli generate 3 >/dev/null
{
	kill -9 "$NODE_PID"
	wait "$NODE_PID"
} 2>/dev/null
start_node "$D"
expect_eq "crash replay height" 10 "$(cli getblockcount)"
expect_log "crash replay log" "UpdateTip: new best=[0-9a-f]{64} height=10 "
kill -TERM "$NODE_PID"
wait "$NODE_PID"
expect_eq "SIGTERM exit" 0 "$?"
expect_match "SIGTERM shutdown" 'Shutdown: done$' "$(tail -1 "$LOG")"

# --- -daemon and the pid file --------------------------------------------------------------
out=$("$D" -regtest -rpcport="$PORT" -daemon 2>&1)
expect_eq "daemon starts" "0|Minicoin server starting" "$?|$out"
cli -rpcwait -rpcwaittimeout=20 getblockcount >/dev/null 2>&1
NODE_PID=$(cat "$NET/minicoind.pid" 2>/dev/null)
expect_match "daemon pid file" '^[0-9]+$' "$NODE_PID"
expect_match "daemon is minicoind" 'minicoind' "$(cat /proc/"$NODE_PID"/cmdline 2>/dev/null | tr '\0' ' ')"
expect_eq "daemon height" 10 "$(cli getblockcount)"
stop_node && t_pass "daemon stop" || t_fail "daemon stop"

# --- config file credentials ---------------------------------------------------------------
printf 'rpcuser=alice\n[regtest]\nrpcpassword=s3cret\n[main]\nrpcpassword=wrong\n' >"$HOME/.minicoin/minicoin.conf"
start_node "$D"
expect_eq "conf auth" 10 "$(cli getblockcount)"
[ ! -e "$NET/.cookie" ] && t_pass "conf: no cookie" || t_fail "conf: no cookie"
expect_eq "conf curl" '200 {"result":10,"error":null,"id":1}' "$(AUTH=alice:s3cret http '{"method":"getblockcount","id":1}')"
stop_node
rm -f "$HOME/.minicoin/minicoin.conf"

# --- start-up errors -------------------------------------------------------------------------
out=$("$D" -rpcport="$PORT" 2>&1)
expect_match "needs -regtest" '^1:Error: minicoind implements only the regression test chain' "$?:$out"
out=$("$D" -regtest -datadir="$T_TMP/nope" 2>&1)
expect_eq "missing datadir" "1|Error: Specified data directory \"$T_TMP/nope\" does not exist." "$?|$out"
out=$("$D" -regtest -bogus 2>&1)
expect_eq "unknown option" "1|Error parsing command line arguments: Invalid parameter -bogus" "$?|$out"
BUSY_PORT=$(free_port)
python3 -c 'import socket,sys,time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); open(sys.argv[2], "w").close()
time.sleep(10)' "$BUSY_PORT" "$T_TMP/listening" &
busy=$!
for _ in $(seq 100); do
	[ -e "$T_TMP/listening" ] && break
	sleep 0.1
done
out=$(timeout 10 "$D" -regtest -rpcport="$BUSY_PORT" 2>&1)
expect_eq "port in use" "1|Error: Unable to start HTTP server. See debug log for details." "$?|$out"
kill "$busy" 2>/dev/null
wait "$busy" 2>/dev/null

# --- -datadir and the probes-off build -------------------------------------------------------
mkdir -p "$T_TMP/dd"
PORT=$(free_port)
cli() { "$CLI" -regtest -rpcport="$PORT" -datadir="$T_TMP/dd" "$@"; }
start_node "$NP" -datadir="$T_TMP/dd"
expect_eq "noprobes genesis" "$GENESIS" "$(cli getbestblockhash)"
expect_eq "noprobes generate" 2 "$(cli generate 2 | grep -cE '[0-9a-f]{64}')"
expect_eq "noprobes count" 2 "$(cli getblockcount)"
[ -f "$T_TMP/dd/regtest/debug.log" ] && t_pass "datadir used" || t_fail "datadir used"
stop_node

# --- the probes --------------------------------------------------------------------------------
if command -v readelf >/dev/null; then
	notes=$(readelf -n "$D" | awk '/Provider:/{p=$2} /Name:/{n=$2} /Semaphore:/{s=$NF}
		/Arguments:/{sub(/^ *Arguments: */, ""); print p, n, (s != "0x0000000000000000"), NF}')
	expect_eq "probes" "bitcoin cache_flush 1 2
bitcoin cache_hit 1 0
bitcoin cache_miss 1 0
bitcoin finish_ibd 1 0
bitcoin init_main 1 2
bitcoin read_block_from_disk 1 2
bitcoin update_tip 1 5" "$(printf '%s\n' "$notes" | sort -u)"
	expect_eq "noprobes notes" 0 "$(readelf -n "$NP" | grep -c stapsdt)"
	expect_eq "noprobes sections" 0 "$(readelf -S "$NP" | grep -cE '\.probes|stapsdt')"
else
	t_skip "probes" "readelf missing"
fi

t_done
