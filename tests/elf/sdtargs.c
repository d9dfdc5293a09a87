// SPDX-License-Identifier: MIT
/* Probe-discovery test target: SDT probes (SystemTap's <sys/sdt.h>, default "nor"
 * constraint) whose arguments exercise every operand form gcc and clang emit: registers
 * of every width, stack slots, globals (rip-relative or absolute), arrays (SIB), TLS,
 * constants, floats, structs (the semaphore probe is in sdtsema.c). Built at several -O levels, PIE
 * and not. */
#include <stdbool.h>
#include <stddef.h>
#include <sys/sdt.h>

struct pair {
	int a, b;
};

int g_int = 5;
long g_longs[4] = {10, 20, 30, 40};
static int s_arr[16];
__thread int t_local = 7;
__attribute__((tls_model("initial-exec"))) __thread long t_ie = 9;
void sema_probe(int x);

__attribute__((noinline)) int widths(int a, long b, unsigned char c, unsigned short d, char *p,
				     short e, signed char f, bool g)
{
	DTRACE_PROBE8(tgt, widths, a, b, c, d, p, e, f, g);
	return a + (int)b + c + d + e + f + g;
}

__attribute__((noinline)) int globals(int i)
{
	STAP_PROBE4(tgt, globals, g_int, g_longs[1], s_arr[i], g_longs[i]);
	return g_int;
}

__attribute__((noinline)) int tls(void)
{
	STAP_PROBE2(tgt, tls, t_local, t_ie);
	return t_local;
}

__attribute__((noinline)) void consts(void)
{
	STAP_PROBE6(tgt, consts, 5, -1, 140737488355327L, (unsigned char)200, (unsigned short)-1,
		    4000000000U);
	STAP_PROBE(tgt, noargs);
}

__attribute__((noinline)) double floats(double x, float y, struct pair p)
{
	STAP_PROBE3(tgt, floats, x, y, p);
	return x + y + p.a;
}

__attribute__((noinline)) void twelve(long a, long b, long c, long d, long e, long f)
{
	STAP_PROBE12(tgt, twelve, a, b, c, d, e, f, a + 1, b + 2, c + 3, d + 4, e + 5, f + 6);
}

__attribute__((noinline)) void dashed(int x)
{
	STAP_PROBE1(tgt, dash__name, x);
	STAP_PROBE1(other, dash__name, x + 1);
	/* same name, different argument counts: -L shows only the common $arg1 */
	STAP_PROBE1(tgt, varying, x);
	STAP_PROBE2(other, varying, x, x + 2);
}

int main(int argc, char **argv)
{
	(void)argv;
	s_arr[argc] = 3;
	widths(argc, 2, 3, 4, (char *)"x", -5, -6, true);
	globals(argc);
	tls();
	consts();
	floats(1.5, 2.5f, (struct pair){1, 2});
	twelve(1, 2, 3, 4, 5, 6);
	sema_probe(argc);
	dashed(argc);
	return 0;
}
