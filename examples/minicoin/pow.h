/* SPDX-License-Identifier: MIT */
/* Proof of work: target checks, the next block's nBits, block work and difficulty
 * (Core's pow.cpp and the GetDifficulty helper of rpc/blockchain.cpp). */
#ifndef MINICOIN_POW_H
#define MINICOIN_POW_H

#include "arith.h"
#include "blockindex.h"
#include "chainparams.h"

#include <stdbool.h>
#include <stdint.h>

/* CheckProofOfWork: bits must expand to a valid target <= powLimit and hash <= target. */
bool pow_check(const struct u256 *hash, uint32_t bits, const struct chainparams *p);
/* GetNextWorkRequired for a block at time `time` on top of prev (NULL for genesis). */
uint32_t pow_next_bits(const struct block_index *prev, int64_t time, const struct chainparams *p);
/* GetBlockProof: 2^256 / (target + 1), computed as ~target / (target + 1) + 1. */
void pow_block_proof(uint32_t bits, struct arith256 *work);
/* GetDifficulty: the powLimit of mainnet (0x1d00ffff) divided by the target. */
double pow_difficulty(uint32_t bits);

#endif
