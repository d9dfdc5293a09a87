// SPDX-License-Identifier: MIT
/* The architecture-neutral half of SDT argument handling: the "[-]N[f]@" size prefix,
 * splitting a note's argument string, evaluating a decoded argument against registers
 * and memory, and a text form for tests. Operand syntax is parsed by arch_<arch>.c. */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "target/arch_impl.h"
#include "util/strbuf.h"

int arch_bad(struct sdt_arg *a, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->err, sizeof(a->err), fmt, ap);
	va_end(ap);
	a->kind = SDT_ARG_BAD;
	return rc;
}

int64_t arch_extend(uint64_t v, unsigned size, bool is_signed)
{
	if (size >= 8)
		return (int64_t)v;
	unsigned shift = 64 - 8 * size;
	if (is_signed)
		return (int64_t)(v << shift) >> shift;
	return (int64_t)((v << shift) >> shift);
}

size_t arch_parse_int(const char *s, size_t len, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	unsigned base = 10;
	size_t start = i;
	if (len - i >= 3 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
		start = i;
	} else if (len - i >= 2 && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '7') {
		base = 8;
	}
	uint64_t v = 0;
	for (; i < len; i++) {
		unsigned d;
		char c = s[i];
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	if (i == start)
		return 0;
	*out = (int64_t)(neg ? 0 - v : v);
	return i;
}

int arch_resolve_sym(const struct elf_file *ef, const char *name, size_t len, uint64_t *addr,
		     struct sdt_arg *a)
{
	char buf[256];
	if (len >= sizeof(buf))
		return arch_bad(a, -EINVAL, "symbol name too long");
	memcpy(buf, name, len);
	buf[len] = '\0';
	struct elf_sym sym;
	if (!ef || elf_file_sym_by_name(ef, buf, &sym) != 0 || sym.shndx == SHN_UNDEF)
		return arch_bad(a, -ENOENT, "symbol '%.64s' not found", buf);
	*addr = sym.value;
	return 0;
}

/* size := ["-"] digits ["f"] "@" — absent for asm-written probes (8 bytes, unsigned). */
static size_t parse_size(const char *s, size_t len, struct sdt_arg *a)
{
	size_t i = 0;
	bool neg = false;
	if (i < len && s[i] == '-')
		neg = true, i++;
	size_t d0 = i;
	unsigned v = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9' && i - d0 < 4)
		v = v * 10 + (unsigned)(s[i++] - '0');
	if (i == d0)
		return 0;
	bool f = false;
	if (i < len && s[i] == 'f')
		f = true, i++;
	if (i >= len || s[i] != '@')
		return 0;
	a->has_size = true;
	a->is_signed = neg;
	a->is_float = f;
	a->spec_size = (uint8_t)(v > 255 ? 255 : v);
	return i + 1;
}

static int check_size(struct sdt_arg *a)
{
	switch (a->spec_size) {
	case 1:
	case 2:
	case 4:
	case 8:
		a->size = a->spec_size;
		return 0;
	case 16:
		a->size = 8;
		a->is_signed = false;
		return 0;
	default:
		return arch_bad(a, -EINVAL, "unsupported argument size %u", a->spec_size);
	}
}

int arch_parse_arg(int machine, const char *spec, size_t len, const struct elf_file *ef,
		   struct sdt_arg *out)
{
	*out = (struct sdt_arg){.base = ARCH_NOREG, .index = ARCH_NOREG, .scale = 1, .size = 8};
	size_t n = parse_size(spec, len, out);
	if (n) {
		int rc = check_size(out);
		if (rc)
			return rc;
	}
	spec += n;
	len -= n;
	if (len == 0)
		return arch_bad(out, -EINVAL, "empty operand");
	int rc;
	switch (machine) {
	case EM_X86_64:
	case EM_386:
		rc = arch_x86_parse_operand(spec, len, ef, out);
		break;
	case EM_AARCH64:
		rc = arch_a64_parse_operand(spec, len, ef, out);
		break;
	default:
		return arch_bad(out, -EINVAL, "unsupported machine %d", machine);
	}
	if (rc == 0 && out->kind == SDT_ARG_CONST && !out->biased)
		out->disp = arch_extend((uint64_t)out->disp, out->size, out->is_signed);
	return rc;
}

/* Does s[0..len) start a new argument, i.e. look like "[-]digits[f]@"? */
static bool starts_sized(const char *s, size_t len)
{
	struct sdt_arg tmp = {0};
	return parse_size(s, len, &tmp) != 0;
}

int arch_parse_args(int machine, const char *args, const struct elf_file *ef, struct sdt_arg *out,
		    int max)
{
	bool sized = strchr(args, '@') != NULL;
	int n = 0;
	const char *p = args;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		/* An argument ends at a space that starts another argument; aarch64 writes
		 * "[x1, 8]" with a space inside one operand. */
		const char *e = p;
		for (;;) {
			while (*e && *e != ' ')
				e++;
			if (!*e || !sized)
				break;
			const char *q = e;
			while (*q == ' ')
				q++;
			if (!*q || starts_sized(q, strlen(q)))
				break;
			e = q;
		}
		if (n < max)
			arch_parse_arg(machine, p, (size_t)(e - p), ef, &out[n]);
		n++;
		p = e;
	}
	return n;
}

