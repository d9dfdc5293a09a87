// SPDX-License-Identifier: MIT
/* Statements as stap 4.8 parses them: blocks, try/catch, if/else, for, while, foreach
 * (value, keys, slices, @aggregate sorts, limit), return (functions only), delete, break,
 * continue, next and expression statements, each optionally followed by ';'. */
#include "lang/parse_int.h"
#include "util/alloc.h"

/* block -> '{' { statement } '}' */
struct ast_stmt *parse_stmt_block(struct parser *p)
{
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, "{")) {
		RAISE(p, "expected '{'");
		return NULL;
	}
	struct ast_stmt *b = ast_stmt_new(p->pool, STMT_BLOCK, t);
	while (!p->failed) {
		t = ps_peek(p);
		if (is_op(t, "}")) {
			ps_swallow(p);
			break;
		}
		struct ast_stmt *s = parse_statement(p);
		if (s)
			vec_push(&b->body, s);
	}
	return p->failed ? NULL : b;
}

/* try -> 'try' block 'catch' [ '(' IDENT ')' ] block */
static struct ast_stmt *parse_try_block(struct parser *p)
{
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_TRY, ps_expect_kw_token(p, "try"));
	s->then = parse_stmt_block(p);
	ps_expect_known(p, TOK_KEYWORD, "catch");
	const struct token *t = ps_peek(p);
	if (is_op(t, "(")) {
		ps_swallow(p);
		t = ps_next(p);
		if (p->failed)
			return NULL;
		if (t->kind != TOK_IDENT) {
			RAISE(p, "expected identifier");
			return NULL;
		}
		s->catch_var = ast_expr_new(p->pool, EXPR_SYM, t);
		s->catch_var->str = t->text;
		s->catch_tok = t;
		ps_expect_op(p, ")");
	}
	s->els = parse_stmt_block(p);
	return p->failed ? NULL : s;
}

/* if -> 'if' '(' expr ')' statement [ 'else' statement ] */
static struct ast_stmt *parse_if_statement(struct parser *p)
{
	const struct token *t = ps_next(p);
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_IF, t);
	t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return NULL;
	}
	ps_swallow(p);
	s->expr = parse_expression(p);
	t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, ")")) {
		RAISE(p, "expected ')'");
		return NULL;
	}
	ps_swallow(p);
	s->then = parse_statement(p);
	t = ps_peek(p);
	if (is_kw(t, "else")) {
		ps_swallow(p);
		s->els = parse_statement(p);
	}
	return p->failed ? NULL : s;
}

/* expr_statement -> expr   (the statement keeps the expression's first token) */
static struct ast_stmt *parse_expr_statement(struct parser *p)
{
	const struct token *t = ps_peek(p);
	if (p->failed)
		return NULL;
	if (!t) {
		RAISE(p, "expression statement expected");
		return NULL;
	}
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_EXPR, t);
	s->expr = parse_expression(p);
	return p->failed ? NULL : s;
}

/* return -> 'return' [ expr ] */
static struct ast_stmt *parse_return_statement(struct parser *p)
{
	const struct token *t = ps_next(p);
	if (p->context != CON_FUNCTION) {
		RAISE(p, "found 'return' not in function context");
		return NULL;
	}
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_RETURN, t);
	t = ps_peek(p);
	if (t && !(is_op(t, ";") || is_op(t, "}")))
		s->expr = parse_expression(p);
	else if (!t && !p->failed)
		s->expr = parse_expression(p); /* at EOF: let the expression report it */
	return p->failed ? NULL : s;
}

/* delete -> 'delete' expr */
static struct ast_stmt *parse_delete_statement(struct parser *p)
{
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_DELETE, ps_next(p));
	s->expr = parse_expression(p);
	return p->failed ? NULL : s;
}

/* for -> 'for' '(' [expr] ';' [expr] ';' [expr] ')' statement */
/* The checks here and in parse_while_loop raise from sites of their own, as stap's throw
 * there: errors are de-duplicated by raise site (seen_errors), so folding them into
 * ps_expect_op would report different parse errors as "similar" and suppress them. */
