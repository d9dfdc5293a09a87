// SPDX-License-Identifier: MIT
/* The ptrace backend's life cycle and stop dispatcher: target_new/start/wait. Every
 * ptrace stop of every traced task comes through tgt_dispatch(), which keeps the
 * thread/process/address-space tables in step with clone, fork, vfork, exec and exit
 * and turns int3 traps at probe sites into HIT events. A hit costs one trap and one
 * wake-up: the original byte is a nop, so the thread resumes at site+1 untouched. */
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "target/mem.h"
#include "target/sigwait.h"
#include "target/tgt.h"
#include "util/alloc.h"

#ifndef CLONE_THREAD
#define CLONE_THREAD 0x00010000
#endif
#ifndef SYS_clone3_nr
#define SYS_clone3_nr 435
#endif

int64_t tgt_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void tgt_errmsg(struct target *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->err, sizeof(t->err), fmt, ap);
	va_end(ap);
}

const char *target_errmsg(const struct target *t)
{
	return t->err;
}

pid_t target_pid(const struct target *t)
{
	return t->root;
}

void target_want_events(struct target *t, unsigned int mask)
{
	if (!t->started)
		t->want = mask;
}

void target_get_stats(const struct target *t, struct target_stats *st)
{
	*st = t->stats;
}

struct target *target_new(void)
{
	struct target *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	sigprocmask(SIG_SETMASK, NULL, &t->oldmask);
	tsig_acquire();
	emergency_register(t);
	return t;
}

void target_set_launch_sigmask(struct target *t, const sigset_t *mask)
{
	t->oldmask = *mask;
}

/* Queues a begin/end event for th (the event pins th when hold is set). */
static void tgt_task_event(struct target *t, enum target_event_kind kind, struct tthread *th,
			   bool hold)
{
	struct tproc *p = th->proc;
	struct tevent *e = tq_push(t, kind, p ? p->pid : th->tid, th->tid);

	e->str = xstrdup(p && p->exe ? p->exe : "");
	if (hold)
		e->hold = th->tid;
}

/* First stop of a task: report its begin (pinning it) or let it go. */
static void tgt_task_begins(struct target *t, struct tthread *th, bool draining)
{
	bool leader = th->proc && th->proc->pid == th->tid;
	unsigned int bit = leader ? TARGET_WANT_PROCESS : TARGET_WANT_THREAD;

	th->state = TH_STOPPED;
	th->interrupted = false;
	tth_read_comm(th);
	if (draining)
		return;
	if (leader)
		th->proc->begun = true;
	if (t->want & bit)
		tgt_task_event(t, leader ? TARGET_EV_PROCESS_BEGIN : TARGET_EV_THREAD_BEGIN, th,
			       true);
	else
		tth_resume(t, th);
}

/* th, through which its address space was reached, is exiting: use a sibling. */
static void tgt_rehome_mm(struct target *t, struct tthread *th)
{
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *o = val;
		if (o != th && o->proc == th->proc) {
			tmm_set_pid(th->proc->mm, o->tid);
			return;
		}
	}
}

static void tgt_on_exit(struct target *t, struct tthread *th, int status)
{
	struct tproc *p = th->proc;
	/* the last thread of a group whose main thread we never traced (a zombie at
	 * attach time) ends the group in its stead */
	bool leader = p && (p->pid == th->tid || (p->nthreads == 1 && !tth_find(t, p->pid)));
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;

	if (!leader && p && (t->want & TARGET_WANT_THREAD))
		tgt_task_event(t, TARGET_EV_THREAD_END, th, false);
	if (!leader && p && p->mm && p->mm->pid == th->tid)
		tgt_rehome_mm(t, th);
	if (leader && p->begun && (t->want & TARGET_WANT_PROCESS)) {
		tgt_task_event(t, TARGET_EV_PROCESS_END, th, false);
		vec_last(&t->queue).ev.exit_code = code;
		vec_last(&t->queue).ev.term_signal = sig;
	}
	if (leader && p->pid == t->root) {
		struct tevent *e = tq_push(t, TARGET_EV_EXITED, p->pid, th->tid);
		e->ev.exit_code = code;
		e->ev.term_signal = sig;
		t->root_gone = true;
	}
	tth_remove(t, th);
	if (!leader)
		return;
	/* the group is gone: drop any thread whose own exit we will never see */
	uint64_t key;
	void *val;
	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		if (((struct tthread *)val)->proc == p) {
			tth_remove(t, val);
			i = 0;
		}
	}
	tproc_remove(t, p);
}

