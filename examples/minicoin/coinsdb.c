// SPDX-License-Identifier: MIT
/* Coins persisted in LevelDB with Core's key layout. Core also obfuscates values with a
 * random XOR key (against antivirus false positives on mainnet data); regtest coinbase
 * scripts need no such thing, so values are stored plain. */
#include "coinsdb.h"

#include "alloc.h"
#include "db.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DB_COIN 'C'
#define DB_BEST_BLOCK 'B'

struct coinsdb {
	struct db *db;
};

struct coinsdb_batch {
	struct coinsdb *owner;
	struct db_batch *batch;
};

struct coinsdb *coinsdb_open(const char *dir, size_t cache_bytes)
{
	struct db *db = db_open(dir, cache_bytes);
	struct coinsdb *c;

	if (!db)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->db = db;
	return c;
}

void coinsdb_close(struct coinsdb *db)
{
	if (!db)
		return;
	db_close(db->db);
	free(db);
}

static void coin_key(const struct outpoint *op, struct wbuf *k)
{
	wbuf_u8(k, DB_COIN);
	wbuf_put(k, op->txid.b, 32);
	wbuf_varint(k, op->n);
}

int coinsdb_get(struct coinsdb *db, const struct outpoint *op, struct coin *out)
{
	struct wbuf k = {0};
	uint8_t *v;
	size_t n;
	int err;

	coin_key(op, &k);
	err = db_read(db->db, k.data, k.len, &v, &n);
	wbuf_free(&k);
	if (err)
		return err;
	err = coin_deserialize(out, v, n);
	free(v);
	return err;
}

int coinsdb_best_block(struct coinsdb *db, struct u256 *out)
{
	static const uint8_t key = DB_BEST_BLOCK;
	uint8_t *v;
	size_t n;
	int err = db_read(db->db, &key, 1, &v, &n);

	if (err)
		return err;
	if (n != 32)
		err = -EIO;
	else
		memcpy(out->b, v, 32);
	free(v);
	return err;
}

struct coinsdb_batch *coinsdb_batch_new(struct coinsdb *db)
{
	struct coinsdb_batch *b = xcalloc(1, sizeof(*b));

	b->owner = db;
	b->batch = db_batch_new();
	return b;
}

void coinsdb_batch_put(struct coinsdb_batch *b, const struct outpoint *op, const struct coin *c)
{
	struct wbuf k = {0}, v = {0};

	coin_key(op, &k);
	coin_serialize(c, &v);
	db_batch_put(b->batch, k.data, k.len, v.data, v.len);
	wbuf_free(&k);
	wbuf_free(&v);
}

int coinsdb_batch_commit(struct coinsdb_batch *b, const struct u256 *best)
{
	static const uint8_t key = DB_BEST_BLOCK;
	int err;

	db_batch_put(b->batch, &key, 1, best->b, 32);
	err = db_write(b->owner->db, b->batch, true);
	db_batch_free(b->batch);
	free(b);
	return err;
}
