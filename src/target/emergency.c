// SPDX-License-Identifier: MIT
/* Last-resort cleanup when utap itself dies or exits without target_detach(): an
 * atexit hook runs the full detach, and a handler for fatal signals (SIGSEGV, SIGBUS,
 * SIGILL, SIGFPE, SIGABRT, SIGSYS) puts the original bytes and semaphores back, then
 * stops and detaches every thread without allocating (the heap may be what broke):
 * traps already taken are absorbed, fork children copied before the restore are
 * restored too, genuine signals are passed on. Then the signal takes its course
 * (chaining to a previous handler such as ASan's). SIGKILL cannot be caught: threads
 * stopped on an int3 at that moment die of their SIGTRAP. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "target/mem.h"
#include "target/tgt.h"

#ifndef PTRACE_PEEKSIGINFO
#define PTRACE_PEEKSIGINFO 0x4209
#endif

#define EMERGENCY_MAX 8
#define EMERGENCY_DRAIN_NS 300000000 /* at most this long stopping threads */
#define EMERGENCY_QUIET_NS 20000000  /* done after this long without a stop */

static const int emergency_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGSYS};
#define EMERGENCY_NSIG (sizeof(emergency_signals) / sizeof(emergency_signals[0]))

static struct target *emergency_live[EMERGENCY_MAX];
static struct sigaction emergency_old[EMERGENCY_NSIG];
static bool emergency_installed;

struct emergency_peek {
	uint64_t off;
	uint32_t flags;
	int32_t nr;
};

/* An int3 SIGTRAP (si_code SI_KERNEL) is queued for tid and not yet reported. */
static bool emergency_trap_queued(pid_t tid)
{
	struct emergency_peek a = {.off = 0, .flags = 0, .nr = 4};
	siginfo_t si[4];
	long n = ptrace(PTRACE_PEEKSIGINFO, tid, &a, si);

	for (long i = 0; i < n; i++)
		if (si[i].si_signo == SIGTRAP && si[i].si_code == SI_KERNEL)
			return true;
	return false;
}

/* A fork child created before the restore holds a copy of the parent's int3 bytes and
 * incremented semaphores: put its copy back too (only if the int3s are there). */
static void emergency_restore_child(struct tmm *mm, pid_t child)
{
	char path[40] = "/proc/";
	char num[16];
	int n = 0;
	uint64_t key;
	void *val;

	for (pid_t c = child; c > 0 && n < 15; c /= 10)
		num[n++] = (char)('0' + c % 10);
	size_t len = strlen(path);
	while (n > 0)
		path[len++] = num[--n];
	memcpy(path + len, "/mem", 5);
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	bool copied = false;
	for (size_t i = 0; u64map_next(&mm->bps, &i, &key, &val);) {
		struct tbp *bp = val;
		uint8_t b;
		if (pread(fd, &b, 1, (off_t)bp->addr) == 1 && b == 0xcc) {
			copied = true;
			mem_pwrite_raw(fd, bp->addr, &bp->orig, 1);
		}
	}
	for (int i = 0; copied && i < mm->semas.n; i++) {
		uint16_t v;
		if (pread(fd, &v, 2, (off_t)mm->semas.v[i].addr) == 2) {
			int nv = (int)v - mm->semas.v[i].count;
			v = (uint16_t)(nv < 0 ? 0 : nv);
			mem_pwrite_raw(fd, mm->semas.v[i].addr, &v, 2);
		}
	}
	close(fd);
}

/* One ptrace stop during the drain: detach the task with the right signal, or let a
 * queued trap through first. */
