// SPDX-License-Identifier: MIT
/* The SystemTap-language parser: recursive descent over the preprocessed token stream,
 * following stap 4.8's parse.cxx function by function so that every error is raised at
 * the same point, with the same words and the same "saw" token (the parser's last peeked
 * or consumed token, as stap's last_t). An error is sticky: once raised, peek/next return
 * nothing and the functions unwind; parse_file reports it, skips to the next probe /
 * global / private / function / %{ and goes on, so every error of a file is reported. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "lang/lex.h"
#include "lang/parse.h"
#include "lang/pp.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/strbuf.h"

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
};

/* ---- errors and the token stream ----------------------------------------------------- */

/* Raises an error unless one is pending. tok NULL: it is about p->last_t ("saw"). */
static void raise_at(struct parser *p, const char *site, const char *msg, const struct token *tok,
		     bool skip_some)
{
	if (p->failed)
		return;
	p->failed = true;
	p->err = (struct pp_error){.site = site, .msg = msg, .tok = tok, .skip_some = skip_some};
	p->err_saw = p->last_t;
}

#define RAISE(p, msg) raise_at((p), DIAG_SITE, (msg), NULL, true)
#define RAISE_TOK(p, msg, tok) raise_at((p), DIAG_SITE, (msg), (tok), true)

static void raise_pp(struct parser *p, const struct pp_error *e)
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

/* stap's parser::print_error; clears the pending error. */
static void report(struct parser *p, bool as_warning)
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

static const struct token *scan(struct parser *p)
{
	const struct token *t;
	struct pp_error e;
	if (pp_scan(p->pp, &t, &e) < 0) {
		raise_pp(p, &e);
		return NULL;
	}
	return t;
}

static const struct token *peek(struct parser *p)
{
	if (p->failed)
		return NULL;
	if (!p->next_t) {
		p->next_t = scan(p);
		if (p->failed)
			return NULL;
	}
	p->last_t = p->next_t;
	return p->next_t;
}

static const struct token *next(struct parser *p)
{
	if (p->failed)
		return NULL;
	if (!p->next_t) {
		p->next_t = scan(p);
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

static void swallow(struct parser *p)
{
	if (p->failed)
		return;
	p->last_t = p->next_t = NULL;
}

static bool tok_is(const struct token *t, enum tok_kind k, const char *s)
{
	return t && t->kind == k && !strcmp(t->text, s);
}

static bool is_op(const struct token *t, const char *s)
{
	return tok_is(t, TOK_OPERATOR, s);
}

static bool is_kw(const struct token *t, const char *s)
{
	return tok_is(t, TOK_KEYWORD, s);
}

static bool peek_op(struct parser *p, const char *op)
{
	return is_op(peek(p), op);
}

/* expect_known: "expected 'X'" about the token seen. */
static void expect_known(struct parser *p, enum tok_kind k, const char *s)
{
	const struct token *t = next(p);
	if (p->failed)
		return;
	if (!tok_is(t, k, s)) {
		RAISE(p, arena_printf(p->arena, "expected '%s'", s));
		return;
	}
	swallow(p);
}

static void expect_op(struct parser *p, const char *op)
{
	expect_known(p, TOK_OPERATOR, op);
}

/* expect_op_any: returns which operator was found, or NULL after raising. */
static const char *expect_op_any(struct parser *p, const char *a, const char *b)
{
	const struct token *t = next(p);
	if (p->failed)
		return NULL;
	if (is_op(t, a) || is_op(t, b)) {
		const char *found = t->text;
		swallow(p);
		return found;
	}
	RAISE(p, arena_printf(p->arena, "expected one of '%s %s'", a, b));
	return NULL;
}

static const struct token *expect_kw_token(struct parser *p, const char *kw)
{
	const struct token *t = next(p);
	if (p->failed)
		return NULL;
	if (!is_kw(t, kw))
		RAISE(p, arena_printf(p->arena, "expected '%s'", kw));
	return t;
}

/* strtoull(..., 0) with stap's range rules; false if invalid. */
static bool number_value(const char *s, bool neg, int64_t *v)
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
static bool expect_number(struct parser *p, int64_t *value)
{
	bool neg = false;
	const struct token *t = next(p);
	if (p->failed)
		return false;
	if (is_op(t, "-")) {
		neg = true;
		swallow(p);
		t = next(p);
		if (p->failed)
			return false;
	}
	if (t->kind != TOK_NUMBER) {
		RAISE(p, "expected number");
		return false;
	}
	if (!number_value(t->text, neg, value)) {
		RAISE(p, "number invalid or out of range");
		return false;
	}
	swallow(p);
	return true;
}

/* ---- literals ------------------------------------------------------------------------ */

/* Joins the string literals that follow t (stap's PR11208 auto-concatenation). */
static const char *consume_string_literals(struct parser *p, const struct token *t)
{
	struct strbuf sb = STRBUF_INIT;
	bool joined = false;
	const struct token *n = peek(p);
	while (n && n->kind == TOK_STRING &&
	       !(!lex_has_version(p->lx, "2.0") && lex_ate_comment(p->lx))) {
		if (!joined) {
			sb_adds(&sb, t->text);
			joined = true;
		}
		sb_adds(&sb, n->text);
		next(p);
		n = peek(p);
	}
	const char *r = joined ? arena_strndup(p->arena, sb.s, sb.len) : t->text;
	sb_free(&sb);
	return r;
}

/* literal_string -> STRING { STRING } */
static struct ast_expr *parse_literal_string(struct parser *p)
{
	const struct token *t = next(p);
	if (p->failed)
		return NULL;
	if (t->kind != TOK_STRING) {
		RAISE(p, "expected literal string");
		return NULL;
	}
	const char *raw = consume_string_literals(p, t);
	return ast_str_new(p->pool, t, raw);
}

/* literal -> STRING { STRING } | ['-'] NUMBER */
static struct ast_expr *parse_literal(struct parser *p)
{
	const struct token *t = next(p);
	if (p->failed)
		return NULL;
	if (t->kind == TOK_STRING)
		return ast_str_new(p->pool, t, consume_string_literals(p, t));
	bool neg = false;
	if (is_op(t, "-")) {
		neg = true;
		swallow(p);
		t = next(p);
		if (p->failed)
			return NULL;
	}
	if (t->kind != TOK_NUMBER) {
		RAISE(p, "expected literal string or number");
		return NULL;
	}
	int64_t v;
	if (!number_value(t->text, neg, &v)) {
		RAISE(p, "number invalid or out of range");
		return NULL;
	}
	return ast_num_new(p->pool, t, v);
}

/* expect_unknown for strings and identifiers: the (joined) text, or NULL. */
static const char *expect_unknown(struct parser *p, enum tok_kind k)
{
	const struct token *t = next(p);
	if (p->failed)
		return NULL;
	if (t->kind != k) {
		RAISE(p, k == TOK_STRING ? "expected string" : "expected identifier");
		return NULL;
	}
	if (t->kind == TOK_STRING) {
		const char *raw = consume_string_literals(p, t);
		return p->failed ? NULL : raw;
	}
	swallow(p);
	return t->text;
}

/* ---- printf formats (staptree.cxx string_to_components) ------------------------------- */

static int fmt_piece_push(struct arena *a, struct ast_expr *out, struct fmt_piece *cur,
			  struct strbuf *lit)
{
	cur->literal = lex_decode_string(a, lit->s ? lit->s : "", &cur->literal_len);
	vec_push(&out->fmt, *cur);
	sb_reset(lit);
	*cur = (struct fmt_piece){.conv = FMT_LITERAL, .width = -1, .prec = -1};
	return 0;
}

static int parse_fmt_number(const char **s)
{
	long v = 0;
	while (isdigit((unsigned char)**s)) {
		if (v < INT_MAX / 10)
			v = v * 10 + (**s - '0');
		(*s)++;
	}
	return (int)v;
}

static bool parse_fmt_conv(int c, struct fmt_piece *cur)
{
	switch (c) {
	case 'b': cur->conv = FMT_BINARY; break;
	case 'c': cur->conv = FMT_CHAR; break;
	case 's': cur->conv = FMT_STRING; break;
	case 'm': cur->conv = FMT_MEMORY; break;
	case 'M': cur->conv = FMT_MEMORY_HEX; break;
	case 'd': case 'i': cur->conv = FMT_SIGNED; break;
	case 'u': cur->conv = FMT_UNSIGNED; break;
	case 'o': cur->conv = FMT_OCTAL; break;
	case 'X': cur->conv = FMT_HEX_UPPER; break;
	case 'x': cur->conv = FMT_HEX; break;
	case 'p':
		cur->conv = FMT_POINTER; /* since stap 1.3, %p is %#x */
		cur->flags |= FMTF_ALT;
		break;
	default:
		return false;
	}
	return true;
}

int parse_printf_format(struct arena *a, const char *s, struct ast_expr *out, const char **msg)
{
	struct fmt_piece cur = {.conv = FMT_LITERAL, .width = -1, .prec = -1};
	struct strbuf lit = STRBUF_INIT;
	bool have_literal = false, partial = false;
	int rc = 0;
	while (*s) {
		if (*s != '%') {
			sb_addc(&lit, *s++);
			have_literal = true;
			continue;
		}
		if (!s[1] || s[1] == '%') {
			sb_addc(&lit, '%');
			have_literal = true;
			s += s[1] ? 2 : 1;
			continue;
		}
		s++;
		partial = true;
		static const char flagc[] = "0+- #";
		static const int flagv[] = {FMTF_ZERO, FMTF_PLUS, FMTF_MINUS, FMTF_SPACE, FMTF_ALT};
		const char *f = strchr(flagc, *s);
		if (*s && f) {
			cur.flags = flagv[f - flagc];
			s++;
		}
		if (!*s)
			break;
		if (*s == '*') {
			cur.width = -2;
			s++;
		} else if (isdigit((unsigned char)*s)) {
			cur.width = parse_fmt_number(&s);
		}
		if (!*s)
			break;
		if (*s == '.') {
			s++;
			if (!*s)
				break;
			if (*s == '*') {
				cur.prec = -2;
				s++;
			} else if (isdigit((unsigned char)*s)) {
				cur.prec = parse_fmt_number(&s);
			}
		}
		if (!*s)
			break;
		if (*s == 'l')
			s++;
		if (!*s)
			break;
		if (!parse_fmt_conv(*s, &cur)) {
			*msg = "invalid or missing conversion specifier";
			rc = -1;
			goto out;
		}
		s++;
		fmt_piece_push(a, out, &cur, &lit);
		have_literal = partial = false;
	}
	if (partial) {
		*msg = "trailing incomplete print format conversion";
		rc = -1;
	} else if (have_literal) {
		fmt_piece_push(a, out, &cur, &lit);
	}
out:
	sb_free(&lit);
	return rc;
}

/* ---- expressions --------------------------------------------------------------------- */

static struct ast_expr *parse_expression(struct parser *p);
static struct ast_expr *parse_ternary(struct parser *p);
static struct ast_stmt *parse_statement(struct parser *p);
static struct ast_stmt *parse_stmt_block(struct parser *p);

static struct ast_expr *new_binary(struct parser *p, enum ast_expr_kind kind,
				   const struct token *t, struct ast_expr *left)
{
	struct ast_expr *e = ast_expr_new(p->pool, kind, t);
	e->op = ast_op_from_str(t->text);
	e->left = left;
	return e;
}

static bool is_target_symbol(const struct ast_expr *e)
{
	return e && (e->kind == EXPR_TARGET ||
		     (e->kind == EXPR_ATOP && (e->atop == ATOP_CAST || e->atop == ATOP_VAR ||
					       e->atop == ATOP_AUTOCAST)));
}

/* hist_op_or_bare_name -> IDENT | '@'word | '@hist_linear' '(' expr ',' n ',' n ',' n ')'
 *                      | '@hist_log' '(' expr ')'
 * Returns the name token; *hop is set for histograms. */
static const struct token *parse_hist_op_or_bare_name(struct parser *p, struct ast_expr **hop)
{
	*hop = NULL;
	const struct token *t = next(p);
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
	expect_op(p, "(");
	if (p->failed)
		return NULL;
	h->left = parse_expression(p);
	for (int i = 0; linear && i < 3 && !p->failed; i++) {
		expect_op(p, ",");
		if (!p->failed)
			expect_number(p, &h->hist_params[i]);
	}
	expect_op(p, ")");
	return p->failed ? NULL : t;
}

/* indexable -> IDENT | hist_op */
static struct ast_expr *parse_indexable(struct parser *p)
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
	expect_op(p, "(");
	e->left = parse_expression(p);
	expect_op(p, ")");
	return p->failed ? NULL : e;
}

/* '@probewrite' '(' IDENT ')' */
static struct ast_expr *parse_probewrite_op(struct parser *p, const struct token *t)
{
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ATOP, t);
	e->atop = ATOP_PROBEWRITE;
	e->str = t->text;
	expect_op(p, "(");
	e->type_name = expect_unknown(p, TOK_IDENT);
	expect_op(p, ")");
	return p->failed ? NULL : e;
}

