// SPDX-License-Identifier: MIT
/* Fork and exec under tracing: the parent fires "stage 1", a forked child "stage 2"
 * then execs this program again ("stage 3" in the new image), the parent "stage 4";
 * then a vfork child execs the program ("stage 5"); last, a second thread of the
 * parent execs it ("stage 6": an exec by a thread that is not the leader). Every
 * process prints its truth line before firing; the order across processes varies. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include SDT_HEADER

static void stage(int n)
{
	printf("stage %d\n", n);
	fflush(stdout);
	STAP_PROBE1(utap, stage, n);
}

static char *self;

static void *exec_thread(void *arg)
{
	(void)arg;
	execl("/proc/self/exe", self, "6", (char *)NULL);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		stage(atoi(argv[1]));
		return 0;
	}
	self = argv[0];
	stage(1);
	pid_t pid = fork();
	if (pid == 0) {
		stage(2);
		execl("/proc/self/exe", argv[0], "3", (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	stage(4);
	pid = vfork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "5", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 1;
	pthread_t th;
	if (pthread_create(&th, NULL, exec_thread, NULL) != 0)
		return 1;
	pthread_join(th, NULL); /* never returns: the exec replaces the process */
	return 1;
}
