#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# utap-dtrace and <utap/sdt.h>: golden headers, error messages, the command line (stap
# dtrace compatibility, -C, -G with $CC/$CFLAGS, atomic outputs), a compile matrix whose
# notes are checked probe by probe (tests/dtrace/sdtcheck + readelf -n + gdb), a
# <sys/sdt.h> comparison, the probes-off header, and compile-time argument checks.
. "$(dirname "$0")/lib.sh"

D=$BUILD/utap-dtrace
CK=$BUILD/tests/dtrace/sdtcheck
INC=$TOP/include
SRC=$TOP/tests/dtrace
W="-Wall -Wextra -Werror -pedantic"
cd "$T_TMP" || exit 1

have() { command -v "$1" >/dev/null 2>&1; }
# VERBOSE=1 also shows how long each part took
section() { [ -n "${VERBOSE:-}" ] && echo "  [$SECONDS s] $1"; return 0; }

section golden
# ---- golden headers --------------------------------------------------------------------
mkdir -p golden
for d in "$SRC"/golden/*.d; do
	n=$(basename "$d" .d)
	if (cd "$SRC/golden" && "$D" -h -s "$n.d" -o "$T_TMP/golden/$n.h") 2>golden/$n.err; then
		t_cmp "golden $n.h" "$SRC/golden/$n.h" "golden/$n.h"
	else
		t_fail "golden $n.h" "$(cat golden/$n.err)"
	fi
	mkdir -p golden/off
	if (cd "$SRC/golden" && "$D" --disable -h -s "$n.d" -o "$T_TMP/golden/off/$n.h") \
		2>>golden/$n.err; then
		t_cmp "golden $n.off.h" "$SRC/golden/$n.off.h" "golden/off/$n.h"
	else
		t_fail "golden $n.off.h" "$(cat golden/$n.err)"
	fi
done

section errors
# ---- errors: file:line:col, source line, caret; exit 1; no output file -----------------
mkdir -p errors
for d in "$SRC"/errors/*.d; do
	n=$(basename "$d" .d)
	(cd "$SRC/errors" && "$D" -h -s "$n.d" -o "$T_TMP/errors/$n.h") 2>errors/$n.err
	rc=$?
	if [ $rc -ne 1 ]; then t_fail "error $n" "exit status $rc, want 1"; continue; fi
	if [ -e errors/$n.h ]; then t_fail "error $n" "output file left behind"; continue; fi
	t_cmp "error $n" "$SRC/errors/$n.err" "errors/$n.err"
done
if [ -z "$(ls errors | grep -v '\.err$')" ]; then t_pass "errors leave no temporaries"; else
	t_fail "errors leave no temporaries" "$(ls errors)"; fi

section cli
# ---- command line ------------------------------------------------------------------------
mkdir -p cli && cd cli || exit 1
cp "$SRC/golden/basic.d" probes.d
"$D" -h -s probes.d && "$D" -G -s probes.d
if [ -f probes.h ] && [ -f probes.o ]; then t_pass "default output names"; else
	t_fail "default output names" "$(ls)"; fi
mkdir -p sub && "$D" -h -s probes.d -o sub/x.h && grep -q 'UTAP_DTRACE_X_H' sub/x.h &&
	t_pass "-o and its include guard" || t_fail "-o and its include guard"
"$D" --help >help.out 2>&1 && grep -q '^Usage: utap-dtrace' help.out && grep -q -- '--disable' help.out &&
	t_pass "--help" || t_fail "--help" "$(cat help.out)"
"$D" --version | grep -q '^utap-dtrace (utap) [0-9]' && t_pass "--version" || t_fail "--version"
"$D" -s probes.d 2>nomode.err; rc=$?
[ $rc -eq 1 ] && grep -q 'one of -h or -G' nomode.err && t_pass "missing -h/-G" ||
	t_fail "missing -h/-G" "rc=$rc $(cat nomode.err)"
"$D" -h -q -s probes.d 2>badopt.err; rc=$?
[ $rc -eq 1 ] && grep -q 'invalid option -q' badopt.err && t_pass "invalid option" ||
	t_fail "invalid option" "rc=$rc"
"$D" -h -G -s probes.d -o both.h 2>both.err; rc=$?
[ $rc -eq 1 ] && [ ! -e both.h ] && t_pass "-h with -G refused" || t_fail "-h with -G refused" "rc=$rc"

# As a link named dtrace: stap dtrace command lines, ignored flags, -h winning over -G.
ln -s "$D" dtrace
mkdir -p inc && printf '#define ARGS const char *q, int n\n' >inc/defs.h
cat >cpp.d <<'EOF'
#include "defs.h"
provider cpp {
	probe q(ARGS);
#ifdef WITH_EXTRA
	probe extra(int);
#endif
};
EOF
if ./dtrace -64 -fPIC -x nolibs --no-pyparsing -C -Iinc -DWITH_EXTRA -h -G -s cpp.d -o cpp.h \
	extra-word >dt.out 2>&1 && grep -q 'CPP_EXTRA(arg1)' cpp.h && grep -q 'CPP_Q(arg1, arg2)' cpp.h
then t_pass "dtrace link: stap command line, -C -I -D"; else
	t_fail "dtrace link: stap command line, -C -I -D" "$(cat dt.out)"; fi
./dtrace --types -h -s probes.d -o types.h 2>types.err && grep -q obsolete types.err &&
	t_pass "dtrace link: --types noted" || t_fail "dtrace link: --types noted"
printf '#include "defs.h"\nprovider cpp {\n\tprobe bad-name(ARGS);\n};\n' >cpperr.d
"$D" -C -I inc -h -s cpperr.d -o cpperr.h 2>cpperr.err
grep -q '^cpperr.d:3:11: error:' cpperr.err && [ ! -e cpperr.h ] &&
	t_pass "-C errors point into the original file" ||
	t_fail "-C errors point into the original file" "$(cat cpperr.err)"
CPP=false "$D" -C -h -s probes.d -o nocpp.h 2>/dev/null; rc=$?
[ $rc -eq 1 ] && [ ! -e nocpp.h ] && t_pass "failing \$CPP" || t_fail "failing \$CPP" "rc=$rc"

# -G: $CC and $CFLAGS, -D/-I passed on, hidden semaphores (default visibility with V2).
cat >fakecc <<'EOF'
#!/bin/sh
echo "$@" >fakecc.args
exec cc "$@"
EOF
chmod +x fakecc
CC="./fakecc -DFROM_CC" CFLAGS="-O1 -DFROM_CFLAGS" "$D" -G -DFROM_D -I inc -s probes.d -o g.o
if grep -q -- '-DFROM_CC -DFROM_D -Iinc -g -O1 -DFROM_CFLAGS -fPIC' fakecc.args &&
	readelf -s g.o | grep myapp_tick_semaphore | grep -q HIDDEN; then
	t_pass "-G honours CC and CFLAGS"; else t_fail "-G honours CC and CFLAGS" "$(cat fakecc.args)"; fi
readelf -S g.o | grep -q '\.probes' && [ "$(readelf -sW g.o | grep -c '_semaphore')" = 3 ] &&
	t_pass "-G: three u16 semaphores in .probes" || t_fail "-G: three u16 semaphores in .probes"
CFLAGS=-DSTAP_SDT_V2 "$D" -G -s probes.d -o v2.o
readelf -s v2.o | grep myapp_tick_semaphore | grep -q DEFAULT && t_pass "-G: STAP_SDT_V2 globals" ||
	t_fail "-G: STAP_SDT_V2 globals"
CC=false "$D" -G -s probes.d -o fail.o 2>fail.err; rc=$?
[ $rc -eq 1 ] && [ -z "$(ls | grep '^fail\.o')" ] && t_pass "-G: failing compiler leaves nothing" ||
	t_fail "-G: failing compiler leaves nothing" "rc=$rc $(ls | grep fail)"
"$D" -k -G -s probes.d -o kept.o >kept.out && src=$(sed -n 's/^source: //p' kept.out) &&
	[ -f "$src" ] && grep -q 'myapp_tick_semaphore' "$src" && t_pass "-k keeps the -G source" ||
	t_fail "-k keeps the -G source" "$(cat kept.out)"
printf 'provider f { probe d(double x); };\n' >float.d
"$D" -h -s float.d -o float.h 2>float.err && grep -q 'float.d:1:20: warning: .*floating-point' float.err &&
	t_pass "floating-point argument warning" || t_fail "floating-point argument warning" "$(cat float.err)"
cd "$T_TMP" || exit 1

section matrix
# ---- compile matrix ----------------------------------------------------------------------
# Each case: compiler x language x -O level, with the link mode rotating through PIE,
# non-PIE and shared library so that every pair of axes meets; plus -flto. Every note is
# checked (provider, name, arity, sizes and signs, operand kinds, semaphore symbol,
# .stapsdt.base, the 90 + nop10 site), readelf -n and gdb must list the same probes, and
# the program must run with the probes off.
mkdir -p mx res
"$D" -h -s "$SRC/matrix.d" -o mx/matrix.h && "$D" -G -s "$SRC/matrix.d" -o mx/matrix_sema.o &&
	CFLAGS="-O2 -flto" "$D" -G -s "$SRC/matrix.d" -o mx/matrix_sema_lto.o || t_fail "matrix: generate"
sort -u "$SRC/matrix.expect" >mx/expect.c
{ cat "$SRC/matrix.expect"; printf 'mxt:twice sizes=%s ops=ok sema=0 base=ok site=nop11\n' -4 -8; } |
	sort -u >mx/expect.cxx

# matrix_case NAME CC LANG OPT LINK [EXTRA...]
matrix_case() {
	local name=$1 cc=$2 lang=$3 opt=$4 link=$5; shift 5
	local dir=mx/$name std xflag="" elf out sema=mx/matrix_sema.o
	mkdir -p "$dir"
	if [ "$lang" = c ]; then std=-std=c11; else std=-std=c++17; xflag="-x c++"; fi
	local cflags="$std $W $opt -I$INC -Imx -DMX_HEADER=\"matrix.h\" $*"
	case " $* " in *" -flto "*) [ "$cc" = gcc ] && sema=mx/matrix_sema_lto.o ;; esac
	case $link in
	pie) $cc $cflags -fPIE -pie $xflag "$SRC/matrix.c" -x none $sema -o $dir/prog ;;
	nopie) $cc $cflags -fno-pie -no-pie $xflag "$SRC/matrix.c" -x none $sema \
		-o $dir/prog ;;
	shared) $cc $cflags -fPIC -shared -DMX_LIB $xflag "$SRC/matrix.c" -x none \
		$sema -o $dir/libmx.so &&
		gcc -O2 "$SRC/matrix_main.c" -L$dir -lmx -Wl,-rpath,"$PWD/$dir" -o $dir/prog ;;
	esac >$dir/build.log 2>&1 || { echo "FAIL build: $(head -c 600 $dir/build.log)" >res/$name; return; }
	elf=$dir/prog; [ "$link" = shared ] && elf=$dir/libmx.so
	"$CK" "$elf" | sort -u >$dir/notes
	if ! cmp -s $dir/notes mx/expect.$lang; then
		echo "FAIL notes: $(diff mx/expect.$lang $dir/notes | head -8 | tr '\n' '|')" >res/$name; return
	fi
	"$CK" -n "$elf" | sort >$dir/names
	readelf -n "$elf" | awk '/Provider:/ {p=$2} /Name:/ {print p ":" $2}' | sort >$dir/readelf
	if ! cmp -s $dir/names $dir/readelf; then echo "FAIL readelf -n differs" >res/$name; return; fi
	out=$($dir/prog) || { echo "FAIL run: status $?" >res/$name; return; }
	case $out in *sum=*) ;; *) echo "FAIL run: $out" >res/$name; return ;; esac
	[ "$link" != shared ] && [ "$out" != "evals=1 sum=22" ] && { echo "FAIL output: $out" >res/$name; return; }
	echo ok >res/$name
}

links=(pie nopie shared)
i=0
jobs_run=()
for ci in 0 1; do
	for li in 0 1; do
		for oi in 0 1 2; do
			cc=(gcc clang); cc=${cc[$ci]}; lang=(c cxx); lang=${lang[$li]}
			opt=(-O0 -O2 -O3); opt=${opt[$oi]}
			c=$cc; [ $lang = cxx ] && { [ $cc = gcc ] && c=g++ || c=clang++; }
			link=${links[$(((oi + li + 2 * ci) % 3))]}
			name=$cc-$lang$opt-$link
			matrix_case $name $c $lang $opt $link &
			jobs_run+=("$name")
			i=$((i + 1)); [ $((i % 2)) -eq 0 ] && wait
		done
	done
done
wait
matrix_case gcc-c-lto gcc c -O2 pie -flto &
if have ld.lld; then matrix_case clang-cxx-lto clang++ cxx -O2 pie -flto -fuse-ld=lld & fi
wait
jobs_run+=(gcc-c-lto); have ld.lld && jobs_run+=(clang-cxx-lto) || t_skip "matrix clang -flto" "no ld.lld"
for name in "${jobs_run[@]}"; do
	r=$(cat res/$name 2>/dev/null)
	[ "$r" = ok ] && t_pass "matrix $name" || t_fail "matrix $name" "$r"
done

section gdb
# gdb sees the same probes (info probes), in an executable and in a shared library.
if have gdb; then
	for name in $(ls mx | grep -- '-pie$' | head -1) $(ls mx | grep -- '-shared$' | head -1); do
		elf=mx/$name/prog; [ -f mx/$name/libmx.so ] && elf=mx/$name/libmx.so
		gdb -nx -batch -ex 'info probes' "$elf" 2>/dev/null |
			awk '$1 == "stap" {print $2 ":" $3}' | sort >mx/$name/gdb
		if [ -s mx/$name/gdb ] && cmp -s mx/$name/gdb mx/$name/names; then t_pass "gdb info probes $name"
		else t_fail "gdb info probes $name" "$(diff mx/$name/names mx/$name/gdb | head -5)"; fi
	done
else
	t_skip "gdb info probes" "no gdb"
fi

section comdat
# C++ inline functions and templates with probes, instantiated in two TUs, must link
# (the "?" COMDAT group flag on .note.stapsdt).
cat >tpl.h <<'EOF'
#include <utap/sdt.h>
template <typename T> T tw(T x) { UTAP_PROBE(tp, tw, x); return x + 1; }
inline int inl(int x) { UTAP_PROBE(tp, inl, x); return x * 2; }
int other(int);
EOF
printf '#include "tpl.h"\nint other(int x) { return tw(x) + inl(x) + (int)tw(2L); }\n' >tpl_a.cpp
printf '#include "tpl.h"\nint main() { return tw(3) + inl(4) + other(1) == 19 ? 0 : 1; }\n' >tpl_b.cpp
for cxx in g++ clang++; do
	if $cxx -std=c++17 $W -O0 -I"$INC" -I. tpl_a.cpp tpl_b.cpp -o tpl_$cxx 2>tpl.err && ./tpl_$cxx &&
		[ "$("$CK" -n tpl_$cxx | sort | uniq -c | awk '{print $1 $2}' | tr '\n' ' ')" = "1tp:inl 2tp:tw " ]
	then t_pass "C++ COMDAT templates, two TUs ($cxx -O0)"; else
		t_fail "C++ COMDAT templates, two TUs ($cxx -O0)" "$(head -3 tpl.err; "$CK" -n tpl_$cxx)"; fi
done

section sdt
# ---- <sys/sdt.h> comparison ----------------------------------------------------------------
# The same program with stap's dtrace + <sys/sdt.h> and with utap-dtrace + <utap/sdt.h>:
# identical provider, name, semaphore and argument strings, note by note.
if [ -f /usr/include/x86_64-linux-gnu/sys/sdt.h ] || [ -f /usr/include/sys/sdt.h ]; then
	have_sdt=1
else
	have_sdt=0
fi
notes_of() { readelf -n "$1" | grep -E 'Provider|Name|Arguments' | paste - - - | awk '{$1=$1; print}'; }
if [ $have_sdt = 1 ] && have dtrace && grep -qs Systemtap "$(command -v dtrace)"; then
	mkdir -p cmp/stap cmp/utap
	(cd cmp/stap && dtrace -h -s "$SRC/compat.d" -o compat.h >/dev/null &&
		dtrace -G -s "$SRC/compat.d" -o sema.o >/dev/null)
	(cd cmp/utap && "$D" -h -s "$SRC/compat.d" -o compat.h && "$D" -G -s "$SRC/compat.d" -o sema.o)
	for cc in gcc clang; do
		cfgs=("-O2 nr"); [ $cc = gcc ] && cfgs=("-O0 nr" "-O2 nor")
		for cfg in "${cfgs[@]}"; do
			set -- $cfg
			$cc $1 -DSTAP_SDT_ARG_CONSTRAINT=$2 -Icmp/stap "$SRC/compat.c" cmp/stap/sema.o -o cmp/s &&
				$cc $1 -DUTAP_SDT_ARG_CONSTRAINT=$2 -Icmp/utap -I"$INC" "$SRC/compat.c" \
					cmp/utap/sema.o -o cmp/u || { t_fail "sys/sdt.h vs utap $cc $cfg" build; continue; }
			notes_of cmp/s >cmp/s.n; notes_of cmp/u >cmp/u.n
			# the semaphore symbols must match too (addresses may differ)
			for f in s u; do "$CK" cmp/$f | sed 's/ site=.*//' >>cmp/$f.n; done
			t_cmp "sys/sdt.h vs utap: dtrace header, $cc $cfg" cmp/s.n cmp/u.n
			$cc $1 -DSTAP_SDT_ARG_CONSTRAINT=$2 '-DSDT_HEADER=<sys/sdt.h>' "$SRC/compat_direct.c" -o cmp/s &&
				$cc $1 -DUTAP_SDT_ARG_CONSTRAINT=$2 '-DSDT_HEADER=<utap/sdt.h>' -I"$INC" \
					"$SRC/compat_direct.c" -o cmp/u || { t_fail "sys/sdt.h vs utap direct $cc $cfg" build; continue; }
			notes_of cmp/s >cmp/s.n; notes_of cmp/u >cmp/u.n
			t_cmp "sys/sdt.h vs utap: STAP_PROBEn/DTRACE_PROBEn, $cc $cfg" cmp/s.n cmp/u.n
		done
	done
	# ILP32 (-m32): 4-byte addresses, 32-bit register names; objects only (no i386 libc).
	for cc in gcc clang; do
		sdtdir=$(dirname "$(echo '#include <sys/sdt.h>' | cpp -H -o /dev/null 2>&1 | awk '/sdt.h/ {print $2; exit}')")
		if $cc -m32 -O2 -c -idirafter "$(dirname "$sdtdir")" '-DSDT_HEADER=<sys/sdt.h>' \
			"$SRC/compat_direct.c" -o cmp/s32.o 2>/dev/null; then
			$cc -m32 -O2 -c '-DSDT_HEADER=<utap/sdt.h>' -I"$INC" "$SRC/compat_direct.c" -o cmp/u32.o
			for f in s32 u32; do
				readelf -n cmp/$f.o | grep -E 'Provider|Name|Arguments|stapsdt ' |
					awk '{$1=$1; print}' >cmp/$f.n
			done
			t_cmp "sys/sdt.h vs utap: -m32 notes ($cc)" cmp/s32.n cmp/u32.n
		else
			t_skip "sys/sdt.h vs utap: -m32 notes ($cc)" "no -m32 support"
		fi
	done
