/* SPDX-License-Identifier: MIT */
/* The in-memory coins cache over the chainstate database (Core's CCoinsViewCache as
 * pcoinsTip): lookups count as hits or misses (and fire the cache_hit / cache_miss
 * probes), new coins stay DIRTY in memory until a flush writes them (cache_flush probe).
 * Not thread-safe: chain.c holds cs_main around every call. */
#ifndef MINICOIN_COINS_H
#define MINICOIN_COINS_H

#include "coin.h"
#include "coinsdb.h"
#include "tx.h"

#include <stddef.h>
#include <stdint.h>

struct coins_cache;

struct coins_cache *coins_cache_new(struct coinsdb *base);
/* Frees the cache without flushing. */
void coins_cache_free(struct coins_cache *c);
/* GetCoin through FetchCoin: a hit when cached, else a miss that asks the database and
 * caches what it finds. 0 with *out (a copy the caller clears), -ENOENT, or -EIO. */
int coins_get(struct coins_cache *c, const struct outpoint *op, struct coin *out);
/* HaveCoin: 1, 0, or -EIO. */
int coins_have(struct coins_cache *c, const struct outpoint *op);
/* AddCoin: copies the coin in as DIRTY; outputs with unspendable scripts are skipped. */
void coins_add(struct coins_cache *c, const struct outpoint *op, const struct coin *coin);
void coins_set_best_block(struct coins_cache *c, const struct u256 *hash);
/* The cache's best block, else the database's; -ENOENT when neither has one. */
int coins_best_block(struct coins_cache *c, struct u256 *out);
/* Flush: fires cache_flush(entries, bytes), writes every DIRTY entry and the best block
 * in one durable batch, then empties the cache. 0, -ENOENT when no block has been
 * connected yet (nothing is written), or -EIO. */
int coins_flush(struct coins_cache *c);
/* GetCacheSize: entries in memory. */
size_t coins_count(const struct coins_cache *c);
/* DynamicMemoryUsage: malloc'd bytes of the map, its entries and their scripts. */
size_t coins_usage(const struct coins_cache *c);
void coins_stats(const struct coins_cache *c, uint64_t *hits, uint64_t *misses);

#endif
