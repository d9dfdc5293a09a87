// SPDX-License-Identifier: MIT
/* The parse tree printed as stap 4.8 prints it after pass 1 (staptree.cxx ::print
 * methods): every binary operand in parentheses, a ';' and a newline after each statement
 * of a block, globals then aliases then probes then functions per file. The output is
 * re-parseable, which tests/check-parse.sh verifies. */
#include <inttypes.h>
#include <string.h>

#include "lang/ast_print.h"
#include "lang/lex.h"
#include "util/alloc.h"

static void print_expr(struct strbuf *o, const struct ast_expr *e);
static void print_stmt(struct strbuf *o, const struct ast_stmt *s);

/* lex_cast_qstring without an arena */
static void print_qstring(struct strbuf *o, const char *s)
{
	struct arena *a = arena_new();
	sb_adds(o, lex_quote(a, s));
	arena_free(a);
}

/* literal_string::print: only '"' is escaped; the content keeps its backslashes */
static void print_literal_string(struct strbuf *o, const char *raw)
{
	sb_addc(o, '"');
	for (const char *p = raw; *p; p++) {
		if (*p == '"')
			sb_addc(o, '\\');
		sb_addc(o, *p);
	}
	sb_addc(o, '"');
}

static void print_paren(struct strbuf *o, const struct ast_expr *e)
{
	sb_addc(o, '(');
	print_expr(o, e);
	sb_addc(o, ')');
}

static void print_list(struct strbuf *o, struct ast_expr *const *v, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			sb_adds(o, ", ");
		if (v[i])
			print_expr(o, v[i]);
		else
			sb_addc(o, '*');
	}
}

static void print_comps(struct strbuf *o, const struct ast_expr *e)
{
	vec_foreach(&e->comps, c)
	{
		switch (c->kind) {
		case TCOMP_MEMBER:
		case TCOMP_PRETTY:
			sb_printf(o, "->%s", c->member);
			break;
		case TCOMP_INDEX_NUM:
			sb_printf(o, "[%" PRId64 "]", c->num);
			break;
		case TCOMP_INDEX_EXPR:
			sb_addc(o, '[');
			print_expr(o, c->index);
			sb_addc(o, ']');
			break;
		}
	}
}

static const char *stat_name(enum stat_op s)
{
	switch (s) {
	case STAT_COUNT:
		return "count";
	case STAT_SUM:
		return "sum";
	case STAT_MIN:
		return "min";
	case STAT_MAX:
		return "max";
	case STAT_AVG:
		return "avg";
	case STAT_VARIANCE:
		return "variance";
	}
	return "?";
}

static void print_atop(struct strbuf *o, const struct ast_expr *e)
{
	switch (e->atop) {
	case ATOP_CAST:
		sb_printf(o, "%s%s(", e->addressof ? "&" : "", e->str);
		print_expr(o, e->left);
		sb_adds(o, ", ");
		print_qstring(o, e->type_name);
		if (e->module && *e->module) {
			sb_adds(o, ", ");
			print_qstring(o, e->module);
		}
		sb_addc(o, ')');
		print_comps(o, e);
		break;
	case ATOP_VAR:
		sb_printf(o, "%s%s(\"%s\"", e->addressof ? "&" : "", e->str, e->type_name);
		if (e->module && *e->module) {
			sb_adds(o, ", ");
			print_qstring(o, e->module);
		}
		sb_addc(o, ')');
		print_comps(o, e);
		break;
	case ATOP_AUTOCAST:
		if (e->addressof)
			sb_addc(o, '&');
		print_paren(o, e->left);
		print_comps(o, e);
		break;
	case ATOP_PERF:
		sb_adds(o, "@perf(");
		print_expr(o, e->left);
		sb_addc(o, ')');
		break;
	case ATOP_KREGISTER:
	case ATOP_UREGISTER:
		sb_printf(o, "@%cregister(%" PRId64 ")", e->atop == ATOP_UREGISTER ? 'u' : 'k',
			  e->num);
		break;
	case ATOP_KDEREF:
	case ATOP_UDEREF:
		sb_printf(o, "@%cderef(%" PRId64 ", ", e->atop == ATOP_UDEREF ? 'u' : 'k', e->num);
		print_expr(o, e->left);
		sb_addc(o, ')');
		break;
	case ATOP_PROBEWRITE:
		sb_printf(o, "@probewrite(%s)", e->type_name);
		break;
	}
}

