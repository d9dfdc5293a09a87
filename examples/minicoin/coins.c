// SPDX-License-Identifier: MIT
/* A chained hash map from outpoint to coin, with Core's memory accounting (memusage.h:
 * every malloc rounded up to 16 bytes plus 16 of overhead) so that -dbcache limits and
 * the UpdateTip "cache=" field mean what they mean in Core. minicoin's blocks spend
 * nothing, so entries are either DIRTY (new) or clean (read from the database); Core's
 * FRESH flag only matters for spends and is not needed. */
#include "coins.h"

#include "alloc.h"
#include "probes.h"
#include "script.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define COIN_DIRTY 1u

struct coins_entry {
	struct outpoint op;
	struct coin coin;
	unsigned flags;
	struct coins_entry *next;
};

struct coins_cache {
	struct coinsdb *base;
	struct coins_entry **buckets;
	size_t nbuckets, count;
	size_t script_usage; /* cachedCoinsUsage */
	struct u256 best;
	bool have_best;
	uint64_t hits, misses;
};

/* memusage::MallocUsage on 64-bit glibc */
static size_t malloc_usage(size_t n)
{
	return n ? ((n + 31) >> 4) << 4 : 0;
}

struct coins_cache *coins_cache_new(struct coinsdb *base)
{
	struct coins_cache *c = xcalloc(1, sizeof(*c));

	c->base = base;
	c->nbuckets = 64;
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	return c;
}

static void coins_clear(struct coins_cache *c)
{
	for (size_t i = 0; i < c->nbuckets; i++) {
		struct coins_entry *e = c->buckets[i];

		while (e) {
			struct coins_entry *next = e->next;

			coin_clear(&e->coin);
			free(e);
			e = next;
		}
		c->buckets[i] = NULL;
	}
	c->count = 0;
	c->script_usage = 0;
}

void coins_cache_free(struct coins_cache *c)
{
	if (!c)
		return;
	coins_clear(c);
	free(c->buckets);
	free(c);
}

/* SaltedOutpointHasher's role; txids are already uniform, so their bytes suffice. */
static size_t bucket_of(const struct outpoint *op, size_t nbuckets)
{
	uint64_t v;

	memcpy(&v, op->txid.b, sizeof(v));
	return (size_t)((v ^ (v >> 29) ^ op->n * 0x9e3779b97f4a7c15ull) % nbuckets);
}

static struct coins_entry *coins_find(const struct coins_cache *c, const struct outpoint *op)
{
	for (struct coins_entry *e = c->buckets[bucket_of(op, c->nbuckets)]; e; e = e->next)
		if (e->op.n == op->n && u256_eq(&e->op.txid, &op->txid))
			return e;
	return NULL;
}

static void coins_grow(struct coins_cache *c)
{
	size_t n = c->nbuckets * 2;
	struct coins_entry **b = xcalloc(n, sizeof(*b));

	for (size_t i = 0; i < c->nbuckets; i++) {
		struct coins_entry *e = c->buckets[i];

		while (e) {
			struct coins_entry *next = e->next;
			size_t k = bucket_of(&e->op, n);

			e->next = b[k];
			b[k] = e;
			e = next;
		}
	}
	free(c->buckets);
	c->buckets = b;
	c->nbuckets = n;
}

static struct coins_entry *coins_insert(struct coins_cache *c, const struct outpoint *op,
					const struct coin *coin, unsigned flags)
{
	struct coins_entry *e = xcalloc(1, sizeof(*e));
	size_t k;

	if (c->count >= c->nbuckets)
		coins_grow(c);
	e->op = *op;
	coin_copy(&e->coin, coin);
	e->flags = flags;
	k = bucket_of(op, c->nbuckets);
	e->next = c->buckets[k];
	c->buckets[k] = e;
	c->count++;
	c->script_usage += malloc_usage(coin->script.len);
	return e;
}

/* FetchCoin: the one place that counts hits and misses. */
static int coins_fetch(struct coins_cache *c, const struct outpoint *op, struct coins_entry **out)
{
	struct coin tmp;
	int err;

	*out = coins_find(c, op);
	if (*out) {
		c->hits++;
		if (BITCOIN_CACHE_HIT_ENABLED())
			BITCOIN_CACHE_HIT();
		return 0;
	}
	c->misses++;
	if (BITCOIN_CACHE_MISS_ENABLED())
		BITCOIN_CACHE_MISS();
	err = coinsdb_get(c->base, op, &tmp);
	if (err)
		return err == -EINVAL ? -EIO : err;
	*out = coins_insert(c, op, &tmp, 0);
	coin_clear(&tmp);
	return 0;
}

int coins_get(struct coins_cache *c, const struct outpoint *op, struct coin *out)
{
	struct coins_entry *e;
	int err = coins_fetch(c, op, &e);

	if (err)
		return err;
	coin_copy(out, &e->coin);
	return 0;
}

int coins_have(struct coins_cache *c, const struct outpoint *op)
{
	struct coins_entry *e;
	int err = coins_fetch(c, op, &e);

	if (err == -ENOENT)
		return 0;
	return err ? err : 1;
}

void coins_add(struct coins_cache *c, const struct outpoint *op, const struct coin *coin)
{
	struct coins_entry *e;

	if (script_is_unspendable(coin->script.p, coin->script.len))
		return;
	e = coins_find(c, op);
	if (e) {
		/* overwriting a coinbase output (possible_overwrite in Core) */
		c->script_usage -= malloc_usage(e->coin.script.len);
		coin_clear(&e->coin);
		coin_copy(&e->coin, coin);
		c->script_usage += malloc_usage(coin->script.len);
		e->flags |= COIN_DIRTY;
		return;
	}
	coins_insert(c, op, coin, COIN_DIRTY);
}

void coins_set_best_block(struct coins_cache *c, const struct u256 *hash)
{
	c->best = *hash;
	c->have_best = true;
}

int coins_best_block(struct coins_cache *c, struct u256 *out)
{
	int err;

	if (!c->have_best) {
		err = coinsdb_best_block(c->base, &c->best);
		if (err)
			return err;
		c->have_best = true;
	}
	*out = c->best;
	return 0;
}

int coins_flush(struct coins_cache *c)
{
	struct coinsdb_batch *b;
	struct u256 best;
	int err;

	err = coins_best_block(c, &best);
	if (err)
		return err; /* nothing connected yet: there is no state to write */
	if (BITCOIN_CACHE_FLUSH_ENABLED())
		BITCOIN_CACHE_FLUSH(coins_count(c), coins_usage(c));
	b = coinsdb_batch_new(c->base);
	for (size_t i = 0; i < c->nbuckets; i++)
		for (struct coins_entry *e = c->buckets[i]; e; e = e->next)
			if (e->flags & COIN_DIRTY)
				coinsdb_batch_put(b, &e->op, &e->coin);
	err = coinsdb_batch_commit(b, &best);
	coins_clear(c);
	return err;
}

size_t coins_count(const struct coins_cache *c)
{
	return c->count;
}

size_t coins_usage(const struct coins_cache *c)
{
	return malloc_usage(sizeof(struct coins_entry)) * c->count +
	       malloc_usage(sizeof(struct coins_entry *) * c->nbuckets) + c->script_usage;
}

void coins_stats(const struct coins_cache *c, uint64_t *hits, uint64_t *misses)
{
	*hits = c->hits;
	*misses = c->misses;
}
