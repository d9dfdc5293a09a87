// SPDX-License-Identifier: MIT
/* Unit tests for src/vm/stat.c: stap's @variance arithmetic, bucketing and histogram
 * rendering (elision, under/overflow rows, scaling, WARNING texts). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/strbuf.h"
#include "vm/stat.h"

static struct vstat *new_stat(const struct stat_desc *d)
{
	return calloc(1, stat_size(d));
}

static void emit(void *ud, const char *s, size_t n)
{
	sb_add(ud, s, n);
}

static void test_variance(void)
{
	struct stat_desc d;
	char w[256];
	CHECK_EQ_INT(stat_desc_init(&d, STAT_HIST_NONE, 0, 0, 0, 0, w, sizeof(w)), 0);
	struct vstat *s = new_stat(&d);
	for (int i = 1; i <= 5; i++)
		stat_add(&d, s, i);
	CHECK_EQ_INT(s->count, 5);
	CHECK_EQ_INT(s->sum, 15);
	CHECK_EQ_INT(stat_avg(s), 3);
	/* the man page's example: 1..5 gives 12, not the textbook 2.5 */
	CHECK_EQ_INT(stat_variance(&d, s, false), 12);
	/* an array element keeps the single "CPU" Welford value (30/4) */
	CHECK_EQ_INT(stat_variance(&d, s, true), 7);
	free(s);

	stat_desc_init(&d, STAT_HIST_NONE, 0, 0, 0, 1, w, sizeof(w));
	s = new_stat(&d);
	for (int i = 1; i <= 5; i++)
		stat_add(&d, s, i);
	CHECK_EQ_INT(stat_variance(&d, s, false), 2);
	free(s);

	/* 100, 0, -2 as an array element: Welford 6820/2 */
	stat_desc_init(&d, STAT_HIST_NONE, 0, 0, 0, 0, w, sizeof(w));
	s = new_stat(&d);
	stat_add(&d, s, 100);
	stat_add(&d, s, 0);
	stat_add(&d, s, -2);
	CHECK_EQ_INT(stat_variance(&d, s, true), 3410);
	CHECK_EQ_INT(s->min, -2);
	CHECK_EQ_INT(s->max, 100);
	CHECK_EQ_INT(stat_avg(s), 32);
	/* one sample: variance 0 (division by zero gives 0) */
	stat_clear(&d, s);
	stat_add(&d, s, 42);
	CHECK_EQ_INT(stat_variance(&d, s, false), 0);
	CHECK_EQ_INT(stat_variance(&d, s, true), 0);
	free(s);
}

/* no @variance in the script: <<< keeps count/sum/min/max but skips the Welford state */
static void test_no_variance(void)
{
	struct stat_desc d;
	char w[256];
	CHECK_EQ_INT(stat_desc_init(&d, STAT_HIST_LOG, 0, 0, 0, 0, w, sizeof(w)), 0);
	CHECK(!d.no_variance);
	d.no_variance = true;
	struct vstat *s = new_stat(&d);
	for (int i = 1; i <= 5; i++)
		stat_add(&d, s, i * 10);
	CHECK_EQ_INT(s->count, 5);
	CHECK_EQ_INT(s->sum, 150);
	CHECK_EQ_INT(s->min, 10);
	CHECK_EQ_INT(s->max, 50);
	CHECK_EQ_INT(stat_avg(s), 30);
	CHECK_EQ_INT(s->m2, 0);
	CHECK_EQ_INT(s->hist[stat_bucket(&d, 40)], 2); /* 32..63: 40 and 50 */
	free(s);
}

