// SPDX-License-Identifier: MIT
/* The shared libraries an executable needs, as stap 4.8 finds them for
 * process(PATH).library(LIB) (dwflpp::iterate_over_libraries): the executable's own
 * program interpreter, one of the standard glibc loaders, is run in trace mode
 * (LD_TRACE_LOADED_OBJECTS=1, what ldd does: libraries are mapped and listed, nothing of
 * the program runs), so DT_NEEDED, RPATH/RUNPATH, LD_LIBRARY_PATH and ld.so.cache are
 * resolved exactly as at run time. Also the LD_LIBRARY_PATH lookup of a library name. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elf/resolve.h"
#include "util/alloc.h"

extern char **environ;

/* stap's passlist: loaders known to implement the trace mode */
static const char *const known_loaders[] = {
    "/lib/ld.so.1",
    "/lib/ld64.so.1",
    "/lib64/ld64.so.1",
    "/lib/ld-linux-ia64.so.2",
    "/usr/lib/ld-linux-x86-64.so.2",
    "/emul/ia32-linux/lib/ld-linux.so.2",
    "/lib64/ld-linux-x86-64.so.2",
    "/lib/ld-linux.so.2",
    "/lib/ld-linux.so.3",
    "/lib/ld-linux-armhf.so.3",
    "/lib/ld-linux-aarch64.so.1",
    "/lib64/ld64.so.2",
};

static bool known_loader(const char *interp)
{
	for (size_t i = 0; i < sizeof(known_loaders) / sizeof(known_loaders[0]); i++)
		if (!strcmp(interp, known_loaders[i]))
			return true;
	return false;
}

/* Runs `interp exe` in trace mode; returns its stdout (caller frees) or NULL. */
static char *needed_trace(const char *interp, const char *exe)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = xcalloc(n + 4, sizeof(char *));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LD_TRACE_LOADED_OBJECTS=", 24) &&
		    strncmp(environ[i], "LD_WARN=", 8) && strncmp(environ[i], "LD_BIND_NOW=", 12))
			env[k++] = environ[i];
	env[k++] = (char *)"LD_TRACE_LOADED_OBJECTS=1";
	env[k++] = (char *)"LD_WARN=yes";
	env[k++] = (char *)"LD_BIND_NOW=yes";
	char *argv[] = {(char *)interp, (char *)exe, NULL};
	pid_t pid;
	int rc = posix_spawn(&pid, interp, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		return NULL;
	}
	size_t len = 0, cap = 4096;
	char *out = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap)
			out = xrealloc(out, cap *= 2);
		ssize_t r = read(fds[0], out + len, cap - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	out[len] = 0;
	close(fds[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return out;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "\tsoname => /path (0x...)" or "\t/path (0x...)": the path, else NULL */
static char *needed_line_path(const char *line)
{
	char soname[256], path[PATH_MAX];
	unsigned long addr;
	if (sscanf(line, "%255s => %4095s (0x%lx)", soname, path, &addr) == 3 && path[0] == '/')
		return xstrdup(path);
	if (sscanf(line, " %4095s (0x%lx)", path, &addr) == 2 && path[0] == '/')
		return xstrdup(path);
	return NULL;
}

int resolve_needed_libs(const char *exe, struct resolve_paths *out, char *interp_out,
			size_t interp_len)
{
	*out = (struct resolve_paths){0};
	if (interp_out && interp_len)
		*interp_out = 0;
	struct elf_file *ef;
	if (elf_file_open(exe, &ef, NULL, 0) < 0)
		return -ENOEXEC;
	const char *interp = elf_file_interp(ef);
	int rc = 0;
	if (!interp) /* static, or itself a library */
		goto out;
	if (!known_loader(interp)) {
		if (interp_out)
			snprintf(interp_out, interp_len, "%s", interp);
		rc = -ENOEXEC;
		goto out;
	}
	char *text = needed_trace(interp, exe);
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		char *p = needed_line_path(line);
		if (!p)
			continue;
		bool dup = false;
		for (size_t i = 0; i < out->n && !dup; i++)
			dup = !strcmp(out->v[i], p);
		if (dup) {
			free(p);
			continue;
		}
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(char *));
		out->v[out->n++] = p;
	}
	free(text);
	/* stap walks them as a std::set: sorted */
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(char *), cmp_path);
out:
	elf_file_free(ef);
	return rc;
}

char *resolve_library_path(const char *name)
{
	char buf[PATH_MAX];
	const char *found = NULL;
	char *cand = NULL;
	if (!strchr(name, '/')) {
		const char *llp = getenv("LD_LIBRARY_PATH");
		char *dirs = xstrdup(llp ? llp : "");
		char *save = NULL;
		for (char *d = strtok_r(dirs, ":", &save); d && !found;
		     d = strtok_r(NULL, ":", &save)) {
			struct stat st;
			free(cand);
			cand = xasprintf("%s/%s", d, name);
			if (access(cand, R_OK) == 0 && stat(cand, &st) == 0 && S_ISREG(st.st_mode))
				found = cand;
		}
		free(dirs);
	}
	if (!found)
		found = name;
	char *r = realpath(found, buf) ? xstrdup(buf) : xstrdup(found);
	free(cand);
	return r;
}
