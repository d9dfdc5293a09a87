/* SPDX-License-Identifier: MIT */
/* Private interface between arch.c (size prefix, splitting, evaluation, formatting) and
 * the per-architecture operand parsers arch_<arch>.c. Not for other modules. */
#ifndef UTAP_TARGET_ARCH_IMPL_H
#define UTAP_TARGET_ARCH_IMPL_H

#include <stdarg.h>

#include "target/arch.h"

/* Parses the operand part (after "N@") of x86-64/i386 syntax into a, whose size fields
 * are already set. Returns 0 or -EINVAL/-ENOENT with a->kind = SDT_ARG_BAD. */
int arch_x86_parse_operand(const char *s, size_t len, const struct elf_file *ef, struct sdt_arg *a);
const char *arch_x86_reg_name(int regno);

/* The same for aarch64 (x0..x30, w0..w30, sp, [xN, #off], bare constants). */
int arch_a64_parse_operand(const char *s, size_t len, const struct elf_file *ef, struct sdt_arg *a);
const char *arch_a64_reg_name(int regno);

/* Marks a bad with a printf-style message; returns rc (negative errno). */
int arch_bad(struct sdt_arg *a, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Parses a GAS integer literal (decimal, 0x hex, 0 octal, optional leading '-') from
 * s[0..len); returns the number of characters consumed (0 = none). Wraps modulo 2^64. */
size_t arch_parse_int(const char *s, size_t len, int64_t *out);

/* Resolves symbol name[0..len) in ef into *addr (link-time). -ENOENT with a message. */
int arch_resolve_sym(const struct elf_file *ef, const char *name, size_t len, uint64_t *addr,
		     struct sdt_arg *a);

#endif
