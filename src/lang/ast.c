// SPDX-License-Identifier: MIT
/* AST construction: the node pool (an arena plus a registry of nodes whose VEC fields own
 * heap storage), node constructors, literals, and the operator/type name tables. Printing
 * lives in ast_print.c (stap's -p1 format) and ast_dump.c (--dump-ast). */
#include <stdlib.h>
#include <string.h>

#include "lang/ast.h"
#include "lang/lex.h"
#include "util/alloc.h"

struct ast_pool {
	struct arena *arena;
	VEC(struct ast_expr *) exprs;
	VEC(struct ast_stmt *) stmts;
	VEC(struct ast_probe_point *) points;
	VEC(struct ast_probe *) probes;
	VEC(struct ast_alias *) aliases;
	VEC(struct ast_function *) functions;
	VEC(struct ast_file *) files;
};

struct ast_pool *ast_pool_new(void)
{
	struct ast_pool *pool = xcalloc(1, sizeof(*pool));
	pool->arena = arena_new();
	return pool;
}

void ast_expr_free_vecs(struct ast_expr *e)
{
	vec_free(&e->args);
	vec_free(&e->fmt);
	vec_free(&e->comps);
}

void ast_stmt_free_vecs(struct ast_stmt *s)
{
	vec_free(&s->body);
	vec_free(&s->keys);
	vec_free(&s->slice);
}

void ast_function_free_vecs(struct ast_function *f)
{
	vec_free(&f->params);
	vec_free(&f->locals);
}

void ast_pool_free(struct ast_pool *pool)
{
	if (!pool)
		return;
	vec_foreach(&pool->exprs, e) ast_expr_free_vecs(*e);
	vec_foreach(&pool->stmts, s) ast_stmt_free_vecs(*s);
	vec_foreach(&pool->points, p) vec_free(&(*p)->components);
	vec_foreach(&pool->probes, p)
	{
		vec_free(&(*p)->points);
		vec_free(&(*p)->locals);
	}
	vec_foreach(&pool->aliases, a)
	{
		vec_free(&(*a)->names);
		vec_free(&(*a)->points);
	}
	vec_foreach(&pool->functions, f) ast_function_free_vecs(*f);
	vec_foreach(&pool->files, f)
	{
		vec_free(&(*f)->probes);
		vec_free(&(*f)->aliases);
		vec_free(&(*f)->functions);
		vec_free(&(*f)->globals);
		vec_free(&(*f)->embeds);
	}
	vec_free(&pool->exprs);
	vec_free(&pool->stmts);
	vec_free(&pool->points);
	vec_free(&pool->probes);
	vec_free(&pool->aliases);
	vec_free(&pool->functions);
	vec_free(&pool->files);
	arena_free(pool->arena);
	free(pool);
}

struct arena *ast_pool_arena(struct ast_pool *pool)
{
	return pool->arena;
}

struct ast_expr *ast_expr_new(struct ast_pool *pool, enum ast_expr_kind kind,
			      const struct token *tok)
{
	struct ast_expr *e = arena_alloc(pool->arena, sizeof(*e));
	e->kind = kind;
	e->tok = tok;
	vec_push(&pool->exprs, e);
	return e;
}

struct ast_stmt *ast_stmt_new(struct ast_pool *pool, enum ast_stmt_kind kind,
			      const struct token *tok)
{
	struct ast_stmt *s = arena_alloc(pool->arena, sizeof(*s));
	s->kind = kind;
	s->tok = tok;
	vec_push(&pool->stmts, s);
	return s;
}

struct ast_var *ast_var_new(struct ast_pool *pool, const char *name, const struct token *tok,
			    enum var_scope scope)
{
	struct ast_var *v = arena_alloc(pool->arena, sizeof(*v));
	v->name = name;
	v->tok = tok;
	v->scope = scope;
	v->arity = -1;
	v->file = tok ? tok->file : NULL;
	return v;
}

struct ast_component *ast_component_new(struct ast_pool *pool, const char *functor,
					const struct token *tok)
{
	struct ast_component *c = arena_alloc(pool->arena, sizeof(*c));
	c->functor = functor;
	c->tok = tok;
	return c;
}

struct ast_probe_point *ast_probe_point_new(struct ast_pool *pool, const struct token *tok)
{
	struct ast_probe_point *p = arena_alloc(pool->arena, sizeof(*p));
	p->tok = tok;
	vec_push(&pool->points, p);
	return p;
}

struct ast_probe *ast_probe_new(struct ast_pool *pool, const struct token *tok)
{
	struct ast_probe *p = arena_alloc(pool->arena, sizeof(*p));
	p->tok = tok;
	p->file = tok ? tok->file : NULL;
	vec_push(&pool->probes, p);
	return p;
}

