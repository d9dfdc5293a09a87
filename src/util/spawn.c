// SPDX-License-Identifier: MIT
/* The exec'ing child shared by the traced (target/launch.c) and untraced
 * (run/command.c) -c paths. */
#include "util/spawn.h"

#include <errno.h>
#include <unistd.h>

void spawn_exec_held(char **argv, const sigset_t *mask, int wait_fd, int err_fd)
{
	char c;

	sigprocmask(SIG_SETMASK, mask, NULL);
	while (read(wait_fd, &c, 1) < 0 && errno == EINTR)
		;
	/* like staprun: the command inherits stdin, stdout and stderr only */
	if (err_fd > 3)
		close_range(3, (unsigned int)err_fd - 1, 0);
	close_range((unsigned int)err_fd + 1, ~0U, 0);
	execvp(argv[0], argv);
	int e = errno;
	if (write(err_fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}
