// SPDX-License-Identifier: MIT
/* Leaving the target as we found it: stop every thread (PTRACE_INTERRUPT), absorb the
 * traps already taken on our int3s, put the original bytes back and decrement every
 * semaphore we incremented, then PTRACE_DETACH each thread with the signal it was about
 * to receive. A trap that is queued but not yet reported would kill the thread after
 * detaching, so such threads are first let through to their SIGTRAP stop. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>

#include "target/sigwait.h"
#include "target/tgt.h"

#ifndef PTRACE_PEEKSIGINFO
#define PTRACE_PEEKSIGINFO 0x4209
#endif

/* How long to wait for threads to stop before restoring memory anyway (a vfork parent
 * cannot stop while its child is held). */
#define DETACH_STOP_TIMEOUT_NS 500000000

struct detach_peek_args {
	uint64_t off;
	uint32_t flags;
	int32_t nr;
};

static bool detach_all_stopped(struct target *t)
{
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *th = val;
		if (th->state == TH_RUNNING || th->state == TH_NEW)
			return false;
	}
	return true;
}

static void detach_interrupt_all(struct target *t)
{
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *th = val;
		if (th->state == TH_RUNNING && !th->interrupted) {
			if (ptrace(PTRACE_INTERRUPT, th->tid, NULL, NULL) == 0)
				th->interrupted = true;
		}
	}
}

/* Collects stops in draining mode until every thread (or only `only`) is stopped or
 * gone, or the time is up (also used by attach: a stopped thread is in no clone). */
void tgt_stop_all(struct target *t, pid_t only)
{
	int64_t deadline = tgt_now_ns() + DETACH_STOP_TIMEOUT_NS;

	while (only ? tth_find(t, only) && tth_find(t, only)->state == TH_RUNNING
		    : !detach_all_stopped(t)) {
		detach_interrupt_all(t);
		if (tgt_now_ns() >= deadline)
			break;
		int status;
		int sig = tsig_take_intr(); /* keep it for the run loop: */
		pid_t tid = tsig_wait(deadline, &status, true);
		if (sig)
			tsig_put_intr(sig);
		if (tid > 0)
			tgt_dispatch(t, tid, status, true);
		else if (tid < 0)
			break;
	}
}

/* True when th has an int3 SIGTRAP queued that it has not reported yet. */
static bool detach_trap_pending(struct tthread *th)
{
	struct detach_peek_args a = {.off = 0, .flags = 0, .nr = 8};
	siginfo_t si[8];
	long n = ptrace(PTRACE_PEEKSIGINFO, th->tid, &a, si);

	for (long i = 0; i < n; i++)
		if (si[i].si_signo == SIGTRAP && si[i].si_code == SI_KERNEL)
			return true;
	return false;
}

static void detach_absorb_traps(struct target *t)
{
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *th = val;
		if (th->state != TH_STOPPED || th->resume_sig || !detach_trap_pending(th))
			continue;
		if (ptrace(PTRACE_CONT, th->tid, NULL, NULL) < 0)
			continue;
		th->state = TH_RUNNING;
		tgt_stop_all(t, th->tid);
		i = 0; /* the table may have changed */
	}
}

int target_detach(struct target *t)
{
	uint64_t key;
	void *val;
	int first = 0;

	if (t->detached)
		return 0;
	t->detached = true;
	t->cur.hold = 0;
	tgt_affinity_update(t);
	tgt_stop_all(t, 0);
	detach_absorb_traps(t);
	vec_foreach(&t->mms, it)
	{
		int rc = tmm_restore(t, *it);
		if (rc < 0 && !first)
			first = rc;
	}
	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *th = val;
		if (th->state == TH_STOPPED || th->state == TH_ORPHAN)
			ptrace(PTRACE_DETACH, th->tid, NULL, (void *)(long)th->resume_sig);
		free(th);
	}
	u64map_free(&t->threads);
	tq_free(t);
	t->hit.th = NULL;
	return first;
}
