/* SPDX-License-Identifier: MIT */
/* A -c command that no probe needs to trace (no marks, process/thread probes or
 * timer.profile): started as a plain child, without ptrace, so that it runs at full
 * speed and may itself use ptrace (strace, gdb). Like a traced launch it is held until
 * the begin probes have run; the run loop only learns of its exit. */
#ifndef UTAP_RUN_COMMAND_H
#define UTAP_RUN_COMMAND_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct command {
	pid_t pid;	/* 0 before command_spawn */
	int release_fd; /* closing it lets the child exec */
	int err_fd;	/* the child's exec errno, EOF once exec succeeded */
};

/* Splits cmd as stap does and forks a child that waits, with the signal mask `mask`,
 * until command_release. A program that cannot be found fails here (as a traced launch
 * does), with "PROG: No such file or directory" in err. Returns 0 or -errno. */
int command_spawn(struct command *c, const char *cmd, const sigset_t *mask, char *err,
		  size_t errlen);
/* Lets the child exec and waits until it did. Returns 0, or -errno (exec failed, with
 * the message in err; the child is gone). */
int command_release(struct command *c, char *err, size_t errlen);
/* Reaps the child if it has ended: 1 with its exit code or killing signal, 0 while it
 * runs (or after it was reaped). */
int command_reap(struct command *c, int *exit_code, int *term_signal);
/* Closes the descriptors; the child, if still running, is left alone. */
void command_free(struct command *c);

#endif
