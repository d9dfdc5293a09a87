// SPDX-License-Identifier: MIT
/* The parser's token stream and errors (stap 4.8 parse.cxx parser::next/peek/swallow,
 * print_error and the expect_* helpers) and literals: each helper is one raise site, as in
 * stap, so that stap's de-duplication of similar errors works the same way. */
#include <errno.h>
#include <stdlib.h>

#include "lang/parse_int.h"
#include "util/alloc.h"
#include "util/strbuf.h"

/* ---- errors and the token stream ----------------------------------------------------- */

/* Raises an error unless one is pending. tok NULL: it is about p->last_t ("saw"). */
void ps_raise(struct parser *p, const char *site, const char *msg, const struct token *tok,
	      bool skip_some)
{
	if (p->failed)
		return;
	p->failed = true;
	p->err = (struct pp_error){.site = site, .msg = msg, .tok = tok, .skip_some = skip_some};
	p->err_saw = p->last_t;
}

/* Counts one level of nesting; false (after raising) when it is too deep. */
bool ps_enter(struct parser *p)
{
	if (++p->depth <= PARSE_MAX_DEPTH)
		return true;
	RAISE(p, "nesting too deep");
	return false;
}

void ps_raise_pp(struct parser *p, const struct pp_error *e)
{
	if (p->failed)
		return;
	p->failed = true;
	p->err = *e;
	p->err_saw = p->last_t;
}

static void diag_from_pp(const struct pp_error *e, struct diag_parse_error *out,
			 struct diag_parse_error *chain_buf)
{
	*out = (struct diag_parse_error){.site = e->site, .msg = e->msg, .tok = e->tok};
	if (e->chain) {
		*chain_buf = (struct diag_parse_error){
		    .site = e->chain->site, .msg = e->chain->msg, .tok = e->chain->tok};
		out->chain = chain_buf;
	}
}

void ps_report(struct parser *p, bool as_warning)
{
	struct diag_parse_error de, chain;
	diag_from_pp(&p->err, &de, &chain);
	de.saw = p->err_saw;
	if (p->err.fatal) {
		diag_printf(p->ctx->diag, "%s\n", p->err.msg);
		p->ctx->fatal = true;
	} else {
		const struct token *t = de.tok ? de.tok : de.saw;
		const char *junk = t && t->kind == TOK_JUNK
				       ? lex_junk_message(p->arena, t, p->ctx->cfg.nargs)
				       : NULL;
		diag_parse(p->ctx->diag, &de, p->src->name, junk, as_warning);
	}
	p->num_errors++;
	p->failed = false;
}

const struct token *ps_scan(struct parser *p)
{
	const struct token *t;
	struct pp_error e;
	if (pp_scan(p->pp, &t, &e) < 0) {
		ps_raise_pp(p, &e);
		return NULL;
	}
	return t;
}

const struct token *ps_peek(struct parser *p)
{
	if (p->failed)
		return NULL;
	if (!p->next_t) {
		p->next_t = ps_scan(p);
		if (p->failed)
			return NULL;
	}
	p->last_t = p->next_t;
	return p->next_t;
}

const struct token *ps_next(struct parser *p)
{
	if (p->failed)
		return NULL;
	if (!p->next_t) {
		p->next_t = ps_scan(p);
		if (p->failed)
			return NULL;
	}
	if (!p->next_t) {
		RAISE(p, "unexpected end-of-file");
		return NULL;
	}
	p->last_t = p->next_t;
	p->next_t = NULL;
	return p->last_t;
}

void ps_swallow(struct parser *p)
{
	if (p->failed)
		return;
	p->last_t = p->next_t = NULL;
}

bool ps_peek_op(struct parser *p, const char *op)
{
	return is_op(ps_peek(p), op);
}

/* expect_known: "expected 'X'" about the token seen. */
void ps_expect_known(struct parser *p, enum tok_kind k, const char *s)
{
	const struct token *t = ps_next(p);
	if (p->failed)
		return;
	if (!tok_is(t, k, s)) {
		RAISE(p, arena_printf(p->arena, "expected '%s'", s));
		return;
	}
	ps_swallow(p);
}

