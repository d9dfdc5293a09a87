/* SPDX-License-Identifier: MIT */
/* A small open-addressing hash map from uint64_t keys to pointers, for the per-stop
 * lookups of the ptrace backend (tid -> thread, address -> breakpoint). Keys are any
 * value except UINT64_MAX; values are never NULL. Zero-initialised means empty. */
#ifndef UTAP_TARGET_U64MAP_H
#define UTAP_TARGET_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map {
	uint64_t *keys;
	void **vals;
	size_t cap, n, tomb;
};

/* The value for key, or NULL. */
void *u64map_get(const struct u64map *m, uint64_t key);
/* Inserts or replaces (val must not be NULL). */
void u64map_put(struct u64map *m, uint64_t key, void *val);
/* Removes key; returns its value or NULL. */
void *u64map_del(struct u64map *m, uint64_t key);
void u64map_free(struct u64map *m);
/* Iteration: for (size_t i = 0; u64map_next(m, &i, &k, &v);) ... (no changes meanwhile). */
int u64map_next(const struct u64map *m, size_t *i, uint64_t *key, void **val);

#endif
