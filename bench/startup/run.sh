#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/startup: wall time of `utap -e 'probe begin { exit() }'` against
# `bpftrace -e 'BEGIN { exit() }'` (best of N runs each, BENCH_RUNS default 5), printed
# with the ratio bpftrace/utap. Goals: utap <= 10 ms and >= 20x faster than bpftrace.
# bpftrace needs root and a BPF-capable kernel; without them only utap is measured.
set -u
here=$(cd "$(dirname "$0")" && pwd)
utap=${UTAP:-$here/../../build/utap}
runs=${BENCH_RUNS:-5}
best_ms() { # command... -> best wall milliseconds of runs that succeeded
	local b=""
	for _ in $(seq "$runs"); do
		local t0 t1 ms
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || return 1
		t1=$(date +%s%N)
		ms=$(( (t1 - t0) / 100000 ))
		if [ -z "$b" ] || [ "$ms" -lt "$b" ]; then b=$ms; fi
	done
	echo "$b"
}
fmt() { printf '%d.%d' $(($1 / 10)) $(($1 % 10)); }
u=$(best_ms "$utap" -e 'probe begin { exit() }') || { echo "utap failed"; exit 1; }
printf 'utap      %6s ms\n' "$(fmt "$u")"
t=$(best_ms /bin/true)
printf '/bin/true %6s ms (the cost of starting any process right now)\n' "$(fmt "$t")"
# on a loaded machine wall time is mostly waiting for a CPU: show the CPU time and, when
# valgrind is there, the instruction count too
cpu=$( { /usr/bin/time -f "%e %U %S" "$utap" -e 'probe begin { exit() }' >/dev/null; } 2>&1 | tail -n 1)
echo "utap      cpu: $(echo "$cpu" | awk '{printf "%.0f ms user+sys", ($2 + $3) * 1000}')"
if command -v valgrind >/dev/null; then
	ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$utap" -e 'probe begin { exit() }' 2>&1 |
		sed -n 's/.*refs: *//p' | tr -d ,)
	[ -n "$ir" ] && echo "utap      $ir instructions"
fi
if command -v bpftrace >/dev/null && b=$(best_ms bpftrace -e 'BEGIN { exit() }'); then
	printf 'bpftrace  %6s ms\n' "$(fmt "$b")"
	[ "$u" -gt 0 ] && printf 'ratio     %6s x faster\n' "$(awk -v b="$b" -v u="$u" 'BEGIN{printf "%.1f", b/u}')"
else
	echo "bpftrace  unavailable here (needs root and BPF)"
fi
