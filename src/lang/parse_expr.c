// SPDX-License-Identifier: MIT
/* Expressions, following stap 4.8's parse.cxx precedence chain (parse_assignment down to
 * parse_value): assignment, ternary, || && | ^ &, 'in', comparisons and regex matches,
 * shifts, '.', + -, * / %, unary, ++/--, target values ($var, @cast, @var, autocasts with
 * their ->member[i] suffixes), symbols, calls, the print family, @operators, literals. */
#include <stdlib.h>

#include "lang/ast_print.h"
#include "lang/parse_int.h"
#include "util/alloc.h"
#include "util/strbuf.h"

static struct ast_expr *parse_ternary(struct parser *p);
static struct ast_expr *parse_unary(struct parser *p);

static struct ast_expr *new_binary(struct parser *p, enum ast_expr_kind kind, const struct token *t,
				   struct ast_expr *left)
{
	struct ast_expr *e = ast_expr_new(p->pool, kind, t);
	e->op = ast_op_from_str(t->text);
	e->left = left;
	return e;
}

static bool is_target_symbol(const struct ast_expr *e)
{
	return e && (e->kind == EXPR_TARGET ||
		     (e->kind == EXPR_ATOP &&
		      (e->atop == ATOP_CAST || e->atop == ATOP_VAR || e->atop == ATOP_AUTOCAST)));
}

/* hist_op_or_bare_name -> IDENT | '@'word | '@hist_linear' '(' expr ',' n ',' n ',' n ')'
 *                      | '@hist_log' '(' expr ')'
 * Returns the name token; *hop is set for histograms. */
static const struct token *parse_hist_op_or_bare_name(struct parser *p, struct ast_expr **hop)
{
	*hop = NULL;
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (t->kind != TOK_IDENT && !(t->kind == TOK_OPERATOR && t->text[0] == '@')) {
		RAISE(p, "expected identifier or statistical operation");
		return NULL;
	}
	bool linear = !strcmp(t->text, "@hist_linear");
	if (!linear && strcmp(t->text, "@hist_log"))
		return t;
	struct ast_expr *h = ast_expr_new(p->pool, EXPR_HIST, t);
	h->hist = linear ? HIST_LINEAR : HIST_LOG;
	*hop = h;
	ps_expect_op(p, "(");
	if (p->failed)
		return NULL;
	h->left = parse_expression(p);
	for (int i = 0; linear && i < 3 && !p->failed; i++) {
		ps_expect_op(p, ",");
		if (!p->failed)
			ps_expect_number(p, &h->hist_params[i]);
	}
	ps_expect_op(p, ")");
	return p->failed ? NULL : t;
}

/* indexable -> IDENT | hist_op */
struct ast_expr *parse_indexable(struct parser *p)
{
	struct ast_expr *hop;
	const struct token *t = parse_hist_op_or_bare_name(p, &hop);
	if (p->failed)
		return NULL;
	if (hop)
		return hop;
	struct ast_expr *sym = ast_expr_new(p->pool, EXPR_SYM, t);
	sym->str = t->text;
	return sym;
}

/* '@defined' / '@entry' '(' expr ')' */
static struct ast_expr *parse_operand_op(struct parser *p, enum ast_expr_kind kind,
					 const struct token *t)
{
	struct ast_expr *e = ast_expr_new(p->pool, kind, t);
	e->str = t->text;
	ps_expect_op(p, "(");
	e->left = parse_expression(p);
	ps_expect_op(p, ")");
	return p->failed ? NULL : e;
}

/* '@probewrite' '(' IDENT ')' */
static struct ast_expr *parse_probewrite_op(struct parser *p, const struct token *t)
{
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ATOP, t);
	e->atop = ATOP_PROBEWRITE;
	e->str = t->text;
	ps_expect_op(p, "(");
	e->type_name = ps_expect_unknown(p, TOK_IDENT);
	ps_expect_op(p, ")");
	return p->failed ? NULL : e;
}

