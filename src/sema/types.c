// SPDX-License-Identifier: MIT
/* Type inference to a fixpoint, after stap 4.8's semantic_pass_types and
 * typeresolution_info (elaborate.cxx): every expression, variable, array key, function
 * parameter and return value gets long, string or stats; passes repeat while anything is
 * newly resolved; a last pass "asserts resolvability" and prints stap's errors (the most
 * informative kind of mismatch only, with "first inferred here" chains). */
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "util/alloc.h"

#define T_UNK TYPE_UNKNOWN
#define T_LONG TYPE_LONG
#define T_STR TYPE_STRING
#define T_STATS TYPE_STATS

/* A declaration whose type a mismatch can refer to (stap's symboldecl). */
struct decl {
	struct ast_var *v;
	struct ast_function *f;
};

struct resolved_type {
	const struct token *tok;
	const void *decl;
	int index;
};

struct scratch_type {
	const struct ast_expr *e;
	enum ast_type t;
};

struct tres {
	struct sema *s;
	enum ast_type t;
	int newly, still;
	bool assert_;
	int complexity;
	struct ast_function *cur_fn;
	struct derived_probe *cur_probe;
	VEC(struct resolved_type) resolved;
	VEC(struct scratch_type) scratch; /* types of the arrayindex inside EXPR_IN */
	struct diag_error *thrown;	  /* aborts the whole pass, as stap's throw */
	bool initial;			  /* initial_typeresolution_info: before folding */
};

static void throw_(struct tres *r, struct diag_error *e)
{
	if (r->thrown)
		diag_error_free(e);
	else
		r->thrown = e;
}

static void print_err(struct tres *r, struct diag_error *e)
{
	sema_print_error(r->s, e);
}

static void resolved(struct tres *r, const struct token *tok, const void *decl, int index)
{
	r->newly++;
	if (!decl)
		return;
	vec_foreach(&r->resolved, rt)
	{
		if (rt->decl == decl && rt->index == index) {
			rt->tok = tok;
			return;
		}
	}
	struct resolved_type rt = {.tok = tok, .decl = decl, .index = index};
	vec_push(&r->resolved, rt);
}

static void unresolved(struct tres *r, const struct token *tok)
{
	r->still++;
	if (r->assert_ && r->complexity <= 0)
		print_err(r, SEM_ERR(tok, "unresolved type "));
}

static void invalid(struct tres *r, const struct token *tok, enum ast_type t)
{
	r->still++;
	if (!r->assert_)
		return;
	if (tok && tok->kind == TOK_OPERATOR)
		print_err(r, SEM_ERR(tok, "invalid operator"));
	else
		print_err(r, SEM_ERR(tok, "invalid type %s", ast_type_name(t)));
}

static void mismatch_bin(struct tres *r, const struct ast_expr *e)
{
	r->still++;
	if (r->assert_ && r->complexity <= 1)
		print_err(r, SEM_ERR(e->tok,
				     "type mismatch: left and right sides don't agree "
				     "(%s vs %s)",
				     ast_type_name(e->left->type), ast_type_name(e->right->type)));
	else if (!r->assert_ && r->complexity < 1)
		r->complexity = 1;
}

static void mismatch(struct tres *r, const struct token *tok, enum ast_type t1, enum ast_type t2)
{
	r->still++;
	if (r->assert_ && r->complexity <= 2) {
		if (t2 != T_UNK)
			print_err(r, SEM_ERR(tok, "type mismatch: expected %s but found %s",
					     ast_type_name(t1), ast_type_name(t2)));
		else
			print_err(r, SEM_ERR(tok, "type mismatch: expected %s", ast_type_name(t1)));
	} else if (!r->assert_ && r->complexity < 2) {
		r->complexity = 2;
	}
}

static enum ast_type decl_type(struct decl d)
{
	return d.v ? d.v->type : d.f->ret;
}

static const void *decl_ptr(struct decl d)
{
	return d.v ? (const void *)d.v : (const void *)d.f;
}

