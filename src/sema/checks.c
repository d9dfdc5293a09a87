// SPDX-License-Identifier: MIT
/* The checks of stap 4.8's later semantic passes (elaborate.cxx): probe-point conditions
 * are checked and inlined (semantic_pass_conditions), arrays may not be modified while a
 * foreach walks them (semantic_pass_vars), statistics get their histogram shape and
 * @variance shift from their uses (semantic_pass_stats), and regular expressions must
 * compile (gen_dfa_table). */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "util/alloc.h"

/* ---- variable use ---------------------------------------------------------------------- */

static bool is_assign_op(int op)
{
	return op >= OP_ASSIGN && op <= OP_STAT_ASSIGN;
}

/* The variable an lvalue expression names (symbol, or array element's array). */
static struct ast_var *lvalue_var(const struct ast_expr *e)
{
	if (!e)
		return NULL;
	if (e->kind == EXPR_SYM)
		return e->var;
	if (e->kind == EXPR_INDEX && e->left && e->left->kind == EXPR_SYM)
		return e->left->var;
	return NULL;
}

struct use_ctx {
	struct sema *s;
	bool side_effects;
	VEC(const struct ast_var *) written;
	VEC(const struct ast_var *) read;
	VEC(const struct ast_var *) used;
	VEC(const struct ast_function *) seen_fns;
};

static void note(void *setp, const struct ast_var *v)
{
	VEC(const struct ast_var *) *set = setp;
	if (!v)
		return;
	for (int i = 0; i < set->n; i++)
		if (set->v[i] == v)
			return;
	vec_push(set, v);
}

static bool in_set(const void *setp, const struct ast_var *v)
{
	const VEC(const struct ast_var *) *set = setp;
	for (int i = 0; i < set->n; i++)
		if (set->v[i] == v)
			return true;
	return false;
}

/* How a symbol occurrence is used (stap's varuse_collecting_visitor current_lvalue /
 * current_lrvalue marks): a pure write, a read-modify-write, or a read. */
enum use_mode { USE_RV, USE_LV, USE_LRV };

static void use_stmt(struct use_ctx *u, const struct ast_stmt *st);
static void use_expr(struct use_ctx *u, const struct ast_expr *e, enum use_mode m, bool lread);

static void use_fn(struct use_ctx *u, const struct ast_function *f)
{
	for (int i = 0; i < u->seen_fns.n; i++)
		if (u->seen_fns.v[i] == f)
			return;
	vec_push(&u->seen_fns, f);
	if (f->body)
		use_stmt(u, f->body);
	else
		u->side_effects = true; /* native: assume impure */
}

static void use_var(struct use_ctx *u, const struct ast_var *v, enum use_mode m, bool lread)
{
	if (m != USE_RV) {
		note(&u->written, v);
		u->side_effects = true;
	}
	if (m != USE_LV)
		note(&u->read, v);
	if (m == USE_LRV ? lread : m == USE_RV)
		note(&u->used, v);
}

