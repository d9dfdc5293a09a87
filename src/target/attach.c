// SPDX-License-Identifier: MIT
/* `-x PID`: PTRACE_SEIZE every thread of the process. Threads created while we walk
 * /proc/PID/task are caught by walking again until a pass finds nothing new and the
 * kernel's thread count agrees; threads created by an already seized thread are
 * auto-attached (PTRACE_O_TRACECLONE); one created by a thread seized inside clone()
 * is found by a last walk with every thread briefly stopped. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "target/tgt.h"

/* Walks of /proc/PID/task after one that found nothing new while the kernel still
 * counts threads we lack (threads exiting meanwhile make the count briefly high). */
#define ATTACH_MAX_PASSES 1000
/* Stop-and-walk rounds at most (a round that adds nothing ends them). */
#define ATTACH_MAX_ROUNDS 8
/* Seize attempts (1 ms apart) on a thread that refuses while it may be exiting. */
#define ATTACH_EPERM_TRIES 50

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

/* The State letter of /proc/PID/task/TID/status ('R', 'S', 'Z'...), 0 if unknown. */
static char attach_task_state(pid_t pid, pid_t tid)
{
	char path[64], line[256];
	char st = 0;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)pid, (int)tid);
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "State:", 6) == 0) {
			sscanf(line + 6, " %c", &st);
			break;
		}
	}
	fclose(f);
	return st;
}

/* Seizes one thread. A tid already traced by us (auto-attached by a clone racing with
 * the walk) is fine: its first stop will arrive like any new thread's. A zombie (a main
 * thread that called pthread_exit while the others run on) cannot be seized and needs
 * not be: it runs no code. */
static int attach_one(struct target *t, struct tproc *p, pid_t tid, bool *added)
{
	*added = false;
	if (tth_find(t, tid))
		return 0;
	for (int try = 0; ptrace(PTRACE_SEIZE, tid, NULL, (void *)(long)TGT_PTRACE_OPTIONS) < 0;
	     try++) {
		int err = errno;
		if (err == ESRCH)
			return 0; /* exited meanwhile */
		if (err == EPERM && attach_status_field(tid, "TracerPid") == getpid()) {
			tth_add(t, tid, p, TH_NEW);
			*added = true;
			return 0;
		}
		char st = err == EPERM ? attach_task_state(p->pid, tid) : 0;
		if (err == EPERM && (st == 'Z' || st == 'X' || st == 0))
			return 0;
		/* a thread on its way out (PF_EXITING) refuses too, for a moment */
		if (err != EPERM || try >= ATTACH_EPERM_TRIES)
			return -err;
		usleep(1000);
	}
	struct tthread *th = tth_add(t, tid, p, TH_RUNNING);
	tth_read_comm(th);
	*added = true;
	return 0;
}

/* The main thread is a zombie: its /proc/PID/maps is empty, /proc/PID/mem has no memory
 * and /proc/PID/exe no target, so all three are reached through a live thread. */
static void attach_rehome(struct target *t, struct tproc *p)
{
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *th = val;
		if (th->proc == p) {
			tmm_set_pid(p->mm, th->tid);
			free(p->exe);
			p->exe = tproc_exe_path(th->tid);
			return;
		}
	}
}

/* Threads of p the kernel counts (a zombie main thread included) that we do not trace:
 * a walk of /proc/PID/task skips a live thread when another exits under it. */
static bool attach_missing(struct target *t, struct tproc *p)
{
	long want = attach_status_field(p->pid, "Threads");
	long have = tth_find(t, p->pid) ? 0 : 1; /* an untraced main thread is a zombie */
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *th = val;
		if (th->proc == p && syscall(SYS_tgkill, p->pid, th->tid, 0) == 0)
			have++;
	}
	return want > have;
}

/* One walk of /proc/PID/task, seizing what is new; *added tells whether anything was. */
static int attach_walk(struct target *t, struct tproc *p, const char *path, bool *added)
{
	DIR *d = opendir(path);
	struct dirent *de;

	*added = false;
	if (!d)
		return errno == ENOENT ? -ESRCH : -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		bool one;
		int rc = attach_one(t, p, (pid_t)atoi(de->d_name), &one);
		if (rc < 0) {
			closedir(d);
			return rc;
		}
		*added |= one;
	}
	closedir(d);
	return 0;
}

/* Walks until a walk finds nothing new and the kernel counts no thread we lack. */
static int attach_walk_all(struct target *t, struct tproc *p, const char *path, bool *added)
{
	bool again = true;

	*added = false;
	for (int pass = 0; again || (pass < ATTACH_MAX_PASSES && attach_missing(t, p)); pass++) {
		int rc = attach_walk(t, p, path, &again);
		if (rc < 0)
			return rc;
		*added |= again;
	}
	return 0;
}

int attach_seize_all(struct target *t, pid_t pid)
{
	char path[40];
	struct tproc *p = tproc_new(t, pid, tmm_new(t, pid));
	bool added = true;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	int rc = attach_walk_all(t, p, path, &added);
	/* A thread seized in the middle of clone() makes an untraced child that may not
	 * be listed yet: once every thread of ours is stopped none is inside a clone, so a
	 * walk then finds all (the stopped threads are let go by target_start). */
	for (int round = 0; rc == 0 && added && round < ATTACH_MAX_ROUNDS; round++) {
		tgt_stop_all(t, 0);
		rc = attach_walk_all(t, p, path, &added);
	}
	if (rc < 0)
		return rc;
	if (p->nthreads > 0 && !tth_find(t, pid))
		attach_rehome(t, p);
	return p->nthreads > 0 ? 0 : -ESRCH;
}

/* Why the kernel refused to let us trace pid (EPERM), in a few words. */
static const char *attach_why(pid_t pid)
{
	static char why[64];
	char path[40], buf[512];

	if (pid == getpid())
		return "it is utap itself";
	long tracer = attach_status_field(pid, "TracerPid");
	if (tracer > 0) {
		snprintf(why, sizeof(why), "it is already traced by process %ld", tracer);
		return why;
	}
	/* field 9 of /proc/PID/stat, after the parenthesized comm, holds PF_KTHREAD */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "re");
	if (f) {
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = 0;
		char *rp = strrchr(buf, ')');
		unsigned long flags = 0;
		if (rp && sscanf(rp + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) == 1 &&
		    (flags & 0x00200000UL))
			return "it is a kernel thread";
	}
	return NULL;
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
	if (attach_task_state(pid, pid) == 'Z' && attach_status_field(pid, "Threads") <= 1) {
		tgt_errmsg(t, "cannot probe pid %d: it is a zombie", (int)pid);
		return -ESRCH;
	}
	int rc = attach_seize_all(t, pid);
	const char *why = rc == -EPERM ? attach_why(pid) : NULL;
	if (why) {
		tgt_errmsg(t, "cannot probe pid %d: %s (%s)", (int)pid, strerror(-rc), why);
		return rc;
	}
	if (rc < 0) {
		tgt_errmsg(t, "cannot probe pid %d: %s", (int)pid, strerror(-rc));
		return rc;
	}
	t->root = pid;
	return 0;
}
