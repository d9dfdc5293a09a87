// SPDX-License-Identifier: MIT
/* Context ("target") variables of derived probes, after stap 4.8's
 * sdt_uprobe_var_expanding_visitor (tapsets.cxx): in a mark handler $argN (N within the
 * note's count) is kept for the compiler with target_argno set, $$name and $$provider
 * become string literals and $$vars / $$parms a sprintf("$arg1=%#x ..."). Anything
 * else keeps its node with a saved error, printed only if the value is really used
 * (the type pass), so that @defined() can test for it. */
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "util/alloc.h"

void target_save_error(struct sema *s, const struct ast_expr *e, struct diag_error *err)
{
	struct saved_err se = {.e = e, .err = err};
	vec_push(&s->saved, se);
}

struct diag_error *target_saved_error(struct sema *s, const struct ast_expr *e)
{
	vec_foreach(&s->saved, se)
	{
		if (se->e == e)
			return se->err;
	}
	return NULL;
}

void target_free_saved(struct sema *s)
{
	vec_foreach(&s->saved, se) diag_error_free(se->err);
	vec_free(&s->saved);
}

static void make_str(struct sema *s, struct ast_expr *e, const char *v)
{
	struct ast_expr *n = node_str(s, v, e->tok);
	vec_free(&e->comps);
	*e = *n; /* nodes made by node_str own no VEC storage */
}

/* $$vars / $$parms: sprintf("$arg1=%#x $arg2=%#x", $arg1, $arg2) */
static void make_parms(struct sema *s, struct ast_expr *e, int nargs)
{
	struct ast_expr *pf = node_expr(s, EXPR_PRINT, e->tok);
	pf->str = "sprintf";
	pf->print_flags = PRINT_TO_STRING | PRINT_FORMAT;
	struct strbuf raw = STRBUF_INIT;
	for (int i = 1; i <= nargs; i++) {
		struct ast_expr *a = node_expr(s, EXPR_TARGET, e->tok);
		a->str = arena_printf(s->a, "$arg%d", i);
		a->target_argno = i;
		a->type = TYPE_LONG;
		vec_push(&pf->args, a);
		struct fmt_piece fp = {.conv = FMT_HEX, .flags = FMTF_ALT, .width = -1, .prec = -1};
		fp.literal = arena_printf(s->a, "%s$arg%d=", i > 1 ? " " : "", i);
		fp.literal_len = strlen(fp.literal);
		vec_push(&pf->fmt, fp);
		sb_printf(&raw, "%s$arg%d=%%#x", i > 1 ? " " : "", i);
	}
	pf->fmt_raw = arena_strdup(s->a, raw.s ? raw.s : "");
	sb_free(&raw);
	/* e is a node of a derived probe's own copy (tracked): it takes over pf's VEC
	 * storage, and pf is left empty */
	vec_free(&e->args);
	vec_free(&e->fmt);
	vec_free(&e->comps);
	*e = *pf;
	memset(&pf->args, 0, sizeof(pf->args));
	memset(&pf->fmt, 0, sizeof(pf->fmt));
}

static int argno_of(const char *name)
{
	if (strncmp(name, "$arg", 4) || !name[4])
		return 0;
	char *end;
	long n = strtol(name + 4, &end, 10);
	if (*end || n <= 0 || n > 1000000)
		return 0;
	return (int)n;
}

struct tctx {
	struct sema *s;
	struct derived_probe *dp;
};

static void expand_mark_target(struct tctx *t, struct ast_expr *e)
{
	struct sema *s = t->s;
	const char *name = e->str ? e->str : "";
	if (!strcmp(name, "$$name") || !strcmp(name, "$$provider") || !strcmp(name, "$$vars") ||
	    !strcmp(name, "$$parms")) {
		if (e->addressof) {
			target_save_error(s, e,
					  SEM_ERR(e->tok, "cannot take address of context "
							  "variable"));
			return;
		}
		if (!strcmp(name, "$$name")) {
			make_str(s, e, t->dp->mark.name);
		} else if (!strcmp(name, "$$provider")) {
			make_str(s, e, t->dp->mark.provider);
		} else if (e->comps.n) {
			target_save_error(s, e,
					  SEM_ERR(e->tok,
						  "sdt '%s' does not support "
						  "components",
						  name));
		} else {
			make_parms(s, e, t->dp->mark.nargs);
		}
		return;
	}
	int n = argno_of(name);
	if (t->dp->mark.nargs == 0 || n < 1 || n > t->dp->mark.nargs) {
		target_save_error(s, e, SEM_ERR(e->tok, "target-symbol requires debuginfo"));
		return;
	}
	if (e->comps.n) {
		target_save_error(s, e,
				  SEM_ERR(e->tok,
					  "type definition '%s_arg%d' not found in "
					  "'%s'",
					  t->dp->mark.name, n, t->dp->mark.path));
		return;
	}
	if (e->addressof) {
		target_save_error(s, e, SEM_ERR(e->tok, "cannot take address of sdt variable"));
		return;
	}
	e->target_argno = n;
	e->type = TYPE_LONG;
}

static void visit(struct ast_expr *e, void *ctx)
{
	struct tctx *t = ctx;
	if (e->kind != EXPR_TARGET || e->target_argno)
		return;
	if (t->dp->kind == PROBE_MARK)
		expand_mark_target(t, e);
}

void expand_targets(struct sema *s, struct derived_probe *dp)
{
	struct tctx t = {.s = s, .dp = dp};
	walk_stmt(dp->body, visit, &t);
}