static void use_expr(struct use_ctx *u, const struct ast_expr *e, enum use_mode m, bool lread)
{
	if (!e)
		return;
	switch (e->kind) {
	case EXPR_SYM:
		use_var(u, e->var, m, lread);
		return;
	case EXPR_INDEX:
		for (int i = 0; i < e->args.n; i++)
			use_expr(u, e->args.v[i], USE_RV, true);
		if (e->left && e->left->kind == EXPR_HIST)
			use_expr(u, e->left->left, m, lread);
		else
			use_expr(u, e->left, m, lread);
		return;
	case EXPR_ASSIGN:
		if (e->op == OP_ASSIGN || e->op == OP_STAT_ASSIGN) {
			use_expr(u, e->left, USE_LV, true);
			use_expr(u, e->right, USE_RV, true);
		} else {
			use_expr(u, e->left, USE_LRV, lread);
			use_expr(u, e->right, USE_RV, lread);
		}
		return;
	case EXPR_INCDEC:
		use_expr(u, e->left, USE_LRV, lread);
		return;
	case EXPR_CALL:
		for (int i = 0; i < e->args.n; i++)
			use_expr(u, e->args.v[i], USE_RV, true);
		for (const struct ast_function *f = e->fn; f; f = f->next_overload)
			use_fn(u, f);
		return;
	case EXPR_PRINT:
		if (!(e->print_flags & PRINT_TO_STRING))
			u->side_effects = true;
		for (int i = 0; i < e->args.n; i++)
			use_expr(u, e->args.v[i], USE_RV, true);
		use_expr(u, e->left, USE_RV, true);
		return;
	case EXPR_TERNARY:
		use_expr(u, e->left, USE_RV, true);
		use_expr(u, e->right, USE_RV, lread);
		use_expr(u, e->third, USE_RV, lread);
		return;
	case EXPR_EMBEDDED:
		u->side_effects = true;
		return;
	default:
		break;
	}
	use_expr(u, e->left, USE_RV, lread);
	use_expr(u, e->right, USE_RV, lread);
	use_expr(u, e->third, USE_RV, lread);
	for (int i = 0; i < e->args.n; i++)
		use_expr(u, e->args.v[i], USE_RV, lread);
	for (int i = 0; i < e->comps.n; i++)
		use_expr(u, e->comps.v[i].index, USE_RV, lread);
}

static void use_stmt(struct use_ctx *u, const struct ast_stmt *st)
{
	if (!st)
		return;
	switch (st->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < st->body.n; i++)
			use_stmt(u, st->body.v[i]);
		return;
	case STMT_EXPR:
		use_expr(u, st->expr, USE_RV, false);
		return;
	case STMT_IF:
		use_expr(u, st->expr, USE_RV, true);
		use_stmt(u, st->then);
		use_stmt(u, st->els);
		return;
	case STMT_FOR:
		use_expr(u, st->init, USE_RV, false);
		use_expr(u, st->expr, USE_RV, true);
		use_expr(u, st->incr, USE_RV, false);
		use_stmt(u, st->loop_body);
		return;
	case STMT_RETURN:
		u->side_effects = true;
		use_expr(u, st->expr, USE_RV, true);
		return;
	case STMT_DELETE:
		use_expr(u, st->expr, USE_LRV, true);
		return;
	case STMT_FOREACH:
		if (st->base && st->base->kind == EXPR_HIST)
			use_expr(u, st->base, USE_RV, false);
		else
			use_expr(u, st->base, USE_RV, false);
		if (st->sort_dir && st->base && st->base->kind == EXPR_SYM)
			note(&u->written, st->base->var);
		for (int i = 0; i < st->keys.n; i++)
			use_expr(u, st->keys.v[i], USE_LV, false);
		for (int i = 0; i < st->slice.n; i++)
			use_expr(u, st->slice.v[i], USE_RV, true);
		use_expr(u, st->value_var, USE_LV, false);
		use_expr(u, st->limit, USE_RV, true);
		use_stmt(u, st->loop_body);
		return;
	case STMT_TRY:
		use_stmt(u, st->then);
		if (st->catch_var)
			note(&u->written, st->catch_var->var);
		use_stmt(u, st->els);
		return;
	case STMT_NEXT:
	case STMT_BREAK:
	case STMT_CONTINUE:
	case STMT_EMBEDDED:
		u->side_effects = true;
		return;
	default:
		return;
	}
}

static void use_free(struct use_ctx *u)
{
	vec_free(&u->written);
	vec_free(&u->read);
	vec_free(&u->used);
	vec_free(&u->seen_fns);
}

/* ---- probe conditions ---------------------------------------------------------------- */

