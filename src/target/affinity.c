// SPDX-License-Identifier: MIT
/* Keeping utap and a single-threaded target on one CPU. Every hit is a ping-pong
 * between the two (the target traps, utap wakes, utap resumes it, the target wakes);
 * across CPUs each wake-up is an IPI that costs 3-5x a same-CPU switch on this kind of
 * VM (usdt spec §6.4: ~9.8 us/hit pinned, 34-43 us unpinned). Since the two never run
 * at the same time, sharing a CPU costs nothing. As soon as the traced tree has more
 * than one thread, the target gets its own affinity back and utap is unpinned, so a
 * multi-threaded target keeps all its parallelism. UTAP_PIN=0 turns this off. */
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "target/tgt.h"

static bool aff_enabled(void)
{
	const char *e = getenv("UTAP_PIN");
	return !e || strcmp(e, "0") != 0;
}

/* The single traced thread, or NULL when there are none or several. */
static struct tthread *aff_single(struct target *t)
{
	struct tthread *one = NULL;
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		if (one)
			return NULL;
		one = val;
	}
	return one;
}

static void aff_unpin(struct target *t)
{
	if (!t->pinned)
		return;
	uint64_t key;
	void *val;

	/* every task now traced descends from the pinned one and inherited its mask */
	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);)
		sched_setaffinity(((struct tthread *)val)->tid, sizeof(t->target_mask), &t->target_mask);
	sched_setaffinity(0, sizeof(t->self_mask), &t->self_mask);
	t->pinned = false;
	t->pinned_tid = 0;
}

/* A CPU both may run on, preferring the one utap is on now. */
static int aff_pick(const cpu_set_t *a, const cpu_set_t *b)
{
	int here = sched_getcpu();

	if (here >= 0 && CPU_ISSET(here, a) && CPU_ISSET(here, b))
		return here;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, a) && CPU_ISSET(c, b))
			return c;
	return -1;
}

static void aff_pin(struct target *t, struct tthread *th)
{
	cpu_set_t one;

	if (sched_getaffinity(0, sizeof(t->self_mask), &t->self_mask) < 0 ||
	    sched_getaffinity(th->tid, sizeof(t->target_mask), &t->target_mask) < 0)
		return;
	int cpu = aff_pick(&t->self_mask, &t->target_mask);
	if (cpu < 0 || CPU_COUNT(&t->self_mask) < 2)
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(th->tid, sizeof(one), &one) < 0)
		return;
	sched_setaffinity(0, sizeof(one), &one);
	t->pinned = true;
	t->pinned_tid = th->tid;
}

void tgt_affinity_update(struct target *t)
{
	if (t->detached || !t->started) {
		aff_unpin(t);
		return;
	}
	struct tthread *th = aff_single(t);
	if (t->pinned && (!th || th->tid != t->pinned_tid))
		aff_unpin(t);
	if (!t->pinned && th && aff_enabled())
		aff_pin(t, th);
}
