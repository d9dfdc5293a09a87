// SPDX-License-Identifier: MIT
/* Statistics: accumulation, extraction and histogram rendering, matching stap 4.8's
 * runtime/stat-common.c and runtime/stat.c arithmetic exactly (including the int-sized
 * Welford delta and C truncating divisions), for one "CPU". */
#include "vm/stat.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int stat_desc_init(struct stat_desc *d, enum stat_hist hist, int64_t start, int64_t stop,
		   int64_t interval, int shift, char *warn, size_t warnlen)
{
	memset(d, 0, sizeof(*d));
	d->hist = hist;
	d->shift = shift;
	if (hist == STAT_HIST_LOG) {
		d->buckets = STAT_LOG_BUCKETS;
	} else if (hist == STAT_HIST_LINEAR) {
		/* stap passes the parameters through C ints */
		d->start = (int32_t)start;
		d->stop = (int32_t)stop;
		d->interval = (int32_t)interval;
		if (d->interval == 0) {
			snprintf(warn, warnlen, "histogram: interval cannot be zero.");
			return -EINVAL;
		}
		int64_t b = ((int64_t)d->stop - d->start) / d->interval + 3;
		if (b > STAT_MAX_BUCKETS || b < 3) {
			snprintf(warn, warnlen,
				 "histogram: Number of buckets must be between 1 and %d\n"
				 "Number_of_buckets = (stop - start) / interval.\n"
				 "Please adjust your start, stop, and interval values.",
				 STAT_MAX_BUCKETS - 2);
			return -EINVAL;
		}
		d->buckets = (int)b;
	}
	return 0;
}

size_t stat_size(const struct stat_desc *d)
{
	return sizeof(struct vstat) + (size_t)d->buckets * sizeof(int64_t);
}

void stat_clear(const struct stat_desc *d, struct vstat *s)
{
	memset(s, 0, stat_size(d));
}

/* _stp_val_to_bucket: 64 + bit length of |v|, mirrored for negatives */
static int log_bucket(int64_t v)
{
	if (v == 0)
		return STAT_LOG_BUCKET0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	int bits = 64 - __builtin_clzll(u);
	int res = STAT_LOG_BUCKET0 + bits;
	if (res > STAT_LOG_BUCKETS)
		res = STAT_LOG_BUCKETS;
	return v < 0 ? STAT_LOG_BUCKETS - res : res;
}

int stat_bucket(const struct stat_desc *d, int64_t v)
{
	if (d->hist == STAT_HIST_LOG) {
		int n = log_bucket(v);
		return n >= d->buckets ? d->buckets - 1 : n;
	}
	/* linear: underflow bucket 0, then (v-start)/interval+1, capped at overflow */
	int64_t off = (int64_t)((uint64_t)v - (uint64_t)(int64_t)d->start);
	int64_t b;
	if (off < 0)
		b = 0;
	else
		b = (int64_t)((uint64_t)off / (uint64_t)(int64_t)d->interval) + 1;
	if (b >= d->buckets - 1 || b < 0)
		b = d->buckets - 1;
	return (int)b;
}

/* Welford, with stap's `int delta` truncation */
static void stat_welford(struct vstat *s, int64_t vs)
{
	int32_t delta = (int32_t)(uint32_t)((uint64_t)vs - (uint64_t)s->avg_s);
	s->avg_s = (int64_t)((uint64_t)s->avg_s + (uint64_t)(delta / s->count));
	/* stap's int64 arithmetic wraps silently; do it unsigned to stay defined */
	s->m2 = (int64_t)((uint64_t)s->m2 +
			  (uint64_t)(int64_t)delta * ((uint64_t)vs - (uint64_t)s->avg_s));
	s->var_s = s->count < 2 ? -1 : s->m2 / (s->count - 1);
}

void stat_add(const struct stat_desc *d, struct vstat *s, int64_t v)
{
	int64_t vs = (int64_t)((uint64_t)v << d->shift);
	if (s->count == 0) {
		s->count = 1;
		s->sum = s->min = s->max = v;
		s->avg_s = vs;
		s->m2 = 0;
		s->var_s = 0;
	} else {
		s->count++;
		s->sum = (int64_t)((uint64_t)s->sum + (uint64_t)v);
		if (v > s->max)
			s->max = v;
		if (v < s->min)
			s->min = v;
		if (!d->no_variance)
			stat_welford(s, vs);
	}
	if (d->buckets)
		s->hist[stat_bucket(d, v)]++;
}

/* _stp_div64 with a NULL error pointer: division by zero gives 0 */
static int64_t div64(int64_t a, int64_t b)
{
	if (b == 0)
		return 0;
	if (b == -1)
		return (int64_t)(0 - (uint64_t)a);
	return a / b;
}

int64_t stat_avg(const struct vstat *s)
{
	return div64(s->sum, s->count);
}

int64_t stat_variance(const struct stat_desc *d, const struct vstat *s, bool array_elem)
{
	if (array_elem)
		return s->var_s >> (2 * d->shift);
	int64_t agg_avg = div64((int64_t)((uint64_t)s->sum << d->shift), s->count);
	uint64_t diff = (uint64_t)s->avg_s - (uint64_t)agg_avg;
	uint64_t s1 = (uint64_t)s->count * diff * diff;
	uint64_t s2 = (uint64_t)(s->count - 1) * (uint64_t)s->var_s;
	int64_t var = div64((int64_t)(s1 + s2), s->count - 1);
	return var >> (2 * d->shift);
}