int check_conditions(struct sema *s)
{
	bool any = false;
	vec_foreach(&s->prog->probes, dpp)
	{
		struct derived_probe *dp = *dpp;
		if (!dp->cond)
			continue;
		struct use_ctx u = {.s = s};
		use_expr(&u, dp->cond, USE_RV, false);
		if (u.written.n)
			sema_print_error(s,
					 SEM_ERR(dp->cond->tok, "probe condition must not modify "
								"any variables"));
		use_free(&u);
		/* if (!(cond)) next; in front of the body */
		struct ast_stmt *ifs = node_stmt(s, STMT_IF, dp->cond->tok);
		ifs->then = node_stmt(s, STMT_NEXT, dp->cond->tok);
		struct ast_expr *notex = node_expr(s, EXPR_UNARY, dp->cond->tok);
		notex->op = '!';
		notex->left = dp->cond;
		ifs->expr = notex;
		dp->body = node_block(s, ifs, dp->body, NULL);
		/* the separate copy keeps its own nodes for a backend's arming decisions */
		dp->cond = clone_expr(s, dp->cond);
		any = true;
	}
	if (any) {
		/* PR18115: a begin probe that initialises conditions before anything runs */
		struct xprobe *x = xprobe_new(s, NULL);
		x->synthetic = true;
		x->body = node_stmt(s, STMT_BLOCK, NULL);
		struct ast_probe_point *pp = node_point(s, NULL);
		vec_push(&pp->components, node_comp(s, "begin", NULL, NULL));
		vec_push(&x->points, pp);
		struct derived_probe *dp = derived_new(s, x, pp, PROBE_BEGIN, NULL, NULL);
		dp->synthetic = true;
		derived_add(s, dp);
	}
	return sema_num_errors(s);
}

/* ---- foreach mutation ---------------------------------------------------------------- */

struct iter_ctx {
	struct sema *s;
	VEC(const struct ast_var *) iterating;
};

static void fn_mutations(struct sema *s, const struct ast_function *f, void *setp)
{
	struct use_ctx u = {.s = s};
	use_fn(&u, f);
	VEC(const struct ast_var *) *set = setp;
	vec_foreach(&u.written, w) note(set, *w);
	use_free(&u);
}

static void iter_stmt(struct iter_ctx *c, const struct ast_stmt *st);

static void iter_expr(struct iter_ctx *c, const struct ast_expr *e, bool lvalue)
{
	if (!e)
		return;
	if (e->kind == EXPR_INDEX && lvalue) {
		const struct ast_var *vd = lvalue_var(e);
		if (e->left && e->left->kind == EXPR_HIST)
			sema_print_error(c->s, SEM_ERR(e->tok, "Assignment to read-only histogram "
							       "bucket"));
		for (int i = 0; vd && i < c->iterating.n; i++)
			if (c->iterating.v[i] == vd)
				sema_print_error(c->s, SEM_ERR(e->tok,
							       "variable '%s' modified during "
							       "'foreach' iteration",
							       vd->name));
	}
	if (e->kind == EXPR_CALL && c->iterating.n) {
		for (const struct ast_function *f = e->fn; f; f = f->next_overload) {
			VEC(const struct ast_var *) muts = {0};
			fn_mutations(c->s, f, &muts);
			for (int j = 0; j < c->iterating.n; j++)
				if (in_set(&muts, c->iterating.v[j]))
					sema_print_error(
					    c->s,
					    SEM_ERR(
						e->tok,
						"function call modifies var '%s' during 'foreach' "
						"iteration",
						c->iterating.v[j]->name));
			vec_free(&muts);
		}
	}
	bool lv_left = (e->kind == EXPR_ASSIGN && is_assign_op(e->op)) || e->kind == EXPR_INCDEC;
	iter_expr(c, e->left, lv_left);
	iter_expr(c, e->right, false);
	iter_expr(c, e->third, false);
	for (int i = 0; i < e->args.n; i++)
		iter_expr(c, e->args.v[i], false);
}

