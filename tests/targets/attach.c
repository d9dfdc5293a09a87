// SPDX-License-Identifier: MIT
/* A long-running target for -x: N iterations 1 ms apart, each computing part of a sum
 * and firing a semaphore-gated probe (whose truth goes to stdout) and a plain one.
 * It writes its pid to argv[2] when it starts, waits until a tracer raised the
 * semaphore when argv[3] is "wait", and at the end prints the answer and the semaphore
 * value, which must be back to 0 once a tracer detached. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "sema.h"

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	long sum = 0;
	struct timespec ms = {0, 1000000};

	if (argc > 2) {
		FILE *f = fopen(argv[2], "w");
		if (!f)
			return 2;
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	if (argc > 3)
		while (!SEMAP_GATED_ENABLED())
			nanosleep(&ms, NULL);
	for (int i = 0; i < n; i++) {
		sum += i;
		if (SEMAP_GATED_ENABLED()) {
			printf("gated %d %ld\n", i, sum);
			fflush(stdout);
			SEMAP_GATED(i, sum);
		}
		SEMAP_ALWAYS(i);
		nanosleep(&ms, NULL);
	}
	fprintf(stderr, "answer %ld semaphore %u\n", sum, (unsigned)semap_gated_semaphore);
	return 0;
}
