// SPDX-License-Identifier: MIT
/* Four threads firing a probe at full rate: "tick THREAD I". Each thread prints how
 * many times it fired ("THREAD COUNT") at the end. argv[1] = iterations per thread;
 * with argv[2] = "wait" nothing starts before a tracer is attached (TracerPid). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include SDT_HEADER

#define NTHREADS 4

static int iters;

static void *worker(void *arg)
{
	long k = (long)arg;
	long n = 0;

	for (int i = 0; i < iters; i++) {
		STAP_PROBE2(utap, tick, k, i);
		n++;
	}
	return (void *)n;
}

static int traced(void)
{
	char line[256];
	int pid = 0;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "TracerPid:", 10) == 0)
			pid = atoi(line + 10);
	if (f)
		fclose(f);
	return pid != 0;
}

int main(int argc, char **argv)
{
	pthread_t th[NTHREADS];
	struct timespec ms = {0, 1000000};

	iters = argc > 1 ? atoi(argv[1]) : 1000;
	if (argc > 2 && strcmp(argv[2], "wait") == 0)
		while (!traced())
			nanosleep(&ms, NULL);
	for (long k = 0; k < NTHREADS; k++)
		if (pthread_create(&th[k], NULL, worker, (void *)k) != 0)
			return 2;
	for (long k = 0; k < NTHREADS; k++) {
		void *r;
		pthread_join(th[k], &r);
		printf("%ld %ld\n", k, (long)r);
	}
	STAP_PROBE(utap, done);
	return 0;
}