static void iter_stmt(struct iter_ctx *c, const struct ast_stmt *st)
{
	if (!st)
		return;
	if (st->kind == STMT_FOREACH) {
		const struct ast_var *vd = NULL;
		if (st->base && st->base->kind == EXPR_SYM)
			vd = st->base->var;
		else if (st->base && st->base->kind == EXPR_HIST)
			vd = lvalue_var(st->base->left);
		iter_expr(c, st->base, false);
		for (int i = 0; i < st->keys.n; i++)
			iter_expr(c, st->keys.v[i], true);
		iter_expr(c, st->value_var, true);
		iter_expr(c, st->limit, false);
		if (vd)
			vec_push(&c->iterating, vd);
		iter_stmt(c, st->loop_body);
		if (vd)
			c->iterating.n--;
		return;
	}
	for (int i = 0; i < st->body.n; i++)
		iter_stmt(c, st->body.v[i]);
	iter_expr(c, st->init, false);
	iter_expr(c, st->expr, st->kind == STMT_DELETE);
	iter_expr(c, st->incr, false);
	iter_expr(c, st->catch_var, true);
	iter_stmt(c, st->then);
	iter_stmt(c, st->els);
	iter_stmt(c, st->loop_body);
}

int check_vars(struct sema *s)
{
	struct iter_ctx c = {.s = s};
	vec_foreach(&s->used_fns, f)
	{
		if ((*f)->fn->body)
			iter_stmt(&c, (*f)->fn->body);
	}
	vec_foreach(&s->prog->probes, dp) iter_stmt(&c, (*dp)->body);
	vec_free(&c.iterating);
	return sema_num_errors(s);
}

/* ---- statistics ---------------------------------------------------------------------- */

struct stat_decl {
	const struct ast_var *v;
	int type; /* HIST_NONE / HIST_LINEAR / HIST_LOG */
	int64_t params[3];
	int shift;
	bool variance; /* @variance is used: stap's STAT_OP_VARIANCE */
};

struct stat_ctx {
	struct sema *s;
	VEC(struct stat_decl) decls;
	bool thrown;
};

static struct stat_decl *stat_find(struct stat_ctx *c, const struct ast_var *v, bool make)
{
	vec_foreach(&c->decls, d)
	{
		if (d->v == v)
			return d;
	}
	if (!make)
		return NULL;
	struct stat_decl d = {.v = v};
	vec_push(&c->decls, d);
	return &vec_last(&c->decls);
}

static void stat_expr(struct stat_ctx *c, const struct ast_expr *e)
{
	if (!e || c->thrown)
		return;
	if (e->kind == EXPR_STATOP) {
		const struct ast_var *v = lvalue_var(e->left);
		int shift = e->stat_nparams ? (int)e->hist_params[0] : 0;
		if (shift < 0 || shift > 62) {
			sema_print_error(
			    c->s, SEM_ERR(e->tok, "bit shift (%d) out of range <0..62>", shift));
			c->thrown = true;
			return;
		}
		struct stat_decl *d = stat_find(c, v, false);
		if (!d) {
			d = stat_find(c, v, true);
			d->shift = shift;
			d->variance = e->stat == STAT_VARIANCE;
		} else if (e->stat == STAT_VARIANCE) {
			d->variance = true;
			if (d->shift != 0 && d->shift != shift) {
				sema_print_error(c->s, SEM_ERR(e->tok,
							       "conflicting bit shifts "
							       "declared (previously %d)",
							       d->shift));
				c->thrown = true;
				return;
			}
			d->shift = shift;
		}
	} else if (e->kind == EXPR_ASSIGN && e->op == OP_STAT_ASSIGN) {
		stat_find(c, lvalue_var(e->left), true);
		return; /* stap does not look inside */
	} else if (e->kind == EXPR_HIST) {
		const struct ast_var *v = lvalue_var(e->left);
		struct stat_decl nd = {.v = v, .type = e->hist};
		if (e->hist == HIST_LINEAR)
			memcpy(nd.params, e->hist_params, sizeof(nd.params));
		struct stat_decl *d = stat_find(c, v, false);
		if (!d) {
			vec_push(&c->decls, nd);
		} else if (d->type != nd.type || memcmp(d->params, nd.params, sizeof(nd.params))) {
			if (d->type == HIST_NONE) {
				d->type = nd.type;
				memcpy(d->params, nd.params, sizeof(nd.params));
			} else {
				sema_print_error(c->s, SEM_ERR(e->tok,
							       "multiple histogram types "
							       "declared on '%s'",
							       v ? v->name : ""));
			}
		}
	}
	stat_expr(c, e->left);
	stat_expr(c, e->right);
	stat_expr(c, e->third);
	for (int i = 0; i < e->args.n; i++)
		stat_expr(c, e->args.v[i]);
}

