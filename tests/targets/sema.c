// SPDX-License-Identifier: MIT
/* Semaphore-gated probes from a dtrace-generated header: the gated probe only fires
 * (and its truth line only prints) while a tracer holds the semaphore up. At the end
 * the semaphore's value is printed to stderr. argv[1] = iterations. */
#include <stdio.h>
#include <stdlib.h>

#include "sema.h"

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;

	for (int i = 0; i < n; i++) {
		if (SEMAP_GATED_ENABLED()) {
			printf("gated %d %ld\n", i, (long)i * -1000);
			fflush(stdout);
			SEMAP_GATED(i, (long)i * -1000);
		}
		printf("always %d\n", i);
		fflush(stdout);
		SEMAP_ALWAYS(i);
	}
	fprintf(stderr, "semaphore %u\n", (unsigned)semap_gated_semaphore);
	return 0;
}