/* '@const' '(' STRING ')': embedded C, guru only */
static struct ast_expr *parse_const_op(struct parser *p, const struct token *t)
{
	if (!p->privileged) {
		ps_raise(p, DIAG_SITE, "using @const operator not permitted; need stap -g", NULL,
			 false);
		return NULL;
	}
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_EMBEDDED, t);
	ps_expect_op(p, "(");
	const char *c = ps_expect_unknown(p, TOK_STRING);
	if (p->failed)
		return NULL;
	if (!*c) {
		RAISE(p, "expected non-empty string");
		return NULL;
	}
	ps_expect_op(p, ")");
	e->code = arena_printf(p->arena, "/* pure */ /* unprivileged */ /* stable */ %s", c);
	return p->failed ? NULL : e;
}

/* '@perf' '(' STRING ')' */
static struct ast_expr *parse_perf_op(struct parser *p, const struct token *t)
{
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ATOP, t);
	e->atop = ATOP_PERF;
	e->str = t->text;
	ps_expect_op(p, "(");
	e->left = parse_literal_string(p);
	if (p->failed)
		return NULL;
	if (!*e->left->raw) {
		RAISE(p, "expected non-empty string");
		return NULL;
	}
	e->type_name = e->left->raw;
	ps_expect_op(p, ")");
	return p->failed ? NULL : e;
}

/* '@kregister' | '@uregister' '(' NUMBER ')' ; '@kderef' | '@uderef' '(' NUMBER ',' expr ')' */
static struct ast_expr *parse_target_regderef(struct parser *p, const struct token *t, bool deref)
{
	bool user = t->text[1] == 'u';
	if (!user && !p->privileged && deref) {
		ps_raise(p, DIAG_SITE, "using @kderef operator not permitted; need stap -g", NULL,
			 false);
		return NULL;
	}
	if (!user && !p->privileged) {
		ps_raise(p, DIAG_SITE, "using @kregister operator not permitted; need stap -g",
			 NULL, false);
		return NULL;
	}
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ATOP, t);
	e->str = t->text;
	e->atop =
	    deref ? (user ? ATOP_UDEREF : ATOP_KDEREF) : (user ? ATOP_UREGISTER : ATOP_KREGISTER);
	ps_expect_op(p, "(");
	if (!p->failed)
		ps_expect_number(p, &e->num);
	if (deref) {
		ps_expect_op(p, ",");
		if (!p->failed)
			e->left = parse_expression(p);
	}
	ps_expect_op(p, ")");
	return p->failed ? NULL : e;
}

/* stat_op -> '@'(count|sum|min|max|avg|variance) '(' expr [',' NUMBER] ')' */
static struct ast_expr *parse_stat_op(struct parser *p, const struct token *t)
{
	static const struct {
		const char *name;
		enum stat_op op;
	} ops[] = {
	    {"@avg", STAT_AVG}, {"@variance", STAT_VARIANCE}, {"@count", STAT_COUNT},
	    {"@sum", STAT_SUM}, {"@min", STAT_MIN},	      {"@max", STAT_MAX},
	};
	struct ast_expr *e = NULL;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(t->text, ops[i].name)) {
			e = ast_expr_new(p->pool, EXPR_STATOP, t);
			e->stat = ops[i].op;
		}
	if (!e) {
		RAISE(p, arena_printf(p->arena, "unknown operator %s", t->text));
		return NULL;
	}
	int max_params = e->stat == STAT_VARIANCE ? 1 : 0;
	e->str = t->text;
	ps_expect_op(p, "(");
	if (p->failed)
		return NULL;
	e->left = parse_expression(p);
	while (!p->failed) {
		const struct token *u = ps_next(p);
		if (p->failed)
			break;
		if (is_op(u, ")")) {
			ps_swallow(p);
			break;
		}
		if (is_op(u, ",")) {
			if (e->stat_nparams >= max_params) {
				RAISE_TOK(p,
					  arena_printf(p->arena,
						       "not more than %d parameter%s "
						       "allowed",
						       max_params + 1,
						       max_params + 1 == 1 ? "" : "s"),
					  u);
				break;
			}
			ps_swallow(p);
			if (ps_expect_number(p, &e->hist_params[e->stat_nparams]))
				e->stat_nparams++;
		}
		/* stap quietly passes over anything else until ')' */
	}
	return p->failed ? NULL : e;
}