void ps_expect_op(struct parser *p, const char *op)
{
	ps_expect_known(p, TOK_OPERATOR, op);
}

/* expect_op_any: returns which operator was found, or NULL after raising. */
const char *ps_expect_op_any(struct parser *p, const char *a, const char *b)
{
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (is_op(t, a) || is_op(t, b)) {
		const char *found = t->text;
		ps_swallow(p);
		return found;
	}
	RAISE(p, arena_printf(p->arena, "expected one of '%s %s'", a, b));
	return NULL;
}

const struct token *ps_expect_kw_token(struct parser *p, const char *kw)
{
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_kw(t, kw))
		RAISE(p, arena_printf(p->arena, "expected '%s'", kw));
	return t;
}

/* strtoull(..., 0) with stap's range rules; false if invalid. */
bool ps_number_value(const char *s, bool neg, int64_t *v)
{
	char *end;
	errno = 0;
	unsigned long long u = strtoull(s, &end, 0);
	if (errno == ERANGE || errno == EINVAL || *end || (neg && u > 9223372036854775808ULL))
		return false;
	*v = neg ? (int64_t)(0 - u) : (int64_t)u;
	return true;
}

/* expect_number -> ['-'] NUMBER */
bool ps_expect_number(struct parser *p, int64_t *value)
{
	bool neg = false;
	const struct token *t = ps_next(p);
	if (p->failed)
		return false;
	if (is_op(t, "-")) {
		neg = true;
		ps_swallow(p);
		t = ps_next(p);
		if (p->failed)
			return false;
	}
	if (t->kind != TOK_NUMBER) {
		RAISE(p, "expected number");
		return false;
	}
	if (!ps_number_value(t->text, neg, value)) {
		RAISE(p, "number invalid or out of range");
		return false;
	}
	ps_swallow(p);
	return true;
}

/* ---- literals ------------------------------------------------------------------------ */

/* Joins the string literals that follow t (stap's PR11208 auto-concatenation). */
const char *ps_consume_string_literals(struct parser *p, const struct token *t)
{
	struct strbuf sb = STRBUF_INIT;
	bool joined = false;
	const struct token *n = ps_peek(p);
	while (n && n->kind == TOK_STRING &&
	       !(!lex_has_version(p->lx, "2.0") && lex_ate_comment(p->lx))) {
		if (!joined) {
			sb_adds(&sb, t->text);
			joined = true;
		}
		sb_adds(&sb, n->text);
		ps_next(p);
		n = ps_peek(p);
	}
	const char *r = joined ? arena_strndup(p->arena, sb.s, sb.len) : t->text;
	sb_free(&sb);
	return r;
}

/* literal_string -> STRING { STRING } */
struct ast_expr *parse_literal_string(struct parser *p)
{
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (t->kind != TOK_STRING) {
		RAISE(p, "expected literal string");
		return NULL;
	}
	const char *raw = ps_consume_string_literals(p, t);
	return ast_str_new(p->pool, t, raw);
}

/* literal -> STRING { STRING } | ['-'] NUMBER */
struct ast_expr *parse_literal(struct parser *p)
{
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (t->kind == TOK_STRING)
		return ast_str_new(p->pool, t, ps_consume_string_literals(p, t));
	bool neg = false;
	if (is_op(t, "-")) {
		neg = true;
		ps_swallow(p);
		t = ps_next(p);
		if (p->failed)
			return NULL;
	}
	if (t->kind != TOK_NUMBER) {
		RAISE(p, "expected literal string or number");
		return NULL;
	}
	int64_t v;
	if (!ps_number_value(t->text, neg, &v)) {
		RAISE(p, "number invalid or out of range");
		return NULL;
	}
	return ast_num_new(p->pool, t, v);
}

/* expect_unknown for strings and identifiers: the (joined) text, or NULL. */
const char *ps_expect_unknown(struct parser *p, enum tok_kind k)
{
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (t->kind != k) {
		RAISE(p, k == TOK_STRING ? "expected string" : "expected identifier");
		return NULL;
	}
	if (t->kind == TOK_STRING) {
		const char *raw = ps_consume_string_literals(p, t);
		return p->failed ? NULL : raw;
	}
	ps_swallow(p);
	return t->text;
}
