// SPDX-License-Identifier: MIT
/* Printing of elaborated code in stap 4.8's forms (staptree.cxx print methods): probe
 * points ("process(\"/p\").mark(\"x\")?"), literals, expressions, statements, variable
 * and function signatures, and the whole program for -p2 (main.cxx printscript). Names
 * of globals and functions are printed mangled, as stap prints them after resolution. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sema/elab.h"
#include "util/alloc.h"

const char *type_name(enum ast_type t)
{
	switch (t) {
	case TYPE_LONG:
		return "long";
	case TYPE_STRING:
		return "string";
	case TYPE_STATS:
		return "stats";
	default:
		return "unknown";
	}
}

/* literal_string::print: quotes, with only '"' escaped; the text is stap's raw content. */
static void print_raw_string(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	for (; s && *s; s++) {
		if (*s == '"')
			sb_addc(sb, '\\');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}

/* lex_cast_qstring: quotes, escaping '"' and '\\', and non-printables as \ooo. */
static void print_qstring(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (!isprint(*p))
			sb_printf(sb, "\\%o%o%o", (*p >> 6) & 7, (*p >> 3) & 7, *p & 7);
		else if (*p == '"' || *p == '\\')
			sb_printf(sb, "\\%c", *p);
		else
			sb_addc(sb, (char)*p);
	}
	sb_addc(sb, '"');
}

void print_literal(struct strbuf *sb, const struct ast_expr *e)
{
	if (!e)
		return;
	if (e->kind == EXPR_NUM)
		sb_printf(sb, "%" PRId64, e->num);
	else if (e->kind == EXPR_STR)
		print_raw_string(sb, e->raw ? e->raw : e->str);
	else
		print_expr(sb, e);
}

void print_point(struct strbuf *sb, const struct ast_probe_point *pp, bool extras)
{
	for (int i = 0; i < pp->components.n; i++) {
		const struct ast_component *c = pp->components.v[i];
		if (i)
			sb_addc(sb, '.');
		sb_adds(sb, c->functor);
		if (c->arg) {
			sb_addc(sb, '(');
			/* sema marks the statement(ADDR) it makes with postfix: stap's
			 * literal_number print_hex */
			if (c->arg->kind == EXPR_NUM && c->arg->postfix)
				sb_printf(sb, c->arg->num ? "%#" PRIx64 : "0",
					  (uint64_t)c->arg->num);
			else
				print_literal(sb, c->arg);
			sb_addc(sb, ')');
		}
	}
	if (!extras)
		return;
	if (pp->sufficient)
		sb_addc(sb, '!');
	else if (pp->optional)
		sb_addc(sb, '?');
	if (pp->cond) {
		sb_adds(sb, " if (");
		print_expr(sb, pp->cond);
		sb_addc(sb, ')');
	}
}

static const char *op_text(int op)
{
	static char one[2];
	switch (op) {
	case OP_EQ:
		return "==";
	case OP_NE:
		return "!=";
	case OP_LE:
		return "<=";
	case OP_GE:
		return ">=";
	case OP_SHL:
		return "<<";
	case OP_SHR:
		return ">>";
	case OP_USHR:
		return ">>>";
	case OP_ANDAND:
		return "&&";
	case OP_OROR:
		return "||";
	case OP_MATCH:
		return "=~";
	case OP_NOMATCH:
		return "!~";
	case OP_INC:
		return "++";
	case OP_DEC:
		return "--";
	case OP_ASSIGN:
		return "=";
	case OP_ADD_ASSIGN:
		return "+=";
	case OP_SUB_ASSIGN:
		return "-=";
	case OP_MUL_ASSIGN:
		return "*=";
	case OP_DIV_ASSIGN:
		return "/=";
	case OP_MOD_ASSIGN:
		return "%=";
	case OP_SHL_ASSIGN:
		return "<<=";
	case OP_SHR_ASSIGN:
		return ">>=";
	case OP_AND_ASSIGN:
		return "&=";
	case OP_XOR_ASSIGN:
		return "^=";
	case OP_OR_ASSIGN:
		return "|=";
	case OP_CAT_ASSIGN:
		return ".=";
	case OP_STAT_ASSIGN:
		return "<<<";
	default:
		one[0] = (char)op;
		one[1] = '\0';
		return one;
	}
}

