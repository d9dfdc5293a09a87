#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end tests of the ptrace backend through build/tests/utap-trace-driver: target
# programs (tests/targets/) print the truth they pass to their probes, the driver prints
# what it saw; the two must match. Covers <sys/sdt.h> and <utap/sdt.h>, dtrace
# semaphores, gcc/clang -O0/-O2, every argument form, libraries (linked and dlopen'd),
# threads, fork/exec, -x attach/detach on every exit path, errors, and gdb's counts.
. "$(dirname "$0")/lib.sh"

DRV=$BUILD/tests/utap-trace-driver
if [ ! -x "$DRV" ]; then
	t_skip ptrace "driver not built"; t_done; exit $?
fi

. "$TOP/tests/target/targets.sh"

# ---- argument forms: both headers, gcc and clang, -O0 and -O2 ------------------------
headers=""
[ $SYS_SDT = 1 ] && headers="sys"
[ -f "$TOP/include/utap/sdt.h" ] && headers="$headers utap"
[ -z "$headers" ] && t_skip args "no sdt.h header"
compilers="gcc"; [ $HAVE_CLANG = 1 ] && compilers="gcc clang"
for h in $headers; do
	for c in $compilers; do
		for o in O0 O2; do
			n=args-$h-$c-$o
			if ! cc_target $n $c -$o -g -I"$TOP/include" -DSDT_HEADER="<$h/sdt.h>" "$TG/args.c"; then
				t_fail $n "build"; continue
			fi
			(cd "$OUT" && "$DRV" -o "$W/$n.drv" -p "$OUT/$n:utap:*" -c "./$n 3" > "$W/$n.truth" 2> "$W/$n.err")
			rc=$?
			if [ $rc -ne 0 ] || [ -s "$W/$n.err" ]; then
				t_fail $n "rc=$rc $(head -c 300 "$W/$n.err")"
			else
				same_trace $n "$W/$n.truth" "$W/$n.drv"
			fi
		done
	done
done
if [ $SYS_SDT = 0 ]; then
	t_skip "rest" "no <sys/sdt.h> (systemtap-sdt-dev)"; t_done; exit $?
fi

# ---- dtrace semaphores: SystemTap's dtrace and utap-dtrace, when each works -------------
build_sema_flavors
for f in $flavors; do
	"$DRV" -o "$W/sema.drv" -p "$OUT/sema-$f:semap:*" -c "$OUT/sema-$f 4" > "$W/sema.truth" 2> "$W/sema.err"
	same_trace sema-gated-$f "$W/sema.truth" "$W/sema.drv"
	if grep -q '^gated 3 -3000$' "$W/sema.truth" && grep -qx 'semaphore 1' "$W/sema.err"; then
		t_pass sema-raised-$f; else t_fail sema-raised-$f "$(cat "$W/sema.err")"; fi
	"$OUT/sema-$f" 2 > "$W/sema0.truth" 2> "$W/sema0.err"
	if ! grep -q gated "$W/sema0.truth" && grep -qx 'semaphore 0' "$W/sema0.err"; then
		t_pass sema-untraced-$f; else t_fail sema-untraced-$f; fi
done
[ -z "$flavors" ] && t_skip sema "no dtrace (systemtap-sdt-dev) nor utap-dtrace"

# ---- libraries: linked at start, and dlopen'd (twice, constructor probes) ---------------
cc_target libprobe.so gcc -O2 -fPIC -shared $SYS -DLIBFN=lib_fire "$TG/libprobe.c" &&
cc_target libdlp.so gcc -O2 -fPIC -shared $SYS -DLIBFN=dl_fire -DLIBNAME=libd "$TG/libprobe.c" &&
cc_target libs gcc -O2 "$TG/libs.c" -L"$OUT" -lprobe -Wl,-rpath,$OUT
"$DRV" -o "$W/libs.drv" -p "$OUT/libprobe.so:*" -p "$OUT/libdlp.so:*" \
	-c "$OUT/libs $OUT/libdlp.so" > "$W/libs.truth" 2> "$W/libs.err"
same_trace libs "$W/libs.truth" "$W/libs.drv"
[ "$(grep -c ctor "$W/libs.drv")" = 3 ] && t_pass libs-ctor-hits || t_fail libs-ctor-hits