/* The print family: [s]print[f | [d][ln]] and print_char (staptree.cxx
 * print_format::create). Returns the PRINT_* flags, or -1 if name is not one. */
static int print_flags(const char *n)
{
	int flags = 0;
	if (!strcmp(n, "print_char"))
		return PRINT_CHAR;
	if (*n == 's') {
		flags |= PRINT_TO_STRING;
		n++;
	}
	if (strncmp(n, "print", 5))
		return -1;
	n += 5;
	if (*n == 'f') {
		flags |= PRINT_FORMAT;
		n++;
	} else {
		if (*n == 'd') {
			flags |= PRINT_DELIM;
			n++;
		}
		if (n[0] == 'l' && n[1] == 'n') {
			flags |= PRINT_NEWLINE;
			n += 2;
		}
	}
	return *n ? -1 : flags;
}

/* print(@hist_x(...)) or print(@hist_x(...)[bucket], ...) */
static void parse_print_hist(struct parser *p, struct ast_expr *fmt)
{
	struct ast_expr *hop;
	const struct token *t = parse_hist_op_or_bare_name(p, &hop);
	if (p->failed)
		return;
	if (!ps_peek_op(p, "[")) {
		fmt->left = hop;
		return;
	}
	ps_expect_op(p, "[");
	struct ast_expr *ai = ast_expr_new(p->pool, EXPR_INDEX, t);
	ai->left = hop;
	vec_push(&ai->args, parse_expression(p));
	ps_expect_op(p, "]");
	vec_push(&fmt->args, ai);
	while (!p->failed && !ps_peek_op(p, ")")) {
		ps_expect_op_any(p, ",", ")");
		if (!p->failed)
			vec_push(&fmt->args, parse_expression(p));
	}
}

/* print_call -> NAME '(' [fmt|delim] args ')' */
static struct ast_expr *parse_print(struct parser *p, const struct token *t, int flags)
{
	struct ast_expr *fmt = ast_expr_new(p->pool, EXPR_PRINT, t);
	fmt->str = t->text;
	fmt->print_flags = flags;
	ps_expect_op(p, "(");
	if (p->failed)
		return NULL;
	const char *n = t->text;
	bool histable = !strcmp(n, "print") || !strcmp(n, "println") || !strcmp(n, "sprint") ||
			!strcmp(n, "sprintln");
	if (histable && (ps_peek_op(p, "@hist_linear") || ps_peek_op(p, "@hist_log"))) {
		parse_print_hist(p, fmt);
	} else {
		int min_args = 0;
		bool consumed = false;
		if (flags & (PRINT_FORMAT | PRINT_DELIM)) {
			struct ast_expr *ls = parse_literal_string(p);
			if (p->failed)
				return NULL;
			fmt->fmt_raw = ls->raw;
			fmt->right = ls;
			consumed = true;
			if (flags & PRINT_DELIM) {
				min_args = 2;
			} else {
				const char *msg;
				int rc = parse_printf_format(p->arena, ls->raw, fmt, &msg);
				if (rc == -1) {
					RAISE(p, msg); /* invalid or missing conversion */
					return NULL;
				}
				if (rc < 0) {
					RAISE(p, msg); /* trailing incomplete conversion */
					return NULL;
				}
			}
		} else if (!(flags & PRINT_NEWLINE)) {
			min_args = 1;
		}
		while (!p->failed && (min_args || !ps_peek_op(p, ")"))) {
			if (consumed)
				ps_expect_op_any(p, ",", ")");
			if (p->failed)
				break;
			vec_push(&fmt->args, parse_expression(p));
			consumed = true;
			if (min_args)
				min_args--;
		}
	}
	ps_expect_op(p, ")");
	return p->failed ? NULL : fmt;
}

/* call -> NAME '(' [ expr { ',' expr } ] ')' */
static struct ast_expr *parse_call(struct parser *p, const struct token *t)
{
	ps_swallow(p);
	struct ast_expr *f = ast_expr_new(p->pool, EXPR_CALL, t);
	f->str = t->text;
	if (ps_peek_op(p, ")")) {
		ps_swallow(p);
		return f;
	}
	while (!p->failed) {
		vec_push(&f->args, parse_expression(p));
		const char *op = ps_expect_op_any(p, ")", ",");
		if (op && !strcmp(op, ")"))
			break;
	}
	return p->failed ? NULL : f;
}

