# SPDX-License-Identifier: MIT
# Shared by the ptrace suites (check-ptrace.sh, check-ptrace-utap.sh): building the test
# target programs of tests/targets/ into $BUILD/tests/targets (cached) and comparing
# traces. Source after tests/lib.sh; uses $T_TMP.
TG=$TOP/tests/targets
OUT=$BUILD/tests/targets
W=$T_TMP
mkdir -p "$OUT"

# cc_target NAME COMPILER FLAGS... : builds $OUT/NAME unless it is newer than the sources
# and was built with the same command.
cc_target() {
	local name=$1; shift
	local cmd="$* -o $OUT/$name"
	if [ -x "$OUT/$name" ] && [ "$(cat "$OUT/$name.cmd" 2>/dev/null)" = "$cmd" ] &&
		[ -z "$(find "$TG" -newer "$OUT/$name" -print -quit)" ]; then
		return 0
	fi
	if ! $cmd 2> "$W/cc.err"; then
		cat "$W/cc.err"; return 1
	fi
	echo "$cmd" > "$OUT/$name.cmd"
}

# same_trace NAME TRUTH DRIVER-OUTPUT [sort]
same_trace() {
	if [ "${4:-}" = sort ]; then
		sort "$2" > "$2.s"; sort "$3" > "$3.s"; t_cmp "$1" "$2.s" "$3.s"
	else
		t_cmp "$1" "$2" "$3"
	fi
}

HAVE_CLANG=0; command -v clang >/dev/null && HAVE_CLANG=1
HAVE_DTRACE=0; command -v dtrace >/dev/null && HAVE_DTRACE=1
SYS_SDT=0; echo '#include <sys/sdt.h>' | cc -E -x c - >/dev/null 2>&1 && SYS_SDT=1
SYS="-DSDT_HEADER=<sys/sdt.h>"

# sema_flavor NAME DTRACE-COMMAND [CFLAGS]: generates the header and object into $OUT/NAME
sema_flavor() {
	local name=$1 gen=$2 dir="$OUT/$1"; shift 2
	mkdir -p "$dir"
	(cd "$dir" && $gen -h -s "$TG/sema.d" -o sema.h && $gen -G -s "$TG/sema.d" -o sema-d.o) \
		> /dev/null 2>&1 || return 0
	cc_target sema-$name gcc -O2 -I"$dir" "$@" "$TG/sema.c" "$dir/sema-d.o" &&
	cc_target attach-$name gcc -O2 -I"$dir" "$@" "$TG/attach.c" "$dir/sema-d.o" &&
	flavors="$flavors $name"
}
# build_sema_flavors: sets $flavors (sys: SystemTap's dtrace, utap: utap-dtrace, each
# when it works) and $ATTACH (the attach target of the first one, "" if none)
build_sema_flavors() {
	flavors=""
	[ $HAVE_DTRACE = 1 ] && sema_flavor sys dtrace
	[ -f "$TOP/include/utap/sdt.h" ] && sema_flavor utap "$BUILD/utap-dtrace" -I"$TOP/include"
	ATTACH=""
	for f in $flavors; do ATTACH=$OUT/attach-$f; break; done
}

# traced_by_now PID: waits (up to 10 s) until PID has a tracer; false if it never does
traced_by_now() {
	local i=0
	while [ $i -lt 1000 ]; do
		grep -q '^TracerPid:[[:space:]]*[1-9]' "/proc/$1/status" 2> /dev/null && return 0
		kill -0 "$1" 2> /dev/null || return 1
		sleep 0.01; i=$((i + 1))
	done
	return 1
}

# watchdog PID SECS: kills PID after SECS so that a waiting target never hangs a suite;
# sets WD, to be stopped with `unwatch` once PID is reaped (its pid may be reused then)
watchdog() {
	( sleep "$2"; kill -9 "$1" 2> /dev/null ) > /dev/null 2>&1 &
	WD=$!
}
unwatch() { kill "$WD" 2> /dev/null; wait "$WD" 2> /dev/null; }