static int read_value(const struct sdt_arg *a, uint64_t addr, arch_read_mem_fn read_mem, void *ctx,
		      uint64_t *v)
{
	if (!read_mem)
		return -EINVAL;
	unsigned char buf[8] = {0};
	int rc = read_mem(ctx, addr, buf, a->size);
	if (rc)
		return rc;
	*v = 0;
	for (unsigned i = 0; i < a->size; i++) /* little-endian targets only */
		*v |= (uint64_t)buf[i] << (8 * i);
	return 0;
}

static uint64_t reg_value(const struct arch_regs *regs, int r)
{
	return regs->r[r];
}

static bool reg_ok(int r)
{
	return r >= 0 && r < ARCH_NREGS;
}

int arch_arg_address(const struct sdt_arg *a, const struct arch_regs *regs, uint64_t load_bias,
		     uint64_t *out)
{
	if (a->kind != SDT_ARG_MEM)
		return -EINVAL;
	uint64_t addr = (uint64_t)a->disp;
	if (a->biased)
		addr += load_bias;
	if (a->pc_rel)
		addr += regs->pc + 1; /* %rip: the address after the 1-byte nop at the site */
	if (a->base != ARCH_NOREG) {
		if (!reg_ok(a->base))
			return -EINVAL;
		addr += reg_value(regs, a->base);
	}
	if (a->index != ARCH_NOREG) {
		if (!reg_ok(a->index))
			return -EINVAL;
		addr += reg_value(regs, a->index) * a->scale;
	}
	if (a->addr32)
		addr &= 0xffffffffu;
	if (a->seg == SDT_SEG_FS)
		addr += regs->tp;
	else if (a->seg == SDT_SEG_GS)
		addr += regs->gs_base;
	*out = addr;
	return 0;
}

static int eval_reg(const struct sdt_arg *a, const struct arch_regs *regs, int64_t *out)
{
	if (!reg_ok(a->base))
		return -EINVAL;
	/* %rip: the address after the 1-byte nop at the site */
	uint64_t v = a->reg_is_pc ? regs->pc + 1 : reg_value(regs, a->base);
	unsigned w = a->size;
	if (a->reg_high) {
		v = (v >> 8) & 0xff;
		w = 1;
	} else if (a->reg_bytes && a->reg_bytes < w) {
		w = a->reg_bytes; /* stap: value masked to the register's width first */
	}
	*out = arch_extend(v, w, a->is_signed);
	return 0;
}

