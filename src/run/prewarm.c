// SPDX-License-Identifier: MIT
/* Warming utap's own code before the begin probes run: one load from every cache line
 * of the executable's text brings the interpreter into the caches and the TLB, so the
 * first handlers do not spend a microsecond in misses (a script that reads
 * gettimeofday_us() twice in its begin probe then sees 0, as under stap). */
#include "run/prewarm.h"

#include <stdint.h>
#include <time.h>

/* the executable's first byte and the end of its text, from the GNU linker */
extern const char __executable_start[], etext[];

void run_prewarm(void)
{
	uintptr_t sum = 0;
	struct timespec ts;

	/* and the clock the time built-ins read (the vDSO's code and data) */
	clock_gettime(CLOCK_REALTIME, &ts);
	clock_gettime(CLOCK_MONOTONIC, &ts);

	for (const volatile char *p = __executable_start; p < etext; p += 64)
		sum += (unsigned char)*p;
	__asm__ volatile("" : : "r"(sum));
}
