// SPDX-License-Identifier: MIT
/* bench/hit's target: a tight loop over a noinline function holding one probe with two
 * register arguments. Prints "loop_ns N" (the loop's own wall time) to stderr, so the
 * tracer's start-up and teardown stay outside the measurement. argv[1] = iterations. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include SDT_HEADER

__attribute__((noinline)) static long work(long i, long acc)
{
	STAP_PROBE2(bench, hit, i, acc);
	return acc + (i ^ 3);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000, acc = 0;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		acc = work(i, acc);
	clock_gettime(CLOCK_MONOTONIC, &b);
	fprintf(stderr, "loop_ns %lld\n",
		(long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec));
	return acc == 42 ? 1 : 0;
}