struct ast_alias *ast_alias_new(struct ast_pool *pool, const struct token *tok)
{
	struct ast_alias *a = arena_alloc(pool->arena, sizeof(*a));
	a->tok = tok;
	a->file = tok ? tok->file : NULL;
	vec_push(&pool->aliases, a);
	return a;
}

struct ast_function *ast_function_new(struct ast_pool *pool, const char *name,
				      const struct token *tok)
{
	struct ast_function *f = arena_alloc(pool->arena, sizeof(*f));
	f->name = name;
	f->tok = tok;
	f->file = tok ? tok->file : NULL;
	f->priority = 1; /* stap's functiondecl default; user scripts get 0 */
	vec_push(&pool->functions, f);
	return f;
}

struct ast_embed *ast_embed_new(struct ast_pool *pool, const struct token *tok, const char *code)
{
	struct ast_embed *e = arena_alloc(pool->arena, sizeof(*e));
	e->tok = tok;
	e->code = code;
	return e;
}

struct ast_file *ast_file_new(struct ast_pool *pool, const struct srcfile *src)
{
	struct ast_file *f = arena_alloc(pool->arena, sizeof(*f));
	f->src = src;
	vec_push(&pool->files, f);
	return f;
}

struct ast_expr *ast_num_new(struct ast_pool *pool, const struct token *tok, int64_t v)
{
	struct ast_expr *e = ast_expr_new(pool, EXPR_NUM, tok);
	e->num = v;
	e->type = TYPE_LONG;
	return e;
}

struct ast_expr *ast_str_new(struct ast_pool *pool, const struct token *tok, const char *raw)
{
	struct ast_expr *e = ast_expr_new(pool, EXPR_STR, tok);
	e->raw = raw;
	e->str = lex_decode_string(pool->arena, raw, &e->str_len);
	e->type = TYPE_STRING;
	return e;
}

const char *ast_type_name(enum ast_type t)
{
	switch (t) {
	case TYPE_LONG:
		return "long";
	case TYPE_STRING:
		return "string";
	case TYPE_STATS:
		return "stats";
	case TYPE_UNKNOWN:
	case TYPE_VOID:
		break;
	}
	return "unknown";
}

/* clang-format off */
#define AST_MULTI_OPS(X)                                                                           \
	X(OP_EQ, "==")                                                                             \
	X(OP_NE, "!=")                                                                             \
	X(OP_LE, "<=")                                                                             \
	X(OP_GE, ">=")                                                                             \
	X(OP_SHL, "<<")                                                                            \
	X(OP_SHR, ">>")                                                                            \
	X(OP_USHR, ">>>")                                                                          \
	X(OP_ANDAND, "&&")                                                                         \
	X(OP_OROR, "||")                                                                           \
	X(OP_MATCH, "=~")                                                                          \
	X(OP_NOMATCH, "!~")                                                                        \
	X(OP_INC, "++")                                                                            \
	X(OP_DEC, "--")                                                                            \
	X(OP_ASSIGN, "=")                                                                          \
	X(OP_ADD_ASSIGN, "+=")                                                                     \
	X(OP_SUB_ASSIGN, "-=")                                                                     \
	X(OP_MUL_ASSIGN, "*=")                                                                     \
	X(OP_DIV_ASSIGN, "/=")                                                                     \
	X(OP_MOD_ASSIGN, "%=")                                                                     \
	X(OP_SHL_ASSIGN, "<<=")                                                                    \
	X(OP_SHR_ASSIGN, ">>=")                                                                    \
	X(OP_AND_ASSIGN, "&=")                                                                     \
	X(OP_XOR_ASSIGN, "^=")                                                                     \
	X(OP_OR_ASSIGN, "|=")                                                                      \
	X(OP_CAT_ASSIGN, ".=")                                                                     \
	X(OP_STAT_ASSIGN, "<<<")
/* clang-format on */

const char *ast_op_str(int op)
{
	static char single[128][2];
#define X(code, text)                                                                              \
	if (op == code)                                                                            \
		return text;
	AST_MULTI_OPS(X)
#undef X
	if (op > 0 && op < 128) {
		single[op][0] = (char)op;
		return single[op];
	}
	return "?";
}

int ast_op_from_str(const char *s)
{
#define X(code, text)                                                                              \
	if (!strcmp(s, text))                                                                      \
		return code;
	AST_MULTI_OPS(X)
#undef X
	if (s[0] > 0 && !s[1] && strchr("+-*/%&|^!~<>.", s[0]))
		return s[0];
	return OP_NONE;
}
