// SPDX-License-Identifier: MIT
/* printf format strings parsed as stap 4.8's print_format::string_to_components does:
 * one optional flag, width and precision (or '*'), one optional 'l', a conversion; "%%"
 * and a final lone '%' are literal text. Literal pieces are decoded from stap's string
 * content here, so that the runtime prints bytes. */
#include <ctype.h>
#include <limits.h>
#include <string.h>

#include "lang/lex.h"
#include "lang/parse.h"
#include "util/alloc.h"
#include "util/strbuf.h"

static int fmt_piece_push(struct arena *a, struct ast_expr *out, struct fmt_piece *cur,
			  struct strbuf *lit)
{
	cur->literal = lex_decode_string(a, lit->s ? lit->s : "", &cur->literal_len);
	vec_push(&out->fmt, *cur);
	sb_reset(lit);
	*cur = (struct fmt_piece){.conv = FMT_LITERAL, .width = -1, .prec = -1};
	return 0;
}

static int parse_fmt_number(const char **s)
{
	long v = 0;
	while (isdigit((unsigned char)**s)) {
		if (v < INT_MAX / 10)
			v = v * 10 + (**s - '0');
		(*s)++;
	}
	return (int)v;
}

static bool parse_fmt_conv(int c, struct fmt_piece *cur)
{
	switch (c) {
	case 'b':
		cur->conv = FMT_BINARY;
		break;
	case 'c':
		cur->conv = FMT_CHAR;
		break;
	case 's':
		cur->conv = FMT_STRING;
		break;
	case 'm':
		cur->conv = FMT_MEMORY;
		break;
	case 'M':
		cur->conv = FMT_MEMORY_HEX;
		break;
	case 'd':
	case 'i':
		cur->conv = FMT_SIGNED;
		break;
	case 'u':
		cur->conv = FMT_UNSIGNED;
		break;
	case 'o':
		cur->conv = FMT_OCTAL;
		break;
	case 'X':
		cur->conv = FMT_HEX_UPPER;
		break;
	case 'x':
		cur->conv = FMT_HEX;
		break;
	case 'p':
		cur->conv = FMT_POINTER; /* since stap 1.3, %p is %#x */
		cur->flags |= FMTF_ALT;
		break;
	default:
		return false;
	}
	return true;
}

int parse_printf_format(struct arena *a, const char *s, struct ast_expr *out, const char **msg)
{
	struct fmt_piece cur = {.conv = FMT_LITERAL, .width = -1, .prec = -1};
	struct strbuf lit = STRBUF_INIT;
	bool have_literal = false, partial = false;
	int rc = 0;
	while (*s) {
		if (*s != '%') {
			sb_addc(&lit, *s++);
			have_literal = true;
			continue;
		}
		if (!s[1] || s[1] == '%') {
			sb_addc(&lit, '%');
			have_literal = true;
			s += s[1] ? 2 : 1;
			continue;
		}
		s++;
		partial = true;
		static const char flagc[] = "0+- #";
		static const int flagv[] = {FMTF_ZERO, FMTF_PLUS, FMTF_MINUS, FMTF_SPACE, FMTF_ALT};
		const char *f = strchr(flagc, *s);
		if (*s && f) {
			cur.flags = flagv[f - flagc];
			s++;
		}
		if (!*s)
			break;
		if (*s == '*') {
			cur.width = -2;
			s++;
		} else if (isdigit((unsigned char)*s)) {
			cur.width = parse_fmt_number(&s);
		}
		if (!*s)
			break;
		if (*s == '.') {
			s++;
			if (!*s)
				break;
			if (*s == '*') {
				cur.prec = -2;
				s++;
			} else if (isdigit((unsigned char)*s)) {
				cur.prec = parse_fmt_number(&s);
			}
		}
		if (!*s)
			break;
		if (*s == 'l')
			s++;
		if (!*s)
			break;
		if (!parse_fmt_conv(*s, &cur)) {
			*msg = "invalid or missing conversion specifier";
			rc = -1;
			goto out;
		}
		s++;
		fmt_piece_push(a, out, &cur, &lit);
		have_literal = partial = false;
	}
	if (partial) {
		*msg = "trailing incomplete print format conversion";
		rc = -2;
	} else if (have_literal) {
		fmt_piece_push(a, out, &cur, &lit);
	}
out:
	sb_free(&lit);
	return rc;
}
