#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Behaviours found missing by the runs over SystemTap's own testsuite that need more than
# one output file or process to check: switch_file() rotating -o output to FILE.1,
# FILE.2 as stapio does; a -c command or -x pid left untraced when no probe needs ptrace
# (so it may use ptrace itself, as strace does), with the traced launch's errors.
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

# untraced: no tracer in the command; traced (a process probe): utap is its tracer
"$UTAP" -e 'probe end { println("end") }' -c 'grep TracerPid /proc/self/status' > ut.out 2>&1
printf 'TracerPid:\t0\nend\n' > ut.exp
t_cmp "-c untraced without process probes" ut.exp ut.out
"$UTAP" -e 'probe process.end { println("end") }' -c 'grep TracerPid /proc/self/status' \
	> tr.out 2>&1
grep -Eq '^TracerPid:[[:space:]]+[1-9]' tr.out && t_pass "-c traced with a process probe" ||
	t_fail "-c traced with a process probe" "$(cat tr.out)"
"$UTAP" -e 'probe begin { printf("%d\n", target() > 0) }' -c 'sh -c "exit 3"' > rc.out 2>&1
echo $? >> rc.out
printf '1\nWARNING: Child process exited with status 3\nWARNING: /usr/bin/staprun exited with status: 1\nPass 5: run failed.  [man error::pass5]\n1\n' > rc.exp
t_cmp "-c untraced: exit status" rc.exp rc.out
"$UTAP" -e 'probe begin { println("never") }' -c ./no-such-program > nf.out 2>&1
echo $? >> nf.out
printf 'ERROR: ./no-such-program: No such file or directory\nWARNING: /usr/bin/staprun exited with status: 1\nPass 5: run failed.  [man error::pass5]\n1\n' > nf.exp
t_cmp "-c untraced: missing program" nf.exp nf.out
sleep 5 & sp=$!
"$UTAP" -x $sp -e 'probe begin { printf("%d\n", target()); exit() }' > x.out 2>&1
grep TracerPid /proc/$sp/status >> x.out
kill $sp 2>/dev/null; wait $sp 2>/dev/null
printf '%s\nTracerPid:\t0\n' $sp > x.exp
t_cmp "-x untraced: target() without attaching" x.exp x.out
t_done