static void print_print(struct strbuf *o, const struct ast_expr *e)
{
	sb_printf(o, "%s(", e->str);
	bool lead = (e->print_flags & (PRINT_FORMAT | PRINT_DELIM)) != 0;
	if (lead)
		print_qstring(o, e->fmt_raw);
	if (e->left)
		print_expr(o, e->left);
	for (int i = 0; i < e->args.n; i++) {
		if (i || lead)
			sb_adds(o, ", ");
		print_expr(o, e->args.v[i]);
	}
	sb_addc(o, ')');
}

static void print_expr(struct strbuf *o, const struct ast_expr *e)
{
	switch (e->kind) {
	case EXPR_NUM:
		sb_printf(o, "%" PRId64, e->num);
		break;
	case EXPR_STR:
		print_literal_string(o, e->raw);
		break;
	case EXPR_SYM:
		sb_adds(o, e->str);
		break;
	case EXPR_INDEX:
		print_expr(o, e->left);
		sb_addc(o, '[');
		print_list(o, e->args.v, e->args.n);
		sb_addc(o, ']');
		break;
	case EXPR_UNARY:
		sb_adds(o, ast_op_str(e->op));
		print_paren(o, e->left);
		break;
	case EXPR_INCDEC:
		if (e->postfix) {
			print_paren(o, e->left);
			sb_adds(o, ast_op_str(e->op));
		} else {
			sb_adds(o, ast_op_str(e->op));
			print_paren(o, e->left);
		}
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_ASSIGN:
		print_paren(o, e->left);
		sb_printf(o, " %s ", ast_op_str(e->op));
		print_paren(o, e->right);
		break;
	case EXPR_REGEX:
		print_paren(o, e->left);
		sb_printf(o, " %s ", ast_op_str(e->op));
		print_expr(o, e->right);
		break;
	case EXPR_TERNARY:
		print_paren(o, e->left);
		sb_addc(o, '?');
		print_paren(o, e->right);
		sb_addc(o, ':');
		print_paren(o, e->third);
		break;
	case EXPR_IN:
		sb_addc(o, '[');
		print_list(o, e->args.v, e->args.n);
		sb_adds(o, "] in ");
		print_expr(o, e->left);
		break;
	case EXPR_CALL:
		sb_printf(o, "%s(", e->str);
		print_list(o, e->args.v, e->args.n);
		sb_addc(o, ')');
		break;
	case EXPR_PRINT:
		print_print(o, e);
		break;
	case EXPR_STATOP:
		sb_printf(o, "@%s(", stat_name(e->stat));
		print_expr(o, e->left);
		if (e->stat == STAT_VARIANCE && e->stat_nparams == 1)
			sb_printf(o, ", %" PRId64, e->hist_params[0]);
		sb_addc(o, ')');
		break;
	case EXPR_HIST:
		sb_adds(o, e->hist == HIST_LINEAR ? "@hist_linear(" : "@hist_log(");
		print_expr(o, e->left);
		for (int i = 0; e->hist == HIST_LINEAR && i < 3; i++)
			sb_printf(o, ", %" PRId64, e->hist_params[i]);
		sb_addc(o, ')');
		break;
	case EXPR_TARGET:
		sb_printf(o, "%s%s", e->addressof ? "&" : "", e->str);
		print_comps(o, e);
		break;
	case EXPR_DEFINED:
	case EXPR_ENTRY:
		sb_adds(o, e->kind == EXPR_DEFINED ? "@defined(" : "@entry(");
		print_expr(o, e->left);
		sb_addc(o, ')');
		break;
	case EXPR_ATOP:
		print_atop(o, e);
		break;
	case EXPR_EMBEDDED:
		sb_printf(o, "%%{ %s %%}", e->code);
		break;
	}
}

