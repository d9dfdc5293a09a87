// SPDX-License-Identifier: MIT
/* Target of tests/check-compat.sh: fires utap-dtrace probes (one semaphore-gated) and
 * prints the truth it passes to them, so gdb, bpftrace and perf can be compared with it. */
#include <stdio.h>

#include "compat.h"

int main(void)
{
	const char *name = "compat";
	COMPAT_START(3, name);
	printf("start 3 %s\n", name);
	for (long i = 0; i < 3; i++) {
		unsigned char c = (unsigned char)(200 + i);
		short s = (short)(-1000 * (i + 1));
		COMPAT_STEP(i, c, s);
		printf("step %ld %u %d\n", i, c, s);
		if (COMPAT_GATED_ENABLED()) {
			COMPAT_GATED(i * 7);
			printf("gated %ld\n", i * 7);
		}
	}
	COMPAT_QUERY_DONE(0);
	printf("query__done 0\n");
	return 0;
}
