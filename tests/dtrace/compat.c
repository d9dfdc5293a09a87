// SPDX-License-Identifier: MIT
/* One program, two probe implementations: built with the header of stap's dtrace and
 * <sys/sdt.h>, and with utap-dtrace's and <utap/sdt.h>; the notes must match. */
#include "compat.h"

static volatile int sink;
static const char *names[] = {"a", "b", "c"};

__attribute__((noinline)) static int work(int n, long g, const char *q)
{
	CMP_START();
	if (CMP_QUERY_DONE_ENABLED())
		CMP_QUERY_DONE(q, n);
	CMP_QUERY_DONE(q, n + 1);
	CMP_VALS((char)n, (unsigned char)n, (short)g, (unsigned short)g, n, (unsigned)n, g,
		 (unsigned long)g, (void *)q);
	return n + (int)g;
}

int main(int argc, char **argv)
{
	(void)argv;
	for (int i = 0; i < argc + 2; i++)
		sink += work(i, (long)i * 3, names[i % 3]);
	return 0;
}
