/* SPDX-License-Identifier: MIT */
/* SDT argument operands: decode one note argument ("-4@-20(%rbp)", "8@sym+8(%rip)",
 * "-4@%fs:tv@tpoff", aarch64 "-4@[sp, 16]") into a small program, and evaluate that
 * program against a register file and a memory reader at a probe hit. Per-arch syntax
 * lives in arch_<arch>.c; this interface is the same for all of them.
 *
 * Ownership: struct sdt_arg is plain data (no pointers), safe to copy and keep.
 * Errors: a form that cannot be decoded gives kind SDT_ARG_BAD with a message in err; the
 * other arguments of the same probe are unaffected. int functions return 0 or -errno. */
#ifndef UTAP_TARGET_ARCH_H
#define UTAP_TARGET_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/elf.h"

/* Registers by DWARF number. x86-64: 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp,
 * 7 rsp, 8..15 r8..r15, 16 rip. aarch64: 0..30 x0..x30, 31 sp. i386 operands (%eax...)
 * use the x86-64 numbers of the same registers. */
enum {
	ARCH_X86_RAX = 0,
	ARCH_X86_RDX,
	ARCH_X86_RCX,
	ARCH_X86_RBX,
	ARCH_X86_RSI,
	ARCH_X86_RDI,
	ARCH_X86_RBP,
	ARCH_X86_RSP,
	ARCH_X86_R8,
	ARCH_X86_R9,
	ARCH_X86_R10,
	ARCH_X86_R11,
	ARCH_X86_R12,
	ARCH_X86_R13,
	ARCH_X86_R14,
	ARCH_X86_R15,
	ARCH_X86_RIP,
	ARCH_A64_SP = 31,
	ARCH_NREGS = 34,
};

#define ARCH_NOREG (-1)

/* The register file an argument is evaluated against. */
struct arch_regs {
	uint64_t r[ARCH_NREGS]; /* by DWARF number (above) */
	/* Run-time address of the probe site (note pc + load bias): NOT the trap-adjusted
	 * rip. An operand that names %rip without a symbol uses pc + 1, the address after
	 * the 1-byte nop at the site (sdt.h's `990: nop`), which is what %rip would hold in
	 * an instruction occupying the site. */
	uint64_t pc;
	uint64_t tp;	  /* thread pointer: fs_base on x86-64, tpidr_el0 on aarch64 */
	uint64_t gs_base; /* x86-64 %gs: base */
};

enum sdt_arg_kind {
	SDT_ARG_BAD = 0, /* cannot be evaluated; see err */
	SDT_ARG_CONST,	 /* value = disp */
	SDT_ARG_REG,	 /* value = register base (narrowed to reg_bytes / reg_high) */
	SDT_ARG_MEM,	 /* value = *(size bytes at the effective address) */
};

enum sdt_arg_seg { SDT_SEG_NONE = 0, SDT_SEG_FS, SDT_SEG_GS };

#define SDT_ARG_ERRLEN 96
#define SDT_MAX_ARGS 32

struct sdt_arg {
	enum sdt_arg_kind kind;
	uint8_t size;	   /* value width in bytes: 1, 2, 4 or 8. A 16-byte argument (long
			    * double, struct) is read as its low 8 bytes, unsigned; other sizes
			    * (3, 12, ...) are SDT_ARG_BAD. */
	uint8_t spec_size; /* size as written (0 when absent, 16 kept here) */
	bool is_signed;	   /* "-N@": sign-extend, else zero-extend */
	bool is_float;	   /* "Nf@": the value is the bit pattern of a float/double */
	bool has_size;	   /* false for asm-written probes: 8 bytes, unsigned (stap's V3 rule) */
	int8_t base;	   /* REG: the register; MEM: base register or ARCH_NOREG */
	int8_t index;	   /* MEM: index register or ARCH_NOREG */
	uint8_t scale;	   /* MEM: 1, 2, 4, 8 */
	uint8_t reg_bytes; /* REG: width of the register as named (%al 1, %ax 2, %eax 4) */
	bool reg_high;	   /* REG: %ah, %bh, %ch, %dh (bits 8..15) */
	bool reg_is_pc;	   /* REG: %rip: value is regs->pc + 1 */
	uint8_t seg;	   /* MEM: enum sdt_arg_seg: add regs->tp / gs_base */
	bool pc_rel;	   /* MEM: base is %rip with a plain number: address = pc + 1 + disp */
	bool biased;	   /* MEM: disp holds a link-time address (symbol): add the load bias */
	bool addr32;	   /* MEM: 32-bit address size (registers named %eax, %esp...) */
	int64_t disp;	   /* MEM: displacement incl. the resolved symbol; CONST: the value,
			    * already truncated to size and sign/zero-extended */
	char err[SDT_ARG_ERRLEN]; /* BAD: what is wrong, e.g. "symbol '.LCPI0_1' not found" */
};

