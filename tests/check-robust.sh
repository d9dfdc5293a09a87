#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Robustness: utap must never harm a traced process and must answer bad input with a
# clear one-line error and a non-zero status, never a crash. Bad scripts, paths, pids,
# commands, ELF and provider files; then a busy multi-threaded target (tests/robust/
# busy.c: checksums in registers across probes, forks, execs, dlopen/dlclose, a
# semaphore) traced with -x and -c and left by every way out (signals, -T, exit(),
# runtime errors, a second tracer, a stopped target, few file descriptors), its
# semaphore read from /proc/PID/mem after each detach; utap's own fds and memory; and a
# short soak with random signals (ROBUST_SOAK=seconds, default 8).
. "$(dirname "$0")/lib.sh"

UTAP=${UTAP:-$BUILD/utap}
DT=$BUILD/utap-dtrace
R=$BUILD/tests/robust
W=$T_TMP
SRC=$TOP/tests/robust
mkdir -p "$R"

# ---- helpers ------------------------------------------------------------------------------
# run NAME RC-WANTED STDERR-REGEX CMD...: runs CMD (at most 30 s); passes when the status
# is RC-WANTED and the first line of stderr matches STDERR-REGEX (grep -E; "" wants an
# empty stderr).
run() {
	local name=$1 want=$2 re=$3; shift 3
	timeout -k 5 30 "$@" > "$W/$name.out" 2> "$W/$name.err" < /dev/null
	local rc=$? ok=0
	if [ -z "$re" ]; then [ ! -s "$W/$name.err" ] && ok=1
	else head -n 1 "$W/$name.err" | grep -Eq -- "$re" && ok=1; fi
	if [ $rc = "$want" ] && [ $ok = 1 ]; then
		t_pass "$name"
	else
		t_fail "$name" "rc=$rc (want $want) $(head -c 300 "$W/$name.err")"
	fi
}

# sema_at PID ADDR: the unsigned short at ADDR in PID's memory (through a live thread
# when the main one is a zombie)
sema_at() {
	local t v
	for t in "$1" $(ls "/proc/$1/task" 2> /dev/null); do
		v=$(dd if="/proc/$t/mem" bs=2 count=1 iflag=skip_bytes skip=$(($2)) 2> /dev/null |
			od -An -tu2 | tr -d ' ')
		[ -n "$v" ] && { echo "$v"; return; }
	done
}

# wait_sema PID ADDR VALUE [UNTIL-PID]: waits (up to 10 s) until the semaphore holds
# VALUE, or UNTIL-PID has exited
wait_sema() {
	local i=0
	while [ "$(sema_at "$1" "$2")" != "$3" ]; do
		kill -0 "$1" 2> /dev/null || return 1
		[ -n "${4:-}" ] && ! kill -0 "$4" 2> /dev/null && return 0
		[ $i -ge 1000 ] && return 1
		sleep 0.01; i=$((i + 1))
	done
}