/* The name a resolved symbol prints with: __global_x, __private_<file>_x, or the local. */
static void print_var_name(struct strbuf *sb, const struct ast_expr *e)
{
	const struct ast_var *v = e->var;
	if (!v || v->scope != VAR_GLOBAL) {
		sb_adds(sb, v ? v->name : e->str);
		return;
	}
	if (v->is_private && v->file) {
		sb_adds(sb, "__private_");
		for (const char *p = v->file->name; *p; p++)
			sb_addc(sb, isalnum((unsigned char)*p) ? *p : '_');
		sb_addc(sb, '_');
	} else {
		sb_adds(sb, "__global_");
	}
	sb_adds(sb, v->name);
}

static const char *stat_name(enum stat_op op)
{
	static const char *const names[] = {"count", "sum", "min", "max", "avg", "variance"};
	return (unsigned)op < 6 ? names[op] : "?";
}

static void print_args(struct strbuf *sb, const struct ast_expr *e, bool star_ok)
{
	for (int i = 0; i < e->args.n; i++) {
		if (i)
			sb_adds(sb, ", ");
		if (e->args.v[i])
			print_expr(sb, e->args.v[i]);
		else if (star_ok)
			sb_addc(sb, '*');
	}
}

static void print_hist(struct strbuf *sb, const struct ast_expr *e)
{
	sb_adds(sb, e->hist == HIST_LOG ? "@hist_log(" : "@hist_linear(");
	print_expr(sb, e->left);
	if (e->hist == HIST_LINEAR)
		for (int i = 0; i < 3; i++)
			sb_printf(sb, ", %" PRId64, e->hist_params[i]);
	sb_addc(sb, ')');
}

static void print_tcomps(struct strbuf *sb, const struct ast_expr *e)
{
	for (int i = 0; i < e->comps.n; i++) {
		const struct ast_tcomp *c = &e->comps.v[i];
		switch (c->kind) {
		case TCOMP_MEMBER:
		case TCOMP_PRETTY:
			sb_printf(sb, "->%s", c->member);
			break;
		case TCOMP_INDEX_NUM:
			sb_printf(sb, "[%" PRId64 "]", c->num);
			break;
		case TCOMP_INDEX_EXPR:
			sb_addc(sb, '[');
			print_expr(sb, c->index);
			sb_addc(sb, ']');
			break;
		}
	}
}

static void print_call_name(struct strbuf *sb, const struct ast_expr *e);

static void print_printf(struct strbuf *sb, const struct ast_expr *e)
{
	sb_printf(sb, "%s(", e->str);
	bool lead = false;
	if (e->print_flags & (PRINT_FORMAT | PRINT_DELIM)) {
		print_qstring(sb, e->fmt_raw ? e->fmt_raw : "");
		lead = true;
	}
	if (e->left) {
		print_hist(sb, e->left);
		lead = false;
	}
	for (int i = 0; i < e->args.n; i++) {
		if (i || lead)
			sb_adds(sb, ", ");
		print_expr(sb, e->args.v[i]);
	}
	sb_addc(sb, ')');
}

