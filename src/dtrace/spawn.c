// SPDX-License-Identifier: MIT
/* posix_spawn with in-memory stdin and captured stdout, driven by one poll() loop so a
 * chatty child can never deadlock against us; and a shell-like word splitter for $CC,
 * $CFLAGS and $CPP (stap's dtrace uses Python's shlex.split for the same job). */
#include "dtrace/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/alloc.h"

extern char **environ;

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Pumps `in` into *wfd and *rfd into `out` until both are done; closes both. */
static int pump(int *wfd, const char *in, size_t inlen, int *rfd, struct strbuf *out)
{
	size_t done = 0;
	if (inlen == 0)
		close_fd(wfd);
	while (*wfd >= 0 || *rfd >= 0) {
		struct pollfd pf[2] = {{.fd = *wfd, .events = POLLOUT},
				       {.fd = *rfd, .events = POLLIN}};
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			int err = -errno;
			close_fd(wfd);
			close_fd(rfd);
			return err;
		}
		if (*wfd >= 0 && pf[0].revents) {
			ssize_t n = write(*wfd, in + done, inlen - done);
			if (n < 0 && errno != EINTR && errno != EAGAIN)
				done = inlen; /* EPIPE: the child stopped reading */
			else if (n > 0)
				done += (size_t)n;
			if (done == inlen)
				close_fd(wfd);
		}
		if (*rfd >= 0 && pf[1].revents) {
			char buf[8192];
			ssize_t n = read(*rfd, buf, sizeof(buf));
			if (n > 0 && out)
				sb_add(out, buf, (size_t)n);
			else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				close_fd(rfd);
		}
	}
	return 0;
}

static int wait_child(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

int spawn_run(const char *const *argv, const char *in, size_t inlen, struct strbuf *out)
{
	int inp[2] = {-1, -1}, outp[2] = {-1, -1}, rc = 0;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t def;
	pid_t pid;

	if ((in && pipe2(inp, O_CLOEXEC) < 0) || (out && pipe2(outp, O_CLOEXEC) < 0)) {
		rc = -errno;
		goto out_fds;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	if (in)
		posix_spawn_file_actions_adddup2(&fa, inp[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (out)
		posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	/* We ignore SIGPIPE while feeding the child; it must not inherit that. */
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
	rc = -posix_spawnp(&pid, argv[0], &fa, &at, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc < 0)
		goto out_fds;
	close_fd(&inp[0]);
	close_fd(&outp[1]);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	int prc = pump(&inp[1], in, inlen, &outp[0], out);
	signal(SIGPIPE, old);
	rc = wait_child(pid);
	if (prc < 0 && rc == 0)
		rc = prc;
out_fds:
	close_fd(&inp[0]);
	close_fd(&inp[1]);
	close_fd(&outp[0]);
	close_fd(&outp[1]);
	return rc;
}

void spawn_split_words(const char *s, char ***words, int *n)
{
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (!*s)
			break;
		struct strbuf w = STRBUF_INIT;
		sb_adds(&w, "");
		char q = 0;
		for (; *s && (q || !strchr(" \t\n\r", *s)); s++) {
			if (q == '\'' && *s == '\'')
				q = 0;
			else if (q == '\'')
				sb_addc(&w, *s);
			else if (*s == '\\' && s[1] && (!q || strchr("\"\\$`\n", s[1])))
				sb_addc(&w, *++s);
			else if (q == '"' && *s == '"')
				q = 0;
			else if (!q && (*s == '\'' || *s == '"'))
				q = *s;
			else
				sb_addc(&w, *s);
		}
		*words = xrealloc(*words, sizeof(char *) * (size_t)(*n + 1));
		(*words)[(*n)++] = sb_detach(&w);
	}
}
