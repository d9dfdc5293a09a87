// SPDX-License-Identifier: MIT
/* Serializes jansson values byte-compatibly with UniValue::write() (without pretty
 * printing; minicoin-cli re-indents the text it receives). jansson's own json_dumps
 * differs in number formats ("50.0", "1.0") and escapes ("\/"). */
#include "json_out.h"

#include "alloc.h"
#include "ser.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

json_t *json_amount(int64_t sat)
{
	json_t *o = json_object();

	json_object_set_new(o, JSON_AMOUNT_KEY, json_integer(sat));
	return o;
}

static void put(struct wbuf *w, const char *s)
{
	wbuf_put(w, s, strlen(s));
}

/* univalue_escapes.h: control characters as \b \t \n \f \r or \u00xx, DEL as \u007f */
static void put_string(struct wbuf *w, const char *s, size_t n)
{
	wbuf_u8(w, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];

		switch (c) {
		case '"':
			put(w, "\\\"");
			break;
		case '\\':
			put(w, "\\\\");
			break;
		case '\b':
			put(w, "\\b");
			break;
		case '\t':
			put(w, "\\t");
			break;
		case '\n':
			put(w, "\\n");
			break;
		case '\f':
			put(w, "\\f");
			break;
		case '\r':
			put(w, "\\r");
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				snprintf(esc, sizeof(esc), "\\u%04x", c);
				put(w, esc);
			} else {
				wbuf_u8(w, c);
			}
		}
	}
	wbuf_u8(w, '"');
}

static bool is_amount(const json_t *v, json_int_t *sat)
{
	json_t *n;

	if (!json_is_object(v) || json_object_size(v) != 1)
		return false;
	n = json_object_get(v, JSON_AMOUNT_KEY);
	if (!json_is_integer(n))
		return false;
	*sat = json_integer_value(n);
	return true;
}

/* ValueFromAmount: sign, whole coins, and always eight decimals */
static void put_amount(struct wbuf *w, json_int_t sat)
{
	uint64_t abs = sat < 0 ? 0 - (uint64_t)sat : (uint64_t)sat;
	char buf[48];

	snprintf(buf, sizeof(buf), "%s%" PRIu64 ".%08" PRIu64, sat < 0 ? "-" : "", abs / 100000000,
		 abs % 100000000);
	put(w, buf);
}

static void put_number(struct wbuf *w, const json_t *v)
{
	char buf[64];

	if (json_is_integer(v))
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else
		snprintf(buf, sizeof(buf), "%.16g", json_real_value(v));
	put(w, buf);
}

static void write_value(struct wbuf *w, const json_t *v)
{
	json_int_t sat;

	if (is_amount(v, &sat)) {
		put_amount(w, sat);
		return;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		wbuf_u8(w, '{');
		for (void *it = json_object_iter((json_t *)v); it;
		     it = json_object_iter_next((json_t *)v, it)) {
			const char *key = json_object_iter_key(it);

			if (w->data[w->len - 1] != '{')
				wbuf_u8(w, ',');
			put_string(w, key, strlen(key));
			wbuf_u8(w, ':');
			write_value(w, json_object_iter_value(it));
		}
		wbuf_u8(w, '}');
		break;
	case JSON_ARRAY:
		wbuf_u8(w, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				wbuf_u8(w, ',');
			write_value(w, json_array_get(v, i));
		}
		wbuf_u8(w, ']');
		break;
	case JSON_STRING:
		put_string(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
	case JSON_REAL:
		put_number(w, v);
		break;
	case JSON_TRUE:
		put(w, "true");
		break;
	case JSON_FALSE:
		put(w, "false");
		break;
	default:
		put(w, "null");
	}
}

char *json_write(const json_t *v)
{
	struct wbuf w = {0};

	write_value(&w, v);
	wbuf_u8(&w, 0);
	return (char *)w.data;
}