else
	t_skip "sys/sdt.h comparison" "systemtap-sdt-dev not installed"
fi

section off
# ---- probes off ------------------------------------------------------------------------------
# The --disable header: no notes, side-effecting arguments never evaluated, unbraced if/else
# and _ENABLED() guards compile warning-free as C and C++.
mkdir -p off
"$D" --disable -h -s "$SRC/matrix.d" -o off/matrix.h
for c in "gcc -std=c11" "clang -std=c99" "g++ -x c++ -std=c++11" "clang++ -x c++ -std=c++17"; do
	set -- $c
	if $c $W -O2 -I"$INC" -Ioff -DMX_HEADER='"matrix.h"' "$SRC/matrix.c" -o off/prog 2>off/err &&
		[ "$(off/prog)" = "evals=0 sum=22" ] && [ -z "$("$CK" -n off/prog | grep -v '^mx[dt]:')" ]
	then t_pass "probes-off header: $1 $2"; else t_fail "probes-off header: $1 $2" "$(head -5 off/err; off/prog)"; fi
done
printf '#include "matrix.h"\nint f(void) { MX_QUERY_DONE(undeclared_thing, 1); return 0; }\n' >off/undecl.c
if gcc -std=c11 -c -Ioff off/undecl.c -o off/undecl.o 2>/dev/null; then
	t_fail "probes-off header still type-checks arguments"