# untraced PID: no thread of PID has a tracer
untraced() {
	! grep -q '^TracerPid:[[:space:]]*[1-9]' /proc/"$1"/task/*/status 2> /dev/null
}

# busy_start TAG ARGS...: starts busy with -p/-r files $W/TAG.pid/.res; sets BPID, BSEMA
busy_start() {
	local tag=$1; shift
	rm -f "$W/$tag.pid" "$W/$tag.res" "$W/$tag.stop"
	"$R/busy" -p "$W/$tag.pid" -r "$W/$tag.res" "$@" &
	BPID=$!
	local i=0
	while [ ! -s "$W/$tag.pid" ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done
	read -r _ BSEMA < "$W/$tag.pid"
}

# busy_check NAME TAG: waits for busy (a child of ours, or not: then for its result
# file) and checks its result line: right checksum, every fork and dlopen right, the
# semaphores back to 0
busy_check() {
	local name=$1 tag=$2 rc=0 i=0
	if [ -n "${BPID:-}" ] && [ "$(jobs -p | grep -cx "$BPID")" = 1 ]; then
		wait "$BPID"; rc=$?
	fi
	while [ ! -s "$W/$tag.res" ] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i + 1)); done
	if [ $rc = 0 ] && grep -Eqx 'checksum ok forks ([0-9]+)/\1 dl ([0-9]+)/\2 sema 0 0' \
		"$W/$tag.res" 2> /dev/null; then
		t_pass "$name"
	else
		t_fail "$name" "target rc=$rc: $(cat "$W/$tag.res" 2> /dev/null)"
	fi
}

# watchdog PID SECS: SIGKILLs PID after SECS so that nothing hangs the suite; unwatch stops it
watchdog() {
	( sleep "$2"; kill -9 "$1" 2> /dev/null ) > /dev/null 2>&1 &
	WD=$!
}
unwatch() { kill "$WD" 2> /dev/null; { wait "$WD"; } 2> /dev/null; }

# xstep NAME SIGNAL RC-WANTED STDERR-REGEX UTAP-ARGS...: utap -x $BPID with the args; once
# it has raised the semaphore and hits flow, sends SIGNAL (none: let the args end it);
# checks utap's status and first stderr line, then that the target runs on untraced with
# its semaphore back to 0 (read from its memory). Runs SECOND_TRACER meanwhile if set.
xstep() {
	local name=$1 sig=$2 want=$3 re=$4; shift 4
	"$UTAP" -x "$BPID" "$@" > "$W/$name.out" 2> "$W/$name.err" &
	local up=$! rc ok=1
	watchdog $up 30
	wait_sema "$BPID" "$BSEMA" 1 $up || ok=0
	sleep 0.2
	[ -n "${SECOND_TRACER:-}" ] && $SECOND_TRACER $up
	[ "$sig" != none ] && kill -"$sig" $up 2> /dev/null
	{ wait $up; } 2> /dev/null; rc=$?
	unwatch
	if [ $ok = 0 ] || [ $rc != "$want" ]; then
		t_fail "$name" "rc=$rc (want $want) $(head -c 300 "$W/$name.err")"
	elif [ -z "$re" ] && [ -s "$W/$name.err" ] ||
		[ -n "$re" ] && ! head -n 1 "$W/$name.err" | grep -Eq -- "$re"; then
		t_fail "$name" "stderr: $(head -c 300 "$W/$name.err")"
	else
		t_pass "$name"
	fi
	if ! kill -0 "$BPID" 2> /dev/null; then
		t_fail "$name-target" "the target died"
	elif ! untraced "$BPID" || [ "$(sema_at "$BPID" "$BSEMA")" != 0 ]; then
		t_fail "$name-target" "still traced or semaphore $(sema_at "$BPID" "$BSEMA")"
	else
		t_pass "$name-target"
	fi
}

# ---- the target ---------------------------------------------------------------------------
# build_busy: busy and libbusy.so with utap-dtrace's headers, rebuilt when a source is newer
build_busy() {
	if [ -x "$R/busy" ] && [ -f "$R/libbusy.so" ] &&
		[ -z "$(find "$SRC" "$DT" -newer "$R/busy" -print -quit)" ]; then
		return 0
	fi
	(cd "$R" && "$DT" -h -s "$SRC/busy.d" -o busy.h && "$DT" -G -s "$SRC/busy.d" -o busy-d.o &&
		"$DT" -h -s "$SRC/busylib.d" -o busylib.h &&
		"$DT" -G -s "$SRC/busylib.d" -o busylib-d.o &&
		cc -O2 -fPIC -shared -I. -I"$TOP/include" -o libbusy.so "$SRC/busylib.c" busylib-d.o &&
		cc -O2 -I. -I"$TOP/include" -pthread -o busy "$SRC/busy.c" busy-d.o -ldl) \
		> "$W/build.log" 2>&1
}
if ! command -v cc > /dev/null || ! build_busy; then
	t_fail build-busy "$(head -c 500 "$W/build.log" 2> /dev/null)"
	t_done; exit $?
fi
B=$R/busy
P="process(\"$B\")"
L="process(\"$R/libbusy.so\")"
COUNT="global n, w, c probe $P.mark(\"tick\") { n[\$arg1]++ } probe $P.mark(\"work\") { w++ }
probe $L.mark(\"call\") { c++ } probe end { printf(\"end %d\\n\", w > 0) }"

# ---- bad scripts and paths ------------------------------------------------------------------
run script-dir 1 "^Input file '$W' is empty\.$" "$UTAP" "$W"
run script-missing 1 "^Input file '$W/none.stp' is missing\.$" "$UTAP" "$W/none.stp"
run script-devzero 1 "^Input file '/dev/zero' is empty\.$" "$UTAP" /dev/zero
head -c 65536 /dev/urandom | tr -d '\0' > "$W/garbage.stp"
run script-garbage 1 "^parse error: " "$UTAP" "$W/garbage.stp"
# an endless stream stops at the size limit instead of exhausting memory
run script-endless 1 "^Input file '-' is too large\.$" sh -c "yes 'probe begin {}' | '$UTAP' -"
# a left-deep chain of 100000 operators was a stack overflow in the later passes
awk 'BEGIN { printf "probe begin { x = 1"; for (i = 0; i < 100000; i++) printf "+1";
	print "; exit() }" }' > "$W/chain.stp"
run script-deep-chain 1 "^parse error: nesting too deep$" "$UTAP" "$W/chain.stp"
awk 'BEGIN { printf "probe begin { x = "; for (i = 0; i < 100000; i++) printf "(";
	printf "1"; for (i = 0; i < 100000; i++) printf ")"; print "; exit() }" }' > "$W/parens.stp"
run script-deep-parens 1 "^parse error: nesting too deep$" "$UTAP" "$W/parens.stp"
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	echo 'probe begin { exit() }' > "$W/secret.stp"; chmod 600 "$W/secret.stp"; chmod 755 "$W"
	run script-unreadable 1 "can't be opened for reading\.$" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$UTAP" "$W/secret.stp"
elif [ "$(id -u)" != 0 ]; then
	echo 'probe begin { exit() }' > "$W/secret.stp"; chmod 000 "$W/secret.stp"
	run script-unreadable 1 "can't be opened for reading\.$" "$UTAP" "$W/secret.stp"
fi
run output-nodir 1 "^ERROR: Couldn't open file $W/no/such: No such file or directory$" \
	"$UTAP" -o "$W/no/such" -e 'probe begin { exit() }'
run output-dir 1 "^ERROR: Couldn't open file $W: Is a directory$" \
	"$UTAP" -o "$W" -e 'probe begin { exit() }'
# out of memory in the front end: one line and status 1, not an abort
awk 'BEGIN { print "global x probe begin {"; for (i = 0; i < 40000; i++) print "x = x + " i;
	print "exit() }" }' > "$W/big.stp"
# (AddressSanitizer cannot map its shadow memory under a ulimit -v)
if ldd "$UTAP" 2> /dev/null | grep -q asan; then
	t_skip out-of-memory "ASan build"
else
	run out-of-memory 1 "^ERROR: out of memory$" \
		sh -c "ulimit -v 40000; exec '$UTAP' -p3 '$W/big.stp'"
fi

# ---- -x: pids that cannot be traced ----------------------------------------------------------
# (a script with no probe on the target runs it untraced: E needs it traced)
E='probe process.begin { printf("begun\n") }'
sh -c 'exit 0' & gone=$!; wait $gone
run x-no-such-pid 1 "^ERROR: cannot probe pid $gone: No such process$" "$UTAP" -x $gone -e "$E"
run x-bad-pid 1 "^Invalid target process ID number: 'x12'$" "$UTAP" -x x12 -e "$E"
run x-self 1 "^ERROR: cannot probe pid [0-9]+: Operation not permitted \(it is utap itself\)$" \
	sh -c "exec '$UTAP' -x \$\$ -e '$E'"
# pid 2 is kthreadd on Linux (PF_KTHREAD, 0x200000, in field 9 of its stat)
if [ "$(($(awk '{ print $9 }' /proc/2/stat 2> /dev/null || echo 0) & 0x200000))" != 0 ]; then
	run x-kthread 1 "^ERROR: cannot probe pid 2: Operation not permitted \(it is a kernel thread\)$" \
		"$UTAP" -x 2 -e "$E"
fi
# a zombie, left unreaped by its parent
"$B" --zombie "$W/zombie.pid" 5000 & zparent=$!
i=0
while [ ! -s "$W/zombie.pid" ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done
zpid=$(cat "$W/zombie.pid")
while ! grep -q '^State:.*Z' "/proc/$zpid/status" 2> /dev/null && [ $i -lt 1000 ]; do
	sleep 0.01; i=$((i + 1)); done
run x-zombie 1 "^ERROR: cannot probe pid $zpid: it is a zombie$" "$UTAP" -x "$zpid" -e "$E"
kill $zparent; wait $zparent 2> /dev/null
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	sleep 5 & spid=$!
	run x-other-user 1 "^ERROR: cannot probe pid $spid: Operation not permitted$" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$UTAP" -x $spid -e "$E"
	kill $spid; wait $spid 2> /dev/null
fi
# the shell that started utap (it waits for utap): traced, then left running
PB='global b probe process.begin { b = 1 } probe end { printf("end %d\n", b) }'
U="$UTAP" PB="$PB" bash -c '"$U" -x $$ -T 0.2 -e "$PB"; echo alive $?' \
	> "$W/parent.out" 2> "$W/parent.err" < /dev/null
[ "$(cat "$W/parent.out")" = "$(printf 'end 1\nalive 0')" ] && t_pass x-parent-shell ||
	t_fail x-parent-shell "$(cat "$W/parent.out" "$W/parent.err")"

# ---- -c: commands that cannot start, and odd ones that must work ------------------------------
run c-missing 1 "^ERROR: $W/nocmd: No such file or directory$" "$UTAP" -c "$W/nocmd" -e "$E"
run c-empty 1 "^ERROR: empty -c COMMAND$" "$UTAP" -c "  " -e "$E"
run c-quote 1 "^ERROR: wordexp: syntax error \(unmatched quotes\?\) in -c COMMAND$" \
	"$UTAP" -c "echo 'open" -e "$E"
run c-directory 1 "^ERROR: $W: Permission denied$" "$UTAP" -c "$W" -e "$E"
run c-fds 1 "^ERROR: cannot start the command: Too many open files$" \
	sh -c "ulimit -n 5; exec '$UTAP' -c true -e '$E'"
run c-shell 0 "" "$UTAP" -c "echo a; echo b | tr b c" -e "$PB"
[ "$(cat "$W/c-shell.out")" = "$(printf 'a\nc\nend 1')" ] && t_pass c-shell-out ||
	t_fail c-shell-out "$(cat "$W/c-shell.out")"
printf '#!/bin/sh\necho script ran\n' > "$W/script.sh"; chmod +x "$W/script.sh"
run c-hashbang 0 "" "$UTAP" -c "$W/script.sh" -e "$PB"
[ "$(cat "$W/c-hashbang.out")" = "$(printf 'script ran\nend 1')" ] && t_pass c-hashbang-out ||
	t_fail c-hashbang-out "$(cat "$W/c-hashbang.out")"
# a statically linked target (when libc.a is there): every hit, the right answer
if (cd "$R" && cc -O2 -static -I. -I"$TOP/include" -pthread -o busy-static "$SRC/busy.c" \
	busy-d.o -ldl) > /dev/null 2>&1; then
	run c-static 0 "" "$UTAP" -c "$R/busy-static -t 2 -n 3000 -r $W/static.res" -e \
		"global n probe process(\"$R/busy-static\").mark(\"tick\") { n++ } probe end { printf(\"%d\\n\", n) }"
	[ "$(cat "$W/c-static.out")" = 6000 ] && grep -q '^checksum ok' "$W/static.res" &&
		t_pass c-static-hits || t_fail c-static-hits "$(cat "$W/c-static.out" "$W/static.res")"
fi

# ---- -l/-L on files that are no (good) ELF: no match, no hang, no crash -----------------------
head -c 3000 "$B" > "$W/trunc.elf"
head -c 64 "$B" > "$W/hdr.elf"
cp "$B" "$W/arm.elf"; printf '\267\000' | dd of="$W/arm.elf" bs=1 seek=18 conv=notrunc 2> /dev/null
mkfifo "$W/fifo"
for f in /etc/passwd "$W/trunc.elf" "$W/hdr.elf" "$W" "$W/fifo" /proc/self/mem /dev/zero; do
	run "L-$(basename "$f")" 1 "" "$UTAP" -L "process(\"$f\").mark(\"*\")"
done
# another architecture's ELF: its notes are still listed
run L-other-arch 0 "" "$UTAP" -l "process(\"$W/arm.elf\").mark(\"tick\")"

# ---- utap-dtrace: bad provider files and outputs ------------------------------------------
printf 'provider p { probe a(int); };\n' > "$W/ok.d"
run dt-missing 1 "^utap-dtrace: cannot read $W/no.d: No such file or directory$" \
	"$DT" -h -s "$W/no.d" -o "$W/x.h"
run dt-directory 1 "^utap-dtrace: cannot read $W: Is a directory$" "$DT" -h -s "$W" -o "$W/x.h"
run dt-devzero 1 "^utap-dtrace: cannot read /dev/zero: File too large$" \
	"$DT" -h -s /dev/zero -o "$W/x.h"
run dt-garbage 1 "^$W/garbage.stp:" "$DT" -h -s "$W/garbage.stp" -o "$W/x.h"
run dt-out-nodir 1 "^utap-dtrace: cannot write $W/no/x.h: No such file or directory$" \
	"$DT" -h -s "$W/ok.d" -o "$W/no/x.h"
run dt-out-nodir-G 1 "^utap-dtrace: cannot create $W/no/x.o: No such file or directory$" \
	"$DT" -G -s "$W/ok.d" -o "$W/no/x.o"

# ---- -x: every way out, in turn on one busy target (4 threads, forks, execs, dlopen) ----------
busy_start seq -t 4 -n 3000 -f 1 -e -d "$R/libbusy.so" -U "$W/seq.stop"
second() {
	run x-second-tracer 1 "^ERROR: cannot probe pid $BPID: Operation not permitted \(it is already traced by process $1\)$" \
		"$UTAP" -x "$BPID" -e "$E"
}
SECOND_TRACER=second xstep x-INT INT 0 "" -e "$COUNT"
for sig in TERM HUP QUIT PIPE; do xstep x-$sig $sig 0 "" -e "$COUNT"; done
grep -qx 'end 1' "$W/x-HUP.out" && t_pass x-end-probes || t_fail x-end-probes "$(cat "$W/x-HUP.out")"
# a signal that would kill utap outright: the target is restored first, then utap dies of it
xstep x-USR1 USR1 $((128 + 10)) "" -e "$COUNT"
grep -qx 'end 1' "$W/x-USR1.out" && t_pass x-USR1-end || t_fail x-USR1-end "$(cat "$W/x-USR1.out")"
xstep x-T none 0 "" -T 0.3 -e "$COUNT"
xstep x-exit none 0 "" -e "global x probe $P.mark(\"tick\") { if (++x == 300) exit() }"
xstep x-div0 none 1 "^ERROR: division by 0 near operator '/'" \
	-e "global x probe $P.mark(\"tick\") { if (++x == 300) { z = 0; printf(\"%d\", x / z) } }"
xstep x-maxaction none 1 "^ERROR: MAXACTION exceeded" \
	-e "global x probe $P.mark(\"tick\") { if (++x == 300) while (1) x++ }"
xstep x-error none 1 "^ERROR: boom$" \
	-e "global x probe $P.mark(\"tick\") { if (++x == 300) error(\"boom\") }"
xstep x-mapfull none 1 "^ERROR: Array overflow, check MAXMAPENTRIES" -DMAXMAPENTRIES=500 \
	-e "global m probe $P.mark(\"tick\") { m[\$arg1, \$arg2] = \$arg3 }"
touch "$W/seq.stop"
busy_check x-seq-result seq

# ---- -c: interrupted mid-stream, the command goes on detached --------------------------------
rm -f "$W/c.res"
"$UTAP" -c "$B -t 4 -n 3000 -w 1000 -f 1 -e -U $W/c.stop -r $W/c.res -p $W/c.pid" -e "$COUNT" \
	> "$W/c-INT.out" 2> "$W/c-INT.err" &
up=$!
watchdog $up 30
i=0
while [ ! -s "$W/c.pid" ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done
read -r cpid csema < "$W/c.pid"
wait_sema "$cpid" "$csema" 1 $up
sleep 0.3
kill -INT $up
{ wait $up; } 2> /dev/null; rc=$?
unwatch
[ $rc = 0 ] && grep -qx 'end 1' "$W/c-INT.out" && t_pass c-INT ||
	t_fail c-INT "rc=$rc $(cat "$W/c-INT.out" "$W/c-INT.err")"
untraced "$cpid" && [ "$(sema_at "$cpid" "$csema")" = 0 ] && t_pass c-INT-detached ||
	t_fail c-INT-detached "semaphore $(sema_at "$cpid" "$csema")"
touch "$W/c.stop"
BPID="" busy_check c-INT-result c

# ---- -x: a target stopped (SIGSTOP) when utap attaches and when it detaches ---------------------
busy_start stop -t 4 -n 3000 -U "$W/stop.stop"
kill -STOP "$BPID"
"$UTAP" -x "$BPID" -e "$COUNT" > "$W/stop.out" 2> "$W/stop.err" &
up=$!
watchdog $up 30
wait_sema "$BPID" "$BSEMA" 1 $up
kill -CONT "$BPID"
sleep 0.3
kill -STOP "$BPID"
sleep 0.1
kill -INT $up
{ wait $up; } 2> /dev/null; rc=$?
unwatch
[ $rc = 0 ] && grep -qx 'end 1' "$W/stop.out" && t_pass x-stopped ||
	t_fail x-stopped "rc=$rc $(cat "$W/stop.out" "$W/stop.err")"
# still stopped, untraced, semaphore 0; then it goes on
st=$(awk '/^State:/ { print $2 }' "/proc/$BPID/status")
[ "$st" = T ] && untraced "$BPID" && [ "$(sema_at "$BPID" "$BSEMA")" = 0 ] &&
	t_pass x-stopped-state || t_fail x-stopped-state "state $st"
kill -CONT "$BPID"
touch "$W/stop.stop"
busy_check x-stopped-result stop

# ---- -x: a process whose main thread has exited (a zombie leader, live threads) ---------------
busy_start zl -X -t 3 -n 3000 -f 1 -e -U "$W/zl.stop"
i=0
while ! grep -q '^State:.*Z' "/proc/$BPID/status" && [ $i -lt 1000 ]; do
	sleep 0.01; i=$((i + 1)); done
xstep x-zombie-leader none 0 "" -T 0.5 -e "global n probe $P.mark(\"tick\") { n++ }
probe end { printf(\"%d\\n\", n > 0) }"
[ "$(cat "$W/x-zombie-leader.out")" = 1 ] && t_pass x-zombie-leader-hits ||
	t_fail x-zombie-leader-hits "$(cat "$W/x-zombie-leader.out")"
touch "$W/zl.stop"
busy_check x-zombie-leader-result zl
# then a thread of such a process execs (it takes over the process id): the new image
# is probed too (all 2000 hits of its loop); its result line was written while traced
busy_start zx -X -E -t 2 -n 3000 -k 100 -U "$W/zx.stop"
i=0
while ! grep -q '^State:.*Z' "/proc/$BPID/status" && [ $i -lt 1000 ]; do
	sleep 0.01; i=$((i + 1)); done
"$UTAP" -x "$BPID" -e "global n, c probe $P.mark(\"tick\") { n++ }
probe $P.mark(\"child\") { if (++c == 2000) exit() }
probe end { printf(\"%d %d\\n\", n > 0, c) }" > "$W/zx.out" 2> "$W/zx.err" &
up=$!
watchdog $up 30
wait_sema "$BPID" "$BSEMA" 1 $up
sleep 0.3 # (known, not fixed: an exec racing the attach itself can hang utap)
touch "$W/zx.stop"
{ wait $up; } 2> /dev/null; rc=$?
unwatch
[ $rc = 0 ] && [ "$(cat "$W/zx.out")" = "1 2000" ] && t_pass x-zombie-leader-exec ||
	t_fail x-zombie-leader-exec "rc=$rc $(cat "$W/zx.out" "$W/zx.err")"
watchdog "$BPID" 10
wait "$BPID"; rc=$?
unwatch
[ $rc = 0 ] && grep -q '^checksum ok ' "$W/zx.res" && t_pass x-zombie-leader-exec-result ||
	t_fail x-zombie-leader-exec-result "target rc=$rc: $(cat "$W/zx.res" 2> /dev/null)"

# ---- few file descriptors: fork children that get no /proc/PID/mem of their own ----------------
# (their copied int3s used to stay behind at detach and kill them with SIGTRAP)
busy_start fds -t 1 -n 2000 -f 6 -k 300 -U "$W/fds.stop"
(ulimit -n 7; exec "$UTAP" -x "$BPID" -T 1 -e "global n probe $P.mark(\"child\") { n++ }
probe end { printf(\"%d\\n\", n > 0) }") > "$W/fds.out" 2> "$W/fds.err"
rc=$?
[ $rc = 0 ] && [ "$(cat "$W/fds.out")" = 1 ] && t_pass x-few-fds ||
	t_fail x-few-fds "rc=$rc $(cat "$W/fds.out" "$W/fds.err")"
touch "$W/fds.stop"
busy_check x-few-fds-result fds

# ---- utap's own resources over a busy run: no fd leak, no memory growth ------------------------
busy_start res -t 4 -n 2000 -f 2 -e -d "$R/libbusy.so" -U "$W/res.stop"
"$UTAP" -x "$BPID" -e "$COUNT" > "$W/res.out" 2> "$W/res.err" &
up=$!
watchdog $up 30
wait_sema "$BPID" "$BSEMA" 1 $up
sleep 0.5
fd0=$(ls "/proc/$up/fd" | wc -l); rss0=$(awk '/^VmRSS:/ { print $2 }' "/proc/$up/status")
sleep 2
fd1=$(ls "/proc/$up/fd" | wc -l); rss1=$(awk '/^VmRSS:/ { print $2 }' "/proc/$up/status")
kill -INT $up
{ wait $up; } 2> /dev/null; rc=$?
unwatch
[ $rc = 0 ] && [ "$fd1" -le $((fd0 + 4)) ] && t_pass x-no-fd-leak ||
	t_fail x-no-fd-leak "rc=$rc fds $fd0 -> $fd1"
# (AddressSanitizer's quarantine grows by design)
if ldd "$UTAP" 2> /dev/null | grep -q asan; then
	t_skip x-bounded-memory "ASan build"
elif [ "$rss1" -le $((rss0 + 1024)) ]; then
	t_pass x-bounded-memory
else
	t_fail x-bounded-memory "VmRSS $rss0 kB -> $rss1 kB"
fi
touch "$W/res.stop"
busy_check x-resources-result res

# ---- soak: tracers come and go at random on a busy target, each by a random way out ------------
SOAK=${ROBUST_SOAK:-8}
busy_start soak -t 4 -n 2000 -f 2 -e -d "$R/libbusy.so" -U "$W/soak.stop"
end=$((SECONDS + SOAK)) runs=0 bad=""
while [ $SECONDS -lt $end ] && [ -z "$bad" ]; do
	how=$((RANDOM % 8)) args=()
	case $how in
	0) sig=INT ;; 1) sig=TERM ;; 2) sig=HUP ;; 3) sig=QUIT ;; 4) sig=USR2 ;;
	5) sig=none args=(-T "0.$((RANDOM % 5 + 1))") ;;
	6) sig=none args=(-e "global x probe $P.mark(\"tick\") { if (++x == $((RANDOM % 2000 + 1))) exit() }") ;;
	7) sig=none args=(-e "global x probe $P.mark(\"work\") { if (++x == $((RANDOM % 2000 + 1))) error(\"e\") }") ;;
	esac
	[ $how -le 5 ] && args+=(-e "$COUNT")
	"$UTAP" -x "$BPID" "${args[@]}" > "$W/soak.out" 2> "$W/soak.err" &
	up=$!
	watchdog $up 30
	# a signal only once the tracer is attached (its semaphore up): before its handlers,
	# bash's background jobs ignore INT and QUIT, and TERM or HUP ends utap outright
	[ $sig = none ] && [ $((RANDOM % 4)) = 0 ] || wait_sema "$BPID" "$BSEMA" 1 $up
	sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
	[ $sig != none ] && kill -$sig $up 2> /dev/null
	{ wait $up; } 2> /dev/null; rc=$?
	unwatch
	runs=$((runs + 1))
	case $how in 4) want=$((128 + 12)) ;; 7) want=1 ;; *) want=0 ;; esac
	# a signal sent before the run started may end it as a failure to attach: fine,
	# as long as the target is unharmed
	[ $rc = "$want" ] || [ $rc = 1 ] || bad="run $runs (way $how): rc=$rc $(head -c 200 "$W/soak.err")"
	if ! kill -0 "$BPID" 2> /dev/null || ! untraced "$BPID" ||
		[ "$(sema_at "$BPID" "$BSEMA")" != 0 ]; then
		bad="run $runs (way $how, rc $rc): target dead, traced or semaphore raised"
		bad+=" $(head -c 200 "$W/soak.err")"
	fi
done
[ -z "$bad" ] && [ $runs -gt 3 ] && t_pass "soak ($runs tracers)" || t_fail soak "$bad"
touch "$W/soak.stop"
busy_check soak-result soak

t_done
