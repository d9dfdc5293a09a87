/* SPDX-License-Identifier: MIT */
/* Block production for the generate RPCs (Core's CreateNewBlock, IncrementExtraNonce and
 * generateBlocks): a coinbase-only template on the tip, a nonce search from 0, and the
 * hand-off of each solved block to validation. */
#ifndef MINICOIN_MINER_H
#define MINICOIN_MINER_H

#include "block.h"
#include "chain.h"

#include <stddef.h>
#include <stdint.h>

/* Hands a solved block to validation; 0 when it was connected. */
typedef int (*miner_submit_fn)(void *ctx, const struct block *b, char *reject, size_t rlen);

struct miner;

struct miner *miner_new(struct chainstate *cs, miner_submit_fn submit, void *ctx);
void miner_free(struct miner *m);
/* CreateNewBlock on the current tip, paying the subsidy to script. The header is ready to
 * be mined except for the nonce; the coinbase scriptSig holds the height and
 * CScriptNum(extranonce). Caller clears *out. */
void miner_create_block(struct miner *m, const uint8_t *script, size_t slen, unsigned extranonce,
			struct block *out);
/* generateBlocks: mines up to n blocks one after another, giving up after max_tries
 * failed nonces in total. *hashes (malloc'd) receives the connected blocks' hashes.
 * Returns 0, or -EIO when validation refused a block (reject says why; the blocks
 * before it stay mined and listed). Calls are serialized. */
int miner_generate(struct miner *m, const uint8_t *script, size_t slen, int n, uint64_t max_tries,
		   struct u256 **hashes, int *count, char *reject, size_t rlen);

#endif
