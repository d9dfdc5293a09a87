#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Probe discovery: `utap -l/-L` golden outputs on the tests/elf targets, PATH resolution
# (globs, $PATH, cwd fallback, symlinks, "#!"), stap's exit codes and -vv messages, and
# a cross-check of the SDT note reader against `readelf -n` on the targets and on the
# system's binaries and libraries (counts, names, addresses, argument strings).
. "$(dirname "$0")/lib.sh"

UTAP=$BUILD/utap
DUMP=$BUILD/tests/elf/sdtdump
ELFDIR=$BUILD/tests/elf
GOLDEN=$TOP/tests/elf/golden
if [ ! -x "$UTAP" ] || [ ! -x "$DUMP" ] || [ ! -e "$ELFDIR/sdtargs-gcc-O2" ]; then
	t_fail "build" "missing $UTAP, $DUMP or the tests/elf targets (run make)"
	t_done; exit
fi
REAL=$(realpath "$ELFDIR")

# run NAME EXPECTED-STATUS ARGS...: runs utap, keeps stdout/stderr in $T_TMP/NAME.{out,err}
# with the target directory written as @ELF@; checks the exit status.
run() {
	local name=$1 want=$2
	shift 2
	"$UTAP" "$@" > "$T_TMP/$name.raw" 2> "$T_TMP/$name.err"
	local rc=$?
	sed "s|$REAL|@ELF@|g" "$T_TMP/$name.raw" > "$T_TMP/$name.out"
	if [ "$rc" -eq "$want" ]; then t_pass "$name status"; else
		t_fail "$name status" "exit $rc, want $want"; cat "$T_TMP/$name.err"; fi
}

# golden NAME ARGS...: run with status 0, compare stdout with tests/elf/golden/NAME.out
golden() {
	local name=$1
	shift
	run "$name" 0 "$@"
	t_cmp "$name" "$GOLDEN/$name.out" "$T_TMP/$name.out"
}

# expect NAME STATUS TEXT ARGS...: stdout must equal TEXT (after @ELF@ substitution)
expect() {
	local name=$1 want=$2 text=$3
	shift 3
	run "$name" "$want" "$@"
	printf '%s' "$text" > "$T_TMP/$name.want"
	[ -n "$text" ] && echo >> "$T_TMP/$name.want"
	t_cmp "$name" "$T_TMP/$name.want" "$T_TMP/$name.out"
}

# --- listings --------------------------------------------------------------------------
for v in gcc-O0 gcc-O2 clang-O2 gcc-O3-nopie; do
	golden "l-$v" -l "process(\"$ELFDIR/sdtargs-$v\").mark(\"*\")"
	golden "L-$v" -L "process(\"$ELFDIR/sdtargs-$v\").mark(\"*\")"
done
golden L-provider -L "process(\"$ELFDIR/sdtargs-gcc-O2\").provider(\"*\").mark(\"*\")"
golden L-lib -L "process(\"$ELFDIR/libsdt-clang.so\").mark(\"work\")"
[ -e "$ELFDIR/sdt32" ] && golden L-32 -L "process(\"$ELFDIR/sdt32\").mark(\"*\")"

P="process(\"$ELFDIR/sdtargs-gcc-O2\")"
expect varying 0 "process(\"@ELF@/sdtargs-gcc-O2\").mark(\"varying\") \$arg1:long" \
	-L "$P.mark(\"varying\")"
expect dash 0 "process(\"@ELF@/sdtargs-gcc-O2\").provider(\"other\").mark(\"dash__name\")" \
	-l "$P.provider(\"oth*\").mark(\"dash-name\")"
