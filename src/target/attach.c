// SPDX-License-Identifier: MIT
/* `-x PID`: PTRACE_SEIZE every thread of the process without stopping it. Threads
 * created while we walk /proc/PID/task are caught by walking again until a pass finds
 * nothing new; threads created by an already seized thread are auto-attached
 * (PTRACE_O_TRACECLONE) and reported through their clone event. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <unistd.h>

#include "target/tgt.h"

/* A field "Name:\tvalue" of /proc/TID/status as a number, or -1. */
static long attach_status_field(pid_t tid, const char *name)
{
	char path[40], line[256];
	size_t nl = strlen(name);
	long val = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, name, nl) == 0 && line[nl] == ':') {
			val = strtol(line + nl + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return val;
}

/* Seizes one thread. A tid already traced by us (auto-attached by a clone racing with
 * the walk) is fine: its first stop will arrive like any new thread's. */
static int attach_one(struct target *t, struct tproc *p, pid_t tid, bool *added)
{
	*added = false;
	if (tth_find(t, tid))
		return 0;
	if (ptrace(PTRACE_SEIZE, tid, NULL, (void *)(long)TGT_PTRACE_OPTIONS) < 0) {
		int err = errno;
		if (err == ESRCH)
			return 0; /* exited meanwhile */
		if (err == EPERM && attach_status_field(tid, "TracerPid") == getpid()) {
			tth_add(t, tid, p, TH_NEW);
			*added = true;
			return 0;
		}
		return -err;
	}
	struct tthread *th = tth_add(t, tid, p, TH_RUNNING);
	tth_read_comm(th);
	*added = true;
	return 0;
}

int attach_seize_all(struct target *t, pid_t pid)
{
	char path[40];
	struct tproc *p = tproc_new(t, pid, tmm_new(t, pid));
	bool again = true;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	while (again) {
		DIR *d = opendir(path);
		if (!d)
			return errno == ENOENT ? -ESRCH : -errno;
		again = false;
		struct dirent *de;
		while ((de = readdir(d))) {
			if (de->d_name[0] < '0' || de->d_name[0] > '9')
				continue;
			bool added;
			int rc = attach_one(t, p, (pid_t)atoi(de->d_name), &added);
			if (rc < 0) {
				closedir(d);
				return rc;
			}
			again |= added;
		}
		closedir(d);
	}
	return tth_find(t, pid) ? 0 : -ESRCH;
}

int target_attach(struct target *t, pid_t pid)
{
	if (t->root)
		return -EBUSY;
	if (pid <= 0) {
		tgt_errmsg(t, "cannot probe pid %d: Invalid pid", (int)pid);
		return -EINVAL;
	}
	if (kill(pid, 0) < 0) {
		int err = errno;
		tgt_errmsg(t, "cannot probe pid %d: %s", (int)pid, strerror(err));
		return -err;
	}
	long tgid = attach_status_field(pid, "Tgid");
	if (tgid > 0 && tgid != pid)
		pid = (pid_t)tgid;
	int rc = attach_seize_all(t, pid);
	if (rc < 0) {
		tgt_errmsg(t, "cannot probe pid %d: %s", (int)pid, strerror(-rc));
		return rc;
	}
	t->root = pid;
	return 0;
}