/* @operators handled by parse_symbol; NULL result with !failed means "not one of these". */
static struct ast_expr *parse_at_operator(struct parser *p, const struct token *t, bool *handled)
{
	const char *n = t->text;
	*handled = true;
	if (!strcmp(n, "@defined"))
		return parse_operand_op(p, EXPR_DEFINED, t);
	if (!strcmp(n, "@probewrite"))
		return parse_probewrite_op(p, t);
	if (!strcmp(n, "@const"))
		return parse_const_op(p, t);
	if (!strcmp(n, "@entry"))
		return parse_operand_op(p, EXPR_ENTRY, t);
	if (!strcmp(n, "@perf"))
		return parse_perf_op(p, t);
	if (lex_has_version(p->lx, "4.0")) {
		if (!strcmp(n, "@kregister") || !strcmp(n, "@uregister"))
			return parse_target_regderef(p, t, false);
		if (!strcmp(n, "@kderef") || !strcmp(n, "@uderef"))
			return parse_target_regderef(p, t, true);
	}
	if (n[0] == '@')
		return parse_stat_op(p, t);
	*handled = false;
	return NULL;
}

/* symbol -> IDENT | IDENT '[' idx {',' idx} ']' | call | print_call | @op(...)
 *         | hist_op '[' expr ']' */
static struct ast_expr *parse_symbol(struct parser *p)
{
	struct ast_expr *hop, *base;
	const struct token *t = parse_hist_op_or_bare_name(p, &hop);
	if (p->failed)
		return NULL;
	if (!hop) {
		bool handled;
		struct ast_expr *e = parse_at_operator(p, t, &handled);
		if (handled)
			return e;
		int flags = print_flags(t->text);
		if (flags >= 0)
			return parse_print(p, t, flags);
		if (ps_peek_op(p, "("))
			return parse_call(p, t);
		if (p->failed)
			return NULL;
		base = ast_expr_new(p->pool, EXPR_SYM, t);
		base->str = t->text;
	} else {
		base = hop;
	}
	if (ps_peek_op(p, "[")) {
		ps_swallow(p);
		struct ast_expr *ai = ast_expr_new(p->pool, EXPR_INDEX, t);
		ai->left = base;
		while (!p->failed) {
			if (ps_peek_op(p, "*")) {
				ps_swallow(p);
				vec_push(&ai->args, NULL);
			} else {
				vec_push(&ai->args, parse_expression(p));
			}
			const char *op = ps_expect_op_any(p, "]", ",");
			if (op && !strcmp(op, "]"))
				break;
		}
		return p->failed ? NULL : ai;
	}
	if (p->failed)
		return NULL;
	if (hop) {
		RAISE_TOK(p, "base histogram operator where expression expected", t);
		return NULL;
	}
	return base;
}

/* value -> EMBEDDED | '(' expr ')' | symbol | literal */
static struct ast_expr *parse_value(struct parser *p)
{
	const struct token *t = ps_peek(p);
	if (p->failed)
		return NULL;
	if (!t) {
		RAISE(p, "expected value");
		return NULL;
	}
	if (t->kind == TOK_EMBEDDED) {
		if (!p->privileged) {
			ps_raise(p, DIAG_SITE,
				 "embedded expression code in unprivileged script; need stap -g",
				 NULL, false);
			return NULL;
		}
		struct ast_expr *e = ast_expr_new(p->pool, EXPR_EMBEDDED, t);
		e->code = t->text;
		ps_next(p);
		return e;
	}
	if (is_op(t, "(")) {
		ps_swallow(p);
		struct ast_expr *e = parse_expression(p);
		t = ps_next(p);
		if (p->failed)
			return NULL;
		if (!is_op(t, ")")) {
			RAISE(p, "expected ')'");
			return NULL;
		}
		ps_swallow(p);
		return e;
	}
	if (t->kind == TOK_IDENT || (t->kind == TOK_OPERATOR && t->text[0] == '@'))
		return parse_symbol(p);
	return parse_literal(p);
}

