/* SPDX-License-Identifier: MIT */
/* Statistics aggregates (`x <<< v`): count/sum/min/max, stap's exact @variance (Welford
 * with a 32-bit delta plus the "total variance" aggregation of runtime/stat.c) and
 * linear/log histograms with stap's bucketing and text rendering (runtime/stat-common.c).
 * A struct vstat is a plain record sized by its struct stat_desc; no allocation here. */
#ifndef UTAP_VM_STAT_H
#define UTAP_VM_STAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum stat_hist { STAT_HIST_NONE, STAT_HIST_LINEAR, STAT_HIST_LOG };

#define STAT_LOG_BUCKETS 128
#define STAT_LOG_BUCKET0 64
#define STAT_MAX_BUCKETS 128 /* STP_MAX_BUCKETS */
#define STAT_HIST_WIDTH 50
#define STAT_HIST_ELISION 2

/* The shape shared by every value of one stat variable. */
struct stat_desc {
	enum stat_hist hist;
	int32_t start, stop, interval; /* linear only (C ints, as in stap) */
	int buckets;		       /* histogram buckets, 0 without histogram */
	int shift;		       /* @variance(x, shift) */
	bool no_variance;	       /* @variance never asked: <<< skips the Welford update
					* (stap's STAT_OP_VARIANCE optimization); false after
					* stat_desc_init */
};

struct vstat {
	int64_t count, sum, min, max;
	int64_t avg_s, m2, var_s; /* Welford state, scaled by 2^shift */
	int64_t hist[];		  /* desc->buckets counters */
};

/* Sets up d. For a linear histogram whose parameters stap rejects at run time, returns
 * -EINVAL and writes stap's WARNING text (without "WARNING: ") into warn. */
int stat_desc_init(struct stat_desc *d, enum stat_hist hist, int64_t start, int64_t stop,
		   int64_t interval, int shift, char *warn, size_t warnlen);
/* Bytes of one struct vstat with d's histogram. */
size_t stat_size(const struct stat_desc *d);

void stat_clear(const struct stat_desc *d, struct vstat *s);
void stat_add(const struct stat_desc *d, struct vstat *s, int64_t v);

/* @avg: sum/count truncated toward 0 (count must be > 0). */
int64_t stat_avg(const struct vstat *s);
/* @variance of a scalar stat (aggregated with the total-variance formula, as
 * _stp_stat_get does) or of an array element (copied from the single per-CPU entry, as
 * _stp_pmap_agg does): the two differ in rounding and stap shows both. */
int64_t stat_variance(const struct stat_desc *d, const struct vstat *s, bool array_elem);

/* Histogram bucket index of v (linear or log), as __stp_stat_add files it. */
int stat_bucket(const struct stat_desc *d, int64_t v);

typedef void (*stat_emit_fn)(void *ud, const char *text, size_t len);
/* Renders d/s as stap prints a histogram, calling emit for each piece. elision is
 * HIST_ELISION (zero rows kept around data; negative: no elision). */
void stat_hist_render(const struct stat_desc *d, const struct vstat *s, int elision,
		      stat_emit_fn emit, void *ud);

#endif