static void stat_stmt(struct stat_ctx *c, const struct ast_stmt *st)
{
	if (!st || c->thrown)
		return;
	if (st->kind == STMT_FOREACH && st->base && st->base->kind == EXPR_SYM &&
	    st->base->type == TYPE_STATS && st->sort_dir && st->sort_column <= 0)
		stat_find(c, st->base->var, true);
	if (st->kind == STMT_FOREACH && st->base && st->base->kind == EXPR_SYM &&
	    st->base->type == TYPE_STATS && st->sort_agg_given && st->sort_agg == STAT_VARIANCE)
		stat_find(c, st->base->var, true)->variance = true;
	for (int i = 0; i < st->body.n; i++)
		stat_stmt(c, st->body.v[i]);
	stat_expr(c, st->init);
	stat_expr(c, st->expr);
	stat_expr(c, st->incr);
	stat_expr(c, st->base);
	for (int i = 0; i < st->keys.n; i++)
		stat_expr(c, st->keys.v[i]);
	stat_expr(c, st->value_var);
	stat_expr(c, st->limit);
	stat_stmt(c, st->then);
	stat_stmt(c, st->els);
	stat_stmt(c, st->loop_body);
}

int check_stats(struct sema *s)
{
	struct stat_ctx c = {.s = s};
	vec_foreach(&s->used_fns, f)
	{
		if ((*f)->fn->body)
			stat_stmt(&c, (*f)->fn->body);
	}
	vec_foreach(&s->prog->probes, dp) stat_stmt(&c, (*dp)->body);
	vec_foreach(&s->prog->globals, gp)
	{
		struct ast_var *g = *gp;
		if (g->type != TYPE_STATS)
			continue;
		struct stat_decl *d = stat_find(&c, g, false);
		if (!d) {
			sema_print_error(s, SEM_ERR(NULL,
						    "unable to infer statistic parameters for "
						    "global '%s'",
						    g->name));
			continue;
		}
		g->hist_kind = d->type;
		memcpy(g->hist_params, d->params, sizeof(g->hist_params));
		g->var_shift = d->shift;
		g->var_used = d->variance;
	}
	vec_free(&c.decls);
	return sema_num_errors(s);
}

/* ---- regular expressions ------------------------------------------------------------- */

static void regex_visit(struct ast_expr *e, void *ctx)
{
	struct sema *s = ctx;
	if (e->kind != EXPR_REGEX || !e->right || e->right->kind != EXPR_STR)
		return;
	regex_t re;
	int rc = regcomp(&re, e->right->str, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		char msg[256];
		regerror(rc, &re, msg, sizeof(msg));
		sema_print_error(s, SEM_ERR(e->right->tok, "regex compilation error: %s", msg));
		return;
	}
	regfree(&re);
}

int check_regexes(struct sema *s)
{
	vec_foreach(&s->used_fns, f)
	{
		if ((*f)->fn->body)
			walk_stmt((*f)->fn->body, regex_visit, s);
	}
	vec_foreach(&s->prog->probes, dp) walk_stmt((*dp)->body, regex_visit, s);
	return sema_num_errors(s);
}

/* ---- used by the optimiser and auto-print -------------------------------------------- */

struct varuse *varuse_collect(struct sema *s)
{
	struct use_ctx *u = xcalloc(1, sizeof(*u));
	u->s = s;
	vec_foreach(&s->prog->probes, dp)
	{
		use_stmt(u, (*dp)->body);
		use_expr(u, (*dp)->cond, USE_RV, false);
	}
	return (struct varuse *)u;
}

bool varuse_read(const struct varuse *vu, const struct ast_var *v)
{
	return in_set(&((const struct use_ctx *)vu)->read, v);
}

bool varuse_written(const struct varuse *vu, const struct ast_var *v)
{
	return in_set(&((const struct use_ctx *)vu)->written, v);
}