/* The clone flags of the fork/vfork/clone/clone3 call th is stopped in. */
static unsigned long tgt_clone_flags(struct tthread *th, int event)
{
	struct user_regs_struct r;

	if (event == PTRACE_EVENT_VFORK)
		return CLONE_VM | CLONE_VFORK;
	if (ptrace(PTRACE_GETREGS, th->tid, NULL, &r) < 0)
		return event == PTRACE_EVENT_CLONE ? CLONE_VM | CLONE_THREAD : 0;
	switch (r.orig_rax) {
	case 56: /* clone(flags, ...) */
		return r.rdi;
	case SYS_clone3_nr: {
		uint64_t flags;
		if (mem_read(th->tid, r.rdi, &flags, sizeof(flags)) == 0)
			return flags;
		break;
	}
	case 58: /* vfork */
		return CLONE_VM | CLONE_VFORK;
	case 57: /* fork */
		return 0;
	}
	return event == PTRACE_EVENT_CLONE ? CLONE_VM | CLONE_THREAD : 0;
}

static void tgt_on_clone(struct target *t, struct tthread *th, int event, bool draining)
{
	unsigned long msg = 0;
	unsigned long flags = tgt_clone_flags(th, event);

	if (ptrace(PTRACE_GETEVENTMSG, th->tid, NULL, &msg) == 0 && msg) {
		pid_t ntid = (pid_t)msg;
		struct tproc *np = th->proc;
		if (!(flags & CLONE_THREAD)) {
			struct tmm *mm = th->proc->mm;
			if (flags & CLONE_VM)
				mm->refs++;
			else
				mm = tmm_clone(t, mm, ntid);
			np = tproc_new(t, ntid, mm);
		}
		struct tthread *child = tth_find(t, ntid);
		if (!child) {
			tth_add(t, ntid, np, TH_NEW);
		} else {
			if (!child->proc) {
				child->proc = np;
				np->nthreads++;
			}
			if (child->state == TH_ORPHAN)
				tgt_task_begins(t, child, draining);
		}
	}
	if (!draining)
		tth_resume(t, th);
}

/* exec: all other threads are gone, the address space is new, and th (now the
 * leader, whatever tid it had) stops before the new image runs. */
static void tgt_on_exec(struct target *t, struct tthread *th, bool draining)
{
	struct tproc *p = th->proc;
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *o = val;
		if (o != th && o->proc == p) {
			tth_remove(t, o);
			i = 0; /* the table changed: walk again */
		}
	}
	if (p->begun && (t->want & TARGET_WANT_PROCESS))
		tgt_task_event(t, TARGET_EV_PROCESS_END, th, false);
	tmm_put(t, p->mm);
	p->mm = tmm_new(t, p->pid);
	free(p->exe);
	p->exe = tproc_exe_path(p->pid);
	tth_read_comm(th);
	if (draining)
		return;
	tmm_rescan(t, p->mm);
	p->begun = true;
	if (t->want & TARGET_WANT_PROCESS)
		tgt_task_event(t, TARGET_EV_PROCESS_BEGIN, th, true);
	else
		tth_resume(t, th);
}

/* An int3 trap (si_code SI_KERNEL) whose int3 byte is no longer there was one of ours,
 * taken just before we removed it (a dlclose, a rescan, a fork child's copy being
 * disarmed): the thread must re-execute the original instruction, not die of SIGTRAP.
 * A program's own int3 is still in its code, and a kill()ed SIGTRAP has another code. */
static bool tgt_trap_was_ours(struct tthread *th, const struct user_regs_struct *regs)
{
	siginfo_t si;
	uint8_t byte;

	if (ptrace(PTRACE_GETSIGINFO, th->tid, NULL, &si) < 0 || si.si_code != SI_KERNEL)
		return false;
	if (mem_read(th->tid, regs->rip - 1, &byte, 1) < 0 || byte == 0xcc)
		return false;
	return true;
}

