/* SPDX-License-Identifier: MIT */
/* One blocking wait for the ptrace backend: the next stop of any traced task, or an
 * interrupting signal (SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT), or a deadline,
 * whichever comes first, without a race between them (see sigwait.c). */
#ifndef UTAP_TARGET_SIGWAIT_H
#define UTAP_TARGET_SIGWAIT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Installs the signal handlers and the deadline timer (reference counted); release
 * restores the previous handlers and signal mask. */
void tsig_acquire(void);
void tsig_release(void);

/* The interrupting signal received since the last call, 0 if none. */
int tsig_take_intr(void);
/* Puts a taken signal back (for a wait that must not consume it). */
void tsig_put_intr(int sig);

/* Blocks until a child of ours changes state (when stops; the status is reaped into
 * *status and its tid returned), a signal arrives or CLOCK_MONOTONIC reaches
 * deadline_ns (< 0: none). Returns the tid, 0 when woken by a signal or the deadline
 * (or at once if one is already pending), or -errno. With no child at all it waits for
 * a signal or the deadline only. */
pid_t tsig_wait(int64_t deadline_ns, int *status, bool stops);

#endif
