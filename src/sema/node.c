// SPDX-License-Identifier: MIT
/* AST nodes that elaboration makes: fresh nodes, deep copies (each derived probe gets
 * its own copy of its handler, as stap's deep_copy_visitor gives it), and a generic
 * walk over expressions. Nodes come from the program's arena; the VEC storage inside
 * them is tracked here so that program_free can release it. */
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "util/alloc.h"

struct ast_expr *node_expr(struct sema *s, enum ast_expr_kind k, const struct token *tok)
{
	struct ast_expr *e = arena_alloc(s->a, sizeof(*e));
	e->kind = k;
	e->tok = tok;
	vec_push(&s->own->exprs, e);
	return e;
}

struct ast_stmt *node_stmt(struct sema *s, enum ast_stmt_kind k, const struct token *tok)
{
	struct ast_stmt *st = arena_alloc(s->a, sizeof(*st));
	st->kind = k;
	st->tok = tok;
	vec_push(&s->own->stmts, st);
	return st;
}

struct ast_probe_point *node_point(struct sema *s, const struct ast_probe_point *from)
{
	struct ast_probe_point *p = arena_alloc(s->a, sizeof(*p));
	vec_push(&s->own->points, p);
	if (from) {
		p->optional = from->optional;
		p->sufficient = from->sufficient;
		p->cond = from->cond;
		p->tok = from->tok;
		for (int i = 0; i < from->components.n; i++)
			vec_push(&p->components, from->components.v[i]);
	}
	return p;
}

struct ast_var *node_var(struct sema *s, const char *name, const struct token *tok,
			 enum var_scope scope)
{
	struct ast_var *v = arena_alloc(s->a, sizeof(*v));
	v->name = name;
	v->tok = tok;
	v->scope = scope;
	v->arity = -1;
	v->file = tok ? tok->file : NULL;
	return v;
}

struct ast_expr *node_num(struct sema *s, int64_t v, const struct token *tok)
{
	struct ast_expr *e = node_expr(s, EXPR_NUM, tok);
	e->num = v;
	e->type = TYPE_LONG;
	return e;
}

struct ast_expr *node_str(struct sema *s, const char *v, const struct token *tok)
{
	struct ast_expr *e = node_expr(s, EXPR_STR, tok);
	e->str = arena_strdup(s->a, v);
	e->str_len = strlen(v);
	e->raw = e->str;
	e->type = TYPE_STRING;
	return e;
}

struct ast_component *node_comp(struct sema *s, const char *functor, struct ast_expr *arg,
				const struct token *tok)
{
	struct ast_component *c = arena_alloc(s->a, sizeof(*c));
	c->functor = arena_strdup(s->a, functor);
	c->arg = arg;
	c->tok = tok;
	return c;
}

struct ast_expr *clone_expr(struct sema *s, const struct ast_expr *e)
{
	if (!e)
		return NULL;
	struct ast_expr *n = node_expr(s, e->kind, e->tok);
	*n = *e;
	memset(&n->args, 0, sizeof(n->args));
	memset(&n->fmt, 0, sizeof(n->fmt));
	memset(&n->comps, 0, sizeof(n->comps));
	n->left = clone_expr(s, e->left);
	n->right = clone_expr(s, e->right);
	n->third = clone_expr(s, e->third);
	for (int i = 0; i < e->args.n; i++)
		vec_push(&n->args, clone_expr(s, e->args.v[i]));
	for (int i = 0; i < e->fmt.n; i++)
		vec_push(&n->fmt, e->fmt.v[i]);
	for (int i = 0; i < e->comps.n; i++) {
		struct ast_tcomp c = e->comps.v[i];
		c.index = clone_expr(s, c.index);
		vec_push(&n->comps, c);
	}
	return n;
}

