// SPDX-License-Identifier: MIT
/* Chainstate management after Core's validation.cpp (2018): LoadBlockIndex,
 * LoadGenesisBlock, AcceptBlock, ConnectTip, UpdateTip, IsInitialBlockDownload and
 * FlushStateToDisk. Consensus rules themselves are in validation.c. The node only ever
 * extends its own tip, so there are no forks to reorganize between. */
#include "chain.h"

#include "alloc.h"
#include "blockstore.h"
#include "coins.h"
#include "coinsdb.h"
#include "db.h"
#include "log.h"
#include "pow.h"
#include "probes.h"
#include "shutdown.h"
#include "validation.h"
#include "versionbits.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define DB_BLOCK_INDEX 'b'
#define DB_LAST_BLOCK 'l'
#define CLIENT_VERSION 160000
#define DATABASE_WRITE_INTERVAL (60 * 60)
#define DATABASE_FLUSH_INTERVAL (24 * 60 * 60)
#define MAX_BLOCK_COINSDB_USAGE (10u << 20)
#define VERSIONBITS_LAST_OLD_BLOCK_VERSION 4

struct chainstate {
	const struct chainparams *params;
	pthread_mutex_t cs_main;
	struct block_map *map;
	struct active_chain chain;
	struct block_index *best_header;
	struct block_index *best_candidate; /* most work with data: where the tip should go */
	struct blockstore *store;
	struct db *index_db;
	struct coinsdb *coinsdb;
	struct coins_cache *coins;
	size_t cache_limit;
	int64_t max_tip_age;
	atomic_bool ibd_latched;
	int64_t last_write, last_flush;
	char *warning;
};

void chain_lock(struct chainstate *cs)
{
	pthread_mutex_lock(&cs->cs_main);
}

void chain_unlock(struct chainstate *cs)
{
	pthread_mutex_unlock(&cs->cs_main);
}

/* FormatISO8601DateTime */
static void iso_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- the block index database (CDiskBlockIndex records) ---------------------------- */

static void index_record(const struct block_index *e, struct wbuf *v)
{
	uint8_t hdr[HEADER_SIZE];

	wbuf_varint(v, CLIENT_VERSION);
	wbuf_varint(v, (uint64_t)e->height);
	wbuf_varint(v, e->status);
	wbuf_varint(v, e->ntx);
	if (e->status & BLOCK_HAVE_DATA) {
		wbuf_varint(v, (uint64_t)e->file);
		wbuf_varint(v, e->data_pos);
	}
	header_serialize(&e->hdr, hdr);
	wbuf_put(v, hdr, sizeof(hdr));
}

static struct block_index *index_parse(const uint8_t *key, const uint8_t *v, size_t vlen)
{
	struct block_index *e = xcalloc(1, sizeof(*e));
	uint8_t hdr[HEADER_SIZE];
	struct rbuf r;

	rbuf_init(&r, v, vlen);
	rbuf_varint(&r); /* writer's client version */
	e->height = (int)rbuf_varint(&r);
	e->status = (uint32_t)rbuf_varint(&r);
	e->ntx = (uint32_t)rbuf_varint(&r);
	if (e->status & BLOCK_HAVE_DATA) {
		e->file = (int)rbuf_varint(&r);
		e->data_pos = (uint32_t)rbuf_varint(&r);
	}
	rbuf_read(&r, hdr, sizeof(hdr));
	header_deserialize(&e->hdr, hdr);
	memcpy(e->hash.b, key + 1, 32);
	if (r.err || rbuf_left(&r) || e->height < 0) {
		free(e);
		return NULL;
	}
	return e;
}

