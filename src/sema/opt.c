// SPDX-License-Identifier: MIT
/* The optimiser of stap 4.8's pass 2 (elaborate.cxx semantic_pass_optimize1): constant
 * folding (which also settles @defined), removal of code after next/return/break/continue,
 * and unless -u: unused variable and function elision, dead assignments, side-effect-free
 * statements and empty probes, with stap's warnings. It runs to a fixpoint before type
 * inference, so, as in stap, it can hide type errors in dead code. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "sema/suggest.h"
#include "util/alloc.h"

struct opt {
	struct sema *s;
	bool relaxed;
	bool collapse_defines;
	int iteration;
};

static bool is_user_tok(struct sema *s, const struct token *t)
{
	if (!t || !t->file || t->file->synthetic)
		return false;
	vec_foreach(&s->user_files, f)
	{
		if (!strcmp((*f)->src->name, t->file->name))
			return true;
	}
	return false;
}

static void warn(struct opt *o, const struct token *tok, const char *fmt, const char *arg)
{
	if (o->s->o->suppress_warnings || (o->iteration > 0 && o->s->o->verbose <= 2))
		return;
	diag_warn(o->s->diag, tok, fmt, arg);
}

/* ---- constant folding ---------------------------------------------------------------- */

static struct ast_expr *num_at(struct opt *o, int64_t v, const struct token *tok)
{
	o->relaxed = false;
	return node_num(o->s, v, tok);
}

static bool is_num(const struct ast_expr *e)
{
	return e && e->kind == EXPR_NUM;
}

static bool is_str(const struct ast_expr *e)
{
	return e && e->kind == EXPR_STR;
}

static struct ast_expr *fold(struct opt *o, struct ast_expr *e);

static void fold_args(struct opt *o, struct ast_expr *e)
{
	for (int i = 0; i < e->args.n; i++)
		if (e->args.v[i])
			e->args.v[i] = fold(o, e->args.v[i]);
}

/* "other" gets the long type the identity implies, or a left/right mismatch error */
static bool identity_long(struct opt *o, struct ast_expr *e, struct ast_expr *other)
{
	if (other->type == TYPE_UNKNOWN)
		other->type = TYPE_LONG;
	else if (other->type != TYPE_LONG) {
		sema_print_error(o->s, SEM_ERR(e->tok,
					       "type mismatch: left and right sides don't "
					       "agree (%s vs %s)",
					       ast_type_name(e->left->type),
					       ast_type_name(e->right->type)));
		return false;
	}
	return true;
}

static struct ast_expr *fold_binary(struct opt *o, struct ast_expr *e)
{
	e->left = fold(o, e->left);
	e->right = fold(o, e->right);
	struct ast_expr *l = is_num(e->left) ? e->left : NULL;
	struct ast_expr *r = is_num(e->right) ? e->right : NULL;
	int op = e->op;
	if (r && !r->num && (op == '/' || op == '%'))
		return e; /* a run-time error, unless optimised out elsewhere */
	if (l && r) {
		int64_t a = l->num, b = r->num, v;
		uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
		int sh = b < 0 ? 0 : b > 64 ? 64 : (int)b;
		switch (op) {
		case '+':
			v = (int64_t)(ua + ub);
			break;
		case '-':
			v = (int64_t)(ua - ub);
			break;
		case '*':
			v = (int64_t)(ua * ub);
			break;
		case '&':
			v = a & b;
			break;
		case '|':
			v = a | b;
			break;
		case '^':
			v = a ^ b;
			break;
		case OP_SHR:
			v = sh >= 64 ? (a < 0 ? -1 : 0) : a >> sh;
			break;
		case OP_SHL:
			v = sh >= 64 ? 0 : (int64_t)(ua << sh);
			break;
		case '/':
			v = (a == LLONG_MIN && b == -1) ? LLONG_MIN : a / b;
			break;
		case '%':
			v = (a == LLONG_MIN && b == -1) ? 0 : a % b;
			break;
		default:
			return e; /* >>> is not folded by stap */
		}
		return num_at(o, v, e->tok);
	}
	struct ast_expr *other = l ? e->right : e->left;
	if ((l && ((l->num == 0 && (op == '*' || op == '&' || op == OP_SHR || op == OP_SHL)) ||
		   (l->num == -1 && (op == '|' || op == OP_SHR)))) ||
	    (r && ((r->num == 0 && (op == '*' || op == '&')) || (r->num == 1 && op == '%') ||
		   (r->num == -1 && (op == '%' || op == '|'))))) {
		if (!expr_side_effect_free(o->s, other))
			return e;
		if (!identity_long(o, e, other))
			return e;
		int64_t v = l ? l->num : op == '%' ? 0 : r->num;
		return num_at(o, v, e->tok);
	}
	if ((l && ((l->num == 0 && (op == '+' || op == '|' || op == '^')) ||
		   (l->num == 1 && op == '*') || (l->num == -1 && op == '&'))) ||
	    (r && ((r->num == 0 && (op == '+' || op == '-' || op == '|' || op == '^')) ||
		   (r->num == 1 && (op == '*' || op == '/')) || (r->num == -1 && op == '&') ||
		   (r->num <= 0 && (op == OP_SHR || op == OP_SHL))))) {
		if (!identity_long(o, e, other))
			return e;
		o->relaxed = false;
		return other;
	}
	return e;
}

