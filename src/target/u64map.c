// SPDX-License-Identifier: MIT
/* Open addressing with linear probing and tombstones (see u64map.h). Capacity is a
 * power of two kept at most half full, so a probe sequence is short and always ends. */
#include <stdlib.h>

#include "target/u64map.h"
#include "util/alloc.h"

#define U64MAP_EMPTY UINT64_MAX
static char u64map_tombstone;
#define U64MAP_TOMB ((void *)&u64map_tombstone)

static size_t u64map_hash(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

static void u64map_grow(struct u64map *m)
{
	struct u64map old = *m;
	size_t cap = old.cap ? old.cap * 2 : 64;

	if (old.n * 4 < old.cap)
		cap = old.cap; /* mostly tombstones: rebuild at the same size */
	m->keys = xmalloc(cap * sizeof(*m->keys));
	m->vals = xcalloc(cap, sizeof(*m->vals));
	m->cap = cap;
	m->n = m->tomb = 0;
	for (size_t i = 0; i < cap; i++)
		m->keys[i] = U64MAP_EMPTY;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i] != U64MAP_EMPTY && old.vals[i] != U64MAP_TOMB)
			u64map_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

static size_t u64map_slot(const struct u64map *m, uint64_t key)
{
	size_t mask = m->cap - 1;
	size_t i = u64map_hash(key) & mask;

	while (m->keys[i] != U64MAP_EMPTY && m->keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

void *u64map_get(const struct u64map *m, uint64_t key)
{
	if (!m->cap)
		return NULL;
	size_t i = u64map_slot(m, key);
	if (m->keys[i] == U64MAP_EMPTY || m->vals[i] == U64MAP_TOMB)
		return NULL;
	return m->vals[i];
}

void u64map_put(struct u64map *m, uint64_t key, void *val)
{
	if ((m->n + m->tomb + 1) * 2 > m->cap)
		u64map_grow(m);
	size_t i = u64map_slot(m, key);
	if (m->keys[i] == U64MAP_EMPTY) {
		m->keys[i] = key;
		m->n++;
	} else if (m->vals[i] == U64MAP_TOMB) {
		m->tomb--;
		m->n++;
	}
	m->vals[i] = val;
}

void *u64map_del(struct u64map *m, uint64_t key)
{
	if (!m->cap)
		return NULL;
	size_t i = u64map_slot(m, key);
	if (m->keys[i] == U64MAP_EMPTY || m->vals[i] == U64MAP_TOMB)
		return NULL;
	void *v = m->vals[i];
	m->vals[i] = U64MAP_TOMB;
	m->n--;
	m->tomb++;
	return v;
}

void u64map_free(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	*m = (struct u64map){0};
}

int u64map_next(const struct u64map *m, size_t *i, uint64_t *key, void **val)
{
	for (; *i < m->cap; (*i)++) {
		if (m->keys[*i] != U64MAP_EMPTY && m->vals[*i] != U64MAP_TOMB) {
			*key = m->keys[*i];
			*val = m->vals[*i];
			(*i)++;
			return 1;
		}
	}
	return 0;
}