static int index_write(struct chainstate *cs, const struct block_index *e, bool sync)
{
	struct db_batch *b = db_batch_new();
	struct wbuf k = {0}, v = {0}, last = {0};
	int err;

	wbuf_u8(&k, DB_BLOCK_INDEX);
	wbuf_put(&k, e->hash.b, 32);
	index_record(e, &v);
	wbuf_u32(&last, (uint32_t)blockstore_last_file(cs->store));
	db_batch_put(b, k.data, k.len, v.data, v.len);
	db_batch_put(b, (const uint8_t[]){DB_LAST_BLOCK}, 1, last.data, last.len);
	err = db_write(cs->index_db, b, sync);
	db_batch_free(b);
	wbuf_free(&k);
	wbuf_free(&v);
	wbuf_free(&last);
	return err;
}

static bool is_candidate(const struct block_index *e)
{
	return (e->status & BLOCK_HAVE_DATA) && !(e->status & BLOCK_FAILED_VALID) && e->chain_tx;
}

/* Keeps best_header and best_candidate (Core's setBlockIndexCandidates, reduced to its
 * maximum) current as entries are added. */
static void note_entry(struct chainstate *cs, struct block_index *e)
{
	if (!cs->best_header || arith_cmp(&e->chainwork, &cs->best_header->chainwork) > 0)
		cs->best_header = e;
	if (is_candidate(e) &&
	    (!cs->best_candidate || arith_cmp(&e->chainwork, &cs->best_candidate->chainwork) > 0))
		cs->best_candidate = e;
}

static void rescan_entry(struct block_index *e, void *arg)
{
	note_entry(arg, e);
}

static int cmp_height(const void *a, const void *b)
{
	const struct block_index *x = *(struct block_index *const *)a;
	const struct block_index *y = *(struct block_index *const *)b;

	return (x->height > y->height) - (x->height < y->height);
}

struct collect {
	struct block_index **v;
	size_t n;
};

static void collect_entry(struct block_index *e, void *arg)
{
	struct collect *c = arg;

	c->v[c->n++] = e;
}

/* Links parents and computes chain work and transaction counts in height order. */
static int index_link(struct chainstate *cs)
{
	struct collect c = {xcalloc(block_map_count(cs->map) + 1, sizeof(*c.v)), 0};
	struct arith256 proof;
	int err = 0;

	block_map_foreach(cs->map, collect_entry, &c);
	qsort(c.v, c.n, sizeof(*c.v), cmp_height);
	for (size_t i = 0; i < c.n; i++) {
		struct block_index *e = c.v[i];

		if (e->height > 0) {
			e->prev = block_map_find(cs->map, &e->hdr.prev);
			if (!e->prev || e->prev->height != e->height - 1) {
				err = -EINVAL;
				break;
			}
		}
		if (!pow_check(&e->hash, e->hdr.bits, cs->params)) {
			log_printf("LoadBlockIndex(): CheckProofOfWork failed\n");
			err = -EINVAL;
			break;
		}
		block_index_build_skip(e);
		pow_block_proof(e->hdr.bits, &proof);
		e->chainwork = e->prev ? e->prev->chainwork : (struct arith256){{0}};
		arith_add(&e->chainwork, &proof);
		e->chain_tx =
		    e->prev ? (e->prev->chain_tx ? e->prev->chain_tx + e->ntx : 0) : e->ntx;
		note_entry(cs, e);
	}
	free(c.v);
	return err;
}

static int index_load(struct chainstate *cs, int *last_file)
{
	static const uint8_t prefix = DB_BLOCK_INDEX;
	struct db_iter *it = db_iter_new(cs->index_db, &prefix, 1);
	const uint8_t *k, *v;
	size_t kl, vl;
	uint8_t *lv;
	int err = 0;

	while (db_iter_next(it, &k, &kl, &v, &vl)) {
		struct block_index *e = kl == 33 ? index_parse(k, v, vl) : NULL;

		if (!e || block_map_insert(cs->map, e) < 0) {
			free(e);
			err = -EINVAL;
			break;
		}
	}
	if (db_iter_free(it) < 0)
		err = -EIO;
	if (!err)
		err = index_link(cs);
	*last_file = 0;
	if (!err && db_read(cs->index_db, (const uint8_t[]){DB_LAST_BLOCK}, 1, &lv, &vl) == 0) {
		if (vl == 4)
			*last_file = (int)((uint32_t)lv[0] | (uint32_t)lv[1] << 8 |
					   (uint32_t)lv[2] << 16 | (uint32_t)lv[3] << 24);
		free(lv);
	}
	return err;
}