static struct ast_expr *fold_unary(struct opt *o, struct ast_expr *e)
{
	e->left = fold(o, e->left);
	if (!is_num(e->left))
		return e;
	int64_t v = e->left->num;
	switch (e->op) {
	case '+':
		break;
	case '-':
		v = (int64_t)(0 - (uint64_t)v);
		break;
	case '!':
		v = !v;
		break;
	case '~':
		v = ~v;
		break;
	default:
		return e;
	}
	return num_at(o, v, e->tok);
}

static struct ast_expr *fold_logical(struct opt *o, struct ast_expr *e)
{
	e->left = fold(o, e->left);
	e->right = fold(o, e->right);
	struct ast_expr *l = is_num(e->left) ? e->left : NULL;
	struct ast_expr *r = is_num(e->right) ? e->right : NULL;
	bool is_or = e->op == OP_OROR;
	if (l && r)
		return num_at(o, is_or ? (l->num || r->num) : (l->num && r->num), e->tok);
	bool hit = is_or ? ((l && l->num) || (r && r->num)) : ((l && !l->num) || (r && !r->num));
	if (!hit)
		return e;
	if (r && !expr_side_effect_free(o->s, e->left))
		return e;
	return num_at(o, is_or ? 1 : 0, e->tok);
}

static struct ast_expr *fold_compare(struct opt *o, struct ast_expr *e)
{
	e->left = fold(o, e->left);
	e->right = fold(o, e->right);
	int comp;
	if (is_str(e->left) && is_str(e->right)) {
		comp = strcmp(e->left->raw ? e->left->raw : e->left->str,
			      e->right->raw ? e->right->raw : e->right->str);
	} else if (is_num(e->left) && is_num(e->right)) {
		comp = e->left->num < e->right->num ? -1 : e->left->num > e->right->num;
	} else {
		struct ast_expr *ln = is_num(e->left) ? e->left : NULL;
		struct ast_expr *rn = is_num(e->right) ? e->right : NULL;
		int op = e->op;
		if ((ln && ((ln->num == LLONG_MIN && (op == OP_LE || op == '>')) ||
			    (ln->num == LLONG_MAX && (op == OP_GE || op == '<')))) ||
		    (rn && ((rn->num == LLONG_MIN && (op == OP_GE || op == '<')) ||
			    (rn->num == LLONG_MAX && (op == OP_LE || op == '>'))))) {
			struct ast_expr *other = ln ? e->right : e->left;
			if (!expr_side_effect_free(o->s, other))
				return e;
			return num_at(o, op == OP_LE || op == OP_GE, e->tok);
		}
		return e;
	}
	int64_t v;
	switch (e->op) {
	case OP_EQ:
		v = comp == 0;
		break;
	case OP_NE:
		v = comp != 0;
		break;
	case '<':
		v = comp < 0;
		break;
	case '>':
		v = comp > 0;
		break;
	case OP_LE:
		v = comp <= 0;
		break;
	case OP_GE:
		v = comp >= 0;
		break;
	default:
		return e;
	}
	return num_at(o, v, e->tok);
}

