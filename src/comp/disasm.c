// SPDX-License-Identifier: MIT
/* Disassembler: renders instructions from the operand kinds in opcodes.def, so that a new
 * opcode needs no code here. */
#include "comp/disasm.h"

#include <inttypes.h>
#include <string.h>

static const char *const builtin_names[] = {
#define BUILTIN(name, ret, params, impl) #name,
#include "rt/builtins.def"
};

static const char *type_name(enum bc_type t)
{
	switch (t) {
	case BC_LONG:
		return "long";
	case BC_STR:
		return "string";
	case BC_STATS:
		return "stats";
	default:
		return "unknown";
	}
}

static void quote(struct strbuf *out, const char *s, size_t n)
{
	sb_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			sb_printf(out, "\\%c", c);
		else if (c == '\n')
			sb_adds(out, "\\n");
		else if (c == '\t')
			sb_adds(out, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			sb_printf(out, "\\%03o", c);
		else
			sb_addc(out, (char)c);
	}
	sb_addc(out, '"');
}

static void operand(const struct bc_program *p, char kind, uint32_t v, struct strbuf *out)
{
	switch (kind) {
	case 'L':
	case 'l':
		sb_printf(out, "L%u", v);
		break;
	case 'S':
	case 's':
		sb_printf(out, "S%u", v);
		break;
	case 'G':
	case 'g':
		sb_printf(out, "G%u", v);
		break;
	case 'H':
	case 'h':
		sb_printf(out, "H%u", v);
		break;
	case 'm':
		sb_printf(out, "M%u", v);
		break;
	case 't':
		sb_printf(out, "T%u", v);
		break;
	case 'k':
		if (v < (uint32_t)p->k.n)
			sb_printf(out, "#%" PRId64, p->k.v[v]);
		else
			sb_printf(out, "K%u?", v);
		break;
	case 'z':
		if (v < (uint32_t)p->z.n)
			quote(out, p->z.v[v].s, p->z.v[v].len);
		else
			sb_printf(out, "Z%u?", v);
		break;
	case 'j':
		sb_printf(out, "@%04u", v);
		break;
	case 'i':
		sb_printf(out, "%d", (int32_t)v);
		break;
	case 'f':
		if (v < (uint32_t)p->funcs.n)
			sb_printf(out, "%s", p->funcs.v[v]->name);
		else
			sb_printf(out, "F%u?", v);
		break;
	case 'b':
		if (v < sizeof(builtin_names) / sizeof(builtin_names[0]))
			sb_printf(out, "%s", builtin_names[v]);
		else
			sb_printf(out, "B%u?", v);
		break;
	case 'p':
		sb_printf(out, "fmt%u", v);
		break;
	case 'x':
		sb_printf(out, "re%u", v);
		break;
	default:
		sb_printf(out, "%u", v);
		break;
	}
}

void bc_disasm_func(const struct bc_program *p, const struct bc_func *f, struct strbuf *out)
{
	sb_printf(out, "%s %s: registers L%u S%u, parameters L%u S%u, locals L%u S%u, returns %s",
		  f->is_probe ? "probe" : "function", f->name, f->nl, f->ns, f->npl, f->nps, f->nll,
		  f->nls, type_name(f->ret));
	if (f->finite >= 0)
		sb_printf(out, ", finite %" PRId64, f->finite);
	sb_addc(out, '\n');
	const uint32_t *code = f->code.v;
	for (uint32_t pc = 0; pc < (uint32_t)f->code.n;) {
		uint32_t op = code[pc] & 0xff;
		if (op >= BC_NOPS) {
			sb_printf(out, "  %04u  ??? %u\n", pc, op);
			pc++;
			continue;
		}
		const char *kinds = bc_op_operands[op];
		if (kinds[0])
			sb_printf(out, "  %04u  %-9s", pc, bc_op_names[op]);
		else
			sb_printf(out, "  %04u  %s", pc, bc_op_names[op]);
		int len = bc_op_len(op);
		for (int i = 0; kinds[i] && pc + (uint32_t)i < (uint32_t)f->code.n; i++) {
			sb_adds(out, i ? ", " : " ");
			operand(p, kinds[i], i == 0 ? code[pc] >> 8 : code[pc + (uint32_t)i], out);
		}
		int near = bc_near_at(f, pc);
		if (near >= 0 && near < p->nears.n && bc_op_can_fail(op))
			sb_printf(out, "\t; %s", p->nears.v[near]);
		sb_addc(out, '\n');
		pc += (uint32_t)len;
	}
}

static void globals(const struct bc_program *p, struct strbuf *out)
{
	for (int i = 0; i < p->globals.n; i++) {
		const struct bc_global *g = &p->globals.v[i];
		switch (g->kind) {
		case BCG_LONG:
			sb_printf(out, "global G%u %s: long", g->slot, g->name);
			if (g->has_init)
				sb_printf(out, " = %" PRId64, g->init_l);
			break;
		case BCG_STR:
			sb_printf(out, "global H%u %s: string", g->slot, g->name);
			if (g->has_init && g->init_s) {
				sb_adds(out, " = ");
				quote(out, g->init_s, strlen(g->init_s));
			}
			break;
		case BCG_STAT:
			sb_printf(out, "global T%u %s: stats", g->slot, g->name);
			break;
		case BCG_MAP:
			sb_printf(out, "global M%u %s: [", g->slot, g->name);
			for (int k = 0; k < g->nkeys; k++)
				sb_printf(out, "%s%s", k ? "," : "",
					  (g->strkeys >> k) & 1 ? "string" : "long");
			sb_printf(out, "] %s", type_name(g->vtype));
			if (g->maxsize)
				sb_printf(out, " size %" PRId64, g->maxsize);
			if (g->wrap)
				sb_adds(out, " wrap");
			break;
		}
		if (g->hist == BC_HIST_LINEAR)
			sb_printf(out, " hist_linear(%" PRId64 ", %" PRId64 ", %" PRId64 ")",
				  g->hist_start, g->hist_stop, g->hist_interval);
		else if (g->hist == BC_HIST_LOG)
			sb_adds(out, " hist_log");
		if (g->shift)
			sb_printf(out, " variance shift %d", g->shift);
		sb_addc(out, '\n');
	}
}

static void formats(const struct bc_program *p, struct strbuf *out)
{
	for (int i = 0; i < p->formats.n; i++) {
		const struct bc_format *f = p->formats.v[i];
		sb_printf(out, "fmt%d:", i);
		for (int k = 0; k < f->specs.n; k++) {
			const struct fmt_spec *s = &f->specs.v[k];
			sb_addc(out, ' ');
			if (!s->conv) {
				quote(out, s->lit, s->litlen);
				continue;
			}
			sb_printf(out, "%%[flags %u width %d prec %d]%c", s->flags, s->width,
				  s->prec, s->conv);
		}
		sb_printf(out, " (args %.*s)\n", f->argtypes.n, f->argtypes.v ? f->argtypes.v : "");
	}
	for (int i = 0; i < p->regexes.n; i++) {
		sb_printf(out, "re%d: ", i);
		quote(out, p->regexes.v[i], strlen(p->regexes.v[i]));
		sb_addc(out, '\n');
	}
}

void bc_disasm(const struct bc_program *p, struct strbuf *out)
{
	globals(p, out);
	formats(p, out);
	for (int i = 0; i < p->funcs.n; i++)
		bc_disasm_func(p, p->funcs.v[i], out);
	for (int i = 0; i < p->probes.n; i++)
		sb_printf(out, "probe %d %s -> %s\n", i, p->probes.v[i].pp,
			  p->funcs.v[p->probes.v[i].func]->name);
}