static void mismatch_decl(struct tres *r, const struct token *tok, enum ast_type type,
			  struct decl d, int index)
{
	r->still++;
	if (!(r->assert_ && r->complexity <= 3)) {
		if (!r->assert_ && r->complexity < 3)
			r->complexity = 3;
		return;
	}
	if (r->cur_fn && index == -1 && d.v)
		for (int i = 0; i < r->cur_fn->params.n && index < 0; i++)
			if (r->cur_fn->params.v[i] == d.v)
				index = i;
	const struct resolved_type *orig = NULL;
	vec_foreach(&r->resolved, rt)
	{
		if (rt->decl == decl_ptr(d) && rt->index == index) {
			orig = rt;
			break;
		}
	}
	if (!orig) {
		print_err(r, SEM_ERR(tok, "type mismatch: expected %s but found %s",
				     ast_type_name(type), ast_type_name(decl_type(d))));
		return;
	}
	struct diag_error *e =
	    index >= 0 ? SEM_ERR(tok, "index %d type mismatch (%s)", index, ast_type_name(type))
		       : SEM_ERR(tok, "type mismatch (%s)", ast_type_name(type));
	struct diag_error *c =
	    index >= 0 ? SEM_ERR(orig->tok, "type of index %d was first inferred here (%s)", index,
				 ast_type_name(decl_type(d)))
		       : SEM_ERR(orig->tok, "type was first inferred here (%s)",
				 ast_type_name(decl_type(d)));
	diag_error_set_chain(e, c);
	print_err(r, e);
}

/* A built-in's return type is fixed; "V" ones stay unknown (void). */
static enum ast_type *decl_type_slot(struct tres *r, struct decl d, bool *fixed)
{
	*fixed = false;
	if (d.v)
		return &d.v->type;
	if (program_builtin_index(r->s->prog, d.f) >= 0)
		*fixed = true;
	return &d.f->ret;
}

/* resolve_2types: referrer expression vs. referent declaration vs. expected t */
static void resolve_2types(struct tres *r, enum ast_type *re_type, const struct token *re_tok,
			   struct decl d, enum ast_type t, bool accept_unknown)
{
	bool fixed;
	enum ast_type *te_slot = decl_type_slot(r, d, &fixed);
	enum ast_type te = *te_slot == TYPE_VOID ? T_UNK : *te_slot;
	if (t != T_UNK && *re_type == t && *re_type == te)
		;
	else if (t == T_UNK && *re_type != T_UNK && *re_type == te)
		;
	else if (*re_type != T_UNK && te != T_UNK && *re_type != te)
		mismatch_decl(r, re_tok, *re_type, d, -1);
	else if (*re_type != T_UNK && t != T_UNK && *re_type != t)
		mismatch_decl(r, re_tok, t, d, -1);
	else if (te != T_UNK && t != T_UNK && te != t)
		mismatch_decl(r, re_tok, t, d, -1);
	else if (*re_type == T_UNK && t != T_UNK) {
		*re_type = t;
		resolved(r, re_tok, NULL, 0);
	} else if (*re_type == T_UNK && te != T_UNK) {
		*re_type = te;
		resolved(r, re_tok, NULL, 0);
	} else if (*re_type != T_UNK && te == T_UNK) {
		if (fixed) {
			if (!accept_unknown)
				unresolved(r, re_tok);
			return;
		}
		*te_slot = *re_type;
		resolved(r, re_tok, decl_ptr(d), -1);
	} else if (!accept_unknown) {
		unresolved(r, re_tok);
	}
}

static void visit(struct tres *r, struct ast_expr *e);

static void check_arg_type(struct tres *r, enum ast_type wanted, struct ast_expr *arg)
{
	r->t = wanted;
	visit(r, arg);
	if (arg->type == T_UNK) {
		arg->type = wanted;
		resolved(r, arg->tok, NULL, 0);
	} else if (arg->type != wanted) {
		mismatch(r, arg->tok, wanted, arg->type);
	}
}

static void set_type(struct tres *r, struct ast_expr *e, enum ast_type t)
{
	if (e->type == T_UNK) {
		e->type = t;
		resolved(r, e->tok, NULL, 0);
	}
}

static void visit_binary(struct tres *r, struct ast_expr *e)
{
	if (r->t == T_STATS || r->t == T_STR)
		invalid(r, e->tok, r->t);
	r->t = T_LONG;
	visit(r, e->left);
	r->t = T_LONG;
	visit(r, e->right);
	if (e->left->type != T_UNK && e->right->type != T_UNK && e->left->type != e->right->type)
		mismatch_bin(r, e);
	set_type(r, e, T_LONG);
}

