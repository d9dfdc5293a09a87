// SPDX-License-Identifier: MIT
/* Probe-discovery test target: a freestanding 32-bit (-m32) static program, so that
 * ELFCLASS32 notes (4-byte addresses) and i386 operands are read too. No libc. */
#include <sys/sdt.h>

int g32 = 3;

__attribute__((noinline)) int f32(int a, long long b, char c)
{
	STAP_PROBE4(p32, mark32, a, b, c, g32);
	return a + c;
}

void _start(void);
void _start(void)
{
	f32(1, 2, 3);
	for (;;)
		;
}
