// SPDX-License-Identifier: MIT
/* SystemTap-language lexer, matching stap 4.8's lexer::scan byte for byte: whitespace and
 * the three comment styles, identifiers ($ and @ prefixes), keywords, numbers (any run of
 * alphanumerics after a digit; validated later with strtoull), strings (escapes kept for
 * the C compiler, other backslashes dropped), longest-match operators, %{ %} embedded
 * code, and command-line arguments pasted into the character stream. The positions of
 * pasted characters follow stap's "cursor suspension" rules exactly. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lex.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct lexer {
	struct arena *arena;
	const struct srcfile *file;
	const struct lex_args *args;
	struct diag *diag;
	const char *compatible;
	bool check_compatible;
	/* input: the pending pasted argument text, then the file text */
	char *ins;
	size_t ins_len, ins_pos;
	const char *text;
	size_t len, pos;
	/* stap's cursor and its suspension while pasted characters are consumed */
	unsigned suspend_count;
	int suspend_line, suspend_col;
	int line, col;
	bool ate_comment, ate_whitespace, saw_tokens;
	const struct token *chain;
	struct strbuf sb;
};

static const char *const keywords[] = {
    "probe",	"global", "private", "function", "if",	   "else",  "for",
    "foreach",	"in",	  "limit",   "return",	 "delete", "while", "break",
    "continue", "next",	  "string",  "long",	 "try",	   "catch",
};

struct lexer *lex_new(struct arena *a, const struct srcfile *f, const struct lex_args *args,
		      const char *compatible, bool check_compatible, struct diag *d)
{
	struct lexer *lx = xcalloc(1, sizeof(*lx));
	lx->arena = a;
	lx->file = f;
	lx->args = args;
	lx->diag = d;
	lx->compatible = compatible ? compatible : "4.8";
	lx->check_compatible = check_compatible;
	lx->text = f->text;
	lx->len = f->len;
	lx->line = lx->col = 1;
	lx->suspend_line = lx->suspend_col = 1;
	return lx;
}

void lex_free(struct lexer *lx)
{
	if (!lx)
		return;
	free(lx->ins);
	sb_free(&lx->sb);
	free(lx);
}

void lex_set_chain(struct lexer *lx, const struct token *tok)
{
	lx->chain = tok;
}

bool lex_ate_whitespace(const struct lexer *lx)
{
	return lx->ate_whitespace;
}

bool lex_ate_comment(const struct lexer *lx)
{
	return lx->ate_comment;
}

bool lex_saw_tokens(const struct lexer *lx)
{
	return lx->saw_tokens;
}

bool lex_has_version(const struct lexer *lx, const char *v)
{
	return !lx->check_compatible || strverscmp(lx->compatible, v) >= 0;
}

const char *lex_compatible(const struct lexer *lx)
{
	return lx->compatible;
}

bool lex_is_atword(const struct lexer *lx, const char *name)
{
	static const char *const base[] = {
	    "cast",  "defined", "probewrite", "entry", "perf",	      "var",	  "avg",
	    "count", "sum",	"min",	      "max",   "hist_linear", "hist_log",
	};
	static const char *const v31[] = {"const", "variance"};
	static const char *const v40[] = {"kregister", "uregister", "kderef", "uderef"};
	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		if (!strcmp(name, base[i]))
			return true;
	for (size_t i = 0; i < 2; i++)
		if (!strcmp(name, v31[i]))
			return lex_has_version(lx, "3.1");
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(name, v40[i]))
			return lex_has_version(lx, "4.0");
	return false;
}

static bool is_keyword(const struct lexer *lx, const char *s)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!strcmp(s, keywords[i]))
			return strcmp(s, "private") != 0 || lex_has_version(lx, "3.0");
	return false;
}

/* ---- character input ----------------------------------------------------------------- */

static int input_peek(const struct lexer *lx, size_t n)
{
	size_t left = lx->ins_len - lx->ins_pos;
	if (n < left)
		return (unsigned char)lx->ins[lx->ins_pos + n];
	n -= left;
	if (lx->pos + n >= lx->len)
		return -1;
	return (unsigned char)lx->text[lx->pos + n];
}

