#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/probe-off: what a probe costs while no tracer is attached, in instructions counted
# by valgrind --tool=callgrind, for utap (utap-dtrace + <utap/sdt.h>) against SystemTap
# (/usr/bin/dtrace + <sys/sdt.h>, package systemtap-sdt-dev), on the same loop program.
# Goal: a guarded probe costs exactly what sys/sdt.h's costs; a bare one at most one
# extra nop. Exit status 1 when a goal is missed, 77 when a tool is missing.
# Usage: bench/probe-off.sh [N]   (BUILD, CC and CFLAGS are honoured; default gcc -O2)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
N=${1:-200000}
CC=${CC:-gcc}
CFLAGS=${CFLAGS:--O2}
SRC=$TOP/bench/probe-off
STAP_DTRACE=${STAP_DTRACE:-/usr/bin/dtrace}

for tool in valgrind "$CC"; do
	command -v "$tool" >/dev/null || { echo "probe-off: $tool not found" >&2; exit 77; }
done
if [ ! -x "$STAP_DTRACE" ] || ! grep -qs Systemtap "$STAP_DTRACE"; then
	echo "probe-off: SystemTap's dtrace not found (install systemtap-sdt-dev)" >&2; exit 77
fi
[ -x "$BUILD/utap-dtrace" ] || { echo "probe-off: build utap-dtrace first (make)" >&2; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/probe-off.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/utap" "$T/stap"
(cd "$T/utap" && "$BUILD/utap-dtrace" -h -s "$SRC/bench.d" -o bench.h &&
	"$BUILD/utap-dtrace" -G -s "$SRC/bench.d" -o sema.o &&
	$CC $CFLAGS -I. -I"$TOP/include" "$SRC/bench.c" sema.o -o bench) || exit 1
(cd "$T/stap" && "$STAP_DTRACE" -h -s "$SRC/bench.d" -o bench.h >/dev/null &&
	"$STAP_DTRACE" -G -s "$SRC/bench.d" -o sema.o >/dev/null &&
	$CC $CFLAGS -I. "$SRC/bench.c" sema.o -o bench) || exit 1

# instructions MODE IMPL: total instructions of one run, from callgrind's summary line
instructions() {
	valgrind --tool=callgrind --callgrind-out-file="$T/cg.$2.$1" "$T/$2/bench" "$1" "$N" \
		>/dev/null 2>&1 || { echo "probe-off: valgrind failed" >&2; exit 1; }
	awk '/^summary:/ {print $2}' "$T/cg.$2.$1"
}

declare -A ir
for impl in stap utap; do
	for mode in none guarded bare; do
		ir[$impl.$mode]=$(instructions $mode $impl)
	done
done
# per_probe IMPL MODE: (instructions(MODE) - instructions(none)) / N, two decimals
per_probe() {
	awk -v a="${ir[$1.$2]}" -v b="${ir[$1.none]}" -v n="$N" 'BEGIN {printf "%.2f", (a - b) / n}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "-"; else printf "%.2f", a / b}'; }

echo "probe-off: instructions per probe while no tracer is attached"
echo "($CC $CFLAGS, $N loop iterations, valgrind --tool=callgrind; the loop's own cost subtracted)"
printf '%-16s %18s %10s %8s\n' "" "sys/sdt.h+dtrace" "utap" "ratio"
status=0
for mode in guarded bare; do
	s=$(per_probe stap $mode); u=$(per_probe utap $mode)
	printf '%-16s %18s %10s %8s\n' "$mode probe" "$s" "$u" "$(ratio "$u" "$s")"
	if [ $mode = guarded ]; then
		awk -v u="$u" -v s="$s" 'BEGIN {exit !(u == s)}' || status=1
	else
		awk -v u="$u" -v s="$s" 'BEGIN {exit !(u <= s + 1)}' || status=1
	fi
done
if [ $status = 0 ]; then
	echo "goals met: guarded = sys/sdt.h's cost; bare <= sys/sdt.h's + one nop"
else
	echo "GOAL MISSED: guarded must equal sys/sdt.h's cost, bare at most one more nop"
fi
exit $status
