#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The architecture rule of style.md §1, checked on the #include lines of src/: data flows
# one way and no stage includes a later stage's headers. The order, as the code is built:
#   util < elf < lang < sema < comp < vm = rt < target < run < cli,   util < dtrace < cli
# (elf is a leaf library that sema, rt and target use; vm and rt are one layer: the VM
# calls the built-ins, the built-ins use the VM's thread state). Also: the VM and the
# runtime never include src/target/ or ptrace headers (they see only struct probe_ctx),
# and src/target/ sees only vm/probe_ctx.h of the VM. A new src/ directory must be added
# to the order below. Known exceptions are listed in ALLOW, each with its reason.
. "$(dirname "$0")/lib.sh"

declare -A RANK=([util]=0 [elf]=1 [lang]=2 [dtrace]=2 [sema]=3 [comp]=4 [vm]=5 [rt]=5
	[target]=6 [run]=7 [cli]=8)
# stages of equal rank that must still not include each other
declare -A APART=([lang:dtrace]=1 [dtrace:lang]=1)
# "FILE -> HEADER": the X-macro table of built-ins is owned by the runtime but is the one
# list that sema (signatures) and the compiler (call opcodes) are generated from too.
ALLOW=(
	"src/sema/program.c -> rt/builtins.def"
	"src/comp/bytecode.c -> rt/builtins.def"
	"src/comp/disasm.c -> rt/builtins.def"
)

allowed() {
	local a
	for a in "${ALLOW[@]}"; do [ "$a" = "$1" ] && return 0; done
	return 1
}

# FILE:LINE:DIR/HEADER for every quoted include of src/
includes=$(grep -Hn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$TOP"/src/*/*.[ch] \
	"$TOP"/src/*/*.def 2>/dev/null | sed "s|^$TOP/||" |
	sed -n 's|^\([^:]*\):\([0-9]*\):[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*|\1:\2:\3|p')
[ -n "$includes" ] && t_pass layers-read || t_fail layers-read "no #include lines found"

declare -A BAD
exceptions=""
for dir in "$TOP"/src/*/; do
	d=$(basename "$dir")
	if [ -z "${RANK[$d]+x}" ]; then
		t_fail "layers-known-$d" "src/$d is not in the stage order of $(basename "$0")"
		continue
	fi
	BAD[$d]=""
done
while IFS=: read -r file line hdr; do
	[ -n "$file" ] || continue
	from=${file#src/}
	from=${from%%/*}
	to=${hdr%%/*}
	[ "$to" = "$hdr" ] && { BAD[$from]+=" $file:$line includes \"$hdr\" without a stage dir;"; continue; }
	[ "$from" = "$to" ] && continue
	[ -n "${RANK[$from]+x}" ] || continue
	if [ -z "${RANK[$to]+x}" ]; then
		BAD[$from]+=" $file:$line includes unknown stage \"$hdr\";"
	elif [ "${RANK[$to]}" -gt "${RANK[$from]}" ] || [ -n "${APART[$from:$to]+x}" ]; then
		if allowed "$file -> $hdr"; then
			exceptions+="    $file:$line -> $hdr"$'\n'
		else
			BAD[$from]+=" $file:$line includes later stage \"$hdr\";"
		fi
	elif [ "$from" = target ] && [ "$to" = vm ] && [ "$hdr" != vm/probe_ctx.h ]; then
		BAD[$from]+=" $file:$line: the backend may see only vm/probe_ctx.h, not \"$hdr\";"
	fi
done <<< "$includes"

for d in $(printf '%s\n' "${!BAD[@]}" | sort); do
	[ -z "${BAD[$d]}" ] && t_pass "layers-$d" || t_fail "layers-$d" "${BAD[$d]}"
done

# the VM and the runtime know nothing of ptrace or of the backend
vmrt=$(grep -Hn -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](sys/ptrace\.h|linux/ptrace\.h|sys/user\.h|sys/wait\.h|target/)' \
	"$TOP"/src/vm/* "$TOP"/src/rt/* 2>/dev/null | sed "s|^$TOP/||")
[ -z "$vmrt" ] && t_pass layers-vm-no-ptrace || t_fail layers-vm-no-ptrace "$vmrt"
calls=$(grep -Hn -E '\<(ptrace|waitpid|PTRACE_[A-Z]+)\>' "$TOP"/src/vm/*.[ch] "$TOP"/src/rt/*.[ch] 2>/dev/null |
	grep -v -E ':[0-9]+:[[:space:]]*(/\*|\*|//|#[[:space:]]*include)' | sed "s|^$TOP/||")
[ -z "$calls" ] && t_pass layers-vm-no-ptrace-calls || t_fail layers-vm-no-ptrace-calls "$calls"

if [ -n "$exceptions" ] && [ -n "${VERBOSE:-}" ]; then
	printf '  known exceptions:\n%s' "$exceptions"
fi
t_done
