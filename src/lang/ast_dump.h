/* SPDX-License-Identifier: MIT */
/* Deterministic text dumps for tests and debugging: --dump-tokens (the lexer's tokens with
 * positions, before macros and conditionals) and --dump-ast (the tree with node kinds,
 * operators, positions and every field the parser sets). Formats are utap's own. */
#ifndef UTAP_LANG_AST_DUMP_H
#define UTAP_LANG_AST_DUMP_H

#include "lang/ast.h"
#include "util/strbuf.h"

struct parser_ctx;

/* One line per token: "LINE:COL KIND 'text'" ("junk" tokens name their lexer error). */
void ast_dump_tokens(struct strbuf *o, struct parser_ctx *ctx, const struct srcfile *src);

/* An indented tree, one node per line. */
void ast_dump_file(struct strbuf *o, const struct ast_file *f);
void ast_dump_expr(struct strbuf *o, const struct ast_expr *e, int depth);

#endif