static void visit_unary(struct tres *r, struct ast_expr *e)
{
	if (r->t == T_STATS || r->t == T_STR)
		invalid(r, e->tok, r->t);
	r->t = T_LONG;
	visit(r, e->left);
	set_type(r, e, T_LONG);
}

static void visit_comparison(struct tres *r, struct ast_expr *e)
{
	if (r->t == T_STATS || r->t == T_STR)
		invalid(r, e->tok, r->t);
	r->t = e->right->type;
	visit(r, e->left);
	r->t = e->left->type;
	visit(r, e->right);
	if (e->left->type != T_UNK && e->right->type != T_UNK && e->left->type != e->right->type)
		mismatch_bin(r, e);
	set_type(r, e, T_LONG);
}

static void visit_regex(struct tres *r, struct ast_expr *e)
{
	if (r->t == T_STATS || r->t == T_STR)
		invalid(r, e->tok, r->t);
	r->t = T_STR;
	visit(r, e->left);
	r->t = T_STR;
	visit(r, e->right);
	set_type(r, e, T_LONG);
}

static void visit_concat(struct tres *r, struct ast_expr *e)
{
	if (r->t != T_UNK && r->t != T_STR)
		invalid(r, e->tok, r->t);
	r->t = T_STR;
	visit(r, e->left);
	r->t = T_STR;
	visit(r, e->right);
	set_type(r, e, T_STR);
}

static void visit_assign(struct tres *r, struct ast_expr *e)
{
	if (r->t == T_STATS)
		invalid(r, e->tok, r->t);
	if (e->op == OP_STAT_ASSIGN) {
		if (r->t == T_STR)
			invalid(r, e->tok, r->t);
		r->t = T_STATS;
		visit(r, e->left);
		r->t = T_LONG;
		visit(r, e->right);
		if (e->type == T_UNK || e->type == T_STATS) {
			e->type = T_LONG;
			resolved(r, e->tok, NULL, 0);
		}
	} else if (e->left->type == T_STATS) {
		invalid(r, e->left->tok, e->left->type);
	} else if (e->right->type == T_STATS) {
		invalid(r, e->right->tok, e->right->type);
	} else if (e->op == OP_CAT_ASSIGN) {
		if (r->t == T_LONG || r->t == T_STATS)
			invalid(r, e->tok, r->t);
		r->t = T_STR;
		visit(r, e->left);
		r->t = T_STR;
		visit(r, e->right);
		set_type(r, e, T_STR);
	} else if (e->op == OP_ASSIGN) {
		enum ast_type sub = r->t;
		if (sub == T_UNK && e->type != T_UNK)
			sub = e->type;
		r->t = sub != T_UNK ? sub : e->right->type;
		visit(r, e->left);
		r->t = sub != T_UNK ? sub : e->left->type;
		visit(r, e->right);
		if (sub != T_UNK && e->type == T_UNK) {
			e->type = sub;
			resolved(r, e->tok, NULL, 0);
		}
		if (sub == T_UNK && e->left->type != T_UNK && e->type != e->left->type) {
			e->type = e->left->type;
			resolved(r, e->tok, NULL, 0);
		}
		if (e->left->type != T_UNK && e->right->type != T_UNK &&
		    e->left->type != e->right->type)
			mismatch_bin(r, e);
	} else {
		visit_binary(r, e); /* numeric compound assignments */
	}
}

static void visit_ternary(struct tres *r, struct ast_expr *e)
{
	enum ast_type sub = r->t;
	r->t = T_LONG;
	visit(r, e->left);
	if (sub == T_UNK && e->type != T_UNK)
		sub = e->type;
	r->t = sub;
	visit(r, e->right);
	r->t = sub;
	visit(r, e->third);
	if (sub == T_UNK && e->type != T_UNK)
		;
	else if (sub != T_UNK && e->type == T_UNK) {
		e->type = sub;
		resolved(r, e->tok, NULL, 0);
	} else if (sub == T_UNK && e->right->type != T_UNK) {
		e->type = e->right->type;
		resolved(r, e->tok, NULL, 0);
	} else if (sub == T_UNK && e->third->type != T_UNK) {
		e->type = e->third->type;
		resolved(r, e->tok, NULL, 0);
	} else if (e->type != sub) {
		mismatch(r, e->tok, sub, e->type);
	}
}

