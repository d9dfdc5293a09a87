// SPDX-License-Identifier: MIT
/* x86-64 (and i386) SDT operands in GAS AT&T syntax, as gcc and clang print them for
 * sdt.h's "nor" constraint and as people write them in .S probes: $imm, %reg (every
 * width), disp(%base,%index,scale), sym(%rip), sym+8, %fs:disp, %fs:(%reg),
 * %fs:sym@tpoff. See the operand table in usdt.md §2. Evaluation is in arch.c. */
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "target/arch_impl.h"

/* One row per register family: 64-, 32-, 16- and 8-bit names, DWARF number. */
#define X86_REGS(X)                                                                                \
	X(rax, eax, ax, al, 0)                                                                     \
	X(rdx, edx, dx, dl, 1)                                                                     \
	X(rcx, ecx, cx, cl, 2)                                                                     \
	X(rbx, ebx, bx, bl, 3)                                                                     \
	X(rsi, esi, si, sil, 4)                                                                    \
	X(rdi, edi, di, dil, 5)                                                                    \
	X(rbp, ebp, bp, bpl, 6)                                                                    \
	X(rsp, esp, sp, spl, 7)                                                                    \
	X(r8, r8d, r8w, r8b, 8)                                                                    \
	X(r9, r9d, r9w, r9b, 9)                                                                    \
	X(r10, r10d, r10w, r10b, 10)                                                               \
	X(r11, r11d, r11w, r11b, 11)                                                               \
	X(r12, r12d, r12w, r12b, 12)                                                               \
	X(r13, r13d, r13w, r13b, 13)                                                               \
	X(r14, r14d, r14w, r14b, 14)                                                               \
	X(r15, r15d, r15w, r15b, 15)

struct x86_reg {
	const char *name;
	int8_t regno;
	uint8_t bytes;
	bool high;
};

/* clang-format off */
#define X86_ROW(q, d, w, b, n) {#q, n, 8, false}, {#d, n, 4, false}, {#w, n, 2, false}, \
	{#b, n, 1, false},
static const struct x86_reg x86_regs[] = {
	X86_REGS(X86_ROW)
	{"rip", ARCH_X86_RIP, 8, false}, {"eip", ARCH_X86_RIP, 4, false},
	{"ah", 0, 1, true}, {"dh", 1, 1, true}, {"ch", 2, 1, true}, {"bh", 3, 1, true},
	/* Intel's spelling of the low bytes of r8..r15 */
	{"r8l", 8, 1, false}, {"r9l", 9, 1, false}, {"r10l", 10, 1, false}, {"r11l", 11, 1, false},
	{"r12l", 12, 1, false}, {"r13l", 13, 1, false}, {"r14l", 14, 1, false},
	{"r15l", 15, 1, false},
};
/* clang-format on */
#undef X86_ROW

#define X86_NAME64(q, d, w, b, n) #q,
static const char *const x86_names[] = {X86_REGS(X86_NAME64) "rip"};
#undef X86_NAME64

const char *arch_x86_reg_name(int regno)
{
	if (regno < 0 || regno > ARCH_X86_RIP)
		return NULL;
	return x86_names[regno];
}

struct cur {
	const char *s;
	size_t len, i;
	const struct elf_file *ef;
	struct sdt_arg *a;
};

static bool at(const struct cur *c, char ch)
{
	return c->i < c->len && c->s[c->i] == ch;
}

static bool eat(struct cur *c, char ch)
{
	if (!at(c, ch))
		return false;
	c->i++;
	return true;
}

static bool is_ident(char ch, bool first)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '.')
		return true;
	return !first && ((ch >= '0' && ch <= '9') || ch == '$');
}

static size_t ident_len(const struct cur *c)
{
	size_t n = 0;
	while (c->i + n < c->len && is_ident(c->s[c->i + n], n == 0))
		n++;
	return n;
}

/* reg -> "%" name ; returns the table row or NULL (cursor unchanged on failure). */
static const struct x86_reg *parse_reg(struct cur *c)
{
	if (!at(c, '%'))
		return NULL;
	size_t save = c->i++;
	size_t n = ident_len(c);
	for (size_t k = 0; n && k < sizeof(x86_regs) / sizeof(x86_regs[0]); k++)
		if (strlen(x86_regs[k].name) == n &&
		    memcmp(x86_regs[k].name, c->s + c->i, n) == 0) {
			c->i += n;
			return &x86_regs[k];
		}
	c->i = save;
	return NULL;
}

