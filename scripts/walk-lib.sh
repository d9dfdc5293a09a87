# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Helpers of the seed walkthrough for scripts/demo.sh and tests/check-demo.sh (sourced,
# bash): a temporary HOME whose ~/.minicoin/minicoin.conf holds a free RPC port, so the
# commands are the seed's own (`minicoind -regtest`, `minicoin-cli -regtest generate 5`);
# waiting for the node's RPC, for a process to end and for utap -x to have armed the
# probes; the process list that walk_cleanup kills on every exit path.

WALK_PIDS=""

# walk_free_port: a TCP port on 127.0.0.1 that nothing listens on now
walk_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' \
		2>/dev/null || echo $((20000 + RANDOM % 30000))
}

# walk_home DIR: makes DIR the HOME of the node and the CLI, with a fresh ~/.minicoin and
# the RPC port in its [regtest] section (what the seed's bitcoin.conf would hold)
walk_home() {
	export HOME=$1
	WALK_PORT=$(walk_free_port)
	WALK_NET=$HOME/.minicoin/regtest
	rm -rf "$HOME/.minicoin"
	mkdir -p "$HOME/.minicoin"
	printf '[regtest]\nrpcport=%s\n' "$WALK_PORT" >"$HOME/.minicoin/minicoin.conf"
}

# walk_track PID...: processes walk_cleanup must not leave behind
walk_track() { WALK_PIDS="$WALK_PIDS $*"; }

# walk_cleanup: SIGKILL every tracked process still alive (utap first: it detaches)
walk_cleanup() {
	local p
	for p in $WALK_PIDS; do
		kill -0 "$p" 2>/dev/null && kill -TERM "$p" 2>/dev/null
	done
	for p in $WALK_PIDS; do
		walk_wait_gone "$p" 3 || kill -KILL "$p" 2>/dev/null
	done
	# a node started by a traced or daemonized command is not our child: its pid file
	if [ -n "${WALK_NET:-}" ] && [ -f "$WALK_NET/minicoind.pid" ]; then
		p=$(cat "$WALK_NET/minicoind.pid" 2>/dev/null)
		[ -n "$p" ] && kill -KILL "$p" 2>/dev/null
	fi
	WALK_PIDS=""
}

# walk_wait_gone PID SECS: 0 once PID has exited (reaped or not), 1 after SECS
walk_wait_gone() {
	local i n=$(($2 * 20))
	for ((i = 0; i < n; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ] && return 0
		sleep 0.05
	done
	return 1
}

# walk_wait_rpc SECS: 0 once the node answers getblockcount (the CLI wants the data
# directory to exist first, like bitcoin-cli), 1 after SECS
walk_wait_rpc() {
	local i n=$(($1 * 20))
	for ((i = 0; i < n; i++)); do
		if [ -e "$WALK_NET/.cookie" ] &&
			minicoin-cli -regtest getblockcount >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# walk_sema EXE PID PROBE: the value of PROBE's semaphore (provider bitcoin) in process
# PID running EXE, read from /proc/PID/mem: utap -x raises it when it arms the probe
walk_sema() {
	python3 - "$@" <<-'EOF'
	import os, re, struct, subprocess, sys
	exe, pid, probe = sys.argv[1], int(sys.argv[2]), sys.argv[3]
	notes = subprocess.run(["readelf", "-n", exe], capture_output=True, text=True).stdout
	m = re.search(r"Provider: bitcoin\s+Name: %s\s+Location: \S+ Base: \S+ Semaphore: (0x[0-9a-f]+)"
	          % re.escape(probe), notes)
	loads = subprocess.run(["readelf", "-lW", exe], capture_output=True, text=True).stdout
	first = min(int(l.split()[2], 16) for l in loads.splitlines() if l.strip().startswith("LOAD"))
	real = os.path.realpath(exe)
	bias = None
	for line in open("/proc/%d/maps" % pid):
	    f = line.split()
	    if len(f) >= 6 and f[5] == real and int(f[2], 16) == 0:
	        bias = int(f[0].split("-")[0], 16) - (first & ~0xfff)
	        break
	if not m or bias is None:
	    sys.exit(1)
	with open("/proc/%d/mem" % pid, "rb") as mem:
	    mem.seek(bias + int(m.group(1), 16))
	    print(struct.unpack("<H", mem.read(2))[0])
	EOF
}

# walk_wait_armed EXE PID SECS: 0 once utap has raised update_tip's semaphore in PID
walk_wait_armed() {
	local i n=$(($3 * 20)) v
	for ((i = 0; i < n; i++)); do
		v=$(walk_sema "$1" "$2" update_tip 2>/dev/null)
		[ -n "$v" ] && [ "$v" -gt 0 ] && return 0
		sleep 0.05
	done
	return 1
}

# walk_norm: the trace with each leading "SECS.MICROS " timestamp made "T "
walk_norm() { sed -E 's/^[0-9]+\.[0-9]{6} /T /'; }

# walk_hashes: the 64-hex-digit hashes of stdin, one a line
walk_hashes() { grep -oE '[0-9a-f]{64}'; }
