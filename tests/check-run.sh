#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Golden run tests: each tests/run/NAME.stp is run by utap from inside tests/run, and its
# stdout, stderr and exit status are compared with NAME.out, NAME.err (missing = empty)
# and NAME.rc (missing = 0). A line "// args: ..." in the script adds utap options (the
# script path is appended last; "// post: ..." arguments go after it). In both, @TMP@ is a
# scratch directory: when NAME.file exists, @TMP@/out.txt must match it (-o tests).
# UTAP_GOLDEN_UPDATE=1 rewrites the expected files.
source "$(dirname "$0")/lib.sh"
UTAP=$BUILD/utap
[ -x "$UTAP" ] || { t_skip all "no $UTAP"; t_done; exit; }
cd "$TOP/tests/run" || exit 1
for stp in *.stp; do
	name=${stp%.stp}
	args=$(sed -n 's|^// args: *||p' "$stp" | head -n 1 | sed "s|@TMP@|$T_TMP|g")
	post=$(sed -n 's|^// post: *||p' "$stp" | head -n 1 | sed "s|@TMP@|$T_TMP|g")
	rm -f "$T_TMP/out.txt"
	# shellcheck disable=SC2086
	timeout 20 "$UTAP" $args "$stp" $post >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
	echo $? >"$T_TMP/rc"
	for k in out err rc; do
		exp=$name.$k
		if [ ! -e "$exp" ]; then
			case $k in rc) echo 0 >"$T_TMP/exp";; *) : >"$T_TMP/exp";; esac
			if [ -n "${UTAP_GOLDEN_UPDATE:-}" ] && ! cmp -s "$T_TMP/exp" "$T_TMP/$k"; then
				cp "$T_TMP/$k" "$exp"; echo "  created $exp"
			fi
			exp=$T_TMP/exp
		fi
		t_cmp "$name.$k" "$exp" "$T_TMP/$k"
	done
	[ -e "$name.file" ] && t_cmp "$name.file" "$name.file" "$T_TMP/out.txt"
done

# End to end with a traced command (targets built by the dtrace/ptrace suites): every
# mark's $argN, as the VM sees them, must equal what the program printed before firing.
tgt=$BUILD/tests/targets/args-sys-gcc-O2
if [ -x "$tgt" ]; then
	cat >"$T_TMP/m.stp" <<STP
probe process("$tgt").mark("widths") {
	printf("widths %d %d %d %d %d %d %d %d\n", \$arg1, \$arg2, \$arg3, \$arg4, \$arg5, \$arg6,
	       \$arg7, \$arg8)
}
probe process("$tgt").mark("twelve") {
	printf("twelve %d %d %d %d %d %d %d %d %d %d %d %d\n", \$arg1, \$arg2, \$arg3, \$arg4,
	       \$arg5, \$arg6, \$arg7, \$arg8, \$arg9, \$arg10, \$arg11, \$arg12)
}
probe end { printf("end %d\n", target() > 0) }
STP
	timeout 30 "$UTAP" "$T_TMP/m.stp" -c "$tgt 3" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
	rc=$?
	grep -E '^(widths|twelve) ' "$T_TMP/out" | sort >"$T_TMP/all"
	# each line appears twice: printed by the program, then by the probe
	uniq -u "$T_TMP/all" >"$T_TMP/odd"
	if [ $rc -eq 0 ] && [ ! -s "$T_TMP/odd" ] && [ "$(wc -l <"$T_TMP/all")" -eq 12 ] &&
	   grep -qx 'end 1' "$T_TMP/out"; then
		t_pass "mark arguments of a -c target"
	else
		t_fail "mark arguments of a -c target" "rc=$rc"; head -n 20 "$T_TMP/out" "$T_TMP/err"
	fi
else
	t_skip "mark arguments of a -c target" "no $tgt"
fi
t_done