static void print_block(struct strbuf *o, const struct ast_stmt *s)
{
	sb_adds(o, "{\n");
	vec_foreach(&s->body, it)
	{
		print_stmt(o, *it);
		sb_adds(o, ";\n");
	}
	sb_addc(o, '}');
}

static void print_foreach(struct strbuf *o, const struct ast_stmt *s)
{
	sb_adds(o, "foreach (");
	if (s->value_var) {
		print_expr(o, s->value_var);
		sb_adds(o, " = ");
	}
	sb_addc(o, '[');
	for (int i = 0; i < s->keys.n; i++) {
		if (i)
			sb_adds(o, ", ");
		print_expr(o, s->keys.v[i]);
		if (s->sort_dir && s->sort_column == i + 1)
			sb_addc(o, s->sort_dir > 0 ? '+' : '-');
	}
	sb_adds(o, "] in ");
	print_expr(o, s->base);
	if (s->slice.n) {
		sb_addc(o, '[');
		print_list(o, s->slice.v, s->slice.n);
		sb_addc(o, ']');
	}
	if (s->sort_dir && s->sort_column == -1) {
		/* stap prints no @variance here (its switch lacks the case) */
		if (s->sort_agg_given && s->sort_agg != STAT_VARIANCE)
			sb_printf(o, " @%s", stat_name(s->sort_agg));
		sb_addc(o, s->sort_dir > 0 ? '+' : '-');
	}
	if (s->limit) {
		sb_adds(o, " limit ");
		print_expr(o, s->limit);
	}
	sb_adds(o, ") ");
	print_stmt(o, s->loop_body);
}

static void print_stmt(struct strbuf *o, const struct ast_stmt *s)
{
	switch (s->kind) {
	case STMT_NULL:
		sb_addc(o, ';');
		break;
	case STMT_BLOCK:
		print_block(o, s);
		break;
	case STMT_EXPR:
		print_expr(o, s->expr);
		break;
	case STMT_IF:
		sb_adds(o, "if (");
		print_expr(o, s->expr);
		sb_adds(o, ") ");
		if (s->then)
			print_stmt(o, s->then);
		else
			sb_addc(o, ';');
		sb_addc(o, '\n');
		if (s->els) {
			sb_adds(o, "else ");
			print_stmt(o, s->els);
			sb_addc(o, '\n');
		}
		break;
	case STMT_FOR:
		sb_adds(o, "for (");
		if (s->init)
			print_expr(o, s->init);
		sb_adds(o, "; ");
		print_expr(o, s->expr);
		sb_adds(o, "; ");
		if (s->incr)
			print_expr(o, s->incr);
		sb_adds(o, ") ");
		print_stmt(o, s->loop_body);
		break;
	case STMT_FOREACH:
		print_foreach(o, s);
		break;
	case STMT_RETURN:
		sb_adds(o, "return");
		if (s->expr) {
			sb_addc(o, ' ');
			print_expr(o, s->expr);
		}
		break;
	case STMT_DELETE:
		sb_adds(o, "delete ");
		print_expr(o, s->expr);
		break;
	case STMT_BREAK:
		sb_adds(o, "break");
		break;
	case STMT_CONTINUE:
		sb_adds(o, "continue");
		break;
	case STMT_NEXT:
		sb_adds(o, "next");
		break;
	case STMT_TRY:
		sb_adds(o, "try {\n");
		if (s->then) {
			print_stmt(o, s->then);
			sb_addc(o, '\n');
		}
		sb_adds(o, "} catch ");
		if (s->catch_var) {
			sb_addc(o, '(');
			print_expr(o, s->catch_var);
			sb_adds(o, ") ");
		}
		sb_adds(o, "{\n");
		if (s->els) {
			print_stmt(o, s->els);
			sb_addc(o, '\n');
		}
		sb_adds(o, "}\n");
		break;
	case STMT_EMBEDDED:
		sb_printf(o, "%%{%s%%}", s->code);
		break;
	}
}