/* SIGTRAP signal-delivery-stop: one of our int3s, or a genuine SIGTRAP to pass on. */
static int tgt_on_trap(struct target *t, struct tthread *th, bool draining)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, th->tid, NULL, &regs) < 0)
		return errno == ESRCH ? 0 : -errno;
	struct tbp *bp = u64map_get(&th->proc->mm->bps, regs.rip - 1);
	if (!bp) {
		if (tgt_trap_was_ours(th, &regs)) {
			regs.rip--;
			if (ptrace(PTRACE_SETREGS, th->tid, NULL, &regs) < 0 && errno != ESRCH)
				return -errno;
		} else {
			th->resume_sig = SIGTRAP;
		}
		return draining ? 0 : tth_resume(t, th);
	}
	if (bp->kind == TBP_DLSTATE) {
		if (draining) {
			uint64_t ret;
			if (mem_read(th->tid, regs.rsp, &ret, sizeof(ret)) == 0) {
				regs.rip = ret;
				regs.rsp += 8;
				ptrace(PTRACE_SETREGS, th->tid, NULL, &regs);
			}
			return 0;
		}
		int rc = rdebug_hit(t, th, &regs);
		if (rc < 0 && rc != -ESRCH)
			tq_warn(t, "cannot follow dlopen in process %d: %s", (int)th->proc->pid,
				strerror(-rc));
		return tth_resume(t, th);
	}
	if (draining)
		return 0;
	struct tevent *e = tq_push(t, TARGET_EV_HIT, th->proc->pid, th->tid);
	e->hold = th->tid;
	e->site = bp->site;
	e->bias = bp->bias;
	e->regs = regs;
	t->stats.hits++;
	tgt_affinity_tick(t);
	return 0;
}

static bool tgt_is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static int tgt_dispatch_stop(struct target *t, pid_t tid, int status, bool draining);

int tgt_dispatch(struct target *t, pid_t tid, int status, bool draining)
{
	size_t before = t->threads.n;
	int rc = tgt_dispatch_stop(t, tid, status, draining);

	if (t->threads.n != before && !draining)
		tgt_affinity_update(t);
	return rc;
}

static int tgt_dispatch_stop(struct target *t, pid_t tid, int status, bool draining)
{
	struct tthread *th = tth_find(t, tid);

	t->stats.stops++;
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		if (th)
			tgt_on_exit(t, th, status);
		return 0;
	}
	if (!WIFSTOPPED(status))
		return 0;
	int sig = WSTOPSIG(status), event = status >> 16;
	unsigned long former = 0;
	if (!th && event == PTRACE_EVENT_EXEC &&
	    ptrace(PTRACE_GETEVENTMSG, tid, NULL, &former) == 0 &&
	    (th = tth_find(t, (pid_t)former))) {
		/* exec by a thread while the main thread, untraced (a zombie at attach),
		 * is gone: the thread now has the process's id */
		u64map_del(&t->threads, (uint64_t)th->tid);
		th->tid = tid;
		u64map_put(&t->threads, (uint64_t)tid, th);
	}
	if (!th) {
		/* a new task whose parent's clone/fork event has not been seen yet */
		tth_add(t, tid, NULL, TH_ORPHAN);
		return 0;
	}
	if (th->state == TH_NEW && event == PTRACE_EVENT_STOP) {
		tgt_task_begins(t, th, draining);
		return 0;
	}
	th->state = TH_STOPPED;
	switch (event) {
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		tgt_on_clone(t, th, event, draining);
		return 0;
	case PTRACE_EVENT_EXEC:
		tgt_on_exec(t, th, draining);
		return 0;
	case PTRACE_EVENT_STOP:
		th->interrupted = false;
		th->group_stop = tgt_is_stop_signal(sig);
		if (th->group_stop || draining)
			th->nsample = 0; /* off the CPU (job control), or leaving */
		else if (sample_stopped(t, th))
			return 0;
		return draining ? 0 : tth_resume(t, th);
	case 0:
		if (sig == SIGTRAP)
			return tgt_on_trap(t, th, draining);
		th->resume_sig = sig;
		return draining ? 0 : tth_resume(t, th);
	default:
		return draining ? 0 : tth_resume(t, th);
	}
}

