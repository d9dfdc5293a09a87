// SPDX-License-Identifier: MIT
/* The loop of bench/probe-off.sh, built once with utap-dtrace + <utap/sdt.h> and once with
 * SystemTap's dtrace + <sys/sdt.h>: `bench MODE N` runs N iterations of a loop around a
 * non-inlined call, with no probe (none), a semaphore-guarded probe (guarded) or an
 * unguarded probe (bare). No tracer is attached: the difference to `none` is what a probe
 * costs when it is off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static volatile long sink;

/* Stands for any real work: a call the compiler knows nothing about. (Without noipa, gcc
 * -O3 proves that work() leaves the semaphore alone and moves sys/sdt.h's plain semaphore
 * read out of the loop: cheap, but a tracer attaching mid-loop is then never seen.) */
#if defined(__GNUC__) && !defined(__clang__)
#define OPAQUE __attribute__((noinline, noipa))
#else
#define OPAQUE __attribute__((noinline))
#endif

OPAQUE static long work(long i)
{
	sink += i;
	return sink;
}

__attribute__((noinline)) static void loop_none(long n)
{
	for (long i = 0; i < n; i++)
		work(i);
}

__attribute__((noinline)) static void loop_guarded(long n)
{
	for (long i = 0; i < n; i++) {
		long v = work(i);
		if (BENCH_HIT_ENABLED())
			BENCH_HIT(i, v);
	}
}

__attribute__((noinline)) static void loop_bare(long n)
{
	for (long i = 0; i < n; i++) {
		long v = work(i);
		BENCH_HIT(i, v);
	}
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	const char *mode = argc > 1 ? argv[1] : "none";
	if (!strcmp(mode, "guarded"))
		loop_guarded(n);
	else if (!strcmp(mode, "bare"))
		loop_bare(n);
	else
		loop_none(n);
	return sink == -1;
}
