// SPDX-License-Identifier: MIT
/* A shared library with probes: linked at start by libs.c (as libprobe.so) and built a
 * second time as libdlp.so, which libs.c dlopens; its constructor fires a probe before
 * dlopen returns, which a tracer that arms late would miss. */
#include <stdio.h>
#include SDT_HEADER

#ifndef LIBNAME
#define LIBNAME libp
#endif

__attribute__((constructor)) static void lib_ctor(void)
{
	printf("ctor\n");
	fflush(stdout);
	STAP_PROBE(LIBNAME, ctor);
}

int LIBFN(int x)
{
	printf("fire %d\n", x * 3);
	fflush(stdout);
	STAP_PROBE1(LIBNAME, fire, x * 3);
	return x * 3;
}