expect qmark 0 "process(\"@ELF@/sdtargs-gcc-O2\").mark(\"tls\")
process(\"@ELF@/sdtargs-gcc-O2\").mark(\"two\")" -l "$P.mark(\"t?[os]*\")"
expect two-points 0 "process(\"@ELF@/sdtargs-gcc-O2\").mark(\"two\") \$arg1:long \$arg2:long
process(\"@ELF@/sdtargs-gcc-O2\").provider(\"tgtasm\").mark(\"imm\") \$arg1:long" \
	-L "$P.mark(\"two\"), $P .provider(\"tgtasm\") . mark(\"imm\")"
expect two-points-l 0 "process(\"@ELF@/sdtargs-gcc-O2\").mark(\"imm\")
process(\"@ELF@/sdtargs-gcc-O2\").provider(\"tgtasm\").mark(\"imm\")" \
	-l "$P.mark(\"imm\"), $P.provider(\"tgtasm\").mark(\"imm\")"

# --- PATH resolution ---------------------------------------------------------------------
expect glob 0 "process(\"@ELF@/sdtargs-clang-O2\").mark(\"consts\")
process(\"@ELF@/sdtargs-clang-O2-nopie\").mark(\"consts\")
process(\"@ELF@/sdtargs-gcc-O2\").mark(\"consts\")
process(\"@ELF@/sdtargs-gcc-O2-nopie\").mark(\"consts\")" \
	-l "process(\"$ELFDIR/sdtargs-*-O[2]*\").mark(\"consts\")"
# non-ELF files and files without the mark are skipped: each glob result is optional
expect glob-optional 0 "process(\"@ELF@/libsdt-clang.so\").mark(\"work\")
process(\"@ELF@/libsdt-gcc.so\").mark(\"work\")" -l "process(\"$ELFDIR/*\").mark(\"work\")"
expect glob-none 1 "" -l "process(\"$ELFDIR/nothing*\").mark(\"*\")"
# a bare name is searched on $PATH
( cd "$T_TMP" && PATH="$ELFDIR:$PATH" "$UTAP" -l 'process("sdtargs-gcc-O2").mark("noargs")' \
	| sed "s|$REAL|@ELF@|g" > path.out )
echo 'process("@ELF@/sdtargs-gcc-O2").mark("noargs")' > "$T_TMP/path.want"
t_cmp path-env "$T_TMP/path.want" "$T_TMP/path.out"
( cd "$ELFDIR" && PATH=/usr/bin:/bin "$UTAP" -l 'process("sdtargs-gcc-O0").mark("noargs")' \
	| sed "s|$REAL|@ELF@|g" > "$T_TMP/cwd.out" )
echo 'process("@ELF@/sdtargs-gcc-O0").mark("noargs")' > "$T_TMP/cwd.want"
t_cmp path-cwd-fallback "$T_TMP/cwd.want" "$T_TMP/cwd.out"
( cd "$ELFDIR" && "$UTAP" -l 'process("./sdtargs-gcc-O3").mark("noargs")' \
	| sed "s|$REAL|@ELF@|g" > "$T_TMP/rel.out" )
echo 'process("@ELF@/sdtargs-gcc-O3").mark("noargs")' > "$T_TMP/rel.want"
t_cmp path-relative "$T_TMP/rel.want" "$T_TMP/rel.out"
ln -s "$ELFDIR/sdtargs-clang-O0" "$T_TMP/link1"
ln -s "$T_TMP/link1" "$T_TMP/link2"
expect symlink 0 "process(\"@ELF@/sdtargs-clang-O0\").mark(\"noargs\")" \
	-l "process(\"$T_TMP/link2\").mark(\"noargs\")"
ln -s "$ELFDIR/sdtargs-clang-O0" "$T_TMP/linkglob-a"
ln -s "$ELFDIR/sdtargs-clang-O0" "$T_TMP/linkglob-b"
expect symlink-glob-dedup 0 "process(\"@ELF@/sdtargs-clang-O0\").mark(\"noargs\")" \
	-l "process(\"$T_TMP/linkglob-*\").mark(\"noargs\")"
printf '#!%s\necho\n' "$ELFDIR/sdtargs-gcc-O2" > "$T_TMP/script"
chmod +x "$T_TMP/script"
expect shebang 0 "process(\"@ELF@/sdtargs-gcc-O2\").mark(\"noargs\")" \
	-l "process(\"$T_TMP/script\").mark(\"noargs\")"
printf '#!/usr/bin/env sdtargs-gcc-O3\n' > "$T_TMP/envscript"
chmod +x "$T_TMP/envscript"
( PATH="$ELFDIR:$PATH" "$UTAP" -l "process(\"$T_TMP/envscript\").mark(\"noargs\")" \
	| sed "s|$REAL|@ELF@|g" > "$T_TMP/env.out" )
echo 'process("@ELF@/sdtargs-gcc-O3").mark("noargs")' > "$T_TMP/env.want"
t_cmp shebang-env "$T_TMP/env.want" "$T_TMP/env.out"

# --- failures: stap prints nothing in listing mode below -vv, and exits 1 ----------------
expect missing 1 "" -l 'process("utap-no-such-program").mark("x")'
[ -s "$T_TMP/missing.err" ] && t_fail missing-quiet "$(cat "$T_TMP/missing.err")" || t_pass missing-quiet
expect missing-abs 1 "" -l 'process("/nonexistent/prog").mark("x")'
expect nomatch 1 "" -l "$P.mark(\"nosuchmark\")"
expect nomatch-provider 1 "" -l "$P.provider(\"nope\").mark(\"*\")"
expect optional-missing 1 "" -l 'process("utap-no-such-program").mark("x")?'
# stap's listing status is "no probe derived" (main.cxx): a failing point among good ones
# is not an error
expect one-bad-point 0 "process(\"@ELF@/sdtargs-gcc-O2\").mark(\"noargs\")" \
	-l "$P.mark(\"noargs\"), process(\"utap-nope\").mark(\"x\")"
expect optional-ok 0 "process(\"@ELF@/sdtargs-gcc-O2\").mark(\"noargs\")" \
	-l "$P.mark(\"noargs\"), process(\"utap-nope\").mark(\"x\")?"
expect not-elf 1 "" -l "process(\"$TOP/tests/check-elf.sh\").mark(\"x\")"
run missing-vv 1 -vv -l 'process("utap-no-such-program").mark("x")'
# -vv also shows "Searched:" lines and each error's "thrown from:" site, as stap does
grep -qx "semantic error: while resolving probe point: identifier 'process' at <input>:1:7" \
	"$T_TMP/missing-vv.err" && grep -qx "semantic error: cannot find executable 'utap-no-such-program'" \
	"$T_TMP/missing-vv.err" && t_pass missing-vv-text || t_fail missing-vv-text "$(cat "$T_TMP/missing-vv.err")"
run nomatch-vv 1 -vv -l "$P.mark(\"twelf\")"
grep -q "^semantic error: no match (similar marks: twelve, " "$T_TMP/nomatch-vv.err" &&
	t_pass nomatch-vv-text || t_fail nomatch-vv-text "$(cat "$T_TMP/nomatch-vv.err")"
# every probe family lists through the semantic pass
expect begin-listed 0 "begin" -l 'begin'

# --- the note reader against readelf -n -----------------------------------------------------
# readelf_notes FILES...: the same lines sdtdump prints, from readelf's text
readelf_notes() {
	readelf -n "$@" 2>/dev/null | awk -v first="$1" '
		BEGIN { print "FILE " first }
		/^File: / { f = substr($0, 7); if (f != first) print "FILE " f; next }
		/^ *Provider: / { prov = $2; next }
		/^ *Name: / { name = $2; next }
		/^ *Location: / { loc = $2; sub(/,$/, "", loc); base = $4; sub(/,$/, "", base);
			sema = $6; next }
		/^ *Arguments:/ { a = $0; sub(/^ *Arguments: ?/, "", a);
			print prov " " name " " loc " " base " " sema " " a }'
}

crosscheck() {
	local name=$1
	shift
	[ $# -gt 0 ] || { t_skip "$name" "no files"; return; }
	"$DUMP" "$@" | grep -v '^ERROR' > "$T_TMP/$name.ours"
	# only the files our reader accepted (readelf also rejects the others)
	local files
	files=$(sed -n 's/^FILE //p' "$T_TMP/$name.ours")
	# shellcheck disable=SC2086
	readelf_notes $files > "$T_TMP/$name.readelf"
	t_cmp "$name" "$T_TMP/$name.readelf" "$T_TMP/$name.ours"
	local n
	n=$(grep -vc '^FILE' "$T_TMP/$name.ours")
	[ -n "${VERBOSE:-}" ] && echo "  $name: $(echo "$files" | wc -l) files, $n notes"
	return 0
}

crosscheck readelf-targets "$ELFDIR"/sdtargs-* "$ELFDIR"/libsdt-*.so $( [ -e "$ELFDIR/sdt32" ] && echo "$ELFDIR/sdt32")
# System files known to carry SDT notes on Debian 12, when installed, plus a sample of
# ordinary ones (count 0 must match too).
sys=()
for f in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/bin/python3.11 \
	/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0 /usr/lib/postgresql/15/bin/postgres \
	/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so /usr/bin/x86_64-linux-gnu-gcc-12 \
	/usr/bin/x86_64-linux-gnu-ld.gold /usr/lib/x86_64-linux-gnu/libc.so.6 \
	/usr/lib/x86_64-linux-gnu/libelf.so.1 /usr/bin/bash /bin/ls; do
	[ -f "$f" ] && sys+=("$(realpath "$f")")
done
crosscheck readelf-system "${sys[@]}"
mapfile -t sample < <(ls /usr/lib/x86_64-linux-gnu/*.so.* /usr/bin/* 2>/dev/null | awk 'NR % 7 == 0' | head -n 150)
crosscheck readelf-sample "${sample[@]}"

# every argument of every note in those files decodes (no "bad:")
"$DUMP" -a "$ELFDIR"/sdtargs-* "$ELFDIR"/libsdt-*.so "${sys[@]}" | grep -B1 ' bad: ' > "$T_TMP/bad.txt"
if [ -s "$T_TMP/bad.txt" ]; then t_fail all-args-decode "$(head -n 6 "$T_TMP/bad.txt")"
else t_pass all-args-decode; fi

t_done
