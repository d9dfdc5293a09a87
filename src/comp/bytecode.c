// SPDX-License-Identifier: MIT
/* The compiled program container: constant pools, functions, instruction emission and the
 * verifier that lets the VM trust operands (register numbers, pools, jump targets). */
#include "comp/bytecode.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

const char *const bc_op_names[BC_NOPS] = {
#define OP(name, ops, doc) #name,
#include "comp/opcodes.def"
};

const char *const bc_op_operands[BC_NOPS] = {
#define OP(name, ops, doc) ops,
#include "comp/opcodes.def"
};

int bc_op_len(enum bc_op op)
{
	size_t n = strlen(bc_op_operands[op]);
	return n == 0 ? 1 : (int)n;
}

bool bc_op_can_fail(enum bc_op op)
{
	switch (op) {
	case BC_DIV:
	case BC_MOD:
	case BC_ACT:
	case BC_ACTCHK:
	case BC_CALL:
	case BC_CALLB:
	case BC_ERRZ:
	case BC_MSET:
	case BC_MSETS:
	case BC_MCATS:
	case BC_MINC:
	case BC_MADD:
	case BC_MSTADD:
	case BC_STOP:
	case BC_MSTOP:
	case BC_STOPE:
	case BC_HPRINT:
	case BC_MHPRINT:
	case BC_HSPRINT:
	case BC_MHSPRINT:
	case BC_HBUCKET:
	case BC_MHBUCKET:
	case BC_PRINTF:
	case BC_SPRINTF:
	case BC_ARG:
	case BC_TRY:
		return true;
	default:
		return false;
	}
}

struct bc_program *bc_program_new(void)
{
	return xcalloc(1, sizeof(struct bc_program));
}

static void func_free(struct bc_func *f)
{
	vec_free(&f->code);
	vec_free(&f->lines);
	free((char *)f->name);
	free(f);
}

void bc_program_free(struct bc_program *p)
{
	if (!p)
		return;
	vec_foreach(&p->funcs, f) func_free(*f);
	vec_free(&p->funcs);
	vec_foreach(&p->probes, pr)
	{
		free((char *)pr->pp);
		free((char *)pr->pn);
		free((char *)pr->type);
	}
	vec_free(&p->probes);
	vec_foreach(&p->globals, g)
	{
		free((char *)g->name);
		free((char *)g->init_s);
	}
	vec_free(&p->globals);
	vec_free(&p->k);
	vec_foreach(&p->z, z) free((char *)z->s);
	vec_free(&p->z);
	vec_foreach(&p->nears, n) free((char *)*n);
	vec_free(&p->nears);
	vec_foreach(&p->formats, f)
	{
		vec_foreach(&(*f)->specs, sp) free((char *)sp->lit);
		vec_free(&(*f)->specs);
		vec_free(&(*f)->argtypes);
		free(*f);
	}
	vec_free(&p->formats);
	vec_foreach(&p->regexes, r) free((char *)*r);
	vec_free(&p->regexes);
	free(p);
}

int bc_add_k(struct bc_program *p, int64_t v)
{
	for (int i = 0; i < p->k.n; i++)
		if (p->k.v[i] == v)
			return i;
	vec_push(&p->k, v);
	return p->k.n - 1;
}

int bc_add_z(struct bc_program *p, const char *s, size_t len)
{
	for (int i = 0; i < p->z.n; i++)
		if (p->z.v[i].len == len && memcmp(p->z.v[i].s, s, len) == 0)
			return i;
	struct bc_str z = {xstrndup(s, len), (uint32_t)len};
	vec_push(&p->z, z);
	return p->z.n - 1;
}

int bc_add_near(struct bc_program *p, const char *text)
{
	for (int i = 0; i < p->nears.n; i++)
		if (strcmp(p->nears.v[i], text) == 0)
			return i;
	vec_push(&p->nears, xstrdup(text));
	return p->nears.n - 1;
}

int bc_add_regex(struct bc_program *p, const char *pattern)
{
	for (int i = 0; i < p->regexes.n; i++)
		if (strcmp(p->regexes.v[i], pattern) == 0)
			return i;
	vec_push(&p->regexes, xstrdup(pattern));
	return p->regexes.n - 1;
}

struct bc_func *bc_func_new(struct bc_program *p, const char *name, int *index)
{
	struct bc_func *f = xcalloc(1, sizeof(*f));
	f->name = xstrdup(name);
	f->near = -1;
	f->finite = -1;
	vec_push(&p->funcs, f);
	if (index)
		*index = p->funcs.n - 1;
	return f;
}

