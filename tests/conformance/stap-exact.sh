#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs utap over SystemTap 4.8's exact-output tests (testsuite/systemtap.maps, .printf,
# .string and the kernel-free part of .base; spec section 14) through stap-exact.exp and
# prints each group's results and the overall pass rate. Two more groups come from
# systemtap.base: "extra" (kernel-free tests beyond spec section 14's list) and "sdt"
# (SDT probes in programs the tests compile, with utap-dtrace as their dtrace). The
# testsuite is read in place, never copied.
#
#   tests/conformance/stap-exact.sh [-v] [--utap PATH] TESTSUITE-DIR [GROUP...]
#   (GROUP: maps printf string base extra sdt; all by default)
set -u
here=$(cd "$(dirname "$0")" && pwd)
utap=$here/../../build/utap
verbose=0
while [ $# -gt 0 ]; do
	case $1 in
	-v) verbose=1 ;;
	--utap) utap=$2; shift ;;
	*) break ;;
	esac
	shift
done
ts=${1:?usage: stap-exact.sh [-v] [--utap PATH] TESTSUITE-DIR [GROUP...]}
shift
command -v expect >/dev/null || { echo "stap-exact: expect is not installed" >&2; exit 77; }
utap=$(cd "$(dirname "$utap")" && pwd)/$(basename "$utap")
shim=$(mktemp -d "${TMPDIR:-/tmp}/utap-exact.XXXXXX")
export SYSTEMTAP_PATH=$shim
export UTAP_INCLUDE=$here/../../include
trap 'rm -rf "$shim"' EXIT
printf '#!/bin/sh\nexec "%s" "$@"\n' "$utap" > "$shim/stap"
# the tests that build SDT programs run $SYSTEMTAP_PATH/dtrace: utap's
printf '#!/bin/sh\nexec "%s" "$@"\n' "$(dirname "$utap")/utap-dtrace" > "$shim/dtrace"
chmod +x "$shim/stap" "$shim/dtrace"

# the tests of each group that need no kernel, no -c target and no DWARF (spec sec. 14)
maps="elision exists foreach_foreach foreach_limit foreach_limit2 hist_in_string ii iiiiii is ix
ix_hist linear linear_empty linear_large linear_large_neg linear_nearlyempty linear_over
linear_overunder linear_under log log_edge map_wrap si ss absentstats foreach_fail
ix_clear ix_clear2 ix_clear3 linear_0 linear_bad linear_neg"
# not run: agg_delete (timer.profile), map_hash* (-c), pmap_agg_overflow (timer.profile)
printf="basic1 basic2 basic3 basic4 basic5 basic6 char1 char2 int1 string1 string2 print_char printd
println print_stats ptr-1.2 ptr-1.3 bin6 oct bin1 bin2 bin3 bin4 bin5 end1 end1b out1 out1b out2
out2b out3 out3b mixed_out mixed_outb"
string="dot isinstr sprint sprintln str_replace strcmp string_quoted strlen strpos strtol substr
text_str tokenize"
base="add alias-condition alias-epilog alias-prolog array_size be_order break_and_continue
func_definition global_init global_vars if inc logical_and not simple tri var_scope try_assign
print div0 error_fn foreach_value foreach_aggrsort limits ctime overcatcher argv rand
utf_overlong control_limits overflow_error arith arith_limits beginenderror pr13306 global_end
global_stat stmt_counting timers private"
# more of systemtap.base that needs no kernel: run since the conformance pass of Nov 2026
# (not auto_path, proc_exec, pthread_stacks, retblocklist: DWARF function probes or
# processes not started by the tracer; not const_op, dbug: kernel C; not temp-directory,
# pr19525, kbuildenv, modinfo, stap_bufsize: the kernel-module build pipeline; not
# preprocessor: `uname -i` and the kernel runtime name)
extra="abort additional_scripts alias_suffixes array_slicing array_string bz1252436 exit
expansion foreach_sort_stat global_opt optim_stats prepost_optim probe_list regrediag
return_no_val strftime suppress-time-limit switch_file tapset_includes tautological_cmp
ternary_op timeout usym_unoptimize warnings2"
# SDT probes in programs the tests build (also in systemtap.base)
sdt="sdt sdt_asm sdt_casm sdt_misc sdt_varname sdt_va_args"

groups=${*:-maps printf string base extra sdt}
tp=0 tf=0
for g in $groups; do
	dir=systemtap.$g
	case $g in
	maps) list=$maps ;; printf) list=$printf ;; string) list=$string ;; base) list=$base ;;
	extra) list=$extra dir=systemtap.base ;; sdt) list=$sdt dir=systemtap.base ;;
	*) echo "unknown group $g" >&2; continue ;;
	esac
	tests=""
	for t in $list; do
		[ -e "$ts/$dir/$t.exp" ] && tests="$tests $t"
	done
	# the tests build programs in the current directory: a scratch one per group
	work=$(mktemp -d "$shim/work.XXXXXX")
	# shellcheck disable=SC2086
	out=$(cd "$work" && PATH="$shim:$PATH" timeout 1800 expect "$here/stap-exact.exp" "$ts" \
		"$dir" $tests 2>&1 | sed "s/^$dir:/systemtap.$g:/")
	[ $verbose = 1 ] && printf '%s\n' "$out" | grep -v '^PASS'
	summary=$(printf '%s\n' "$out" | tail -n 1)
	echo "$summary"
	p=$(echo "$summary" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed/\1/p')
	f=$(echo "$summary" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed/\2/p')
	tp=$((tp + ${p:-0})) tf=$((tf + ${f:-0}))
done
tot=$((tp + tf))
pct=0
[ $tot -gt 0 ] && pct=$((tp * 1000 / tot))
printf 'total: %d/%d passed (%d.%d%%)\n' $tp $tot $((pct / 10)) $((pct % 10))
