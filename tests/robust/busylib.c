// SPDX-License-Identifier: MIT
/* The probed library that busy.c dlopens and dlcloses in a loop: one semaphore-gated
 * probe per call; its result is a pure function of its argument, checked by the caller. */
#include "busylib.h"

long busylib_work(int k)
{
	long x = 0;

	for (int i = 0; i < k; i++) {
		x = x * 31 + i;
		if (BUSYLIB_CALL_ENABLED())
			BUSYLIB_CALL(k, x);
	}
	return x;
}

/* The semaphore is hidden: busy.c reads it through this. */
unsigned busylib_sema(void)
{
	return busylib_call_semaphore;
}