/* target_symbol -> '$'name */
static struct ast_expr *parse_target_symbol(struct parser *p)
{
	const struct token *t = ps_next(p);
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_TARGET, t);
	e->str = t->text;
	return e;
}

/* cast -> '@cast' '(' expr ',' STRING [',' STRING] ')' */
static struct ast_expr *parse_cast_op(struct parser *p)
{
	const struct token *t = ps_next(p);
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ATOP, t);
	e->atop = ATOP_CAST;
	e->str = t->text;
	ps_expect_op(p, "(");
	if (p->failed)
		return NULL;
	e->left = parse_expression(p);
	ps_expect_op(p, ",");
	e->type_name = ps_expect_unknown(p, TOK_STRING);
	if (p->failed)
		return NULL;
	if (!*e->type_name) {
		RAISE(p, "expected non-empty string");
		return NULL;
	}
	if (ps_peek_op(p, ",")) {
		ps_swallow(p);
		e->module = ps_expect_unknown(p, TOK_STRING);
	}
	ps_expect_op(p, ")");
	return p->failed ? NULL : e;
}

/* atvar -> '@var' '(' STRING [',' STRING] ')' */
static struct ast_expr *parse_atvar_op(struct parser *p)
{
	const struct token *t = ps_next(p);
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ATOP, t);
	e->atop = ATOP_VAR;
	e->str = t->text;
	ps_expect_op(p, "(");
	e->type_name = ps_expect_unknown(p, TOK_STRING);
	if (ps_peek_op(p, ",")) {
		ps_swallow(p);
		e->module = ps_expect_unknown(p, TOK_STRING);
	}
	ps_expect_op(p, ")");
	return p->failed ? NULL : e;
}

static bool all_dollars(const char *s)
{
	return strspn(s, "$") == strlen(s);
}

static bool peek_target_symbol_components(struct parser *p)
{
	const struct token *t = ps_peek(p);
	return t &&
	       (is_op(t, "->") || is_op(t, "[") || (t->kind == TOK_IDENT && all_dollars(t->text)));
}

static void push_comp(struct parser *p, struct ast_expr *e, enum tcomp_kind k,
		      const struct token *t, const char *member)
{
	vec_push(&e->comps, ((struct ast_tcomp){.kind = k, .tok = t, .member = member}));
	(void)p;
}

/* The index of the last non-'$' byte, or -1 (stap's find_last_not_of('$')). */
static long last_not_dollar(const char *s)
{
	for (long i = (long)strlen(s) - 1; i >= 0; i--)
		if (s[i] != '$')
			return i;
	return -1;
}

/* The suffix as stap prints it ("->a[2]->$"), kept for diagnostics. */
static const char *comps_text(struct parser *p, const struct ast_expr *e)
{
	struct strbuf sb = STRBUF_INIT;
	struct ast_expr bare = *e;
	bare.kind = EXPR_TARGET;
	bare.str = "";
	bare.addressof = false;
	ast_print_expr(&sb, &bare);
	const char *r = arena_strndup(p->arena, sb.s ? sb.s : "", sb.len);
	sb_free(&sb);
	return r;
}