# ---- threads: 4 threads at full rate, exact counts; thread events -----------------------
cc_target threads gcc -O2 -pthread $SYS "$TG/threads.c"
"$DRV" -o "$W/thr.drv" -p "$OUT/threads:utap:tick" -c "$OUT/threads 3000" > "$W/thr.truth" 2> "$W/thr.err"
awk '{n[$2]++} END {for (k in n) print k, n[k]}' "$W/thr.drv" | sort > "$W/thr.count"
sort "$W/thr.truth" > "$W/thr.truth.s"
t_cmp threads-per-thread "$W/thr.truth.s" "$W/thr.count"
"$DRV" -n -E -o "$W/thr2.drv" -p "$OUT/threads:utap:*" -c "$OUT/threads 20000" > /dev/null 2> "$W/thr2.err"
printf 'process.begin threads (root)\nthread.begin threads\nthread.begin threads\nthread.begin threads\nthread.begin threads\nthread.end threads\nthread.end threads\nthread.end threads\nthread.end threads\nprocess.end threads (root)\ntick 80000\ndone 1\n' > "$W/thr2.exp"
sort "$W/thr2.drv" > "$W/thr2.s"; sort "$W/thr2.exp" > "$W/thr2.exp.s"
t_cmp threads-count-events "$W/thr2.exp.s" "$W/thr2.s"

# ---- fork, exec, vfork ------------------------------------------------------------------
cc_target forkexec gcc -O2 -pthread $SYS "$TG/forkexec.c"
"$DRV" -E -o "$W/fe.drv" -p "$OUT/forkexec:utap:*" -c "$OUT/forkexec" > "$W/fe.truth" 2> "$W/fe.err"
grep '^stage' "$W/fe.drv" > "$W/fe.hits"
same_trace forkexec "$W/fe.truth" "$W/fe.hits" sort
[ "$(grep -c '^process.begin' "$W/fe.drv")" = 6 ] && [ "$(grep -c '^process.end' "$W/fe.drv")" = 6 ] &&
	t_pass forkexec-events || t_fail forkexec-events "$(cat "$W/fe.drv")"

# ---- the target's own signals (raise, its own int3) reach its handlers --------------------
cc_target signals gcc -O2 $SYS "$TG/signals.c"
"$DRV" -o "$W/sig.drv" -p "$OUT/signals:utap:sig" -c "$OUT/signals 5" > "$W/sig.truth" 2> "$W/sig.err"
same_trace own-signals-hits "$W/sig.truth" "$W/sig.drv"
[ "$(cat "$W/sig.err")" = "usr1 5 trap 10" ] && t_pass own-signals-delivered ||
	t_fail own-signals-delivered "$(cat "$W/sig.err")"

# ---- -c details: shell metacharacters, exit status and signal warnings, bad command -----
(cd "$OUT" && "$DRV" -o "$W/sh.drv" -p "$OUT/args-sys-gcc-O2:utap:*" \
	-c "./args-sys-gcc-O2 2 > $W/sh.truth" 2> "$W/sh.err")
same_trace shell-metachar "$W/sh.truth" "$W/sh.drv"
"$DRV" -c "sh -c 'exit 3'" > /dev/null 2> "$W/st.err"; rc=$?
[ $rc = 1 ] && [ "$(cat "$W/st.err")" = "WARNING: Child process exited with status 3" ] &&
	t_pass exit-status || t_fail exit-status "rc=$rc $(cat "$W/st.err")"
"$DRV" -c "sh -c 'kill -SEGV \$\$'" > /dev/null 2> "$W/sg.err"; rc=$?
[ $rc = 1 ] && [ "$(cat "$W/sg.err")" = "WARNING: Child process exited with signal 11 (Segmentation fault)" ] &&
	t_pass exit-signal || t_fail exit-signal "rc=$rc $(cat "$W/sg.err")"
"$DRV" -c "$W/no-such-program" > /dev/null 2> "$W/nx.err"; rc=$?
[ $rc = 1 ] && [ "$(cat "$W/nx.err")" = "ERROR: $W/no-such-program: No such file or directory" ] &&
	t_pass no-such-command || t_fail no-such-command "rc=$rc $(cat "$W/nx.err")"
sh -c 'exit 0' & gone=$!; wait $gone
"$DRV" -x $gone > /dev/null 2> "$W/np.err"; rc=$?
[ $rc = 1 ] && [ "$(cat "$W/np.err")" = "ERROR: cannot probe pid $gone: No such process" ] &&
	t_pass no-such-pid || t_fail no-such-pid "rc=$rc $(cat "$W/np.err")"

