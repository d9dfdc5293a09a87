// SPDX-License-Identifier: MIT
/* Unit tests for src/util: arena, vectors, string buffers, source files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "util/alloc.h"
#include "util/srcfile.h"
#include "util/strbuf.h"
#include "util/vec.h"

static void test_arena(void)
{
	struct arena *a = arena_new();
	char *s = arena_strdup(a, "hello");
	CHECK_EQ_STR(s, "hello");
	int *big = arena_alloc(a, 1 << 20);
	CHECK(big[12345] == 0);
	char *p = arena_printf(a, "%d-%s", 42, "x");
	CHECK_EQ_STR(p, "42-x");
	CHECK(((uintptr_t)arena_alloc(a, 3) & 15) == 0);
	for (int i = 0; i < 10000; i++)
		arena_alloc(a, 40);
	CHECK_EQ_STR(s, "hello");
	CHECK(arena_used(a) >= (1 << 20) + 400000);
	arena_free(a);
}

static void test_vec(void)
{
	VEC(int) v = {0};
	for (int i = 0; i < 1000; i++)
		vec_push(&v, i * 2);
	CHECK_EQ_INT(v.n, 1000);
	CHECK_EQ_INT(v.v[999], 1998);
	CHECK_EQ_INT(vec_pop(&v), 1998);
	CHECK_EQ_INT(vec_last(&v), 1996);
	long sum = 0;
	vec_foreach(&v, it) sum += *it;
	CHECK_EQ_INT(sum, 998 * 999);
	vec_free(&v);
	CHECK(v.v == NULL);
}

static void test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "a");
	sb_addc(&sb, 'b');
	sb_printf(&sb, "%05d", 7);
	sb_add(&sb, "\0z", 2);
	CHECK_EQ_INT(sb.len, 9);
	CHECK(memcmp(sb.s, "ab00007\0z", 9) == 0);
	for (int i = 0; i < 1000; i++)
		sb_printf(&sb, "%d", i);
	CHECK(sb.len > 2000);
	sb_reset(&sb);
	CHECK_EQ_STR(sb.s, "");
	sb_adds(&sb, "xy");
	char *d = sb_detach(&sb);
	CHECK_EQ_STR(d, "xy");
	CHECK(sb.s == NULL);
	free(d);
	char *t = xasprintf("%s=%d", "k", 3);
	CHECK_EQ_STR(t, "k=3");
	free(t);
}

/* srcfile_load reads up to the first NUL (what follows is invisible anyway) */
static void test_srcfile(void)
{
	char path[] = "/tmp/utap-test-srcfile.XXXXXX";
	struct arena *a = arena_new();
	int err = 1, fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, "probe begin {}\0junk", 20) == 20);
	close(fd);
	struct srcfile *f = srcfile_load(a, path, "x.stp", &err);
	CHECK(f != NULL && err == 0);
	CHECK(f && f->len == 14);
	CHECK_EQ_STR(f ? f->text : "", "probe begin {}");
	CHECK_EQ_STR(f ? f->name : "", "x.stp");
	unlink(path);
	CHECK(srcfile_load(a, path, NULL, &err) == NULL);
	CHECK_EQ_INT(err, -ENOENT);
	f = srcfile_load(a, "/dev/zero", NULL, &err);
	CHECK(f != NULL && f->len == 0 && err == 0);
	arena_free(a);
}

int main(void)
{
	test_arena();
	test_vec();
	test_strbuf();
	test_srcfile();
	return check_done("test_util");
}
