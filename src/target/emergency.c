// SPDX-License-Identifier: MIT
/* Last-resort cleanup when utap itself dies or exits without target_detach(): an
 * atexit hook runs the full detach, and a handler for fatal signals (SIGSEGV, SIGBUS,
 * SIGILL, SIGFPE, SIGABRT, SIGSYS) restores the original bytes and semaphores with
 * plain syscalls and detaches the threads we hold stopped, then lets the signal take
 * its course (chaining to a previous handler such as ASan's). SIGKILL cannot be
 * caught: then threads already stopped on an int3 may die of their SIGTRAP. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>

#include "target/tgt.h"

#define EMERGENCY_MAX 8

static const int emergency_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGSYS };
#define EMERGENCY_NSIG (sizeof(emergency_signals) / sizeof(emergency_signals[0]))

static struct target *emergency_live[EMERGENCY_MAX];
static struct sigaction emergency_old[EMERGENCY_NSIG];
static bool emergency_installed;

/* Detaches th if it is in any ptrace stop, reported to us or not: an int3 trap (or an
 * event) is dropped, a genuine signal is passed on. A running thread is left to the
 * kernel's implicit detach. */
static void emergency_detach(struct tthread *th)
{
	siginfo_t si;
	long sig = th->resume_sig;

	if (ptrace(PTRACE_GETSIGINFO, th->tid, NULL, &si) == 0 && th->state != TH_STOPPED)
		sig = si.si_signo == SIGTRAP && (si.si_code == SI_KERNEL || si.si_code > 0x80)
			      ? 0 : si.si_signo;
	ptrace(PTRACE_DETACH, th->tid, NULL, (void *)sig);
}

static void emergency_restore_all(void)
{
	for (int i = 0; i < EMERGENCY_MAX; i++) {
		struct target *t = emergency_live[i];
		if (!t || t->detached)
			continue;
		for (int j = 0; j < t->mms.n; j++)
			tmm_emergency_restore(t->mms.v[j]);
		uint64_t key;
		void *val;
		for (size_t k = 0; u64map_next(&t->threads, &k, &key, &val);)
			emergency_detach(val);
		t->detached = true;
	}
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
