// SPDX-License-Identifier: MIT
/* --dump-tokens and --dump-ast: stable, line-oriented text forms of the lexer's output and
 * of the parsed tree, for golden tests. Strings are shown escaped (C-style) so that the
 * dumps stay one line per item. Nothing here is stap-compatible on purpose. */
#include <inttypes.h>
#include <string.h>

#include "lang/ast_dump.h"
#include "lang/ast_print.h"
#include "lang/lex.h"
#include "lang/parse.h"
#include "util/alloc.h"
#include "util/diag.h"

static const char *const kind_names[] = {
    [TOK_EOF] = "eof",		 [TOK_IDENT] = "ident", [TOK_NUMBER] = "number",
    [TOK_STRING] = "string",	 [TOK_OPERATOR] = "op", [TOK_KEYWORD] = "keyword",
    [TOK_EMBEDDED] = "embedded", [TOK_JUNK] = "junk",
};

static void add_escaped(struct strbuf *o, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\'' || *p == '\\')
			sb_printf(o, "\\%c", *p);
		else if (*p == '\n')
			sb_adds(o, "\\n");
		else if (*p == '\t')
			sb_adds(o, "\\t");
		else if (*p < 32 || *p >= 127)
			sb_printf(o, "\\x%02x", *p);
		else
			sb_addc(o, (char)*p);
	}
}

void ast_dump_tokens(struct strbuf *o, struct parser_ctx *ctx, const struct srcfile *src)
{
	struct arena *a = arena_new();
	struct diag *quiet = diag_new();
	struct strbuf sink = STRBUF_INIT;
	diag_capture(quiet, &sink);
	struct lexer *lx =
	    lex_new(a, src, parser_ctx_lex_args(ctx), parser_ctx_compatible(ctx), true, quiet);
	const struct token *t;
	while ((t = lex_scan(lx))) {
		sb_printf(o, "%d:%d %s '", t->line, t->col, kind_names[t->kind]);
		add_escaped(o, t->text);
		sb_addc(o, '\'');
		if (t->kind == TOK_JUNK)
			sb_printf(o, " (%s)",
				  lex_junk_message(a, t, parser_ctx_lex_args(ctx)->argc));
		sb_addc(o, '\n');
	}
	lex_free(lx);
	sb_free(&sink);
	diag_free(quiet);
	arena_free(a);
}

static void indent(struct strbuf *o, int depth)
{
	for (int i = 0; i < depth; i++)
		sb_adds(o, "  ");
}

static void pos(struct strbuf *o, const struct token *t)
{
	if (t)
		sb_printf(o, " @%d:%d", t->line, t->col);
}

static const char *const expr_names[] = {
    [EXPR_NUM] = "num",		  [EXPR_STR] = "str",
    [EXPR_SYM] = "sym",		  [EXPR_INDEX] = "index",
    [EXPR_UNARY] = "unary",	  [EXPR_BINARY] = "binary",
    [EXPR_LOGICAL] = "logical",	  [EXPR_COMPARE] = "compare",
    [EXPR_REGEX] = "regex",	  [EXPR_CONCAT] = "concat",
    [EXPR_TERNARY] = "ternary",	  [EXPR_ASSIGN] = "assign",
    [EXPR_INCDEC] = "incdec",	  [EXPR_IN] = "in",
    [EXPR_CALL] = "call",	  [EXPR_PRINT] = "print",
    [EXPR_STATOP] = "statop",	  [EXPR_HIST] = "hist",
    [EXPR_TARGET] = "target",	  [EXPR_DEFINED] = "defined",
    [EXPR_ENTRY] = "entry",	  [EXPR_ATOP] = "atop",
    [EXPR_EMBEDDED] = "embedded",
};

static void dump_child(struct strbuf *o, const char *label, const struct ast_expr *e, int depth)
{
	indent(o, depth);
	sb_printf(o, "%s:", label);
	if (!e) {
		sb_adds(o, " *\n");
		return;
	}
	sb_addc(o, '\n');
	ast_dump_expr(o, e, depth + 1);
}

