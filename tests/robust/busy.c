// SPDX-License-Identifier: MIT
/* The target of tests/check-robust.sh: THREADS threads fire probes at a high rate while
 * computing a checksum from values held in registers across the probes, in WAVES of
 * threads created and joined; optionally forks (and execs) children and dlopens a probed
 * library each wave. At the end it checks the checksum against a probe-free computation
 * and prints one line: "checksum ok|BAD forks A/B dl C/D sema S L" (S, L: the executable's
 * and the last loaded library's gated semaphores) and exits 0 only if all is right. A
 * stray SIGTRAP, a breakpoint left behind or a clobbered register shows up here. Options:
 * busy.c's usage line; -k makes fork children last, -U FILE runs waves until FILE exists,
 * -X makes the main thread exit early, -E (with -X) then has the working thread exec
 * `busy --recheck K MS` (child_sum with its probes, status 0 when right); `busy --zombie
 * FILE MS` leaves a zombie. */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "busy.h"

struct opts {
	int threads, iters, waves, sleep_us, linger_ms, child_ms;
	int forks, execs, wait_sema, ignore_signals, leader_exits, exec_after;
	const char *lib, *pidfile, *result, *until;
};

static struct opts o = {.threads = 4, .iters = 20000, .waves = 1};
static char *self;
static unsigned last_lib_sema; /* the library's semaphore, read before each dlclose */

static void nap_us(long us)
{
	struct timespec ts = {us / 1000000, (us % 1000000) * 1000};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static unsigned long seed(int t, int w)
{
	return 0x9e3779b97f4a7c15UL * (unsigned long)(t + 1) + (unsigned long)w;
}

/* The traced loop: x lives in a register across each probe. */
static unsigned long work(int t, int w)
{
	unsigned long x = seed(t, w);

	for (int i = 0; i < o.iters; i++) {
		x = x * 6364136223846793005UL + (unsigned long)(i ^ t);
		if (BUSY_TICK_ENABLED())
			BUSY_TICK(t, i, x);
		BUSY_WORK(i);
		if (o.sleep_us && i % 100 == 99)
			nap_us(o.sleep_us);
	}
	return x;
}

/* The same computation without probes, in a function of its own. */
__attribute__((noinline)) static unsigned long expect(int t, int w)
{
	volatile int iters = o.iters;
	unsigned long x = seed(t, w);

	for (int i = 0; i < iters; i++)
		x = x * 6364136223846793005UL + (unsigned long)(i ^ t);
	return x;
}

/* A child's work; with -k MS it takes about MS milliseconds. */
static long child_sum(int k, int ms)
{
	long x = k;

	for (int i = 0; i < 2000; i++) {
		x = x * 31 + i;
		BUSY_CHILD(k, x);
		if (ms && i % 100 == 99)
			nap_us(ms * 50L);
	}
	return x;
}

static int child_code(int k)
{
	long x = k;

	for (int i = 0; i < 2000; i++)
		x = x * 31 + i;
	return (int)(x & 0x7f);
}

/* Starts a child (execing this program again with -e) computing child_sum(k). */
static pid_t fork_start(int k)
{
	char arg[16], ms[16];
	pid_t pid = fork();

	if (pid == 0) {
		if (o.execs) {
			snprintf(arg, sizeof(arg), "%d", k);
			snprintf(ms, sizeof(ms), "%d", o.child_ms);
			execl("/proc/self/exe", self, "--child", arg, ms, (char *)NULL);
			_exit(126);
		}
		_exit((int)(child_sum(k, o.child_ms) & 0x7f));
	}
	return pid;
}

/* True when child pid (computing k) ended with the right status. */
static int fork_wait(pid_t pid, int k)
{
	int st;

	if (pid < 0)
		return 0;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == child_code(k);
}

static int dl_one(int k)
{
	void *h = dlopen(o.lib, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return 0;
	long (*fn)(int) = (long (*)(int))dlsym(h, "busylib_work");
	unsigned (*sema)(void) = (unsigned (*)(void))dlsym(h, "busylib_sema");
	long want = 0;
	for (int i = 0; i < k; i++)
		want = want * 31 + i;
	int ok = fn && fn(k) == want;
	if (sema)
		last_lib_sema = sema();
	dlclose(h);
	return ok;
}

struct job {
	int t, w;
	unsigned long x;
	int forks_ok, dl_ok;
};

static void *worker(void *arg)
{
	struct job *j = arg;

	j->x = work(j->t, j->w);
	if (j->t == 0 && o.forks) { /* all at once: they run concurrently */
		pid_t *pids = calloc((size_t)o.forks, sizeof(*pids));
		for (int k = 0; k < o.forks; k++)
			pids[k] = fork_start(j->w * 7 + k);
		for (int k = 0; k < o.forks; k++)
			j->forks_ok += fork_wait(pids[k], j->w * 7 + k);
		free(pids);
	}
	if (j->t == 0) {
		if (o.lib)
			j->dl_ok += dl_one(50 + j->w % 50);
	}
	return NULL;
}

static void write_file(const char *path, const char *text)
{
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
		perror(path);
		exit(2);
	}
}

static void ignore_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGPIPE};
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		signal(sigs[i], SIG_IGN);
		sigaddset(&set, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &set, NULL);
}

