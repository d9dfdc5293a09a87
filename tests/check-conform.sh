#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Behaviours found missing by the runs over SystemTap's own testsuite that need more than
# one output file or process to check: switch_file() rotating -o output to FILE.1,
# FILE.2 as stapio does.
. "$(dirname "$0")/lib.sh"

UTAP=${UTAP:-$BUILD/utap}
cd "$T_TMP" || exit 1

"$UTAP" -o sw.out -e 'probe begin { println("a"); switch_file(); println("b")
	switch_file(); print("c"); exit() }' > sw.stdout 2>&1
printf 'a\n' > exp0; printf 'b\n' > exp1; printf 'c' > exp2
t_cmp "switch_file: FILE" exp0 sw.out
t_cmp "switch_file: FILE.1" exp1 sw.out.1
t_cmp "switch_file: FILE.2" exp2 sw.out.2
: > empty
t_cmp "switch_file: nothing on stdout" empty sw.stdout
"$UTAP" -e 'probe begin { println("x"); switch_file(); println("y"); exit() }' > st.out 2>&1
printf 'x\ny\n' > st.exp
t_cmp "switch_file without -o" st.exp st.out
t_done
