// SPDX-License-Identifier: MIT
/* `-c CMD`: splitting the command as staprun does (start_cmd.c: wordexp with
 * WRDE_NOCMD|WRDE_UNDEF; WRDE_BADCHAR, i.e. a shell metacharacter, means `sh -c CMD`)
 * and starting it under ptrace, stopped at its first exec before it runs any code. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wordexp.h>

#include "target/tgt.h"
#include "util/alloc.h"
#include "util/spawn.h"

int launch_split(const char *cmd, char ***argv, char *err, size_t errlen)
{
	wordexp_t w;
	char **v;
	int rc = wordexp(cmd, &w, WRDE_NOCMD | WRDE_UNDEF);

	if (rc == WRDE_BADCHAR) {
		v = xcalloc(4, sizeof(*v));
		v[0] = xstrdup("sh");
		v[1] = xstrdup("-c");
		v[2] = xstrdup(cmd);
		*argv = v;
		return 0;
	}
	if (rc == WRDE_SYNTAX) {
		snprintf(err, errlen, "wordexp: syntax error (unmatched quotes?) in -c COMMAND");
		return -EINVAL;
	}
	if (rc != 0) {
		snprintf(err, errlen, "wordexp: parsing error (%d)", rc);
		if (rc == WRDE_NOSPACE)
			wordfree(&w);
		return -EINVAL;
	}
	if (w.we_wordc < 1) {
		wordfree(&w);
		snprintf(err, errlen, "empty -c COMMAND");
		return -EINVAL;
	}
	v = xcalloc(w.we_wordc + 1, sizeof(*v));
	for (size_t i = 0; i < w.we_wordc; i++)
		v[i] = xstrdup(w.we_wordv[i]);
	wordfree(&w);
	*argv = v;
	return 0;
}

void launch_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

int target_split_command(const char *cmd, char ***argv, char *err, size_t errlen)
{
	return launch_split(cmd, argv, err, errlen);
}

void target_argv_free(char **argv)
{
	launch_argv_free(argv);
}

/* Waits for the child's exec stop, forwarding any signal it gets before. Returns 0 at
 * the PTRACE_EVENT_EXEC stop, or -errno when the child died (exec failed). */
static int launch_wait_exec(pid_t pid, int err_fd, int *exec_errno)
{
	int status;

	for (;;) {
		if (waitpid(pid, &status, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (read(err_fd, exec_errno, sizeof(*exec_errno)) != sizeof(*exec_errno))
				*exec_errno = ECHILD;
			return -*exec_errno;
		}
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
			return 0;
		int sig = WSTOPSIG(status);
		if (status >> 16 || sig == SIGTRAP)
			sig = 0;
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
	}
}

/* Forks the child, seizes it and lets it exec; returns its pid at the exec stop, or
 * -errno with the message set. */
static pid_t launch_spawn(struct target *t, char **argv)
{
	int sync_p[2], err_p[2], exec_errno = 0;

	if (pipe2(sync_p, O_CLOEXEC) < 0) {
		tgt_errmsg(t, "cannot start the command: %s", strerror(errno));
		return -errno;
	}
	if (pipe2(err_p, O_CLOEXEC) < 0) {
		int rc = -errno;
		tgt_errmsg(t, "cannot start the command: %s", strerror(errno));
		close(sync_p[0]);
		close(sync_p[1]);
		return rc;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(sync_p[1]);
		close(err_p[0]);
		spawn_exec_held(argv, &t->oldmask, sync_p[0], err_p[1]);
	}
	int rc = pid < 0 ? -errno : 0;
	close(sync_p[0]);
	close(err_p[1]);
	if (rc == 0 && ptrace(PTRACE_SEIZE, pid, NULL, (void *)(long)TGT_PTRACE_OPTIONS) < 0) {
		rc = -errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, __WALL);
	}
	close(sync_p[1]); /* lets the child exec */
	if (rc == 0)
		rc = launch_wait_exec(pid, err_p[0], &exec_errno);
	close(err_p[0]);
	if (rc == 0)
		return pid;
	if (exec_errno)
		tgt_errmsg(t, "%s: %s", argv[0], strerror(exec_errno));
	else
		tgt_errmsg(t, "cannot start the command: %s", strerror(-rc));
	return rc;
}

int target_launch(struct target *t, const char *cmd)
{
	char **argv = NULL;

	if (t->root)
		return -EBUSY;
	int rc = launch_split(cmd, &argv, t->err, sizeof(t->err));
	if (rc < 0)
		return rc;
	pid_t pid = launch_spawn(t, argv);
	launch_argv_free(argv);
	if (pid < 0)
		return pid;
	struct tproc *p = tproc_new(t, pid, tmm_new(t, pid));
	struct tthread *th = tth_add(t, pid, p, TH_STOPPED);
	tth_read_comm(th);
	t->root = pid;
	t->launched = true;
	return 0;
}