/* '@const' '(' STRING ')': embedded C, guru only */
static struct ast_expr *parse_const_op(struct parser *p, const struct token *t)
{
	if (!p->privileged) {
		raise_at(p, DIAG_SITE, "using @const operator not permitted; need stap -g", NULL,
			 false);
		return NULL;
	}
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_EMBEDDED, t);
	expect_op(p, "(");
	const char *c = expect_unknown(p, TOK_STRING);
	if (p->failed)
		return NULL;
	if (!*c) {
		RAISE(p, "expected non-empty string");
		return NULL;
	}
	expect_op(p, ")");
	e->code = arena_printf(p->arena, "/* pure */ /* unprivileged */ /* stable */ %s", c);
	return p->failed ? NULL : e;
}

/* '@perf' '(' STRING ')' */
static struct ast_expr *parse_perf_op(struct parser *p, const struct token *t)
{
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ATOP, t);
	e->atop = ATOP_PERF;
	e->str = t->text;
	expect_op(p, "(");
	e->left = parse_literal_string(p);
	if (p->failed)
		return NULL;
	if (!*e->left->raw) {
		RAISE(p, "expected non-empty string");
		return NULL;
	}
	e->type_name = e->left->raw;
	expect_op(p, ")");
	return p->failed ? NULL : e;
}

/* '@kregister' | '@uregister' '(' NUMBER ')' ; '@kderef' | '@uderef' '(' NUMBER ',' expr ')' */
static struct ast_expr *parse_target_regderef(struct parser *p, const struct token *t, bool deref)
{
	bool user = t->text[1] == 'u';
	if (!user && !p->privileged) {
		raise_at(p, DIAG_SITE,
			 deref ? "using @kderef operator not permitted; need stap -g"
			       : "using @kregister operator not permitted; need stap -g",
			 NULL, false);
		return NULL;
	}
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ATOP, t);
	e->str = t->text;
	e->atop = deref ? (user ? ATOP_UDEREF : ATOP_KDEREF) : (user ? ATOP_UREGISTER
								   : ATOP_KREGISTER);
	expect_op(p, "(");
	if (!p->failed)
		expect_number(p, &e->num);
	if (deref) {
		expect_op(p, ",");
		if (!p->failed)
			e->left = parse_expression(p);
	}
	expect_op(p, ")");
	return p->failed ? NULL : e;
}