/* Reads len bytes of target memory at addr into buf: 0 or -errno (-EFAULT, -ESRCH...). */
typedef int (*arch_read_mem_fn)(void *ctx, uint64_t addr, void *buf, size_t len);

/* Decodes one argument spec (len bytes, no surrounding spaces) of a note from a file of
 * e_machine `machine` (EM_X86_64, EM_386, EM_AARCH64). ef (may be NULL) resolves symbols:
 * `sym(%rip)`, `sym+8`, `%fs:sym@tpoff` (TLS offset from the executable's PT_TLS,
 * local-exec model). Always fills *out; returns 0, or -EINVAL when out->kind is
 * SDT_ARG_BAD (-ENOENT for an unknown symbol). */
int arch_parse_arg(int machine, const char *spec, size_t len, const struct elf_file *ef,
		   struct sdt_arg *out);
/* Splits a note's argument string and decodes each argument into out[0..max-1]. Returns
 * the number of arguments (which may exceed max; only max are filled), never fails:
 * bad arguments are SDT_ARG_BAD entries. The count equals sdt_count_args() for strings
 * with '@' sizes. */
int arch_parse_args(int machine, const char *args, const struct elf_file *ef, struct sdt_arg *out,
		    int max);

/* Evaluates a decoded argument. load_bias is added to symbol addresses. read_mem may be
 * NULL when the argument is known not to be MEM. Returns 0 with *out set (truncated to
 * size, then sign- or zero-extended), -EINVAL for SDT_ARG_BAD or a register outside the
 * file, or read_mem's error. */
int arch_eval_arg(const struct sdt_arg *a, const struct arch_regs *regs, uint64_t load_bias,
		  arch_read_mem_fn read_mem, void *ctx, int64_t *out);

/* The effective address of a SDT_ARG_MEM argument (for error messages naming the address,
 * or for backends that fetch memory themselves). 0, or -EINVAL for other kinds. */
int arch_arg_address(const struct sdt_arg *a, const struct arch_regs *regs, uint64_t load_bias,
		     uint64_t *out);

/* A stable text form of a decoded argument for tests and dumps, e.g.
 * "mem s4 [rbp-20]", "reg u8 rdi", "const s4 -1", "mem s8 [rip+0x4010*]" (* = biased),
 * "bad: <err>". Returns snprintf's result. */
int arch_format_arg(int machine, const struct sdt_arg *a, char *buf, size_t len);
/* Name of DWARF register regno for machine ("rax", "x3", "sp"), or NULL. */
const char *arch_reg_name(int machine, int regno);

/* Truncates v to size bytes and sign- or zero-extends it back to 64 bits. */
int64_t arch_extend(uint64_t v, unsigned size, bool is_signed);

#if defined(__x86_64__)
struct user_regs_struct;
/* Fills an arch_regs from ptrace's PTRACE_GETREGS layout; pc is the probe site address. */
void arch_regs_from_user(struct arch_regs *out, const struct user_regs_struct *in, uint64_t pc);
#endif

#endif