else t_pass "probes-off header still type-checks arguments"; fi

section checks
# ---- compile-time checks and code shape ---------------------------------------------------
cat >bad.c <<'EOF'
#include <utap/sdt.h>
struct S { int a; };
void f(double d, struct S s, float fl);
void f(double d, struct S s, float fl) { UTAP_PROBE(p, n, d); UTAP_PROBE(p, m, s); UTAP_PROBE1(p, o, fl); }
EOF
for c in gcc clang "g++ -x c++" "clang++ -x c++"; do
	if $c -c -I"$INC" bad.c -o bad.o 2>bad.err; then t_fail "float/struct rejected ($c)"
	elif [ "$(grep -c 'utap probe arguments must be integers' bad.err)" -ge 3 ]; then
		t_pass "float/struct rejected ($c)"
	else t_fail "float/struct rejected ($c)" "$(head -3 bad.err)"; fi
done
printf '#include <utap/sdt.h>\nvoid f(int a);\nvoid f(int a) { UTAP_PROBE(p, n, a,a,a,a,a,a,a,a,a,a,a,a,a); }\n' >many.c
gcc -c -I"$INC" many.c -o many.o 2>many.err
grep -q 'utap_probes_take_at_most_12_arguments' many.err && t_pass "13 arguments rejected" ||
	t_fail "13 arguments rejected" "$(head -3 many.err)"

