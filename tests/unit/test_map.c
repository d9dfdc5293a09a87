// SPDX-License-Identifier: MIT
/* Unit tests for src/vm/map.c: insertion order, overwrite/delete/re-insert, mixed keys,
 * sized and wrapping arrays, slices, stable sorting and stap's partial sort, and running
 * out of memory at every allocation. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "vm/map.h"

static struct vm_mem mem;

static struct map *new_map(int nkeys, uint32_t strkeys, enum map_type vt, int64_t max, bool wrap)
{
	struct map_desc d = {.nkeys = nkeys,
			     .strkeys = strkeys,
			     .vtype = vt,
			     .maxentries = max,
			     .wrap = wrap,
			     .maxstringlen = 16};
	return map_new(&mem, &d);
}

static int set_l(struct map *m, int64_t k, int64_t v)
{
	struct map_key key = {.l = {k}};
	struct map_node *n;
	int rc = map_lookup_add(m, &key, &n);
	if (rc == 0)
		map_set_long(n, v);
	return rc;
}

static int64_t get_l(struct map *m, int64_t k)
{
	struct map_key key = {.l = {k}};
	struct map_node *n = map_find(m, &key);
	return n ? map_get_long(n) : -999;
}

/* "k=v k=v ..." in iteration order */
static const char *order(struct map *m)
{
	static char buf[512];
	size_t n = 0;
	buf[0] = 0;
	for (struct map_node *e = map_first(m); e; e = map_next(m, e))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%lld=%lld", n ? " " : "",
				      (long long)map_key_long(e, 0), (long long)map_get_long(e));
	return buf;
}

static void test_order(void)
{
	struct map *m = new_map(1, 0, MAP_LONG, 100, false);
	set_l(m, 3, 30);
	set_l(m, 1, 10);
	set_l(m, 2, 20);
	CHECK_EQ_STR(order(m), "3=30 1=10 2=20");
	set_l(m, 3, 31); /* overwrite keeps the position */
	CHECK_EQ_STR(order(m), "3=31 1=10 2=20");
	struct map_key k = {.l = {3}};
	map_delete(m, map_find(m, &k));
	set_l(m, 3, 32); /* delete + re-insert moves to the end */
	CHECK_EQ_STR(order(m), "1=10 2=20 3=32");
	CHECK_EQ_INT(map_count(m), 3);
	CHECK_EQ_INT(get_l(m, 2), 20);
	CHECK_EQ_INT(get_l(m, 7), -999);
	for (int i = 0; i < 97; i++)
		CHECK_EQ_INT(set_l(m, 100 + i, i), 0);
	CHECK_EQ_INT(set_l(m, 1000, 1), -ENOSPC);
	CHECK_EQ_INT(set_l(m, 2, 1), 0); /* existing keys still update when full */
	CHECK_EQ_INT(get_l(m, 150), 50);
	map_clear(m);
	CHECK_EQ_INT(map_count(m), 0);
	CHECK(map_first(m) == NULL);
	set_l(m, 5, 5);
	CHECK_EQ_STR(order(m), "5=5");
	map_free(m);
}

static void test_wrap(void)
{
	struct map *m = new_map(1, 0, MAP_LONG, 3, true);
	for (int i = 1; i <= 5; i++)
		CHECK_EQ_INT(set_l(m, i, i * 10), 0);
	CHECK_EQ_STR(order(m), "3=30 4=40 5=50");
	CHECK_EQ_INT(get_l(m, 1), -999);
	map_free(m);
}

static void test_mixed_keys(void)
{
	struct map *m = new_map(3, 2, MAP_STR, 100, false);
	struct map_key k = {.l = {1, 0, 7}, .s = {NULL, "abc", NULL}, .slen = {0, 3, 0}};
	struct map_node *n;
	CHECK_EQ_INT(map_lookup_add(m, &k, &n), 0);
	CHECK_EQ_INT(map_set_str(m, n, "hello world, long string", 24, false), 0);
	uint32_t len;
	CHECK_EQ_STR(map_get_str(n, &len), "hello world, lo"); /* cut at maxstringlen-1 */
	CHECK_EQ_INT(len, 15);
	struct map_key k2 = k;
	k2.s[1] = "abd";
	CHECK(map_find(m, &k2) == NULL);
	k2.s[1] = "abc";
	k2.l[2] = 8;
	CHECK(map_find(m, &k2) == NULL);
	CHECK(map_find(m, &k) == n);
	CHECK_EQ_STR(map_key_str(n, 1, &len), "abc");
	CHECK_EQ_INT(map_key_long(n, 2), 7);
	CHECK_EQ_INT(map_set_str(m, n, "!", 1, true), 0);
	CHECK_EQ_STR(map_get_str(n, NULL), "hello world, lo");
	/* a slice: [*, "abc", *] */
	CHECK(map_exists_matching(m, &k2, 2));
	CHECK(!map_exists_matching(m, &k2, 4));
	map_delete_matching(m, &k2, 2);
	CHECK_EQ_INT(map_count(m), 0);
	map_free(m);
}