static int input_get(struct lexer *lx)
{
	int c = input_peek(lx, 0);
	if (c < 0)
		return c;
	if (lx->ins_pos < lx->ins_len)
		lx->ins_pos++;
	else
		lx->pos++;
	if (lx->suspend_count) {
		/* characters pasted by input_put do not move the cursor */
		if (--lx->suspend_count == 0) {
			lx->line = lx->suspend_line;
			lx->col = lx->suspend_col;
		}
	} else if (c == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	return c;
}

/* Pastes chars in front of the remaining input; they all appear at t's position. */
static void input_put(struct lexer *lx, const char *chars, const struct token *t)
{
	size_t n = strlen(chars), left = lx->ins_len - lx->ins_pos;
	char *buf = xmalloc(n + left + 1);
	memcpy(buf, chars, n);
	if (left)
		memcpy(buf + n, lx->ins + lx->ins_pos, left);
	buf[n + left] = '\0';
	free(lx->ins);
	lx->ins = buf;
	lx->ins_len = n + left;
	lx->ins_pos = 0;
	lx->suspend_count += (unsigned)n;
	lx->suspend_line = lx->line;
	lx->suspend_col = lx->col;
	lx->line = t->line;
	lx->col = t->col;
}

/* ---- helpers ------------------------------------------------------------------------- */

void lex_quote_append(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (!isprint(*p))
			sb_printf(sb, "\\%c%c%c", '0' + ((*p >> 6) & 7), '0' + ((*p >> 3) & 7),
				  '0' + (*p & 7));
		else if (*p == '"' || *p == '\\')
			sb_printf(sb, "\\%c", *p);
		else
			sb_addc(sb, (char)*p);
	}
	sb_addc(sb, '"');
}

char *lex_quote(struct arena *a, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	lex_quote_append(&sb, s);
	char *r = arena_strndup(a, sb.s, sb.len);
	sb_free(&sb);
	return r;
}