# ---- -x: attach, then leave by every path; the target must finish with the right answer
# and its semaphore back to 0. attach_run NAME HOW [driver args...]
attach_run() {
	local name=$1 how=$2 iters=600; shift 2
	[ "$how" = exit ] && iters=150
	rm -f "$W/$name.pid"
	"$ATTACH" $iters "$W/$name.pid" wait > "$W/$name.truth" 2> "$W/$name.err" &
	local apid=$!
	watchdog $apid 60
	while [ ! -s "$W/$name.pid" ]; do sleep 0.01; done
	"$DRV" -o "$W/$name.drv" -p "$ATTACH:semap:*" -x $apid "$@" 2> "$W/$name.derr" &
	local dpid=$!
	# the target waits for the semaphore, then prints a line per iteration
	local tries=0
	while ! grep -q gated "$W/$name.truth" && [ $tries -lt 500 ]; do
		sleep 0.01; tries=$((tries + 1)); done
	sleep 0.1
	case $how in
	INT|TERM|HUP|SEGV) kill -$how $dpid ;;
	esac
	{ wait $dpid; } 2>/dev/null; local drc=$?
	{ wait $apid; } 2>/dev/null; local arc=$?
	unwatch
	local sum=$(( iters * (iters - 1) / 2 )) sema=0
	[ "$how" = exit ] && sema=1 # it printed while still traced
	if [ $arc != 0 ] || [ "$(cat "$W/$name.err")" != "answer $sum semaphore $sema" ]; then
		t_fail $name "target rc=$arc: $(cat "$W/$name.err")"; return
	fi
	if [ "$how" = SEGV ]; then # 139, or 1 when ASan's handler reports the signal
		[ $drc != 0 ] && t_pass $name || t_fail $name "driver rc=$drc"; return
	fi
	grep '^gated' "$W/$name.truth" > "$W/$name.gated"
	if [ $drc != 0 ] || [ ! -s "$W/$name.drv" ]; then
		t_fail $name "driver rc=$drc $(head -c 300 "$W/$name.derr")"; return
	fi
	grep '^gated' "$W/$name.drv" > "$W/$name.dgated"
	# A line printed just before the probe fired may miss the detach (all threads are
	# stopped, then bytes and semaphores restored): allow the truth one extra last line.
	head -n -1 "$W/$name.gated" > "$W/$name.gated1"
	if cmp -s "$W/$name.gated1" "$W/$name.dgated"; then t_pass $name; else
		t_cmp $name "$W/$name.gated" "$W/$name.dgated"; fi
}
if [ -n "$ATTACH" ]; then
	attach_run attach-sigint INT
	attach_run attach-sigterm TERM
	attach_run attach-sighup HUP
	attach_run attach-timelimit T -T 0.4
	attach_run attach-hitlimit H -H 40
	attach_run attach-target-exits exit -T 0.6
	attach_run attach-tracer-crash SEGV
fi

# ---- -x and job control: SIGSTOP/SIGCONT while traced, and a detach while stopped ----
# jobctl NAME DETACH-WHILE-STOPPED(0/1)
jobctl() {
	local name=$1 stopped_detach=$2
	rm -f "$W/$name.pid"
	"$ATTACH" 500 "$W/$name.pid" wait > "$W/$name.truth" 2> "$W/$name.err" &
	local apid=$!
	watchdog $apid 60
	while [ ! -s "$W/$name.pid" ]; do sleep 0.01; done
	"$DRV" -o "$W/$name.drv" -p "$ATTACH:semap:*" -x $apid 2> "$W/$name.derr" &
	local dpid=$! ok=1
	traced_by_now $apid
	sleep 0.1
	kill -STOP $apid
	sleep 0.2
	[ "$stopped_detach" = 1 ] && { kill -INT $dpid; wait $dpid; }
	local n1; n1=$(grep -c gated "$W/$name.truth")
	sleep 0.2
	[ "$n1" = "$(grep -c gated "$W/$name.truth")" ] || ok=0 # really stopped
	[ "$stopped_detach" = 1 ] && ! grep -q '^State:.*T (stopped)' /proc/$apid/status && ok=0
	kill -CONT $apid
	[ "$stopped_detach" = 0 ] && { sleep 0.1; kill -INT $dpid; wait $dpid; }
	{ wait $apid; } 2>/dev/null; local arc=$?
	unwatch
	if [ $ok = 1 ] && [ $arc = 0 ] && [ "$(cat "$W/$name.err")" = "answer 124750 semaphore 0" ]; then
		t_pass $name
	else
		t_fail $name "ok=$ok rc=$arc $(cat "$W/$name.err" "$W/$name.derr")"
	fi
}
if [ -n "$ATTACH" ]; then
	jobctl attach-stop-cont 0
	jobctl detach-while-stopped 1
