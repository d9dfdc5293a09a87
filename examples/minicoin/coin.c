// SPDX-License-Identifier: MIT
/* Coin serialization as Core's compressor.cpp writes it. Of the special script forms,
 * P2PKH (0), P2SH (1) and P2PK with a compressed key (2, 3) are written; P2PK with an
 * uncompressed key (4, 5) would need elliptic-curve point decompression to read back, so
 * such scripts take the generic form (as Core does for keys it cannot validate). */
#include "coin.h"

#include "script.h"

#include <errno.h>
#include <string.h>

#define SPECIAL_SCRIPTS 6
#define MAX_SCRIPT_SIZE 10000

void coin_copy(struct coin *dst, const struct coin *src)
{
	*dst = *src;
	bytes_set(&dst->script, src->script.p, src->script.len);
}

void coin_clear(struct coin *c)
{
	bytes_free(&c->script);
	memset(c, 0, sizeof(*c));
}

uint64_t coin_compress_amount(uint64_t n)
{
	int e = 0;

	if (n == 0)
		return 0;
	while (n % 10 == 0 && e < 9) {
		n /= 10;
		e++;
	}
	if (e < 9) {
		uint64_t d = n % 10;

		n /= 10;
		return 1 + (n * 9 + d - 1) * 10 + (uint64_t)e;
	}
	return 1 + (n - 1) * 10 + 9;
}

uint64_t coin_decompress_amount(uint64_t x)
{
	uint64_t n;
	int e;

	if (x == 0)
		return 0;
	x--;
	e = (int)(x % 10);
	x /= 10;
	if (e < 9) {
		uint64_t d = x % 9 + 1;

		n = (x / 9) * 10 + d;
	} else {
		n = x + 1;
	}
	while (e--)
		n *= 10;
	return n;
}

static void write_script(const struct bytes *s, struct wbuf *w)
{
	const uint8_t *p = s->p;

	if (s->len == 25 && p[0] == OP_DUP && p[1] == OP_HASH160 && p[2] == 20 &&
	    p[23] == OP_EQUALVERIFY && p[24] == OP_CHECKSIG) {
		wbuf_u8(w, 0x00);
		wbuf_put(w, p + 3, 20);
	} else if (s->len == 23 && p[0] == OP_HASH160 && p[1] == 20 && p[22] == OP_EQUAL) {
		wbuf_u8(w, 0x01);
		wbuf_put(w, p + 2, 20);
	} else if (s->len == 35 && p[0] == 33 && p[34] == OP_CHECKSIG &&
		   (p[1] == 0x02 || p[1] == 0x03)) {
		wbuf_put(w, p + 1, 33);
	} else {
		wbuf_varint(w, s->len + SPECIAL_SCRIPTS);
		wbuf_put(w, p, s->len);
	}
}

static int read_special(struct rbuf *r, uint64_t kind, struct bytes *out)
{
	uint8_t buf[35], body[32];

	switch (kind) {
	case 0:
		buf[0] = OP_DUP;
		buf[1] = OP_HASH160;
		buf[2] = 20;
		rbuf_read(r, buf + 3, 20);
		buf[23] = OP_EQUALVERIFY;
		buf[24] = OP_CHECKSIG;
		bytes_set(out, buf, 25);
		return 0;
	case 1:
		buf[0] = OP_HASH160;
		buf[1] = 20;
		rbuf_read(r, buf + 2, 20);
		buf[22] = OP_EQUAL;
		bytes_set(out, buf, 23);
		return 0;
	case 2:
	case 3:
		rbuf_read(r, body, 32);
		buf[0] = 33;
		buf[1] = (uint8_t)kind;
		memcpy(buf + 2, body, 32);
		buf[34] = OP_CHECKSIG;
		bytes_set(out, buf, 35);
		return 0;
	default:
		return -EINVAL; /* 4, 5: never written by minicoin */
	}
}

void coin_serialize(const struct coin *c, struct wbuf *w)
{
	wbuf_varint(w, (uint64_t)c->height * 2 + c->coinbase);
	wbuf_varint(w, coin_compress_amount((uint64_t)c->value));
	write_script(&c->script, w);
}

int coin_deserialize(struct coin *c, const uint8_t *p, size_t len)
{
	struct rbuf r;
	uint64_t code, kind;
	int err = 0;

	memset(c, 0, sizeof(*c));
	rbuf_init(&r, p, len);
	code = rbuf_varint(&r);
	c->height = (uint32_t)(code >> 1);
	c->coinbase = code & 1;
	c->value = (int64_t)coin_decompress_amount(rbuf_varint(&r));
	kind = rbuf_varint(&r);
	if (r.err || code >> 1 > UINT32_MAX)
		return -EINVAL;
	if (kind < SPECIAL_SCRIPTS) {
		err = read_special(&r, kind, &c->script);
	} else if (kind - SPECIAL_SCRIPTS > MAX_SCRIPT_SIZE ||
		   kind - SPECIAL_SCRIPTS > rbuf_left(&r)) {
		err = -EINVAL;
	} else {
		bytes_set(&c->script, r.p + r.pos, (size_t)(kind - SPECIAL_SCRIPTS));
		r.pos += (size_t)(kind - SPECIAL_SCRIPTS);
	}
	if (err || r.err || rbuf_left(&r) != 0) {
		coin_clear(c);
		return -EINVAL;
	}
	return 0;
}
