/* SPDX-License-Identifier: MIT */
/* Tokens of a DTrace provider file, for the provider parser only. Comments and `#` lines
 * vanish; `# N "file"` line markers re-map the reported positions. */
#ifndef UTAP_DTRACE_PROVIDER_LEX_H
#define UTAP_DTRACE_PROVIDER_LEX_H

#include <stddef.h>

struct arena;

enum plex_kind {
	PTOK_EOF,
	PTOK_IDENT,    /* [A-Za-z_][A-Za-z0-9_]* */
	PTOK_NUMBER,   /* [0-9][A-Za-z0-9_.]* */
	PTOK_STRING,   /* "..." or '...' (only ever skipped) */
	PTOK_ELLIPSIS, /* ... */
	PTOK_PUNCT,    /* any other single byte */
};

struct ptoken {
	enum plex_kind kind;
	size_t off, len;  /* bytes in the text */
	size_t line_off;  /* where the token's physical line starts */
	const char *file; /* reported file (arena) */
	int line, col;	  /* reported line, 1-based byte column */
};

struct plexer {
	const char *text;
	size_t len, pos;
	size_t line_off; /* start of the current physical line */
	int line;	 /* reported line of the current physical line */
	const char *file;
	struct arena *arena;
	/* Lexical error (unterminated comment or string): set once, with its token. */
	const char *err;
	struct ptoken err_at;
};

void plex_init(struct plexer *lx, const char *text, size_t len, const char *file,
	       struct arena *arena);
/* Reads the next token into *t; never fails (errors are noted in lx->err and lexing
 * continues after the bad construct). */
void plex_next(struct plexer *lx, struct ptoken *t);
/* True when token t is the punctuation character c / the identifier word. */
int ptok_is(const struct plexer *lx, const struct ptoken *t, char c);
int ptok_word(const struct plexer *lx, const struct ptoken *t, const char *word);

#endif
