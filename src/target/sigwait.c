// SPDX-License-Identifier: MIT
/* Waiting for the next ptrace stop, a deadline or an interrupting signal with one
 * blocking wait4. SIGINT/TERM/HUP/PIPE/QUIT (and SIGALRM from the deadline timer) are
 * recorded by a handler; wait4 is issued from a small asm routine whose pre-syscall
 * window a handler redirects to an -EINTR exit (musl's cancellation-point technique).
 * Signals that would kill utap outright (SIGUSR1/2, SIGTRAP, SIGPROF, real-time...) are
 * deferred likewise when left at SIG_DFL: the target is restored, then utap dies of them. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>

#include "target/sigwait.h"

#if !defined(__x86_64__)
#error "the ptrace backend supports x86-64 only"
#endif

/* long tsig_cp(long nr, long a1, long a2, long a3, long a4, volatile int *flag):
 * nr(a1..a4) unless *flag is set; -EINTR when a handler cancelled it. */
long tsig_cp(long nr, long a1, long a2, long a3, long a4, volatile int *flag);
extern const char tsig_cp_begin[], tsig_cp_end[], tsig_cp_cancel[];
__asm__(".text\n"
	".globl tsig_cp\n"
	".hidden tsig_cp\n"
	".type tsig_cp,@function\n"
	"tsig_cp:\n"
	"	endbr64\n"
	"	mov %rdi, %r11\n"
	"	mov %rsi, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	mov %rcx, %rdx\n"
	"	mov %r8, %r10\n"
	".globl tsig_cp_begin\n.hidden tsig_cp_begin\n"
	"tsig_cp_begin:\n"
	"	mov (%r9), %eax\n"
	"	test %eax, %eax\n"
	"	jnz tsig_cp_cancel\n"
	"	mov %r11, %rax\n"
	"	syscall\n"
	".globl tsig_cp_end\n.hidden tsig_cp_end\n"
	"tsig_cp_end:\n"
	"	ret\n"
	".globl tsig_cp_cancel\n.hidden tsig_cp_cancel\n"
	"tsig_cp_cancel:\n"
	"	mov $-4, %rax\n"
	"	ret\n"
	".size tsig_cp, .-tsig_cp\n");

static const int tsig_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGALRM};
#define TSIG_N (sizeof(tsig_signals) / sizeof(tsig_signals[0]))
/* Deferred fatal signals (and SIGRTMIN..SIGRTMAX); taken over only while SIG_DFL. */
static const int tsig_fatal_signals[] = {SIGUSR1, SIGUSR2, SIGTRAP,   SIGVTALRM, SIGPROF,
					 SIGXCPU, SIGXFSZ, SIGSTKFLT, SIGIO,	 SIGPWR};
#define TSIG_NFATAL (sizeof(tsig_fatal_signals) / sizeof(tsig_fatal_signals[0]))

static volatile int tsig_flag;		 /* any of our signals since the last wait */
static volatile sig_atomic_t tsig_intr;	 /* the last interrupting signal, 0 if none */
static volatile sig_atomic_t tsig_fatal; /* the first deferred fatal signal, 0 if none */
static struct sigaction tsig_old[TSIG_N];
static bool tsig_fatal_taken[_NSIG]; /* signals whose SIG_DFL we replaced */
static sigset_t tsig_oldmask;
static timer_t tsig_timer;
static bool tsig_have_timer;
static int64_t tsig_armed = -1; /* deadline the timer is set for, -1 none */
static int tsig_users;

static void tsig_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	greg_t ip = uc->uc_mcontext.gregs[REG_RIP];

	(void)si;
	if (sig != SIGALRM)
		tsig_intr = sig;
	if (sig < _NSIG && tsig_fatal_taken[sig] && !tsig_fatal)
		tsig_fatal = sig;
	tsig_flag = 1;
	if (ip >= (greg_t)tsig_cp_begin && ip < (greg_t)tsig_cp_end)
		uc->uc_mcontext.gregs[REG_RIP] = (greg_t)tsig_cp_cancel;
}