static void dump_fmt(struct strbuf *o, const struct ast_expr *e, int depth)
{
	vec_foreach(&e->fmt, f)
	{
		indent(o, depth);
		sb_printf(o, "fmt conv=%d flags=%d width=%d prec=%d literal='", f->conv, f->flags,
			  f->width, f->prec);
		add_escaped(o, f->literal);
		sb_adds(o, "'\n");
	}
}

void ast_dump_expr(struct strbuf *o, const struct ast_expr *e, int depth)
{
	indent(o, depth);
	sb_adds(o, expr_names[e->kind]);
	if (e->op)
		sb_printf(o, " op='%s'%s", ast_op_str(e->op), e->postfix ? " postfix" : "");
	switch (e->kind) {
	case EXPR_NUM:
		sb_printf(o, " %" PRId64, e->num);
		break;
	case EXPR_STR:
		sb_adds(o, " '");
		add_escaped(o, e->str);
		sb_adds(o, "' raw='");
		add_escaped(o, e->raw);
		sb_addc(o, '\'');
		break;
	case EXPR_STATOP:
	case EXPR_HIST:
		sb_printf(o, " %s params=%" PRId64 ",%" PRId64 ",%" PRId64, e->str ? e->str : "",
			  e->hist_params[0], e->hist_params[1], e->hist_params[2]);
		break;
	case EXPR_PRINT:
		sb_printf(o, " %s flags=%d", e->str, e->print_flags);
		if (e->fmt_raw) {
			sb_adds(o, " fmt='");
			add_escaped(o, e->fmt_raw);
			sb_addc(o, '\'');
		}
		break;
	case EXPR_ATOP:
		sb_printf(o, " %s atop=%d num=%" PRId64 "%s", e->str ? e->str : "", e->atop, e->num,
			  e->addressof ? " &" : "");
		if (e->type_name)
			sb_printf(o, " name='%s'", e->type_name);
		if (e->module)
			sb_printf(o, " module='%s'", e->module);
		break;
	case EXPR_TARGET:
		sb_printf(o, " %s%s", e->addressof ? "&" : "", e->str);
		if (e->target_suffix)
			sb_printf(o, " suffix='%s'", e->target_suffix);
		break;
	case EXPR_EMBEDDED:
		sb_adds(o, " '");
		add_escaped(o, e->code);
		sb_addc(o, '\'');
		break;
	default:
		if (e->str)
			sb_printf(o, " %s", e->str);
		break;
	}
	pos(o, e->tok);
	sb_addc(o, '\n');
	if (e->left)
		ast_dump_expr(o, e->left, depth + 1);
	if (e->right)
		ast_dump_expr(o, e->right, depth + 1);
	if (e->third)
		ast_dump_expr(o, e->third, depth + 1);
	vec_foreach(&e->args, a) dump_child(o, "arg", *a, depth + 1);
	vec_foreach(&e->comps, c)
	{
		indent(o, depth + 1);
		sb_printf(o, "comp %d %s %" PRId64 "\n", c->kind, c->member ? c->member : "",
			  c->num);
		if (c->index)
			ast_dump_expr(o, c->index, depth + 2);
	}
	dump_fmt(o, e, depth + 1);
}

static const char *const stmt_names[] = {
    [STMT_NULL] = "null",	  [STMT_BLOCK] = "block",
    [STMT_EXPR] = "expr",	  [STMT_IF] = "if",
    [STMT_FOR] = "for",		  [STMT_FOREACH] = "foreach",
    [STMT_RETURN] = "return",	  [STMT_DELETE] = "delete",
    [STMT_BREAK] = "break",	  [STMT_CONTINUE] = "continue",
    [STMT_NEXT] = "next",	  [STMT_TRY] = "try",
    [STMT_EMBEDDED] = "embedded",
};