static void emergency_stop(struct target *t, pid_t tid, int status)
{
	struct tthread *th = tth_find(t, tid);
	int event = status >> 16, sig = WSTOPSIG(status);
	unsigned long msg = 0;
	siginfo_t si;

	if (!WIFSTOPPED(status)) {
		if (th)
			th->state = TH_DETACHED;
		return;
	}
	if ((event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_CLONE) && th && th->proc &&
	    ptrace(PTRACE_GETEVENTMSG, tid, NULL, &msg) == 0 && msg)
		emergency_restore_child(th->proc->mm, (pid_t)msg);
	long dsig = 0;
	if (event == PTRACE_EVENT_STOP && emergency_trap_queued(tid)) {
		ptrace(PTRACE_CONT, tid, NULL, NULL); /* the trap comes back as a stop */
		return;
	}
	if (event == 0) {
		dsig = sig;
		if (sig == SIGTRAP && ptrace(PTRACE_GETSIGINFO, tid, NULL, &si) == 0 &&
		    si.si_code == SI_KERNEL)
			dsig = 0;
	}
	ptrace(PTRACE_DETACH, tid, NULL, (void *)dsig);
	if (th)
		th->state = TH_DETACHED;
}

static int64_t emergency_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static bool emergency_all_detached(struct target *t)
{
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);)
		if (((struct tthread *)val)->state != TH_DETACHED)
			return false;
	return true;
}

static void emergency_drain(struct target *t)
{
	uint64_t key;
	void *val;
	struct timespec ms = {0, 1000000};

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *th = val;
		if (th->state == TH_STOPPED || th->state == TH_ORPHAN) {
			int st = (PTRACE_EVENT_STOP << 16) | (SIGTRAP << 8) | 0x7f;
			if (th->resume_sig)
				st = (th->resume_sig << 8) | 0x7f;
			emergency_stop(t, th->tid, st);
		} else {
			ptrace(PTRACE_INTERRUPT, th->tid, NULL, NULL);
		}
	}
	int64_t start = emergency_now(), last = start;
	for (;;) {
		int status;
		pid_t tid = waitpid(-1, &status, __WALL | WNOHANG);
		int64_t now = emergency_now();
		if (tid > 0) {
			emergency_stop(t, tid, status);
			last = now;
			continue;
		}
		if (tid < 0 && errno == ECHILD)
			break;
		if (now - start > EMERGENCY_DRAIN_NS ||
		    (now - last > EMERGENCY_QUIET_NS && emergency_all_detached(t)))
			break;
		nanosleep(&ms, NULL);
	}
}

static void emergency_restore_all(void)
{
	int saved = errno;

	for (int i = 0; i < EMERGENCY_MAX; i++) {
		struct target *t = emergency_live[i];
		if (!t || t->detached)
			continue;
		t->detached = true;
		for (int j = 0; j < t->mms.n; j++)
			tmm_emergency_restore(t, t->mms.v[j]);
		emergency_drain(t);
	}
	errno = saved;
}

void target_emergency_restore(void)
{
	emergency_restore_all();
}

static void emergency_handler(int sig, siginfo_t *si, void *uc)
{
	size_t i;

	emergency_restore_all();
	for (i = 0; i < EMERGENCY_NSIG; i++)
		if (emergency_signals[i] == sig)
			break;
	if (i < EMERGENCY_NSIG && (emergency_old[i].sa_flags & SA_SIGINFO) &&
	    emergency_old[i].sa_sigaction) {
		emergency_old[i].sa_sigaction(sig, si, uc);
		return;
	}
	if (i < EMERGENCY_NSIG && emergency_old[i].sa_handler != SIG_DFL &&
	    emergency_old[i].sa_handler != SIG_IGN) {
		emergency_old[i].sa_handler(sig);
		return;
	}
	signal(sig, SIG_DFL);
	raise(sig); /* for a fault: the instruction faults again on return */
}

static void emergency_atexit(void)
{
	for (int i = 0; i < EMERGENCY_MAX; i++)
		if (emergency_live[i])
			target_detach(emergency_live[i]);
}

static void emergency_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = emergency_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < EMERGENCY_NSIG; i++)
		sigaction(emergency_signals[i], &sa, &emergency_old[i]);
	atexit(emergency_atexit);
	emergency_installed = true;
}

void emergency_register(struct target *t)
{
	if (!emergency_installed)
		emergency_install();
	for (int i = 0; i < EMERGENCY_MAX; i++) {
		if (!emergency_live[i]) {
			emergency_live[i] = t;
			return;
		}
	}
}

void emergency_unregister(struct target *t)
{
	for (int i = 0; i < EMERGENCY_MAX; i++)
		if (emergency_live[i] == t)
			emergency_live[i] = NULL;
}