void print_expr(struct strbuf *sb, const struct ast_expr *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case EXPR_NUM:
	case EXPR_STR:
		print_literal(sb, e);
		break;
	case EXPR_SYM:
		print_var_name(sb, e);
		break;
	case EXPR_INDEX:
		if (e->left && e->left->kind == EXPR_HIST)
			print_hist(sb, e->left);
		else
			print_expr(sb, e->left);
		sb_addc(sb, '[');
		print_args(sb, e, true);
		sb_addc(sb, ']');
		break;
	case EXPR_UNARY:
		sb_printf(sb, "%s(", op_text(e->op));
		print_expr(sb, e->left);
		sb_addc(sb, ')');
		break;
	case EXPR_INCDEC:
		if (e->postfix) {
			sb_addc(sb, '(');
			print_expr(sb, e->left);
			sb_printf(sb, ")%s", op_text(e->op));
		} else {
			sb_printf(sb, "%s(", op_text(e->op));
			print_expr(sb, e->left);
			sb_addc(sb, ')');
		}
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_ASSIGN:
		sb_addc(sb, '(');
		print_expr(sb, e->left);
		sb_printf(sb, ") %s (", e->kind == EXPR_CONCAT ? "." : op_text(e->op));
		print_expr(sb, e->right);
		sb_addc(sb, ')');
		break;
	case EXPR_REGEX:
		sb_addc(sb, '(');
		print_expr(sb, e->left);
		sb_printf(sb, ") %s ", op_text(e->op));
		print_expr(sb, e->right);
		break;
	case EXPR_TERNARY:
		sb_addc(sb, '(');
		print_expr(sb, e->left);
		sb_adds(sb, ")?(");
		print_expr(sb, e->right);
		sb_adds(sb, "):(");
		print_expr(sb, e->third);
		sb_addc(sb, ')');
		break;
	case EXPR_IN:
		sb_addc(sb, '[');
		print_args(sb, e, true);
		sb_adds(sb, "] in ");
		if (e->left && e->left->kind == EXPR_HIST)
			print_hist(sb, e->left);
		else
			print_expr(sb, e->left);
		break;
	case EXPR_CALL:
		print_call_name(sb, e);
		sb_addc(sb, '(');
		print_args(sb, e, false);
		sb_addc(sb, ')');
		break;
	case EXPR_PRINT:
		print_printf(sb, e);
		break;
	case EXPR_STATOP:
		sb_printf(sb, "@%s(", stat_name(e->stat));
		print_expr(sb, e->left);
		if (e->stat == STAT_VARIANCE && e->stat_nparams == 1)
			sb_printf(sb, ", %" PRId64, e->hist_params[0]);
		sb_addc(sb, ')');
		break;
	case EXPR_HIST:
		print_hist(sb, e);
		break;
	case EXPR_TARGET:
		if (e->addressof)
			sb_addc(sb, '&');
		sb_adds(sb, e->str);
		print_tcomps(sb, e);
		break;
	case EXPR_DEFINED:
		sb_adds(sb, "@defined(");
		print_expr(sb, e->left);
		sb_addc(sb, ')');
		break;
	case EXPR_ENTRY:
		sb_adds(sb, "@entry(");
		print_expr(sb, e->left);
		sb_addc(sb, ')');
		break;
	case EXPR_ATOP:
		if (e->addressof)
			sb_addc(sb, '&');
		if (e->atop == ATOP_AUTOCAST) {
			sb_addc(sb, '(');
			print_expr(sb, e->left);
			sb_addc(sb, ')');
		} else {
			sb_printf(sb, "%s(", e->str);
			if (e->left)
				print_expr(sb, e->left);
			if (e->type_name) {
				if (e->left)
					sb_adds(sb, ", ");
				print_qstring(sb, e->type_name);
			}
			if (e->module) {
				sb_adds(sb, ", ");
				print_qstring(sb, e->module);
			}
			sb_addc(sb, ')');
		}
		print_tcomps(sb, e);
		break;
	case EXPR_EMBEDDED:
		sb_printf(sb, "%%{ %s %%}", e->code ? e->code : "");
		break;
	}
}

/* Function names print mangled when resolved: __global_f__overload_0. The overload
 * number is kept in the fn's mangled name, which the program records. */
static const struct program *cur_prog;

static void print_call_name(struct strbuf *sb, const struct ast_expr *e)
{
	const char *m = NULL;
	if (e->fn && cur_prog)
		for (int i = 0; i < cur_prog->functions.n; i++)
			if (cur_prog->functions.v[i] == e->fn && i < cur_prog->function_names.n)
				m = cur_prog->function_names.v[i];
	sb_adds(sb, m ? m : e->str);
}

