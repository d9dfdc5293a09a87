// SPDX-License-Identifier: MIT
/* The parse tree printed as stap 4.8 prints it (staptree.cxx ::print methods): every
 * binary operand in parentheses, a ';' and a newline after each statement of a block,
 * globals then aliases then probes then functions per file. The output is re-parseable,
 * which tests/check-parse.sh verifies. Names print as written unless a struct ast_namer
 * says otherwise (sema's mangled names for -p2); types and locals are sema's to print. */
#include <inttypes.h>
#include <string.h>

#include "lang/ast_print.h"
#include "lang/lex.h"

static void print_expr(struct strbuf *o, const struct ast_namer *n, const struct ast_expr *e);
static void print_stmt(struct strbuf *o, const struct ast_namer *n, const struct ast_stmt *s);

/* literal_string::print: only '"' is escaped; the content keeps its backslashes */
static void print_literal_string(struct strbuf *o, const char *raw)
{
	sb_addc(o, '"');
	for (const char *p = raw; p && *p; p++) {
		if (*p == '"')
			sb_addc(o, '\\');
		sb_addc(o, *p);
	}
	sb_addc(o, '"');
}

static void print_paren(struct strbuf *o, const struct ast_namer *n, const struct ast_expr *e)
{
	sb_addc(o, '(');
	print_expr(o, n, e);
	sb_addc(o, ')');
}

/* a, b, c; a NULL entry (a '*' of an index or slice) prints as '*' */
static void print_list(struct strbuf *o, const struct ast_namer *n, struct ast_expr *const *v,
		       int len)
{
	for (int i = 0; i < len; i++) {
		if (i)
			sb_adds(o, ", ");
		if (v[i])
			print_expr(o, n, v[i]);
		else
			sb_addc(o, '*');
	}
}

static void print_comps(struct strbuf *o, const struct ast_namer *n, const struct ast_expr *e)
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
			print_expr(o, n, c->index);
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

/* the optional module string of @cast/@var: stap prints it only when not empty */
static void print_module(struct strbuf *o, const struct ast_expr *e)
{
	if (e->module && *e->module) {
		sb_adds(o, ", ");
		lex_quote_append(o, e->module);
	}
	sb_addc(o, ')');
}

static void print_atop(struct strbuf *o, const struct ast_namer *n, const struct ast_expr *e)
{
	switch (e->atop) {
	case ATOP_CAST:
		sb_printf(o, "%s%s(", e->addressof ? "&" : "", e->str);
		print_expr(o, n, e->left);
		sb_adds(o, ", ");
		lex_quote_append(o, e->type_name);
		print_module(o, e);
		print_comps(o, n, e);
		break;
	case ATOP_VAR:
		sb_printf(o, "%s%s(\"%s\"", e->addressof ? "&" : "", e->str, e->type_name);
		print_module(o, e);
		print_comps(o, n, e);
		break;
	case ATOP_AUTOCAST:
		if (e->addressof)
			sb_addc(o, '&');
		print_paren(o, n, e->left);
		print_comps(o, n, e);
		break;
	case ATOP_PERF:
		sb_adds(o, "@perf");
		print_paren(o, n, e->left);
		break;
	case ATOP_KREGISTER:
	case ATOP_UREGISTER:
		sb_printf(o, "@%cregister(%" PRId64 ")", e->atop == ATOP_UREGISTER ? 'u' : 'k',
			  e->num);
		break;
	case ATOP_KDEREF:
	case ATOP_UDEREF:
		sb_printf(o, "@%cderef(%" PRId64 ", ", e->atop == ATOP_UDEREF ? 'u' : 'k', e->num);
		print_expr(o, n, e->left);
		sb_addc(o, ')');
		break;
	case ATOP_PROBEWRITE:
		sb_printf(o, "@probewrite(%s)", e->type_name);
		break;
	}
}

