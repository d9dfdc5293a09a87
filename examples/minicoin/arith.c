// SPDX-License-Identifier: MIT
/* 256-bit unsigned arithmetic, as much of arith_uint256 as proof of work needs. */
#include "arith.h"

#include "hex.h"

#include <errno.h>
#include <string.h>

void arith_from_u64(struct arith256 *a, uint64_t v)
{
	memset(a, 0, sizeof(*a));
	a->pn[0] = (uint32_t)v;
	a->pn[1] = (uint32_t)(v >> 32);
}

void arith_from_u256(struct arith256 *a, const struct u256 *h)
{
	for (int i = 0; i < 8; i++)
		a->pn[i] = (uint32_t)h->b[4 * i] | (uint32_t)h->b[4 * i + 1] << 8 |
			   (uint32_t)h->b[4 * i + 2] << 16 | (uint32_t)h->b[4 * i + 3] << 24;
}

int arith_cmp(const struct arith256 *a, const struct arith256 *b)
{
	for (int i = 7; i >= 0; i--) {
		if (a->pn[i] < b->pn[i])
			return -1;
		if (a->pn[i] > b->pn[i])
			return 1;
	}
	return 0;
}

bool arith_is_zero(const struct arith256 *a)
{
	for (int i = 0; i < 8; i++)
		if (a->pn[i])
			return false;
	return true;
}

void arith_add(struct arith256 *a, const struct arith256 *b)
{
	uint64_t carry = 0;

	for (int i = 0; i < 8; i++) {
		uint64_t n = carry + a->pn[i] + b->pn[i];

		a->pn[i] = (uint32_t)n;
		carry = n >> 32;
	}
}

static void arith_sub(struct arith256 *a, const struct arith256 *b)
{
	uint64_t borrow = 0;

	for (int i = 0; i < 8; i++) {
		uint64_t n = (uint64_t)a->pn[i] - b->pn[i] - borrow;

		a->pn[i] = (uint32_t)n;
		borrow = (n >> 32) & 1;
	}
}

static void arith_shl(struct arith256 *a, unsigned shift)
{
	struct arith256 r = {{0}};
	unsigned k = shift / 32, s = shift % 32;

	for (unsigned i = 0; i < 8; i++) {
		if (i + k + 1 < 8 && s)
			r.pn[i + k + 1] |= a->pn[i] >> (32 - s);
		if (i + k < 8)
			r.pn[i + k] |= a->pn[i] << s;
	}
	*a = r;
}

static void arith_shr(struct arith256 *a, unsigned shift)
{
	struct arith256 r = {{0}};
	unsigned k = shift / 32, s = shift % 32;

	for (unsigned i = 0; i < 8; i++) {
		if (i >= k + 1 && s)
			r.pn[i - k - 1] |= a->pn[i] << (32 - s);
		if (i >= k)
			r.pn[i - k] |= a->pn[i] >> s;
	}
	*a = r;
}

static unsigned arith_bits(const struct arith256 *a)
{
	for (int i = 7; i >= 0; i--) {
		if (a->pn[i])
			return (unsigned)(32 * i + 32 - __builtin_clz(a->pn[i]));
	}
	return 0;
}

/* Schoolbook binary long division, as base_uint::operator/=. */
int arith_div(struct arith256 *a, const struct arith256 *b)
{
	struct arith256 num = *a, div = *b, q = {{0}};
	unsigned nbits = arith_bits(&num), dbits = arith_bits(&div);
	int shift;

	if (dbits == 0)
		return -EDOM;
	if (dbits > nbits) {
		*a = q;
		return 0;
	}
	shift = (int)(nbits - dbits);
	arith_shl(&div, (unsigned)shift);
	for (; shift >= 0; shift--) {
		if (arith_cmp(&num, &div) >= 0) {
			arith_sub(&num, &div);
			q.pn[shift / 32] |= 1u << (shift & 31);
		}
		arith_shr(&div, 1);
	}
	*a = q;
	return 0;
}

void arith_set_compact(struct arith256 *a, uint32_t bits, bool *negative, bool *overflow)
{
	unsigned size = bits >> 24;
	uint32_t word = bits & 0x007fffff;

	if (size <= 3) {
		word >>= 8 * (3 - size);
		arith_from_u64(a, word);
	} else {
		arith_from_u64(a, word);
		if (8 * (size - 3) < 256)
			arith_shl(a, 8 * (size - 3));
		else
			memset(a, 0, sizeof(*a));
	}
	if (negative)
		*negative = word != 0 && (bits & 0x00800000) != 0;
	if (overflow)
		*overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) ||
					  (word > 0xffff && size > 32));
}

uint32_t arith_get_compact(const struct arith256 *a)
{
	unsigned size = (arith_bits(a) + 7) / 8;
	uint32_t compact;

	if (size <= 3) {
		compact = a->pn[0] << 8 * (3 - size);
	} else {
		struct arith256 t = *a;

		arith_shr(&t, 8 * (size - 3));
		compact = t.pn[0];
	}
	if (compact & 0x00800000) {
		compact >>= 8;
		size++;
	}
	return compact | size << 24;
}

double arith_to_double(const struct arith256 *a)
{
	double ret = 0.0, fact = 1.0;

	for (int i = 0; i < 8; i++) {
		ret += fact * a->pn[i];
		fact *= 4294967296.0;
	}
	return ret;
}

void arith_hex(const struct arith256 *a, char out[65])
{
	uint8_t be[32];

	for (int i = 0; i < 8; i++) {
		uint32_t w = a->pn[7 - i];

		be[4 * i] = (uint8_t)(w >> 24);
		be[4 * i + 1] = (uint8_t)(w >> 16);
		be[4 * i + 2] = (uint8_t)(w >> 8);
		be[4 * i + 3] = (uint8_t)w;
	}
	hex_encode(be, 32, out);
}
