// SPDX-License-Identifier: MIT
/* Thread and thread-group bookkeeping: tid -> thread, thread groups with their address
 * space and executable path, comm for execname(), and resuming a held thread. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <unistd.h>

#include "target/tgt.h"
#include "util/alloc.h"

struct tthread *tth_find(struct target *t, pid_t tid)
{
	return u64map_get(&t->threads, (uint64_t)tid);
}

struct tthread *tth_add(struct target *t, pid_t tid, struct tproc *proc, uint8_t state)
{
	struct tthread *th = xcalloc(1, sizeof(*th));

	th->tid = tid;
	th->proc = proc;
	th->state = state;
	if (proc)
		proc->nthreads++;
	u64map_put(&t->threads, (uint64_t)tid, th);
	return th;
}

void tth_remove(struct target *t, struct tthread *th)
{
	u64map_del(&t->threads, (uint64_t)th->tid);
	if (th->proc)
		th->proc->nthreads--;
	if (t->hit.th == th)
		t->hit.th = NULL;
	free(th);
}

struct tproc *tproc_new(struct target *t, pid_t pid, struct tmm *mm)
{
	struct tproc *p = xcalloc(1, sizeof(*p));

	p->pid = pid;
	p->mm = mm;
	p->exe = tproc_exe_path(pid);
	vec_push(&t->procs, p);
	return p;
}

struct tproc *tproc_find(struct target *t, pid_t pid)
{
	vec_foreach(&t->procs, it)
	{
		if ((*it)->pid == pid)
			return *it;
	}
	return NULL;
}

void tproc_remove(struct target *t, struct tproc *p)
{
	for (int i = 0; i < t->procs.n; i++) {
		if (t->procs.v[i] == p) {
			t->procs.v[i] = vec_last(&t->procs);
			t->procs.n--;
			break;
		}
	}
	tmm_put(t, p->mm);
	free(p->exe);
	free(p);
}

/* realpath of /proc/PID/exe; "" when unreadable. Caller frees. */
char *tproc_exe_path(pid_t pid)
{
	char link[40], buf[PATH_MAX];

	snprintf(link, sizeof(link), "/proc/%d/exe", (int)pid);
	ssize_t n = readlink(link, buf, sizeof(buf) - 1);
	if (n < 0)
		return xstrdup("");
	buf[n] = 0;
	static const char del[] = " (deleted)";
	size_t dl = sizeof(del) - 1;
	if ((size_t)n > dl && strcmp(buf + n - dl, del) == 0)
		buf[n - dl] = 0;
	return xstrdup(buf);
}

void tth_read_comm(struct tthread *th)
{
	char path[64], buf[32];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm",
		 th->proc ? (int)th->proc->pid : (int)th->tid, (int)th->tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	if (buf[n - 1] == '\n')
		n--;
	buf[n] = 0;
	size_t len = strnlen(buf, sizeof(th->comm) - 1);
	memcpy(th->comm, buf, len);
	th->comm[len] = 0;
}

const char *target_execname(struct target *t, pid_t tid)
{
	struct tthread *th = tth_find(t, tid);
	struct tthread tmp = {.tid = tid};

	if (!th)
		th = &tmp;
	tth_read_comm(th);
	memcpy(t->comm_buf, th->comm, sizeof(t->comm_buf));
	return t->comm_buf;
}

/* Lets a held thread run again with its pending signal (or PTRACE_LISTEN in
 * group-stop). A thread that vanished meanwhile is not an error: its exit follows. */
int tth_resume(struct target *t, struct tthread *th)
{
	long rc;

	if (th->state != TH_STOPPED)
		return 0;
	if (th->group_stop)
		rc = ptrace(PTRACE_LISTEN, th->tid, NULL, NULL);
	else
		rc = ptrace(PTRACE_CONT, th->tid, NULL, (void *)(long)th->resume_sig);
	th->resume_sig = 0;
	th->group_stop = false;
	th->state = TH_RUNNING;
	if (rc < 0 && errno != ESRCH)
		return -errno;
	return 0;
}