static void print_print(struct strbuf *o, const struct ast_namer *n, const struct ast_expr *e)
{
	sb_printf(o, "%s(", e->str);
	bool lead = (e->print_flags & (PRINT_FORMAT | PRINT_DELIM)) != 0;
	if (lead)
		lex_quote_append(o, e->fmt_raw ? e->fmt_raw : "");
	if (e->left)
		print_expr(o, n, e->left);
	for (int i = 0; i < e->args.n; i++) {
		if (i || lead)
			sb_adds(o, ", ");
		print_expr(o, n, e->args.v[i]);
	}
	sb_addc(o, ')');
}

static void print_name(struct strbuf *o, const struct ast_expr *e, const void *ctx,
		       void (*hook)(struct strbuf *, const struct ast_expr *, const void *))
{
	if (hook)
		hook(o, e, ctx);
	else
		sb_adds(o, e->str);
}

/* the binary-like forms: (left) op (right) */
static void print_operator(struct strbuf *o, const struct ast_namer *n, const struct ast_expr *e)
{
	/* sema's synthesized concatenations carry no operator */
	const char *op = e->kind == EXPR_CONCAT ? "." : ast_op_str(e->op);
	print_paren(o, n, e->left);
	sb_printf(o, " %s ", op);
	if (e->kind == EXPR_REGEX)
		print_expr(o, n, e->right);
	else
		print_paren(o, n, e->right);
}

static void print_expr(struct strbuf *o, const struct ast_namer *n, const struct ast_expr *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case EXPR_NUM:
		sb_printf(o, "%" PRId64, e->num);
		break;
	case EXPR_STR:
		/* sema's synthesized strings have no raw form */
		print_literal_string(o, e->raw ? e->raw : e->str);
		break;
	case EXPR_SYM:
		print_name(o, e, n ? n->ctx : NULL, n ? n->sym : NULL);
		break;
	case EXPR_INDEX:
		print_expr(o, n, e->left);
		sb_addc(o, '[');
		print_list(o, n, e->args.v, e->args.n);
		sb_addc(o, ']');
		break;
	case EXPR_UNARY:
		sb_adds(o, ast_op_str(e->op));
		print_paren(o, n, e->left);
		break;
	case EXPR_INCDEC:
		if (e->postfix) {
			print_paren(o, n, e->left);
			sb_adds(o, ast_op_str(e->op));
		} else {
			sb_adds(o, ast_op_str(e->op));
			print_paren(o, n, e->left);
		}
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_ASSIGN:
	case EXPR_REGEX:
		print_operator(o, n, e);
		break;
	case EXPR_TERNARY:
		print_paren(o, n, e->left);
		sb_addc(o, '?');
		print_paren(o, n, e->right);
		sb_addc(o, ':');
		print_paren(o, n, e->third);
		break;
	case EXPR_IN:
		sb_addc(o, '[');
		print_list(o, n, e->args.v, e->args.n);
		sb_adds(o, "] in ");
		print_expr(o, n, e->left);
		break;
	case EXPR_CALL:
		print_name(o, e, n ? n->ctx : NULL, n ? n->call : NULL);
		sb_addc(o, '(');
		print_list(o, n, e->args.v, e->args.n);
		sb_addc(o, ')');
		break;
	case EXPR_PRINT:
		print_print(o, n, e);
		break;
	case EXPR_STATOP:
		sb_printf(o, "@%s(", stat_name(e->stat));
		print_expr(o, n, e->left);
		if (e->stat == STAT_VARIANCE && e->stat_nparams == 1)
			sb_printf(o, ", %" PRId64, e->hist_params[0]);
		sb_addc(o, ')');
		break;
	case EXPR_HIST:
		sb_adds(o, e->hist == HIST_LINEAR ? "@hist_linear(" : "@hist_log(");
		print_expr(o, n, e->left);
		for (int i = 0; e->hist == HIST_LINEAR && i < 3; i++)
			sb_printf(o, ", %" PRId64, e->hist_params[i]);
		sb_addc(o, ')');
		break;
	case EXPR_TARGET:
		sb_printf(o, "%s%s", e->addressof ? "&" : "", e->str);
		print_comps(o, n, e);
		break;
	case EXPR_DEFINED:
	case EXPR_ENTRY:
		sb_adds(o, e->kind == EXPR_DEFINED ? "@defined" : "@entry");
		print_paren(o, n, e->left);
		break;
	case EXPR_ATOP:
		print_atop(o, n, e);
		break;
	case EXPR_EMBEDDED:
		sb_printf(o, "%%{ %s %%}", e->code ? e->code : "");
		break;
	}
}