static int bad_reg(struct cur *c)
{
	size_t n = ident_len(&(struct cur){c->s, c->len, c->i + 1, NULL, NULL});
	return arch_bad(c->a, -EINVAL, "unrecognized register '%%%.*s'", (int)n, c->s + c->i + 1);
}

/* TLS offset of sym for the local-exec model: the executable's TLS block sits right
 * below the thread pointer (x86-64 TLS variant II), at the offset glibc's
 * _dl_determine_tlsoffset gives the first module. */
static int tpoff(struct cur *c, const char *name, size_t n, int64_t *out)
{
	uint64_t v;
	int rc = arch_resolve_sym(c->ef, name, n, &v, c->a);
	if (rc)
		return rc;
	const struct elf_phdr *tls = elf_file_tls(c->ef);
	if (!tls)
		return arch_bad(c->a, -EINVAL, "'%.*s@tpoff' but the file has no PT_TLS",
				(int)(n > 64 ? 64 : n), name);
	uint64_t align = tls->align ? tls->align : 1;
	if (align & (align - 1))
		return arch_bad(c->a, -EINVAL, "bad PT_TLS alignment");
	uint64_t firstbyte = (0 - tls->vaddr) & (align - 1);
	uint64_t off = ((tls->memsz - firstbyte + align - 1) & ~(align - 1)) + firstbyte;
	*out = (int64_t)(v - off);
	return 0;
}

/* Adds to the displacement modulo 2^64 (hostile input may overflow it). */
static void add_disp(struct sdt_arg *a, uint64_t v, bool neg)
{
	a->disp = (int64_t)((uint64_t)a->disp + (neg ? 0 - v : v));
}

/* term -> int | sym ["@" reloc] ; adds the term (negated when neg) to a->disp. */
static int parse_term(struct cur *c, bool neg, bool *have_sym, bool tls_ok)
{
	int64_t v;
	size_t n = arch_parse_int(c->s + c->i, c->len - c->i, &v);
	if (n && c->s[c->i] != '-' && c->s[c->i] != '+') {
		c->i += n;
		add_disp(c->a, (uint64_t)v, neg);
		return 0;
	}
	n = ident_len(c);
	if (!n || !is_ident(c->s[c->i], true))
		return arch_bad(c->a, -EINVAL, "unrecognized operand '%.*s'", (int)c->len, c->s);
	const char *name = c->s + c->i;
	c->i += n;
	if (*have_sym || neg)
		return arch_bad(c->a, -EINVAL, "unsupported symbol expression '%.*s'", (int)c->len,
				c->s);
	*have_sym = true;
	if (eat(c, '@')) {
		size_t rn = ident_len(c);
		const char *reloc = c->s + c->i;
		c->i += rn;
		if (!tls_ok || rn != 5 || memcmp(reloc, "tpoff", 5) != 0)
			return arch_bad(c->a, -EINVAL, "unsupported relocation '@%.*s'", (int)rn,
					reloc);
		int64_t off = 0;
		int rc = tpoff(c, name, n, &off);
		if (rc)
			return rc;
		add_disp(c->a, (uint64_t)off, false);
		return 0;
	}
	uint64_t addr = 0;
	int rc = arch_resolve_sym(c->ef, name, n, &addr, c->a);
	if (rc)
		return rc;
	add_disp(c->a, addr, false);
	c->a->biased = true;
	return 0;
}

/* disp -> term { ("+"|"-") term } */
static int parse_disp(struct cur *c, bool tls_ok, bool *have_sym)
{
	bool neg = eat(c, '-');
	if (!neg)
		eat(c, '+');
	int rc = parse_term(c, neg, have_sym, tls_ok);
	while (rc == 0 && (at(c, '+') || at(c, '-'))) {
		neg = c->s[c->i++] == '-';
		rc = parse_term(c, neg, have_sym, tls_ok);
	}
	return rc;
}

static void note_width(struct sdt_arg *a, const struct x86_reg *r)
{
	if (r->bytes == 4)
		a->addr32 = true;
}