uint32_t bc_emit(struct bc_func *f, enum bc_op op, const int64_t *ops, int nops)
{
	uint32_t pc = (uint32_t)f->code.n;
	uint32_t a = nops > 0 ? (uint32_t)ops[0] & 0xffffffu : 0;
	vec_push(&f->code, (uint32_t)op | (a << 8));
	for (int i = 1; i < nops; i++)
		vec_push(&f->code, (uint32_t)ops[i]);
	return pc;
}

void bc_set_near(struct bc_func *f, uint32_t pc, int near)
{
	if (f->lines.n && vec_last(&f->lines).near == near)
		return;
	if (f->lines.n && vec_last(&f->lines).pc == pc) {
		vec_last(&f->lines).near = near;
		return;
	}
	struct bc_line l = {pc, near};
	vec_push(&f->lines, l);
}

int bc_near_at(const struct bc_func *f, uint32_t pc)
{
	int lo = 0, hi = f->lines.n - 1, best = -1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (f->lines.v[mid].pc <= pc) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return best < 0 ? -1 : f->lines.v[best].near;
}

/* ---- verifier -------------------------------------------------------------------------- */

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static uint32_t operand(const uint32_t *code, uint32_t pc, int i)
{
	return i == 0 ? code[pc] >> 8 : code[pc + (uint32_t)i];
}

static bool operand_ok(const struct bc_program *p, const struct bc_func *f, char kind, uint32_t v)
{
	switch (kind) {
	case 'L':
	case 'l':
		return v < f->nl;
	case 'S':
	case 's':
		return v < f->ns;
	case 'G':
	case 'g':
		return v < p->ngl;
	case 'H':
	case 'h':
		return v < p->ngs;
	case 'm':
		return v < p->nmaps;
	case 't':
		return v < p->nstats;
	case 'k':
		return v < (uint32_t)p->k.n;
	case 'z':
		return v < (uint32_t)p->z.n;
	case 'j':
		return v <= (uint32_t)f->code.n;
	case 'f':
		return v < (uint32_t)p->funcs.n;
	case 'p':
		return v < (uint32_t)p->formats.n;
	case 'x':
		return v < (uint32_t)p->regexes.n;
	default:
		return true; /* i n c b: checked by the instruction itself */
	}
}

static const struct {
	char ret;
	const char *params;
} builtin_sigs[] = {
#define BUILTIN(name, ret, params, impl) {#ret[0], params},
#include "rt/builtins.def"
};