/* --- storing and reading blocks --------------------------------------------------- */

/* AddToBlockIndex + ReceivedBlockTransactions: write the block, then its index entry. */
static int store_block(struct chainstate *cs, const struct block *b, const struct u256 *hash,
		       struct block_index *prev, struct block_index **out)
{
	struct block_index *e = xcalloc(1, sizeof(*e));
	struct wbuf raw = {0};
	struct arith256 proof;
	int err;

	block_serialize(b, &raw, true);
	err = blockstore_append(cs->store, raw.data, raw.len, &e->file, &e->data_pos);
	wbuf_free(&raw);
	if (err) {
		log_printf("*** Failed to write block: %s\n", strerror(-err));
		free(e);
		return -EIO;
	}
	e->hash = *hash;
	e->hdr = b->hdr;
	e->prev = prev;
	e->height = prev ? prev->height + 1 : 0;
	e->status = BLOCK_HAVE_DATA | BLOCK_VALID_SCRIPTS;
	e->ntx = (uint32_t)b->ntx;
	pow_block_proof(b->hdr.bits, &proof);
	e->chainwork = prev ? prev->chainwork : (struct arith256){{0}};
	arith_add(&e->chainwork, &proof);
	e->chain_tx = (prev ? prev->chain_tx : 0) + e->ntx;
	block_index_build_skip(e);
	block_map_insert(cs->map, e);
	note_entry(cs, e);
	*out = e;
	return index_write(cs, e, false);
}

int chain_read_block(struct chainstate *cs, const struct block_index *e, struct block *out)
{
	uint8_t *raw;
	size_t len;
	struct u256 hash;
	int err;

	if (BITCOIN_READ_BLOCK_FROM_DISK_ENABLED())
		BITCOIN_READ_BLOCK_FROM_DISK(e->height, e->file);
	err = blockstore_read(cs->store, e->file, e->data_pos, &raw, &len);
	if (err) {
		log_printf("ReadBlockFromDisk: OpenBlockFile failed for file %d pos %u\n", e->file,
			   e->data_pos);
		return -EIO;
	}
	err = block_deserialize(out, raw, len);
	free(raw);
	if (err) {
		log_printf("ReadBlockFromDisk: Deserialize or I/O error at file %d pos %u\n",
			   e->file, e->data_pos);
		return -EIO;
	}
	header_hash(&out->hdr, &hash);
	if (!u256_eq(&hash, &e->hash)) {
		char h[65];

		u256_hex(&e->hash, h);
		log_printf("ReadBlockFromDisk(CBlock&, CBlockIndex*): GetHash() doesn't match "
			   "index for %s at file %d pos %u\n",
			   h, e->file, e->data_pos);
		block_clear(out);
		return -EIO;
	}
	return 0;
}

/* --- IBD, UpdateTip, ConnectTip --------------------------------------------------- */

bool chain_is_ibd(struct chainstate *cs)
{
	struct block_index *tip;

	if (atomic_load(&cs->ibd_latched))
		return false;
	tip = active_chain_tip(&cs->chain);
	if (!tip)
		return true;
	/* minimum chain work is 0 on regtest, so only the tip's age can keep us in IBD */
	if ((int64_t)tip->hdr.time < (int64_t)time(NULL) - cs->max_tip_age)
		return true;
	log_printf("Leaving InitialBlockDownload (latching to false)\n");
	if (BITCOIN_FINISH_IBD_ENABLED())
		BITCOIN_FINISH_IBD();
	atomic_store(&cs->ibd_latched, true);
	return false;
}