static void print_block(struct strbuf *o, const struct ast_namer *n, const struct ast_stmt *s)
{
	sb_adds(o, "{\n");
	vec_foreach(&s->body, it)
	{
		print_stmt(o, n, *it);
		sb_adds(o, ";\n");
	}
	sb_addc(o, '}');
}

/* [@agg](+|-) after the base when sorting by value (sort_column -1, or 0 for sema's
 * synthesized sorts); stap prints no @variance here (its switch lacks the case) */
static void print_value_sort(struct strbuf *o, const struct ast_stmt *s)
{
	if (!s->sort_dir || s->sort_column > 0)
		return;
	if (s->sort_agg_given && s->sort_agg != STAT_VARIANCE)
		sb_printf(o, " @%s", stat_name(s->sort_agg));
	sb_addc(o, s->sort_dir > 0 ? '+' : '-');
}

static void print_foreach(struct strbuf *o, const struct ast_namer *n, const struct ast_stmt *s)
{
	sb_adds(o, "foreach (");
	if (s->value_var) {
		print_expr(o, n, s->value_var);
		sb_adds(o, " = ");
	}
	sb_addc(o, '[');
	for (int i = 0; i < s->keys.n; i++) {
		if (i)
			sb_adds(o, ", ");
		print_expr(o, n, s->keys.v[i]);
		if (s->sort_dir && s->sort_column == i + 1)
			sb_addc(o, s->sort_dir > 0 ? '+' : '-');
	}
	sb_adds(o, "] in ");
	print_expr(o, n, s->base);
	if (s->slice.n) {
		sb_addc(o, '[');
		print_list(o, n, s->slice.v, s->slice.n);
		sb_addc(o, ']');
	}
	print_value_sort(o, s);
	if (s->limit) {
		sb_adds(o, " limit ");
		print_expr(o, n, s->limit);
	}
	sb_adds(o, ") ");
	print_stmt(o, n, s->loop_body);
}

static void print_if(struct strbuf *o, const struct ast_namer *n, const struct ast_stmt *s)
{
	sb_adds(o, "if (");
	print_expr(o, n, s->expr);
	sb_adds(o, ") ");
	print_stmt(o, n, s->then);
	sb_addc(o, '\n');
	if (s->els) {
		sb_adds(o, "else ");
		print_stmt(o, n, s->els);
		sb_addc(o, '\n');
	}
}

static void print_for(struct strbuf *o, const struct ast_namer *n, const struct ast_stmt *s)
{
	sb_adds(o, "for (");
	print_expr(o, n, s->init);
	sb_adds(o, "; ");
	print_expr(o, n, s->expr);
	sb_adds(o, "; ");
	print_expr(o, n, s->incr);
	sb_adds(o, ") ");
	print_stmt(o, n, s->loop_body);
}

static void print_try(struct strbuf *o, const struct ast_namer *n, const struct ast_stmt *s)
{
	sb_adds(o, "try {\n");
	if (s->then) {
		print_stmt(o, n, s->then);
		sb_addc(o, '\n');
	}
	sb_adds(o, "} catch ");
	if (s->catch_var) {
		print_paren(o, n, s->catch_var);
		sb_addc(o, ' ');
	}
	sb_adds(o, "{\n");
	if (s->els) {
		print_stmt(o, n, s->els);
		sb_addc(o, '\n');
	}
	sb_adds(o, "}\n");
}

/* return/delete and their operand */
static void print_keyword(struct strbuf *o, const struct ast_namer *n, const char *kw,
			  const struct ast_expr *e)
{
	sb_adds(o, kw);
	if (e) {
		sb_addc(o, ' ');
		print_expr(o, n, e);
	}
}

