// SPDX-License-Identifier: MIT
/* utap-dtrace: provider file -> probe header / semaphore object / probes-off header. */
#include <stdio.h>

int main(void)
{
	fputs("utap-dtrace: not built yet\n", stderr);
	return 1;
}
