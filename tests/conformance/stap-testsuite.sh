#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs utap over SystemTap 4.8's own pass-1..4 batch suites (testsuite/parseok, parseko, and
# with --sem also semok, semko) and prints per-directory pass counts and a total. Exit
# status only, as systemtap.pass1-4/*.exp judge them: *ok must exit 0, *ko must exit
# non-zero without crashing (a signal or exit >= 128 is a failure).
#
#   tests/conformance/stap-testsuite.sh [--sem] [--all] [-v] [--utap PATH] TESTSUITE-DIR
#
# A file's first line decides how it runs: "#! stap ARGS" runs `utap ARGS FILE`; any other
# "#!" script is run by its interpreter with a `stap` on PATH that is utap. The testsuite is
# read in place, never copied.
#
# Kernel-dependent files are skipped (counted as "skip") unless --all is given. The rule:
# a file is kernel-dependent when its text (comments included) matches KERNEL_RE below:
# kernel or module probe points (kernel.*, module(...), kprobe, syscall/nd_syscall, tracepoint,
# procfs, netfilter, perf, timer.profile, hrtimer), DWARF probe points (.function(,
# .statement(, .inline, .label, .callee), target variables ($name, $$vars; not $1 or $#;
# looked for in "#! stap" files only, as shell scripts have shell variables), DWARF
# operators (@cast, @var(, @entry), embedded C (%{), scripts that run staprun (the kernel
# module loader) or walk the buildok suite (kernel scripts). Kernel-only tapset functions are NOT detected (they only
# matter from -p2 on).
set -u
sem=0 all=0 verbose=0
utap=$(cd "$(dirname "$0")/../.." && pwd)/build/utap
while [ $# -gt 1 ]; do
	case $1 in
	--sem) sem=1 ;;
	--all) all=1 ;;
	-v) verbose=1 ;;
	--utap) utap=$2; shift ;;
	*) break ;;
	esac
	shift
done
ts=${1:?usage: stap-testsuite.sh [--sem] [--all] [-v] [--utap PATH] TESTSUITE-DIR}
[ -x "$utap" ] || { echo "no utap at $utap (run make)" >&2; exit 2; }
utap=$(cd "$(dirname "$utap")" && pwd)/$(basename "$utap")

# (sema added: kernel globs like kerne*, the vfs/socket tapsets, set_kernel_* functions,
# and plt probes, which utap does not provide)
KERNEL_RE='(^|[^A-Za-z_])(kernel\.|kerne\*|module *\(|kprobe|syscall\.|nd_syscall|tracepoint|procfs|netfilter|perf\.|timer\.profile|hrtimer|staprun |buildok|vfs\.|socket\.|set_kernel_|process\.plt|\.plt\b)|\.(function|statement|inline|label|callee|callees) *\(|@cast|@var *\(|@entry|%\{'
TARGET_RE='\$\$?[A-Za-z_]'   # target variables; only looked for in "#! stap" files

shim=$(mktemp -d "${TMPDIR:-/tmp}/utap-conf.XXXXXX")
trap 'rm -rf "$shim"' EXIT
printf '#!/bin/sh\nexec "%s" "$@"\n' "$utap" > "$shim/stap"
chmod +x "$shim/stap"

kernel_dependent() { # FILE: true when the rule above says so
	grep -Eq "$KERNEL_RE" "$1" && return 0
	head -n 1 "$1" | grep -Eq '^#! *stap ' && grep -Eq "$TARGET_RE" "$1"
}

run_one() { # FILE -> exit status
	local f=$1 first args
	first=$(head -n 1 "$f")
	if [[ $first =~ ^\#!\ *stap\ (.*)$ ]]; then
		args=${BASH_REMATCH[1]}
		# shellcheck disable=SC2086
		(cd "$(dirname "$f")" && PATH="$shim:$PATH" timeout 20 "$utap" $args "$f") \
			>/dev/null 2>&1 </dev/null
	else
		local interp=${first#\#!}
		interp=${interp## }
		(cd "$(dirname "$f")" && PATH="$shim:$PATH" SRCDIR="$ts/.." \
			timeout 20 $interp "$f") >/dev/null 2>&1 </dev/null
	fi
}

tot_pass=0 tot_run=0 tot_skip=0
dirs="parseok parseko"
[ $sem = 1 ] && dirs="$dirs semok semko"
for d in $dirs; do
	pass=0 run=0 skip=0 failed=""
	for f in "$ts/$d"/*.stp; do
		[ -e "$f" ] || continue
		# semko.exp marks utrace.stp "untested" where utrace-like probes exist
		case $d/$(basename "$f") in semko/utrace.stp) [ $all = 0 ] && { skip=$((skip + 1)); continue; } ;; esac
		if [ $all = 0 ] && kernel_dependent "$f"; then
			skip=$((skip + 1))
			continue
		fi
		run=$((run + 1))
		run_one "$f"
		rc=$?
		case $d in
		*ok) [ $rc -eq 0 ] && ok=1 || ok=0 ;;
		*) [ $rc -ne 0 ] && [ $rc -lt 124 ] && ok=1 || ok=0 ;;
		esac
		if [ $ok = 1 ]; then pass=$((pass + 1)); else failed="$failed $(basename "$f")(rc=$rc)"; fi
	done
	printf '%-8s %3d/%-3d passed  (%d kernel-dependent skipped)\n' "$d" $pass $run $skip
	[ $verbose = 1 ] && [ -n "$failed" ] && echo "  failed:$failed"
	tot_pass=$((tot_pass + pass)) tot_run=$((tot_run + run)) tot_skip=$((tot_skip + skip))
done
pct=0
[ $tot_run -gt 0 ] && pct=$((tot_pass * 1000 / tot_run))
printf 'total    %3d/%-3d passed  (%d.%d%%), %d skipped\n' $tot_pass $tot_run $((pct / 10)) \
	$((pct % 10)) $tot_skip
