// SPDX-License-Identifier: MIT
/* Lexer for DTrace provider files: identifiers, numbers, strings, "..." and single-byte
 * punctuation. Skips whitespace, C and C++ comments and `#` directive lines (as stap's
 * dtrace does with `#pragma D ...`, `#include`, ...); reads cpp line markers so that
 * positions after `-C` point into the original file. Knows nothing about the grammar. */
#include "dtrace/provider_lex.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

void plex_init(struct plexer *lx, const char *text, size_t len, const char *file,
	       struct arena *arena)
{
	*lx = (struct plexer){
	    .text = text,
	    .len = len,
	    .line = 1,
	    .file = file,
	    .arena = arena,
	};
}

static int peek(const struct plexer *lx, size_t ahead)
{
	size_t at = lx->pos + ahead;
	return at < lx->len ? (unsigned char)lx->text[at] : -1;
}

/* Consumes one byte, keeping line bookkeeping right. */
static void advance(struct plexer *lx)
{
	if (lx->text[lx->pos++] == '\n') {
		lx->line++;
		lx->line_off = lx->pos;
	}
}

static void mark(const struct plexer *lx, struct ptoken *t, enum plex_kind kind)
{
	*t = (struct ptoken){
	    .kind = kind,
	    .off = lx->pos,
	    .line_off = lx->line_off,
	    .file = lx->file,
	    .line = lx->line,
	    .col = (int)(lx->pos - lx->line_off) + 1,
	};
}

static void lex_error(struct plexer *lx, const struct ptoken *at, const char *msg)
{
	if (lx->err)
		return;
	lx->err = msg;
	lx->err_at = *at;
}

/* Is pos at the start of a line, ignoring blanks before it? */
static int at_line_start(const struct plexer *lx)
{
	for (size_t i = lx->line_off; i < lx->pos; i++)
		if (lx->text[i] != ' ' && lx->text[i] != '\t')
			return 0;
	return 1;
}

/* line-marker -> "#" ["line"] DIGITS ["\"" FILE "\""] ...   (cpp output, GNU and ISO) */
static void line_marker(struct plexer *lx, size_t start, size_t end)
{
	const char *s = lx->text + start + 1, *e = lx->text + end;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if (e - s > 4 && !strncmp(s, "line", 4) && (s[4] == ' ' || s[4] == '\t'))
		for (s += 4; s < e && (*s == ' ' || *s == '\t');)
			s++;
	if (s >= e || !isdigit((unsigned char)*s))
		return;
	long n = 0;
	while (s < e && isdigit((unsigned char)*s) && n < 100000000)
		n = n * 10 + (*s++ - '0');
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if (s < e && *s == '"') {
		const char *q = memchr(s + 1, '"', (size_t)(e - s - 1));
		if (q)
			lx->file = arena_strndup(lx->arena, s + 1, (size_t)(q - s - 1));
	}
	/* The marker names the line that follows it. */
	lx->line = (int)n - 1;
}

/* directive -> "#" ... to the end of the line, with backslash-newline continuations */
static void skip_directive(struct plexer *lx)
{
	size_t start = lx->pos;
	while (lx->pos < lx->len && lx->text[lx->pos] != '\n') {
		if (lx->text[lx->pos] == '\\' && peek(lx, 1) == '\n')
			advance(lx);
		advance(lx);
	}
	line_marker(lx, start, lx->pos);
}

static void skip_block_comment(struct plexer *lx)
{
	struct ptoken at;
	mark(lx, &at, PTOK_PUNCT);
	at.len = 2;
	advance(lx);
	advance(lx);
	while (lx->pos < lx->len) {
		if (lx->text[lx->pos] == '*' && peek(lx, 1) == '/') {
			advance(lx);
			advance(lx);
			return;
		}
		advance(lx);
	}
	lex_error(lx, &at, "unterminated comment");
}

/* Skips blanks, comments and directive lines. */
static void skip_space(struct plexer *lx)
{
	while (lx->pos < lx->len) {
		int c = peek(lx, 0);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
			advance(lx);
		else if (c == '/' && peek(lx, 1) == '*')
			skip_block_comment(lx);
		else if (c == '/' && peek(lx, 1) == '/')
			while (lx->pos < lx->len && lx->text[lx->pos] != '\n')
				advance(lx);
		else if (c == '#' && at_line_start(lx))
			skip_directive(lx);
		else
			break;
	}
}

static int is_ident(int c)
{
	return c == '_' || isalnum(c);
}

static void lex_string(struct plexer *lx, struct ptoken *t)
{
	int quote = peek(lx, 0);
	advance(lx);
	while (lx->pos < lx->len && peek(lx, 0) != quote && peek(lx, 0) != '\n') {
		if (peek(lx, 0) == '\\' && lx->pos + 1 < lx->len)
			advance(lx);
		advance(lx);
	}
	if (peek(lx, 0) == quote)
		advance(lx);
	else
		lex_error(lx, t, "missing terminating quote character");
}

void plex_next(struct plexer *lx, struct ptoken *t)
{
	skip_space(lx);
	if (lx->pos >= lx->len) {
		mark(lx, t, PTOK_EOF);
		/* Report the end of input at the end of the last line, not on the empty line
		 * after its newline. */
		if (lx->pos > 0 && lx->pos == lx->line_off && t->line > 1) {
			size_t ls = lx->pos - 1;
			while (ls > 0 && lx->text[ls - 1] != '\n')
				ls--;
			t->line--;
			t->line_off = ls;
			t->col = (int)(lx->pos - 1 - ls) + 1;
		}
		return;
	}
	int c = peek(lx, 0);
	if (c == '_' || isalpha(c)) {
		mark(lx, t, PTOK_IDENT);
		while (lx->pos < lx->len && is_ident(peek(lx, 0)))
			advance(lx);
	} else if (isdigit(c)) {
		mark(lx, t, PTOK_NUMBER);
		while (lx->pos < lx->len && (is_ident(peek(lx, 0)) || peek(lx, 0) == '.'))
			advance(lx);
	} else if (c == '"' || c == '\'') {
		mark(lx, t, PTOK_STRING);
		lex_string(lx, t);
	} else if (c == '.' && peek(lx, 1) == '.' && peek(lx, 2) == '.') {
		mark(lx, t, PTOK_ELLIPSIS);
		lx->pos += 3;
	} else {
		mark(lx, t, PTOK_PUNCT);
		advance(lx);
	}
	t->len = lx->pos - t->off;
}

int ptok_is(const struct plexer *lx, const struct ptoken *t, char c)
{
	return t->kind == PTOK_PUNCT && lx->text[t->off] == c;
}

int ptok_word(const struct plexer *lx, const struct ptoken *t, const char *word)
{
	size_t n = strlen(word);
	return t->kind == PTOK_IDENT && t->len == n && !memcmp(lx->text + t->off, word, n);
}
