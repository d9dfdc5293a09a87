// SPDX-License-Identifier: MIT
/* _stp_text_str and _stp_decode_utf8 from runtime/stp_string.c, over a byte-fetch
 * callback so that the same code serves script strings and target memory. */
#include "rt/text.h"

#include <string.h>

/* _stp_decode_utf8: the character and the bytes it took (1 for anything invalid) */
static int decode_utf8(text_get_fn get, void *ud, size_t pos, int size, int *c_ret)
{
	unsigned char ub;
	int c, n;
	if (size <= 0)
		return -14;
	if (get(ud, pos, &ub) < 0)
		return -14;
	signed char b = (signed char)ub;
	size--;
	if ((b & 0xE0) == 0xC0 && size >= 1) {
		n = 2;
		c = b & 0x1F;
	} else if ((b & 0xF0) == 0xE0 && size >= 2) {
		n = 3;
		c = b & 0xF;
	} else if ((b & 0xF8) == 0xF0 && size >= 3) {
		n = 4;
		c = b & 0x7;
	} else {
		goto verbatim;
	}
	for (int i = 1; i < n; i++) {
		unsigned char b2;
		if (get(ud, pos + (size_t)i, &b2) < 0)
			return -14;
		if ((b2 & 0xC0) != 0x80)
			goto verbatim;
		c = (c << 6) | (b2 & 0x3F);
	}
	if (0xD800 <= c && c <= 0xDFFF)
		goto verbatim;
	if (c > 0x10FFFF)
		goto verbatim;
	if (c < 0x80 || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000))
		goto verbatim;
	*c_ret = c;
	return n;
verbatim:
	*c_ret = ub;
	return 1;
}

static char hexd(int v)
{
	return "0123456789ABCDEF"[v & 15];
}

static int short_escape(int c)
{
	switch (c) {
	case '\a':
		return 'a';
	case '\b':
		return 'b';
	case '\f':
		return 'f';
	case '\n':
		return 'n';
	case '\r':
		return 'r';
	case '\t':
		return 't';
	case '\v':
		return 'v';
	case '"':
		return '"';
	case '\\':
		return '\\';
	default:
		return 0;
	}
}

int rt_text(char *outstr, size_t maxstringlen, text_get_fn get, void *ud, int inlen, int outlen,
	    bool quoted, bool buffer)
{
	int c = 0;
	char *out = outstr;
	char *esc = NULL;
	int esc_len = 0;
	size_t pos = 0;
	int max = (int)maxstringlen - 1;
	if (inlen <= 0 || inlen > max)
		inlen = max;
	if (outlen <= 0 || outlen > max)
		outlen = max;
	if (quoted) {
		outlen = (outlen > 5 ? outlen : 5) - 2;
		*out++ = '"';
	}
	while (inlen > 0) {
		int num = 1;
		int n = decode_utf8(get, ud, pos, inlen, &c);
		if (n <= 0)
			goto bad;
		if ((c == 0 && !buffer) || outlen <= 0)
			break;
		pos += (size_t)n;
		inlen -= n;
		if (n > 1) {
			num = c <= 0xFFFF ? 6 : 10;
			if (!esc && outlen - 3 < num)
				esc = out, esc_len = num;
			if (outlen < num)
				break;
			*out++ = '\\';
			*out++ = c <= 0xFFFF ? 'u' : 'U';
			for (int i = num - 3; i >= 0; --i)
				*out++ = hexd(c >> (i * 4));
		} else if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			*out++ = (char)c;
		} else {
			int e = short_escape(c);
			num = e ? 2 : 4;
			if (!esc && outlen - 3 < num)
				esc = out, esc_len = num;
			if (outlen < num)
				break;
			*out++ = '\\';
			if (e) {
				*out++ = (char)e;
			} else {
				*out++ = (char)('0' + ((c >> 6) & 3));
				*out++ = (char)('0' + ((c >> 3) & 7));
				*out++ = (char)('0' + (c & 7));
			}
		}
		outlen -= num;
	}
	if (quoted) {
		if (c && inlen > 0) {
			char *trunc = out - 3 + outlen;
			if (esc && esc < trunc && trunc < esc + esc_len)
				out = esc;
			else
				out = trunc;
			memcpy(out, "\"...", 4);
			out += 4;
		} else {
			*out++ = '"';
		}
	}
	*out = 0;
	return 0;
bad : {
	/* strlcpy(outstr, "<unknown>", outlen) */
	size_t room = outlen > 0 ? (size_t)outlen : 0;
	if (room) {
		size_t k = strlen("<unknown>") < room - 1 ? strlen("<unknown>") : room - 1;
		memcpy(outstr, "<unknown>", k);
		outstr[k] = 0;
	}
	return -1;
}
}

struct strsrc {
	const char *s;
	size_t len;
};

static int str_get(void *ud, size_t i, unsigned char *b)
{
	const struct strsrc *src = ud;
	*b = i < src->len ? (unsigned char)src->s[i] : 0;
	return 0;
}

int rt_text_cstr(char *out, size_t maxstringlen, const char *in, int inlen, int outlen, bool quoted)
{
	struct strsrc src = {in, strlen(in)};
	return rt_text(out, maxstringlen, str_get, &src, inlen, outlen, quoted, false);
}
