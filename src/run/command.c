// SPDX-License-Identifier: MIT
/* An untraced -c command (see command.h): fork, hold the child on a pipe until the begin
 * probes ran, exec with the caller's original signal mask and only stdin/stdout/stderr,
 * report an exec failure through a close-on-exec pipe, and reap it without blocking. */
#include "run/command.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "target/target.h"
#include "util/spawn.h"

/* execvp's search, done before forking so that a missing program fails at once */
static int command_findable(const char *prog)
{
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0 ? 0 : -errno;
	const char *path = getenv("PATH");
	char *dirs = strdup(path ? path : "/bin:/usr/bin");
	int rc = -ENOENT;
	char *save = NULL;
	for (char *d = strtok_r(dirs, ":", &save); d && rc; d = strtok_r(NULL, ":", &save)) {
		char full[4096];
		struct stat st;
		snprintf(full, sizeof(full), "%s/%s", *d ? d : ".", prog);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
			rc = access(full, X_OK) == 0 ? 0 : -errno;
	}
	free(dirs);
	return rc;
}

int command_spawn(struct command *c, const char *cmd, const sigset_t *mask, char *err,
		  size_t errlen)
{
	char **argv = NULL;
	*c = (struct command){.release_fd = -1, .err_fd = -1};
	int rc = target_split_command(cmd, &argv, err, errlen);
	if (rc < 0)
		return rc;
	if ((rc = command_findable(argv[0])) < 0) {
		snprintf(err, errlen, "%s: %s", argv[0], strerror(-rc));
		target_argv_free(argv);
		return rc;
	}
	int hold[2], ep[2];
	if (pipe2(hold, O_CLOEXEC) < 0 || pipe2(ep, O_CLOEXEC) < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot start the command: %s", strerror(-rc));
		target_argv_free(argv);
		return rc;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(hold[1]);
		close(ep[0]);
		spawn_exec_held(argv, mask, hold[0], ep[1]);
	}
	rc = pid < 0 ? -errno : 0;
	close(hold[0]);
	close(ep[1]);
	target_argv_free(argv);
	if (rc < 0) {
		close(hold[1]);
		close(ep[0]);
		snprintf(err, errlen, "cannot start the command: %s", strerror(-rc));
		return rc;
	}
	c->pid = pid;
	c->release_fd = hold[1];
	c->err_fd = ep[0];
	return 0;
}

int command_release(struct command *c, char *err, size_t errlen)
{
	int e = 0;
	ssize_t n;
	close(c->release_fd);
	c->release_fd = -1;
	while ((n = read(c->err_fd, &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(c->err_fd);
	c->err_fd = -1;
	if (n != (ssize_t)sizeof(e))
		return 0;
	snprintf(err, errlen, "exec: %s", strerror(e));
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	c->pid = 0;
	return -e;
}

int command_reap(struct command *c, int *exit_code, int *term_signal)
{
	int status;
	if (c->pid <= 0 || waitpid(c->pid, &status, WNOHANG) != c->pid)
		return 0;
	c->pid = 0;
	*exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	*term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	return 1;
}

void command_free(struct command *c)
{
	if (c->release_fd >= 0)
		close(c->release_fd);
	if (c->err_fd >= 0)
		close(c->err_fd);
	c->release_fd = c->err_fd = -1;
}