double chain_progress(struct chainstate *cs, const struct block_index *e)
{
	const struct chainparams *p = cs->params;
	int64_t now = time(NULL);
	double total;

	if (!e)
		return 0.0;
	if ((int64_t)e->chain_tx <= p->txdata_count)
		total = (double)p->txdata_count + (double)(now - p->txdata_time) * p->txdata_rate;
	else
		total = (double)e->chain_tx + (double)(now - (int64_t)e->hdr.time) * p->txdata_rate;
	return (double)e->chain_tx / total;
}

static void set_warning(struct chainstate *cs, const char *w)
{
	free(cs->warning);
	cs->warning = xstrdup(w);
}

/* UpdateTip's upgrade check: blocks whose version sets bits our rules do not expect. */
static int unexpected_versions(struct chainstate *cs, struct block_index *e)
{
	int n = 0;

	for (int i = 0; i < 100 && e; i++, e = e->prev) {
		int32_t expected = versionbits_block_version(cs->params, e->prev);

		if (e->hdr.version > VERSIONBITS_LAST_OLD_BLOCK_VERSION &&
		    (e->hdr.version & ~expected) != 0)
			n++;
	}
	return n;
}

static void update_tip(struct chainstate *cs, struct block_index *e)
{
	char hash[65], date[32], warning[96] = "";
	double progress = chain_progress(cs, e);
	size_t ncoins = coins_count(cs->coins), bytes = coins_usage(cs->coins);

	/* Checked before the log line: for the first block younger than -maxtipage this is
	 * the call that latches, so "Leaving InitialBlockDownload" precedes its UpdateTip. */
	if (!chain_is_ibd(cs)) {
		int n = unexpected_versions(cs, e);

		if (n > 0)
			snprintf(warning, sizeof(warning),
				 " warning='%d of last 100 blocks have "
				 "unexpected version'",
				 n);
		if (n > 100 / 2)
			set_warning(cs, "Warning: Unknown block versions being mined! It's "
					"possible unknown rules are in effect");
	}
	u256_hex(&e->hash, hash);
	iso_time(e->hdr.time, date);
	if (BITCOIN_UPDATE_TIP_ENABLED())
		BITCOIN_UPDATE_TIP(hash, e->height, ncoins, bytes, (size_t)(progress * 1000000.0));
	log_printf("UpdateTip: new best=%s height=%d version=0x%08x log2_work=%.8g tx=%lu "
		   "date='%s' progress=%f cache=%.1fMiB(%utxo)%s\n",
		   hash, e->height, (unsigned)e->hdr.version,
		   log(arith_to_double(&e->chainwork)) / log(2.0), (unsigned long)e->chain_tx, date,
		   progress, (double)bytes * (1.0 / 1024 / 1024), (unsigned)ncoins, warning);
}

static int flush_locked(struct chainstate *cs, enum flush_mode mode);

/* ConnectTip: apply the block to the coins, maybe flush, then move the tip. */
static int connect_tip(struct chainstate *cs, struct block_index *e, const struct block *known,
		       char *reject, size_t rlen)
{
	struct block disk;
	const struct block *b = known;
	int err;

	if (!b) {
		err = chain_read_block(cs, e, &disk);
		if (err)
			return snprintf(reject, rlen, "failed to read block"), err;
		b = &disk;
	}
	err = validation_connect_block(b, e, cs->coins, cs->params, reject, rlen);
	if (b == &disk)
		block_clear(&disk);
	if (err) {
		char hash[65];

		u256_hex(&e->hash, hash);
		log_printf("ERROR: ConnectTip(): ConnectBlock %s failed, %s\n", hash, reject);
		if (err == -EINVAL) {
			e->status |= BLOCK_FAILED_VALID;
			index_write(cs, e, false);
			cs->best_candidate = NULL;
			block_map_foreach(cs->map, rescan_entry, cs);
		}
		return err;
	}
	err = flush_locked(cs, FLUSH_IF_NEEDED);
	if (err)
		return snprintf(reject, rlen, "failed to flush"), err;
	active_chain_set_tip(&cs->chain, e);
	update_tip(cs, e);
	return 0;
}