const char *lex_junk_message(struct arena *a, const struct token *t, int argc)
{
	switch (t->junk) {
	case JUNK_NESTED_ARG:
		return "invalid nested substitution of command line arguments";
	case JUNK_INVALID_ARG:
		return arena_printf(a, "command line argument out of range [1-%d]", argc);
	case JUNK_UNCLOSED_QUOTE:
		return "Could not find matching closing quote";
	case JUNK_UNCLOSED_EMBEDDED:
		return "Could not find matching '%}' to close embedded function block";
	case JUNK_UNKNOWN:
		break;
	}
	return "unknown junk token";
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *lex_decode_string(struct arena *a, const char *s, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	while (*s) {
		int c = (unsigned char)*s++;
		if (c != '\\' || !*s) {
			sb_addc(&sb, (char)c);
			continue;
		}
		c = (unsigned char)*s++;
		switch (c) {
		case 'a':
			c = '\a';
			break;
		case 'b':
			c = '\b';
			break;
		case 't':
			c = '\t';
			break;
		case 'n':
			c = '\n';
			break;
		case 'v':
			c = '\v';
			break;
		case 'f':
			c = '\f';
			break;
		case 'r':
			c = '\r';
			break;
		case '0' ... '7': {
			int v = c - '0';
			for (int i = 0; i < 2 && *s >= '0' && *s <= '7'; i++)
				v = v * 8 + (*s++ - '0');
			c = v & 0xff;
			break;
		}
		case 'x': {
			unsigned v = 0;
			bool any = false;
			while (hexval((unsigned char)*s) >= 0) {
				v = (v << 4) | (unsigned)hexval((unsigned char)*s++);
				any = true;
			}
			c = any ? (int)(v & 0xff) : 'x';
			break;
		}
		default:
			break; /* "\\" and anything the lexer let through */
		}
		sb_addc(&sb, (char)c);
	}
	size_t n = sb.s ? strlen(sb.s) : 0; /* an embedded NUL ends the string */
	char *r = arena_strndup(a, sb.s ? sb.s : "", n);
	sb_free(&sb);
	*len = n;
	return r;
}

static struct token *finish(struct lexer *lx, struct token *t, enum tok_kind kind)
{
	t->kind = kind;
	t->text = arena_strndup(lx->arena, lx->sb.s ? lx->sb.s : "", lx->sb.len);
	return t;
}

static struct token *junk(struct lexer *lx, struct token *t, enum tok_junk why)
{
	t->kind = TOK_JUNK;
	t->junk = why;
	t->text = "";
	return t;
}

/* ---- the scanner pieces -------------------------------------------------------------- */

static void skip_line(struct lexer *lx)
{
	int this_line = lx->line, c;
	do
		c = input_get(lx);
	while (c >= 0 && lx->line == this_line);
}

static void skip_c_comment(struct lexer *lx)
{
	input_get(lx); /* the '*' */
	int c = input_get(lx), c2 = input_get(lx);
	while (c2 >= 0) {
		if (c == '*' && c2 == '/')
			break;
		c = c2;
		c2 = input_get(lx);
	}
}

static struct token *scan_string(struct lexer *lx, struct token *t)
{
	for (;;) {
		int c = input_get(lx);
		if (c < 0 || c == '\n')
			return junk(lx, t, JUNK_UNCLOSED_QUOTE);
		if (c == '"')
			break;
		if (c != '\\') {
			sb_addc(&lx->sb, (char)c);
			continue;
		}
		c = input_get(lx);
		switch (c) {
		case 'x':
			if (!lex_has_version(lx, "2.3"))
				break;
			/* fallthrough */
		case 'a':
		case 'b':
		case 't':
		case 'n':
		case 'v':
		case 'f':
		case 'r':
		case '0' ... '7':
		case '\\':
			/* kept for the C compiler, as stap passes them through */
			sb_addc(&lx->sb, '\\');
			break;
		default:
			break;
		}
		sb_addc(&lx->sb, (char)c);
	}
	return finish(lx, t, TOK_STRING);
}

static struct token *scan_embedded(struct lexer *lx, struct token *t)
{
	input_get(lx); /* the '{' */
	int c = input_get(lx), c2 = input_get(lx);
	while (c2 >= 0) {
		if (c == '%' && c2 == '}')
			return finish(lx, t, TOK_EMBEDDED);
		if (c == '}' && c2 == '%') {
			t->kind = TOK_EMBEDDED;
			t->text = "";
			diag_warn(lx->diag, t, "possible erroneous closing '}%%', use '%%}'?");
		}
		sb_addc(&lx->sb, (char)c);
		c = c2;
		c2 = input_get(lx);
	}
	return junk(lx, t, JUNK_UNCLOSED_EMBEDDED);
}

static bool is_op2(int c, int c2)
{
	static const char *const ops2[] = {
	    "==", "!=", "<=", ">=", "=~", "!~", "+=", "-=", "*=", "/=", "%=", "&=", "^=",
	    "|=", ".=", "&&", "||", "++", "--", "->", "<<", ">>", "%(", "%?", "%:", "%)",
	};
	for (size_t i = 0; i < sizeof(ops2) / sizeof(ops2[0]); i++)
		if (ops2[i][0] == c && ops2[i][1] == c2)
			return true;
	return false;
}

static struct token *scan_operator(struct lexer *lx, struct token *t, int c)
{
	int c2 = input_peek(lx, 0), c3 = input_peek(lx, 1);
	sb_addc(&lx->sb, (char)c);
	if ((c == '<' && c2 == '<' && c3 == '<') || (c == '>' && c2 == '>' && c3 == '>') ||
	    (c == '<' && c2 == '<' && c3 == '=') || (c == '>' && c2 == '>' && c3 == '=')) {
		sb_addc(&lx->sb, (char)c2);
		sb_addc(&lx->sb, (char)c3);
		input_get(lx);
		input_get(lx);
	} else if (c2 >= 0 && is_op2(c, c2)) {
		sb_addc(&lx->sb, (char)c2);
		input_get(lx);
	}
	return finish(lx, t, TOK_OPERATOR);
}

/* $N / @N: returns a junk token, or NULL after pasting the argument. */
static struct token *paste_arg(struct lexer *lx, struct token *t, int c, bool suspended)
{
	unsigned idx = 0;
	unsigned argc = lx->args ? (unsigned)lx->args->argc : 0;
	int c2 = input_peek(lx, 0);
	do {
		input_get(lx);
		idx = idx * 10 + (unsigned)(c2 - '0');
		c2 = input_peek(lx, 0);
	} while (c2 > 0 && isdigit(c2) && idx <= argc);
	if (suspended)
		return junk(lx, t, JUNK_NESTED_ARG);
	if (idx == 0 || idx - 1 >= argc)
		return junk(lx, t, JUNK_INVALID_ARG);
	if (lx->args->used)
		lx->args->used[idx - 1] = true;
	const char *arg = lx->args->argv[idx - 1];
	input_put(lx, c == '$' ? arg : lex_quote(lx->arena, arg), t);
	return NULL;
}

struct token *lex_scan(struct lexer *lx)
{
	bool old_saw_tokens = lx->saw_tokens;
	struct token *t = arena_alloc(lx->arena, sizeof(*t));
	lx->ate_comment = lx->ate_whitespace = false;
	lx->saw_tokens = true;
	t->file = lx->file;
	t->chain = lx->chain;
	sb_reset(&lx->sb);

	for (;;) {
		bool suspended = lx->suspend_count > 0;
		t->line = lx->line;
		t->col = lx->col;
		int c = input_get(lx);
		if (c < 0) {
			lx->saw_tokens = old_saw_tokens;
			return NULL;
		}
		if (isspace(c)) {
			lx->ate_whitespace = true;
			continue;
		}
		int c2 = input_peek(lx, 0);
		if ((c == '$' || c == '@') && c2 == '#') {
			input_get(lx);
			if (suspended)
				return junk(lx, t, JUNK_NESTED_ARG);
			char num[24];
			snprintf(num, sizeof(num), "%d", lx->args ? lx->args->argc : 0);
			input_put(lx, c == '$' ? num : lex_quote(lx->arena, num), t);
			continue;
		}
		if ((c == '$' || c == '@') && c2 >= 0 && isdigit(c2)) {
			struct token *j = paste_arg(lx, t, c, suspended);
			if (j)
				return j;
			continue;
		}
		if (isalpha(c) || c == '$' || c == '@' || c == '_') {
			sb_addc(&lx->sb, (char)c);
			while (c2 >= 0 && (isalnum(c2) || c2 == '_' || c2 == '$')) {
				sb_addc(&lx->sb, (char)input_get(lx));
				c2 = input_peek(lx, 0);
			}
			if (c == '@')
				return finish(lx, t, TOK_OPERATOR);
			return finish(lx, t, is_keyword(lx, lx->sb.s) ? TOK_KEYWORD : TOK_IDENT);
		}
		if (isdigit(c)) {
			sb_addc(&lx->sb, (char)c);
			while (c2 >= 0 && isalnum(c2)) {
				sb_addc(&lx->sb, (char)input_get(lx));
				c2 = input_peek(lx, 0);
			}
			return finish(lx, t, TOK_NUMBER);
		}
		if (c == '"')
			return scan_string(lx, t);
		if (!ispunct(c)) {
			t->kind = TOK_JUNK;
			t->junk = JUNK_UNKNOWN;
			t->text = arena_printf(lx->arena, "\\x%02x", (unsigned)c);
			return t;
		}
		if (c == '#' || (c == '/' && c2 == '/')) {
			skip_line(lx);
			lx->ate_comment = lx->ate_whitespace = true;
			continue;
		}
		if (c == '/' && c2 == '*') {
			skip_c_comment(lx);
			lx->ate_comment = lx->ate_whitespace = true;
			continue;
		}
		if (c == '%' && c2 == '{')
			return scan_embedded(lx, t);
		return scan_operator(lx, t, c);
	}
}
