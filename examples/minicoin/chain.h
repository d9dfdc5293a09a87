/* SPDX-License-Identifier: MIT */
/* The chainstate: block index, active chain, block files, coins cache and databases
 * behind one lock (cs_main). It accepts and connects blocks, logs UpdateTip, keeps the
 * IBD latch and decides when to flush. Functions marked "locked" need chain_lock held;
 * the others take it themselves. */
#ifndef MINICOIN_CHAIN_H
#define MINICOIN_CHAIN_H

#include "block.h"
#include "blockindex.h"
#include "chainparams.h"
#include "coin.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct chain_options {
	const char *netdir;	    /* <datadir>/regtest */
	size_t coins_cache_bytes;   /* in-memory UTXO cache limit (nCoinCacheUsage) */
	size_t coinsdb_cache_bytes; /* LevelDB cache of chainstate/ */
	size_t index_cache_bytes;   /* LevelDB cache of blocks/index/ */
	int64_t max_tip_age;	    /* -maxtipage, seconds */
};

enum flush_mode { FLUSH_NONE, FLUSH_IF_NEEDED, FLUSH_PERIODIC, FLUSH_ALWAYS };

struct chainstate;

/* Opens the databases and block files, loads the block index and the tip the coins
 * database was flushed at, and on a fresh datadir stores the genesis block (not yet
 * connected). Returns 0 or -errno (logged). */
int chain_open(const struct chainparams *p, const struct chain_options *o, struct chainstate **out);
/* Frees everything without flushing. */
void chain_close(struct chainstate *cs);
/* ActivateBestChain: connects, from disk, every stored block past the tip (genesis on a
 * fresh datadir, or blocks whose coins were not flushed before a crash). 0 or -errno. */
int chain_activate_best(struct chainstate *cs);
/* ProcessNewBlock: checks, stores and connects a block extending the tip. 0, -EINVAL with
 * the reject reason, or -EIO. */
int chain_process_block(struct chainstate *cs, const struct block *b, char *reject, size_t rlen);
/* FlushStateToDisk. 0 or -EIO. */
int chain_flush(struct chainstate *cs, enum flush_mode mode);

void chain_lock(struct chainstate *cs);
void chain_unlock(struct chainstate *cs);

/* locked: IsInitialBlockDownload (latches to false once, logging and firing finish_ibd) */
bool chain_is_ibd(struct chainstate *cs);
/* locked accessors */
const struct chainparams *chain_params(const struct chainstate *cs);
struct block_index *chain_tip(struct chainstate *cs);
struct block_index *chain_at(struct chainstate *cs, int height);
struct block_index *chain_lookup(struct chainstate *cs, const struct u256 *hash);
bool chain_contains(struct chainstate *cs, const struct block_index *e);
struct block_index *chain_best_header(struct chainstate *cs);
/* locked: ReadBlockFromDisk (fires read_block_from_disk). 0 or -EIO. */
int chain_read_block(struct chainstate *cs, const struct block_index *e, struct block *out);
/* locked: a coin from the coins cache (counting a hit or miss). 0, -ENOENT or -EIO. */
int chain_get_coin(struct chainstate *cs, const struct outpoint *op, struct coin *out);
/* locked: the block the UTXO set corresponds to */
struct block_index *chain_coins_tip(struct chainstate *cs);
uint64_t chain_disk_usage(struct chainstate *cs);
/* locked: GuessVerificationProgress */
double chain_progress(struct chainstate *cs, const struct block_index *e);
/* coins cache lookups that were hits and misses so far */
void chain_cache_stats(struct chainstate *cs, uint64_t *hits, uint64_t *misses);
/* locked: the current warning text ("" when none); valid until unlock */
const char *chain_warnings(struct chainstate *cs);

#endif
