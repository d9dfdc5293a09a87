// SPDX-License-Identifier: MIT
/* Waiting for the next ptrace stop, a deadline or an interrupting signal with a single
 * blocking wait4: one syscall per hit instead of a poll, a signal wait and a reap.
 * SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGQUIT (and SIGALRM from the deadline timer)
 * get a handler that records them; the race between checking that record and entering
 * wait4 is closed the way musl closes its cancellation points: the syscall is issued
 * from a small asm routine, and a handler that interrupts it before its `syscall`
 * instruction completed moves the saved rip to an exit that returns -EINTR. */
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

static volatile int tsig_flag;		/* any of our signals since the last wait */
static volatile sig_atomic_t tsig_intr; /* the last interrupting signal, 0 if none */
static struct sigaction tsig_old[TSIG_N];
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
	tsig_flag = 1;
	if (ip >= (greg_t)tsig_cp_begin && ip < (greg_t)tsig_cp_end)
		uc->uc_mcontext.gregs[REG_RIP] = (greg_t)tsig_cp_cancel;
}

void tsig_acquire(void)
{
	struct sigaction sa;
	sigset_t set;

	if (tsig_users++)
		return;
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
	struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM};
	tsig_have_timer = timer_create(CLOCK_MONOTONIC, &sev, &tsig_timer) == 0;
	tsig_armed = -1;
	tsig_intr = 0;
	tsig_flag = 0;
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