static struct ast_expr *fold_concat(struct opt *o, struct ast_expr *e)
{
	e->left = fold(o, e->left);
	e->right = fold(o, e->right);
	struct ast_expr *l = is_str(e->left) ? e->left : NULL;
	struct ast_expr *r = is_str(e->right) ? e->right : NULL;
	if (l && r) {
		o->relaxed = false;
		struct ast_expr *n = node_expr(o->s, EXPR_STR, e->tok);
		n->type = TYPE_STRING;
		n->str_len = l->str_len + r->str_len;
		char *buf = arena_alloc(o->s->a, n->str_len + 1);
		memcpy(buf, l->str, l->str_len);
		memcpy(buf + l->str_len, r->str, r->str_len);
		n->str = buf;
		n->raw = arena_printf(o->s->a, "%s%s", l->raw ? l->raw : l->str,
				      r->raw ? r->raw : r->str);
		return n;
	}
	if ((l && !l->str_len) || (r && !r->str_len)) {
		o->relaxed = false;
		return l ? e->right : e->left;
	}
	return e;
}

static struct ast_expr *fold_ternary(struct opt *o, struct ast_expr *e)
{
	e->left = fold(o, e->left);
	if (!is_num(e->left)) {
		e->right = fold(o, e->right);
		e->third = fold(o, e->third);
		return e;
	}
	o->relaxed = false;
	return fold(o, e->left->num ? e->right : e->third);
}

static struct ast_expr *fold_defined(struct opt *o, struct ast_expr *e)
{
	e->left = fold(o, e->left);
	if (!(o->collapse_defines && o->relaxed))
		return e;
	/* "Don't be greedy": one at a time, so that typing can have another go */
	int64_t v = e->left && e->left->type != TYPE_UNKNOWN;
	return num_at(o, v, e->tok);
}

static struct ast_expr *fold(struct opt *o, struct ast_expr *e)
{
	if (!e)
		return NULL;
	switch (e->kind) {
	case EXPR_BINARY:
		return fold_binary(o, e);
	case EXPR_UNARY:
		return fold_unary(o, e);
	case EXPR_LOGICAL:
		return fold_logical(o, e);
	case EXPR_COMPARE:
		return fold_compare(o, e);
	case EXPR_CONCAT:
		return fold_concat(o, e);
	case EXPR_TERNARY:
		return fold_ternary(o, e);
	case EXPR_DEFINED:
		return fold_defined(o, e);
	default:
		break;
	}
	e->left = fold(o, e->left);
	e->right = fold(o, e->right);
	e->third = fold(o, e->third);
	fold_args(o, e);
	for (int i = 0; i < e->comps.n; i++)
		e->comps.v[i].index = fold(o, e->comps.v[i].index);
	return e;
}

static struct ast_stmt *null_stmt(struct opt *o, const struct token *tok)
{
	return node_stmt(o->s, STMT_NULL, tok);
}

