/* SPDX-License-Identifier: MIT */
/* The SystemTap-language lexer (stap 4.8 parse.cxx lexer::scan): turns one source file
 * into tokens with file/line/column, pasting $N/@N/$#/@# command-line arguments into the
 * character stream as stap does. It reports lexical errors as TOK_JUNK tokens for the
 * parser to diagnose; it knows nothing of macros or conditionals (see pp.h). */
#ifndef UTAP_LANG_LEX_H
#define UTAP_LANG_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "util/srcfile.h"

struct arena;
struct diag;
struct strbuf;

/* What the lexer needs from the session. */
struct lex_args {
	const char *const *argv; /* script arguments $1..$argc */
	int argc;
	bool *used; /* argc flags, set when $N/@N is pasted (may be NULL) */
};

struct lexer;

/* A lexer over f. Tokens and their text live in arena a (they outlive the lexer).
 * compatible: the --compatible version ("4.8" when NULL); check_compatible false makes
 * every versioned feature available (stap's pf_no_compatible, used for tapsets).
 * d receives the "possible erroneous closing '}%'" warning. Never NULL. */
struct lexer *lex_new(struct arena *a, const struct srcfile *f, const struct lex_args *args,
		      const char *compatible, bool check_compatible, struct diag *d);
void lex_free(struct lexer *lx);

/* The next token, or NULL at end of input. */
struct token *lex_scan(struct lexer *lx);

/* Tokens scanned from now on carry chain = tok ("in synthesized code from"). */
void lex_set_chain(struct lexer *lx, const struct token *tok);

/* Whether whitespace / a comment preceded the most recently scanned token. */
bool lex_ate_whitespace(const struct lexer *lx);
bool lex_ate_comment(const struct lexer *lx);
/* Whether any token was scanned at all (empty vs "empty after preprocessing"). */
bool lex_saw_tokens(const struct lexer *lx);
/* True when the --compatible version is at least v (stap's has_version). */
bool lex_has_version(const struct lexer *lx, const char *v);
/* The --compatible version string in effect. */
const char *lex_compatible(const struct lexer *lx);

/* True when "@name" (name without '@') is a built-in @operator for this version. */
bool lex_is_atword(const struct lexer *lx, const char *name);

/* The parse-error message for a TOK_JUNK token; argc for "out of range [1-N]". The
 * result lives in arena a. */
const char *lex_junk_message(struct arena *a, const struct token *t, int argc);

/* Decodes stap string content (TOK_STRING text) the way the C compiler would read it
 * inside "...": \a \b \t \n \v \f \r \\ \ooo (1-3 digits) \xhh... (greedy, low byte kept);
 * the result is cut at the first NUL it produces. Returns the arena copy, length in *len. */
char *lex_decode_string(struct arena *a, const char *content, size_t *len);

/* stap's lex_cast_qstring: "..." with \" \\ and non-printables as \ooo. Arena copy. */
char *lex_quote(struct arena *a, const char *s);
/* The same quoting, appended to sb. */
void lex_quote_append(struct strbuf *sb, const char *s);

#endif
