/* SPDX-License-Identifier: MIT */
/* Probe-discovery test target: SDT probes written in assembly, whose arguments carry no
 * size prefix ("%rdi 8(%rsp)", "$42"): stap reads them as 8-byte unsigned values. */
#include <sys/sdt.h>
	.text
	.globl asm_probe
	.type asm_probe, @function
asm_probe:
	STAP_PROBE2(tgtasm, two, %rdi, 8(%rsp))
	STAP_PROBE1(tgtasm, imm, $42)
	ret
	.size asm_probe, .-asm_probe
	.section .note.GNU-stack,"",@progbits