static struct ast_stmt *fold_stmt(struct opt *o, struct ast_stmt *st)
{
	if (!st)
		return NULL;
	switch (st->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < st->body.n; i++)
			st->body.v[i] = fold_stmt(o, st->body.v[i]);
		return st;
	case STMT_IF:
		st->expr = fold(o, st->expr);
		if (!is_num(st->expr)) {
			st->then = fold_stmt(o, st->then);
			st->els = fold_stmt(o, st->els);
			return st;
		}
		o->relaxed = false;
		if (st->expr->num ? st->then : st->els)
			return fold_stmt(o, st->expr->num ? st->then : st->els);
		return null_stmt(o, st->tok);
	case STMT_FOR:
		st->expr = fold(o, st->expr);
		if (!is_num(st->expr) || st->expr->num) {
			st->init = fold(o, st->init);
			st->incr = fold(o, st->incr);
			st->loop_body = fold_stmt(o, st->loop_body);
			return st;
		}
		o->relaxed = false;
		if (st->init) {
			struct ast_stmt *es = node_stmt(o->s, STMT_EXPR, st->init->tok);
			es->expr = fold(o, st->init);
			return es;
		}
		return null_stmt(o, st->tok);
	case STMT_FOREACH:
		st->limit = fold(o, st->limit);
		if (is_num(st->limit) && st->limit->num <= 0) {
			o->relaxed = false;
			return null_stmt(o, st->tok);
		}
		st->base = fold(o, st->base);
		st->value_var = fold(o, st->value_var);
		st->loop_body = fold_stmt(o, st->loop_body);
		return st;
	case STMT_TRY:
		st->then = fold_stmt(o, st->then);
		st->els = fold_stmt(o, st->els);
		return st;
	default:
		st->expr = fold(o, st->expr);
		return st;
	}
}

static void for_each_body(struct sema *s, struct ast_stmt *(*fn)(struct opt *, struct ast_stmt *),
			  struct opt *o)
{
	vec_foreach(&s->prog->probes, dp)(*dp)->body = fn(o, (*dp)->body);
	vec_foreach(&s->used_fns, f)
	{
		if ((*f)->fn->body)
			(*f)->fn->body = fn(o, (*f)->fn->body);
	}
}

/* Returns true when something changed. */
int const_fold(struct sema *s, bool collapse_defines)
{
	struct opt o = {.s = s, .relaxed = true, .collapse_defines = collapse_defines};
	for_each_body(s, fold_stmt, &o);
	return !o.relaxed;
}

/* ---- dead control -------------------------------------------------------------------- */

static struct ast_stmt *dead_control(struct opt *o, struct ast_stmt *st)
{
	if (!st)
		return NULL;
	if (st->kind == STMT_BLOCK) {
		for (int i = 0; i + 1 < st->body.n; i++) {
			struct ast_stmt *c = st->body.v[i];
			dead_control(o, c);
			if (c && (c->kind == STMT_NEXT || c->kind == STMT_RETURN ||
				  c->kind == STMT_BREAK || c->kind == STMT_CONTINUE)) {
				st->body.n = i + 1;
				o->relaxed = false;
				break;
			}
		}
		return st;
	}
	dead_control(o, st->then);
	dead_control(o, st->els);
	dead_control(o, st->loop_body);
	return st;
}

/* ---- unused functions (opt1) --------------------------------------------------------- */

static void called_fns(struct ast_expr *e, void *ctx)
{
	VEC(struct ast_function *) *seen = ctx;
	if (e->kind != EXPR_CALL)
		return;
	for (struct ast_function *f = e->fn; f; f = f->next_overload) {
		bool have = false;
		for (int i = 0; i < seen->n && !have; i++)
			have = seen->v[i] == f;
		if (have)
			continue;
		vec_push(seen, f);
		if (f->body)
			walk_stmt(f->body, called_fns, ctx);
	}
}

static void opt1(struct opt *o)
{
	struct sema *s = o->s;
	VEC(struct ast_function *) seen = {0};
	vec_foreach(&s->prog->probes, dp)
	{
		walk_stmt((*dp)->body, called_fns, &seen);
		walk_expr((*dp)->cond, called_fns, &seen);
	}
	int k = 0;
	for (int i = 0; i < s->used_fns.n; i++) {
		struct fn_info *fi = s->used_fns.v[i];
		bool live = false;
		for (int j = 0; j < seen.n && !live; j++)
			live = seen.v[j] == fi->fn;
		if (live) {
			s->used_fns.v[k++] = fi;
			continue;
		}
		if (is_user_tok(s, fi->fn->tok))
			warn(o, fi->fn->tok, "Eliding unused function '%s'", fi->fn->name);
		fi->used = false;
		o->relaxed = false;
	}
	s->used_fns.n = k;
	vec_free(&seen);
}

