// SPDX-License-Identifier: MIT
/* Serialization helpers (serialize.h in Bitcoin Core): LE integers, CompactSize, VARINT.
 * The formats are Core's exactly, so blocks and coins round-trip with real nodes' bytes. */
#include "ser.h"

#include "alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void bytes_set(struct bytes *b, const void *p, size_t len)
{
	b->p = xmalloc(len);
	if (len)
		memcpy(b->p, p, len);
	b->len = len;
}

void bytes_free(struct bytes *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
}

void wbuf_put(struct wbuf *w, const void *p, size_t n)
{
	if (w->len + n > w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		if (w->cap < w->len + n)
			w->cap = w->len + n;
		w->data = xrealloc(w->data, w->cap);
	}
	if (n)
		memcpy(w->data + w->len, p, n);
	w->len += n;
}

void wbuf_u8(struct wbuf *w, uint8_t v)
{
	wbuf_put(w, &v, 1);
}

void wbuf_u32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};

	wbuf_put(w, b, 4);
}

void wbuf_u64(struct wbuf *w, uint64_t v)
{
	wbuf_u32(w, (uint32_t)v);
	wbuf_u32(w, (uint32_t)(v >> 32));
}

void wbuf_compact(struct wbuf *w, uint64_t n)
{
	if (n < 253) {
		wbuf_u8(w, (uint8_t)n);
	} else if (n <= 0xffff) {
		wbuf_u8(w, 253);
		wbuf_u8(w, (uint8_t)n);
		wbuf_u8(w, (uint8_t)(n >> 8));
	} else if (n <= 0xffffffffu) {
		wbuf_u8(w, 254);
		wbuf_u32(w, (uint32_t)n);
	} else {
		wbuf_u8(w, 255);
		wbuf_u64(w, n);
	}
}

/* WriteVarInt: base-128, most significant group first, each non-final group minus one so
 * that every number has exactly one encoding. */
void wbuf_varint(struct wbuf *w, uint64_t n)
{
	uint8_t tmp[10];
	int len = 0;

	for (;;) {
		tmp[len] = (uint8_t)((n & 0x7f) | (len ? 0x80 : 0));
		if (n <= 0x7f)
			break;
		n = (n >> 7) - 1;
		len++;
	}
	do
		wbuf_u8(w, tmp[len]);
	while (len--);
}

void wbuf_bytes(struct wbuf *w, const struct bytes *b)
{
	wbuf_compact(w, b->len);
	wbuf_put(w, b->p, b->len);
}

void wbuf_free(struct wbuf *w)
{
	free(w->data);
	w->data = NULL;
	w->len = w->cap = 0;
}

void rbuf_init(struct rbuf *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->pos = 0;
	r->err = 0;
}

void rbuf_read(struct rbuf *r, void *out, size_t n)
{
	if (r->err || n > r->len - r->pos) {
		r->err = -EINVAL;
		memset(out, 0, n);
		return;
	}
	memcpy(out, r->p + r->pos, n);
	r->pos += n;
}

uint8_t rbuf_u8(struct rbuf *r)
{
	uint8_t v;

	rbuf_read(r, &v, 1);
	return v;
}

uint32_t rbuf_u32(struct rbuf *r)
{
	uint8_t b[4];

	rbuf_read(r, b, 4);
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

uint64_t rbuf_u64(struct rbuf *r)
{
	uint64_t lo = rbuf_u32(r);

	return lo | (uint64_t)rbuf_u32(r) << 32;
}

uint64_t rbuf_compact(struct rbuf *r)
{
	uint8_t tag = rbuf_u8(r);
	uint64_t n, min;

	if (tag < 253)
		return tag;
	if (tag == 253) {
		n = rbuf_u8(r);
		n |= (uint64_t)rbuf_u8(r) << 8;
		min = 253;
	} else if (tag == 254) {
		n = rbuf_u32(r);
		min = 0x10000;
	} else {
		n = rbuf_u64(r);
		min = 0x100000000ull;
	}
	if (r->err || n < min || n > SER_MAX_SIZE) {
		r->err = -EINVAL;
		return 0;
	}
	return n;
}

uint64_t rbuf_varint(struct rbuf *r)
{
	uint64_t n = 0;

	for (;;) {
		uint8_t c = rbuf_u8(r);

		if (r->err || n > (UINT64_MAX >> 7)) {
			r->err = -EINVAL;
			return 0;
		}
		n = (n << 7) | (c & 0x7f);
		if (!(c & 0x80))
			return n;
		if (n == UINT64_MAX) {
			r->err = -EINVAL;
			return 0;
		}
		n++;
	}
}

void rbuf_bytes(struct rbuf *r, struct bytes *out)
{
	uint64_t n = rbuf_compact(r);

	out->p = NULL;
	out->len = 0;
	if (r->err || n > rbuf_left(r)) {
		r->err = -EINVAL;
		return;
	}
	bytes_set(out, r->p + r->pos, (size_t)n);
	r->pos += (size_t)n;
}

size_t rbuf_left(const struct rbuf *r)
{
	return r->err ? 0 : r->len - r->pos;
}
