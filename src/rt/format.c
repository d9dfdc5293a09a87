// SPDX-License-Identifier: MIT
/* The printf engine (see format.h). Writers follow runtime/vsprintf.c's "write while
 * str <= end, but keep counting" discipline through struct wr, whose pos may run past
 * cap; the memory and binary writers stop counting at the end as stap's do. */
#include "rt/format.h"

#include <errno.h>
#include <string.h>

#define PAGE_SIZE 4096

struct wr {
	char *buf;
	size_t pos, cap;
};

static inline void put(struct wr *w, char c)
{
	if (w->pos < w->cap)
		w->buf[w->pos] = c;
	w->pos++;
}

static inline int room(const struct wr *w)
{
	return w->pos < w->cap;
}

/* clamp_t: min(max(v, lo), hi), so a negative hi wins */
static int clampi(int64_t v, int64_t lo, int64_t hi)
{
	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	return (int)v;
}

/* runtime/vsprintf.c number() */
static void number(struct wr *w, uint64_t num, int base, int size, int precision, int type)
{
	static const char small[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	static const char large[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	const char *digits = (type & FMT_LARGE) ? large : small;
	char tmp[66], c, sign = 0;
	int i = 0;
	if (type & FMT_LEFT)
		type &= ~FMT_ZEROPAD;
	c = (type & FMT_ZEROPAD) ? '0' : ' ';
	if (type & FMT_SIGN) {
		if ((int64_t)num < 0) {
			sign = '-';
			num = -num;
			size--;
		} else if (type & FMT_PLUS) {
			sign = '+';
			size--;
		} else if (type & FMT_SPACE) {
			sign = ' ';
			size--;
		}
	}
	if (type & FMT_SPECIAL) {
		if (base == 16)
			size -= 2;
		else if (base == 8)
			size--;
	}
	if (num == 0)
		tmp[i++] = '0';
	else
		while (num != 0) {
			tmp[i++] = digits[num % (unsigned)base];
			num /= (unsigned)base;
		}
	if (i > precision)
		precision = i;
	size -= precision;
	if (!(type & (FMT_ZEROPAD | FMT_LEFT)))
		while (size-- > 0)
			put(w, ' ');
	if (sign)
		put(w, sign);
	if (type & FMT_SPECIAL) {
		if (base == 8) {
			put(w, '0');
		} else if (base == 16) {
			put(w, '0');
			put(w, digits[33]);
		}
	}
	if (!(type & FMT_LEFT))
		while (size-- > 0)
			put(w, c);
	while (i < precision--)
		put(w, '0');
	while (i-- > 0)
		put(w, tmp[i]);
	while (size-- > 0)
		put(w, ' ');
}

static int isprint_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

static int char_size(char c, int width, int flags)
{
	int size = 1;
	if ((flags & FMT_SPECIAL) && (!isprint_ascii((unsigned char)c) || c == '\'' || c == '\\')) {
		switch (c) {
		case '\a':
		case '\b':
		case '\f':
		case '\n':
		case '\r':
		case '\t':
		case '\v':
		case '\'':
		case '\\':
			size = 2;
			break;
		default:
			size = 4;
		}
	}
	return size > width ? size : width;
}

/* _stp_vsprint_char */
static void put_char(struct wr *w, char c, int width, int flags)
{
	int size = char_size(c, 0, flags);
	if (!(flags & FMT_LEFT))
		while (width-- > size)
			put(w, ' ');
	if (size == 1) {
		put(w, c);
	} else {
		char esc = 0;
		switch (c) {
		case '\a':
			esc = 'a';
			break;
		case '\b':
			esc = 'b';
			break;
		case '\f':
			esc = 'f';
			break;
		case '\n':
			esc = 'n';
			break;
		case '\r':
			esc = 'r';
			break;
		case '\t':
			esc = 't';
			break;
		case '\v':
			esc = 'v';
			break;
		case '\'':
			esc = '\'';
			break;
		case '\\':
			esc = '\\';
			break;
		}
		put(w, '\\');
		if (esc) {
			put(w, esc);
		} else {
			put(w, (char)('0' + ((c >> 6) & 3)));
			put(w, (char)('0' + ((c >> 3) & 7)));
			put(w, (char)('0' + (c & 7)));
		}
	}
	while (width-- > size)
		put(w, ' ');
}

static size_t str_len(const struct fmt_val *v, int precision)
{
	size_t max = precision < 0 ? (size_t)-1 : (size_t)precision;
	if (max > 8192) /* clamp_t(size_t, precision, 0, STP_BUFFER_SIZE) */
		max = 8192;
	return v->len < max ? v->len : max;
}

static int mem_len(int precision)
{
	return precision > 0 ? precision : 1;
}

static size_t memory_size(char conv, const struct fmt_val *v, int width, int precision, int flags)
{
	size_t len = conv == 's' ? str_len(v, precision) : (size_t)mem_len(precision);
	if (conv == 'M')
		len *= 2;
	if ((int64_t)len < width)
		len = (size_t)width;
	if (flags & FMT_ZEROPAD)
		len++;
	return len;
}

/* _stp_vsprint_memory for %s, %m, %M */
static int put_memory(struct wr *w, char conv, const struct fmt_val *v, int width, int precision,
		      int flags, fmt_read_fn rd, void *ud, uint64_t *fault)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mem[PAGE_SIZE];
	int len = conv == 's' ? (int)str_len(v, precision) : mem_len(precision);
	if (conv != 's') {
		if (len > PAGE_SIZE)
			len = PAGE_SIZE;
		int rc = rd ? rd(ud, (uint64_t)v->l, mem, (size_t)len) : -EFAULT;
		if (rc < 0) {
			*fault = (uint64_t)v->l;
			return rc;
		}
	}
	if (!(flags & FMT_LEFT)) {
		int actlen = conv == 'M' ? len * 2 : len;
		while (actlen < width-- && room(w))
			put(w, ' ');
	}
	if (conv == 'M') {
		/* stap stops at str < end here, one byte short of the other writers */
		for (int i = 0; i < len && w->pos + 1 < w->cap; i++) {
			put(w, hex[mem[i] >> 4]);
			put(w, hex[mem[i] & 15]);
		}
		len *= 2;
	} else if (conv == 'm') {
		for (int i = 0; i < len && room(w); i++)
			put(w, (char)mem[i]);
	} else {
		for (int i = 0; i < len && room(w); i++)
			put(w, v->s[i]);
	}
	while (len < width-- && room(w))
		put(w, ' ');
	if ((flags & FMT_ZEROPAD) && room(w))
		put(w, 0);
	return 0;
}

static int binary_prec(int p)
{
	return p == -1 || p == 1 || p == 2 || p == 4 || p == 8 ? p : -1;
}

static void binary_shape(int *width, int *precision)
{
	*precision = binary_prec(*precision);
	if (*width == -1) {
		if (*precision == -1)
			*width = *precision = 8;
		else
			*width = *precision;
	} else if (*precision == -1) {
		*precision = binary_prec(*width);
		if (*precision == -1)
			*precision = 8;
	}
}

/* _stp_vsprint_binary: little-endian raw integer */
static void put_binary(struct wr *w, int64_t num, int width, int precision, int flags)
{
	binary_shape(&width, &precision);
	if (!(flags & FMT_LEFT))
		while (precision < width-- && room(w))
			put(w, 0);
	if (w->pos + (size_t)precision <= w->cap) {
		uint64_t u = (uint64_t)num;
		for (int i = 0; i < precision; i++)
			put(w, (char)(u >> (8 * i)));
	}
	while (precision >= 0 && width >= 0 && precision < width-- && room(w))
		put(w, 0);
}

static int base_of(char conv)
{
	switch (conv) {
	case 'o':
		return 8;
	case 'x':
	case 'X':
	case 'p':
	case 'P':
		return 16;
	default:
		return 10;
	}
}

int fmt_nargs(const struct fmt_spec *sp, int n)
{
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (!sp[i].conv)
			continue;
		k += 1 + (sp[i].width == FMT_DYNAMIC) + (sp[i].prec == FMT_DYNAMIC);
	}
	return k;
}

