/* SPDX-License-Identifier: MIT */
/* A thin wrapper over LevelDB's C API (leveldb/c.h), configured as Core's CDBWrapper:
 * LRU block cache, bloom filter, no compression. Used for blocks/index and chainstate. */
#ifndef MINICOIN_DB_H
#define MINICOIN_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_batch;
struct db_iter;

/* Opens (creating) the database directory; NULL on failure, with the reason logged. */
struct db *db_open(const char *path, size_t cache_bytes);
void db_close(struct db *db);
/* *val is malloc'd. Returns 0, -ENOENT when the key is absent, or -EIO. */
int db_read(struct db *db, const void *key, size_t klen, uint8_t **val, size_t *vlen);
/* Returns 1 when present, 0 when absent, -EIO on error. */
int db_exists(struct db *db, const void *key, size_t klen);

struct db_batch *db_batch_new(void);
void db_batch_put(struct db_batch *b, const void *key, size_t klen, const void *val, size_t vlen);
void db_batch_erase(struct db_batch *b, const void *key, size_t klen);
/* Applies the batch atomically (fsync when sync). Returns 0 or -EIO. */
int db_write(struct db *db, struct db_batch *b, bool sync);
void db_batch_free(struct db_batch *b);

/* Iterates keys from the first one >= prefix while they start with prefix. */
struct db_iter *db_iter_new(struct db *db, const void *prefix, size_t plen);
/* Returns true and the current key/value (valid until the next call), or false at end. */
bool db_iter_next(struct db_iter *it, const uint8_t **key, size_t *klen, const uint8_t **val,
		  size_t *vlen);
/* 0, or -EIO if iteration stopped on an error. */
int db_iter_free(struct db_iter *it);

#endif