/* components -> { '->' member | '[' expr ']' } [ '$' | '$$' ] */
static void parse_target_symbol_components(struct parser *p, struct ast_expr *e)
{
	bool pprint = false;
	const char *base = e->str ? e->str : "";
	long pos = last_not_dollar(base), len = (long)strlen(base);
	if (0 < pos && pos < len - 1) {
		push_comp(p, e, TCOMP_PRETTY, e->tok, arena_strdup(p->arena, base + pos + 1));
		e->str = arena_strndup(p->arena, base, (size_t)pos + 1);
		pprint = true;
	}
	while (!pprint && !p->failed) {
		if (ps_peek_op(p, "->")) {
			const struct token *t = ps_next(p);
			const struct token *m = ps_next(p);
			if (p->failed)
				return;
			if (m->kind != TOK_IDENT && m->kind != TOK_KEYWORD) {
				RAISE(p, "expected identifier or keyword");
				return;
			}
			ps_swallow(p);
			const char *member = m->text;
			long mpos = last_not_dollar(member), mlen = (long)strlen(member);
			const char *pretty = NULL;
			if (mpos < 0 || mpos < mlen - 1) {
				pretty = arena_strdup(p->arena, member + mpos + 1);
				member = arena_strndup(p->arena, member, (size_t)(mpos + 1));
				pprint = true;
			}
			if (*member)
				push_comp(p, e, TCOMP_MEMBER, t, member);
			if (pretty)
				push_comp(p, e, TCOMP_PRETTY, t, pretty);
		} else if (ps_peek_op(p, "[")) {
			const struct token *t = ps_next(p);
			struct ast_expr *idx = parse_expression(p);
			if (p->failed)
				return;
			struct ast_tcomp c = {.tok = t};
			if (idx->kind == EXPR_NUM) {
				c.kind = TCOMP_INDEX_NUM;
				c.num = idx->num;
			} else {
				c.kind = TCOMP_INDEX_EXPR;
				c.index = idx;
			}
			vec_push(&e->comps, c);
			ps_expect_op(p, "]");
		} else {
			break;
		}
	}
	if (p->failed)
		return;
	if (!pprint) {
		const struct token *t = ps_peek(p);
		if (t && t->kind == TOK_IDENT && all_dollars(t->text)) {
			t = ps_next(p);
			push_comp(p, e, TCOMP_PRETTY, t, t->text);
			pprint = true;
		}
	}
	if (pprint && (ps_peek_op(p, "->") || ps_peek_op(p, "[")))
		RAISE(p, "-> and [ are not accepted for a pretty-printing variable");
	if (e->comps.n)
		e->target_suffix = comps_text(p, e);
}

/* dwarf_value -> ['&'] ( $var | @cast | @var | value ) { components } */
static struct ast_expr *parse_dwarf_value(struct parser *p)
{
	struct ast_expr *expr, *tsym = NULL;
	const struct token *addrtok = ps_peek_op(p, "&") ? ps_next(p) : NULL;
	bool addressof = addrtok != NULL;
	const struct token *t = ps_peek(p);
	if (p->failed)
		return NULL;
	if (t && t->kind == TOK_IDENT && t->text[0] == '$') {
		expr = tsym = parse_target_symbol(p);
	} else if (is_op(t, "@cast")) {
		expr = tsym = parse_cast_op(p);
	} else if (is_op(t, "@var")) {
		expr = tsym = parse_atvar_op(p);
	} else if (addressof && !lex_has_version(p->lx, "2.6")) {
		RAISE(p, "expected @cast, @var or $var");
		return NULL;
	} else {
		expr = parse_value(p);
		if (p->failed)
			return NULL;
		if (addressof && is_target_symbol(expr)) {
			tsym = expr;
			if (tsym->addressof) {
				RAISE_TOK(p, "cannot take address more than once", addrtok);
				return NULL;
			}
		}
	}
	if (p->failed)
		return NULL;
	if (!tsym && (addressof || peek_target_symbol_components(p)) &&
	    lex_has_version(p->lx, "2.6")) {
		struct ast_expr *cop =
		    ast_expr_new(p->pool, EXPR_ATOP, addrtok ? addrtok : ps_peek(p));
		cop->atop = ATOP_AUTOCAST;
		cop->str = "";
		cop->left = expr;
		expr = tsym = cop;
	}
	if (tsym) {
		tsym->addressof = addressof;
		parse_target_symbol_components(p, tsym);
	}
	return p->failed ? NULL : expr;
}

/* crement -> ('++'|'--') dwarf_value | dwarf_value [('++'|'--')] */
static struct ast_expr *parse_crement(struct parser *p)
{
	const struct token *t = ps_peek(p);
	if (is_op(t, "++") || is_op(t, "--")) {
		struct ast_expr *e = new_binary(p, EXPR_INCDEC, t, NULL);
		ps_next(p);
		e->left = parse_dwarf_value(p);
		return p->failed ? NULL : e;
	}
	struct ast_expr *op1 = parse_dwarf_value(p);
	t = ps_peek(p);
	if (is_op(t, "++") || is_op(t, "--")) {
		struct ast_expr *e = new_binary(p, EXPR_INCDEC, t, op1);
		e->postfix = true;
		ps_next(p);
		return e;
	}
	return p->failed ? NULL : op1;
}