void ast_print_probe_point(struct strbuf *o, const struct ast_probe_point *pp, bool extras)
{
	for (int i = 0; i < pp->components.n; i++) {
		const struct ast_component *c = pp->components.v[i];
		if (i)
			sb_addc(o, '.');
		sb_adds(o, c->functor);
		if (c->arg)
			print_paren(o, c->arg);
	}
	if (!extras)
		return;
	if (pp->sufficient)
		sb_addc(o, '!');
	else if (pp->optional)
		sb_addc(o, '?');
	if (pp->cond) {
		sb_adds(o, " if (");
		print_expr(o, pp->cond);
		sb_addc(o, ')');
	}
}

void ast_print_alias_sig(struct strbuf *o, const struct ast_alias *a)
{
	for (int i = 0; i < a->names.n; i++) {
		if (i)
			sb_adds(o, " = ");
		ast_print_probe_point(o, a->names.v[i], true);
	}
	sb_adds(o, a->epilogue_style ? " += " : " = ");
	for (int i = 0; i < a->points.n; i++) {
		if (i)
			sb_adds(o, ", ");
		ast_print_probe_point(o, a->points.v[i], true);
	}
}

void ast_print_expr(struct strbuf *o, const struct ast_expr *e)
{
	print_expr(o, e);
}

void ast_print_stmt(struct strbuf *o, const struct ast_stmt *s)
{
	print_stmt(o, s);
}

void ast_print_var(struct strbuf *o, const struct ast_var *v)
{
	sb_adds(o, v->name);
	if (v->wrap)
		sb_addc(o, '%');
	if (v->maxsize > 0)
		sb_printf(o, "[%" PRId64 "]", v->maxsize);
	if (v->arity > 0)
		sb_adds(o, "[...]");
	if (v->init) {
		sb_adds(o, " = ");
		print_expr(o, v->init);
	}
}

void ast_print_function(struct strbuf *o, const struct ast_function *f)
{
	sb_printf(o, "function %s (", f->name);
	for (int i = 0; i < f->params.n; i++) {
		if (i)
			sb_adds(o, ", ");
		ast_print_var(o, f->params.v[i]);
	}
	sb_adds(o, ")\n");
	if (f->body)
		print_stmt(o, f->body);
	else
		sb_printf(o, "%%{%s%%}", f->embedded ? f->embedded : "");
}

void ast_print_probe(struct strbuf *o, const struct ast_probe *p)
{
	sb_adds(o, "probe ");
	for (int i = 0; i < p->points.n; i++) {
		if (i)
			sb_addc(o, ',');
		ast_print_probe_point(o, p->points.v[i], true);
	}
	print_stmt(o, p->body);
}

void ast_print_file(struct strbuf *o, const struct ast_file *f)
{
	sb_printf(o, "# file %s\n", f->src->name);
	vec_foreach(&f->embeds, e) sb_printf(o, "%%{%s%%}", (*e)->code);
	vec_foreach(&f->globals, g)
	{
		sb_adds(o, "global ");
		ast_print_var(o, *g);
		sb_addc(o, '\n');
	}
	vec_foreach(&f->aliases, a)
	{
		sb_adds(o, "probe ");
		ast_print_alias_sig(o, *a);
		print_stmt(o, (*a)->epilogue_style ? (*a)->epilogue : (*a)->prologue);
		sb_addc(o, '\n');
	}
	vec_foreach(&f->probes, p)
	{
		ast_print_probe(o, *p);
		sb_addc(o, '\n');
	}
	vec_foreach(&f->functions, fn)
	{
		ast_print_function(o, *fn);
		sb_addc(o, '\n');
	}
}
