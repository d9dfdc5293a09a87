// SPDX-License-Identifier: MIT
/* The sdt.h macros used directly, built once with <sys/sdt.h> and once with
 * <utap/sdt.h> (SDT_HEADER): the notes must match. */
#include SDT_HEADER

static volatile long sink;

__attribute__((noinline)) static long work(int n, long g, const char *q, unsigned char c)
{
	DTRACE_PROBE3(cmpd, direct, n, g, q);
	STAP_PROBE(cmpd, zero);
	DTRACE_PROBE2(cmpd, consts, 5, -1L);
	STAP_PROBE4(cmpd, four, c, (short)n, (unsigned long)g, &sink);
	return n + g + c;
}

int main(int argc, char **argv)
{
	for (int i = 0; i < argc + 2; i++)
		sink += work(i, (long)i * 3, argv[0], (unsigned char)i);
	return 0;
}
