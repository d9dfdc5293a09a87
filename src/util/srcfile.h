/* SPDX-License-Identifier: MIT */
/* Source files and tokens: the text of a script or tapset with its name, and the token
 * with its position that every later stage keeps for stap-style diagnostics. Loading a
 * file cuts it at the first NUL byte, as stap's reader does. */
#ifndef UTAP_UTIL_SRCFILE_H
#define UTAP_UTIL_SRCFILE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct srcfile {
	const char *name; /* as given on the command line, "<input>" for -e */
	const char *text; /* whole contents, NUL-terminated */
	size_t len;
	bool is_tapset; /* from the tapset search path (guru mode, other private scope) */
	bool synthetic; /* made up by utap (diagnostics say "in synthesized code from") */
};

enum tok_kind {
	TOK_EOF,
	TOK_IDENT,    /* also $target and $$vars; keywords are TOK_KEYWORD */
	TOK_NUMBER,   /* text is the digits as written ("0x1F", "010", even "08") */
	TOK_STRING,   /* text is stap's token content: the escapes \a \b \t \n \v \f \r
		       * \\ \ooo \xhh are kept with their backslash, any other \c is
		       * reduced to c; adjacent literals are NOT yet joined (the parser does it,
		       * and EXPR_STR carries the decoded value) */
	TOK_OPERATOR, /* includes @operators (@count, @define, macro calls) */
	TOK_KEYWORD,
	TOK_EMBEDDED, /* %{ ... %}: text is the code between the markers */
	TOK_JUNK,     /* a lexer error carried to the parser, see enum tok_junk */
};

/* Why a TOK_JUNK token is junk (stap's token_junk_type); the message is lex_junk_message. */
enum tok_junk {
	JUNK_UNKNOWN,	  /* a byte that starts no token; text is "\xNN" */
	JUNK_NESTED_ARG,  /* $1 inside the text pasted for another $N */
	JUNK_INVALID_ARG, /* $N / @N beyond the argument count */
	JUNK_UNCLOSED_QUOTE,
	JUNK_UNCLOSED_EMBEDDED,
};

struct token {
	enum tok_kind kind;
	const char *text; /* NUL-terminated */
	const struct srcfile *file;
	int line, col; /* 1-based */
	/* For tokens produced by macro expansion: the @macro invocation token they came
	 * from (diagnostics print "in expansion of macro: ..."). NULL otherwise. */
	const struct token *chain;
	enum tok_junk junk; /* TOK_JUNK only */
};

/* A source file made from text (copied into arena a, cut at its first NUL). Never NULL. */
struct srcfile *srcfile_from_text(struct arena *a, const char *name, const char *text, size_t len);
/* Scripts and tapsets larger than this are refused (stap has no limit; an endless
 * stream such as `yes |` would exhaust memory). */
#define SRCFILE_MAX_BYTES (64u << 20)

/* Reads path into a new srcfile named name (path itself when name is NULL); "-" reads
 * stdin. Returns NULL and sets *err to -errno on failure (-EFBIG: more than
 * SRCFILE_MAX_BYTES before the first NUL). */
struct srcfile *srcfile_load(struct arena *a, const char *path, const char *name, int *err);
#endif