static void test_buckets(void)
{
	struct stat_desc d;
	char w[256];
	CHECK_EQ_INT(stat_desc_init(&d, STAT_HIST_LINEAR, 0, 100, 10, 0, w, sizeof(w)), 0);
	CHECK_EQ_INT(d.buckets, 13);
	CHECK_EQ_INT(stat_bucket(&d, -1), 0);
	CHECK_EQ_INT(stat_bucket(&d, 0), 1);
	CHECK_EQ_INT(stat_bucket(&d, 9), 1);
	CHECK_EQ_INT(stat_bucket(&d, 10), 2);
	CHECK_EQ_INT(stat_bucket(&d, 100), 11);
	CHECK_EQ_INT(stat_bucket(&d, 109), 11);
	CHECK_EQ_INT(stat_bucket(&d, 110), 12);
	CHECK_EQ_INT(stat_bucket(&d, INT64_MAX), 12);
	CHECK_EQ_INT(stat_bucket(&d, INT64_MIN), 0);

	CHECK_EQ_INT(stat_desc_init(&d, STAT_HIST_LOG, 0, 0, 0, 0, w, sizeof(w)), 0);
	CHECK_EQ_INT(d.buckets, 128);
	CHECK_EQ_INT(stat_bucket(&d, 0), 64);
	CHECK_EQ_INT(stat_bucket(&d, 1), 65);
	CHECK_EQ_INT(stat_bucket(&d, 2), 66);
	CHECK_EQ_INT(stat_bucket(&d, 3), 66);
	CHECK_EQ_INT(stat_bucket(&d, 4), 67);
	CHECK_EQ_INT(stat_bucket(&d, -1), 63);
	CHECK_EQ_INT(stat_bucket(&d, INT64_MAX), 127);
	CHECK_EQ_INT(stat_bucket(&d, INT64_MIN), 0);

	CHECK(stat_desc_init(&d, STAT_HIST_LINEAR, 0, 1500, 0, 0, w, sizeof(w)) < 0);
	CHECK_EQ_STR(w, "histogram: interval cannot be zero.");
	CHECK(stat_desc_init(&d, STAT_HIST_LINEAR, 0, 1500, 2, 0, w, sizeof(w)) < 0);
	CHECK(strncmp(w, "histogram: Number of buckets must be between 1 and 126\n", 55) == 0);
	CHECK(stat_desc_init(&d, STAT_HIST_LINEAR, 0, 10, 20, 0, w, sizeof(w)) == 0);
	CHECK_EQ_INT(d.buckets, 3);
}

static char *render(const struct stat_desc *d, const struct vstat *s)
{
	struct strbuf sb = STRBUF_INIT;
	stat_hist_render(d, s, STAT_HIST_ELISION, emit, &sb);
	return sb_detach(&sb);
}

static void test_render_linear(void)
{
	struct stat_desc d;
	char w[256];
	stat_desc_init(&d, STAT_HIST_LINEAR, 0, 100, 10, 0, w, sizeof(w));
	struct vstat *s = new_stat(&d);
	stat_add(&d, s, 5);
	stat_add(&d, s, 5);
	stat_add(&d, s, 75);
	char *out = render(&d, s);
	CHECK_EQ_STR(out, "value |-------------------------------------------------- count\n"
			  "    0 |@@                                                 2\n"
			  "   10 |                                                   0\n"
			  "   20 |                                                   0\n"
			  "      ~\n"
			  "   50 |                                                   0\n"
			  "   60 |                                                   0\n"
			  "   70 |@                                                  1\n"
			  "   80 |                                                   0\n"
			  "   90 |                                                   0\n"
			  "\n");
	free(out);
	/* underflow and overflow rows */
	stat_clear(&d, s);
	stat_add(&d, s, -5);
	stat_add(&d, s, 1000);
	out = render(&d, s);
	CHECK(strstr(out, "   <0 |@") != NULL);
	CHECK(strstr(out, " >100 |@") != NULL);
	free(out);
	/* scaling: 200 samples in one bucket -> 50 @, count right-aligned */
	stat_clear(&d, s);
	for (int i = 0; i < 200; i++)
		stat_add(&d, s, 15);
	out = render(&d, s);
	CHECK(strstr(out, "   10 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 200\n") !=
	      NULL);
	free(out);
	free(s);
}

static void test_render_log(void)
{
	struct stat_desc d;
	char w[256];
	stat_desc_init(&d, STAT_HIST_LOG, 0, 0, 0, 0, w, sizeof(w));
	struct vstat *s = new_stat(&d);
	stat_add(&d, s, 1);
	stat_add(&d, s, 8);
	stat_add(&d, s, 8);
	char *out = render(&d, s);
	CHECK_EQ_STR(out, "value |-------------------------------------------------- count\n"
			  "    0 |                                                   0\n"
			  "    1 |@                                                  1\n"
			  "    2 |                                                   0\n"
			  "    4 |                                                   0\n"
			  "    8 |@@                                                 2\n"
			  "   16 |                                                   0\n"
			  "   32 |                                                   0\n"
			  "\n");
	free(out);
	free(s);
}

int main(void)
{
	test_variance();
	test_no_variance();
	test_buckets();
	test_render_linear();
	test_render_log();
	return check_done("test_stat");
}
