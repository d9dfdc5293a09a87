// SPDX-License-Identifier: MIT
/* Keeping utap and a single-threaded target on one CPU. Every hit is a ping-pong
 * between the two (the target traps, utap wakes, utap resumes it, the target wakes);
 * across CPUs each wake-up is an IPI that costs 3-5x a same-CPU switch on this kind of
 * VM (usdt spec §6.4: ~9.8 us/hit pinned, 34-43 us unpinned). Since the two never run
 * at the same time, sharing a CPU costs nothing. As soon as the traced tree has more
 * than one thread, the target gets its own affinity back and utap is unpinned, so a
 * multi-threaded target keeps all its parallelism. While pinned, utap watches its own
 * run-queue wait (/proc/thread-self/schedstat): when something else keeps taking the
 * CPU (more than a fifth of the time spent waiting for it), both move to the next
 * allowed CPU. UTAP_PIN=0 turns pinning off, UTAP_PIN=static keeps the first CPU. */
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "target/tgt.h"

#define AFF_PERIOD_NS 100000000 /* how often the contention is looked at */

static bool aff_enabled(void)
{
	const char *e = getenv("UTAP_PIN");
	return !e || strcmp(e, "0") != 0;
}

static bool aff_adaptive(void)
{
	const char *e = getenv("UTAP_PIN");
	return !e || strcmp(e, "static") != 0;
}

/* ns this thread spent runnable but waiting for a CPU, or -1 */
static int64_t aff_rq_wait(void)
{
	char buf[96];
	int fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	unsigned long long run, wait;
	if (sscanf(buf, "%llu %llu", &run, &wait) != 2)
		return -1;
	return (int64_t)wait;
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
		sched_setaffinity(((struct tthread *)val)->tid, sizeof(t->target_mask),
				  &t->target_mask);
	sched_setaffinity(0, sizeof(t->self_mask), &t->self_mask);
	t->pinned = false;
	t->pinned_tid = 0;
}

/* A CPU both may run on: the one utap is on now, or else the first one after `after`
 * (cyclically) when after >= 0. */
static int aff_pick(const cpu_set_t *a, const cpu_set_t *b, int after)
{
	int here = sched_getcpu();

	if (after < 0 && here >= 0 && CPU_ISSET(here, a) && CPU_ISSET(here, b))
		return here;
	for (int i = 1; i <= CPU_SETSIZE; i++) {
		int c = ((after < 0 ? -1 : after) + i) % CPU_SETSIZE;
		if (CPU_ISSET(c, a) && CPU_ISSET(c, b))
			return c;
	}
	return -1;
}

static int aff_set_both(struct target *t, pid_t tid, int cpu)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(tid, sizeof(one), &one) < 0)
		return -1;
	sched_setaffinity(0, sizeof(one), &one);
	t->pinned_cpu = cpu;
	t->aff_last_ns = tgt_now_ns();
	t->aff_wait_ns = aff_rq_wait();
	return 0;
}

static void aff_pin(struct target *t, struct tthread *th)
{
	if (sched_getaffinity(0, sizeof(t->self_mask), &t->self_mask) < 0 ||
	    sched_getaffinity(th->tid, sizeof(t->target_mask), &t->target_mask) < 0)
		return;
	int cpu = aff_pick(&t->self_mask, &t->target_mask, -1);
	if (cpu < 0 || CPU_COUNT(&t->self_mask) < 2 || aff_set_both(t, th->tid, cpu) < 0)
		return;
	t->pinned = true;
	t->pinned_tid = th->tid;
}

void tgt_affinity_tick(struct target *t)
{
	if (!t->pinned || t->aff_wait_ns < 0 || !aff_adaptive())
		return;
	int64_t now = tgt_now_ns();
	if (now - t->aff_last_ns < AFF_PERIOD_NS)
		return;
	int64_t wait = aff_rq_wait();
	int64_t dwait = wait - t->aff_wait_ns, dwall = now - t->aff_last_ns;
	t->aff_last_ns = now;
	t->aff_wait_ns = wait;
	if (wait < 0 || dwait * 5 < dwall)
		return;
	int cpu = aff_pick(&t->self_mask, &t->target_mask, t->pinned_cpu);
	if (cpu >= 0 && cpu != t->pinned_cpu) {
		aff_set_both(t, t->pinned_tid, cpu);
		t->stats.cpu_moves++;
	}
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