static bool tsig_is_fatal(int sig)
{
	for (size_t i = 0; i < TSIG_NFATAL; i++)
		if (tsig_fatal_signals[i] == sig)
			return true;
	return sig >= SIGRTMIN && sig <= SIGRTMAX;
}

/* Takes over the deferred fatal signals that still have their default action. */
static void tsig_take_fatal(const struct sigaction *sa)
{
	struct sigaction old;

	for (int sig = 1; sig < _NSIG; sig++) {
		tsig_fatal_taken[sig] = false;
		if (!tsig_is_fatal(sig) || sigaction(sig, NULL, &old) < 0)
			continue;
		if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_DFL) {
			tsig_fatal_taken[sig] = true; /* before: it may arrive at once */
			tsig_fatal_taken[sig] = sigaction(sig, sa, NULL) == 0;
		}
	}
}

/* Gives the taken signals (those still ours) their default action back; then dies of
 * a deferred one. */
static void tsig_give_fatal(void)
{
	struct sigaction dfl, cur;
	int sig = tsig_fatal;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	for (int i = 1; i < _NSIG; i++) {
		if (tsig_fatal_taken[i] && sigaction(i, NULL, &cur) == 0 &&
		    (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == tsig_handler)
			sigaction(i, &dfl, NULL);
		tsig_fatal_taken[i] = false;
	}
	tsig_fatal = 0;
	if (sig) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
	}
}

void tsig_acquire(void)
{
	struct sigaction sa;
	sigset_t set;

	if (tsig_users++)
		return;
	/* before the handlers: a signal pending until the unblock below is not lost */
	tsig_armed = -1;
	tsig_intr = 0;
	tsig_flag = 0;
	tsig_fatal = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = tsig_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	for (size_t i = 0; i < TSIG_N; i++) {
		sigaction(tsig_signals[i], &sa, &tsig_old[i]);
		sigaddset(&set, tsig_signals[i]);
	}
	sigprocmask(SIG_UNBLOCK, &set, &tsig_oldmask);
	tsig_take_fatal(&sa);
	struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM};
	tsig_have_timer = timer_create(CLOCK_MONOTONIC, &sev, &tsig_timer) == 0;
}

void tsig_release(void)
{
	if (--tsig_users)
		return;
	if (tsig_have_timer)
		timer_delete(tsig_timer);
	tsig_have_timer = false;
	for (size_t i = 0; i < TSIG_N; i++)
		sigaction(tsig_signals[i], &tsig_old[i], NULL);
	sigprocmask(SIG_SETMASK, &tsig_oldmask, NULL);
	tsig_give_fatal();
}

int tsig_take_intr(void)
{
	int sig = tsig_intr;

	tsig_intr = 0;
	return sig;
}

void tsig_put_intr(int sig)
{
	tsig_intr = sig;
}

static void tsig_arm(int64_t deadline_ns)
{
	if (deadline_ns == tsig_armed || !tsig_have_timer)
		return;
	struct itimerspec its = {0};
	if (deadline_ns >= 0) {
		its.it_value.tv_sec = deadline_ns / 1000000000;
		its.it_value.tv_nsec = deadline_ns % 1000000000;
	}
	timer_settime(tsig_timer, TIMER_ABSTIME, &its, NULL);
	tsig_armed = deadline_ns;
}

pid_t tsig_wait(int64_t deadline_ns, int *status, bool stops)
{
	struct timespec now;

	tsig_flag = 0;
	if (tsig_intr)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (deadline_ns >= 0 && (int64_t)now.tv_sec * 1000000000 + now.tv_nsec >= deadline_ns)
		return 0;
	tsig_arm(deadline_ns);
	long r = -ECHILD;
	if (stops)
		r = tsig_cp(SYS_wait4, -1, (long)status, __WALL, 0, &tsig_flag);
	if (r == -ECHILD)
		r = tsig_cp(SYS_pause, 0, 0, 0, 0, &tsig_flag);
	if (r == -EINTR)
		return 0;
	return (pid_t)r;
}
