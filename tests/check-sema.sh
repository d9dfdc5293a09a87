#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The semantic pass's golden tests, run from each file's directory:
#   tests/semok/X.stp        must pass `utap -p2 X.stp` (exit 0); X.p2 (if present) is the
#                            exact stdout, X.err (if present) the exact stderr (warnings)
#   tests/semko/X.stp        must fail with exit 1; X.err (if present) is the exact stderr
#   tests/sema/golden/X.stp  X.args (default "-p2 @SCRIPT@") with X.out and X.err goldens
#   tests/sema/list/X.args   a listing command (-l/-L/--dump-*) with its X.out golden and
#                            exit status in X.rc (default 0)
# In .args files @SCRIPT@ is the script's base name, @MARKS@ a test program with SDT marks
# (tests/sema/marks.c, built here) and @TAPSET@ a tapset directory made from
# tests/sema/tapset/*.in; in outputs the temporary directory prints as @TMP@.
# UTAP_GOLDEN_UPDATE=1 rewrites the golden files.
source "$(dirname "$0")/lib.sh"
UTAP=$BUILD/utap
[ -x "$UTAP" ] || { echo "check-sema: no $UTAP"; exit 1; }

TMP=$(cd "$T_TMP" && pwd -P)
MARKS=$TMP/marks
have_marks=0
if cc -I"$TOP/include" -O0 -o "$MARKS" "$TOP/tests/sema/marks.c" 2> "$TMP/cc.err"; then
	have_marks=1
fi
mkdir -p "$TMP/tapset"
for f in "$TOP"/tests/sema/tapset/*.in; do
	sed "s|@MARKS@|$MARKS|g" "$f" > "$TMP/tapset/$(basename "$f" .in)"
done
# a clean environment: no user tapset directories leak in
unset SYSTEMTAP_TAPSET UTAP_TAPSET

cmdline() { # FILE DEFAULT -> words in CMD array
	local f=$1 args
	if [ -f "${f%.*}.args" ]; then args=$(head -n 1 "${f%.*}.args"); else args=$2; fi
	args=${args//@MARKS@/$MARKS}
	args=${args//@TAPSET@/$TMP/tapset}
	local words w
	eval "words=($args)"
	CMD=()
	for w in "${words[@]}"; do
		[ "$w" = @SCRIPT@ ] && w=$(basename "$f")
		CMD+=("$w")
	done
}

needs_marks() { grep -q '@MARKS@\|@TAPSET@' "${1%.*}.args" 2> /dev/null; }

scrub() { sed -i -e "s|$TMP|@TMP@|g" -e 's|^\(Pass [0-9]: .*\) using .*|\1 using ...|' "$@"; }

golden() { # NAME EXPECTED ACTUAL
	if [ -f "$2" ] || [ -n "${UTAP_GOLDEN_UPDATE:-}" ]; then
		[ -f "$2" ] || : > "$2"
		t_cmp "$1" "$2" "$3"
	fi
}

run() { # FILE DEFAULT-ARGS -> rc, out, err in $TMP
	cmdline "$1" "$2"
	(cd "$(dirname "$1")" && "$UTAP" "${CMD[@]}") > "$TMP/out" 2> "$TMP/err" < /dev/null
	RC=$?
	scrub "$TMP/out" "$TMP/err"
}

for f in "$TOP"/tests/semok/*.stp; do
	n=semok/$(basename "$f" .stp)
	run "$f" "-p2 @SCRIPT@"
	if [ $RC -ne 0 ]; then t_fail "$n" "exit $RC: $(head -n 3 "$TMP/err")"; continue; fi
	t_pass "$n"
	golden "$n.p2" "${f%.stp}.p2" "$TMP/out"
	[ -f "${f%.stp}.err" ] && golden "$n.err" "${f%.stp}.err" "$TMP/err"
done

for f in "$TOP"/tests/semko/*.stp; do
	n=semko/$(basename "$f" .stp)
	run "$f" "-p2 @SCRIPT@"
	if [ $RC -ne 1 ]; then t_fail "$n" "exit $RC, want 1"; continue; fi
	t_pass "$n"
	golden "$n.err" "${f%.stp}.err" "$TMP/err"
done

for f in "$TOP"/tests/sema/golden/*.stp; do
	[ -e "$f" ] || continue
	n=golden/$(basename "$f" .stp)
	if needs_marks "$f" && [ $have_marks = 0 ]; then t_skip "$n" "no C compiler"; continue; fi
	run "$f" "-p2 @SCRIPT@"
	want=0
	[ -f "${f%.stp}.rc" ] && want=$(cat "${f%.stp}.rc")
	[ "$RC" = "$want" ] && t_pass "$n.rc" || t_fail "$n.rc" "exit $RC, want $want"
	golden "$n.out" "${f%.stp}.out" "$TMP/out"
	golden "$n.err" "${f%.stp}.err" "$TMP/err"
done

for f in "$TOP"/tests/sema/list/*.args; do
	[ -e "$f" ] || continue
	n=list/$(basename "$f" .args)
	if needs_marks "$f" && [ $have_marks = 0 ]; then t_skip "$n" "no C compiler"; continue; fi
	cmdline "$f" ""
	(cd "$TMP" && "$UTAP" -I "$TMP/tapset" "${CMD[@]}") > "$TMP/out" 2> "$TMP/err" < /dev/null
	RC=$?
	scrub "$TMP/out" "$TMP/err"
	want=0
	[ -f "${f%.args}.rc" ] && want=$(cat "${f%.args}.rc")
	[ "$RC" = "$want" ] && t_pass "$n.rc" || t_fail "$n.rc" "exit $RC, want $want"
	golden "$n.out" "${f%.args}.out" "$TMP/out"
	# with -v, stap reports pass 1 on stderr before listing; nothing else may appear
	grep -v '^Pass 1: parsed user script' "$TMP/err" > "$TMP/err2"
	[ -s "$TMP/err2" ] && t_fail "$n.stderr" "$(head -n 3 "$TMP/err2")"
done
# --dump-functions: signatures of tapset script functions and built-ins (not a golden:
# the built-in list grows with the runtime)
"$UTAP" -I "$TMP/tapset" --dump-functions > "$TMP/out" 2> "$TMP/err"
RC=$?
[ $RC = 0 ] && t_pass dump_functions.rc || t_fail dump_functions.rc "exit $RC"
for want in 'substr:string (str:string, start:long, length:long)' 'exit:unknown ()' \
	'strlen:long (s:string)'; do
	grep -qxF "$want" "$TMP/out" && t_pass "dump_functions: $want" ||
		t_fail "dump_functions: $want" "missing"
done
t_done
