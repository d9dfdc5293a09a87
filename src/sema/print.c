// SPDX-License-Identifier: MIT
/* Printing of elaborated code in stap 4.8's forms: probe points, alias signatures, variable
 * and function signatures with their types, and the whole program for -p2 (main.cxx
 * printscript). Names of globals and functions print mangled, as stap prints them after
 * resolution; the expressions and statements themselves are lang/ast_print.c's to print. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>

#include "lang/ast_print.h"
#include "sema/elab.h"

/* The name a resolved symbol prints with: __global_x, __private_<file>_x, or the local. */
static void print_var_name(struct strbuf *sb, const struct ast_expr *e, const void *ctx)
{
	(void)ctx;
	const struct ast_var *v = e->var;
	if (!v || v->scope != VAR_GLOBAL) {
		sb_adds(sb, v ? v->name : e->str);
		return;
	}
	if (v->is_private && v->file) {
		sb_adds(sb, "__private_");
		for (const char *p = v->file->name; *p; p++)
			sb_addc(sb, isalnum((unsigned char)*p) ? *p : '_');
		sb_addc(sb, '_');
	} else {
		sb_adds(sb, "__global_");
	}
	sb_adds(sb, v->name);
}

/* Function names print mangled when resolved in a program (ctx): __global_f__overload_0.
 * The overload number is kept in the fn's mangled name, which the program records. */
static void print_call_name(struct strbuf *sb, const struct ast_expr *e, const void *ctx)
{
	const struct program *prog = ctx;
	const char *m = NULL;
	if (e->fn && prog)
		for (int i = 0; i < prog->functions.n; i++)
			if (prog->functions.v[i] == e->fn && i < prog->function_names.n)
				m = prog->function_names.v[i];
	sb_adds(sb, m ? m : e->str);
}

/* Outside a program (probe points, alias signatures) calls print as written. */
static const struct ast_namer point_namer = {.sym = print_var_name, .call = print_call_name};

void print_point(struct strbuf *sb, const struct ast_probe_point *pp, bool extras)
{
	ast_print_probe_point_with(sb, pp, extras, &point_namer);
}

void print_alias_sig(struct strbuf *sb, const struct ast_alias *a)
{
	ast_print_alias_sig_with(sb, a, &point_namer);
}

void print_var_sig(struct strbuf *sb, const struct ast_var *v)
{
	sb_adds(sb, v->name);
	if (v->wrap)
		sb_addc(sb, '%');
	if (v->maxsize > 0)
		sb_printf(sb, "[%" PRId64 "]", v->maxsize);
	sb_printf(sb, ":%s", ast_type_name(v->type));
	if (v->arity > 0) {
		sb_adds(sb, " [");
		for (int i = 0; i < v->arity; i++)
			sb_printf(sb, "%s%s", i ? ", " : "", ast_type_name(v->key_types[i]));
		sb_addc(sb, ']');
	}
}

void print_fn_sig(struct strbuf *sb, const struct ast_function *f)
{
	sb_printf(sb, "%s:%s (", f->name, ast_type_name(f->ret));
	for (int i = 0; i < f->params.n; i++)
		sb_printf(sb, "%s%s:%s", i ? ", " : "", f->params.v[i]->name,
			  ast_type_name(f->params.v[i]->type));
	sb_addc(sb, ')');
}

static void print_locals(struct strbuf *sb, const struct ast_var *const *v, int n)
{
	if (n)
		sb_adds(sb, "  # locals\n");
	for (int i = 0; i < n; i++) {
		sb_adds(sb, "  ");
		print_var_sig(sb, v[i]);
		sb_addc(sb, '\n');
	}
}

void sema_print_program(FILE *f, const struct program *p, int verbose)
{
	struct strbuf sb = STRBUF_INIT;
	const struct ast_namer names = {.sym = print_var_name, .call = print_call_name, .ctx = p};
	if (p->globals.n)
		sb_adds(&sb, "# globals\n");
	for (int i = 0; i < p->globals.n; i++) {
		const struct ast_var *g = p->globals.v[i];
		print_var_sig(&sb, g);
		if (verbose && g->init) {
			sb_adds(&sb, " = ");
			ast_print_expr_with(&sb, g->init, &names);
		}
		sb_addc(&sb, '\n');
	}
	if (p->functions.n)
		sb_adds(&sb, "# functions\n");
	for (int i = 0; i < p->functions.n; i++) {
		const struct ast_function *fn = p->functions.v[i];
		print_fn_sig(&sb, fn);
		sb_addc(&sb, '\n');
		print_locals(&sb, (const struct ast_var *const *)fn->locals.v, fn->locals.n);
		if (verbose) {
			sb_adds(&sb, "{ ");
			if (fn->body)
				ast_print_stmt_with(&sb, fn->body, &names);
			else
				sb_adds(&sb, "%{ /* native */ %}");
			sb_adds(&sb, " }\n");
		}
	}
	if (p->probes.n)
		sb_adds(&sb, "# probes\n");
	for (int i = 0; i < p->probes.n; i++) {
		const struct derived_probe *dp = p->probes.v[i];
		sb_printf(&sb, "%s\n", dp->sig);
		print_locals(&sb, (const struct ast_var *const *)dp->locals.v, dp->locals.n);
		if (verbose) {
			sb_adds(&sb, "{ ");
			ast_print_stmt_with(&sb, dp->body, &names);
			sb_adds(&sb, " }\n");
		}
	}
	fwrite(sb.s ? sb.s : "", 1, sb.len, f);
	sb_free(&sb);
}