int arch_eval_arg(const struct sdt_arg *a, const struct arch_regs *regs, uint64_t load_bias,
		  arch_read_mem_fn read_mem, void *ctx, int64_t *out)
{
	if (a->size == 0 || a->size > 8)
		return -EINVAL;
	uint64_t v, addr;
	int rc;
	switch (a->kind) {
	case SDT_ARG_CONST:
		/* "$sym" (only with a "g"-style constraint): the symbol's run-time address */
		*out = a->biased ? arch_extend((uint64_t)a->disp + load_bias, a->size, a->is_signed)
				 : a->disp;
		return 0;
	case SDT_ARG_REG:
		return eval_reg(a, regs, out);
	case SDT_ARG_MEM:
		rc = arch_arg_address(a, regs, load_bias, &addr);
		if (rc == 0)
			rc = read_value(a, addr, read_mem, ctx, &v);
		if (rc)
			return rc;
		*out = arch_extend(v, a->size, a->is_signed);
		return 0;
	case SDT_ARG_BAD:
	default:
		return -EINVAL;
	}
}

const char *arch_reg_name(int machine, int regno)
{
	if (machine == EM_AARCH64)
		return arch_a64_reg_name(regno);
	if (machine == EM_X86_64 || machine == EM_386)
		return arch_x86_reg_name(regno);
	return NULL;
}

static const char *rn(int machine, int r)
{
	const char *s = arch_reg_name(machine, r);
	return s ? s : "?";
}

/* "[fs:]" "[" pc+1 + base + index*scale + disp "]" ["32"]; a '*' marks a biased disp. */
static void format_mem(int machine, const struct sdt_arg *a, struct strbuf *sb)
{
	static const char *const segs[] = {"", "fs:", "gs:"};
	sb_printf(sb, "%s[", segs[a->seg % 3]);
	const char *sep = "";
	if (a->pc_rel) {
		sb_adds(sb, "pc+1");
		sep = "+";
	}
	if (a->base != ARCH_NOREG) {
		sb_printf(sb, "%s%s", sep, rn(machine, a->base));
		sep = "+";
	}
	if (a->index != ARCH_NOREG) {
		sb_printf(sb, "%s%s*%u", sep, rn(machine, a->index), a->scale);
		sep = "+";
	}
	if (a->biased)
		sb_printf(sb, "%s%#llx*", sep, (unsigned long long)a->disp);
	else if (a->disp < 0 && *sep)
		sb_printf(sb, "-%llu", 0ULL - (unsigned long long)a->disp);
	else if (a->disp || !*sep)
		sb_printf(sb, "%s%lld", sep, (long long)a->disp);
	sb_printf(sb, "]%s", a->addr32 ? "32" : "");
}

int arch_format_arg(int machine, const struct sdt_arg *a, char *buf, size_t len)
{
	char ty[8];
	snprintf(ty, sizeof(ty), "%c%u%s", a->is_signed ? 's' : 'u', a->size,
		 a->is_float ? "f" : "");
	switch (a->kind) {
	case SDT_ARG_CONST:
		if (a->biased)
			return snprintf(buf, len, "const %s %#llx*", ty,
					(unsigned long long)a->disp);
		return snprintf(buf, len, "const %s %lld", ty, (long long)a->disp);
	case SDT_ARG_REG:
		if (a->reg_high)
			return snprintf(buf, len, "reg %s %s.h", ty, rn(machine, a->base));
		return snprintf(buf, len, "reg %s %s.%u", ty, rn(machine, a->base), a->reg_bytes);
	case SDT_ARG_MEM: {
		struct strbuf sb = STRBUF_INIT;
		format_mem(machine, a, &sb);
		int n = snprintf(buf, len, "mem %s %s", ty, sb.s);
		sb_free(&sb);
		return n;
	}
	case SDT_ARG_BAD:
	default:
		return snprintf(buf, len, "bad: %.*s", (int)sizeof(a->err), a->err);
	}
}