static void visit_symbol(struct tres *r, struct ast_expr *e)
{
	if (!e->var) {
		throw_(r, SEM_ERR(e->tok, "internal error: unresolved symbol '%s'", e->str));
		return;
	}
	struct decl d = {.v = e->var};
	resolve_2types(r, &e->type, e->tok, d, r->t, false);
}

static enum ast_type *scratch_slot(struct tres *r, const struct ast_expr *e)
{
	vec_foreach(&r->scratch, st)
	{
		if (st->e == e)
			return &st->t;
	}
	struct scratch_type st = {.e = e, .t = T_UNK};
	vec_push(&r->scratch, st);
	return &vec_last(&r->scratch).t;
}

static void visit_hist(struct tres *r, struct ast_expr *h)
{
	r->t = T_STATS;
	visit(r, h->left);
}

/* Keys of an array against its key types (visit_arrayindex / foreach loops). */
static void check_keys(struct tres *r, struct ast_var *arr, struct ast_expr *const *keys, int n)
{
	for (int i = 0; i < n; i++) {
		struct ast_expr *ee = keys[i];
		if (!ee)
			continue;
		enum ast_type *ft = &arr->key_types[i];
		r->t = *ft;
		visit(r, ee);
		if (r->thrown)
			return;
		enum ast_type at = ee->type;
		struct decl d = {.v = arr};
		if ((at == T_STR || at == T_LONG) && *ft == T_UNK) {
			*ft = at;
			resolved(r, ee->tok, arr, i);
		}
		if (at == T_STATS)
			invalid(r, ee->tok, at);
		if (*ft == T_STATS)
			invalid(r, ee->tok, *ft);
		if (at != T_UNK && *ft != T_UNK && *ft != at)
			mismatch_decl(r, ee->tok, at, d, i);
		if (at == T_UNK)
			unresolved(r, ee->tok);
	}
}

/* visit_arrayindex; e is EXPR_INDEX, or EXPR_IN whose own type is not the element's */
static void visit_arrayindex(struct tres *r, struct ast_expr *e, enum ast_type *etype)
{
	struct ast_expr *base = e->left;
	if (base && base->kind == EXPR_HIST) {
		if (e->args.n != 1 || !e->args.v[0]) {
			unresolved(r, e->tok);
			return;
		}
		r->t = T_LONG;
		visit(r, e->args.v[0]);
		if (e->args.v[0]->type != T_LONG)
			unresolved(r, e->tok);
		visit_hist(r, base);
		if (*etype != T_LONG) {
			*etype = T_LONG;
			resolved(r, e->tok, NULL, 0);
		}
		return;
	}
	if (!base || !base->var) {
		throw_(r, SEM_ERR(e->tok, "internal error: unresolved array"));
		return;
	}
	struct decl d = {.v = base->var};
	resolve_2types(r, etype, e->tok, d, r->t, false);
	if (e->args.n != base->var->arity)
		unresolved(r, e->tok);
	else
		check_keys(r, base->var, e->args.v, e->args.n);
}

static void visit_in(struct tres *r, struct ast_expr *e)
{
	enum ast_type t1 = r->t;
	r->t = T_UNK;
	visit_arrayindex(r, e, scratch_slot(r, e));
	if (t1 == T_UNK && e->type != T_UNK)
		;
	else if (t1 == T_STR || t1 == T_STATS)
		mismatch(r, e->tok, t1, T_LONG);
	else
		set_type(r, e, T_LONG);
}