static void print_block_body(struct strbuf *sb, const struct ast_stmt *st)
{
	sb_adds(sb, "{\n");
	for (int i = 0; i < st->body.n; i++) {
		print_stmt(sb, st->body.v[i]);
		sb_adds(sb, ";\n");
	}
	sb_addc(sb, '}');
}

static const char *agg_name(const struct ast_stmt *st)
{
	if (!st->sort_agg_given)
		return "";
	switch (st->sort_agg) {
	case STAT_COUNT:
		return " @count";
	case STAT_AVG:
		return " @avg";
	case STAT_MIN:
		return " @min";
	case STAT_MAX:
		return " @max";
	case STAT_SUM:
		return " @sum";
	default:
		return "";
	}
}

static void print_foreach(struct strbuf *sb, const struct ast_stmt *st)
{
	sb_adds(sb, "foreach (");
	if (st->value_var) {
		print_expr(sb, st->value_var);
		sb_adds(sb, " = ");
	}
	sb_addc(sb, '[');
	for (int i = 0; i < st->keys.n; i++) {
		if (i)
			sb_adds(sb, ", ");
		print_expr(sb, st->keys.v[i]);
		if (st->sort_dir && st->sort_column == i + 1)
			sb_addc(sb, st->sort_dir > 0 ? '+' : '-');
	}
	sb_adds(sb, "] in ");
	if (st->base && st->base->kind == EXPR_HIST)
		print_hist(sb, st->base);
	else
		print_expr(sb, st->base);
	if (st->slice.n) {
		sb_addc(sb, '[');
		for (int i = 0; i < st->slice.n; i++) {
			if (i)
				sb_adds(sb, ", ");
			if (st->slice.v[i])
				print_expr(sb, st->slice.v[i]);
			else
				sb_addc(sb, '*');
		}
		sb_addc(sb, ']');
	}
	if (st->sort_dir && st->sort_column <= 0) {
		sb_adds(sb, agg_name(st));
		sb_addc(sb, st->sort_dir > 0 ? '+' : '-');
	}
	if (st->limit) {
		sb_adds(sb, " limit ");
		print_expr(sb, st->limit);
	}
	sb_adds(sb, ") ");
	print_stmt(sb, st->loop_body);
}

void print_stmt(struct strbuf *sb, const struct ast_stmt *st)
{
	if (!st) {
		sb_addc(sb, ';');
		return;
	}
	switch (st->kind) {
	case STMT_NULL:
		sb_addc(sb, ';');
		break;
	case STMT_BLOCK:
		print_block_body(sb, st);
		break;
	case STMT_EXPR:
		if (st->expr)
			print_expr(sb, st->expr);
		else
			sb_addc(sb, ';');
		break;
	case STMT_IF:
		sb_adds(sb, "if (");
		print_expr(sb, st->expr);
		sb_adds(sb, ") ");
		print_stmt(sb, st->then);
		sb_addc(sb, '\n');
		if (st->els) {
			sb_adds(sb, "else ");
			print_stmt(sb, st->els);
			sb_addc(sb, '\n');
		}
		break;
	case STMT_FOR:
		sb_adds(sb, "for (");
		print_expr(sb, st->init);
		sb_adds(sb, "; ");
		print_expr(sb, st->expr);
		sb_adds(sb, "; ");
		print_expr(sb, st->incr);
		sb_adds(sb, ") ");
		print_stmt(sb, st->loop_body);
		break;
	case STMT_FOREACH:
		print_foreach(sb, st);
		break;
	case STMT_RETURN:
		sb_adds(sb, "return");
		if (st->expr) {
			sb_addc(sb, ' ');
			print_expr(sb, st->expr);
		}
		break;
	case STMT_DELETE:
		sb_adds(sb, "delete ");
		print_expr(sb, st->expr);
		break;
	case STMT_BREAK:
		sb_adds(sb, "break");
		break;
	case STMT_CONTINUE:
		sb_adds(sb, "continue");
		break;
	case STMT_NEXT:
		sb_adds(sb, "next");
		break;
	case STMT_TRY:
		sb_adds(sb, "try {\n");
		if (st->then) {
			print_stmt(sb, st->then);
			sb_addc(sb, '\n');
		}
		sb_adds(sb, "} catch ");
		if (st->catch_var) {
			sb_addc(sb, '(');
			print_expr(sb, st->catch_var);
			sb_adds(sb, ") ");
		}
		sb_adds(sb, "{\n");
		if (st->els) {
			print_stmt(sb, st->els);
			sb_addc(sb, '\n');
		}
		sb_adds(sb, "}\n");
		break;
	case STMT_EMBEDDED:
		sb_printf(sb, "%%{%s%%}", st->code ? st->code : "");
		break;
	}
}