int target_start(struct target *t)
{
	if (!t->root)
		return -ESRCH;
	if (t->started)
		return -EBUSY;
	t->started = true;
	vec_foreach(&t->mms, it)
	{
		int rc = tmm_rescan(t, *it);
		if (rc < 0 && rc != -ESRCH) {
			tgt_errmsg(t, "cannot read the memory map of process %d: %s",
				   (int)(*it)->pid, strerror(-rc));
			return rc;
		}
	}
	uint64_t key;
	void *val;
	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *th = val;
		/* a group whose main thread is a zombie begins with its first thread */
		bool leader =
		    th->proc->pid == th->tid || (!th->proc->begun && !tth_find(t, th->proc->pid));
		if (leader)
			th->proc->begun = true;
		if (t->want & (leader ? TARGET_WANT_PROCESS : TARGET_WANT_THREAD))
			tgt_task_event(t, leader ? TARGET_EV_PROCESS_BEGIN : TARGET_EV_THREAD_BEGIN,
				       th, th->state == TH_STOPPED);
		else if (th->state == TH_STOPPED)
			tth_resume(t, th);
	}
	tgt_affinity_update(t);
	return 0;
}

/* Releases the thread pinned by the event returned last, unless a queued event still
 * needs it stopped. */
static int tgt_release(struct target *t)
{
	pid_t tid = t->cur.hold;

	t->cur.hold = 0;
	if (!tid)
		return 0;
	for (int i = t->qhead; i < t->queue.n; i++)
		if (t->queue.v[i].hold == tid)
			return 0;
	struct tthread *th = tth_find(t, tid);
	return th ? tth_resume(t, th) : 0;
}

/* Fills ev from the queue, preparing the probe context of hits and task events. */
static bool tgt_pop(struct target *t, struct target_event *ev)
{
	if (!tq_pop(t, ev))
		return false;
	struct tthread *th = ev->tid ? tth_find(t, ev->tid) : NULL;
	switch (ev->kind) {
	case TARGET_EV_HIT:
		if (!th || !th->proc)
			return tgt_pop(t, ev); /* the thread vanished (exec by a sibling) */
		t->hit.regs = t->cur.regs;
		thit_prepare(t, th, t->cur.site, t->cur.bias);
		ev->path = th->proc->exe;
		ev->ids = t->cur.site->ids.v;
		ev->nids = t->cur.site->ids.n;
		ev->ctx = &t->ctx;
		break;
	case TARGET_EV_SAMPLE:
		if (!th || !th->proc)
			return tgt_pop(t, ev);
		thit_prepare_task(t, th, ev->pid, ev->tid);
		ev->path = th->proc->exe;
		ev->ids = t->cur.sample_ids;
		ev->nids = t->cur.nsample;
		ev->ctx = &t->ctx;
		break;
	case TARGET_EV_PROCESS_BEGIN:
	case TARGET_EV_PROCESS_END:
	case TARGET_EV_THREAD_BEGIN:
	case TARGET_EV_THREAD_END:
		thit_prepare_task(t, th, ev->pid, ev->tid);
		ev->ctx = &t->ctx;
		break;
	default:
		break;
	}
	return true;
}

int target_wait(struct target *t, int64_t deadline_ns, struct target_event *ev)
{
	int rc = tgt_release(t);

	if (rc < 0)
		return rc;
	for (;;) {
		if (tgt_pop(t, ev))
			return 0;
		int sig = tsig_take_intr();
		if (sig) {
			*ev = (struct target_event){.kind = TARGET_EV_INTERRUPTED, .signo = sig};
			return 0;
		}
		if (deadline_ns >= 0 && tgt_now_ns() >= deadline_ns) {
			*ev = (struct target_event){.kind = TARGET_EV_TIMEOUT};
			return 0;
		}
		int status = 0;
		pid_t tid = tsig_wait(deadline_ns, &status, !t->detached);
		if (tid > 0) {
			rc = tgt_dispatch(t, tid, status, false);
			if (rc < 0) {
				tgt_errmsg(t, "ptrace: %s", strerror(-rc));
				return rc;
			}
		} else if (tid < 0) {
			tgt_errmsg(t, "wait4: %s", strerror(-tid));
			return tid;
		}
	}
}

void target_free(struct target *t)
{
	if (!t)
		return;
	target_detach(t);
	emergency_unregister(t);
	while (t->procs.n)
		tproc_remove(t, t->procs.v[0]);
	while (t->mms.n) {
		t->mms.v[0]->refs = 1;
		tmm_put(t, t->mms.v[0]);
	}
	uint64_t key;
	void *val;
	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);)
		free(val);
	u64map_free(&t->threads);
	vec_free(&t->procs);
	vec_free(&t->mms);
	tq_free(t);
	tobj_free_all(t);
	vec_foreach(&t->interp_cache, it) elf_file_free(*it);
	vec_free(&t->interp_cache);
	tsig_release();
	free(t);
}