static void visit_call(struct tres *r, struct ast_expr *e)
{
	if (!e->fn) {
		throw_(r,
		       SEM_ERR(e->tok, "internal error: unresolved function call to '%s'", e->str));
		return;
	}
	enum ast_type original = r->t;
	for (struct ast_function *f = e->fn; f && !r->thrown; f = f->next_overload) {
		r->t = original;
		struct decl d = {.f = f};
		resolve_2types(r, &e->type, e->tok, d, r->t, true);
		if (e->type == T_STATS)
			invalid(r, e->tok, e->type);
		if (e->args.n != f->params.n) {
			unresolved(r, e->tok);
			continue;
		}
		bool builtin = program_builtin_index(r->s->prog, f) >= 0;
		for (int i = 0; i < e->args.n && !r->thrown; i++) {
			struct ast_expr *ee = e->args.v[i];
			struct ast_var *fa = f->params.v[i];
			r->t = fa->type;
			visit(r, ee);
			enum ast_type at = ee->type;
			if ((at == T_STR || at == T_LONG) && fa->type == T_UNK && !builtin) {
				fa->type = at;
				resolved(r, ee->tok, fa, i);
			}
			if (at == T_STATS)
				invalid(r, ee->tok, at);
			if (fa->type == T_STATS)
				invalid(r, fa->tok, fa->type);
			if (at != T_UNK && fa->type != T_UNK && fa->type != at) {
				struct decl fd = {.v = fa};
				mismatch_decl(r, ee->tok, at, fd, i);
			}
			if (at == T_UNK)
				unresolved(r, ee->tok);
		}
	}
}

static int fmt_wanted(enum fmt_conv c)
{
	return c == FMT_STRING ? T_STR : T_LONG;
}

static void visit_print(struct tres *r, struct ast_expr *e)
{
	int unresolved_args = 0;
	if (e->left && e->left->kind == EXPR_HIST) {
		visit_hist(r, e->left);
	} else if (e->print_flags & PRINT_FORMAT) {
		int expected = 0;
		for (int i = 0; i < e->fmt.n; i++) {
			const struct fmt_piece *fp = &e->fmt.v[i];
			if (fp->conv == FMT_LITERAL || fp->conv == FMT_PERCENT)
				continue;
			expected++;
			if (fp->width == -2)
				expected++;
			if (fp->prec == -2)
				expected++;
		}
		if (expected != e->args.n) {
			throw_(r,
			       SEM_ERR(e->tok, "Wrong number of args to formatted print operator"));
			return;
		}
		int argno = 0;
		for (int i = 0; i < e->fmt.n && !r->thrown; i++) {
			const struct fmt_piece *fp = &e->fmt.v[i];
			if (fp->conv == FMT_LITERAL || fp->conv == FMT_PERCENT)
				continue;
			if (fp->width == -2)
				check_arg_type(r, T_LONG, e->args.v[argno++]);
			if (fp->prec == -2)
				check_arg_type(r, T_LONG, e->args.v[argno++]);
			check_arg_type(r, (enum ast_type)fmt_wanted(fp->conv), e->args.v[argno++]);
		}
	} else {
		for (int i = 0; i < e->args.n && !r->thrown; i++) {
			r->t = T_UNK;
			visit(r, e->args.v[i]);
			if (e->args.v[i]->type == T_UNK) {
				unresolved(r, e->args.v[i]->tok);
				unresolved_args++;
			}
		}
	}
	if (unresolved_args == 0) {
		set_type(r, e, (e->print_flags & PRINT_TO_STRING) ? T_STR : T_LONG);
	} else {
		e->type = T_UNK;
		unresolved(r, e->tok);
	}
}

static void visit_literal(struct tres *r, struct ast_expr *e, enum ast_type lt)
{
	e->type = lt;
	if (r->t != lt && r->t != T_UNK)
		mismatch(r, e->tok, r->t, lt);
}

static void visit_target(struct tres *r, struct ast_expr *e)
{
	if (r->initial && !e->target_argno)
		return;
	if (e->target_argno > 0) {
		/* a resolved mark argument is a long value */
		if (r->t != T_LONG && r->t != T_UNK)
			mismatch(r, e->tok, r->t, T_LONG);
		e->type = T_LONG;
		return;
	}
	if (!r->assert_) {
		r->still++;
		return;
	}
	struct diag_error *saved = target_saved_error(r->s, e);
	print_err(r, saved ? diag_error_dup(saved)
			   : SEM_ERR(e->tok, "unresolved target-symbol expression"));
}