void print_var_sig(struct strbuf *sb, const struct ast_var *v)
{
	sb_adds(sb, v->name);
	if (v->wrap)
		sb_addc(sb, '%');
	if (v->maxsize > 0)
		sb_printf(sb, "[%" PRId64 "]", v->maxsize);
	sb_printf(sb, ":%s", type_name(v->type));
	if (v->arity > 0) {
		sb_adds(sb, " [");
		for (int i = 0; i < v->arity; i++)
			sb_printf(sb, "%s%s", i ? ", " : "", type_name(v->key_types[i]));
		sb_addc(sb, ']');
	}
}

static void print_fn_sig(struct strbuf *sb, const struct ast_function *f)
{
	sb_printf(sb, "%s:%s (", f->name, type_name(f->ret));
	for (int i = 0; i < f->params.n; i++)
		sb_printf(sb, "%s%s:%s", i ? ", " : "", f->params.v[i]->name,
			  type_name(f->params.v[i]->type));
	sb_addc(sb, ')');
}

static void print_locals(struct strbuf *sb, const struct ast_var *const *v, int n)
{
	if (n)
		sb_adds(sb, "  # locals\n");
	for (int i = 0; i < n; i++) {
		sb_adds(sb, "  ");
		print_var_sig(sb, v[i]);
		sb_addc(sb, '\n');
	}
}

void sema_print_program(FILE *f, const struct program *p, int verbose)
{
	struct strbuf sb = STRBUF_INIT;
	cur_prog = p;
	if (p->globals.n)
		sb_adds(&sb, "# globals\n");
	for (int i = 0; i < p->globals.n; i++) {
		const struct ast_var *g = p->globals.v[i];
		print_var_sig(&sb, g);
		if (verbose && g->init) {
			sb_adds(&sb, " = ");
			print_literal(&sb, g->init);
		}
		sb_addc(&sb, '\n');
	}
	if (p->functions.n)
		sb_adds(&sb, "# functions\n");
	for (int i = 0; i < p->functions.n; i++) {
		const struct ast_function *fn = p->functions.v[i];
		print_fn_sig(&sb, fn);
		sb_addc(&sb, '\n');
		print_locals(&sb, (const struct ast_var *const *)fn->locals.v, fn->locals.n);
		if (verbose) {
			sb_adds(&sb, "{ ");
			if (fn->body)
				print_stmt(&sb, fn->body);
			else
				sb_adds(&sb, "%{ /* native */ %}");
			sb_adds(&sb, " }\n");
		}
	}
	if (p->probes.n)
		sb_adds(&sb, "# probes\n");
	for (int i = 0; i < p->probes.n; i++) {
		const struct derived_probe *dp = p->probes.v[i];
		sb_printf(&sb, "%s\n", dp->sig);
		print_locals(&sb, (const struct ast_var *const *)dp->locals.v, dp->locals.n);
		if (verbose) {
			sb_adds(&sb, "{ ");
			print_stmt(&sb, dp->body);
			sb_adds(&sb, " }\n");
		}
	}
	fwrite(sb.s ? sb.s : "", 1, sb.len, f);
	sb_free(&sb);
	cur_prog = NULL;
}
