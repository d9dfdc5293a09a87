#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make install` into a temporary DESTDIR with a temporary PREFIX, then use only the
# installed tree: utap finds its installed tapsets (an alias, a global, a function and a
# macro from them), a program built with `pkg-config --cflags utap`, the installed header
# and the installed utap-dtrace (also through the share/utap/bin/dtrace link) has its
# probes listed and traced by the installed utap; the man pages render without warnings
# and document every option the programs accept; `make uninstall` removes it all.
. "$(dirname "$0")/lib.sh"

D=$T_TMP/dest
PFX=/opt/utap-check-$$
ROOT=$D$PFX
MAKE_ARGS=(-s --no-print-directory -C "$TOP" BUILD="$BUILD" PREFIX="$PFX" DESTDIR="$D")

# install-files is `make install` without the build step: $BUILD is already built (by
# `make check`), and a rebuild here could mix flags into an ASan build directory.
if make "${MAKE_ARGS[@]}" install-files > "$T_TMP/install.log" 2>&1; then
	t_pass install-runs
else
	t_fail install-runs "$(tail -n 5 "$T_TMP/install.log")"; t_done; exit $?
fi

# ---- the layout ---------------------------------------------------------------------------
for f in bin/utap bin/utap-dtrace; do
	[ -x "$ROOT/$f" ] && t_pass "layout-$f" || t_fail "layout-$f" "missing or not executable"
done
for f in include/utap/sdt.h lib/pkgconfig/utap.pc share/man/man1/utap.1 \
	share/man/man1/utap-dtrace.1 share/man/man7/utap-tapsets.7; do
	[ -f "$ROOT/$f" ] && t_pass "layout-$f" || t_fail "layout-$f" missing
done
for f in "$TOP"/tapset/*; do
	cmp -s "$f" "$ROOT/share/utap/tapset/$(basename "$f")" &&
		t_pass "layout-tapset-$(basename "$f")" || t_fail "layout-tapset-$(basename "$f")"
done
link=$ROOT/share/utap/bin/dtrace
if [ -L "$link" ] && [ "$(readlink -f "$link")" = "$(readlink -f "$ROOT/bin/utap-dtrace")" ]; then
	t_pass layout-dtrace-link
else
	t_fail layout-dtrace-link "$(ls -l "$link" 2>&1)"
fi

# Run everything from outside the source tree, with no tapset variables set.
cd "$T_TMP" || exit 1
unset SYSTEMTAP_TAPSET UTAP_TAPSET
UTAP=$ROOT/bin/utap

# ---- the installed utap finds the installed tapsets ----------------------------------------
"$UTAP" -vv -p2 -e 'probe oneshot { }' > /dev/null 2> "$T_TMP/vv.err"
dirs=$(sed -n 's/^Searched: "\(.*\)", found: [1-9].*/\1/p' "$T_TMP/vv.err")
if [ -n "$dirs" ] && [ "$(readlink -f "$dirs")" = "$(readlink -f "$ROOT/share/utap/tapset")" ]; then
	t_pass tapset-dir
else
	t_fail tapset-dir "$(grep Searched "$T_TMP/vv.err")"
fi
"$UTAP" -e 'probe oneshot {
	printf("argc=%d argv[2]=%s null=%d\n", argc, argv[2], NULL)
	@try_assign(x, 10 / (argc - 2), -1)
	printf("x=%d qs=%d\n", x, qs_time() > 0)
}' first second > "$T_TMP/ts.out" 2> "$T_TMP/ts.err"
printf 'argc=2 argv[2]=second null=0\nx=-1 qs=1\n' > "$T_TMP/ts.exp"
t_cmp tapset-use "$T_TMP/ts.exp" "$T_TMP/ts.out"
[ -s "$T_TMP/ts.err" ] && echo "    stderr: $(head -c 300 "$T_TMP/ts.err")"