fi

# ---- -x on 4 threads at full rate, detached mid-run: no stray SIGTRAP, exact counts ----
for round in 1 2; do
	"$OUT/threads" 100000000 wait > "$W/thx.truth" &
	tpid=$!
	watchdog $tpid 60
	"$DRV" -q -p "$OUT/threads:utap:tick" -x $tpid -T 0.2 > /dev/null 2> "$W/thx.err"; drc=$?
	wait $tpid; trc=$?
	unwatch
	printf '0 100000000\n1 100000000\n2 100000000\n3 100000000\n' > "$W/thx.exp"
	if [ $drc = 0 ] && [ $trc = 0 ] && cmp -s "$W/thx.exp" "$W/thx.truth"; then
		t_pass attach-threads-$round
	else
		t_fail attach-threads-$round "driver rc=$drc target rc=$trc $(cat "$W/thx.err" "$W/thx.truth")"
	fi
done

# ---- the tracer crashes (SIGSEGV) while 4 threads hit at full rate: nothing may die ----
for round in 1 2; do
	"$OUT/threads" 100000000 wait > "$W/thc.truth" &
	tpid=$!
	watchdog $tpid 60
	"$DRV" -q -p "$OUT/threads:utap:tick" -x $tpid 2> "$W/thc.err" &
	dpid=$!
	traced_by_now $tpid
	sleep 0.15
	if ! kill -SEGV $dpid 2> /dev/null; then
		t_fail tracer-crash-threads-$round "the driver was gone: $(cat "$W/thc.err")"
		kill -9 $tpid; wait $tpid; unwatch
		continue
	fi
	{ wait $dpid; } 2>/dev/null; drc=$?
	{ wait $tpid; } 2>/dev/null; trc=$?
	unwatch
	printf '0 100000000\n1 100000000\n2 100000000\n3 100000000\n' > "$W/thc.exp"
	if [ $drc != 0 ] && [ $trc = 0 ] && cmp -s "$W/thc.exp" "$W/thc.truth"; then
		t_pass tracer-crash-threads-$round
	else
		t_fail tracer-crash-threads-$round "driver rc=$drc target rc=$trc"
	fi
done

# ---- cross-check with gdb: same hits, same argument values ------------------------------
if command -v gdb >/dev/null; then
	n=args-sys-gcc-O2
	cat > "$W/gdb.cmd" <<-'EOF'
	set pagination off
	set confirm off
	break -probe-stap utap:twelve
	commands
	silent
	printf "twelve %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld\n", $_probe_arg0, $_probe_arg1, $_probe_arg2, $_probe_arg3, $_probe_arg4, $_probe_arg5, $_probe_arg6, $_probe_arg7, $_probe_arg8, $_probe_arg9, $_probe_arg10, $_probe_arg11
	continue
	end
	run 4 > /dev/null
	EOF
	gdb -batch -nx -x "$W/gdb.cmd" --args "$OUT/$n" 4 2>/dev/null | grep '^twelve' > "$W/gdb.out"
	"$DRV" -o "$W/gdbdrv.out" -p "$OUT/$n:utap:twelve" -c "$OUT/$n 4" > /dev/null
	if [ -s "$W/gdb.out" ]; then t_cmp gdb-args "$W/gdb.out" "$W/gdbdrv.out"; else t_fail gdb-args "gdb saw nothing"; fi
	cat > "$W/gdb2.cmd" <<-'EOF'
	set pagination off
	set confirm off
	set $hits = 0
	break -probe-stap utap:tick
	commands
	silent
	set $hits = $hits + 1
	continue
	end
	run 50 > /dev/null
	printf "tick %d\n", $hits
	EOF
	gdb -batch -nx -x "$W/gdb2.cmd" --args "$OUT/threads" 50 2>/dev/null | grep '^tick' > "$W/gdb2.out"
	"$DRV" -n -o "$W/gdb2drv.out" -p "$OUT/threads:utap:tick" -c "$OUT/threads 50" > /dev/null
	t_cmp gdb-thread-count "$W/gdb2.out" "$W/gdb2drv.out"
else
	t_skip gdb "no gdb"
fi

t_done
