/* SPDX-License-Identifier: MIT */
/* Provider for sema.c and attach.c: semaphore-gated probes (dtrace -h/-G). */
provider semap {
	probe gated(int, long);
	probe always(int);
};
