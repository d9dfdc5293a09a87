/* SPDX-License-Identifier: MIT */
/* Printing the AST in stap 4.8's own format (what `stap -p1` shows, staptree.cxx print
 * methods), for -p1 and for diagnostics and listings that quote script text (-l, -p2).
 * The one printer of expressions and statements: sema prints elaborated code through the
 * _with variants, which let it name resolved symbols and calls as stap does after pass 2. */
#ifndef UTAP_LANG_AST_PRINT_H
#define UTAP_LANG_AST_PRINT_H

#include <stdbool.h>

#include "lang/ast.h"
#include "util/strbuf.h"

/* How names print. NULL (or a NULL hook) prints every name as written; sema's hooks print
 * resolved globals and functions by their mangled names (__global_x). ctx is the hooks'. */
struct ast_namer {
	void (*sym)(struct strbuf *o, const struct ast_expr *e, const void *ctx);  /* EXPR_SYM */
	void (*call)(struct strbuf *o, const struct ast_expr *e, const void *ctx); /* EXPR_CALL */
	const void *ctx;
};

/* "# file NAME" then embeds, globals, aliases, probes, functions, each as stap prints. */
void ast_print_file(struct strbuf *o, const struct ast_file *f);
void ast_print_probe(struct strbuf *o, const struct ast_probe *p);
void ast_print_function(struct strbuf *o, const struct ast_function *f);
/* process("x").mark("y")? if (cond); extras=false omits ?/!/if. A number argument with
 * ->postfix set (sema's statement(ADDR)) prints in hex, as stap's print_hex. */
void ast_print_probe_point(struct strbuf *o, const struct ast_probe_point *pp, bool extras);
/* "a.b = c.d, e" / "x += y" (stap's probe_alias::printsig) */
void ast_print_alias_sig(struct strbuf *o, const struct ast_alias *a);
/* A NULL expression prints nothing; a NULL statement prints ";". */
void ast_print_expr(struct strbuf *o, const struct ast_expr *e);
void ast_print_stmt(struct strbuf *o, const struct ast_stmt *s);
/* name%[N] = init (stap's vardecl::print) */
void ast_print_var(struct strbuf *o, const struct ast_var *v);

/* The same, naming symbols and calls through n (which may be NULL). */
void ast_print_probe_point_with(struct strbuf *o, const struct ast_probe_point *pp, bool extras,
				const struct ast_namer *n);
void ast_print_alias_sig_with(struct strbuf *o, const struct ast_alias *a,
			      const struct ast_namer *n);
void ast_print_expr_with(struct strbuf *o, const struct ast_expr *e, const struct ast_namer *n);
void ast_print_stmt_with(struct strbuf *o, const struct ast_stmt *s, const struct ast_namer *n);

#endif