static void visit_atop(struct tres *r, struct ast_expr *e)
{
	if (r->initial &&
	    (e->atop == ATOP_VAR || e->atop == ATOP_CAST || e->atop == ATOP_PROBEWRITE))
		return;
	switch (e->atop) {
	case ATOP_KREGISTER:
	case ATOP_UREGISTER:
		if (r->t != T_LONG)
			invalid(r, e->tok, r->t);
		set_type(r, e, T_LONG);
		return;
	case ATOP_KDEREF:
	case ATOP_UDEREF:
		if (r->t != T_LONG)
			invalid(r, e->tok, r->t);
		r->t = T_LONG;
		visit(r, e->left);
		set_type(r, e, T_LONG);
		return;
	case ATOP_PROBEWRITE:
		throw_(r, SEM_ERR(e->tok, "unexpected @probewrite"));
		return;
	case ATOP_PERF:
		if (r->t == T_STATS || r->t == T_STR)
			invalid(r, e->tok, r->t);
		e->type = T_LONG;
		return;
	case ATOP_AUTOCAST:
		if (r->assert_) {
			struct diag_error *saved = target_saved_error(r->s, e);
			print_err(r, saved ? diag_error_dup(saved)
					   : SEM_ERR(e->tok, "unknown type in dereference"));
		}
		r->t = T_LONG;
		visit(r, e->left);
		r->still++;
		return;
	case ATOP_VAR:
		if (r->assert_)
			print_err(r, SEM_ERR(e->tok, "unresolved @var() expression"));
		else
			r->still++;
		return;
	case ATOP_CAST:
		if (r->assert_)
			print_err(r, SEM_ERR(e->tok, "type definition '%s' not found in '%s'",
					     e->type_name ? e->type_name : "",
					     e->module ? e->module : ""));
		else
			r->still++;
		return;
	}
}

static void visit(struct tres *r, struct ast_expr *e)
{
	if (!e || r->thrown)
		return;
	switch (e->kind) {
	case EXPR_NUM:
		visit_literal(r, e, T_LONG);
		break;
	case EXPR_STR:
		visit_literal(r, e, T_STR);
		break;
	case EXPR_SYM:
		visit_symbol(r, e);
		break;
	case EXPR_INDEX:
		visit_arrayindex(r, e, &e->type);
		break;
	case EXPR_UNARY:
	case EXPR_INCDEC:
		visit_unary(r, e);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
		visit_binary(r, e);
		break;
	case EXPR_COMPARE:
		visit_comparison(r, e);
		break;
	case EXPR_REGEX:
		visit_regex(r, e);
		break;
	case EXPR_CONCAT:
		visit_concat(r, e);
		break;
	case EXPR_TERNARY:
		visit_ternary(r, e);
		break;
	case EXPR_ASSIGN:
		visit_assign(r, e);
		break;
	case EXPR_IN:
		visit_in(r, e);
		break;
	case EXPR_CALL:
		visit_call(r, e);
		break;
	case EXPR_PRINT:
		visit_print(r, e);
		break;
	case EXPR_STATOP:
		r->t = T_STATS;
		visit(r, e->left);
		if (e->type == T_UNK) {
			e->type = T_LONG;
			resolved(r, e->tok, NULL, 0);
		} else if (e->type != T_LONG) {
			mismatch(r, e->tok, T_LONG, e->type);
		}
		break;
	case EXPR_HIST:
		visit_hist(r, e);
		break;
	case EXPR_TARGET:
		visit_target(r, e);
		break;
	case EXPR_DEFINED:
		if (r->initial)
			break;
		visit(r, e->left);
		if (r->assert_)
			print_err(r, SEM_ERR(e->tok, "unexpected @defined"));
		else
			r->still++;
		break;
	case EXPR_ENTRY:
		if (r->initial)
			break;
		throw_(r, SEM_ERR(e->tok, "internal error: @entry is only valid in .return "
					  "probes"));
		break;
	case EXPR_ATOP:
		visit_atop(r, e);
		break;
	case EXPR_EMBEDDED:
		set_type(r, e, e->code && strstr(e->code, "/* string */") ? T_STR : T_LONG);
		break;
	}
}

static void visit_stmt(struct tres *r, struct ast_stmt *st);

