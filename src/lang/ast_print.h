/* SPDX-License-Identifier: MIT */
/* Printing the AST in stap 4.8's own format (what `stap -p1` shows, staptree.cxx print
 * methods), for -p1 and for diagnostics and listings that quote script text (-l, -p2). */
#ifndef UTAP_LANG_AST_PRINT_H
#define UTAP_LANG_AST_PRINT_H

#include <stdbool.h>

#include "lang/ast.h"
#include "util/strbuf.h"

/* "# file NAME" then embeds, globals, aliases, probes, functions, each as stap prints. */
void ast_print_file(struct strbuf *o, const struct ast_file *f);
void ast_print_probe(struct strbuf *o, const struct ast_probe *p);
void ast_print_function(struct strbuf *o, const struct ast_function *f);
/* process("x").mark("y")? if (cond); extras=false omits ?/!/if */
void ast_print_probe_point(struct strbuf *o, const struct ast_probe_point *pp, bool extras);
/* "a.b = c.d, e" / "x += y" (stap's probe_alias::printsig) */
void ast_print_alias_sig(struct strbuf *o, const struct ast_alias *a);
void ast_print_expr(struct strbuf *o, const struct ast_expr *e);
void ast_print_stmt(struct strbuf *o, const struct ast_stmt *s);
/* name%[N] = init (stap's vardecl::print) */
void ast_print_var(struct strbuf *o, const struct ast_var *v);

#endif
