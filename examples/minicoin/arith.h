/* SPDX-License-Identifier: MIT */
/* Unsigned 256-bit arithmetic for targets and chain work (Core's arith_uint256): eight
 * little-endian 32-bit limbs, the compact "nBits" encoding, and division. */
#ifndef MINICOIN_ARITH_H
#define MINICOIN_ARITH_H

#include "hash.h"

#include <stdbool.h>
#include <stdint.h>

struct arith256 {
	uint32_t pn[8];
};

void arith_from_u64(struct arith256 *a, uint64_t v);
/* A hash read as a little-endian number (UintToArith256). */
void arith_from_u256(struct arith256 *a, const struct u256 *h);
int arith_cmp(const struct arith256 *a, const struct arith256 *b);
bool arith_is_zero(const struct arith256 *a);
void arith_add(struct arith256 *a, const struct arith256 *b);
/* a /= b; returns -EDOM when b is zero (a is left unchanged). */
int arith_div(struct arith256 *a, const struct arith256 *b);
/* SetCompact: reports a negative or overflowing encoding as Core does (either pointer
 * may be NULL). */
void arith_set_compact(struct arith256 *a, uint32_t bits, bool *negative, bool *overflow);
uint32_t arith_get_compact(const struct arith256 *a);
double arith_to_double(const struct arith256 *a);
/* 64 hex digits, most significant first (GetHex). */
void arith_hex(const struct arith256 *a, char out[65]);

#endif
