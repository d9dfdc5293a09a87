#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# User stacks and profiling against tests/targets/stack.c (main -> top -> mid -> leaf):
# ubacktrace() and its printers in stap's layouts, ucallers/ustack, print_usyms, the
# kernel variants (never a stack in utap), stacks from threads, with frame pointers
# (-O0) and without (-O2 -fomit-frame-pointer: CFI only), and timer.profile sampling a
# busy -c target. Skipped without <sys/sdt.h>.
. "$(dirname "$0")/lib.sh"

UTAP=${UTAP:-$BUILD/utap}
. "$TOP/tests/target/targets.sh"
if [ $SYS_SDT = 0 ]; then
	t_skip stack "no <sys/sdt.h> (systemtap-sdt-dev)"; t_done; exit $?
fi

# names NAME EXPECTED-TEXT FILE: the file's lines with "+0x..." offsets and anything after
# them removed must equal EXPECTED-TEXT
names() {
	sed 's/+0x.*//' "$3" > "$W/names"
	printf '%s\n' "$2" > "$W/names.exp"
	t_cmp "$1" "$W/names.exp" "$W/names"
}

for flavor in O0 O2; do
	bin=stack-$flavor
	case $flavor in
	O0) cc_target $bin gcc -O0 -g -pthread $SYS "$TG/stack.c" ;;
	O2) cc_target $bin gcc -O2 -fomit-frame-pointer -pthread $SYS "$TG/stack.c" ;;
	esac || { t_fail "$bin build"; continue; }
	exe=$OUT/$bin

	# the printers on the first hit, in main's thread
	cat > "$W/p.stp" <<-'EOF'
	probe process.mark("leaf") {
		printf("ubt=%s|\n", ubacktrace())
		printf("callers=%s|\n", ucallers(-1))
		printf("two=%s|\n", ucallers(1))
		printf("ustack1=0x%x\n", ustack(1))
		printf("neg=0x%x\n", ustack(-3))
		printf("full\n"); print_ubacktrace()
		printf("brief\n"); print_ubacktrace_brief()
		printf("simple\n%s", sprint_ubacktrace())
		printf("usyms\n"); print_usyms(ucallers(0))
		printf("susyms\n%s", sprint_usyms(ucallers(0)))
		exit()
	}
	EOF
	"$UTAP" "$W/p.stp" -c "$exe marks 1" > "$W/p.out" 2> "$W/p.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		t_fail "$bin printers" "exit $rc: $(head -n 3 "$W/p.err")"; continue
	fi
	ubt=$(sed -n 's/^ubt=\(.*\)|$/\1/p' "$W/p.out")
	callers=$(sed -n 's/^callers=\(.*\)|$/\1/p' "$W/p.out")
	read -r f0 f1 f2 _ <<< "$ubt"
	[ "$ubt" = "$callers " ] && [ "$(wc -w <<< "$ubt")" -ge 5 ] &&
		[ "$(wc -w <<< "$ubt")" -le 20 ] &&
		t_pass "$bin ubacktrace = ucallers(-1) + trailing space" ||
		t_fail "$bin ubacktrace" "ubt='$ubt' callers='$callers'"
	grep -qx "two=$f0 $f1|" "$W/p.out" && grep -qx "ustack1=$f1" "$W/p.out" &&
		grep -qx "neg=$f0" "$W/p.out" && t_pass "$bin ucallers(1), ustack(1), ustack(-3)" ||
		t_fail "$bin ucallers/ustack" "$(grep -E '^(two|ustack1|neg)=' "$W/p.out")"
	sed -n '/^full$/,/^brief$/p' "$W/p.out" | sed '1d;$d' > "$W/full"
	sed -n '/^brief$/,/^simple$/p' "$W/p.out" | sed '1d;$d' > "$W/brief"
	sed -n '/^simple$/,/^usyms$/p' "$W/p.out" | sed '1d;$d' > "$W/simple"
	head -n 4 "$W/brief" > "$W/brief4"
	names "$bin print_ubacktrace_brief frames" "leaf
