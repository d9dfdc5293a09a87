/* SPDX-License-Identifier: MIT */
/* The in-memory block index: one entry per known block (CBlockIndex), a hash map from
 * block hash to entry, and the active chain as an array by height (CChain). */
#ifndef MINICOIN_BLOCKINDEX_H
#define MINICOIN_BLOCKINDEX_H

#include "arith.h"
#include "block.h"
#include "chainparams.h"

#include <stdbool.h>
#include <stdint.h>

/* status bits, as Core's BlockStatus */
#define BLOCK_VALID_SCRIPTS 5u
#define BLOCK_HAVE_DATA 8u
#define BLOCK_FAILED_VALID 32u

struct block_index {
	struct u256 hash;
	struct header hdr;
	struct block_index *prev;
	struct block_index *skip; /* an ancestor further back, for block_index_ancestor */
	int height;
	uint32_t status;
	int file;	   /* blk?????.dat number */
	uint32_t data_pos; /* offset of the block bytes in that file */
	uint32_t ntx;
	uint64_t chain_tx; /* transactions in the chain up to and including this block */
	struct arith256 chainwork;
	uint8_t vb_cache[MAX_DEPLOYMENTS]; /* versionbits.c: 0 = unknown, else state + 1 */
	struct block_index *next_in_bucket;
};

struct block_map;

struct block_map *block_map_new(void);
/* Frees the map and every entry in it. */
void block_map_free(struct block_map *m);
struct block_index *block_map_find(const struct block_map *m, const struct u256 *hash);
/* Takes ownership of e. Returns 0 or -EEXIST. */
int block_map_insert(struct block_map *m, struct block_index *e);
size_t block_map_count(const struct block_map *m);
/* Calls fn for every entry (in no particular order). */
void block_map_foreach(const struct block_map *m, void (*fn)(struct block_index *, void *),
		       void *arg);

/* GetMedianTimePast: median of the times of this block and up to 10 ancestors (the upper
 * median for an even count). */
int64_t block_index_mtp(const struct block_index *e);
/* GetAncestor, in O(log n) steps through the skip pointers. */
struct block_index *block_index_ancestor(struct block_index *e, int height);
/* BuildSkip: sets e->skip; e->prev must be final and have its own skip built. */
void block_index_build_skip(struct block_index *e);

struct active_chain {
	struct block_index **v;
	int n; /* height + 1 */
	int cap;
};

/* Makes tip the last entry, filling the array back to where it already agrees. */
void active_chain_set_tip(struct active_chain *c, struct block_index *tip);
struct block_index *active_chain_tip(const struct active_chain *c);
/* NULL when height is out of range. */
struct block_index *active_chain_at(const struct active_chain *c, int height);
int active_chain_height(const struct active_chain *c);
bool active_chain_contains(const struct active_chain *c, const struct block_index *e);
void active_chain_free(struct active_chain *c);

#endif
