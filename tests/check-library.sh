#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# process(EXE).library(LIB) resolution as stap does it: the libraries EXE needs (found by
# its loader in trace mode) whose path ends in LIB, else LIB in LD_LIBRARY_PATH with
# stap's "not a needed library" warning, else "no match (similar libraries: ...)"; and
# tapsets under a tapset directory's PATH/ tree, whose `process` means the file's own
# path. Uses tests/targets/libs.c, linked with libprobe.so, dlopen'ing libdlp.so.
. "$(dirname "$0")/lib.sh"

UTAP=${UTAP:-$BUILD/utap}
. "$TOP/tests/target/targets.sh"
if [ $SYS_SDT = 0 ]; then
	t_skip library "no <sys/sdt.h> (systemtap-sdt-dev)"; t_done; exit $?
fi
if ! { cc_target libprobe.so gcc -O2 -fPIC -shared $SYS -DLIBFN=lib_fire "$TG/libprobe.c" &&
	cc_target libdlp.so gcc -O2 -fPIC -shared $SYS -DLIBFN=dl_fire -DLIBNAME=libd \
		"$TG/libprobe.c" &&
	cc_target libs gcc -O2 "$TG/libs.c" -L"$OUT" -lprobe -Wl,-rpath,$OUT; }; then
	t_fail "library targets build"; t_done; exit $?
fi
exe=$(realpath "$OUT/libs")
lib=$(realpath "$OUT/libprobe.so")
dlp=$(realpath "$OUT/libdlp.so")
mkdir -p "$W/elsewhere"
cd "$W/elsewhere" || exit 1

# expect NAME EXPECTED-STDOUT EXPECTED-STDERR EXPECTED-RC UTAP-ARGS...
expect() {
	local name=$1 out=$2 err=$3 want=$4; shift 4
	"$UTAP" "$@" > "$W/out" 2> "$W/err"
	local rc=$?
	printf '%s' "$out" > "$W/out.exp"
	printf '%s' "$err" > "$W/err.exp"
	if [ $rc -ne "$want" ]; then t_fail "$name" "exit $rc, want $want: $(head -n 3 "$W/err")"
	else t_pass "$name.rc"; fi
	t_cmp "$name.out" "$W/out.exp" "$W/out"
	t_cmp "$name.err" "$W/err.exp" "$W/err"
}

expect "needed library by name" \
"process(\"$exe\").library(\"$lib\").mark(\"ctor\")
process(\"$exe\").library(\"$lib\").mark(\"fire\")
" "" 0 -l "process(\"$exe\").library(\"libprobe.so\").mark(\"*\")"

expect "needed library by glob" \
"process(\"$exe\").library(\"$lib\").mark(\"fire\")
" "" 0 -l "process(\"$exe\").library(\"libp*.so\").mark(\"fire\")"

LD_LIBRARY_PATH=$OUT expect "LD_LIBRARY_PATH library warns" \
"process(\"$exe\").library(\"$dlp\").mark(\"fire\")
" "WARNING: '$dlp' is not a needed library of '$exe'. Specify the full path to squelch this warning.
" 0 -l "process(\"$exe\").library(\"libdlp.so\").mark(\"fire\")"

expect "full library path: no warning" \
"process(\"$exe\").library(\"$dlp\").mark(\"fire\")
" "" 0 -l "process(\"$exe\").library(\"$dlp\").mark(\"fire\")"

"$UTAP" -p2 -e "probe process(\"$exe\").library(\"libdlp.so\").mark(\"fire\") {}" \
	> /dev/null 2> "$W/err"
rc=$?
grep -q "^semantic error: no match (similar libraries: .*$lib" "$W/err" && [ $rc = 1 ] &&
	t_pass "unknown library: similar libraries" ||
	t_fail "unknown library: similar libraries" "rc=$rc $(cat "$W/err")"

# a mark in a needed library, end to end with -c
"$UTAP" -e "probe process(\"$exe\").library(\"libprobe.so\").mark(\"fire\") { printf(\"%d\n\", \$arg1) }" \
	-c "$exe $dlp" > "$W/run" 2> "$W/err"
grep -Ev '^(ctor|fire .*)$' "$W/run" > "$W/run.probes"
printf '3\n6\n9\n' > "$W/run.exp"
t_cmp "library mark with -c" "$W/run.exp" "$W/run.probes"

# a tapset in TAPSETDIR/PATH/<dir of exe>/libs.stp: `process` is that executable,
# process("libdlp.so") a file next to it
mkdir -p "$W/ts/PATH$(dirname "$exe")"
cat > "$W/ts/PATH$(dirname "$exe")/libs.stp" <<'EOF'
probe libs.fire = process.library("libprobe.so").mark("fire") { n = $arg1 }
probe libs.dl = process("libdlp.so").mark("fire") { n = $arg1 }
EOF
expect "PATH tapset" \
"libs.dl n:long \$arg1:long
libs.fire n:long \$arg1:long
" "" 0 -I "$W/ts" -L 'libs.*'
"$UTAP" -I "$W/ts" -e 'probe libs.* { printf("%s %d\n", pn(), n) }' -c "$exe $dlp" \
	> "$W/run" 2> "$W/err"
grep '^libs' "$W/run" > "$W/run.probes"
printf 'libs.fire 3\nlibs.fire 6\nlibs.fire 9\nlibs.dl 30\nlibs.dl 33\nlibs.dl 33\nlibs.dl 36\n' \
	> "$W/run.exp"
t_cmp "PATH tapset with -c" "$W/run.exp" "$W/run.probes"
t_done
