#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make conformance`: runs both SystemTap 4.8 testsuite runners against utap (the pass-1..4
# batch suites by exit status, stap-testsuite.sh --sem; the exact-output groups,
# stap-exact.sh) and prints one table: passed/run and percentage per group, then the
# totals. The testsuite is read in place, never copied. -v also lists what failed.
#
#   tests/conformance/summary.sh [-v] [--utap PATH] TESTSUITE-DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
verbose=0 utap_args=()
while [ $# -gt 1 ]; do
	case $1 in
	-v) verbose=1 ;;
	--utap) utap_args=(--utap "$2"); shift ;;
	*) break ;;
	esac
	shift
done
ts=${1:?usage: summary.sh [-v] [--utap PATH] TESTSUITE-DIR}
[ -d "$ts/parseok" ] || { echo "conformance: $ts is not a SystemTap testsuite" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/utap-conf-sum.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$here/stap-testsuite.sh" --sem -v "${utap_args[@]}" "$ts" > "$tmp/batch" 2>&1
"$here/stap-exact.sh" -v "${utap_args[@]}" "$ts" > "$tmp/exact" 2>&1
exact_rc=$?

pct() { awk -v p="$1" -v r="$2" 'BEGIN { if (r > 0) printf "%5.1f%%", p * 100 / r; else printf "    -" }'; }
printf '%-9s %9s %7s\n' group passed pct
tp=0 tr=0
while read -r g p r; do
	printf '%-9s %4d/%-4d %s\n' "$g" "$p" "$r" "$(pct "$p" "$r")"
	tp=$((tp + p)) tr=$((tr + r))
done < <(
	sed -n 's|^\([a-z]*\) *\([0-9]*\)/\([0-9]*\) *passed.*|\1 \2 \3|p' "$tmp/batch" | grep -v '^total'
	sed -n 's|^systemtap\.\([a-z]*\): \([0-9]*\) passed, \([0-9]*\) failed$|\1 \2 \3|p' "$tmp/exact" |
		awk '!seen[$0]++' | while read -r g p f; do echo "$g $p $((p + f))"; done
)
printf '%-9s %4d/%-4d %s\n' total "$tp" "$tr" "$(pct "$tp" "$tr")"
if [ $verbose = 1 ]; then
	echo
	grep -E '^  failed:' "$tmp/batch"
	grep -E '^FAIL' "$tmp/exact" | awk '!seen[$0]++'
fi
[ $exact_rc = 77 ] && echo "(exact-output groups skipped: expect is not installed)"
exit 0