cat >shape.c <<'EOF'
#include <utap/sdt.h>
int g(int a, long b);
int g(int a, long b) { UTAP_PROBE(sh, p, a, b); return a; }
EOF
gcc -O2 -S -I"$INC" shape.c -o shape.s
! grep -q altmacro shape.s && t_pass "no .altmacro in the emitted assembly" || t_fail "no .altmacro"
gcc -O2 -I"$INC" -DUTAP_SDT_PLAIN_NOP -c shape.c -o plain.o && gcc -O2 -I"$INC" -c shape.c -o long.o
plain=$(objdump -d plain.o | grep -c 'cs nopw'); long=$(objdump -d long.o | grep -c 'cs nopw 0x0(%rax,%rax,1)')
[ "$plain" = 0 ] && [ "$long" = 1 ] && t_pass "UTAP_SDT_PLAIN_NOP" || t_fail "UTAP_SDT_PLAIN_NOP" "$plain $long"
printf 'int g(int a, long b);\nint main(void) { return g(1, 2) - 1; }\n' >shape_main.c
gcc -O2 -I"$INC" -DUTAP_SDT_PLAIN_NOP shape.c shape_main.c -o plain && "$CK" plain | grep -q 'site=nop1$' &&
	t_pass "plain nop site" || t_fail "plain nop site" "$("$CK" plain)"
