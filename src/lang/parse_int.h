/* SPDX-License-Identifier: MIT */
/* Internal to the parser (parse*.c): the session context, the parser state, and the token
 * stream with stap's peek/next/swallow discipline and sticky errors. An error is raised
 * once (the first wins, as a thrown exception would), remembers stap's "last token" as
 * the token it saw, and makes ps_peek/ps_next return NULL until parse_file reports it. */
#ifndef UTAP_LANG_PARSE_INT_H
#define UTAP_LANG_PARSE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lang/lex.h"
#include "lang/parse.h"
#include "lang/pp.h"
#include "util/diag.h"

struct parser_ctx {
	struct lang_config cfg;
	struct pp_env env;
	struct diag *diag;
	struct ast_pool *pool;
	struct arena *arena;
	struct pp_library *lib;
	bool *used_args;
	struct lex_args args;
	bool fatal;
};

enum parse_context { CON_UNKNOWN, CON_PROBE, CON_GLOBAL, CON_FUNCTION, CON_EMBEDDED };

struct parser {
	struct parser_ctx *ctx;
	struct ast_pool *pool;
	struct arena *arena;
	const struct srcfile *src;
	struct lexer *lx;
	struct pp *pp;
	bool privileged, user_file, errs_as_warnings;
	enum parse_context context;
	const struct token *last_t, *next_t;
	/* the pending error (stap's thrown parse_error) */
	bool failed;
	struct pp_error err;
	const struct token *err_saw;
	unsigned num_errors;
	int depth; /* nesting of expressions, statements and probe-point braces */
};

/* stap recurses without bound; utap refuses absurd nesting instead of overflowing its
 * stack (no real script comes near it). */
enum { PARSE_MAX_DEPTH = 1000, PARSE_MAX_POINTS = 100000 };

/* Raises an error unless one is pending; tok NULL means it is about the last token seen. */
void ps_raise(struct parser *p, const char *site, const char *msg, const struct token *tok,
	      bool skip_some);
#define RAISE(p, msg) ps_raise((p), DIAG_SITE, (msg), NULL, true)
#define RAISE_TOK(p, msg, tok) ps_raise((p), DIAG_SITE, (msg), (tok), true)
void ps_raise_pp(struct parser *p, const struct pp_error *e);
/* Counts one nesting level; false (after raising) when too deep. Callers decrement
 * p->depth afterwards in every case. */
bool ps_enter(struct parser *p);
/* Prints the pending error as stap's parser::print_error does and clears it. */
void ps_report(struct parser *p, bool as_warning);

/* The token stream: the next preprocessed token; peek keeps it, next consumes it (raising
 * "unexpected end-of-file" at the end), swallow forgets both it and the last token. */
const struct token *ps_scan(struct parser *p);
const struct token *ps_peek(struct parser *p);
const struct token *ps_next(struct parser *p);
void ps_swallow(struct parser *p);

static inline bool tok_is(const struct token *t, enum tok_kind k, const char *s)
{
	return t && t->kind == k && !strcmp(t->text, s);
}

static inline bool is_op(const struct token *t, const char *s)
{
	return tok_is(t, TOK_OPERATOR, s);
}

static inline bool is_kw(const struct token *t, const char *s)
{
	return tok_is(t, TOK_KEYWORD, s);
}

bool ps_peek_op(struct parser *p, const char *op);
/* stap's expect_known / expect_op / expect_op_any / expect_kw_token / expect_number /
 * expect_unknown, each one raise site as in stap. */
void ps_expect_known(struct parser *p, enum tok_kind k, const char *s);
void ps_expect_op(struct parser *p, const char *op);
const char *ps_expect_op_any(struct parser *p, const char *a, const char *b);
const struct token *ps_expect_kw_token(struct parser *p, const char *kw);
bool ps_number_value(const char *s, bool neg, int64_t *v);
bool ps_expect_number(struct parser *p, int64_t *value);
const char *ps_expect_unknown(struct parser *p, enum tok_kind k);
const char *ps_consume_string_literals(struct parser *p, const struct token *t);

/* Grammar entry points shared between the parse*.c files. */
struct ast_expr *parse_literal(struct parser *p);
struct ast_expr *parse_literal_string(struct parser *p);
struct ast_expr *parse_expression(struct parser *p);
struct ast_expr *parse_indexable(struct parser *p);
struct ast_stmt *parse_statement(struct parser *p);
struct ast_stmt *parse_stmt_block(struct parser *p);

#endif
