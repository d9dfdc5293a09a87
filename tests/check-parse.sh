#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The front end's golden tests, run from each file's directory with its base name:
#   tests/parseok/X.stp   must pass `utap -p1` (exit 0); X.p1 (if present) is the exact
#                         stdout; the printed tree must itself parse again (stap's
#                         "unparser" check)
#   tests/parseko/X.stp   must fail with exit 1; X.err (if present) is the exact stderr
#   tests/lang/tokens/X.stp  --dump-tokens output must equal X.tokens
#   tests/lang/ast/X.stp     --dump-ast output must equal X.ast
# X.args, when present, replaces the default command line "-p1 @SCRIPT@" (@SCRIPT@ is the
# script's base name; further words are script arguments; shell quoting applies). UTAP_GOLDEN_UPDATE=1 rewrites
# the golden files.
source "$(dirname "$0")/lib.sh"
UTAP=$BUILD/utap
[ -x "$UTAP" ] || { echo "check-parse: no $UTAP"; exit 1; }

cmdline() { # FILE DEFAULT -> words in CMD array
	local f=$1 args
	if [ -f "${f%.stp}.args" ]; then args=$(head -n 1 "${f%.stp}.args"); else args=$2; fi
	local words w
	eval "words=($args)"
	CMD=()
	for w in "${words[@]}"; do
		[ "$w" = @SCRIPT@ ] && w=$(basename "$f")
		CMD+=("$w")
	done
}

golden() { # NAME EXPECTED ACTUAL
	if [ -f "$2" ] || [ -n "${UTAP_GOLDEN_UPDATE:-}" ]; then
		[ -f "$2" ] || : > "$2"
		t_cmp "$1" "$2" "$3"
	fi
}

for f in "$TOP"/tests/parseok/*.stp; do
	n=parseok/$(basename "$f" .stp)
	cmdline "$f" "-p1 @SCRIPT@"
	(cd "$(dirname "$f")" && "$UTAP" "${CMD[@]}") > "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	if [ $rc -ne 0 ]; then t_fail "$n" "exit $rc: $(head -n 3 "$T_TMP/err")"; continue; fi
	t_pass "$n"
	golden "$n.p1" "${f%.stp}.p1" "$T_TMP/out"
	if grep -q -- '-p1' <<< "${CMD[*]}"; then
		guru=; grep -q -- ' -g\|^-g' <<< "${CMD[*]}" && guru=-g
		"$UTAP" $guru -p1 - < "$T_TMP/out" > /dev/null 2> "$T_TMP/err2" \
			&& t_pass "$n.reparse" || t_fail "$n.reparse" "$(head -n 3 "$T_TMP/err2")"
	fi
done

for f in "$TOP"/tests/parseko/*.stp; do
	n=parseko/$(basename "$f" .stp)
	cmdline "$f" "-p1 @SCRIPT@"
	(cd "$(dirname "$f")" && "$UTAP" "${CMD[@]}") > "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	if [ $rc -ne 1 ]; then t_fail "$n" "exit $rc, want 1"; continue; fi
	t_pass "$n"
	golden "$n.err" "${f%.stp}.err" "$T_TMP/err"
done

for f in "$TOP"/tests/lang/tokens/*.stp; do
	[ -e "$f" ] || continue
	n=tokens/$(basename "$f" .stp)
	cmdline "$f" "--dump-tokens @SCRIPT@"
	(cd "$(dirname "$f")" && "$UTAP" "${CMD[@]}") > "$T_TMP/out" 2>&1
	golden "$n" "${f%.stp}.tokens" "$T_TMP/out"
done

for f in "$TOP"/tests/lang/ast/*.stp; do
	[ -e "$f" ] || continue
	n=ast/$(basename "$f" .stp)
	cmdline "$f" "--dump-ast @SCRIPT@"
	(cd "$(dirname "$f")" && "$UTAP" "${CMD[@]}") > "$T_TMP/out" 2>&1
	golden "$n" "${f%.stp}.ast" "$T_TMP/out"
done
t_done