/* width/precision of one conversion, consuming dynamic arguments */
static void shape(const struct fmt_spec *s, const struct fmt_val *args, int *ai, int64_t max,
		  int *width, int *prec)
{
	*width = s->width == FMT_DYNAMIC ? clampi(args[(*ai)++].l, 0, max)
		 : s->width >= 0	 ? clampi(s->width, 0, max)
					 : -1;
	*prec = s->prec == FMT_DYNAMIC ? clampi(args[(*ai)++].l, 0, max)
		: s->prec >= 0	       ? clampi(s->prec, 0, max)
				       : -1;
	if (s->conv == 'P') { /* %p before stap 1.3 (--compatible < 1.3) */
		if (*width == -1)
			*width = 2 + 2 * 8;
		*prec = *width - 2;
		if (!(s->flags & FMT_LEFT) && *prec > 2 * 8)
			*prec = 2 * 8;
	}
}

size_t fmt_size(const struct fmt_spec *sp, int n, const struct fmt_val *args, size_t bufmax)
{
	size_t total = 0;
	int ai = 0;
	for (int i = 0; i < n; i++) {
		const struct fmt_spec *s = &sp[i];
		if (!s->conv) {
			total += s->litlen;
			continue;
		}
		int width, prec;
		shape(s, args, &ai, (int64_t)bufmax, &width, &prec);
		const struct fmt_val *v = &args[ai++];
		struct wr w = {NULL, 0, 0};
		switch (s->conv) {
		case 'c':
			total += (size_t)char_size((char)v->l, width, s->flags);
			break;
		case 's':
		case 'm':
		case 'M':
			total += memory_size(s->conv, v, width, prec, s->flags);
			break;
		case 'b':
			binary_shape(&width, &prec);
			total += (size_t)(prec > width ? prec : width);
			break;
		default:
			number(&w, (uint64_t)v->l, base_of(s->conv), width, prec, s->flags);
			total += w.pos;
		}
	}
	return total;
}