static void print_stmt(struct strbuf *o, const struct ast_namer *n, const struct ast_stmt *s)
{
	if (!s) {
		sb_addc(o, ';');
		return;
	}
	switch (s->kind) {
	case STMT_NULL:
		sb_addc(o, ';');
		break;
	case STMT_BLOCK:
		print_block(o, n, s);
		break;
	case STMT_EXPR:
		if (s->expr)
			print_expr(o, n, s->expr);
		else
			sb_addc(o, ';');
		break;
	case STMT_IF:
		print_if(o, n, s);
		break;
	case STMT_FOR:
		print_for(o, n, s);
		break;
	case STMT_FOREACH:
		print_foreach(o, n, s);
		break;
	case STMT_RETURN:
		print_keyword(o, n, "return", s->expr);
		break;
	case STMT_DELETE:
		print_keyword(o, n, "delete", s->expr);
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
		print_try(o, n, s);
		break;
	case STMT_EMBEDDED:
		sb_printf(o, "%%{%s%%}", s->code ? s->code : "");
		break;
	}
}

/* functor(arg); sema marks the statement(ADDR) it makes with postfix: stap's literal_number
 * print_hex */
static void print_component(struct strbuf *o, const struct ast_namer *n,
			    const struct ast_component *c)
{
	sb_adds(o, c->functor);
	if (!c->arg)
		return;
	if (c->arg->kind == EXPR_NUM && c->arg->postfix)
		sb_printf(o, c->arg->num ? "(%#" PRIx64 ")" : "(0)", (uint64_t)c->arg->num);
	else
		print_paren(o, n, c->arg);
}

void ast_print_probe_point_with(struct strbuf *o, const struct ast_probe_point *pp, bool extras,
				const struct ast_namer *n)
{
	for (int i = 0; i < pp->components.n; i++) {
		if (i)
			sb_addc(o, '.');
		print_component(o, n, pp->components.v[i]);
	}
	if (!extras)
		return;
	if (pp->sufficient)
		sb_addc(o, '!');
	else if (pp->optional)
		sb_addc(o, '?');
	if (pp->cond) {
		sb_adds(o, " if ");
		print_paren(o, n, pp->cond);
	}
}

void ast_print_alias_sig_with(struct strbuf *o, const struct ast_alias *a,
			      const struct ast_namer *n)
{
	for (int i = 0; i < a->names.n; i++) {
		if (i)
			sb_adds(o, " = ");
		ast_print_probe_point_with(o, a->names.v[i], true, n);
	}
	sb_adds(o, a->epilogue_style ? " += " : " = ");
	for (int i = 0; i < a->points.n; i++) {
		if (i)
			sb_adds(o, ", ");
		ast_print_probe_point_with(o, a->points.v[i], true, n);
	}
}

void ast_print_expr_with(struct strbuf *o, const struct ast_expr *e, const struct ast_namer *n)
{
	print_expr(o, n, e);
}

void ast_print_stmt_with(struct strbuf *o, const struct ast_stmt *s, const struct ast_namer *n)
{
	print_stmt(o, n, s);
}

void ast_print_probe_point(struct strbuf *o, const struct ast_probe_point *pp, bool extras)
{
	ast_print_probe_point_with(o, pp, extras, NULL);
}

void ast_print_alias_sig(struct strbuf *o, const struct ast_alias *a)
{
	ast_print_alias_sig_with(o, a, NULL);
}

void ast_print_expr(struct strbuf *o, const struct ast_expr *e)
{
	print_expr(o, NULL, e);
}

void ast_print_stmt(struct strbuf *o, const struct ast_stmt *s)
{
	print_stmt(o, NULL, s);
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
		print_expr(o, NULL, v->init);
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
		print_stmt(o, NULL, f->body);
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
	print_stmt(o, NULL, p->body);
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
		print_stmt(o, NULL, (*a)->epilogue_style ? (*a)->epilogue : (*a)->prologue);
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
