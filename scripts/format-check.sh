#!/bin/sh
# SPDX-License-Identifier: MIT
# `make format-check`: runs clang-format (the repository's .clang-format) in dry-run mode
# over the C sources of src/ include/ tests/unit/ examples/ and lists the files whose
# formatting differs, then their count. It never rewrites a file. Exits 1 when some file
# differs, 0 when none does, 0 with a note when clang-format is missing (CI runs it as an
# informational step). CLANG_FORMAT=clang-format-14 picks another binary.
cd "$(dirname "$0")/.." || exit 2
cf=${CLANG_FORMAT:-clang-format}
if ! command -v "$cf" > /dev/null 2>&1; then
	echo "format-check: $cf not found, nothing checked"
	exit 0
fi
files=$(find src include tests/unit examples -name '*.[ch]' 2>/dev/null | sort)
total=$(printf '%s\n' "$files" | grep -c .)
# one warning per differing place, "FILE:LINE:COL: warning: code should be clang-formatted"
bad=$(printf '%s\n' "$files" | xargs "$cf" --dry-run 2>&1 |
	sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning: code should be clang-formatted.*/\1/p' |
	sort | uniq -c)
if [ -z "$bad" ]; then
	echo "format-check: all $total files match .clang-format ($("$cf" --version | head -n 1))"
	exit 0
fi
printf '%s\n' "$bad" | awk '{printf "  %-44s %d place%s\n", $2, $1, $1 == 1 ? "" : "s"}'
n=$(printf '%s\n' "$bad" | grep -c .)
echo "format-check: $n of $total files differ from .clang-format (run clang-format -i on them)"
exit 1
