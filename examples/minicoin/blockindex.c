// SPDX-License-Identifier: MIT
/* The block index map (chained hashing on the first bytes of the block hash, which are
 * uniformly distributed) and the active chain array. No locking: chain.c holds cs_main. */
#include "blockindex.h"

#include "alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct block_map {
	struct block_index **buckets;
	size_t nbuckets, count;
};

struct block_map *block_map_new(void)
{
	struct block_map *m = xcalloc(1, sizeof(*m));

	m->nbuckets = 1024;
	m->buckets = xcalloc(m->nbuckets, sizeof(*m->buckets));
	return m;
}

void block_map_free(struct block_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct block_index *e = m->buckets[i];

		while (e) {
			struct block_index *next = e->next_in_bucket;

			free(e);
			e = next;
		}
	}
	free(m->buckets);
	free(m);
}

static size_t bucket_of(const struct u256 *h, size_t nbuckets)
{
	uint64_t v;

	memcpy(&v, h->b, sizeof(v));
	return (size_t)(v % nbuckets);
}

struct block_index *block_map_find(const struct block_map *m, const struct u256 *hash)
{
	for (struct block_index *e = m->buckets[bucket_of(hash, m->nbuckets)]; e;
	     e = e->next_in_bucket)
		if (u256_eq(&e->hash, hash))
			return e;
	return NULL;
}

static void block_map_grow(struct block_map *m)
{
	size_t n = m->nbuckets * 2;
	struct block_index **b = xcalloc(n, sizeof(*b));

	for (size_t i = 0; i < m->nbuckets; i++) {
		struct block_index *e = m->buckets[i];

		while (e) {
			struct block_index *next = e->next_in_bucket;
			size_t k = bucket_of(&e->hash, n);

			e->next_in_bucket = b[k];
			b[k] = e;
			e = next;
		}
	}
	free(m->buckets);
	m->buckets = b;
	m->nbuckets = n;
}

int block_map_insert(struct block_map *m, struct block_index *e)
{
	size_t k;

	if (block_map_find(m, &e->hash))
		return -EEXIST;
	if (m->count >= m->nbuckets)
		block_map_grow(m);
	k = bucket_of(&e->hash, m->nbuckets);
	e->next_in_bucket = m->buckets[k];
	m->buckets[k] = e;
	m->count++;
	return 0;
}

size_t block_map_count(const struct block_map *m)
{
	return m->count;
}

void block_map_foreach(const struct block_map *m, void (*fn)(struct block_index *, void *),
		       void *arg)
{
	for (size_t i = 0; i < m->nbuckets; i++)
		for (struct block_index *e = m->buckets[i]; e; e = e->next_in_bucket)
			fn(e, arg);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int64_t block_index_mtp(const struct block_index *e)
{
	int64_t t[11];
	int n = 0;

	for (; e && n < 11; e = e->prev)
		t[n++] = e->hdr.time;
	qsort(t, (size_t)n, sizeof(t[0]), cmp_i64);
	return t[n / 2];
}

static int invert_lowest_one(int n)
{
	return n & (n - 1);
}

/* Core's GetSkipHeight: a deterministic ancestor height that makes ancestor lookups
 * logarithmic. */
static int skip_height(int height)
{
	if (height < 2)
		return 0;
	return (height & 1) ? invert_lowest_one(invert_lowest_one(height - 1)) + 1
			    : invert_lowest_one(height);
}

struct block_index *block_index_ancestor(struct block_index *e, int height)
{
	int walk;

	if (!e || height < 0 || height > e->height)
		return NULL;
	for (walk = e->height; walk > height;) {
		int hs = skip_height(walk), hs_prev = skip_height(walk - 1);

		/* follow skip unless prev->skip gets closer to the target */
		if (e->skip &&
		    (hs == height || (hs > height && !(hs_prev < hs - 2 && hs_prev >= height)))) {
			e = e->skip;
			walk = hs;
		} else {
			e = e->prev;
			walk--;
		}
	}
	return e;
}

void block_index_build_skip(struct block_index *e)
{
	e->skip = e->prev ? block_index_ancestor(e->prev, skip_height(e->height)) : NULL;
}

void active_chain_set_tip(struct active_chain *c, struct block_index *tip)
{
	if (!tip) {
		c->n = 0;
		return;
	}
	if (tip->height + 1 > c->cap) {
		c->cap = (tip->height + 1) * 2;
		c->v = xrealloc(c->v, (size_t)c->cap * sizeof(*c->v));
	}
	/* like vChain.resize(): slots past the old end start out empty */
	for (int h = c->n; h <= tip->height; h++)
		c->v[h] = NULL;
	c->n = tip->height + 1;
	while (tip && c->v[tip->height] != tip) {
		c->v[tip->height] = tip;
		tip = tip->prev;
	}
}

struct block_index *active_chain_tip(const struct active_chain *c)
{
	return c->n ? c->v[c->n - 1] : NULL;
}

struct block_index *active_chain_at(const struct active_chain *c, int height)
{
	return height >= 0 && height < c->n ? c->v[height] : NULL;
}

int active_chain_height(const struct active_chain *c)
{
	return c->n - 1;
}

bool active_chain_contains(const struct active_chain *c, const struct block_index *e)
{
	return e && active_chain_at(c, e->height) == e;
}

void active_chain_free(struct active_chain *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}