static struct ast_stmt *parse_for_loop(struct parser *p)
{
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_FOR, ps_next(p));
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return NULL;
	}
	ps_swallow(p);
	if (ps_peek_op(p, ";")) {
		ps_swallow(p);
	} else {
		struct ast_stmt *init = parse_expr_statement(p);
		s->init = init ? init->expr : NULL;
		t = ps_next(p);
		if (p->failed)
			return NULL;
		if (!is_op(t, ";")) {
			RAISE(p, "expected ';'");
			return NULL;
		}
		ps_swallow(p);
	}
	if (ps_peek_op(p, ";")) {
		s->expr = ast_num_new(p->pool, NULL, 1);
		s->expr->tok = ps_next(p);
	} else {
		s->expr = parse_expression(p);
		t = ps_next(p);
		if (p->failed)
			return NULL;
		if (!is_op(t, ";")) {
			RAISE(p, "expected ';'");
			return NULL;
		}
		ps_swallow(p);
	}
	if (ps_peek_op(p, ")")) {
		ps_swallow(p);
	} else {
		struct ast_stmt *incr = parse_expr_statement(p);
		s->incr = incr ? incr->expr : NULL;
		t = ps_next(p);
		if (p->failed)
			return NULL;
		if (!is_op(t, ")")) {
			RAISE(p, "expected ')'");
			return NULL;
		}
		ps_swallow(p);
	}
	if (p->failed)
		return NULL;
	s->loop_body = parse_statement(p);
	return p->failed ? NULL : s;
}

/* while -> 'while' '(' expr ')' statement */
static struct ast_stmt *parse_while_loop(struct parser *p)
{
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_FOR, ps_next(p));
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return NULL;
	}
	ps_swallow(p);
	s->expr = parse_expression(p);
	t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, ")")) {
		RAISE(p, "expected ')'");
		return NULL;
	}
	ps_swallow(p);
	s->loop_body = parse_statement(p);
	return p->failed ? NULL : s;
}

static struct ast_expr *new_sym(struct parser *p, const struct token *t)
{
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_SYM, t);
	e->str = t->text;
	return e;
}

static int sort_of(const struct token *t)
{
	return is_op(t, "+") ? 1 : is_op(t, "-") ? -1 : 0;
}

/* foreach keys: IDENT [sort] | '[' IDENT [sort] { ',' IDENT [sort] } ']' */
static void parse_foreach_keys(struct parser *p, struct ast_stmt *s)
{
	bool parenthesized = false;
	if (ps_peek_op(p, "[")) {
		ps_swallow(p);
		parenthesized = true;
	}
	while (!p->failed) {
		const struct token *t = ps_next(p);
		if (p->failed)
			return;
		if (t->kind != TOK_IDENT) {
			RAISE(p, "expected identifier");
			return;
		}
		vec_push(&s->keys, new_sym(p, t));
		t = ps_peek(p);
		if (sort_of(t)) {
			if (s->sort_dir) {
				RAISE(p, "multiple sort directives");
				return;
			}
			s->sort_dir = sort_of(t);
			s->sort_column = s->keys.n;
			ps_swallow(p);
		}
		if (!parenthesized)
			break;
		t = ps_peek(p);
		if (is_op(t, ",")) {
			ps_swallow(p);
		} else if (is_op(t, "]")) {
			ps_swallow(p);
			break;
		} else {
			RAISE(p, "expected ',' or ']'");
		}
	}
}

/* slice -> '[' ('*'|expr) { ',' ('*'|expr) } ']' */
static void parse_foreach_slice(struct parser *p, struct ast_stmt *s)
{
	ps_swallow(p);
	while (!p->failed) {
		if (ps_peek_op(p, "*")) {
			ps_swallow(p);
			vec_push(&s->slice, NULL);
		} else {
			vec_push(&s->slice, parse_expression(p));
		}
		const struct token *t = ps_peek(p);
		if (is_op(t, ",")) {
			ps_swallow(p);
		} else if (is_op(t, "]")) {
			ps_swallow(p);
			break;
		} else {
			RAISE(p, "expected ',' or ']'");
		}
	}
}

/* [ '@'agg ] must be followed by a sort directive */
static void parse_foreach_agg(struct parser *p, struct ast_stmt *s)
{
	static const struct {
		const char *name;
		enum stat_op op;
	} aggs[] = {
	    {"@avg", STAT_AVG},	    {"@min", STAT_MIN}, {"@max", STAT_MAX},
	    {"@count", STAT_COUNT}, {"@sum", STAT_SUM}, {"@variance", STAT_VARIANCE},
	};
	const struct token *t = ps_peek(p);
	if (!(t && t->kind == TOK_OPERATOR && t->text[0] == '@'))
		return;
	for (size_t i = 0; i < sizeof(aggs) / sizeof(aggs[0]); i++)
		if (!strcmp(t->text, aggs[i].name)) {
			s->sort_agg = aggs[i].op;
			s->sort_agg_given = true;
		}
	if (!s->sort_agg_given) {
		RAISE(p, "expected statistical operation");
		return;
	}
	ps_swallow(p);
	if (!sort_of(ps_peek(p)))
		RAISE(p, "expected sort directive");
}

