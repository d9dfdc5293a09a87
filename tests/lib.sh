# SPDX-License-Identifier: MIT
# Shared helpers for tests/check-*.sh suites. Source it, call t_pass/t_fail/t_skip per
# case, and end with t_done. Each suite prints "<suite>: N passed, N failed, N skipped".
# BUILD (absolute) points at the build directory; UTAP_GOLDEN_UPDATE=1 rewrites goldens.
: "${BUILD:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build}"
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
T_SUITE=${T_SUITE:-$(basename "$0" .sh)}
T_PASS=0 T_FAIL=0 T_SKIP=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/utap-test.XXXXXX")
# Only the suite's own shell removes it: a forked child that a signal hits before it has
# dropped the inherited trap runs it too ($BASHPID is not reliable there, /proc/self is).
trap 'read -r T_ME _ < /proc/self/stat; [ "$T_ME" = $$ ] && rm -rf "$T_TMP"' EXIT

t_pass() { T_PASS=$((T_PASS + 1)); [ -n "${VERBOSE:-}" ] && echo "  ok   $1"; return 0; }
t_fail() { T_FAIL=$((T_FAIL + 1)); echo "  FAIL $1${2:+: $2}"; return 0; }
t_skip() { T_SKIP=$((T_SKIP + 1)); [ -n "${VERBOSE:-}" ] && echo "  skip $1${2:+: $2}"; return 0; }

# t_cmp NAME EXPECTED-FILE ACTUAL-FILE: pass when identical; shows a diff otherwise;
# with UTAP_GOLDEN_UPDATE=1 the expected file is rewritten instead.
t_cmp() {
	if [ -n "${UTAP_GOLDEN_UPDATE:-}" ] && ! cmp -s "$2" "$3"; then
		cp "$3" "$2"; echo "  updated $2"; t_pass "$1"; return 0
	fi
	if cmp -s "$2" "$3"; then t_pass "$1"; else
		t_fail "$1"; diff -u "$2" "$3" | head -n 30; fi
}

t_done() {
	echo "$T_SUITE: $T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
	[ -n "${UTAP_RESULTS:-}" ] && echo "$T_SUITE $T_PASS $T_FAIL $T_SKIP" >> "$UTAP_RESULTS"
	[ "$T_FAIL" -eq 0 ]
}
