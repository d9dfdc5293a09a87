// SPDX-License-Identifier: MIT
/* The probe point families utap resolves itself, bound into the match tree as stap 4.8
 * binds them (tapset-been.cxx, tapset-timers.cxx, tapset-utrace.cxx, tapsets.cxx):
 * begin/end/error[(N)], never, timer.*, process[(PATH|PID)].begin/.end/.thread.begin/
 * .thread.end and the SDT mark patterns (built by marks.c). Range checks and their
 * messages are stap's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "util/alloc.h"

enum { BE_BEGIN, BE_END, BE_ERROR };

static struct diag_error *build_be(struct sema *s, const struct builder *b, struct xprobe *base,
				   struct ast_probe_point *loc, const struct pparams *params,
				   int suffix_from)
{
	static const char *const names[] = {"begin", "end", "error"};
	static const enum probe_kind kinds[] = {PROBE_BEGIN, PROBE_END, PROBE_ERROR};
	int64_t prio = 0;
	pparam_num(params, names[b->kind], &prio);
	struct derived_probe *dp = derived_new(s, base, loc, kinds[b->kind], NULL, NULL);
	dp->seq = prio;
	derived_add(s, dp);
	return NULL;
}

static struct diag_error *build_never(struct sema *s, const struct builder *b, struct xprobe *base,
				      struct ast_probe_point *loc, const struct pparams *params,
				      int suffix_from)
{
	derived_add(s, derived_new(s, base, loc, PROBE_NEVER, NULL, NULL));
	return NULL;
}

/* Linux CONFIG_HZ for timer.jiffies: user space cannot learn the kernel's tick rate, so
 * utap uses Debian's default. */
#define UTAP_JIFFY_HZ 250

/* timer.profile.tick fires at every kernel tick on every CPU, in whatever task is current
 * there. stap's dyninst runtime refuses it; utap ticks at UTAP_JIFFY_HZ and samples the
 * traced threads that are on a CPU at each tick (one firing each, in its context), or
 * fires once without a task when none is (see run.c and target_sample()).
 * timer.profile.freq.hz(N), a perf cpu-clock sampler in stap, samples the same way at
 * N Hz. */
static struct diag_error *build_profile(struct sema *s, struct xprobe *base,
					struct ast_probe_point *loc, const struct pparams *p)
{
	int64_t hz = UTAP_JIFFY_HZ;
	if (pparam_has(p, "freq") && pparam_num(p, "hz", &hz) && hz <= 0)
		return SEM_ERR(NULL, "frequency must be greater than 0");
	struct derived_probe *dp = derived_new(s, base, loc, PROBE_PROFILE, NULL, NULL);
	dp->period_ns = (1000000000 + hz - 1) / hz;
	derived_add(s, dp);
	return NULL;
}

static struct diag_error *build_timer(struct sema *s, const struct builder *b, struct xprobe *base,
				      struct ast_probe_point *loc, const struct pparams *p,
				      int suffix_from)
{
	static const struct {
		const char *name;
		int64_t scale;
	} units[] = {
	    {"s", 1000000000}, {"sec", 1000000000}, {"ms", 1000000}, {"msec", 1000000},
	    {"us", 1000},      {"usec", 1000},	    {"ns", 1},	     {"nsec", 1},
	};
	int64_t scale = 1, period = 0, rand = 0;
	if (pparam_has(p, "profile"))
		return build_profile(s, base, loc, p);
	if (!pparam_num(p, "randomize", &rand))
		rand = 0;
	if (pparam_num(p, "jiffies", &period)) {
		/* timer_derived_probe's checks, in jiffies */
		if (period <= 0 || period > 1000000)
			return SEM_ERR(NULL, "invalid interval for jiffies timer");
		if (rand < 0 || rand > period)
			return SEM_ERR(NULL, "invalid randomize for jiffies timer");
		struct derived_probe *dp = derived_new(s, base, loc, PROBE_TIMER, NULL, NULL);
		dp->period_ns = period * (1000000000 / UTAP_JIFFY_HZ);
		dp->randomize_ns = rand * (1000000000 / UTAP_JIFFY_HZ);
		derived_add(s, dp);
		return NULL;
	}
	bool found = false;
	if (pparam_num(p, "hz", &period)) {
		if (period <= 0)
			return SEM_ERR(NULL, "frequency must be greater than 0");
		period = (1000000000 + period - 1) / period;
		found = true;
	}
	for (unsigned i = 0; !found && i < sizeof(units) / sizeof(units[0]); i++) {
		if (pparam_num(p, units[i].name, &period)) {
			scale = units[i].scale;
			period = (int64_t)((uint64_t)period * (uint64_t)scale);
			rand = (int64_t)((uint64_t)rand * (uint64_t)scale);
			found = true;
		}
	}
	if (!found)
		return SEM_ERR(NULL, "unrecognized timer variant");
	/* hrtimer_derived_probe: 100us .. 1 day */
	const int64_t min_ns = 100000, max_ns = 1000000000LL * 60 * 60 * 24;
	if (period < min_ns || period > max_ns)
		return SEM_ERR(NULL, "interval value out of range (%lld, %lld)",
			       (long long)(scale < min_ns ? min_ns / scale : 1),
			       (long long)(max_ns / scale));
	if (rand < 0 || rand > period)
		return SEM_ERR(NULL, "randomization value out of range");
	struct derived_probe *dp = derived_new(s, base, loc, PROBE_TIMER, NULL, NULL);
	dp->period_ns = period;
	dp->randomize_ns = rand;
	derived_add(s, dp);
	return NULL;
}

