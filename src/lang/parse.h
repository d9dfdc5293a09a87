/* SPDX-License-Identifier: MIT */
/* The front-end entry points: a parser context per session (arguments, --compatible,
 * the facts %( %) tests, library macros, the AST pool), loading scripts, and parsing one
 * file into an ast_file with stap 4.8's grammar, recovery and diagnostics. Tapsets are
 * parsed through the same call with PARSE_GURU | PARSE_SQUASH_ERRORS. */
#ifndef UTAP_LANG_PARSE_H
#define UTAP_LANG_PARSE_H

#include <stdbool.h>

#include "lang/ast.h"

struct diag;
struct pp_env;

struct lang_config {
	const char *const *args; /* $1 ... $nargs */
	int nargs;
	const char *compatible;	    /* --compatible; NULL means "4.8" */
	const char *kernel_release; /* kernel_vr; NULL means uname -r of this machine */
	const char *arch;	    /* NULL means uname -m, normalized as stap does */
	const char *runtime;	    /* NULL means "dyninst": utap is a user-space runtime */
	const char *privilege;	    /* NULL means "stapdev" (stap's default) */
	bool guru;		    /* -g: guru_mode == 1 and user files may embed C */
};

struct parser_ctx;

/* A session context; cfg is copied. Diagnostics go to d (borrowed). Never NULL. */
struct parser_ctx *parser_ctx_new(const struct lang_config *cfg, struct diag *d);
/* Frees the context, its library macros and its AST pool (all parsed files). */
void parser_ctx_free(struct parser_ctx *ctx);
struct ast_pool *parser_ctx_pool(struct parser_ctx *ctx);
struct diag *parser_ctx_diag(struct parser_ctx *ctx);
/* The values %( %) conditions see (kernel_v, arch, runtime ...), for -v output and sema. */
const struct pp_env *parser_ctx_env(const struct parser_ctx *ctx);
/* True after an error stap does not survive ("bad lexical cast" in a %( %) number):
 * the message is printed; the caller should exit 1 without the "Pass 1" line. */
bool parser_ctx_fatal(const struct parser_ctx *ctx);

/* What the lexer needs from the session (arguments, their use flags), for token dumps. */
struct lex_args;
const struct lex_args *parser_ctx_lex_args(const struct parser_ctx *ctx);
const char *parser_ctx_compatible(const struct parser_ctx *ctx);

/* Command-line arguments consumed through $N/@N since the last reset (stap resets before
 * the user script, after the tapsets). */
bool parser_ctx_arg_used(const struct parser_ctx *ctx, int index0);
void parser_ctx_reset_used_args(struct parser_ctx *ctx);

enum parse_flags {
	PARSE_GURU = 1,		 /* embedded C and @const/@kregister allowed */
	PARSE_NO_COMPATIBLE = 2, /* ignore --compatible (tapsets) */
	PARSE_SQUASH_ERRORS = 4, /* errors are shown but not counted (tapsets) */
	PARSE_USER_FILE = 8,	 /* a user script: "is empty" messages, priority 0 */
};

/* Loads a script: path "-" is stdin. name is the name diagnostics use (NULL: path).
 * On failure prints stap's "Input file '<f>' is missing." / "... can't be opened for
 * reading." through the context's diag and returns NULL. */
struct srcfile *parser_ctx_load(struct parser_ctx *ctx, const char *path, const char *name);
/* A script given as text ("<input>" for -e, "<input1>"... for -E). Never NULL. */
struct srcfile *parser_ctx_text(struct parser_ctx *ctx, const char *name, const char *text);

/* Parses one file. Returns the AST (owned by the context's pool), or NULL when the file
 * had parse errors (already printed, with "N parse error(s).") or, for PARSE_USER_FILE,
 * was empty ("Input file '<f>' is empty[ after preprocessing]." printed). */
struct ast_file *parse_file(struct parser_ctx *ctx, const struct srcfile *src, unsigned flags);

/* Parses a .stpm library macro file and makes its macros global. Returns 0, or -1 after
 * printing the error (unexpected tokens, duplicate library macro). */
int parse_library_macros(struct parser_ctx *ctx, const struct srcfile *src);

/* Parses a printf format the way stap's string_to_components does, appending pieces to
 * out->fmt (arena a holds literal texts). Returns 0; -1 with *msg "invalid or missing
 * conversion specifier"; or -2 with *msg "trailing incomplete print format conversion". */
struct ast_expr;
int parse_printf_format(struct arena *a, const char *fmt, struct ast_expr *out, const char **msg);

#endif