/* ActivateBestChain without reorganizations: connect the path from the tip to the
 * stored block with the most work. known_entry/known may supply one block's data so
 * that a block just received is not read back from disk. */
static int activate_locked(struct chainstate *cs, const struct block_index *known_entry,
			   const struct block *known, char *reject, size_t rlen)
{
	struct block_index *best = cs->best_candidate, *tip = active_chain_tip(&cs->chain), **path;
	int n, count, err = 0;

	if (!best || (tip && arith_cmp(&best->chainwork, &tip->chainwork) <= 0))
		return 0;
	if (tip && block_index_ancestor(best, tip->height) != tip) {
		log_printf("ActivateBestChain: the best stored chain does not extend the tip\n");
		snprintf(reject, rlen, "bad-fork-prior-to-tip");
		return -EINVAL;
	}
	count = n = best->height - (tip ? tip->height : -1);
	path = xcalloc((size_t)count, sizeof(*path));
	for (struct block_index *e = best; e != tip; e = e->prev)
		path[--n] = e;
	for (int i = 0; !err && i < count; i++)
		err = connect_tip(cs, path[i], path[i] == known_entry ? known : NULL, reject, rlen);
	free(path);
	if (!err)
		err = flush_locked(cs, FLUSH_PERIODIC);
	return err;
}

/* --- flushing -------------------------------------------------------------------- */

/* AbortNode: a failed write leaves memory ahead of disk, so the node stops. */
static int abort_node(const char *msg)
{
	log_printf("*** %s\n", msg);
	log_printf("Error: A fatal internal error occurred, see debug.log for details\n");
	shutdown_request();
	return -EIO;
}

static int index_sync(struct chainstate *cs)
{
	struct db_batch *b = db_batch_new();
	struct wbuf last = {0};
	int err;

	wbuf_u32(&last, (uint32_t)blockstore_last_file(cs->store));
	db_batch_put(b, (const uint8_t[]){DB_LAST_BLOCK}, 1, last.data, last.len);
	err = db_write(cs->index_db, b, true);
	db_batch_free(b);
	wbuf_free(&last);
	return err;
}

/* FlushStateToDisk: the coins go to disk when the cache is over its limit (IF_NEEDED),
 * nearly full at a quiet moment (PERIODIC), a day old, or at shutdown (ALWAYS). */
static int flush_locked(struct chainstate *cs, enum flush_mode mode)
{
	int64_t now = time(NULL);
	size_t usage = coins_usage(cs->coins), total = cs->cache_limit;
	size_t large = total > MAX_BLOCK_COINSDB_USAGE ? total - MAX_BLOCK_COINSDB_USAGE : 0;
	bool full, periodic_write;
	int err;

	if (large < total / 10 * 9)
		large = total / 10 * 9;
	if (!cs->last_write)
		cs->last_write = now;
	if (!cs->last_flush)
		cs->last_flush = now;
	periodic_write = mode == FLUSH_PERIODIC && now > cs->last_write + DATABASE_WRITE_INTERVAL;
	full = mode == FLUSH_ALWAYS || (mode == FLUSH_PERIODIC && usage > large) ||
	       (mode == FLUSH_IF_NEEDED && usage > total) ||
	       (mode == FLUSH_PERIODIC && now > cs->last_flush + DATABASE_FLUSH_INTERVAL);
	if (full || periodic_write) {
		if (blockstore_sync(cs->store) < 0 || index_sync(cs) < 0)
			return abort_node("Failed to write to block index database");
		cs->last_write = now;
	}
	if (full) {
		err = coins_flush(cs->coins);
		if (err && err != -ENOENT)
			return abort_node("Failed to write to coin database");
		cs->last_flush = now;
	}
	return 0;
}

