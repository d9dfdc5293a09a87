// SPDX-License-Identifier: MIT
/* The elaborated program object: creation, the built-in function table it carries
 * (one ast_function per line of src/rt/builtins.def) and release. Elaboration itself
 * lives in elab.c and its helpers; this file only owns the container. */
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "sema/program.h"
#include "util/alloc.h"

static const char *const probe_kind_names[] = {
#define X(k, s) [k] = s,
    PROBE_KINDS(X)
#undef X
};

const char *program_probe_kind_name(enum probe_kind k)
{
	if ((unsigned)k >= PROBE_KIND_COUNT)
		return "?";
	return probe_kind_names[k];
}

int program_builtin_index(const struct program *p, const struct ast_function *fn)
{
	if (!p || !fn || !p->builtins || fn < p->builtins || fn >= p->builtins + p->n_builtins)
		return -1;
	return (int)(fn - p->builtins);
}

#pragma GCC diagnostic ignored "-Wcomment"

/* builtins.def uses bare L/S/V for the return type. */
enum { BRET_L = TYPE_LONG, BRET_S = TYPE_STRING, BRET_V = TYPE_VOID };

static const struct builtin_row {
	const char *name;
	int ret;
	const char *params;
} builtin_rows[] = {
#define BUILTIN(name, ret, params, impl) {#name, BRET_##ret, params},
#include "rt/builtins.def"
};

static void program_add_builtins(struct program *p)
{
	int n = (int)(sizeof(builtin_rows) / sizeof(builtin_rows[0]));
	p->builtins = arena_alloc(p->arena, sizeof(*p->builtins) * (size_t)n);
	p->n_builtins = n;
	for (int i = 0; i < n; i++) {
		struct ast_function *f = &p->builtins[i];
		f->name = builtin_rows[i].name;
		f->ret = (enum ast_type)builtin_rows[i].ret;
		f->priority = 1;
		f->from_tapset = true;
		int np = (int)strlen(builtin_rows[i].params);
		const char *pn = builtin_param_names(f->name, np);
		for (const char *c = builtin_rows[i].params; *c; c++) {
			struct ast_var *v = arena_alloc(p->arena, sizeof(*v));
			int k = (int)(c - builtin_rows[i].params);
			const char *sp = pn ? strchr(pn, ' ') : NULL;
			if (pn) {
				v->name = arena_strndup(p->arena, pn,
							sp ? (size_t)(sp - pn) : strlen(pn));
				pn = sp ? sp + 1 : NULL;
			} else {
				v->name = arena_printf(p->arena, "arg%d", k + 1);
			}
			v->arity = 0;
			v->scope = VAR_PARAM;
			v->type = *c == 's' ? TYPE_STRING : TYPE_LONG;
			vec_push(&f->params, v);
		}
	}
}

struct program *program_new(void)
{
	struct program *p = xcalloc(1, sizeof(*p));
	p->arena = arena_new();
	p->owned = xcalloc(1, sizeof(*p->owned));
	program_add_builtins(p);
	return p;
}

void program_free(struct program *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n_builtins; i++)
		vec_free(&p->builtins[i].params);
	node_free_owned(p->owned);
	vec_free(&p->globals);
	vec_free(&p->functions);
	vec_free(&p->function_names);
	vec_free(&p->probes);
	arena_free(p->arena);
	free(p);
}