/* ---- rendering (_stp_stat_print_histogram_buf) --------------------------------------- */

static int needed_space(int64_t v)
{
	if (v == 0)
		return 1;
	int space = 0;
	uint64_t t = (uint64_t)v;
	if (v < 0) {
		space++;
		t = -(uint64_t)v;
	}
	while (t) {
		t /= 10;
		space++;
	}
	return space;
}

static int64_t log_label(int b)
{
	if (b == STAT_LOG_BUCKET0)
		return 0;
	if (b < STAT_LOG_BUCKET0)
		return INT64_MIN >> b;
	return (int64_t)(1ULL << (b - STAT_LOG_BUCKET0 - 1));
}

struct hist_out {
	stat_emit_fn emit;
	void *ud;
};

static void __attribute__((format(printf, 2, 3))) hout(struct hist_out *o, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		o->emit(o->ud, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void hout_repeat(struct hist_out *o, char c, int64_t n)
{
	char buf[64];
	memset(buf, c, sizeof(buf));
	while (n > 0) {
		size_t k = n > (int64_t)sizeof(buf) ? sizeof(buf) : (size_t)n;
		o->emit(o->ud, buf, k);
		n -= (int64_t)k;
	}
}

struct hist_range {
	int low, high, under, over;
	int64_t valmax;
};

static void hist_range(const struct stat_desc *d, const struct vstat *s, struct hist_range *r)
{
	r->low = -1;
	r->high = 0;
	r->under = r->over = 0;
	r->valmax = 0;
	for (int i = 0; i < d->buckets; i++) {
		if (s->hist[i] > 0 && r->low == -1)
			r->low = i;
		if (s->hist[i] > 0)
			r->high = i;
		if (s->hist[i] > r->valmax)
			r->valmax = s->hist[i];
	}
	for (int i = 0; i < 2; i++) {
		if (d->hist == STAT_HIST_LOG) {
			if (r->low != STAT_LOG_BUCKET0 && r->low > 0)
				r->low--;
		} else if (r->low > 0) {
			r->low--;
		}
		if (r->high < d->buckets - 1)
			r->high++;
	}
	if (d->hist == STAT_HIST_LINEAR) {
		if (r->low == 0 && s->hist[0] == 0)
			r->low++;
		if (r->high == d->buckets - 1 && s->hist[r->high] == 0)
			r->high--;
		if (r->low == 0)
			r->under = 1;
		if (r->high == d->buckets - 1)
			r->over = 1;
	}
}

static int64_t row_label(const struct stat_desc *d, int i, const char **prefix)
{
	*prefix = "";
	if (d->hist != STAT_HIST_LINEAR)
		return log_label(i);
	if (i == 0) {
		*prefix = "<";
		return d->start;
	}
	if (i == d->buckets - 1) {
		*prefix = ">";
		return d->start + (int64_t)(i - 2) * d->interval;
	}
	return d->start + (int64_t)(i - 1) * d->interval;
}

/* a row is elided when it and its HIST_ELISION neighbours (within the range) are all 0 */
static bool row_elided(const struct stat_desc *d, const struct vstat *s, const struct hist_range *r,
		       int i, int elision)
{
	if (elision < 0)
		return false;
	int max_elide = elision < d->buckets ? elision : d->buckets;
	int lo = i - max_elide > r->low ? i - max_elide : r->low;
	int hi = i + max_elide < r->high ? i + max_elide : r->high;
	for (int k = lo; k <= hi; k++)
		if (s->hist[k] != 0)
			return false;
	return true;
}

void stat_hist_render(const struct stat_desc *d, const struct vstat *s, int elision,
		      stat_emit_fn emit, void *ud)
{
	struct hist_out o = {emit, ud};
	struct hist_range r;
	if (d->hist == STAT_HIST_NONE || d->buckets == 0)
		return;
	hist_range(d, s, &r);
	int64_t scale =
	    r.valmax <= STAT_HIST_WIDTH ? 1 : (r.valmax + STAT_HIST_WIDTH - 1) / STAT_HIST_WIDTH;
	int cnt_space = needed_space(r.valmax);
	int val_space;
	if (d->hist == STAT_HIST_LINEAR) {
		int a = needed_space(d->start) + r.under;
		int b = needed_space(d->start + (int64_t)d->interval * r.high) + r.over;
		val_space = a > b ? a : b;
	} else {
		int a = needed_space(log_label(r.high));
		int b = needed_space(log_label(r.low));
		val_space = a > b ? a : b;
	}
	if (val_space < 5)
		val_space = 5;

	hout(&o, "%*s |", val_space, "value");
	hout_repeat(&o, '-', STAT_HIST_WIDTH);
	hout(&o, " count\n");
	bool eliding = false;
	for (int i = r.low; i <= r.high; i++) {
		if (row_elided(d, s, &r, i, elision)) {
			eliding = true;
			continue;
		}
		if (eliding) {
			hout(&o, "%*s ~\n", val_space, "");
			eliding = false;
		}
		const char *prefix;
		int64_t val = row_label(d, i, &prefix);
		hout(&o, "%*s%" PRId64 " |", val_space - needed_space(val), prefix, val);
		uint64_t v = (uint64_t)s->hist[i] / (uint64_t)scale;
		hout_repeat(&o, '@', (int64_t)v);
		hout(&o, "%*" PRId64 "\n", (int)(STAT_HIST_WIDTH - v + 1 + cnt_space), s->hist[i]);
	}
	hout(&o, "\n");
}