bool varuse_used(const struct varuse *vu, const struct ast_var *v)
{
	return in_set(&((const struct use_ctx *)vu)->used, v);
}

void varuse_free(struct varuse *vu)
{
	if (!vu)
		return;
	use_free((struct use_ctx *)vu);
	free(vu);
}

bool expr_side_effect_free(struct sema *s, const struct ast_expr *e)
{
	struct use_ctx u = {.s = s};
	use_expr(&u, e, USE_RV, false);
	bool r = !u.side_effects && !u.written.n;
	use_free(&u);
	return r;
}

bool stmt_side_effect_free(struct sema *s, const struct ast_stmt *st)
{
	struct use_ctx u = {.s = s};
	use_stmt(&u, st);
	bool r = !u.side_effects && !u.written.n;
	use_free(&u);
	return r;
}

/* ---- embedded C ---------------------------------------------------------------------- */

static void embedded_visit(struct ast_expr *e, void *ctx)
{
	struct sema *s = ctx;
	if (e->kind == EXPR_EMBEDDED)
		sema_print_error(s, SEM_ERR(e->tok, "embedded C code is not supported by utap"));
}

static void embedded_stmt(struct sema *s, const struct ast_stmt *st)
{
	if (!st)
		return;
	if (st->kind == STMT_EMBEDDED)
		sema_print_error(s, SEM_ERR(st->tok, "embedded C code is not supported by utap"));
	for (int i = 0; i < st->body.n; i++)
		embedded_stmt(s, st->body.v[i]);
	embedded_stmt(s, st->then);
	embedded_stmt(s, st->els);
	embedded_stmt(s, st->loop_body);
}

/* utap has no C compiler behind it: %{ %} that survived the parser (-g, or a tapset
 * function a script calls) cannot run. Built-ins replace the tapset functions stap
 * writes in C (resolve.c drops those). */
int check_embedded(struct sema *s)
{
	vec_foreach(&s->used_fns, fip)
	{
		struct ast_function *f = (*fip)->fn;
		if (f->embedded)
			sema_print_error(s, SEM_ERR(f->tok,
						    "function '%s' is written in embedded C, "
						    "which utap does not support",
						    f->name));
		else if (f->body) {
			embedded_stmt(s, f->body);
			walk_stmt(f->body, embedded_visit, s);
		}
	}
	vec_foreach(&s->prog->probes, dp)
	{
		embedded_stmt(s, (*dp)->body);
		walk_stmt((*dp)->body, embedded_visit, s);
	}
	vec_foreach(&s->user_files, f)
	{
		for (int i = 0; i < (*f)->embeds.n; i++)
			sema_print_error(s, SEM_ERR((*f)->embeds.v[i]->tok,
						    "embedded C code is not supported by utap"));
	}
	return sema_num_errors(s);
}

/* ---- what stap's translator (pass 3) rejects ----------------------------------------- */

static int loops_stmt(struct diag *d, const struct ast_stmt *st, int depth)
{
	if (!st)
		return 0;
	int n = 0;
	if ((st->kind == STMT_BREAK || st->kind == STMT_CONTINUE) && depth == 0) {
		diag_semantic(d, diag_error_new(DIAG_SITE, st->tok,
						st->kind == STMT_BREAK
						    ? "cannot 'break' outside loop"
						    : "cannot 'continue' outside loop"));
		n++;
	}
	int inner = depth + (st->kind == STMT_FOR || st->kind == STMT_FOREACH);
	for (int i = 0; i < st->body.n; i++)
		n += loops_stmt(d, st->body.v[i], depth);
	n += loops_stmt(d, st->then, depth);
	n += loops_stmt(d, st->els, depth);
	n += loops_stmt(d, st->loop_body, inner);
	return n;
}

int sema_check_translate(const struct program *p, struct diag *d)
{
	int n = 0;
	for (int i = 0; i < p->functions.n; i++)
		n += loops_stmt(d, p->functions.v[i]->body, 0);
	for (int i = 0; i < p->probes.n; i++)
		n += loops_stmt(d, p->probes.v[i]->body, 0);
	return n;
}