int chain_flush(struct chainstate *cs, enum flush_mode mode)
{
	int err;

	chain_lock(cs);
	err = flush_locked(cs, mode);
	chain_unlock(cs);
	return err;
}

/* --- the public entry points ------------------------------------------------------ */

int chain_activate_best(struct chainstate *cs)
{
	char reject[128] = "";
	int err;

	chain_lock(cs);
	err = activate_locked(cs, NULL, NULL, reject, sizeof(reject));
	chain_unlock(cs);
	return err;
}

int chain_process_block(struct chainstate *cs, const struct block *b, char *reject, size_t rlen)
{
	struct block_index *prev, *e;
	struct u256 hash;
	int err;

	header_hash(&b->hdr, &hash);
	err = validation_check_block(b, &hash, cs->params, reject, rlen);
	if (err)
		goto fail;
	chain_lock(cs);
	e = block_map_find(cs->map, &hash);
	if (e && (e->status & BLOCK_HAVE_DATA)) {
		chain_unlock(cs);
		return 0; /* already have it: nothing to do, as in AcceptBlock */
	}
	prev = block_map_find(cs->map, &b->hdr.prev);
	if (!prev) {
		err = -EINVAL;
		snprintf(reject, rlen, "prev-blk-not-found");
	} else if (prev->status & BLOCK_FAILED_VALID) {
		err = -EINVAL;
		snprintf(reject, rlen, "bad-prevblk");
	} else {
		err = validation_contextual_check(b, prev, cs->params, time(NULL), reject, rlen);
	}
	if (!err)
		err = store_block(cs, b, &hash, prev, &e);
	if (!err)
		err = activate_locked(cs, e, b, reject, rlen);
	chain_unlock(cs);
	if (!err)
		return 0;
fail:
	log_printf("ERROR: ProcessNewBlock: AcceptBlock FAILED (%s)\n", reject);
	return err;
}

static char *join_path(const char *a, const char *b)
{
	return xasprintf("%s/%s", a, b);
}

/* LoadGenesisBlock: only stores it; ActivateBestChain connects it like any other. */
static int load_genesis(struct chainstate *cs)
{
	struct block g;
	struct block_index *e;
	struct u256 hash, want;
	int err;

	chainparams_genesis(&g);
	header_hash(&g.hdr, &hash);
	u256_from_hex(cs->params->genesis_hash_hex, &want);
	if (!u256_eq(&hash, &want)) {
		block_clear(&g);
		log_printf("Error: genesis block hash mismatch\n");
		return -EINVAL;
	}
	log_printf("Initializing databases...\n");
	err = store_block(cs, &g, &hash, NULL, &e);
	block_clear(&g);
	return err;
}

static int load_tip(struct chainstate *cs)
{
	struct block_index *tip;
	struct u256 best;
	char hash[65], date[32];
	int err = coins_best_block(cs->coins, &best);

	if (err == -ENOENT)
		return 0; /* nothing connected yet */
	if (err)
		return err;
	tip = block_map_find(cs->map, &best);
	if (!tip) {
		log_printf("Error: the coins database refers to an unknown block\n");
		return -EINVAL;
	}
	active_chain_set_tip(&cs->chain, tip);
	u256_hex(&tip->hash, hash);
	iso_time(tip->hdr.time, date);
	log_printf("Loaded best chain: hashBestChain=%s height=%d date=%s progress=%f\n", hash,
		   tip->height, date, chain_progress(cs, tip));
	return 0;
}