/* paren -> "(" [ "%" base ] [ "," [ "%" index ] [ "," scale ] ] ")" */
static int parse_paren(struct cur *c, bool have_sym)
{
	struct sdt_arg *a = c->a;
	const struct x86_reg *r;
	eat(c, '(');
	if (at(c, '%')) {
		if (!(r = parse_reg(c)))
			return bad_reg(c);
		if (r->high || r->bytes < 4)
			return arch_bad(a, -EINVAL, "bad base register '%%%s'", r->name);
		if (r->regno == ARCH_X86_RIP) {
			/* sym(%rip) is the symbol's address; a plain number is pc-relative */
			if (!have_sym)
				a->pc_rel = true;
		} else {
			a->base = r->regno;
			note_width(a, r);
		}
	}
	if (eat(c, ',')) {
		if (at(c, '%')) {
			if (!(r = parse_reg(c)))
				return bad_reg(c);
			if (r->high || r->bytes < 4 || r->regno == ARCH_X86_RIP || r->regno == 7)
				return arch_bad(a, -EINVAL, "bad index register '%%%s'", r->name);
			a->index = r->regno;
			note_width(a, r);
		}
		if (eat(c, ',')) {
			int64_t sc = 0;
			size_t n = arch_parse_int(c->s + c->i, c->len - c->i, &sc);
			if (!n || (sc != 1 && sc != 2 && sc != 4 && sc != 8))
				return arch_bad(a, -EINVAL, "bad scale in '%.*s'", (int)c->len,
						c->s);
			c->i += n;
			a->scale = (uint8_t)sc;
		}
	}
	if (!eat(c, ')'))
		return arch_bad(a, -EINVAL, "unrecognized operand '%.*s'", (int)c->len, c->s);
	return 0;
}

/* memref -> [ seg ":" ] [ disp ] [ paren ] */
static int parse_mem(struct cur *c)
{
	struct sdt_arg *a = c->a;
	a->kind = SDT_ARG_MEM;
	if (c->len - c->i >= 4 && c->s[c->i] == '%' && c->s[c->i + 2] == 's' &&
	    c->s[c->i + 3] == ':' && (c->s[c->i + 1] == 'f' || c->s[c->i + 1] == 'g')) {
		a->seg = c->s[c->i + 1] == 'f' ? SDT_SEG_FS : SDT_SEG_GS;
		c->i += 4;
	}
	bool have_sym = false;
	int rc = 0;
	if (!at(c, '('))
		rc = parse_disp(c, a->seg == SDT_SEG_FS, &have_sym);
	if (rc == 0 && at(c, '('))
		rc = parse_paren(c, have_sym);
	if (rc)
		return rc;
	if (a->seg && a->biased)
		return arch_bad(a, -EINVAL, "segment-relative symbol without @tpoff");
	return 0;
}

/* operand -> "$" disp | "%" reg | memref */
int arch_x86_parse_operand(const char *s, size_t len, const struct elf_file *ef, struct sdt_arg *a)
{
	struct cur c = {s, len, 0, ef, a};
	int rc;
	if (eat(&c, '$')) {
		bool have_sym = false;
		a->kind = SDT_ARG_CONST;
		rc = parse_disp(&c, false, &have_sym);
	} else if (at(&c, '%') && !(len >= 4 && s[3] == ':')) {
		const struct x86_reg *r = parse_reg(&c);
		if (!r)
			return bad_reg(&c);
		a->kind = SDT_ARG_REG;
		a->base = r->regno;
		a->reg_bytes = r->bytes;
		a->reg_high = r->high;
		a->reg_is_pc = r->regno == ARCH_X86_RIP;
		rc = 0;
	} else {
		rc = parse_mem(&c);
	}
	if (rc)
		return rc;
	if (c.i != len)
		return arch_bad(a, -EINVAL, "unrecognized operand '%.*s'", (int)len, s);
	return 0;
}

#if defined(__x86_64__)
#include <sys/user.h>

void arch_regs_from_user(struct arch_regs *out, const struct user_regs_struct *in, uint64_t pc)
{
	*out = (struct arch_regs){
	    .r = {in->rax, in->rdx, in->rcx, in->rbx, in->rsi, in->rdi, in->rbp, in->rsp, in->r8,
		  in->r9, in->r10, in->r11, in->r12, in->r13, in->r14, in->r15, pc + 1},
	    .pc = pc,
	    .tp = in->fs_base,
	    .gs_base = in->gs_base,
	};
}
#endif