gcc -O0 -I"$INC" '-DUTAP_SDT_ARG_CONSTRAINT=nor' shape.c shape_main.c -o nor &&
	"$CK" nor | grep -q 'sizes=-4,-8 ops=-4@-[0-9]*(%rbp) -8@-[0-9]*(%rbp)' &&
	t_pass "UTAP_SDT_ARG_CONSTRAINT=nor opt-in" || t_fail "UTAP_SDT_ARG_CONSTRAINT=nor opt-in" "$("$CK" nor)"

# The guard is a volatile access: a call-free loop waiting for a tracer must see the
# semaphore change (gcc hoists sdt.h's plain read out of such loops).
cat >hoist.c <<'EOF'
#include "matrix.h"
#include <pthread.h>
#include <unistd.h>
static void *attach(void *arg)
{
	(void)arg;
	usleep(20000);
	__atomic_fetch_add(&mx_start_semaphore, 1, __ATOMIC_RELAXED);
	return 0;
}
int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, attach, 0);
	while (!MX_START_ENABLED())
		;
	MX_START();
	pthread_join(t, 0);
	return 0;
}
EOF
for v in "gcc" "clang" "gcc -DUTAP_SDT_SEMA_PLAIN" "g++ -x c++ -DUTAP_SDT_SEMA_PLAIN"; do
	if $v -O2 -pthread $W -I"$INC" -Imx hoist.c -x none mx/matrix_sema.o -o hoist 2>hoist.err &&
		timeout 10 ./hoist
	then t_pass "a spinning _ENABLED() sees the tracer ($v -O2)"
	else t_fail "a spinning _ENABLED() sees the tracer ($v -O2)" "$(head -3 hoist.err)"; fi
done

# The probe header refuses to follow <sys/sdt.h>.
if [ $have_sdt = 1 ]; then
	printf '#include <sys/sdt.h>\n#include "matrix.h"\n' >order.c
	if gcc -c -I"$INC" -Imx order.c -o order.o 2>order.err; then t_fail "#error after <sys/sdt.h>"
	else grep -q 'included before this probe header' order.err && t_pass "#error after <sys/sdt.h>" ||
		t_fail "#error after <sys/sdt.h>" "$(head -3 order.err)"; fi
fi

section done
t_done