/* ---- unused variables (opt2) --------------------------------------------------------- */

static char *similar_vars(struct sema *s, const char *target, const char *self,
			  struct ast_var *const *a, int na, struct ast_var *const *b, int nb)
{
	struct suggest_set set = {0};
	for (int i = 0; i < na; i++)
		if (!self || strcmp(a[i]->name, self))
			suggest_set_add(&set, a[i]->name);
	for (int i = 0; i < nb; i++)
		if (!self || strcmp(b[i]->name, self))
			suggest_set_add(&set, b[i]->name);
	vec_foreach(&s->prog->globals, g)
	{
		if (!(*g)->is_private && (!self || strcmp((*g)->name, self)))
			suggest_set_add(&set, (*g)->name);
	}
	char *r = suggest(target, &set, 5);
	suggest_set_free(&set);
	return r;
}

static void never_assigned(struct opt *o, struct ast_var *v, const char *what, char *sugs)
{
	struct sema *s = o->s;
	if (o->iteration == 0 && !s->o->suppress_warnings) {
		if (*sugs)
			diag_warn(s->diag, v->tok, "never-assigned %s variable '%s' (similar: %s)",
				  what, v->name, sugs);
		else
			diag_warn(s->diag, v->tok, "never-assigned %s variable '%s'", what,
				  v->name);
	}
	free(sugs);
}

/* Drops the locals nobody reads or writes; warns about read-only ones. */
static void opt2_locals(struct opt *o, const struct varuse *vu, void *localsp,
			struct ast_var *const *params, int nparams)
{
	VEC(struct ast_var *) *locals = localsp;
	int k = 0;
	for (int j = 0; j < locals->n; j++) {
		struct ast_var *l = locals->v[j];
		if (!varuse_read(vu, l) && !varuse_written(vu, l)) {
			if (is_user_tok(o->s, l->tok))
				warn(o, l->tok, "Eliding unused variable '%s'", l->name);
			o->relaxed = false;
			continue;
		}
		if (!varuse_written(vu, l))
			never_assigned(o, l, "local",
				       similar_vars(o->s, l->name, l->name, params, nparams,
						    locals->v, locals->n));
		locals->v[k++] = l;
	}
	locals->n = k;
}

static void opt2(struct opt *o)
{
	struct sema *s = o->s;
	struct varuse *vu = varuse_collect(s);
	vec_foreach(&s->prog->probes, dp) opt2_locals(o, vu, &(*dp)->locals, NULL, 0);
	vec_foreach(&s->used_fns, fi)
	{
		struct ast_function *f = (*fi)->fn;
		opt2_locals(o, vu, &f->locals, f->params.v, f->params.n);
	}
	int k = 0;
	for (int i = 0; i < s->prog->globals.n; i++) {
		struct ast_var *g = s->prog->globals.v[i];
		if (!varuse_read(vu, g) && !varuse_written(vu, g)) {
			if (is_user_tok(s, g->tok))
				warn(o, g->tok, "Eliding unused variable '%s'", g->name);
			o->relaxed = false;
			continue;
		}
		s->prog->globals.v[k++] = g;
		if (varuse_written(vu, g) || g->init || o->iteration)
			continue;
		bool by_gopt = false;
		for (int j = 0; j < s->o->n_global_sets; j++) {
			size_t n = strlen(g->name);
			if (!strncmp(s->o->global_sets[j], g->name, n) &&
			    s->o->global_sets[j][n] == '=')
				by_gopt = true;
		}
		if (by_gopt)
			continue;
		/* stap's quirk: the target is the mangled name, and the variable itself is
		 * among the candidates */
		struct strbuf target = STRBUF_INIT;
		sb_printf(&target, "__global_%s", g->name);
		never_assigned(o, g, "global", similar_vars(s, target.s, NULL, NULL, 0, NULL, 0));
		sb_free(&target);
	}
	s->prog->globals.n = k;
	varuse_free(vu);
}

