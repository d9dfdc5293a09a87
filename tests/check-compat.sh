#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Compatibility with tools we did not write: a program built with utap-dtrace and
# <utap/sdt.h> (tests/compat/) is read by gdb (`info probes`), bpftrace (listing, and
# tracing its arguments, semaphore-gated probe included), perf (`perf list sdt_*`) and
# utap itself; each must see the same probes and the values the program printed.
. "$(dirname "$0")/lib.sh"
UTAP=$BUILD/utap
T=$T_TMP
SRC=$TOP/tests/compat

"$BUILD/utap-dtrace" -h -s "$SRC/compat.d" -o "$T/compat.h" &&
"$BUILD/utap-dtrace" -G -s "$SRC/compat.d" -o "$T/sema.o" &&
cc -O2 -I"$TOP/include" -I"$T" -o "$T/compat" "$SRC/compat.c" "$T/sema.o" ||
	{ t_fail build; t_done; exit; }
PROG=$T/compat
"$PROG" > "$T/truth" || t_fail "run untraced"
# the probes the program defines, as "provider name" lines
printf '%s\n' "compat gated" "compat query__done" "compat start" "compat step" > "$T/want"

# utap -l
"$UTAP" -l "process(\"$PROG\").provider(\"*\").mark(\"*\")" |
	sed -n 's/.*provider("\([^"]*\)").mark("\([^"]*\)").*/\1 \2/p' | sort > "$T/utap.l"
t_cmp "utap -l" "$T/want" "$T/utap.l"

# gdb
if command -v gdb > /dev/null; then
	gdb -batch -ex 'info probes' "$PROG" 2>/dev/null | awk '$1 == "stap" {print $2, $3}' |
		sort > "$T/gdb.l"
	t_cmp "gdb info probes" "$T/want" "$T/gdb.l"
	# every probe of gdb's table has a semaphore (utap-dtrace guards them all)
	n=$(gdb -batch -ex 'info probes' "$PROG" 2>/dev/null | awk '$1 == "stap" && $5 ~ /^0x0*[1-9a-f]/' | wc -l)
	[ "$n" = 4 ] && t_pass "gdb sees semaphores" || t_fail "gdb sees semaphores" "$n of 4"
else
	t_skip "gdb" "not installed"
fi

# perf's SDT cache
if command -v perf > /dev/null; then
	HOME=$T perf buildid-cache --add "$PROG" > /dev/null 2>&1
	HOME=$T perf list 'sdt_compat:*' 2>/dev/null | awk '/SDT event/ {sub("sdt_", "", $1); sub(":", " ", $1); print $1}' |
		sort > "$T/perf.l"
	t_cmp "perf list sdt" "$T/want" "$T/perf.l"
else
	t_skip "perf" "not installed"
fi

# split_trace PREFIX FILE: FILE holds the traced program's own "step/gated" lines and the
# tool's "PREFIX step/gated" lines; writes both halves, in order, to prog.trace/tool.trace
split_trace() {
	grep -E '^(step|gated) ' "$2" > "$T/prog.trace"
	sed -n "s/^$1 //p" "$2" > "$T/tool.trace"
	grep -q '^gated' "$T/prog.trace" && t_pass "$1: semaphore enabled" || t_fail "$1: semaphore enabled"
}

# bpftrace: listing and tracing (it needs root and a kernel with uprobes)
if command -v bpftrace > /dev/null && [ "$(id -u)" = 0 ]; then
	bpftrace -l "usdt:$PROG:*" 2>/dev/null | awk -F: '{print $3, $4}' | sort > "$T/bpf.l"
	t_cmp "bpftrace -l" "$T/want" "$T/bpf.l"
	timeout 60 bpftrace -e "usdt:$PROG:compat:step { printf(\"bt step %d %d %d\\n\", arg0, arg1, arg2); }
		usdt:$PROG:compat:gated { printf(\"bt gated %d\\n\", arg0); }" -c "$PROG" \
		> "$T/bpf.out" 2> /dev/null
	split_trace bt "$T/bpf.out"
	t_cmp "bpftrace args (and semaphore on)" "$T/prog.trace" "$T/tool.trace"
else
	t_skip "bpftrace" "needs root and bpftrace"
fi

# utap traces the same values, semaphore included
"$UTAP" -c "$PROG" -e "
probe process(\"$PROG\").mark(\"step\") { printf(\"ut step %d %d %d\\n\", \$arg1, \$arg2, \$arg3) }
probe process(\"$PROG\").mark(\"gated\") { printf(\"ut gated %d\\n\", \$arg1) }" > "$T/utap.out" 2>&1
split_trace ut "$T/utap.out"
t_cmp "utap args equal the program's" "$T/prog.trace" "$T/tool.trace"
grep -q '^gated' "$T/truth" && t_fail "untraced run" "gated fired without a tracer" || t_pass "untraced run"
t_done