static void dump_stmt(struct strbuf *o, const struct ast_stmt *s, int depth)
{
	indent(o, depth);
	if (!s) {
		sb_adds(o, "(none)\n");
		return;
	}
	sb_adds(o, stmt_names[s->kind]);
	if (s->kind == STMT_FOREACH)
		sb_printf(o, " sort=%d,%d agg=%d%s", s->sort_column, s->sort_dir, s->sort_agg,
			  s->sort_agg_given ? "" : "(none)");
	pos(o, s->tok);
	sb_addc(o, '\n');
	if (s->value_var)
		dump_child(o, "value", s->value_var, depth + 1);
	vec_foreach(&s->keys, k) dump_child(o, "key", *k, depth + 1);
	if (s->base)
		dump_child(o, "base", s->base, depth + 1);
	vec_foreach(&s->slice, k) dump_child(o, "slice", *k, depth + 1);
	if (s->limit)
		dump_child(o, "limit", s->limit, depth + 1);
	if (s->init)
		dump_child(o, "init", s->init, depth + 1);
	if (s->expr)
		dump_child(o, "expr", s->expr, depth + 1);
	if (s->incr)
		dump_child(o, "incr", s->incr, depth + 1);
	if (s->catch_var)
		dump_child(o, "catch", s->catch_var, depth + 1);
	if (s->then)
		dump_stmt(o, s->then, depth + 1);
	if (s->els) {
		indent(o, depth + 1);
		sb_adds(o, "else:\n");
		dump_stmt(o, s->els, depth + 2);
	}
	if (s->loop_body)
		dump_stmt(o, s->loop_body, depth + 1);
	vec_foreach(&s->body, b) dump_stmt(o, *b, depth + 1);
}

static void dump_point(struct strbuf *o, const char *label, const struct ast_probe_point *pp,
		       int depth)
{
	indent(o, depth);
	sb_printf(o, "%s ", label);
	ast_print_probe_point(o, pp, true);
	pos(o, pp->tok);
	sb_addc(o, '\n');
}

static void dump_var(struct strbuf *o, const char *label, const struct ast_var *v, int depth)
{
	indent(o, depth);
	sb_printf(o, "%s %s type=%s%s%s", label, v->name, ast_type_name(v->type),
		  v->is_private ? " private" : "", v->wrap ? " wrap" : "");
	if (v->maxsize)
		sb_printf(o, " maxsize=%" PRId64, v->maxsize);
	pos(o, v->tok);
	sb_addc(o, '\n');
	if (v->init)
		ast_dump_expr(o, v->init, depth + 1);
}

void ast_dump_file(struct strbuf *o, const struct ast_file *f)
{
	sb_printf(o, "file %s%s\n", f->src->name, f->privileged ? " privileged" : "");
	vec_foreach(&f->embeds, e)
	{
		sb_adds(o, "  embed '");
		add_escaped(o, (*e)->code);
		sb_adds(o, "'\n");
	}
	vec_foreach(&f->globals, g) dump_var(o, "global", *g, 1);
	vec_foreach(&f->aliases, a)
	{
		sb_printf(o, "  alias%s", (*a)->epilogue_style ? " epilogue" : "");
		pos(o, (*a)->tok);
		sb_addc(o, '\n');
		vec_foreach(&(*a)->names, p) dump_point(o, "name", *p, 2);
		vec_foreach(&(*a)->points, p) dump_point(o, "point", *p, 2);
		if ((*a)->prologue) {
			indent(o, 2);
			sb_adds(o, "prologue:\n");
			dump_stmt(o, (*a)->prologue, 3);
		}
		if ((*a)->epilogue) {
			indent(o, 2);
			sb_adds(o, "epilogue:\n");
			dump_stmt(o, (*a)->epilogue, 3);
		}
	}
	vec_foreach(&f->probes, p)
	{
		sb_adds(o, "  probe");
		pos(o, (*p)->tok);
		sb_addc(o, '\n');
		vec_foreach(&(*p)->points, pp) dump_point(o, "point", *pp, 2);
		dump_stmt(o, (*p)->body, 2);
	}
	vec_foreach(&f->functions, fn)
	{
		sb_printf(o, "  function %s ret=%s priority=%" PRId64 "%s", (*fn)->name,
			  ast_type_name((*fn)->ret), (*fn)->priority,
			  (*fn)->is_private ? " private" : "");
		pos(o, (*fn)->tok);
		sb_addc(o, '\n');
		vec_foreach(&(*fn)->params, v) dump_var(o, "param", *v, 2);
		if ((*fn)->body) {
			dump_stmt(o, (*fn)->body, 2);
		} else {
			sb_adds(o, "    embedded '");
			add_escaped(o, (*fn)->embedded);
			sb_adds(o, "'\n");
		}
	}
}