/* unary -> ('+'|'-'|'!'|'~') unary | crement */
static struct ast_expr *parse_unary_nested(struct parser *p)
{
	const struct token *t = ps_peek(p);
	if (is_op(t, "+") || is_op(t, "-") || is_op(t, "!") || is_op(t, "~")) {
		struct ast_expr *e = new_binary(p, EXPR_UNARY, t, NULL);
		ps_next(p);
		e->left = parse_unary(p);
		return p->failed ? NULL : e;
	}
	return parse_crement(p);
}

static struct ast_expr *parse_unary(struct parser *p)
{
	struct ast_expr *r = ps_enter(p) ? parse_unary_nested(p) : NULL;
	p->depth--;
	return r;
}

typedef struct ast_expr *(*parse_fn)(struct parser *p);

/* A left-associative level: operand { OP operand } with OP from ops (NULL-terminated). */
static struct ast_expr *parse_left_assoc(struct parser *p, parse_fn operand, const char *const *ops,
					 enum ast_expr_kind kind)
{
	struct ast_expr *op1 = operand(p);
	int chain = 0; /* each operator makes the left-deep tree one level deeper */
	for (;;) {
		const struct token *t = ps_peek(p);
		bool match = false;
		for (const char *const *o = ops; *o && !match; o++)
			match = is_op(t, *o);
		if (!match || p->failed)
			break;
		chain++;
		if (!ps_enter(p))
			break;
		struct ast_expr *e = new_binary(p, kind, t, op1);
		ps_next(p);
		e->right = operand(p);
		op1 = e;
	}
	p->depth -= chain;
	return p->failed ? NULL : op1;
}

/* multiplicative -> unary { ('*'|'/'|'%') unary } */
static struct ast_expr *parse_multiplicative(struct parser *p)
{
	static const char *const ops[] = {"*", "/", "%", NULL};
	return parse_left_assoc(p, parse_unary, ops, EXPR_BINARY);
}

/* additive -> multiplicative { ('+'|'-') multiplicative } */
static struct ast_expr *parse_additive(struct parser *p)
{
	static const char *const ops[] = {"+", "-", NULL};
	return parse_left_assoc(p, parse_multiplicative, ops, EXPR_BINARY);
}

/* concatenation -> additive { '.' additive } */
static struct ast_expr *parse_concatenation(struct parser *p)
{
	static const char *const ops[] = {".", NULL};
	return parse_left_assoc(p, parse_additive, ops, EXPR_CONCAT);
}

/* shift -> concatenation { ('<<'|'>>'|'>>>') concatenation } */
static struct ast_expr *parse_shift(struct parser *p)
{
	static const char *const ops[] = {"<<", ">>", ">>>", NULL};
	return parse_left_assoc(p, parse_concatenation, ops, EXPR_BINARY);
}

/* comparison -> shift ( ('=~'|'!~') literal_string | { cmpop shift } ) */
static struct ast_expr *parse_comparison_or_regex_query(struct parser *p)
{
	struct ast_expr *op1 = parse_shift(p);
	const struct token *t = ps_peek(p);
	if (is_op(t, "=~") || is_op(t, "!~")) {
		struct ast_expr *r = new_binary(p, EXPR_REGEX, t, op1);
		ps_next(p);
		r->right = parse_literal_string(p);
		ps_peek(p);
		return p->failed ? NULL : r;
	}
	static const char *const ops[] = {">", "<", "==", "!=", "<=", ">=", NULL};
	while (!p->failed) {
		bool match = false;
		for (const char *const *o = ops; *o && !match; o++)
			match = is_op(t, *o);
		if (!match)
			break;
		struct ast_expr *e = new_binary(p, EXPR_COMPARE, t, op1);
		ps_next(p);
		e->right = parse_shift(p);
		op1 = e;
		t = ps_peek(p);
	}
	return p->failed ? NULL : op1;
}

