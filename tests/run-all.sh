#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every unit test (build/tests/unit/test_*) and every tests/check-*.sh suite, then
# prints one closing line "N passed, N failed". `run-all.sh unit` runs the unit tests only;
# `run-all.sh NAME...` runs the named suites (check-NAME.sh).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
: "${BUILD:=$TOP/build}"
export BUILD
UTAP_RESULTS=$(mktemp)
export UTAP_RESULTS
trap 'rm -f "$UTAP_RESULTS"' EXIT
status=0

run_unit() {
	for t in "$BUILD"/tests/unit/test_*; do
		[ -x "$t" ] || continue
		out=$("$t" 2>&1); rc=$?
		line=$(printf '%s\n' "$out" | tail -n 1)
		p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
		f=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
		if [ $rc -ne 0 ] || [ -z "$p" ]; then
			printf '%s\n' "$out"; status=1
			echo "$(basename "$t") ${p:-0} ${f:-1} 0" >> "$UTAP_RESULTS"
		else
			echo "$line"
			echo "$(basename "$t") $p $f 0" >> "$UTAP_RESULTS"
		fi
	done
}

if [ $# -eq 0 ] || [ "$1" = unit ]; then run_unit; fi
if [ "${1:-}" != unit ]; then
	if [ $# -eq 0 ]; then suites=$(ls "$TOP"/tests/check-*.sh 2>/dev/null)
	else suites=$(for s in "$@"; do echo "$TOP/tests/check-$s.sh"; done); fi
	for s in $suites; do
		bash "$s" || status=1
	done
fi

awk '{p+=$2; f+=$3; s+=$4} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' "$UTAP_RESULTS"
exit $status
