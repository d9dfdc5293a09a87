/* SPDX-License-Identifier: MIT */
/* Block validity rules (Core's CheckBlock, ContextualCheckBlockHeader/ContextualCheckBlock
 * and ConnectBlock). Each returns 0, -EINVAL with Core's reject reason in `reject`, or
 * -EIO when the coins database fails. */
#ifndef MINICOIN_VALIDATION_H
#define MINICOIN_VALIDATION_H

#include "block.h"
#include "blockindex.h"
#include "chainparams.h"
#include "coins.h"

#include <stddef.h>
#include <stdint.h>

#define MAX_BLOCK_WEIGHT 4000000
#define MAX_FUTURE_BLOCK_TIME (2 * 60 * 60)
#define MAX_MONEY (21000000ll * COIN)

/* Context-free checks: proof of work, merkle root, sizes, coinbase placement, outputs. */
int validation_check_block(const struct block *b, const struct u256 *hash,
			   const struct chainparams *p, char *reject, size_t rlen);
/* Checks needing the parent (non-NULL): nBits, time window, versions, finality, BIP34,
 * the witness commitment, weight. `now` is the node's adjusted time. */
int validation_contextual_check(const struct block *b, struct block_index *prev,
				const struct chainparams *p, int64_t now, char *reject,
				size_t rlen);
/* Applies block e (whose parent is the coins' best block) to the coins cache: the BIP30
 * lookups, input existence, the coinbase amount, then every new output. Nothing is
 * changed unless all checks pass. The genesis block only sets the best block. */
int validation_connect_block(const struct block *b, const struct block_index *e,
			     struct coins_cache *coins, const struct chainparams *p, char *reject,
			     size_t rlen);

#endif