# ---- a program built against the installed header, pkg-config file and utap-dtrace --------
export PKG_CONFIG_PATH=$ROOT/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$D
cflags=$(echo $(pkg-config --cflags utap 2>&1))
[ "$cflags" = "-I$ROOT/include" ] && t_pass pkgconfig-cflags || t_fail pkgconfig-cflags "$cflags"
dtdir=$(pkg-config --variable=dtracedir utap)
case $dtdir in "$D"/*) ;; *) dtdir=$D$dtdir ;; esac # pkgconf applies the sysroot, pkg-config not
[ "$dtdir" = "$ROOT/share/utap/bin" ] && t_pass pkgconfig-dtracedir ||
	t_fail pkgconfig-dtracedir "$dtdir"

cat > app.d <<-'EOF'
	provider app {
		probe start(int count);
		probe item(int i, const char *name);
	};
EOF
cat > app.c <<-'EOF'
	#include <stdio.h>
	#include "app.h"
	int main(void)
	{
		APP_START(3);
		for (int i = 0; i < 3; i++)
			if (APP_ITEM_ENABLED())
				APP_ITEM(i, "item");
		puts("done");
		return 0;
	}
EOF
[ "$(PATH="$dtdir:$PATH" command -v dtrace)" = "$dtdir/dtrace" ] && t_pass dtrace-on-path ||
	t_fail dtrace-on-path "$(PATH="$dtdir:$PATH" command -v dtrace)"
# -h through the installed binary, -G through the `dtrace` link as a build system would
if "$ROOT/bin/utap-dtrace" -h -s app.d -o app.h && PATH="$dtdir:$PATH" dtrace -G -s app.d -o app-probes.o &&
	cc $cflags -o app app.c app-probes.o 2> "$T_TMP/cc.err" && grep -q 'utap/sdt.h' app.h; then
	t_pass build-app
else
	t_fail build-app "$(head -c 400 "$T_TMP/cc.err")"
fi
"$UTAP" -l 'process("./app").mark("*")' > list.out 2>&1
printf 'process("%s").mark("item")\nprocess("%s").mark("start")\n' "$T_TMP/app" "$T_TMP/app" > list.exp
t_cmp list-probes list.exp list.out
"$UTAP" -c ./app -e 'probe process.mark("start") { printf("start %d\n", $arg1) }
probe process.mark("item") { printf("%s %d\n", user_string($arg2), $arg1) }' > trace.out 2>&1
printf 'done\nstart 3\nitem 0\nitem 1\nitem 2\n' > trace.exp
sort trace.out | diff -q - <(sort trace.exp) > /dev/null && t_pass trace-app ||
	{ t_fail trace-app; diff -u trace.exp trace.out | head -n 20; }

# ---- man pages: render cleanly, document every option --------------------------------------
if command -v groff > /dev/null; then
	for m in "$ROOT"/share/man/man*/*; do
		n=$(basename "$m")
		warn=$(groff -man -ww -z "$m" 2>&1; groff -man -ww -Tutf8 "$m" 2>&1 > /dev/null)
		[ -z "$warn" ] && t_pass "man-render-$n" || t_fail "man-render-$n" "$warn"
	done
	if command -v man > /dev/null; then
		out=$(MANPATH="$ROOT/share/man" man -w utap-tapsets 2>&1)
		[ "$out" = "$ROOT/share/man/man7/utap-tapsets.7" ] && t_pass man-path ||
			t_fail man-path "$out"
	fi
else
	t_skip man-render "no groff"
fi

# every option letter and long option of src/cli/opts.c appears in utap(1) as \-X / \-\-name
man1=$ROOT/share/man/man1/utap.1
short=$(sed -n 's/.*getopt_long(argc, argv, "\([^"]*\)".*/\1/p' "$TOP/src/cli/opts.c" | tr -d :)
long=$(sed -n 's/^\t{"\([a-z-]*\)", [a-z_]*, NULL, LONG_.*/\1/p' "$TOP/src/cli/opts.c")
missing=""
[ -n "$short" ] && [ -n "$long" ] || missing="(could not read the options of opts.c)"
for ((i = 0; i < ${#short}; i++)); do
	grep -q "\\\\-${short:i:1}\\b" "$man1" || missing="$missing -${short:i:1}"
done
for l in $long; do
	grep -qF -- "\\-\\-$(echo "$l" | sed 's/-/\\-/g')" "$man1" || missing="$missing --$l"
done
[ -z "$missing" ] && t_pass man-utap-options || t_fail man-utap-options "not in utap.1:$missing"

# every option in utap-dtrace --help appears in utap-dtrace(1)
man1=$ROOT/share/man/man1/utap-dtrace.1
missing=""
for o in $("$ROOT/bin/utap-dtrace" --help | grep -o -- '--\?[A-Za-z][A-Za-z0-9-]*' | sort -u); do
	grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" "$man1" || missing="$missing $o"
done
[ -z "$missing" ] && t_pass man-dtrace-options || t_fail man-dtrace-options "not in utap-dtrace.1:$missing"

# ---- uninstall ------------------------------------------------------------------------------
make "${MAKE_ARGS[@]}" uninstall > "$T_TMP/uninstall.log" 2>&1
left=$(find "$ROOT" -type f -o -type l 2>/dev/null)
[ -z "$left" ] && t_pass uninstall || t_fail uninstall "left: $left"

t_done