struct ast_stmt *clone_stmt(struct sema *s, const struct ast_stmt *st)
{
	if (!st)
		return NULL;
	struct ast_stmt *n = node_stmt(s, st->kind, st->tok);
	*n = *st;
	memset(&n->body, 0, sizeof(n->body));
	memset(&n->keys, 0, sizeof(n->keys));
	memset(&n->slice, 0, sizeof(n->slice));
	for (int i = 0; i < st->body.n; i++)
		vec_push(&n->body, clone_stmt(s, st->body.v[i]));
	n->expr = clone_expr(s, st->expr);
	n->then = clone_stmt(s, st->then);
	n->els = clone_stmt(s, st->els);
	n->init = clone_expr(s, st->init);
	n->incr = clone_expr(s, st->incr);
	n->loop_body = clone_stmt(s, st->loop_body);
	n->catch_var = clone_expr(s, st->catch_var);
	n->value_var = clone_expr(s, st->value_var);
	for (int i = 0; i < st->keys.n; i++)
		vec_push(&n->keys, clone_expr(s, st->keys.v[i]));
	n->base = clone_expr(s, st->base);
	for (int i = 0; i < st->slice.n; i++)
		vec_push(&n->slice, clone_expr(s, st->slice.v[i]));
	n->limit = clone_expr(s, st->limit);
	return n;
}

struct ast_stmt *node_block(struct sema *s, struct ast_stmt *a, struct ast_stmt *b,
			    struct ast_stmt *c)
{
	struct ast_stmt *parts[3] = {a, b, c};
	const struct token *tok = NULL;
	for (int i = 0; i < 3 && !tok; i++)
		if (parts[i])
			tok = parts[i]->tok;
	struct ast_stmt *blk = node_stmt(s, STMT_BLOCK, tok);
	for (int i = 0; i < 3; i++)
		if (parts[i])
			vec_push(&blk->body, parts[i]);
	return blk;
}

void node_free_owned(struct program_owned *own)
{
	if (!own)
		return;
	vec_foreach(&own->exprs, e) ast_expr_free_vecs(*e);
	vec_foreach(&own->stmts, st) ast_stmt_free_vecs(*st);
	vec_foreach(&own->points, p) vec_free(&(*p)->components);
	vec_foreach(&own->xprobes, x) vec_free(&(*x)->points);
	vec_foreach(&own->fns, f) ast_function_free_vecs(*f);
	vec_free(&own->exprs);
	vec_free(&own->stmts);
	vec_free(&own->points);
	vec_free(&own->xprobes);
	vec_free(&own->fns);
	vec_foreach(&own->dprobes, dp) vec_free(&(*dp)->locals);
	vec_free(&own->dprobes);
	vec_free(&own->vars);
	free(own);
}

void walk_expr(struct ast_expr *e, walk_expr_fn fn, void *ctx)
{
	if (!e)
		return;
	fn(e, ctx);
	walk_expr(e->left, fn, ctx);
	walk_expr(e->right, fn, ctx);
	walk_expr(e->third, fn, ctx);
	for (int i = 0; i < e->args.n; i++)
		walk_expr(e->args.v[i], fn, ctx);
	for (int i = 0; i < e->comps.n; i++)
		walk_expr(e->comps.v[i].index, fn, ctx);
}

void walk_stmt(struct ast_stmt *st, walk_expr_fn fn, void *ctx)
{
	if (!st)
		return;
	for (int i = 0; i < st->body.n; i++)
		walk_stmt(st->body.v[i], fn, ctx);
	walk_expr(st->init, fn, ctx);
	walk_expr(st->expr, fn, ctx);
	walk_expr(st->incr, fn, ctx);
	walk_expr(st->value_var, fn, ctx);
	for (int i = 0; i < st->keys.n; i++)
		walk_expr(st->keys.v[i], fn, ctx);
	walk_expr(st->base, fn, ctx);
	for (int i = 0; i < st->slice.n; i++)
		walk_expr(st->slice.v[i], fn, ctx);
	walk_expr(st->limit, fn, ctx);
	walk_expr(st->catch_var, fn, ctx);
	walk_stmt(st->then, fn, ctx);
	walk_stmt(st->els, fn, ctx);
	walk_stmt(st->loop_body, fn, ctx);
}
