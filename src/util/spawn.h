// SPDX-License-Identifier: MIT
/* The child side of running a -c command, traced or not: held until the parent is
 * ready, then exec'd like staprun runs it; an exec failure goes back through a pipe. */
#ifndef UTAP_UTIL_SPAWN_H
#define UTAP_UTIL_SPAWN_H

#include <signal.h>

/* In a fork child: restores mask, waits until wait_fd is readable (a byte or EOF),
 * keeps only stdin/stdout/stderr and err_fd (close-on-exec), execvp's argv and on
 * failure writes exec's errno to err_fd and exits 127. Never returns. */
void spawn_exec_held(char **argv, const sigset_t *mask, int wait_fd, int err_fd)
    __attribute__((noreturn));
#endif
