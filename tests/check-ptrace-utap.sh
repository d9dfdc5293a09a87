#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end tests of `utap -c` / `utap -x` with SystemTap scripts on the target programs
# of tests/targets/: the scripts print what the probes see in the targets' own truth
# format, and the two must match. Argument forms, user_string, semaphores, libraries
# (linked and dlopen'd), 4 threads with exact counts, fork/exec, begin/end events,
# context functions, and -x on every exit path (SIGINT, SIGTERM, -T, exit(), a runtime
# error), the target finishing with the right answer and its semaphore back to 0.
# Skipped while build/utap cannot run scripts. UTAP=path overrides the binary.
. "$(dirname "$0")/lib.sh"

UTAP=${UTAP:-$BUILD/utap}
if ! "$UTAP" -e 'probe begin { exit() }' > /dev/null 2>&1; then
	t_skip utap-scripts "utap does not run scripts yet"; t_done; exit $?
fi
. "$TOP/tests/target/targets.sh"
if [ $SYS_SDT = 0 ]; then
	t_skip utap-scripts "no <sys/sdt.h> (systemtap-sdt-dev)"; t_done; exit $?
fi

# run_stap NAME SCRIPT UTAP-ARGS... : utap -o $W/NAME.out -e SCRIPT ARGS, the command's
# stdout in $W/NAME.truth, utap's stderr in $W/NAME.err, exit status in $rc
run_stap() {
	local name=$1 script=$2; shift 2
	"$UTAP" -o "$W/$name.out" -e "$script" "$@" > "$W/$name.truth" 2> "$W/$name.err"
	rc=$?
}

# ---- argument forms and user_string ----------------------------------------------------
args_script() { # PATH
	local p="process(\"$1\")"
	cat <<-EOF
	probe $p.mark("widths") { printf("widths %d %d %d %d %d %d %d %d\n", \$arg1, \$arg2, \$arg3, \$arg4, \$arg5, \$arg6, \$arg7, \$arg8) }
	probe $p.mark("globals") { printf("globals %d %d %d %d\n", \$arg1, \$arg2, \$arg3, \$arg4) }
	probe $p.mark("consts") { printf("consts %d %d %d\n", \$arg1, \$arg2, \$arg3) }
	probe $p.mark("twelve") { printf("twelve %d %d %d %d %d %d %d %d %d %d %d %d\n", \$arg1, \$arg2, \$arg3, \$arg4, \$arg5, \$arg6, \$arg7, \$arg8, \$arg9, \$arg10, \$arg11, \$arg12) }
	probe $p.mark("noargs") { printf("noargs\n") }
	probe $p.mark("str") { printf("str \"%s\" %d\n", user_string(\$arg1), \$arg2) }
	EOF
}
compilers="gcc"; [ $HAVE_CLANG = 1 ] && compilers="gcc clang"
for c in $compilers; do
	for o in O0 O2; do
		n=args-sys-$c-$o
		cc_target $n $c -$o -g $SYS "$TG/args.c" || { t_fail utap-$n build; continue; }
		run_stap utap-$n "$(args_script "$OUT/$n")" -c "$OUT/$n 3"
		[ $rc = 0 ] && [ ! -s "$W/utap-$n.err" ] || t_fail utap-$n-rc "rc=$rc $(head -c 300 "$W/utap-$n.err")"
		same_trace utap-$n "$W/utap-$n.truth" "$W/utap-$n.out"
	done
done

# ---- context: pid(), tid(), target(), execname(), pp(), $$name, $$parms -----------------
n=args-sys-gcc-O2
pc=$(readelf -n "$OUT/$n" | awk '/Name: noargs/ {f=1} f && /Location:/ {print $2; exit}' | tr -d , |
	sed 's/^0x0*/0x/')
run_stap ctx "probe process(\"$OUT/$n\").mark(\"noargs\") { printf(\"%d %d %s %s %s\n\", pid() == target(), tid() == pid(), execname(), pp(), \$\$name); exit() }" -c "$OUT/$n 1"
echo "1 1 $n process(\"$OUT/$n\").statement($pc) noargs" > "$W/ctx.exp"
t_cmp utap-context "$W/ctx.exp" "$W/ctx.out"

# ---- semaphores -------------------------------------------------------------------------
build_sema_flavors
for f in $flavors; do
	p="process(\"$OUT/sema-$f\")"
	run_stap sema-$f "probe $p.mark(\"gated\") { printf(\"gated %d %d\n\", \$arg1, \$arg2) } probe $p.mark(\"always\") { printf(\"always %d\n\", \$arg1) }" -c "$OUT/sema-$f 4"
	same_trace utap-sema-$f "$W/sema-$f.truth" "$W/sema-$f.out"
	grep -qx 'semaphore 1' "$W/sema-$f.err" && t_pass utap-sema-raised-$f ||
		t_fail utap-sema-raised-$f "$(cat "$W/sema-$f.err")"
done

# ---- libraries: linked at start and dlopen'd --------------------------------------------
cc_target libprobe.so gcc -O2 -fPIC -shared $SYS -DLIBFN=lib_fire "$TG/libprobe.c" &&
cc_target libdlp.so gcc -O2 -fPIC -shared $SYS -DLIBFN=dl_fire -DLIBNAME=libd "$TG/libprobe.c" &&
cc_target libs gcc -O2 "$TG/libs.c" -L"$OUT" -lprobe -Wl,-rpath,$OUT
lib_script=""
for l in libprobe.so libdlp.so; do
	lib_script="$lib_script probe process(\"$OUT/$l\").mark(\"ctor\") { printf(\"ctor\n\") }"
	lib_script="$lib_script probe process(\"$OUT/$l\").mark(\"fire\") { printf(\"fire %d\n\", \$arg1) }"