/* stat_op -> '@'(count|sum|min|max|avg|variance) '(' expr [',' NUMBER] ')' */
static struct ast_expr *parse_stat_op(struct parser *p, const struct token *t)
{
	static const struct { const char *name; enum stat_op op; } ops[] = {
		{"@avg", STAT_AVG}, {"@variance", STAT_VARIANCE}, {"@count", STAT_COUNT},
		{"@sum", STAT_SUM}, {"@min", STAT_MIN}, {"@max", STAT_MAX},
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
	expect_op(p, "(");
	if (p->failed)
		return NULL;
	e->left = parse_expression(p);
	while (!p->failed) {
		const struct token *u = next(p);
		if (p->failed)
			break;
		if (is_op(u, ")")) {
			swallow(p);
			break;
		}
		if (is_op(u, ",")) {
			if (e->stat_nparams >= max_params) {
				RAISE_TOK(p, arena_printf(p->arena, "not more than %d parameter%s "
							  "allowed", max_params + 1,
							  max_params + 1 == 1 ? "" : "s"), u);
				break;
			}
			swallow(p);
			if (expect_number(p, &e->hist_params[e->stat_nparams]))
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
	if (!peek_op(p, "[")) {
		fmt->left = hop;
		return;
	}
	expect_op(p, "[");
	struct ast_expr *ai = ast_expr_new(p->pool, EXPR_INDEX, t);
	ai->left = hop;
	vec_push(&ai->args, parse_expression(p));
	expect_op(p, "]");
	vec_push(&fmt->args, ai);
	while (!p->failed && !peek_op(p, ")")) {
		expect_op_any(p, ",", ")");
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
	expect_op(p, "(");
	if (p->failed)
		return NULL;
	const char *n = t->text;
	bool histable = !strcmp(n, "print") || !strcmp(n, "println") || !strcmp(n, "sprint") ||
			!strcmp(n, "sprintln");
	if (histable && (peek_op(p, "@hist_linear") || peek_op(p, "@hist_log"))) {
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
				if (parse_printf_format(p->arena, ls->raw, fmt, &msg) < 0) {
					RAISE(p, msg);
					return NULL;
				}
			}
		} else if (!(flags & PRINT_NEWLINE)) {
			min_args = 1;
		}
		while (!p->failed && (min_args || !peek_op(p, ")"))) {
			if (consumed)
				expect_op_any(p, ",", ")");
			if (p->failed)
				break;
			vec_push(&fmt->args, parse_expression(p));
			consumed = true;
			if (min_args)
				min_args--;
		}
	}
	expect_op(p, ")");
	return p->failed ? NULL : fmt;
}

/* call -> NAME '(' [ expr { ',' expr } ] ')' */
static struct ast_expr *parse_call(struct parser *p, const struct token *t)
{
	swallow(p);
	struct ast_expr *f = ast_expr_new(p->pool, EXPR_CALL, t);
	f->str = t->text;
	if (peek_op(p, ")")) {
		swallow(p);
		return f;
	}
	while (!p->failed) {
		vec_push(&f->args, parse_expression(p));
		const char *op = expect_op_any(p, ")", ",");
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
		if (peek_op(p, "("))
			return parse_call(p, t);
		if (p->failed)
			return NULL;
		base = ast_expr_new(p->pool, EXPR_SYM, t);
		base->str = t->text;
	} else {
		base = hop;
	}
	if (peek_op(p, "[")) {
		swallow(p);
		struct ast_expr *ai = ast_expr_new(p->pool, EXPR_INDEX, t);
		ai->left = base;
		while (!p->failed) {
			if (peek_op(p, "*")) {
				swallow(p);
				vec_push(&ai->args, NULL);
			} else {
				vec_push(&ai->args, parse_expression(p));
			}
			const char *op = expect_op_any(p, "]", ",");
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
	const struct token *t = peek(p);
	if (p->failed)
		return NULL;
	if (!t) {
		RAISE(p, "expected value");
		return NULL;
	}
	if (t->kind == TOK_EMBEDDED) {
		if (!p->privileged) {
			raise_at(p, DIAG_SITE,
				 "embedded expression code in unprivileged script; need stap -g",
				 NULL, false);
			return NULL;
		}
		struct ast_expr *e = ast_expr_new(p->pool, EXPR_EMBEDDED, t);
		e->code = t->text;
		next(p);
		return e;
	}
	if (is_op(t, "(")) {
		swallow(p);
		struct ast_expr *e = parse_expression(p);
		t = next(p);
		if (p->failed)
			return NULL;
		if (!is_op(t, ")")) {
			RAISE(p, "expected ')'");
			return NULL;
		}
		swallow(p);
		return e;
	}
	if (t->kind == TOK_IDENT || (t->kind == TOK_OPERATOR && t->text[0] == '@'))
		return parse_symbol(p);
	return parse_literal(p);
}

/* target_symbol -> '$'name */
static struct ast_expr *parse_target_symbol(struct parser *p)
{
	const struct token *t = next(p);
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_TARGET, t);
	e->str = t->text;
	return e;
}

/* cast -> '@cast' '(' expr ',' STRING [',' STRING] ')' */
static struct ast_expr *parse_cast_op(struct parser *p)
{
	const struct token *t = next(p);
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ATOP, t);
	e->atop = ATOP_CAST;
	e->str = t->text;
	expect_op(p, "(");
	if (p->failed)
		return NULL;
	e->left = parse_expression(p);
	expect_op(p, ",");
	e->type_name = expect_unknown(p, TOK_STRING);
	if (p->failed)
		return NULL;
	if (!*e->type_name) {
		RAISE(p, "expected non-empty string");
		return NULL;
	}
	if (peek_op(p, ",")) {
		swallow(p);
		e->module = expect_unknown(p, TOK_STRING);
	}
	expect_op(p, ")");
	return p->failed ? NULL : e;
}

/* atvar -> '@var' '(' STRING [',' STRING] ')' */
static struct ast_expr *parse_atvar_op(struct parser *p)
{
	const struct token *t = next(p);
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ATOP, t);
	e->atop = ATOP_VAR;
	e->str = t->text;
	expect_op(p, "(");
	e->type_name = expect_unknown(p, TOK_STRING);
	if (peek_op(p, ",")) {
		swallow(p);
		e->module = expect_unknown(p, TOK_STRING);
	}
	expect_op(p, ")");
	return p->failed ? NULL : e;
}

static bool all_dollars(const char *s)
{
	return strspn(s, "$") == strlen(s);
}

static bool peek_target_symbol_components(struct parser *p)
{
	const struct token *t = peek(p);
	return t && (is_op(t, "->") || is_op(t, "[") || (t->kind == TOK_IDENT && all_dollars(t->text)));
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
		if (peek_op(p, "->")) {
			const struct token *t = next(p);
			const struct token *m = next(p);
			if (p->failed)
				return;
			if (m->kind != TOK_IDENT && m->kind != TOK_KEYWORD) {
				RAISE(p, "expected identifier or keyword");
				return;
			}
			swallow(p);
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
		} else if (peek_op(p, "[")) {
			const struct token *t = next(p);
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
			expect_op(p, "]");
		} else {
			break;
		}
	}
	if (p->failed)
		return;
	if (!pprint) {
		const struct token *t = peek(p);
		if (t && t->kind == TOK_IDENT && all_dollars(t->text)) {
			t = next(p);
			push_comp(p, e, TCOMP_PRETTY, t, t->text);
			pprint = true;
		}
	}
	if (pprint && (peek_op(p, "->") || peek_op(p, "[")))
		RAISE(p, "-> and [ are not accepted for a pretty-printing variable");
}