static void visit_foreach(struct tres *r, struct ast_stmt *st)
{
	enum ast_type wanted = T_UNK;
	struct ast_expr *base = st->base;
	if (base && base->kind == EXPR_HIST) {
		if (st->keys.n != 1) {
			unresolved(r, st->tok);
			return;
		}
		r->t = T_LONG;
		visit(r, st->keys.v[0]);
		if (st->keys.v[0]->type != T_LONG)
			unresolved(r, st->tok);
		visit_hist(r, base);
		wanted = T_LONG;
	} else if (base && base->var) {
		struct ast_var *arr = base->var;
		if (st->keys.n != arr->arity) {
			unresolved(r, st->tok);
		} else {
			check_keys(r, arr, st->keys.v, st->keys.n);
			check_keys(r, arr, st->slice.v, st->slice.n);
		}
		r->t = T_UNK;
		visit(r, base);
		wanted = base->type;
	}
	if (r->thrown)
		return;
	if (st->value_var) {
		if (wanted == T_STATS)
			invalid(r, st->value_var->tok, wanted);
		else if (wanted != T_UNK)
			check_arg_type(r, wanted, st->value_var);
		else {
			r->t = T_UNK;
			visit(r, st->value_var);
		}
	}
	if (wanted != T_UNK && st->sort_agg_given && wanted != T_STATS)
		invalid(r, base->tok, wanted);
	if (st->limit) {
		r->t = T_LONG;
		visit(r, st->limit);
	}
	r->t = T_UNK;
	visit_stmt(r, st->loop_body);
}

static void visit_return(struct tres *r, struct ast_stmt *st)
{
	struct ast_function *f = r->cur_fn;
	if (!f)
		return;
	struct decl d = {.f = f};
	r->t = f->ret;
	if (!st->expr) {
		if (f->ret != T_UNK)
			mismatch_decl(r, st->tok, T_UNK, d, -1);
		return;
	}
	visit(r, st->expr);
	enum ast_type vt = st->expr->type;
	if (f->ret != T_UNK && vt != T_UNK && f->ret != vt)
		mismatch_decl(r, st->expr->tok, vt, d, -1);
	if (f->ret == T_UNK && (vt == T_LONG || vt == T_STR)) {
		f->ret = vt;
		resolved(r, st->expr->tok, f, -1);
	}
	if (vt == T_STATS)
		invalid(r, st->expr->tok, vt);
}

static void visit_delete(struct tres *r, struct ast_expr *e)
{
	r->t = T_UNK;
	if (e->kind == EXPR_INDEX) {
		visit_arrayindex(r, e, &e->type);
	} else if (e->kind == EXPR_SYM && e->var) {
		struct decl d = {.v = e->var};
		resolve_2types(r, &e->type, e->tok, d, T_UNK, false);
	} else {
		throw_(r, SEM_ERR(e->tok, "invalid operand of delete expression"));
	}
}

static void visit_stmt(struct tres *r, struct ast_stmt *st)
{
	if (!st || r->thrown)
		return;
	switch (st->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < st->body.n && !r->thrown; i++) {
			r->t = T_UNK;
			visit_stmt(r, st->body.v[i]);
		}
		break;
	case STMT_EXPR:
		r->t = T_UNK;
		visit(r, st->expr);
		break;
	case STMT_IF:
		r->t = T_LONG;
		visit(r, st->expr);
		r->t = T_UNK;
		visit_stmt(r, st->then);
		r->t = T_UNK;
		visit_stmt(r, st->els);
		break;
	case STMT_FOR:
		r->t = T_UNK;
		visit(r, st->init);
		r->t = T_LONG;
		visit(r, st->expr);
		r->t = T_UNK;
		visit(r, st->incr);
		r->t = T_UNK;
		visit_stmt(r, st->loop_body);
		break;
	case STMT_FOREACH:
		visit_foreach(r, st);
		break;
	case STMT_RETURN:
		visit_return(r, st);
		break;
	case STMT_DELETE:
		visit_delete(r, st->expr);
		break;
	case STMT_TRY:
		visit_stmt(r, st->then);
		if (st->catch_var) {
			r->t = T_STR;
			visit(r, st->catch_var);
		}
		visit_stmt(r, st->els);
		break;
	default:
		break;
	}
}

static void check_local(struct tres *r, struct ast_var *v)
{
	if (v->arity != 0) {
		r->still++;
		if (r->assert_)
			print_err(r, SEM_ERR(v->tok, "array locals not supported, missing global "
						     "declaration? "));
	}
	if (v->type == T_UNK) {
		unresolved(r, v->tok);
	} else if (v->type == T_STATS) {
		r->still++;
		if (r->assert_)
			print_err(r, SEM_ERR(v->tok, "stat locals not supported, missing global "
						     "declaration? "));
	} else if (!(v->type == T_LONG || v->type == T_STR)) {
		invalid(r, v->tok, v->type);
	}
}