static int open_stores(struct chainstate *cs, const struct chain_options *o)
{
	char *blocks = join_path(o->netdir, "blocks"), *index = join_path(blocks, "index");
	char *state = join_path(o->netdir, "chainstate");
	int err = 0, last_file = 0;

	if (mkdir(blocks, 0700) < 0 && errno != EEXIST)
		err = -errno;
	if (!err) {
		log_printf("Opening LevelDB in %s\n", index);
		cs->index_db = db_open(index, o->index_cache_bytes);
		log_printf("Opening LevelDB in %s\n", state);
		cs->coinsdb = coinsdb_open(state, o->coinsdb_cache_bytes);
		err = cs->index_db && cs->coinsdb ? 0 : -EIO;
	}
	if (!err) {
		err = index_load(cs, &last_file);
		if (err)
			log_printf("Error loading block database\n");
	}
	if (!err) {
		log_printf("LoadBlockIndexDB: last block file = %d\n", last_file);
		cs->store = blockstore_open(blocks, cs->params->magic, last_file);
		err = cs->store ? 0 : -EIO;
	}
	free(blocks);
	free(index);
	free(state);
	return err;
}

int chain_open(const struct chainparams *p, const struct chain_options *o, struct chainstate **out)
{
	struct chainstate *cs = xcalloc(1, sizeof(*cs));
	struct u256 genesis;
	int err;

	cs->params = p;
	pthread_mutex_init(&cs->cs_main, NULL);
	cs->map = block_map_new();
	cs->cache_limit = o->coins_cache_bytes;
	cs->max_tip_age = o->max_tip_age;
	cs->warning = xstrdup("");
	err = open_stores(cs, o);
	if (!err) {
		cs->coins = coins_cache_new(cs->coinsdb);
		u256_from_hex(p->genesis_hash_hex, &genesis);
		if (block_map_count(cs->map) == 0) {
			err = load_genesis(cs);
		} else if (!block_map_find(cs->map, &genesis)) {
			log_printf("Error: Incorrect or no genesis block found. Wrong datadir for "
				   "network?\n");
			err = -EINVAL;
		}
	}
	if (!err)
		err = load_tip(cs);
	if (err) {
		chain_close(cs);
		return err;
	}
	*out = cs;
	return 0;
}

void chain_close(struct chainstate *cs)
{
	if (!cs)
		return;
	coins_cache_free(cs->coins);
	coinsdb_close(cs->coinsdb);
	db_close(cs->index_db);
	blockstore_close(cs->store);
	active_chain_free(&cs->chain);
	block_map_free(cs->map);
	pthread_mutex_destroy(&cs->cs_main);
	free(cs->warning);
	free(cs);
}

/* --- accessors (cs_main held) ------------------------------------------------------ */

const struct chainparams *chain_params(const struct chainstate *cs)
{
	return cs->params;
}

struct block_index *chain_tip(struct chainstate *cs)
{
	return active_chain_tip(&cs->chain);
}

struct block_index *chain_at(struct chainstate *cs, int height)
{
	return active_chain_at(&cs->chain, height);
}

struct block_index *chain_lookup(struct chainstate *cs, const struct u256 *hash)
{
	return block_map_find(cs->map, hash);
}

bool chain_contains(struct chainstate *cs, const struct block_index *e)
{
	return active_chain_contains(&cs->chain, e);
}

struct block_index *chain_best_header(struct chainstate *cs)
{
	return cs->best_header;
}

int chain_get_coin(struct chainstate *cs, const struct outpoint *op, struct coin *out)
{
	return coins_get(cs->coins, op, out);
}

struct block_index *chain_coins_tip(struct chainstate *cs)
{
	struct u256 best;

	if (coins_best_block(cs->coins, &best) < 0)
		return NULL;
	return block_map_find(cs->map, &best);
}

uint64_t chain_disk_usage(struct chainstate *cs)
{
	return blockstore_usage(cs->store);
}

const char *chain_warnings(struct chainstate *cs)
{
	return cs->warning;
}

void chain_cache_stats(struct chainstate *cs, uint64_t *hits, uint64_t *misses)
{
	chain_lock(cs);
	coins_stats(cs->coins, hits, misses);
	chain_unlock(cs);
}