/* foreach -> 'foreach' '(' [ IDENT [sort] '=' ] keys 'in' indexable [slice] [agg] [sort]
 *            [ 'limit' expr ] ')' statement */
static struct ast_stmt *parse_foreach_loop(struct parser *p)
{
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_FOREACH, ps_next(p));
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return NULL;
	}
	ps_swallow(p);
	struct ast_expr *lookahead = NULL;
	int lookahead_sort = 0;
	t = ps_peek(p);
	if (t && t->kind == TOK_IDENT) {
		ps_next(p);
		lookahead = new_sym(p, t);
		t = ps_peek(p);
		if (sort_of(t)) {
			lookahead_sort = sort_of(t);
			ps_swallow(p);
		}
		t = ps_peek(p);
		if (is_op(t, "=")) {
			ps_swallow(p);
			s->value_var = lookahead;
			if (lookahead_sort) {
				s->sort_dir = lookahead_sort;
				s->sort_column = -1;
			}
			lookahead = NULL;
		}
	}
	if (lookahead) {
		vec_push(&s->keys, lookahead);
		if (lookahead_sort) {
			s->sort_dir = lookahead_sort;
			s->sort_column = 1;
		}
	} else {
		parse_foreach_keys(p, s);
	}
	t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_kw(t, "in")) {
		RAISE(p, "expected 'in'");
		return NULL;
	}
	ps_swallow(p);
	s->base = parse_indexable(p);
	if (ps_peek_op(p, "["))
		parse_foreach_slice(p, s);
	parse_foreach_agg(p, s);
	t = ps_peek(p);
	if (sort_of(t)) {
		if (s->sort_dir) {
			RAISE(p, "multiple sort directives");
			return NULL;
		}
		s->sort_dir = sort_of(t);
		s->sort_column = -1;
		ps_swallow(p);
	}
	if (is_kw(ps_peek(p), "limit")) {
		ps_swallow(p);
		s->limit = parse_expression(p);
	}
	t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, ")")) {
		RAISE(p, "expected ')'");
		return NULL;
	}
	ps_swallow(p);
	s->loop_body = parse_statement(p);
	return p->failed ? NULL : s;
}

/* statement -> ';' | block | try | if | for | foreach | while
 *            | ( return | delete | break | continue | next | expr ) [';'] */
static struct ast_stmt *parse_statement_nested(struct parser *p)
{
	struct ast_stmt *ret;
	const struct token *t = ps_peek(p);
	if (p->failed)
		return NULL;
	if (is_op(t, ";"))
		return ast_stmt_new(p->pool, STMT_NULL, ps_next(p));
	if (is_op(t, "{"))
		return parse_stmt_block(p);
	if (is_kw(t, "try"))
		return parse_try_block(p);
	if (is_kw(t, "if"))
		return parse_if_statement(p);
	if (is_kw(t, "for"))
		return parse_for_loop(p);
	if (is_kw(t, "foreach"))
		return parse_foreach_loop(p);
	if (is_kw(t, "while"))
		return parse_while_loop(p);
	if (is_kw(t, "return"))
		ret = parse_return_statement(p);
	else if (is_kw(t, "delete"))
		ret = parse_delete_statement(p);
	else if (is_kw(t, "break"))
		ret = ast_stmt_new(p->pool, STMT_BREAK, ps_next(p));
	else if (is_kw(t, "continue"))
		ret = ast_stmt_new(p->pool, STMT_CONTINUE, ps_next(p));
	else if (is_kw(t, "next"))
		ret = ast_stmt_new(p->pool, STMT_NEXT, ps_next(p));
	else if (t && (t->kind == TOK_OPERATOR || t->kind == TOK_IDENT || t->kind == TOK_NUMBER ||
		       t->kind == TOK_STRING || t->kind == TOK_EMBEDDED))
		ret = parse_expr_statement(p);
	else {
		RAISE(p, "expected statement");
		return NULL;
	}
	if (ps_peek_op(p, ";"))
		ps_swallow(p); /* a trailing ';' after a non-block statement */
	return p->failed ? NULL : ret;
}

struct ast_stmt *parse_statement(struct parser *p)
{
	struct ast_stmt *r = ps_enter(p) ? parse_statement_nested(p) : NULL;
	p->depth--;
	return r;
}
