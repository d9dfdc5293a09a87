// SPDX-License-Identifier: MIT
/* A known call stack for the backtrace tests: main -> top -> mid -> leaf, where leaf
 * fires stack:leaf. Modes (argv[1]):
 *   marks N     N calls from main, then N from each of two threads (thread_main -> top)
 *   spin MS     busy in spin() for MS milliseconds (timer.profile samples), then sleeps
 *               100 ms (no samples expected while asleep) */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include SDT_HEADER

#define NOINLINE __attribute__((noinline))
/* a call followed by this is never a tail call, so every frame stays on the stack */
#define KEEP_FRAME() __asm__ volatile("" ::: "memory")

volatile unsigned long sink;

NOINLINE void leaf(int depth)
{
	STAP_PROBE1(stack, leaf, depth);
	KEEP_FRAME();
}

NOINLINE void mid(int depth)
{
	leaf(depth + 1);
	KEEP_FRAME();
}

NOINLINE void top(int depth)
{
	mid(depth + 1);
	KEEP_FRAME();
}

static long ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

NOINLINE void spin(long ms)
{
	long end = ms_now() + ms;
	while (ms_now() < end)
		for (int i = 0; i < 100000; i++)
			sink += (unsigned long)i;
}

static int calls;

static void *thread_main(void *arg)
{
	for (int i = 0; i < calls; i++)
		top(0);
	KEEP_FRAME();
	return arg;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "marks";
	long n = argc > 2 ? atol(argv[2]) : 1;
	if (!strcmp(mode, "spin")) {
		spin(n);
		usleep(100000);
		return 0;
	}
	calls = (int)n;
	for (int i = 0; i < calls; i++)
		top(0);
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, thread_main, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return 0;
}