/* dwarf_value -> ['&'] ( $var | @cast | @var | value ) { components } */
static struct ast_expr *parse_dwarf_value(struct parser *p)
{
	struct ast_expr *expr, *tsym = NULL;
	const struct token *addrtok = peek_op(p, "&") ? next(p) : NULL;
	bool addressof = addrtok != NULL;
	const struct token *t = peek(p);
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
		struct ast_expr *cop = ast_expr_new(p->pool, EXPR_ATOP, addrtok ? addrtok : peek(p));
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
	const struct token *t = peek(p);
	if (is_op(t, "++") || is_op(t, "--")) {
		struct ast_expr *e = new_binary(p, EXPR_INCDEC, t, NULL);
		next(p);
		e->left = parse_dwarf_value(p);
		return p->failed ? NULL : e;
	}
	struct ast_expr *op1 = parse_dwarf_value(p);
	t = peek(p);
	if (is_op(t, "++") || is_op(t, "--")) {
		struct ast_expr *e = new_binary(p, EXPR_INCDEC, t, op1);
		e->postfix = true;
		next(p);
		return e;
	}
	return p->failed ? NULL : op1;
}

/* unary -> ('+'|'-'|'!'|'~') unary | crement */
static struct ast_expr *parse_unary(struct parser *p)
{
	const struct token *t = peek(p);
	if (is_op(t, "+") || is_op(t, "-") || is_op(t, "!") || is_op(t, "~")) {
		struct ast_expr *e = new_binary(p, EXPR_UNARY, t, NULL);
		next(p);
		e->left = parse_unary(p);
		return p->failed ? NULL : e;
	}
	return parse_crement(p);
}

typedef struct ast_expr *(*parse_fn)(struct parser *p);

/* A left-associative level: operand { OP operand } with OP from ops (NULL-terminated). */
static struct ast_expr *parse_left_assoc(struct parser *p, parse_fn operand,
					 const char *const *ops, enum ast_expr_kind kind)
{
	struct ast_expr *op1 = operand(p);
	for (;;) {
		const struct token *t = peek(p);
		bool match = false;
		for (const char *const *o = ops; *o && !match; o++)
			match = is_op(t, *o);
		if (!match || p->failed)
			break;
		struct ast_expr *e = new_binary(p, kind, t, op1);
		next(p);
		e->right = operand(p);
		op1 = e;
	}
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
	const struct token *t = peek(p);
	if (is_op(t, "=~") || is_op(t, "!~")) {
		struct ast_expr *r = new_binary(p, EXPR_REGEX, t, op1);
		next(p);
		r->right = parse_literal_string(p);
		peek(p);
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
		next(p);
		e->right = parse_shift(p);
		op1 = e;
		t = peek(p);
	}
	return p->failed ? NULL : op1;
}

/* array_in -> ( '[' (expr|'*') { ',' (expr|'*') } ']' | comparison ) [ 'in' indexable ] */
static struct ast_expr *parse_array_in(struct parser *p)
{
	struct ast_expr *in = ast_expr_new(p->pool, EXPR_IN, NULL);
	bool parenthesized = false;
	if (peek_op(p, "[")) {
		swallow(p);
		parenthesized = true;
	}
	while (!p->failed) {
		if (parenthesized && peek_op(p, "*")) {
			swallow(p);
			vec_push(&in->args, NULL);
		} else {
			vec_push(&in->args, parse_comparison_or_regex_query(p));
		}
		if (!parenthesized)
			break;
		const struct token *t = peek(p);
		if (is_op(t, ",")) {
			swallow(p);
		} else if (is_op(t, "]")) {
			swallow(p);
			break;
		} else {
			RAISE(p, "expected ',' or ']'");
		}
	}
	const struct token *t = peek(p);
	if (p->failed)
		return NULL;
	if (is_kw(t, "in")) {
		in->tok = t;
		next(p);
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
static struct ast_expr *parse_ternary(struct parser *p)
{
	struct ast_expr *op1 = parse_logical_or(p);
	const struct token *t = peek(p);
	if (!is_op(t, "?"))
		return p->failed ? NULL : op1;
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_TERNARY, t);
	e->op = '?';
	e->left = op1;
	next(p);
	e->right = parse_expression(p);
	t = next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, ":")) {
		RAISE(p, "expected ':'");
		return NULL;
	}
	swallow(p);
	e->third = lex_has_version(p->lx, "4.0") ? parse_ternary(p) : parse_expression(p);
	return p->failed ? NULL : e;
}

/* assignment -> ternary [ assignop expr ]   (right-associative) */
static struct ast_expr *parse_assignment(struct parser *p)
{
	static const char *const ops[] = {"=", "<<<", "+=", "-=", "*=", "/=", "%=",
					  "<<=", ">>=", "&=", "^=", "|=", ".=", NULL};
	struct ast_expr *op1 = parse_ternary(p);
	const struct token *t = peek(p);
	bool match = false;
	for (const char *const *o = ops; *o && !match; o++)
		match = is_op(t, *o);
	if (!match || p->failed)
		return p->failed ? NULL : op1;
	struct ast_expr *e = ast_expr_new(p->pool, EXPR_ASSIGN, t);
	e->op = !strcmp(t->text, "=") ? OP_ASSIGN : ast_op_from_str(t->text);
	e->left = op1;
	next(p);
	e->right = parse_expression(p);
	return p->failed ? NULL : e;
}

/* expression -> assignment */
static struct ast_expr *parse_expression(struct parser *p)
{
	return parse_assignment(p);
}

/* ---- statements ---------------------------------------------------------------------- */

/* block -> '{' { statement } '}' */
static struct ast_stmt *parse_stmt_block(struct parser *p)
{
	const struct token *t = next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, "{")) {
		RAISE(p, "expected '{'");
		return NULL;
	}
	struct ast_stmt *b = ast_stmt_new(p->pool, STMT_BLOCK, t);
	while (!p->failed) {
		t = peek(p);
		if (is_op(t, "}")) {
			swallow(p);
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
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_TRY, expect_kw_token(p, "try"));
	s->then = parse_stmt_block(p);
	expect_known(p, TOK_KEYWORD, "catch");
	const struct token *t = peek(p);
	if (is_op(t, "(")) {
		swallow(p);
		t = next(p);
		if (p->failed)
			return NULL;
		if (t->kind != TOK_IDENT) {
			RAISE(p, "expected identifier");
			return NULL;
		}
		s->catch_var = ast_expr_new(p->pool, EXPR_SYM, t);
		s->catch_var->str = t->text;
		s->catch_tok = t;
		expect_op(p, ")");
	}
	s->els = parse_stmt_block(p);
	return p->failed ? NULL : s;
}

/* if -> 'if' '(' expr ')' statement [ 'else' statement ] */
static struct ast_stmt *parse_if_statement(struct parser *p)
{
	const struct token *t = next(p);
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_IF, t);
	t = next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return NULL;
	}
	swallow(p);
	s->expr = parse_expression(p);
	t = next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, ")")) {
		RAISE(p, "expected ')'");
		return NULL;
	}
	swallow(p);
	s->then = parse_statement(p);
	t = peek(p);
	if (is_kw(t, "else")) {
		swallow(p);
		s->els = parse_statement(p);
	}
	return p->failed ? NULL : s;
}

/* expr_statement -> expr   (the statement keeps the expression's first token) */
static struct ast_stmt *parse_expr_statement(struct parser *p)
{
	const struct token *t = peek(p);
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
	const struct token *t = next(p);
	if (p->context != CON_FUNCTION) {
		RAISE(p, "found 'return' not in function context");
		return NULL;
	}
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_RETURN, t);
	t = peek(p);
	if (t && !(is_op(t, ";") || is_op(t, "}")))
		s->expr = parse_expression(p);
	else if (!t && !p->failed)
		s->expr = parse_expression(p); /* at EOF: let the expression report it */
	return p->failed ? NULL : s;
}

/* delete -> 'delete' expr */
static struct ast_stmt *parse_delete_statement(struct parser *p)
{
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_DELETE, next(p));
	s->expr = parse_expression(p);
	return p->failed ? NULL : s;
}

