#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/vm: CPU-bound scripts run by utap and the same work in Lua 5.4, printed as
# user-CPU seconds and the ratio utap/Lua (goal: <= 1.5). Each is the best of N runs
# (BENCH_RUNS, default 3) to damp the noise of a shared machine.
set -u
here=$(cd "$(dirname "$0")" && pwd)
utap=${UTAP:-$here/../../build/utap}
runs=${BENCH_RUNS:-3}
command -v lua5.4 >/dev/null || { echo "bench/vm: lua5.4 not installed"; exit 77; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
best() { # command... -> best user+sys CPU seconds
	local b=""
	for _ in $(seq "$runs"); do
		local t
		/usr/bin/time -f "%U %S" -o "$tmp" "$@" >/dev/null 2>&1
		t=$(awk '{print $1 + $2}' "$tmp")
		if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN{exit !(a < b)}'; then b=$t; fi
	done
	echo "$b"
}
printf '%-10s %8s %8s %7s\n' bench utap lua ratio
for s in intloop strings arrays stats calls; do
	u=$(best "$utap" -DMAXACTION=100000000000 -DMAXNESTING=200 "$here/$s.stp")
	l=$(best lua5.4 "$here/$s.lua")
	r=$(awk -v u="$u" -v l="$l" 'BEGIN{ if (l > 0) printf "%.2f", u / l; else print "-" }')
	printf '%-10s %8.3f %8.3f %7s\n' "$s" "$u" "$l" "$r"
done