mid
top
main" "$W/brief4"
	re=" $f0 : leaf\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[$exe\\]"
	head -n 1 "$W/full" | grep -Eqx "$re" && t_pass "$bin print_ubacktrace layout" ||
		t_fail "$bin print_ubacktrace layout" "$(head -n 1 "$W/full")"
	head -n 1 "$W/simple" | grep -Eqx "leaf\\+0x[0-9a-f]+ \\[$bin\\]" &&
		[ "$(wc -l < "$W/simple")" = "$(wc -l < "$W/full")" ] &&
		t_pass "$bin sprint_ubacktrace layout" ||
		t_fail "$bin sprint_ubacktrace layout" "$(head -n 1 "$W/simple")"
	sed -n '/^usyms$/,/^susyms$/p' "$W/p.out" | sed '1d;$d' > "$W/usyms"
	sed -n '/^susyms$/,$p' "$W/p.out" | sed '1d' > "$W/susyms"
	head -n 1 "$W/full" > "$W/full1"
	t_cmp "$bin print_usyms = print_ubacktrace" "$W/full1" "$W/usyms"
	t_cmp "$bin sprint_usyms = print_usyms" "$W/usyms" "$W/susyms"

	# source lines from DWARF: the -O0 build has -g, the -O2 one has none
	cat > "$W/l.stp" <<-'EOF'
	probe process.mark("leaf") {
		printf("%s\n%s\n", usymfileline(uaddr()), usymline(uaddr()))
		print_ubacktrace_fileline()
		exit()
	}
	EOF
	"$UTAP" "$W/l.stp" -c "$exe marks 1" > "$W/l.out" 2> "$W/l.err"
	line=$(grep -n 'STAP_PROBE1(stack, leaf' "$TG/stack.c" | cut -d: -f1)
	if [ $flavor = O0 ]; then
		printf '%s\n%s\n' "$TG/stack.c:$line" "$line" > "$W/l.exp"
		sed -n 3p "$W/l.out" | grep -Eqx " 0x[0-9a-f]+ : leaf\+0x[0-9a-f]+/0x[0-9a-f]+ at $TG/stack.c:$line \[$exe\]" &&
			t_pass "$bin print_ubacktrace_fileline" ||
			t_fail "$bin print_ubacktrace_fileline" "$(sed -n 3p "$W/l.out")"
	else
		head -n 2 "$W/l.out" | grep -Ec '^0x[0-9a-f]+$' > "$W/l.exp.n"
		echo 2 > "$W/l.exp"; cp "$W/l.exp.n" "$W/l.got"
		sed -n 3p "$W/l.out" | grep -q ' at ' && t_fail "$bin fileline without DWARF" ||
			t_pass "$bin fileline without DWARF"
	fi
	head -n 2 "$W/l.out" > "$W/l.got2"
	if [ $flavor = O0 ]; then t_cmp "$bin usymfileline, usymline" "$W/l.exp" "$W/l.got2"
	else t_cmp "$bin usymfileline, usymline: hex without DWARF" "$W/l.exp" "$W/l.got"; fi

	# every hit from the two threads unwinds through thread_main
	cat > "$W/t.stp" <<-'EOF'
	global stacks
	probe process.mark("leaf") {
		b = sprint_ubacktrace()
		stacks[tid() == pid() ? "main" : "thread", tokenize(b, "+"), b =~ "thread_main"] <<< 1
	}
	probe end { foreach ([w, f, t] in stacks+) printf("%s %s %d %d\n", w, f, t, @count(stacks[w, f, t])) }
	EOF
	"$UTAP" "$W/t.stp" -c "$exe marks 5" > "$W/t.out" 2> "$W/t.err"
	printf 'main leaf 0 5\nthread leaf 1 10\n' > "$W/t.exp"
	t_cmp "$bin stacks of threads" "$W/t.exp" "$W/t.out"
done

# timer.profile samples the -c target where it burns CPU (spin), never while it sleeps
cat > "$W/prof.stp" <<'EOF'
global fn, other, ty
probe timer.profile {
	if (pid() == target()) { fn[usymname(uaddr())]++; ty = probe_type() }
	else other++
}
probe end {
	foreach (f in fn- limit 1) printf("top %s %s\n", f, ty)
	printf("spin samples %s\n", fn["spin"] >= 25 ? "enough" : sprint(fn["spin"]))
	if (other < 0) println("negative count")
}
EOF
"$UTAP" "$W/prof.stp" -c "$OUT/stack-O2 spin 400" > "$W/prof.out" 2> "$W/prof.err"
printf 'top spin profile_timer\nspin samples enough\n' > "$W/prof.exp"
t_cmp "timer.profile samples a busy target" "$W/prof.exp" "$W/prof.out"

# ... and ubacktrace() works in a sample
cat > "$W/prof2.stp" <<'EOF'
global bt
probe timer.profile { if (pid() == target() && usymname(uaddr()) == "spin") bt[sprint_ubacktrace()] = 1 }
probe end { foreach (b in bt limit 1) print(b) }
EOF
"$UTAP" "$W/prof2.stp" -c "$OUT/stack-O2 spin 200" > "$W/prof2.out" 2> "$W/prof2.err"
head -n 2 "$W/prof2.out" > "$W/prof2.2"
names "ubacktrace in timer.profile" "spin
main" "$W/prof2.2"
t_done
