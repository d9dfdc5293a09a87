/* SPDX-License-Identifier: MIT */
/* Compile-time diagnostics in stap 4.8's layout, byte for byte (session.cxx print_error,
 * print_error_source, print_warning, report_suppression): parse errors with their
 * "at:"/"saw:" line, semantic errors with tokens, source lines and carets, chained errors,
 * warnings, de-duplication by throw site, -w/-W. Every message goes out in one write(2),
 * because stderr is shared with the tracee. No colours (stap colours only on a terminal). */
#ifndef UTAP_UTIL_DIAG_H
#define UTAP_UTIL_DIAG_H

#include <stdbool.h>

#include "util/srcfile.h"
#include "util/strbuf.h"

#define DIAG_STR_(x) #x
#define DIAG_STR(x) DIAG_STR_(x)
/* The de-duplication key of an error, as stap's ERR_SRC: two errors raised at the same
 * place in utap's source are "similar" and only the first is printed (unless -v). */
#define DIAG_SITE (__FILE__ ":" DIAG_STR(__LINE__))

struct diag;

/* A new collector writing to fd 2. Never NULL. */
struct diag *diag_new(void);
void diag_free(struct diag *d);

void diag_set_verbose(struct diag *d, int verbose);
/* -w: drop warnings; -W: count every distinct warning as an error (stap's panic_warnings). */
void diag_set_warnings(struct diag *d, bool suppress, bool as_errors);
/* Listing modes (-l, -L, --dump-*): semantic errors are counted but not printed unless
 * verbose > 1, and -w warnings stay suppressed only at verbose <= 1 (as stap). */
void diag_set_dump_mode(struct diag *d, bool dump_mode);
void diag_set_fd(struct diag *d, int fd);
/* Append all further output to sb (owned by the caller) instead of writing it. */
void diag_capture(struct diag *d, struct strbuf *sb);

/* Renders a token as stap prints it: "identifier 'x' at f.stp:1:5", "keyword at ...",
 * "string 'a\n' at ..." (non-printable bytes become '?'), "embedded-code at ...". */
void diag_token_str(struct strbuf *sb, const struct token *tok);

/* ---- parse errors -------------------------------------------------------------------- */

struct diag_parse_error {
	const char *site; /* DIAG_SITE of the raise point */
	const char *msg;
	/* The token the error names ("    at: ..."), or NULL when the error is about what
	 * the parser saw next ("   saw: ..."); then `saw` is shown, or "<input> EOF". */
	const struct token *tok;
	const struct token *saw;
	const struct diag_parse_error *chain; /* printed after it, e.g. "first defined here" */
};

/* Prints a parse error (unless a similar one was seen, then it is counted as suppressed).
 * A TOK_JUNK token replaces the message with its lexer message (lex_junk_message text
 * passed as junk_msg). as_warning: a tapset error that is shown but does not count. */
void diag_parse(struct diag *d, const struct diag_parse_error *e, const char *input_name,
		const char *junk_msg, bool as_warning);

/* ---- semantic errors ----------------------------------------------------------------- */

/* An error under construction; diag_semantic() prints and frees it. */
struct diag_error;

struct diag_error *diag_error_new(const char *site, const struct token *tok1, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_error_set_tok2(struct diag_error *e, const struct token *tok2);
/* An extra line printed under the headline, aligned with "source:". */
void diag_error_add_detail(struct diag_error *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Makes `cause` (ownership taken) the chained error printed after e, replacing any. */
void diag_error_set_chain(struct diag_error *e, struct diag_error *cause);
const struct diag_error *diag_error_chain(const struct diag_error *e);
const char *diag_error_msg(const struct diag_error *e);
const struct token *diag_error_tok(const struct diag_error *e);
/* Deep copy (for errors kept and re-raised, like stap's saved_conversion_error). */
struct diag_error *diag_error_dup(const struct diag_error *e);
void diag_error_free(struct diag_error *e);

/* Prints "semantic error: ..." and its chain with stap's de-duplication; frees e. */
void diag_semantic(struct diag *d, struct diag_error *e);
/* Shorthand: one error with one token (may be NULL). */
void diag_sem(struct diag *d, const char *site, const struct token *tok, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- warnings and plain lines -------------------------------------------------------- */

/* "WARNING: <msg>[: <token>]" plus source and caret; identical texts print once. */
void diag_warn(struct diag *d, const struct token *tok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Writes text as is (one write); use for "N parse errors.", "Pass 1: parse failed. ...". */
void diag_printf(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* stap's num_errors(): distinct errors (tapset errors shown as warnings excluded), plus
 * distinct warnings under -W. */
unsigned diag_num_errors(const struct diag *d);
/* "Number of similar error messages suppressed: N." etc.; stap prints it at exit. */
void diag_report_suppression(struct diag *d);

#endif