static void test_sort(void)
{
	struct map *m = new_map(1, 0, MAP_LONG, 100, false);
	int vals[] = {5, 3, 5, 1, 3, 9};
	for (int i = 0; i < 6; i++)
		set_l(m, i, vals[i]);
	map_sort(m, 0, 1, MAP_AGG_COUNT, 0);
	CHECK_EQ_STR(order(m), "3=1 1=3 4=3 0=5 2=5 5=9"); /* stable */
	map_sort(m, 0, -1, MAP_AGG_COUNT, 0);
	CHECK_EQ_STR(order(m), "5=9 0=5 2=5 1=3 4=3 3=1");
	map_sort(m, 1, 1, MAP_AGG_COUNT, 0);
	CHECK_EQ_STR(order(m), "0=5 1=3 2=5 3=1 4=3 5=9");
	/* stap's partial sort for limit <= 30: the top 2 come first */
	map_sort(m, 0, -1, MAP_AGG_COUNT, 2);
	const char *o = order(m);
	CHECK(strncmp(o, "5=9 0=5", 7) == 0 || strncmp(o, "5=9 2=5", 7) == 0);
	map_free(m);

	m = new_map(1, 1, MAP_LONG, 100, false);
	const char *keys[] = {"pear", "apple", "fig", "apples"};
	for (int i = 0; i < 4; i++) {
		struct map_key k = {.s = {keys[i]}, .slen = {(uint32_t)strlen(keys[i])}};
		struct map_node *n;
		map_lookup_add(m, &k, &n);
		map_set_long(n, i);
	}
	map_sort(m, 1, 1, MAP_AGG_COUNT, 0);
	char buf[128] = "";
	for (struct map_node *e = map_first(m); e; e = map_next(m, e)) {
		strcat(buf, map_key_str(e, 0, NULL));
		strcat(buf, " ");
	}
	CHECK_EQ_STR(buf, "apple apples fig pear ");
	map_free(m);
}

static void test_stats(void)
{
	struct map_desc d = {.nkeys = 1, .vtype = MAP_STAT, .maxentries = 10, .maxstringlen = 16};
	char w[128];
	stat_desc_init(&d.stat, STAT_HIST_LOG, 0, 0, 0, 0, w, sizeof(w));
	struct map *m = map_new(&mem, &d);
	for (int k = 0; k < 3; k++) {
		for (int i = 0; i <= k; i++) {
			struct map_key key = {.l = {k}};
			struct map_node *n;
			map_lookup_add(m, &key, &n);
			stat_add(&map_desc(m)->stat, map_get_stat(n), 10 * i);
		}
	}
	map_sort(m, 0, -1, MAP_AGG_COUNT, 0);
	struct map_node *e = map_first(m);
	CHECK_EQ_INT(map_key_long(e, 0), 2);
	CHECK_EQ_INT(map_get_stat(e)->count, 3);
	CHECK_EQ_INT(map_get_stat(e)->hist[stat_bucket(&map_desc(m)->stat, 20)], 1);
	map_sort(m, 0, 1, MAP_AGG_MAX, 0);
	CHECK_EQ_INT(map_key_long(map_first(m), 0), 0);
	map_free(m);
}

/* deleting under an iterator never touches freed memory (ASan checks) */
static void test_delete_during_walk(void)
{
	struct map *m = new_map(1, 1, MAP_STR, 100, false);
	for (int i = 0; i < 10; i++) {
		char k[16];
		snprintf(k, sizeof(k), "k%d", i);
		struct map_key key = {.s = {k}, .slen = {(uint32_t)strlen(k)}};
		struct map_node *n;
		map_lookup_add(m, &key, &n);
		map_set_str(m, n, "v", 1, false);
	}
	int steps = 0;
	for (struct map_node *e = map_first(m); e && steps < 100; e = map_next(m, e), steps++)
		map_delete(m, e);
	CHECK_EQ_INT(map_count(m), 0);
	CHECK(steps <= 10);
	map_free(m);
}

static void test_oom(void)
{
	/* fail each allocation in turn: every failure must be reported, none may crash */
	for (long fail = 1; fail < 200; fail++) {
		struct vm_mem m2;
		vm_mem_init(&m2, NULL, NULL);
		m2.fail_at = fail;
		struct map_desc d = {.nkeys = 2,
				     .strkeys = 1,
				     .vtype = MAP_STR,
				     .maxentries = 50,
				     .maxstringlen = 64};
		struct map *m = map_new(&m2, &d);
		int rc = m ? 0 : -ENOMEM;
		for (int i = 0; m && i < 40 && rc == 0; i++) {
			char k[16];
			snprintf(k, sizeof(k), "key%d", i);
			struct map_key key = {.l = {0, i}, .s = {k}, .slen = {(uint32_t)strlen(k)}};
			struct map_node *n;
			rc = map_lookup_add(m, &key, &n);
			if (rc == 0)
				rc = map_set_str(m, n, "some value text", 15, false);
		}
		map_free(m);
		CHECK(rc == 0 || rc == -ENOMEM);
		CHECK_EQ_INT(m2.used, 0);
		if (m2.nallocs < fail)
			break;
	}
}

int main(void)
{
	vm_mem_init(&mem, NULL, NULL);
	mem.fail_at = 0;
	test_order();
	test_wrap();
	test_mixed_keys();
	test_sort();
	test_stats();
	test_delete_during_walk();
	test_oom();
	CHECK_EQ_INT(mem.used, 0);
	return check_done("test_map");
}
