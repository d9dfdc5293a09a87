// SPDX-License-Identifier: MIT
/* Signals of the target's own must pass through the tracer untouched: SIGUSR1 from
 * raise(), SIGTRAP from raise() and from an int3 in the program itself, each counted
 * by a handler, around a probe ("sig I"). Prints the handler counts at the end. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include SDT_HEADER

static volatile sig_atomic_t usr1, trap;

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void on_trap(int sig)
{
	(void)sig;
	trap++;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 5;

	signal(SIGUSR1, on_usr1);
	signal(SIGTRAP, on_trap);
	for (int i = 0; i < n; i++) {
		printf("sig %d\n", i);
		fflush(stdout);
		STAP_PROBE1(utap, sig, i);
		raise(SIGUSR1);
		raise(SIGTRAP);
		__asm__ volatile("int3");
	}
	fprintf(stderr, "usr1 %d trap %d\n", (int)usr1, (int)trap);
	return 0;
}
