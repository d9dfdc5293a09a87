/* SPDX-License-Identifier: MIT */
/* The chainstate database (Core's CCoinsViewDB): coins under 'C' + txid + VARINT(n),
 * and the hash of the block the set corresponds to under 'B'. */
#ifndef MINICOIN_COINSDB_H
#define MINICOIN_COINSDB_H

#include "coin.h"
#include "tx.h"

struct coinsdb;
struct coinsdb_batch;

/* NULL on failure (logged). */
struct coinsdb *coinsdb_open(const char *dir, size_t cache_bytes);
void coinsdb_close(struct coinsdb *db);
/* 0 with *out filled, -ENOENT, -EIO, or -EINVAL for a corrupt record. */
int coinsdb_get(struct coinsdb *db, const struct outpoint *op, struct coin *out);
/* 0, or -ENOENT before the first flush. */
int coinsdb_best_block(struct coinsdb *db, struct u256 *out);

struct coinsdb_batch *coinsdb_batch_new(struct coinsdb *db);
void coinsdb_batch_put(struct coinsdb_batch *b, const struct outpoint *op, const struct coin *c);
/* Writes the batch and the new best block atomically and durably, then frees the batch.
 * Returns 0 or -EIO. */
int coinsdb_batch_commit(struct coinsdb_batch *b, const struct u256 *best);

#endif
