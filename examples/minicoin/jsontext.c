// SPDX-License-Identifier: MIT
/* A tokenizer for already-validated JSON: it only needs to know where strings, scalars
 * and brackets begin and end, never whether the text is well-formed (jansson decided
 * that), but it stays within bounds whatever it is given. */
#include "jsontext.h"

#include "ser.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static size_t skip_ws(const char *t, size_t len, size_t i)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* End of the string token starting at the quote t[i]. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (t[i] == '\\')
			i++;
		else if (t[i] == '"')
			return i + 1;
	}
	return len;
}

/* End of the scalar token (number, true, false, null) at t[i]. */
static size_t skip_scalar(const char *t, size_t len, size_t i)
{
	while (i < len && !strchr(",:]} \t\r\n", t[i]))
		i++;
	return i;
}

/* End of the value starting at t[i]. */
static size_t skip_value(const char *t, size_t len, size_t i)
{
	int depth = 0;

	do {
		i = skip_ws(t, len, i);
		if (i >= len)
			return len;
		if (t[i] == '"') {
			i = skip_string(t, len, i);
		} else if (t[i] == '{' || t[i] == '[') {
			depth++;
			i++;
		} else if (t[i] == '}' || t[i] == ']') {
			depth--;
			i++;
		} else if (t[i] == ',' || t[i] == ':') {
			i++;
		} else {
			i = skip_scalar(t, len, i);
		}
	} while (depth > 0);
	return i;
}

int jsontext_member(const char *text, size_t len, const char *key, size_t *off, size_t *vlen)
{
	size_t klen = strlen(key), i = skip_ws(text, len, 0);

	if (i >= len || text[i] != '{')
		return -ENOENT;
	for (i++;;) {
		size_t kstart, kend, vstart;

		i = skip_ws(text, len, i);
		if (i >= len || text[i] != '"')
			return -ENOENT;
		kstart = i + 1;
		kend = skip_string(text, len, i);
		i = skip_ws(text, len, kend);
		if (i >= len || text[i] != ':')
			return -ENOENT;
		vstart = skip_ws(text, len, i + 1);
		i = skip_value(text, len, vstart);
		if (kend - 1 - kstart == klen && memcmp(text + kstart, key, klen) == 0) {
			*off = vstart;
			*vlen = i - vstart;
			return 0;
		}
		i = skip_ws(text, len, i);
		if (i >= len || text[i] != ',')
			return -ENOENT;
		i++;
	}
}

static void indent_to(struct wbuf *w, int indent, int level)
{
	for (int i = 0; i < indent * level; i++)
		wbuf_u8(w, ' ');
}

char *jsontext_pretty(const char *text, size_t len, int indent)
{
	struct wbuf w = {0};
	bool just_opened = false;
	int depth = 0;

	for (size_t i = skip_ws(text, len, 0); i < len; i = skip_ws(text, len, i)) {
		char c = text[i];
		size_t end;

		if (c == '{' || c == '[') {
			if (just_opened)
				indent_to(&w, indent, depth);
			wbuf_u8(&w, (uint8_t)c);
			wbuf_u8(&w, '\n');
			depth++;
			just_opened = true;
			i++;
			continue;
		}
		if (c == '}' || c == ']') {
			if (!just_opened)
				wbuf_u8(&w, '\n');
			indent_to(&w, indent, depth - 1);
			wbuf_u8(&w, (uint8_t)c);
			depth--;
			just_opened = false;
			i++;
			continue;
		}
		if (just_opened)
			indent_to(&w, indent, depth);
		just_opened = false;
		if (c == ',') {
			wbuf_put(&w, ",\n", 2);
			indent_to(&w, indent, depth);
			i++;
		} else if (c == ':') {
			wbuf_put(&w, ": ", 2);
			i++;
		} else {
			end = c == '"' ? skip_string(text, len, i) : skip_scalar(text, len, i);
			if (end == i)
				end = i + 1;
			wbuf_put(&w, text + i, end - i);
			i = end;
		}
	}
	wbuf_u8(&w, 0);
	return (char *)w.data;
}
