// SPDX-License-Identifier: MIT
/* Proof-of-work rules. Regtest never retargets and allows minimum-difficulty blocks, so
 * every valid block has nBits 0x207fffff; the general code is kept so that a block with
 * other bits is rejected for the reason Core would give. */
#include "pow.h"

bool pow_check(const struct u256 *hash, uint32_t bits, const struct chainparams *p)
{
	struct arith256 target, h;
	bool neg, overflow;

	arith_set_compact(&target, bits, &neg, &overflow);
	if (neg || overflow || arith_is_zero(&target) || arith_cmp(&target, &p->pow_limit) > 0)
		return false;
	arith_from_u256(&h, hash);
	return arith_cmp(&h, &target) <= 0;
}

uint32_t pow_next_bits(const struct block_index *prev, int64_t time, const struct chainparams *p)
{
	uint32_t limit = arith_get_compact(&p->pow_limit);
	int interval = (int)(p->pow_target_timespan / p->pow_target_spacing);

	if (!prev)
		return limit;
	if ((prev->height + 1) % interval != 0) {
		/* fPowAllowMinDifficultyBlocks */
		if (time > (int64_t)prev->hdr.time + p->pow_target_spacing * 2)
			return limit;
		while (prev->prev && prev->height % interval != 0 && prev->hdr.bits == limit)
			prev = prev->prev;
		return prev->hdr.bits;
	}
	return prev->hdr.bits; /* fPowNoRetargeting */
}

void pow_block_proof(uint32_t bits, struct arith256 *work)
{
	struct arith256 target, one, denom;
	bool neg, overflow;

	arith_set_compact(&target, bits, &neg, &overflow);
	if (neg || overflow || arith_is_zero(&target)) {
		arith_from_u64(work, 0);
		return;
	}
	arith_from_u64(&one, 1);
	denom = target;
	arith_add(&denom, &one);
	for (int i = 0; i < 8; i++)
		work->pn[i] = ~target.pn[i];
	arith_div(work, &denom);
	arith_add(work, &one);
}

double pow_difficulty(uint32_t bits)
{
	int shift = (bits >> 24) & 0xff;
	double diff = (double)0x0000ffff / (double)(bits & 0x00ffffff);

	while (shift < 29) {
		diff *= 256.0;
		shift++;
	}
	while (shift > 29) {
		diff /= 256.0;
		shift--;
	}
	return diff;
}
