// SPDX-License-Identifier: MIT
/* aarch64 SDT operands as gcc prints them (bcc issue #3649, libbpf usdt.c): registers
 * x0..x30 / w0..w30 / sp, memory [reg], [reg, off], [reg, #off], [reg, reg], and bare
 * constants ("4@5", no '$'). Symbols do not appear in this syntax. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "target/arch_impl.h"

static const char *const a64_names[] = {
    "x0",  "x1",  "x2",	 "x3",	"x4",  "x5",  "x6",  "x7",  "x8",  "x9",  "x10",
    "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21",
    "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp",
};

const char *arch_a64_reg_name(int regno)
{
	if (regno < 0 || regno > ARCH_A64_SP)
		return NULL;
	return a64_names[regno];
}

/* reg -> ("x"|"w") 0..30 | "sp" | "wsp" ; returns chars consumed, 0 if none. */
static size_t parse_reg(const char *s, size_t len, int *regno, unsigned *bytes)
{
	if (len >= 2 && memcmp(s, "sp", 2) == 0) {
		*regno = ARCH_A64_SP;
		*bytes = 8;
		return 2;
	}
	if (len >= 3 && memcmp(s, "wsp", 3) == 0) {
		*regno = ARCH_A64_SP;
		*bytes = 4;
		return 3;
	}
	if (len < 2 || (s[0] != 'x' && s[0] != 'w'))
		return 0;
	size_t i = 1;
	int v = 0;
	while (i < len && i < 3 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (s[i++] - '0');
	if (i == 1 || v > 30)
		return 0;
	*regno = v;
	*bytes = s[0] == 'x' ? 8 : 4;
	return i;
}

/* mem -> "[" reg [ "," " "* ( ["#"] int | reg ) ] "]" */
static int parse_mem(const char *s, size_t len, struct sdt_arg *a)
{
	size_t i = 1;
	int r;
	unsigned w;
	size_t n = parse_reg(s + i, len - i, &r, &w);
	if (!n)
		return arch_bad(a, -EINVAL, "unrecognized operand '%.*s'", (int)len, s);
	i += n;
	a->kind = SDT_ARG_MEM;
	a->base = (int8_t)r;
	if (i < len && s[i] == ',') {
		i++;
		while (i < len && s[i] == ' ')
			i++;
		if (i < len && s[i] == '#')
			i++;
		int64_t d;
		if ((n = arch_parse_int(s + i, len - i, &d)) != 0) {
			a->disp = d;
		} else if ((n = parse_reg(s + i, len - i, &r, &w)) != 0) {
			a->index = (int8_t)r;
		} else {
			return arch_bad(a, -EINVAL, "unrecognized operand '%.*s'", (int)len, s);
		}
		i += n;
	}
	if (i + 1 != len || s[i] != ']')
		return arch_bad(a, -EINVAL, "unrecognized operand '%.*s'", (int)len, s);
	return 0;
}

/* operand -> reg | mem | ["#"] int */
int arch_a64_parse_operand(const char *s, size_t len, const struct elf_file *ef, struct sdt_arg *a)
{
	(void)ef;
	if (s[0] == '[')
		return parse_mem(s, len, a);
	int r;
	unsigned w;
	size_t n = parse_reg(s, len, &r, &w);
	if (n && n == len) {
		a->kind = SDT_ARG_REG;
		a->base = (int8_t)r;
		a->reg_bytes = (uint8_t)w;
		return 0;
	}
	size_t i = s[0] == '#' ? 1 : 0;
	int64_t v;
	n = arch_parse_int(s + i, len - i, &v);
	if (n && i + n == len) {
		a->kind = SDT_ARG_CONST;
		a->disp = v;
		return 0;
	}
	return arch_bad(a, -EINVAL, "unrecognized operand '%.*s'", (int)len, s);
}