/* derived_locations(false): the derivation chain's locations, " from: " between */
static char *derived_locations(const struct derived_probe *dp)
{
	struct strbuf sb = STRBUF_INIT;
	int i = 0;
	for (const struct xprobe *x = dp->base; x; x = x->base, i++) {
		const struct ast_probe_point *pp = x->alias ? x->alias_loc : x->points.v[0];
		if (i)
			sb_adds(&sb, " from: ");
		print_point(&sb, pp, false);
	}
	return sb_detach(&sb);
}

static struct diag_error *wrap(struct diag_error *e, const char *what, const char *name)
{
	struct diag_error *w = SEM_ERR(NULL, "while processing %s %s", what, name);
	diag_error_set_chain(w, e);
	return w;
}

/* One pass over every used function, probe and global. */
static struct diag_error *types_pass(struct tres *r)
{
	struct sema *s = r->s;
	vec_foreach(&s->used_fns, fip)
	{
		struct ast_function *f = (*fip)->fn;
		if (!f->body)
			continue;
		r->cur_probe = NULL;
		r->cur_fn = f;
		r->t = T_UNK;
		visit_stmt(r, f->body);
		for (int i = 0; i < f->locals.n && !r->thrown && !r->initial; i++)
			check_local(r, f->locals.v[i]);
		if (r->thrown) {
			struct diag_error *e = r->thrown;
			r->thrown = NULL;
			return wrap(e, "function", f->name);
		}
	}
	r->cur_fn = NULL;
	vec_foreach(&s->prog->probes, dpp)
	{
		struct derived_probe *dp = *dpp;
		r->cur_probe = dp;
		r->t = T_UNK;
		visit_stmt(r, dp->body);
		for (int i = 0; i < dp->locals.n && !r->thrown && !r->initial; i++)
			check_local(r, dp->locals.v[i]);
		if (dp->cond && !r->thrown) {
			r->cur_probe = NULL;
			r->t = T_LONG;
			visit(r, dp->cond);
		}
		if (r->thrown) {
			struct diag_error *e = r->thrown;
			r->thrown = NULL;
			char *dl = derived_locations(dp);
			struct diag_error *w = wrap(e, "probe", dl);
			free(dl);
			return w;
		}
	}
	r->cur_probe = NULL;
	if (r->initial)
		return NULL;
	vec_foreach(&s->prog->globals, gp)
	{
		struct ast_var *g = *gp;
		if (g->type == T_UNK)
			unresolved(r, g->tok);
		if (g->arity == 0 && g->wrap)
			return SEM_ERR(g->tok, "wrapping not supported for scalars");
	}
	return NULL;
}

int types_infer(struct sema *s)
{
	struct tres r = {.s = s};
	int rc = 0;
	for (;;) {
		r.newly = 0;
		r.still = 0;
		struct diag_error *e = types_pass(&r);
		if (e) {
			sema_print_error(s, e);
			rc++;
			break;
		}
		if (r.newly == 0) {
			if (r.still == 0)
				break;
			if (!r.assert_) {
				/* PR18079: nullify still-unresolved @defined first */
				if (const_fold(s, true)) {
					r.complexity = 0;
				} else {
					r.assert_ = true;
					if (s->o->verbose > 0)
						r.complexity = 0;
				}
			} else {
				rc++;
				break;
			}
		} else {
			r.complexity = 0;
		}
	}
	vec_free(&r.resolved);
	vec_free(&r.scratch);
	return rc + sema_num_errors(s);
}

/* initial_typeres_pass: propagate types before constant folding can whisk variables
 * away, and report real mismatches (not unresolved types) now. */
int types_initial(struct sema *s)
{
	struct tres r = {.s = s, .initial = true};
	for (;;) {
		r.newly = 0;
		r.still = 0;
		struct diag_error *e = types_pass(&r);
		if (e) {
			sema_print_error(s, e);
			break;
		}
		if (r.newly == 0) {
			if (!r.assert_ && r.complexity > 0) {
				r.assert_ = true;
				if (s->o->verbose > 0)
					r.complexity = 1;
			} else {
				break;
			}
		} else {
			r.complexity = 0;
		}
	}
	vec_free(&r.resolved);
	vec_free(&r.scratch);
	return sema_num_errors(s);
}