long fmt_write(char *buf, size_t cap, int nul_terminate, const struct fmt_spec *sp, int n,
	       const struct fmt_val *args, fmt_read_fn rd, void *rd_ud, uint64_t *fault_addr)
{
	struct wr w = {buf, 0, cap};
	int ai = 0;
	if (cap == 0)
		return 0;
	for (int i = 0; i < n; i++) {
		const struct fmt_spec *s = &sp[i];
		if (!s->conv) {
			for (uint32_t k = 0; k < s->litlen && s->lit[k] && room(&w); k++)
				put(&w, s->lit[k]);
			continue;
		}
		int width, prec;
		int64_t left = (int64_t)w.cap - (int64_t)w.pos; /* end - str + 1 */
		shape(s, args, &ai, left, &width, &prec);
		const struct fmt_val *v = &args[ai++];
		switch (s->conv) {
		case 'c':
			put_char(&w, (char)v->l, width, s->flags);
			break;
		case 's':
		case 'm':
		case 'M': {
			int rc = put_memory(&w, s->conv, v, width, prec, s->flags, rd, rd_ud,
					    fault_addr);
			if (rc < 0)
				return rc;
			break;
		}
		case 'b':
			put_binary(&w, v->l, width, prec, s->flags);
			break;
		default:
			number(&w, (uint64_t)v->l, base_of(s->conv), width, prec, s->flags);
		}
	}
	size_t len = w.pos < cap ? w.pos : cap;
	if (nul_terminate) {
		if (len >= cap)
			len = cap - 1;
		buf[len] = 0;
	}
	return (long)len;
}