/* for -> 'for' '(' [expr] ';' [expr] ';' [expr] ')' statement */
static struct ast_stmt *parse_for_loop(struct parser *p)
{
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_FOR, next(p));
	const struct token *t = next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return NULL;
	}
	swallow(p);
	if (peek_op(p, ";")) {
		swallow(p);
	} else {
		struct ast_stmt *init = parse_expr_statement(p);
		s->init = init ? init->expr : NULL;
		t = next(p);
		if (p->failed)
			return NULL;
		if (!is_op(t, ";")) {
			RAISE(p, "expected ';'");
			return NULL;
		}
		swallow(p);
	}
	if (peek_op(p, ";")) {
		s->expr = ast_num_new(p->pool, NULL, 1);
		s->expr->tok = next(p);
	} else {
		s->expr = parse_expression(p);
		t = next(p);
		if (p->failed)
			return NULL;
		if (!is_op(t, ";")) {
			RAISE(p, "expected ';'");
			return NULL;
		}
		swallow(p);
	}
	if (peek_op(p, ")")) {
		swallow(p);
	} else {
		struct ast_stmt *incr = parse_expr_statement(p);
		s->incr = incr ? incr->expr : NULL;
		t = next(p);
		if (p->failed)
			return NULL;
		if (!is_op(t, ")")) {
			RAISE(p, "expected ')'");
			return NULL;
		}
		swallow(p);
	}
	if (p->failed)
		return NULL;
	s->loop_body = parse_statement(p);
	return p->failed ? NULL : s;
}

/* while -> 'while' '(' expr ')' statement */
static struct ast_stmt *parse_while_loop(struct parser *p)
{
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_FOR, next(p));
	const struct token *t = next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return NULL;
	}
	swallow(p);
	s->expr = parse_expression(p);
	t = next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, ")")) {
		RAISE(p, "expected ')'");
		return NULL;
	}
	swallow(p);
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
	if (peek_op(p, "[")) {
		swallow(p);
		parenthesized = true;
	}
	while (!p->failed) {
		const struct token *t = next(p);
		if (p->failed)
			return;
		if (t->kind != TOK_IDENT) {
			RAISE(p, "expected identifier");
			return;
		}
		vec_push(&s->keys, new_sym(p, t));
		t = peek(p);
		if (sort_of(t)) {
			if (s->sort_dir) {
				RAISE(p, "multiple sort directives");
				return;
			}
			s->sort_dir = sort_of(t);
			s->sort_column = s->keys.n;
			swallow(p);
		}
		if (!parenthesized)
			break;
		t = peek(p);
		if (is_op(t, ",")) {
			swallow(p);
		} else if (is_op(t, "]")) {
			swallow(p);
			break;
		} else {
			RAISE(p, "expected ',' or ']'");
		}
	}
}

/* slice -> '[' ('*'|expr) { ',' ('*'|expr) } ']' */
static void parse_foreach_slice(struct parser *p, struct ast_stmt *s)
{
	swallow(p);
	while (!p->failed) {
		if (peek_op(p, "*")) {
			swallow(p);
			vec_push(&s->slice, NULL);
		} else {
			vec_push(&s->slice, parse_expression(p));
		}
		const struct token *t = peek(p);
		if (is_op(t, ",")) {
			swallow(p);
		} else if (is_op(t, "]")) {
			swallow(p);
			break;
		} else {
			RAISE(p, "expected ',' or ']'");
		}
	}
}

/* [ '@'agg ] must be followed by a sort directive */
static void parse_foreach_agg(struct parser *p, struct ast_stmt *s)
{
	static const struct { const char *name; enum stat_op op; } aggs[] = {
		{"@avg", STAT_AVG}, {"@min", STAT_MIN}, {"@max", STAT_MAX},
		{"@count", STAT_COUNT}, {"@sum", STAT_SUM}, {"@variance", STAT_VARIANCE},
	};
	const struct token *t = peek(p);
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
	swallow(p);
	if (!sort_of(peek(p)))
		RAISE(p, "expected sort directive");
}

/* foreach -> 'foreach' '(' [ IDENT [sort] '=' ] keys 'in' indexable [slice] [agg] [sort]
 *            [ 'limit' expr ] ')' statement */
