/* SPDX-License-Identifier: MIT */
/* Script associative arrays: up to 9 keys of mixed long/string type, values long, string
 * or statistics. Insertion order is kept (a list threaded through the entries) and
 * hashing is only for lookup, as in stap's runtime/map.c. Sized (`global a[N]`) and
 * wrapping (`global a%`) arrays, MAXMAPENTRIES, stable in-place merge sort and stap's
 * partial sort for `limit`. Entries are recycled, never freed while the map lives, so an
 * iterator can never point to freed memory. All memory comes from a struct vm_mem. */
#ifndef UTAP_VM_MAP_H
#define UTAP_VM_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "vm/mem.h"
#include "vm/stat.h"

#define MAP_MAX_KEYS 9

enum map_type { MAP_LONG, MAP_STR, MAP_STAT };

struct map_desc {
	int nkeys;
	uint32_t strkeys; /* bit i set: key column i is a string */
	enum map_type vtype;
	int64_t maxentries;    /* the array's capacity (its [N] or MAXMAPENTRIES) */
	bool wrap;	       /* global a%: replace the oldest entry when full */
	struct stat_desc stat; /* MAP_STAT */
	uint32_t maxstringlen; /* strings are cut to maxstringlen-1 bytes */
};

/* A key tuple as the VM hands it over: column i is l[i] or (s[i], slen[i]). */
struct map_key {
	int64_t l[MAP_MAX_KEYS];
	const char *s[MAP_MAX_KEYS];
	uint32_t slen[MAP_MAX_KEYS];
};

struct map;
struct map_node;

/* A new empty map; NULL on allocation failure. d is copied. */
struct map *map_new(struct vm_mem *mem, const struct map_desc *d);
void map_free(struct map *m);
const struct map_desc *map_desc(const struct map *m);

/* The entry for k, or NULL. */
struct map_node *map_find(const struct map *m, const struct map_key *k);
/* The entry for k, created (zero/""/empty value, appended to the order) if missing.
 * Returns 0, -ENOSPC when the array is full and does not wrap, -ENOMEM. */
int map_lookup_add(struct map *m, const struct map_key *k, struct map_node **out);
/* Fast paths for maps with one long key (map_is_l1). */
bool map_is_l1(const struct map *m);
struct map_node *map_find_l1(const struct map *m, int64_t k);
int map_lookup_add_l1(struct map *m, int64_t k, struct map_node **out);
void map_delete(struct map *m, struct map_node *n);
/* Deletes every entry whose columns match k where bit i of mask is set (slices). */
void map_delete_matching(struct map *m, const struct map_key *k, uint32_t mask);
/* True when some entry matches k on the columns in mask. */
bool map_exists_matching(const struct map *m, const struct map_key *k, uint32_t mask);
void map_clear(struct map *m);
int64_t map_count(const struct map *m);

/* Iteration in the current order; NULL at the end. The node returned by map_next after a
 * deletion of n is unspecified but always a valid node or NULL. */
struct map_node *map_first(const struct map *m);
struct map_node *map_next(const struct map *m, const struct map_node *n);

/* Sort columns: 1..nkeys a key, 0 the value; for stats the value column is chosen by agg.
 * dir: +1 ascending, -1 descending. limit > 0 && <= 30 uses stap's partial sort. */
enum map_sort_agg { MAP_AGG_COUNT, MAP_AGG_SUM, MAP_AGG_MIN, MAP_AGG_MAX, MAP_AGG_AVG };
void map_sort(struct map *m, int column, int dir, enum map_sort_agg agg, int64_t limit);

/* Entry accessors. Key strings stay valid while the entry lives. */
int64_t map_key_long(const struct map_node *n, int col);
const char *map_key_str(const struct map_node *n, int col, uint32_t *len);
int64_t map_get_long(const struct map_node *n);
void map_set_long(struct map_node *n, int64_t v);
int64_t *map_long_ref(struct map_node *n);
/* "" for an entry never assigned. */
const char *map_get_str(const struct map_node *n, uint32_t *len);
/* Replaces (append=false) or appends to the string value, cut at maxstringlen-1 bytes.
 * Returns 0 or -ENOMEM (the old value is kept). */
int map_set_str(struct map *m, struct map_node *n, const char *s, uint32_t len, bool append);
struct vstat *map_get_stat(struct map_node *n);

#endif
