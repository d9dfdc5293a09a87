// SPDX-License-Identifier: MIT
/* Probe argument forms: every probe prints, before firing, the values it passes, in
 * the driver's format ("NAME V1 V2 ..."). Locals, globals (sym(%rip)), arrays (SIB),
 * TLS (%fs), constants, all integer widths, 12 arguments. argv[1] = iterations. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include SDT_HEADER

long g_long = -1234567890123L;
int g_arr[8] = {10, 11, 12, 13, 14, 15, 16, 17};
static __thread int tls_int = 77;
struct pair {
	long a, b;
} g_pair = {5, -6};

__attribute__((noinline)) static void widths(int i)
{
	signed char sc = (signed char)(-5 - i);
	unsigned char uc = (unsigned char)(200 + i);
	short ss = (short)(-30000 + i);
	unsigned short us = (unsigned short)(60000 + i);
	int si = -100000 - i;
	unsigned int ui = 4000000000u + (unsigned)i;
	long sl = -5000000000L - i;
	unsigned long ul = 0xfffffffffffffff0ul + (unsigned long)(i & 7);
	printf("widths %d %d %d %d %d %u %ld %lld\n", sc, uc, ss, us, si, ui, sl, (long long)ul);
	fflush(stdout);
	STAP_PROBE8(utap, widths, sc, uc, ss, us, si, ui, sl, ul);
}

__attribute__((noinline)) static void globals(int i)
{
	g_long += i;
	g_arr[i & 7] += 1;
	tls_int += 1;
	int idx = i & 7;
	printf("globals %ld %d %d %ld\n", g_long, g_arr[idx], tls_int, g_pair.b);
	fflush(stdout);
	STAP_PROBE4(utap, globals, g_long, g_arr[idx], tls_int, g_pair.b);
}

__attribute__((noinline)) static void consts(int i)
{
	printf("consts 42 -7 %d\n", (unsigned char)200);
	fflush(stdout);
	STAP_PROBE3(utap, consts, 42, -7, (unsigned char)200);
	(void)i;
}

__attribute__((noinline)) static long twelve(long a)
{
	long b = a * 2, c = a * 3, d = a - 4, e = a ^ 5, f = a + 6, g = -a, h = a << 2, k = a | 9,
	     l = a & 10, m = a + 11, n = 12 - a;
	printf("twelve %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld\n", a, b, c, d, e, f, g, h,
	       k, l, m, n);
	fflush(stdout);
	STAP_PROBE12(utap, twelve, a, b, c, d, e, f, g, h, k, l, m, n);
	return a + b + c + d + e + f + g + h + k + l + m + n;
}

__attribute__((noinline)) static void strings(int i)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "hello %d", i);

	printf("str \"%s\" %d\n", buf, len);
	fflush(stdout);
	STAP_PROBE2(utap, str, buf, len);
}

__attribute__((noinline)) static void noargs(void)
{
	printf("noargs\n");
	fflush(stdout);
	STAP_PROBE(utap, noargs);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	long sum = 0;

	for (int i = 0; i < n; i++) {
		widths(i);
		globals(i);
		consts(i);
		sum += twelve(i + 1);
		noargs();
		strings(i);
	}
	return sum == 0 ? 3 : 0;
}