/* array_in -> ( '[' (expr|'*') { ',' (expr|'*') } ']' | comparison ) [ 'in' indexable ] */
static struct ast_expr *parse_array_in(struct parser *p)
{
	struct ast_expr *in = ast_expr_new(p->pool, EXPR_IN, NULL);
	bool parenthesized = false;
	if (ps_peek_op(p, "[")) {
		ps_swallow(p);
		parenthesized = true;
	}
	while (!p->failed) {
		if (parenthesized && ps_peek_op(p, "*")) {
			ps_swallow(p);
			vec_push(&in->args, NULL);
		} else {
			vec_push(&in->args, parse_comparison_or_regex_query(p));
		}
		if (!parenthesized)
			break;
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
	const struct token *t = ps_peek(p);
	if (p->failed)
		return NULL;
	if (is_kw(t, "in")) {
		in->tok = t;
		ps_next(p);
		in->left = parse_indexable(p);
		return p->failed ? NULL : in;
	}
	if (in->args.n == 1)
		return in->args.v[0];
	RAISE(p, "unexpected comma-separated expression list");
	return NULL;
}

/* boolean_and -> array_in { '&' array_in } */
static struct ast_expr *parse_boolean_and(struct parser *p)
{
	static const char *const ops[] = {"&", NULL};
	return parse_left_assoc(p, parse_array_in, ops, EXPR_BINARY);
}

/* boolean_xor -> boolean_and { '^' boolean_and } */
static struct ast_expr *parse_boolean_xor(struct parser *p)
{
	static const char *const ops[] = {"^", NULL};
	return parse_left_assoc(p, parse_boolean_and, ops, EXPR_BINARY);
}

/* boolean_or -> boolean_xor { '|' boolean_xor } */
static struct ast_expr *parse_boolean_or(struct parser *p)
{
	static const char *const ops[] = {"|", NULL};
	return parse_left_assoc(p, parse_boolean_xor, ops, EXPR_BINARY);
}

/* logical_and -> boolean_or { '&&' boolean_or } */
static struct ast_expr *parse_logical_and(struct parser *p)
{
	static const char *const ops[] = {"&&", NULL};
	return parse_left_assoc(p, parse_boolean_or, ops, EXPR_LOGICAL);
}

/* logical_or -> logical_and { '||' logical_and } */
static struct ast_expr *parse_logical_or(struct parser *p)
{
	static const char *const ops[] = {"||", NULL};
	return parse_left_assoc(p, parse_logical_and, ops, EXPR_LOGICAL);
}

/* ternary -> logical_or [ '?' expr ':' ternary ]   (':' expr before stap 4.0) */
static struct ast_expr *parse_ternary_nested(struct parser *p)
{
	struct ast_expr *op1 = parse_logical_or(p);
	const struct token *t = ps_peek(p);
	if (!is_op(t, "?"))
		return p->failed ? NULL : op1;
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_TERNARY, t);
	e->op = '?';
	e->left = op1;
	ps_next(p);
	e->right = parse_expression(p);
	t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, ":")) {
		RAISE(p, "expected ':'");
		return NULL;
	}
	ps_swallow(p);
	e->third = lex_has_version(p->lx, "4.0") ? parse_ternary(p) : parse_expression(p);
	return p->failed ? NULL : e;
}

static struct ast_expr *parse_ternary(struct parser *p)
{
	struct ast_expr *r = ps_enter(p) ? parse_ternary_nested(p) : NULL;
	p->depth--;
	return r;
}

/* assignment -> ternary [ assignop expr ]   (right-associative) */
static struct ast_expr *parse_assignment(struct parser *p)
{
	static const char *const ops[] = {
	    "=", "<<<", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", ".=", NULL};
	struct ast_expr *op1 = parse_ternary(p);
	const struct token *t = ps_peek(p);
	bool match = false;
	for (const char *const *o = ops; *o && !match; o++)
		match = is_op(t, *o);
	if (!match || p->failed)
		return p->failed ? NULL : op1;
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ASSIGN, t);
	e->op = !strcmp(t->text, "=") ? OP_ASSIGN : ast_op_from_str(t->text);
	e->left = op1;
	ps_next(p);
	e->right = parse_expression(p);
	return p->failed ? NULL : e;
}

/* expression -> assignment */
static struct ast_expr *parse_expression_nested(struct parser *p)
{
	return parse_assignment(p);
}

struct ast_expr *parse_expression(struct parser *p)
{
	struct ast_expr *r = ps_enter(p) ? parse_expression_nested(p) : NULL;
	p->depth--;
	return r;
}
