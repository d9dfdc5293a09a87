// SPDX-License-Identifier: MIT
/* The semantic pass driver, in stap 4.8's order (elaborate.cxx semantic_pass): aliases
 * and probe families are registered, symbols resolved (deriving probes file by file),
 * conditions inlined, the optimiser run, types inferred, regexes checked, globals given
 * their auto-print probes, foreach mutation and statistics checked. Then the program is
 * finished for its consumers: pp/pn/signature strings, function order, void types. */
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "util/alloc.h"

static void sema_init(struct sema *s, const struct sema_opts *o, struct diag *d)
{
	memset(s, 0, sizeof(*s));
	s->o = o;
	s->diag = d;
	s->prog = program_new();
	s->a = s->prog->arena;
	s->own = s->prog->owned;
	s->errors_before = (int)diag_num_errors(d);
	match_init(s);
}

static void sema_fini(struct sema *s)
{
	match_free(s);
	target_free_saved(s);
	vec_free(&s->user_files);
	vec_free(&s->lib_files);
	vec_free(&s->files);
	vec_free(&s->fns);
	vec_free(&s->used_fns);
	vec_free(&s->arity_toks);
}

/* ---- finishing ------------------------------------------------------------------------ */

static const char *point_str(struct sema *s, const struct ast_probe_point *pp, bool extras)
{
	struct strbuf sb = STRBUF_INIT;
	print_point(&sb, pp, extras);
	char *r = arena_strdup(s->a, sb.s ? sb.s : "");
	sb_free(&sb);
	return r;
}

/* script_location(): the well-formed point nearest to the script, else the derived one */
static const struct ast_probe_point *script_location(const struct derived_probe *dp)
{
	const struct ast_probe_point *best = NULL;
	for (const struct xprobe *x = dp->base; x; x = x->base) {
		if (x->alias && x->alias_loc_wf)
			best = x->alias_loc;
		else if (!x->alias && x->loc_wf && x->points.n)
			best = x->points.v[0];
	}
	return best ? best : dp->loc;
}

static void finish_probe(struct sema *s, struct derived_probe *dp)
{
	if (!dp->pp)
		dp->pp = point_str(s, dp->loc, true);
	dp->pn = point_str(s, script_location(dp), true);
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, dp->pp);
	if (dp->sig_extra)
		sb_adds(&sb, dp->sig_extra);
	sb_adds(&sb, " /* <- ");
	print_xprobe_sig(&sb, dp->base);
	sb_adds(&sb, " */");
	dp->sig = arena_strdup(s->a, sb.s);
	sb_free(&sb);
}

static void void_calls(struct ast_expr *e, void *ctx)
{
	if (e->kind == EXPR_CALL && e->type == TYPE_UNKNOWN)
		e->type = TYPE_VOID;
}

struct nesting {
	VEC(const struct ast_function *) stack;
	int max;
	bool recursive;
};

static void nest_expr(struct ast_expr *e, void *ctx)
{
	struct nesting *n = ctx;
	if (e->kind != EXPR_CALL)
		return;
	for (const struct ast_function *f = e->fn; f; f = f->next_overload) {
		int depth = n->stack.n + 1;
		if (n->max < depth)
			n->max = depth;
		bool rec = false;
		for (int j = 0; j < n->stack.n; j++)
			rec |= n->stack.v[j] == f;
		if (rec) {
			n->recursive = true;
			return;
		}
		if (!f->body)
			continue;
		vec_push(&n->stack, f);
		walk_stmt(f->body, nest_expr, n);
		n->stack.n--;
	}
}

static void finish(struct sema *s)
{
	struct program *p = s->prog;
	vec_foreach(&p->probes, dp) finish_probe(s, *dp);
	for (int i = 0; i < p->probes.n; i++)
		p->probes.v[i]->index = i;
	struct nesting n = {0};
	vec_foreach(&s->used_fns, fi)
	{
		struct ast_function *f = (*fi)->fn;
		vec_push(&p->functions, f);
		vec_push(&p->function_names, (*fi)->mangled);
		if (f->ret == TYPE_UNKNOWN)
			f->ret = TYPE_VOID;
		if (f->body) {
			walk_stmt(f->body, void_calls, NULL);
			walk_stmt(f->body, nest_expr, &n);
		}
	}
	vec_foreach(&p->probes, dp) walk_stmt((*dp)->body, void_calls, NULL);
	p->max_nesting = n.max + 1 + (n.recursive ? 10 : 0);
	vec_free(&n.stack);
}

/* ---- the pass ------------------------------------------------------------------------- */

static int run(struct sema *s)
{
	register_aliases(s);
	register_builtin_probes(s);
	fn_register_all(s);
	if (s->o->dump == SEMA_DUMP_FUNCTIONS) {
		vec_foreach(&s->lib_files, f) vec_push(&s->files, *f);
		fn_mark_all_used(s);
	}
	vec_foreach(&s->user_files, f) vec_push(&s->files, *f);
	int rc = resolve_symbols(s);
	if (!rc)
		rc = check_conditions(s);
	if (!rc)
		rc = optimize_pre(s);
	if (!rc)
		rc = types_infer(s);
	if (!rc)
		rc = check_regexes(s);
	if (!rc)
		autoprint_add(s);
	if (!rc)
		rc = sema_num_errors(s);
	if (!rc)
		rc = check_vars(s);
	if (!rc)
		rc = check_stats(s);
	if (!rc && !s->o->dump)
		rc = check_embedded(s);
	return rc;
}

int sema_elaborate(const struct sema_opts *o, struct diag *d, struct ast_file *const *user,
		   int n_user, struct ast_file *const *lib, int n_lib, struct program **out)
{
	struct sema s;
	sema_init(&s, o, d);
	for (int i = 0; i < n_user; i++)
		if (user[i])
			vec_push(&s.user_files, user[i]);
	for (int i = 0; i < n_lib; i++)
		if (lib[i])
			vec_push(&s.lib_files, lib[i]);
	int rc = run(&s);
	if (!rc && !sema_num_errors(&s) && s.prog->probes.n == 0 && !o->dump) {
		sema_print_error(&s, SEM_ERR(NULL, "no probes found"));
		rc = 1;
	}
	finish(&s);
	rc = rc ? rc : sema_num_errors(&s);
	if (o->dump == SEMA_DUMP_LIST || o->dump == SEMA_DUMP_LIST_VARS ||
	    o->dump == SEMA_DUMP_FUNCTIONS)
		rc = 0; /* listings only care what resolved */
	sema_fini(&s);
	if (rc) {
		program_free(s.prog);
		*out = NULL;
		return rc;
	}
	*out = s.prog;
	return 0;
}