done
run_stap libs "$lib_script" -c "$OUT/libs $OUT/libdlp.so"
same_trace utap-libs "$W/libs.truth" "$W/libs.out"

# ---- threads: exact per-thread counts, thread and process events ------------------------
cc_target threads gcc -O2 -pthread $SYS "$TG/threads.c"
p="process(\"$OUT/threads\")"
run_stap threads "global n, tb, te, pb, pe
probe $p.mark(\"tick\") { n[\$arg1]++ }
probe $p.thread.begin { tb++ } probe $p.thread.end { te++ }
probe $p.begin { pb++ } probe $p.end { pe++ }
probe end { foreach (k+ in n) printf(\"%d %d\n\", k, n[k]); printf(\"events %d %d %d %d\n\", pb, tb, te, pe) }" \
	-c "$OUT/threads 5000"
echo "events 1 4 4 1" >> "$W/threads.truth"
t_cmp utap-threads "$W/threads.truth" "$W/threads.out"

# ---- fork, exec, vfork ------------------------------------------------------------------
cc_target forkexec gcc -O2 -pthread $SYS "$TG/forkexec.c"
run_stap fe "probe process(\"$OUT/forkexec\").mark(\"stage\") { printf(\"stage %d\n\", \$arg1) }" \
	-c "$OUT/forkexec"
same_trace utap-forkexec "$W/fe.truth" "$W/fe.out" sort

# ---- -c: the child's exit status ---------------------------------------------------------
run_stap st "probe end { printf(\"done\\n\") }" -c "sh -c 'exit 3'"
[ $rc = 1 ] && grep -qx "WARNING: Child process exited with status 3" "$W/st.err" &&
	t_pass utap-child-status || t_fail utap-child-status "rc=$rc $(cat "$W/st.err")"

# ---- -x: every way to leave; the target must finish right, semaphore 0 ------------------
# xrun NAME HOW SCRIPT-EXTRA UTAP-ARGS... (HOW: INT, TERM, or none)
xrun() {
	local name=$1 how=$2 extra=$3 iters=400; shift 3
	rm -f "$W/$name.pid"
	"$ATTACH" $iters "$W/$name.pid" wait > "$W/$name.truth" 2> "$W/$name.terr" &
	local apid=$!
	watchdog $apid 60
	while [ ! -s "$W/$name.pid" ]; do sleep 0.01; done
	"$UTAP" -o "$W/$name.out" -x $apid -e "probe process(\"$ATTACH\").mark(\"gated\") { printf(\"gated %d %d\n\", \$arg1, \$arg2) } probe end { printf(\"end\n\") } $extra" "$@" 2> "$W/$name.err" &
	local upid=$! tries=0
	while ! grep -q gated "$W/$name.truth" && [ $tries -lt 500 ]; do
		sleep 0.01; tries=$((tries + 1)); done
	sleep 0.1
	[ "$how" != none ] && kill -$how $upid
	{ wait $upid; } 2>/dev/null; rc=$?
	{ wait $apid; } 2>/dev/null; local arc=$?
	unwatch
	if [ $arc != 0 ] || [ "$(cat "$W/$name.terr")" != "answer $((iters * (iters - 1) / 2)) semaphore 0" ]; then
		t_fail $name "target rc=$arc $(cat "$W/$name.terr")"; return 1
	fi
}
if [ -n "$ATTACH" ]; then
	for how in INT TERM; do
		if xrun utap-x-$how $how ""; then
			[ $rc = 0 ] && [ "$(tail -n 1 "$W/utap-x-$how.out")" = end ] &&
				t_pass utap-x-$how || t_fail utap-x-$how "rc=$rc $(cat "$W/utap-x-$how.err")"
		fi
	done
	if xrun utap-x-T none "" -T 0.3; then
		[ $rc = 0 ] && [ "$(tail -n 1 "$W/utap-x-T.out")" = end ] && t_pass utap-x-T ||
			t_fail utap-x-T "rc=$rc $(cat "$W/utap-x-T.err")"
	fi
	if xrun utap-x-exit none "global n probe process(\"$ATTACH\").mark(\"always\") { if (++n == 20) exit() }"; then
		[ $rc = 0 ] && [ "$(tail -n 1 "$W/utap-x-exit.out")" = end ] && t_pass utap-x-exit ||
			t_fail utap-x-exit "rc=$rc $(cat "$W/utap-x-exit.err")"
	fi
	if xrun utap-x-error none "probe process(\"$ATTACH\").mark(\"always\") { if (\$arg1 > 5) printf(\"%s\", user_string(0)) }"; then
		[ $rc = 1 ] && grep -q '^ERROR: ' "$W/utap-x-error.err" && t_pass utap-x-error ||
			t_fail utap-x-error "rc=$rc $(cat "$W/utap-x-error.err")"
	fi
fi

# ---- -x with a pid that does not exist ---------------------------------------------------
sh -c 'exit 0' & gone=$!; wait $gone
"$UTAP" -x $gone -e 'probe begin { exit() }' > /dev/null 2> "$W/np.err"; rc=$?
[ $rc = 1 ] && head -n 1 "$W/np.err" | grep -q "cannot probe pid $gone: No such process" &&
	t_pass utap-no-such-pid || t_fail utap-no-such-pid "rc=$rc $(cat "$W/np.err")"

t_done