static struct ast_stmt *parse_foreach_loop(struct parser *p)
{
	struct ast_stmt *s = ast_stmt_new(p->pool, STMT_FOREACH, next(p));
	const struct token *t = next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return NULL;
	}
	swallow(p);
	struct ast_expr *lookahead = NULL;
	int lookahead_sort = 0;
	t = peek(p);
	if (t && t->kind == TOK_IDENT) {
		next(p);
		lookahead = new_sym(p, t);
		t = peek(p);
		if (sort_of(t)) {
			lookahead_sort = sort_of(t);
			swallow(p);
		}
		t = peek(p);
		if (is_op(t, "=")) {
			swallow(p);
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
	t = next(p);
	if (p->failed)
		return NULL;
	if (!is_kw(t, "in")) {
		RAISE(p, "expected 'in'");
		return NULL;
	}
	swallow(p);
	s->base = parse_indexable(p);
	if (peek_op(p, "["))
		parse_foreach_slice(p, s);
	parse_foreach_agg(p, s);
	t = peek(p);
	if (sort_of(t)) {
		if (s->sort_dir) {
			RAISE(p, "multiple sort directives");
			return NULL;
		}
		s->sort_dir = sort_of(t);
		s->sort_column = -1;
		swallow(p);
	}
	if (is_kw(peek(p), "limit")) {
		swallow(p);
		s->limit = parse_expression(p);
	}
	t = next(p);
	if (p->failed)
		return NULL;
	if (!is_op(t, ")")) {
		RAISE(p, "expected ')'");
		return NULL;
	}
	swallow(p);
	s->loop_body = parse_statement(p);
	return p->failed ? NULL : s;
}

/* statement -> ';' | block | try | if | for | foreach | while
 *            | ( return | delete | break | continue | next | expr ) [';'] */
static struct ast_stmt *parse_statement(struct parser *p)
{
	struct ast_stmt *ret;
	const struct token *t = peek(p);
	if (p->failed)
		return NULL;
	if (is_op(t, ";"))
		return ast_stmt_new(p->pool, STMT_NULL, next(p));
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
		ret = ast_stmt_new(p->pool, STMT_BREAK, next(p));
	else if (is_kw(t, "continue"))
		ret = ast_stmt_new(p->pool, STMT_CONTINUE, next(p));
	else if (is_kw(t, "next"))
		ret = ast_stmt_new(p->pool, STMT_NEXT, next(p));
	else if (t && (t->kind == TOK_OPERATOR || t->kind == TOK_IDENT || t->kind == TOK_NUMBER ||
		       t->kind == TOK_STRING || t->kind == TOK_EMBEDDED))
		ret = parse_expr_statement(p);
	else {
		RAISE(p, "expected statement");
		return NULL;
	}
	if (peek_op(p, ";"))
		swallow(p); /* a trailing ';' after a non-block statement */
	return p->failed ? NULL : ret;
}

/* ---- declarations -------------------------------------------------------------------- */

/* gvar -> IDENT ['%'] ['[' NUMBER ']'] ['=' literal] { ',' gvar } [';'] */
static void do_parse_global(struct parser *p, struct ast_file *f, const struct token *t0,
			    bool priv)
{
	bool iter0 = true;
	while (!p->failed) {
		const struct token *t = (iter0 && priv) ? t0 : next(p);
		iter0 = false;
		if (p->failed)
			return;
		if (t->kind != TOK_IDENT) {
			RAISE(p, "expected identifier");
			return;
		}
		vec_foreach(&f->globals, g) {
			if (strcmp((*g)->name, t->text))
				continue;
			RAISE(p, (*g)->is_private == priv
					 ? "duplicate global name"
					 : "global versus private variable declaration conflict");
			return;
		}
		struct ast_var *d = ast_var_new(p->pool, t->text, t, VAR_GLOBAL);
		d->is_private = priv;
		d->from_tapset = p->src->is_tapset;
		vec_push(&f->globals, d);
		t = peek(p);
		if (is_op(t, "%")) {
			d->wrap = true;
			swallow(p);
			t = peek(p);
		}
		if (is_op(t, "[")) {
			int64_t size;
			swallow(p);
			if (!expect_number(p, &size))
				return;
			if (size <= 0 || size > INT_MAX) {
				RAISE(p, "array size out of range");
				return;
			}
			d->maxsize = size;
			expect_known(p, TOK_OPERATOR, "]");
			t = peek(p);
		}
		if (is_op(t, "=")) {
			if (d->maxsize > 0 || !(d->arity == -1 || d->arity == 0)) {
				RAISE(p, "only scalar globals can be initialized");
				return;
			}
			d->arity = 0;
			next(p);
			d->init = parse_literal(p);
			if (p->failed)
				return;
			d->type = d->init->type;
			d->type_tok = d->init->tok;
			t = peek(p);
		}
		if (is_op(t, ";")) {
			swallow(p);
			break;
		}
		if (!is_op(t, ","))
			break;
		swallow(p);
	}
}

/* global_decl -> 'global' gvar ... */
static void parse_global(struct parser *p, struct ast_file *f)
{
	next(p);
	swallow(p);
	do_parse_global(p, f, NULL, false);
}

/* type -> 'string' | 'long' */
static enum ast_type parse_type(struct parser *p, const struct token **tokp)
{
	swallow(p);
	const struct token *t = next(p);
	if (p->failed)
		return TYPE_UNKNOWN;
	enum ast_type ty = is_kw(t, "string") ? TYPE_STRING : is_kw(t, "long") ? TYPE_LONG
									     : TYPE_UNKNOWN;
	if (ty == TYPE_UNKNOWN) {
		RAISE(p, "expected 'string' or 'long'");
		return ty;
	}
	*tokp = t;
	swallow(p);
	return ty;
}

/* params -> '(' [ IDENT [':' type] { ',' IDENT [':' type] } ] ')' */
static void parse_params(struct parser *p, struct ast_function *fd)
{
	while (!p->failed) {
		const struct token *t = next(p);
		if (p->failed)
			return;
		if (is_op(t, ")")) {
			swallow(p);
			return;
		}
		if (t->kind != TOK_IDENT) {
			RAISE(p, "expected identifier");
			return;
		}
		vec_foreach(&fd->params, q)
			if (!strcmp((*q)->name, t->text)) {
				RAISE(p, "duplicate parameter names");
				return;
			}
		struct ast_var *vd = ast_var_new(p->pool, t->text, t, VAR_PARAM);
		vec_push(&fd->params, vd);
		t = next(p);
		if (p->failed)
			return;
		if (is_op(t, ":")) {
			vd->type = parse_type(p, &vd->type_tok);
			t = next(p);
			if (p->failed)
				return;
		}
		if (is_op(t, ")")) {
			swallow(p);
			return;
		}
		if (!is_op(t, ",")) {
			RAISE(p, "expected ',' or ')'");
			return;
		}
		swallow(p);
	}
}

/* fn_rest -> NAME [':' type] params [':' NUMBER] ( block | EMBEDDED ) */
static void do_parse_functiondecl(struct parser *p, struct ast_file *f, bool priv)
{
	const struct token *t = next(p);
	if (p->failed)
		return;
	if (t->kind != TOK_IDENT && !is_kw(t, "string") && !is_kw(t, "long")) {
		RAISE(p, "expected identifier");
		return;
	}
	struct ast_function *fd = ast_function_new(p->pool, t->text, t);
	fd->is_private = priv;
	fd->from_tapset = p->src->is_tapset;
	t = next(p);
	if (p->failed)
		return;
	if (is_op(t, ":")) {
		fd->ret = parse_type(p, &fd->ret_tok);
		t = next(p);
		if (p->failed)
			return;
	}
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return;
	}
	swallow(p);
	parse_params(p, fd);
	t = peek(p);
	if (is_op(t, ":")) {
		swallow(p);
		struct ast_expr *lit = parse_literal(p);
		if (p->failed)
			return;
		if (lit->kind != EXPR_NUM) {
			RAISE(p, "expected literal number");
			return;
		}
		fd->priority = lit->num;
		fd->priority_given = true;
		if (fd->priority < 1) {
			RAISE(p, "specified priority must be > 0");
			return;
		}
	} else if (p->user_file) {
		fd->priority = 0; /* script functions override tapset ones */
	}
	t = peek(p);
	if (t && t->kind == TOK_EMBEDDED) {
		next(p);
		if (!p->privileged) {
			raise_at(p, DIAG_SITE, "embedded code in unprivileged script; need stap -g",
				 NULL, false);
			return;
		}
		fd->embedded = t->text;
	} else {
		fd->body = parse_stmt_block(p);
	}
	if (!p->failed)
		vec_push(&f->functions, fd);
}

/* private_decl -> 'private' ( 'function' fn_rest | 'global' gvar... | gvar... ) */
static void parse_private(struct parser *p, struct ast_file *f)
{
	next(p);
	swallow(p);
	const struct token *t = next(p);
	if (p->failed)
		return;
	if (is_kw(t, "function")) {
		swallow(p);
		p->context = CON_FUNCTION;
		do_parse_functiondecl(p, f, true);
	} else if (is_kw(t, "global")) {
		swallow(p);
		p->context = CON_GLOBAL;
		t = next(p);
		if (p->failed)
			return;
		if (t->kind != TOK_IDENT) {
			RAISE(p, "expected identifier");
			return;
		}
		do_parse_global(p, f, t, true);
	} else if (t->kind == TOK_IDENT) {
		p->context = CON_GLOBAL;
		do_parse_global(p, f, t, true);
	} else {
		RAISE(p, "expected 'function' or identifier");
	}
}

/* EMBEDDED at top level */
static void parse_embeddedcode(struct parser *p, struct ast_file *f)
{
	const struct token *t = next(p);
	if (p->failed)
		return;
	if (!p->privileged) {
		raise_at(p, DIAG_SITE, "embedded code in unprivileged script; need stap -g", NULL,
			 false);
		return;
	}
	vec_push(&f->embeds, ast_embed_new(p->pool, t, t->text));
}

/* ---- probe points -------------------------------------------------------------------- */

typedef VEC(struct ast_probe_point *) pp_vec;

static void parse_probe_points(struct parser *p, pp_vec *out);

/* component -> ( IDENT | KEYWORD | '*' )+ ['(' literal ')'] | '{' pp_list '}' */
static void parse_component(struct parser *p, pp_vec *out)
{
	const struct token *t = next(p);
	if (p->failed)
		return;
	if (!(t->kind == TOK_IDENT || t->kind == TOK_KEYWORD || is_op(t, "*") || is_op(t, "{"))) {
		RAISE(p, "expected identifier or '*' or '{'");
		return;
	}
	if (is_op(t, "{")) {
		swallow(p);
		parse_probe_points(p, out);
		t = peek(p);
		if (p->failed)
			return;
		if (!is_op(t, "}")) {
			RAISE(p, "expected '}'");
			return;
		}
		swallow(p);
		return;
	}
	/* glue adjacent pieces into one functor ("kernel.*foo*", "tim*er") */
	struct strbuf sb = STRBUF_INIT;
	bool changed = false;
	sb_adds(&sb, t->text);
	for (;;) {
		const struct token *u = peek(p);
		if (!u || lex_ate_whitespace(p->lx))
			break;
		if (!(u->kind == TOK_IDENT || u->kind == TOK_KEYWORD || is_op(u, "*")))
			break;
		sb_adds(&sb, u->text);
		changed = true;
		swallow(p);
	}
	if (changed) {
		struct token *glued = arena_alloc(p->arena, sizeof(*glued));
		*glued = *t;
		glued->text = arena_strndup(p->arena, sb.s, sb.len);
		t = glued;
	}
	sb_free(&sb);
	struct ast_component *c = ast_component_new(p->pool, t->text, t);
	struct ast_probe_point *pp = ast_probe_point_new(p->pool, t);
	vec_push(&pp->components, c);
	vec_push(out, pp);
	if (peek_op(p, "(")) {
		swallow(p);
		c->arg = parse_literal(p);
		t = next(p);
		if (p->failed)
			return;
		if (!is_op(t, ")")) {
			RAISE(p, "expected ')'");
			return;
		}
		swallow(p);
	}
}

