// SPDX-License-Identifier: MIT
/* Sampling for timer.profile: at each tick the run loop asks for the threads of the
 * traced tree that are on a CPU (state R in /proc/TID/stat: running or runnable), each
 * gets a PTRACE_INTERRUPT, and its interrupt stop becomes a TARGET_EV_SAMPLE event whose
 * probe context is wherever the thread was (the kernel's profile tick likewise fires in
 * the context of the task that is current on each CPU). Sleeping threads are left alone. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <unistd.h>

#include "target/tgt.h"

/* True when /proc/TID/stat says the thread is running or runnable. */
static bool sample_on_cpu(pid_t tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	const char *p = strrchr(buf, ')'); /* comm may hold spaces and parentheses */
	return p && p[1] == ' ' && p[2] == 'R';
}

int target_sample(struct target *t, uint32_t probe_id)
{
	uint64_t key;
	void *val;
	int n = 0;

	if (!t->started || t->detached)
		return 0;
	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *th = val;
		if (!th->proc || (th->state != TH_RUNNING && !th->nsample))
			continue;
		if (th->nsample) { /* still on its way to the stop of an earlier tick */
			if (th->nsample < TTH_MAX_SAMPLES)
				th->sample_ids[th->nsample++] = probe_id;
			n++;
			continue;
		}
		if (th->interrupted || !sample_on_cpu(th->tid))
			continue;
		if (ptrace(PTRACE_INTERRUPT, th->tid, NULL, NULL) < 0)
			continue;
		th->interrupted = true;
		th->sample_ids[0] = probe_id;
		th->nsample = 1;
		n++;
	}
	return n;
}

/* The interrupt stop of a sampled thread: queue the sample, holding the thread. */
bool sample_stopped(struct target *t, struct tthread *th)
{
	if (!th->nsample)
		return false;
	struct tevent *e = tq_push(t, TARGET_EV_SAMPLE, th->proc->pid, th->tid);
	e->hold = th->tid;
	e->nsample = th->nsample;
	memcpy(e->sample_ids, th->sample_ids, sizeof(e->sample_ids));
	th->nsample = 0;
	return true;
}