/* ---- dead assignments (opt3) --------------------------------------------------------- */

static bool is_global(struct sema *s, const struct ast_var *v)
{
	vec_foreach(&s->prog->globals, g)
	{
		if (*g == v)
			return true;
	}
	return false;
}

/* assignment_symbol_fetcher: the variable an lvalue names, NULL for context values;
 * *bad gets the token of a non-lvalue. */
static struct ast_var *lvalue_of(const struct ast_expr *e, const struct token **bad)
{
	*bad = NULL;
	if (e->kind == EXPR_SYM)
		return e->var;
	if (e->kind == EXPR_INDEX) {
		if (e->left && e->left->kind == EXPR_SYM)
			return e->left->var;
		*bad = e->left ? e->left->tok : e->tok;
		return NULL;
	}
	if (e->kind == EXPR_TARGET || e->kind == EXPR_ATOP)
		return NULL;
	*bad = e->tok;
	return NULL;
}

struct dar {
	struct opt *o;
	const struct varuse *vu;
};

static struct ast_expr *dar_expr(struct dar *d, struct ast_expr *e);

static void dar_children(struct dar *d, struct ast_expr *e)
{
	e->left = dar_expr(d, e->left);
	e->right = dar_expr(d, e->right);
	e->third = dar_expr(d, e->third);
	for (int i = 0; i < e->args.n; i++)
		if (e->args.v[i])
			e->args.v[i] = dar_expr(d, e->args.v[i]);
}

static struct ast_expr *dar_expr(struct dar *d, struct ast_expr *e)
{
	if (!e)
		return NULL;
	dar_children(d, e);
	if (e->kind != EXPR_ASSIGN)
		return e;
	struct sema *s = d->o->s;
	const struct token *bad;
	struct ast_var *v = lvalue_of(e->left, &bad);
	if (bad) {
		struct diag_error *err = SEM_ERR(e->tok, "Expecting lvalue for assignment");
		diag_error_set_tok2(err, bad);
		sema_print_error(s, err);
		return e;
	}
	if (!v || varuse_read(d->vu, v) || is_global(s, v))
		return e;
	if (!expr_side_effect_free(s, e->left->kind == EXPR_INDEX ? e->left : NULL))
		return e;
	if (is_user_tok(s, e->left->tok))
		warn(d->o, e->tok, "Eliding assignment to '%s'", v->name);
	d->o->relaxed = false;
	return e->right;
}

static struct ast_stmt *dar_stmt(struct dar *d, struct ast_stmt *st)
{
	if (!st)
		return NULL;
	for (int i = 0; i < st->body.n; i++)
		st->body.v[i] = dar_stmt(d, st->body.v[i]);
	st->init = dar_expr(d, st->init);
	st->expr = dar_expr(d, st->expr);
	st->incr = dar_expr(d, st->incr);
	st->limit = dar_expr(d, st->limit);
	st->then = dar_stmt(d, st->then);
	st->els = dar_stmt(d, st->els);
	st->loop_body = dar_stmt(d, st->loop_body);
	if (st->kind == STMT_TRY && st->catch_var && st->catch_var->var &&
	    !varuse_read(d->vu, st->catch_var->var))
		st->catch_var = NULL;
	return st;
}

static struct dar *cur_dar;

static struct ast_stmt *dar_stmt_cb(struct opt *o, struct ast_stmt *st)
{
	return dar_stmt(cur_dar, st);
}

static void opt3(struct opt *o)
{
	struct varuse *vu = varuse_collect(o->s);
	struct dar d = {.o = o, .vu = vu};
	cur_dar = &d;
	for_each_body(o->s, dar_stmt_cb, o);
	cur_dar = NULL;
	varuse_free(vu);
}