/* The cartesian product of brace expansion: every prefix with every suffix. */
static void product(struct parser *p, pp_vec *pps, pp_vec *suffix)
{
	pp_vec prod = {0};
	vec_foreach(pps, a) {
		if ((*a)->optional || (*a)->sufficient || (*a)->cond) {
			RAISE_TOK(p, "'?', '!' or condition must only be specified in suffix",
				  (*a)->components.v[0]->tok);
			break;
		}
		vec_foreach(suffix, b) {
			struct ast_probe_point *n = ast_probe_point_new(p->pool, (*a)->tok);
			vec_foreach(&(*a)->components, c)
				vec_push(&n->components, *c);
			vec_foreach(&(*b)->components, c)
				vec_push(&n->components, *c);
			n->optional = (*b)->optional;
			n->sufficient = (*b)->sufficient;
			n->cond = (*b)->cond;
			vec_push(&prod, n);
		}
	}
	vec_free(pps);
	*pps = prod;
}

/* pp_suffix -> [ '?' | '!' ] [ 'if' '(' expr ')' ] */
static void parse_pp_suffix(struct parser *p, pp_vec *pps)
{
	const struct token *t = peek(p);
	if (is_op(t, "?") || is_op(t, "!")) {
		vec_foreach(pps, a) {
			if ((*a)->optional || (*a)->sufficient) {
				RAISE(p, "'?' or '!' respecified");
				return;
			}
			(*a)->optional = true;
			if (is_op(t, "!"))
				(*a)->sufficient = true;
		}
		swallow(p);
		t = peek(p);
	}
	if (!is_kw(t, "if"))
		return;
	swallow(p);
	t = peek(p);
	if (p->failed)
		return;
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return;
	}
	swallow(p);
	struct ast_expr *e = parse_expression(p);
	if (p->failed)
		return;
	vec_foreach(pps, a) {
		if ((*a)->cond) {
			RAISE(p, "condition respecified");
			return;
		}
		(*a)->cond = e;
	}
	t = peek(p);
	if (p->failed)
		return;
	if (!is_op(t, ")")) {
		RAISE(p, "expected ')'");
		return;
	}
	swallow(p);
}

/* pp -> component { '.' component } pp_suffix */
static void parse_components(struct parser *p, pp_vec *out)
{
	pp_vec pps = {0};
	while (!p->failed) {
		pp_vec suffix = {0};
		parse_component(p, &suffix);
		if (!pps.n) {
			vec_free(&pps);
			pps = suffix;
		} else {
			product(p, &pps, &suffix);
			vec_free(&suffix);
		}
		if (p->failed)
			break;
		if (peek_op(p, ".")) {
			swallow(p);
			continue;
		}
		parse_pp_suffix(p, &pps);
		break;
	}
	vec_foreach(&pps, a)
		vec_push(out, *a);
	vec_free(&pps);
}

/* pp_list -> pp { ',' pp }   (followed by one of '{' '=' '+=' '}') */
static void parse_probe_points(struct parser *p, pp_vec *out)
{
	while (!p->failed) {
		parse_components(p, out);
		const struct token *t = peek(p);
		if (p->failed)
			return;
		if (is_op(t, ",")) {
			swallow(p);
			continue;
		}
		if (is_op(t, "{") || is_op(t, "=") || is_op(t, "+=") || is_op(t, "}"))
			return;
		RAISE(p, "expected one of ', { } = +='");
	}
}

/* probe_decl -> 'probe' pp_list block
 *             | 'probe' pp ('=' | '+=') { pp ('=' | '+=') } pp_list block [',' block] */
static void parse_probe(struct parser *p, struct ast_file *f)
{
	const struct token *t0 = next(p);
	pp_vec aliases = {0}, locations = {0};
	bool epilogue = false;
	while (!p->failed) {
		pp_vec pps = {0};
		parse_probe_points(p, &pps);
		const struct token *t = peek(p);
		if (!p->failed && pps.n == 1 && (is_op(t, "=") || is_op(t, "+="))) {
			if (pps.v[0]->optional || pps.v[0]->sufficient) {
				RAISE_TOK(p, "probe point alias name cannot be optional nor "
					     "sufficient", pps.v[0]->components.v[0]->tok);
			} else {
				vec_push(&aliases, pps.v[0]);
				epilogue = epilogue || is_op(t, "+=");
				swallow(p);
			}
			vec_free(&pps);
			continue;
		}
		if (!p->failed && is_op(t, "{")) {
			vec_foreach(&pps, a)
				vec_push(&locations, *a);
			vec_free(&pps);
			break;
		}
		vec_free(&pps);
		RAISE(p, "expected probe point specifier");
	}
	if (!p->failed && !aliases.n) {
		struct ast_probe *pr = ast_probe_new(p->pool, t0);
		pr->points.v = locations.v;
		pr->points.n = locations.n;
		pr->points.cap = locations.cap;
		locations.v = NULL;
		pr->body = parse_stmt_block(p);
		pr->privileged = p->privileged;
		pr->from_tapset = p->src->is_tapset;
		pr->systemtap_v_cond = pp_systemtap_v_seen(p->pp);
		if (!p->failed)
			vec_push(&f->probes, pr);
	} else if (!p->failed) {
		struct ast_alias *al = ast_alias_new(p->pool, t0);
		vec_foreach(&aliases, a)
			vec_push(&al->names, *a);
		vec_foreach(&locations, a)
			vec_push(&al->points, *a);
		al->epilogue_style = epilogue;
		struct ast_stmt *body = parse_stmt_block(p);
		const struct token *t = peek(p);
		struct ast_stmt *body2 = NULL;
		if (t && !strcmp(t->text, ",")) {
			if (epilogue) {
				RAISE(p, "Combined prologue and epilogue cannot be defined with "
					 "'+='");
			} else {
				swallow(p);
				body2 = parse_stmt_block(p);
			}
		}
		al->prologue = epilogue ? NULL : body;
		al->epilogue = epilogue ? body : body2;
		al->privileged = p->privileged;
		al->from_tapset = p->src->is_tapset;
		if (!p->failed)
			vec_push(&f->aliases, al);
	}
	vec_free(&aliases);
	vec_free(&locations);
}

/* ---- files --------------------------------------------------------------------------- */

static bool is_top_keyword(const struct token *t)
{
	return is_kw(t, "probe") || is_kw(t, "private") || is_kw(t, "global") ||
	       is_kw(t, "function") || (t && t->kind == TOK_EMBEDDED);
}

static void parser_init(struct parser *p, struct parser_ctx *ctx, const struct srcfile *src,
			unsigned flags)
{
	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	p->pool = ctx->pool;
	p->arena = ctx->arena;
	p->src = src;
	p->privileged = flags & PARSE_GURU;
	p->user_file = flags & PARSE_USER_FILE;
	p->errs_as_warnings = flags & PARSE_SQUASH_ERRORS;
	p->lx = lex_new(ctx->arena, src, &ctx->args, ctx->cfg.compatible,
			!(flags & PARSE_NO_COMPATIBLE), ctx->diag);
	p->pp = pp_new(ctx->arena, p->lx, &ctx->env, ctx->lib, ctx->diag);
}