static int count_of(const char *s, char c)
{
	int n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

/* a register window [base, base+n) of the frame; n == 0 always fits */
static bool window_ok(uint32_t base, uint32_t n, uint32_t size)
{
	return n == 0 || ((uint64_t)base + n <= size);
}

static const struct bc_global *map_global(const struct bc_program *p, uint32_t slot)
{
	for (int i = 0; i < p->globals.n; i++)
		if (p->globals.v[i].kind == BCG_MAP && p->globals.v[i].slot == slot)
			return &p->globals.v[i];
	return NULL;
}

/* operands that name a run of registers rather than one: map keys, call and print
 * arguments. Returns true when the instruction at pc uses them correctly. */
static bool windows_ok(const struct bc_program *p, const struct bc_func *f, enum bc_op op,
		       const uint32_t *code, uint32_t pc)
{
	const char *kinds = bc_op_operands[op];
	uint32_t nl = 0, ns = 0;
	int at = -1; /* operand index of the long base */
	switch (op) {
	case BC_CALL: {
		const struct bc_func *cf = p->funcs.v[code[pc] >> 8];
		nl = cf->npl > (cf->ret == BC_LONG) ? cf->npl : (cf->ret == BC_LONG);
		ns = cf->nps > (cf->ret == BC_STR) ? cf->nps : (cf->ret == BC_STR);
		at = 1;
		break;
	}
	case BC_CALLB: {
		uint32_t b = code[pc] >> 8;
		if (b >= sizeof(builtin_sigs) / sizeof(builtin_sigs[0]))
			return false;
		int pl = count_of(builtin_sigs[b].params, 'l');
		int ps = count_of(builtin_sigs[b].params, 's');
		nl = (uint32_t)(pl > (builtin_sigs[b].ret == 'L') ? pl
								  : (builtin_sigs[b].ret == 'L'));
		ns = (uint32_t)(ps > (builtin_sigs[b].ret == 'S') ? ps
								  : (builtin_sigs[b].ret == 'S'));
		at = 1;
		break;
	}
	case BC_PRINTF:
	case BC_SPRINTF: {
		int fi = op == BC_PRINTF ? 0 : 1;
		uint32_t fmt = fi == 0 ? code[pc] >> 8 : code[pc + 1];
		if (fmt >= (uint32_t)p->formats.n)
			return false;
		nl = (uint32_t)p->formats.v[fmt]->nl;
		ns = (uint32_t)p->formats.v[fmt]->ns;
		at = fi + 1;
		break;
	}
	default: {
		const char *m = strchr(kinds, 'm');
		if (!m || m[1] != 'l' || m[2] != 's')
			return true;
		int mi = (int)(m - kinds);
		uint32_t slot = mi == 0 ? code[pc] >> 8 : code[pc + (uint32_t)mi];
		const struct bc_global *g = map_global(p, slot);
		if (!g)
			return false;
		ns = (uint32_t)__builtin_popcount(g->strkeys);
		nl = (uint32_t)g->nkeys - ns;
		at = mi + 1;
	}
	}
	return window_ok(code[pc + (uint32_t)at], nl, f->nl) &&
	       window_ok(code[pc + (uint32_t)at + 1], ns, f->ns);
}

/* every jump must land on the first word of an instruction */
static int verify_jumps(const struct bc_func *f, char *err, size_t errlen)
{
	const uint32_t *code = f->code.v;
	uint32_t n = (uint32_t)f->code.n;
	uint8_t *start = calloc(n ? n : 1, 1);
	if (!start)
		return fail(err, errlen, "out of memory");
	for (uint32_t pc = 0; pc < n; pc += (uint32_t)bc_op_len(code[pc] & 0xff))
		start[pc] = 1;
	int rc = 0;
	for (uint32_t pc = 0; pc < n && rc == 0; pc += (uint32_t)bc_op_len(code[pc] & 0xff)) {
		const char *kinds = bc_op_operands[code[pc] & 0xff];
		const char *j = strchr(kinds, 'j');
		if (!j)
			continue;
		uint32_t t = operand(code, pc, (int)(j - kinds));
		if (t >= n || !start[t])
			rc = fail(err, errlen, "%s: jump at %u to %u is not an instruction",
				  f->name, pc, t);
	}
	free(start);
	return rc;
}

static int verify_func(const struct bc_program *p, const struct bc_func *f, char *err,
		       size_t errlen)
{
	const uint32_t *code = f->code.v;
	uint32_t n = (uint32_t)f->code.n;
	if (f->npl > f->nll || f->nll > f->nl || f->nps > f->nls || f->nls > f->ns)
		return fail(err, errlen, "%s: bad register counts", f->name);
	for (uint32_t pc = 0; pc < n;) {
		uint32_t op = code[pc] & 0xff;
		if (op >= BC_NOPS)
			return fail(err, errlen, "%s: bad opcode %u at %u", f->name, op, pc);
		int len = bc_op_len(op);
		if (pc + (uint32_t)len > n)
			return fail(err, errlen, "%s: truncated %s at %u", f->name, bc_op_names[op],
				    pc);
		const char *kinds = bc_op_operands[op];
		bool windowed = op == BC_CALL || op == BC_CALLB || op == BC_PRINTF ||
				op == BC_SPRINTF || strstr(kinds, "mls") != NULL;
		for (int i = 0; kinds[i]; i++) {
			uint32_t v = operand(code, pc, i);
			bool is_base =
			    windowed && i > 0 && (kinds[i] == 'l' || kinds[i] == 's') &&
			    (strchr("fbpm", kinds[i - 1]) ||
			     (kinds[i] == 's' && strchr("fbpm", kinds[i - 2 >= 0 ? i - 2 : 0])));
			if (is_base)
				continue;
			if (!operand_ok(p, f, kinds[i], v))
				return fail(err, errlen, "%s: operand %d of %s at %u out of range",
					    f->name, i + 1, bc_op_names[op], pc);
		}
		if (windowed && !windows_ok(p, f, op, code, pc))
			return fail(err, errlen, "%s: register window of %s at %u out of range",
				    f->name, bc_op_names[op], pc);
		pc += (uint32_t)len;
	}
	if (n == 0 || (code[n - 1] & 0xff) != BC_RET)
		return fail(err, errlen, "%s: does not end with RET", f->name);
	return verify_jumps(f, err, errlen);
}

int bc_verify(const struct bc_program *p, char *err, size_t errlen)
{
	for (int i = 0; i < p->funcs.n; i++) {
		int rc = verify_func(p, p->funcs.v[i], err, errlen);
		if (rc < 0)
			return rc;
	}
	for (int i = 0; i < p->probes.n; i++)
		if (p->probes.v[i].func < 0 || p->probes.v[i].func >= p->funcs.n)
			return fail(err, errlen, "probe %d: bad handler", i);
	return 0;
}