/* ---- side-effect-free statements (opt4) ---------------------------------------------- */

/* side_effect_free_wrt(focal): writes only to variables outside the focus (locals of
 * called functions) do not count. */
static bool free_wrt(struct sema *s, const struct ast_expr *e)
{
	return expr_side_effect_free(s, e);
}

static struct ast_stmt *dse(struct opt *o, struct ast_stmt *st);

static struct ast_stmt *dse_block(struct opt *o, struct ast_stmt *st)
{
	int k = 0;
	for (int i = 0; i < st->body.n; i++) {
		struct ast_stmt *n = dse(o, st->body.v[i]);
		if (!n)
			continue;
		if (n->kind == STMT_BLOCK && n != st) {
			/* flatten nested blocks into this one */
			o->relaxed = false;
			int need = k + n->body.n + (st->body.n - i - 1);
			if (need > st->body.cap) {
				vec_grow(&st->body, need);
			}
			/* make room: the remaining statements move right */
			int rest = st->body.n - i - 1;
			memmove(&st->body.v[k + n->body.n], &st->body.v[i + 1],
				sizeof(void *) * (size_t)rest);
			memcpy(&st->body.v[k], n->body.v, sizeof(void *) * (size_t)n->body.n);
			k += n->body.n;
			st->body.n = k + rest;
			i = k - 1;
			continue;
		}
		st->body.v[k++] = n;
	}
	st->body.n = k;
	if (k == 0)
		return NULL;
	if (k == 1)
		return st->body.v[0];
	return st;
}

static struct ast_stmt *dse(struct opt *o, struct ast_stmt *st)
{
	if (!st)
		return NULL;
	struct sema *s = o->s;
	switch (st->kind) {
	case STMT_NULL:
		return NULL;
	case STMT_BLOCK:
		return dse_block(o, st);
	case STMT_TRY:
		st->then = dse(o, st->then);
		st->els = dse(o, st->els);
		return st->then ? st : NULL;
	case STMT_IF:
		st->then = dse(o, st->then);
		st->els = dse(o, st->els);
		if (st->then)
			return st;
		if (!st->els) {
			if (expr_side_effect_free(s, st->expr))
				return NULL;
			struct ast_stmt *es = node_stmt(s, STMT_EXPR, st->expr->tok);
			es->expr = st->expr;
			return es;
		}
		{
			struct ast_expr *ue = node_expr(s, EXPR_UNARY, st->expr->tok);
			ue->op = '!';
			ue->left = st->expr;
			ue->type = TYPE_LONG;
			st->expr = ue;
			st->then = st->els;
			st->els = NULL;
		}
		return st;
	case STMT_FOREACH:
		st->loop_body = dse(o, st->loop_body);
		return st->loop_body ? st : NULL;
	case STMT_FOR:
		st->loop_body = dse(o, st->loop_body);
		if (st->loop_body)
			return st;
		if ((!st->init || expr_side_effect_free(s, st->init)) &&
		    expr_side_effect_free(s, st->expr) &&
		    (!st->incr || expr_side_effect_free(s, st->incr)))
			return NULL;
		st->loop_body = node_stmt(s, STMT_NULL, st->tok);
		return st;
	case STMT_EXPR:
		if (st->expr && free_wrt(s, st->expr)) {
			if (is_user_tok(s, st->expr->tok))
				warn(o, st->tok, "Eliding side-effect-free expression ", NULL);
			o->relaxed = false;
			return NULL;
		}
		return st;
	default:
		return st;
	}
}

