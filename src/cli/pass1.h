/* SPDX-License-Identifier: MIT */
/* Pass 1 for the utap command: the session's diagnostics and parser context, parsing the
 * user script (file, -e text or stdin) and the -E extras, and what stap does when it
 * stops after pass 1 (-p1 parse tree dump) plus --dump-tokens / --dump-ast. */
#ifndef UTAP_CLI_PASS1_H
#define UTAP_CLI_PASS1_H

#include "cli/opts.h"
#include "lang/parse.h"
#include "util/diag.h"

struct pass1 {
	struct diag *diag;
	struct parser_ctx *ctx;
	VEC(struct ast_file *) user_files; /* script first, then each -E script */
	bool lib_failed; /* pass 1a counted errors (a broken tapset under -W): pass 1 fails */
};

/* Sets up diagnostics (-v, -w, -W, listing modes) and the parser context (arguments,
 * --compatible, -g). Tapsets and library macros may be loaded into p1->ctx after this and
 * before pass1_parse_user. */
void pass1_init(struct pass1 *p1, const struct utap_opts *o);

/* Parses the user scripts. Returns -1 to go on, or the exit status after a parse failure
 * ("Pass 1: parse failed.  [man error::pass1]" printed), after -p1 (tree printed, 0),
 * --dump-tokens or --dump-ast. */
int pass1_run(struct pass1 *p1, const struct utap_opts *o);

/* Ends the session's diagnostics (stap's report_suppression) and frees everything;
 * returns rc for `return pass1_finish(&p1, rc);`. */
int pass1_finish(struct pass1 *p1, int rc);

#endif