static void parse(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "t:n:w:s:L:f:k:ed:p:r:U:WiXE")) != -1) {
		switch (c) {
		case 't': o.threads = atoi(optarg); break;
		case 'n': o.iters = atoi(optarg); break;
		case 'w': o.waves = atoi(optarg); break;
		case 's': o.sleep_us = atoi(optarg); break;
		case 'L': o.linger_ms = atoi(optarg); break;
		case 'f': o.forks = atoi(optarg); break;
		case 'k': o.child_ms = atoi(optarg); break;
		case 'e': o.execs = 1; break;
		case 'd': o.lib = optarg; break;
		case 'p': o.pidfile = optarg; break;
		case 'r': o.result = optarg; break;
		case 'U': o.until = optarg; break;
		case 'W': o.wait_sema = 1; break;
		case 'i': o.ignore_signals = 1; break;
		case 'X': o.leader_exits = 1; break;
		case 'E': o.exec_after = 1; break;
		default:
			fprintf(stderr, "usage: busy [-t N] [-n N] [-w N] [-s US] [-L MS] [-f N] [-k MS] "
					"[-e] [-d LIB] [-p FILE] [-r FILE] [-U FILE] [-W] [-i] [-X [-E]]\n");
			exit(2);
		}
	}
}

/* The waves, the check and the result line; the process's exit status. */
static int run(void)
{
	char line[256];
	int forks_ok = 0, dl_ok = 0, bad = 0;
	struct job *jobs = calloc((size_t)o.threads, sizeof(*jobs));
	pthread_t *th = calloc((size_t)o.threads, sizeof(*th));

	while (o.wait_sema && !BUSY_TICK_ENABLED())
		nap_us(1000);
	int w;
	for (w = 0; o.until ? access(o.until, F_OK) != 0 : w < o.waves; w++) {
		for (int t = 0; t < o.threads; t++) {
			jobs[t] = (struct job){.t = t, .w = w};
			if (pthread_create(&th[t], NULL, worker, &jobs[t]) != 0)
				return 2;
		}
		for (int t = 0; t < o.threads; t++) {
			pthread_join(th[t], NULL);
			bad += jobs[t].x != expect(t, w);
			forks_ok += jobs[t].forks_ok;
			dl_ok += jobs[t].dl_ok;
		}
	}
	if (o.linger_ms)
		nap_us(o.linger_ms * 1000L);
	int nforks = o.forks * w, ndl = o.lib ? w : 0;
	snprintf(line, sizeof(line), "checksum %s forks %d/%d dl %d/%d sema %u %u\n",
		 bad ? "BAD" : "ok", forks_ok, nforks, dl_ok, ndl, (unsigned)busy_tick_semaphore,
		 last_lib_sema);
	if (o.result)
		write_file(o.result, line);
	else
		fputs(line, stderr);
	return bad || forks_ok != nforks || dl_ok != ndl ? 3 : 0;
}

/* -X: the work runs in a thread and the main thread exits (a zombie leader); with -E
 * that thread then execs, taking over the process id. */
static void *run_thread(void *arg)
{
	char ms[16];
	int rc = run();

	(void)arg;
	if (rc == 0 && o.exec_after) {
		snprintf(ms, sizeof(ms), "%d", o.child_ms);
		execl("/proc/thread-self/exe", self, "--recheck", "5", ms, (char *)NULL);
		rc = 126;
	}
	exit(rc);
}

/* --zombie FILE MS: a child that exits at once and is never reaped (its pid in FILE),
 * for MS milliseconds. */
static int zombie(const char *file, int ms)
{
	char line[32];

	signal(SIGCHLD, SIG_DFL); /* an inherited SIG_IGN would reap it */
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	snprintf(line, sizeof(line), "%d\n", (int)pid);
	write_file(file, line);
	nap_us(ms * 1000L);
	return 0;
}

int main(int argc, char **argv)
{
	char line[256];

	self = argv[0];
	if (argc == 4 && strcmp(argv[1], "--zombie") == 0)
		return zombie(argv[2], atoi(argv[3]));
	if (argc == 4 && strcmp(argv[1], "--child") == 0)
		return (int)(child_sum(atoi(argv[2]), atoi(argv[3])) & 0x7f);
	if (argc == 4 && strcmp(argv[1], "--recheck") == 0)
		return (child_sum(atoi(argv[2]), atoi(argv[3])) & 0x7f) == child_code(atoi(argv[2]))
			       ? 0
			       : 3;
	parse(argc, argv);
	if (o.ignore_signals)
		ignore_signals();
	if (o.pidfile) {
		snprintf(line, sizeof(line), "%d %p\n", (int)getpid(),
			 (void *)&busy_tick_semaphore);
		write_file(o.pidfile, line);
	}
	if (o.leader_exits) {
		pthread_t ctl;
		if (pthread_create(&ctl, NULL, run_thread, NULL) != 0)
			return 2;
		pthread_exit(NULL);
	}
	return run();
}