static void opt4(struct opt *o)
{
	struct sema *s = o->s;
	vec_foreach(&s->prog->probes, dpp)
	{
		struct derived_probe *dp = *dpp;
		dp->body = dse(o, dp->body);
		if (!dp->body) {
			dp->body = node_stmt(s, STMT_NULL, dp->tok);
			dp->empty = true;
		}
	}
	vec_foreach(&s->used_fns, fi)
	{
		struct ast_function *f = (*fi)->fn;
		if (!f->body)
			continue;
		f->body = dse(o, f->body);
		if (!f->body) {
			warn(o, f->tok, "side-effect-free function '%s'", f->name);
			f->body = node_stmt(s, STMT_NULL, f->tok);
		}
	}
}

/* ---- unreachable overloads ----------------------------------------------------------- */

static bool has_next(const struct ast_stmt *st)
{
	if (!st)
		return false;
	if (st->kind == STMT_NEXT)
		return true;
	for (int i = 0; i < st->body.n; i++)
		if (has_next(st->body.v[i]))
			return true;
	return has_next(st->then) || has_next(st->els) || has_next(st->loop_body);
}

/* semantic_pass_overload: once a function of a chain cannot 'next', the rest of the
 * chain is unreachable (and opt1 then elides it). */
static void cut_overloads(struct ast_expr *e, void *ctx)
{
	struct opt *o = ctx;
	if (e->kind != EXPR_CALL)
		return;
	for (struct ast_function *f = e->fn; f && f->next_overload; f = f->next_overload) {
		if (f->body && has_next(f->body))
			continue;
		if (f->body || program_builtin_index(o->s->prog, f) >= 0) {
			if (o->s->o->verbose > 3)
				for (struct ast_function *g = f->next_overload; g;
				     g = g->next_overload)
					diag_warn(o->s->diag, g->tok,
						  "instance of overloaded function "
						  "will never be reached");
			f->next_overload = NULL;
			o->relaxed = false;
		}
		break;
	}
}

static void opt_overload(struct opt *o)
{
	struct sema *s = o->s;
	vec_foreach(&s->prog->probes, dp) walk_stmt((*dp)->body, cut_overloads, o);
	vec_foreach(&s->used_fns, fi)
	{
		if ((*fi)->fn->body)
			walk_stmt((*fi)->fn->body, cut_overloads, o);
	}
}

/* ---- the loop ------------------------------------------------------------------------ */

static struct ast_stmt *dead_control_cb(struct opt *o, struct ast_stmt *st)
{
	return dead_control(o, st);
}

int optimize_pre(struct sema *s)
{
	struct opt o = {.s = s};
	bool unopt = s->o->unoptimized;
	for (o.relaxed = false; !o.relaxed; o.iteration++) {
		o.relaxed = true;
		if (unopt && !s->o->dump) {
			opt1(&o);
			for_each_body(s, dead_control_cb, &o);
		}
		if (!unopt) {
			opt1(&o);
			opt2(&o);
			opt3(&o);
			opt4(&o);
		}
		/* semantic_pass_const_fold: an initial type pass first, then folding that
		 * also settles the @defined() still open */
		if (types_initial(s)) {
			o.relaxed = true;
			break;
		}
		o.collapse_defines = true;
		for_each_body(s, fold_stmt, &o);
		o.collapse_defines = false;
		if (!unopt) {
			for_each_body(s, dead_control_cb, &o);
			opt_overload(&o);
		}
		if (o.iteration > 50)
			break;
	}
	/* remove the probes that became empty, unless synthetic */
	if (!unopt && !s->o->dump) {
		int k = 0;
		for (int i = 0; i < s->prog->probes.n; i++) {
			struct derived_probe *dp = s->prog->probes.v[i];
			if (dp->synthetic || !dp->empty) {
				dp->index = k;
				s->prog->probes.v[k++] = dp;
				continue;
			}
			if (!(dp->tok && dp->tok->file && dp->tok->file->synthetic) &&
			    !s->o->suppress_warnings)
				diag_warn(s->diag, dp->tok, "Probe '%s' has been elided",
					  dp->loc && dp->loc->components.n
					      ? dp->loc->components.v[0]->functor
					      : "");
		}
		s->prog->probes.n = k;
	}
	return sema_num_errors(s);
}
