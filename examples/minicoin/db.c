// SPDX-License-Identifier: MIT
/* LevelDB access. Errors are logged with the database path and reported as -EIO; the
 * callers decide whether that is fatal (Core aborts the node on write errors). */
#include "db.h"

#include "alloc.h"
#include "log.h"

#include <errno.h>
#include <leveldb/c.h>
#include <stdlib.h>
#include <string.h>

struct db {
	leveldb_t *ldb;
	leveldb_options_t *opts;
	leveldb_cache_t *cache;
	leveldb_filterpolicy_t *filter;
	leveldb_readoptions_t *ropts;
	leveldb_writeoptions_t *wopts, *wsync;
	char *path;
};

struct db_batch {
	leveldb_writebatch_t *wb;
};

struct db_iter {
	leveldb_iterator_t *it;
	uint8_t *prefix;
	size_t plen;
	bool started;
	struct db *db;
};

static void db_log_error(const struct db *db, const char *what, char *err)
{
	log_printf("LevelDB %s error on %s: %s\n", what, db->path, err);
	leveldb_free(err);
}

struct db *db_open(const char *path, size_t cache_bytes)
{
	struct db *db = xcalloc(1, sizeof(*db));
	char *err = NULL;

	db->path = xstrdup(path);
	db->opts = leveldb_options_create();
	db->cache = leveldb_cache_create_lru(cache_bytes / 2);
	db->filter = leveldb_filterpolicy_create_bloom(10);
	leveldb_options_set_cache(db->opts, db->cache);
	leveldb_options_set_filter_policy(db->opts, db->filter);
	leveldb_options_set_write_buffer_size(db->opts, cache_bytes / 4 ? cache_bytes / 4 : 4096);
	leveldb_options_set_compression(db->opts, leveldb_no_compression);
	leveldb_options_set_max_open_files(db->opts, 64);
	leveldb_options_set_create_if_missing(db->opts, 1);
	db->ropts = leveldb_readoptions_create();
	leveldb_readoptions_set_verify_checksums(db->ropts, 1);
	db->wopts = leveldb_writeoptions_create();
	db->wsync = leveldb_writeoptions_create();
	leveldb_writeoptions_set_sync(db->wsync, 1);
	db->ldb = leveldb_open(db->opts, path, &err);
	if (!db->ldb) {
		db_log_error(db, "open", err);
		db_close(db);
		return NULL;
	}
	log_printf("Opened LevelDB successfully\n");
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->ldb)
		leveldb_close(db->ldb);
	leveldb_options_destroy(db->opts);
	leveldb_cache_destroy(db->cache);
	leveldb_filterpolicy_destroy(db->filter);
	leveldb_readoptions_destroy(db->ropts);
	leveldb_writeoptions_destroy(db->wopts);
	leveldb_writeoptions_destroy(db->wsync);
	free(db->path);
	free(db);
}

int db_read(struct db *db, const void *key, size_t klen, uint8_t **val, size_t *vlen)
{
	char *err = NULL, *v;

	v = leveldb_get(db->ldb, db->ropts, key, klen, vlen, &err);
	if (err) {
		db_log_error(db, "read", err);
		return -EIO;
	}
	if (!v)
		return -ENOENT;
	*val = xmalloc(*vlen);
	memcpy(*val, v, *vlen);
	leveldb_free(v);
	return 0;
}

int db_exists(struct db *db, const void *key, size_t klen)
{
	uint8_t *v;
	size_t n;
	int err = db_read(db, key, klen, &v, &n);

	if (err == -ENOENT)
		return 0;
	if (err < 0)
		return err;
	free(v);
	return 1;
}

struct db_batch *db_batch_new(void)
{
	struct db_batch *b = xcalloc(1, sizeof(*b));

	b->wb = leveldb_writebatch_create();
	return b;
}

void db_batch_put(struct db_batch *b, const void *key, size_t klen, const void *val, size_t vlen)
{
	leveldb_writebatch_put(b->wb, key, klen, val, vlen);
}

void db_batch_erase(struct db_batch *b, const void *key, size_t klen)
{
	leveldb_writebatch_delete(b->wb, key, klen);
}

int db_write(struct db *db, struct db_batch *b, bool sync)
{
	char *err = NULL;

	leveldb_write(db->ldb, sync ? db->wsync : db->wopts, b->wb, &err);
	if (err) {
		db_log_error(db, "write", err);
		return -EIO;
	}
	return 0;
}

void db_batch_free(struct db_batch *b)
{
	if (!b)
		return;
	leveldb_writebatch_destroy(b->wb);
	free(b);
}

struct db_iter *db_iter_new(struct db *db, const void *prefix, size_t plen)
{
	struct db_iter *it = xcalloc(1, sizeof(*it));

	it->db = db;
	it->it = leveldb_create_iterator(db->ldb, db->ropts);
	it->prefix = xmalloc(plen);
	memcpy(it->prefix, prefix, plen);
	it->plen = plen;
	leveldb_iter_seek(it->it, prefix, plen);
	return it;
}

bool db_iter_next(struct db_iter *it, const uint8_t **key, size_t *klen, const uint8_t **val,
		  size_t *vlen)
{
	if (it->started)
		leveldb_iter_next(it->it);
	it->started = true;
	if (!leveldb_iter_valid(it->it))
		return false;
	*key = (const uint8_t *)leveldb_iter_key(it->it, klen);
	if (*klen < it->plen || memcmp(*key, it->prefix, it->plen) != 0)
		return false;
	*val = (const uint8_t *)leveldb_iter_value(it->it, vlen);
	return true;
}

int db_iter_free(struct db_iter *it)
{
	char *err = NULL;
	int ret = 0;

	leveldb_iter_get_error(it->it, &err);
	if (err) {
		db_log_error(it->db, "iteration", err);
		ret = -EIO;
	}
	leveldb_iter_destroy(it->it);
	free(it->prefix);
	free(it);
	return ret;
}