enum { UT_BEGIN, UT_END, UT_THREAD_BEGIN, UT_THREAD_END };

static struct diag_error *build_utrace(struct sema *s, const struct builder *b, struct xprobe *base,
				       struct ast_probe_point *loc, const struct pparams *p,
				       int suffix_from)
{
	static const enum probe_kind kinds[] = {PROBE_PROCESS_BEGIN, PROBE_PROCESS_END,
						PROBE_THREAD_BEGIN, PROBE_THREAD_END};
	static const char *const tails[] = {"begin", "end", "thread.begin", "thread.end"};
	const char *path = NULL;
	int64_t pid = 0;
	bool has_path = pparam_str(p, "process", &path);
	bool has_pid = pparam_num(p, "process", &pid);
	char *canon = NULL;
	if (has_pid && pid <= 0)
		return SEM_ERR(NULL, "invalid pid");
	if (has_path) {
		if (!*path)
			return SEM_ERR(NULL, "empty module");
		canon = find_executable(path);
		if (!canon)
			return SEM_ERR(NULL, "cannot find executable '%s'", path);
	}
	char *pp;
	if (has_path)
		pp = arena_printf(s->a, "process(\"%s\").%s", canon, tails[b->kind]);
	else if (has_pid)
		pp = arena_printf(s->a, "process(%lld).%s", (long long)pid, tails[b->kind]);
	else
		pp = arena_printf(s->a, "process.%s", tails[b->kind]);
	struct derived_probe *dp = derived_new(s, base, loc, kinds[b->kind], pp, NULL);
	dp->proc_path = canon ? arena_strdup(s->a, canon) : NULL;
	dp->proc_pid = has_pid ? pid : 0;
	free(canon);
	derived_add(s, dp);
	s->prog->has_process_probes = true;
	return NULL;
}

static void bind_chain(struct sema *s, struct match_node *n, const struct builder *b,
		       const char *const *names, int count)
{
	for (int i = 0; i < count; i++)
		n = match_bind(s, n, names[i], false, 0);
	match_bind_builder(n, b);
}

static void register_timers(struct sema *s)
{
	static const char *const units[] = {"s",    "sec", "ms",   "msec",   "us",
					    "usec", "ns",  "nsec", "jiffies"};
	struct builder *b = builder_new(s, "timer builder", build_timer, 0);
	struct match_node *t = match_bind(s, s->root, "timer", false, 0);
	for (unsigned i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		struct match_node *u = match_bind(s, t, units[i], true, 1);
		match_bind_builder(u, b);
		match_bind_builder(match_bind(s, u, "randomize", true, 1), b);
	}
	match_bind_builder(match_bind(s, t, "hz", true, 1), b);
	static const char *const prof[] = {"profile", "tick"};
	bind_chain(s, t, b, prof, 2);
	struct match_node *freq =
	    match_bind(s, match_bind(s, t, "profile", false, 0), "freq", false, 0);
	match_bind_builder(match_bind(s, freq, "hz", true, 1), b);
}

static void register_process(struct sema *s, struct match_node *proc)
{
	static const char *const tails[][2] = {
	    {"begin"}, {"end"}, {"thread", "begin"}, {"thread", "end"}};
	for (int k = UT_BEGIN; k <= UT_THREAD_END; k++) {
		struct builder *b = builder_new(s, "utrace builder", build_utrace, k);
		bind_chain(s, proc, b, tails[k], k >= UT_THREAD_BEGIN ? 2 : 1);
	}
	struct builder *m = builder_new(s, "sdt builder", build_mark, 0);
	match_bind_builder(match_bind(s, proc, "mark", true, 2), m);
	struct match_node *prov = match_bind(s, proc, "provider", true, 2);
	match_bind_builder(match_bind(s, prov, "mark", true, 2), m);
	struct match_node *lib = match_bind(s, proc, "library", true, 2);
	match_bind_builder(match_bind(s, lib, "mark", true, 2), m);
	prov = match_bind(s, lib, "provider", true, 2);
	match_bind_builder(match_bind(s, prov, "mark", true, 2), m);
}

void register_builtin_probes(struct sema *s)
{
	static const char *const be[] = {"begin", "end", "error"};
	for (int k = BE_BEGIN; k <= BE_ERROR; k++) {
		struct builder *b = builder_new(s, "begin/end builder", build_be, k);
		match_bind_builder(match_bind(s, s->root, be[k], false, 0), b);
		match_bind_builder(match_bind(s, s->root, be[k], true, 1), b);
	}
	match_bind_builder(match_bind(s, s->root, "never", false, 0),
			   builder_new(s, "never builder", build_never, 0));
	register_timers(s);
	register_process(s, match_bind(s, s->root, "process", false, 0));
	register_process(s, match_bind(s, s->root, "process", true, 1));
	register_process(s, match_bind(s, s->root, "process", true, 2));
}