static void parser_fini(struct parser *p)
{
	pp_free(p->pp);
	lex_free(p->lx);
}

/* After an error: quietly drop tokens up to the next top-level keyword. */
static void recover(struct parser *p)
{
	while (!p->ctx->fatal) {
		const struct token *t = peek(p);
		if (p->failed) {
			report(p, false);
			continue;
		}
		if (!t || is_top_keyword(t))
			break;
		swallow(p);
	}
}

/* One top-level declaration. */
static void parse_declaration(struct parser *p, struct ast_file *f, const struct token *t)
{
	if (is_kw(t, "probe")) {
		p->context = CON_PROBE;
		parse_probe(p, f);
	} else if (is_kw(t, "private")) {
		p->context = CON_UNKNOWN;
		parse_private(p, f);
	} else if (is_kw(t, "global")) {
		p->context = CON_GLOBAL;
		parse_global(p, f);
	} else if (is_kw(t, "function")) {
		p->context = CON_FUNCTION;
		next(p);
		swallow(p);
		do_parse_functiondecl(p, f, false);
	} else if (t->kind == TOK_EMBEDDED) {
		p->context = CON_EMBEDDED;
		parse_embeddedcode(p, f);
	} else {
		p->context = CON_UNKNOWN;
		RAISE(p, "expected 'probe', 'global', 'private', 'function', or '%{'");
	}
}

/* file -> { probe_decl | global_decl | private_decl | function_decl | EMBEDDED } */
struct ast_file *parse_file(struct parser_ctx *ctx, const struct srcfile *src, unsigned flags)
{
	struct parser p;
	parser_init(&p, ctx, src, flags);
	struct ast_file *f = ast_file_new(ctx->pool, src);
	f->privileged = p.privileged;
	bool empty = true;
	while (!ctx->fatal) {
		pp_clear_systemtap_v_seen(p.pp);
		const struct token *t = peek(&p);
		if (!p.failed) {
			if (!t)
				break;
			empty = false;
			parse_declaration(&p, f, t);
		}
		if (p.failed) {
			bool skip = p.err.skip_some;
			report(&p, p.errs_as_warnings);
			if (skip)
				recover(&p);
		}
	}
	if (ctx->fatal) {
		f = NULL;
	} else if (empty && p.user_file) {
		diag_printf(ctx->diag, lex_saw_tokens(p.lx)
					       ? "Input file '%s' is empty after preprocessing.\n"
					       : "Input file '%s' is empty.\n", src->name);
		f = NULL;
	} else if (p.num_errors > 0) {
		diag_printf(ctx->diag, "%u parse error%s.\n", p.num_errors,
			    p.num_errors == 1 ? "" : "s");
		f = NULL;
	}
	parser_fini(&p);
	return f;
}

int parse_library_macros(struct parser_ctx *ctx, const struct srcfile *src)
{
	struct parser p;
	int rc = 0;
	parser_init(&p, ctx, src, 0);
	const struct token *t = scan(&p);
	if (!p.failed && t)
		RAISE_TOK(&p, arena_printf(p.arena, "unexpected token in library macro file '%s'",
					   src->name), t);
	if (p.failed) {
		report(&p, p.errs_as_warnings);
		rc = -1;
	} else {
		struct pp_error e;
		if (pp_commit_library(p.pp, &e) < 0) {
			raise_pp(&p, &e);
			report(&p, false);
			rc = -1;
		}
	}
	parser_fini(&p);
	return rc;
}

/* ---- the session context ------------------------------------------------------------- */

/* stap's normalize_machine (util.cxx), which names the tapset arch directories. */
static const char *normalize_arch(struct arena *a, const char *m)
{
	if (!strcmp(m, "i486") || !strcmp(m, "i586") || !strcmp(m, "i686"))
		return "i386";
	if (!strcmp(m, "sun4u"))
		return "sparc64";
	if (!strncmp(m, "arm", 3) || !strcmp(m, "sa110"))
		return "arm";
	if (!strcmp(m, "s390x"))
		return "s390";
	if (!strcmp(m, "aarch64"))
		return "arm64";
	if (!strcmp(m, "riscv64"))
		return "riscv";
	if (!strncmp(m, "ppc", 3))
		return "powerpc";
	if (!strncmp(m, "mips", 4))
		return "mips";
	if (!strncmp(m, "sh2", 3) || !strncmp(m, "sh3", 3) || !strncmp(m, "sh4", 3))
		return "sh";
	return arena_strdup(a, m);
}

struct parser_ctx *parser_ctx_new(const struct lang_config *cfg, struct diag *d)
{
	struct parser_ctx *ctx = xcalloc(1, sizeof(*ctx));
	struct utsname un;
	bool have_uname = uname(&un) == 0;
	ctx->cfg = *cfg;
	ctx->diag = d;
	ctx->pool = ast_pool_new();
	ctx->arena = ast_pool_arena(ctx->pool);
	ctx->lib = pp_library_new();
	if (!ctx->cfg.compatible)
		ctx->cfg.compatible = "4.8";
	ctx->used_args = xcalloc((size_t)(cfg->nargs > 0 ? cfg->nargs : 1), sizeof(bool));
	ctx->args = (struct lex_args){cfg->args, cfg->nargs, ctx->used_args};

	const char *rel = cfg->kernel_release ? cfg->kernel_release
					      : have_uname ? un.release : "";
	ctx->env.kernel_release = arena_strdup(ctx->arena, rel);
	ctx->env.kernel_base_release = arena_strndup(ctx->arena, rel, strcspn(rel, "-"));
	ctx->env.compatible = ctx->cfg.compatible;
	ctx->env.arch = cfg->arch ? cfg->arch
				  : normalize_arch(ctx->arena, have_uname ? un.machine : "");
	ctx->env.runtime = cfg->runtime ? cfg->runtime : "dyninst";
	ctx->env.privilege = cfg->privilege ? cfg->privilege : "stapdev";
	ctx->env.guru = cfg->guru;
	return ctx;
}

void parser_ctx_free(struct parser_ctx *ctx)
{
	if (!ctx)
		return;
	pp_library_free(ctx->lib);
	ast_pool_free(ctx->pool);
	free(ctx->used_args);
	free(ctx);
}

struct ast_pool *parser_ctx_pool(struct parser_ctx *ctx)
{
	return ctx->pool;
}

struct diag *parser_ctx_diag(struct parser_ctx *ctx)
{
	return ctx->diag;
}

const struct pp_env *parser_ctx_env(const struct parser_ctx *ctx)
{
	return &ctx->env;
}

const struct lex_args *parser_ctx_lex_args(const struct parser_ctx *ctx)
{
	return &ctx->args;
}

const char *parser_ctx_compatible(const struct parser_ctx *ctx)
{
	return ctx->cfg.compatible;
}

bool parser_ctx_fatal(const struct parser_ctx *ctx)
{
	return ctx->fatal;
}

bool parser_ctx_arg_used(const struct parser_ctx *ctx, int index0)
{
	return index0 >= 0 && index0 < ctx->cfg.nargs && ctx->used_args[index0];
}

void parser_ctx_reset_used_args(struct parser_ctx *ctx)
{
	memset(ctx->used_args, 0, (size_t)(ctx->cfg.nargs > 0 ? ctx->cfg.nargs : 1));
}

struct srcfile *parser_ctx_load(struct parser_ctx *ctx, const char *path, const char *name)
{
	int err;
	struct srcfile *f = srcfile_load(ctx->arena, path, name, &err);
	if (f)
		return f;
	diag_printf(ctx->diag, err == -ENOENT ? "Input file '%s' is missing.\n"
					      : "Input file '%s' can't be opened for reading.\n",
		    path);
	return NULL;
}

struct srcfile *parser_ctx_text(struct parser_ctx *ctx, const char *name, const char *text)
{
	return srcfile_from_text(ctx->arena, name, text, strlen(text));
}
