// SPDX-License-Identifier: MIT
/* The -v "Pass N: ..." lines with stap's memory and time figures. */
#include "cli/passtime.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

void passtime_start(struct passtime *pt)
{
	times(&pt->t);
	gettimeofday(&pt->tv, NULL);
}

void passtime_line(const struct passtime *pt, int pass, const char *what)
{
	struct tms t1;
	struct timeval tv1;
	times(&t1);
	gettimeofday(&tv1, NULL);
	long sz = sysconf(_SC_PAGESIZE), v[7] = {0}, tck = sysconf(_SC_CLK_TCK);
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		for (int i = 0; i < 7 && fscanf(f, "%ld", &v[i]) == 1; i++)
			;
		fclose(f);
	}
	char buf[512];
	int n = snprintf(
	    buf, sizeof(buf),
	    "Pass %d: %s using %ldvirt/%ldres/%ldshr/%lddata kb, in "
	    "%ldusr/%ldsys/%ldreal ms.\n",
	    pass, what, v[0] * sz / 1024, v[1] * sz / 1024, v[2] * sz / 1024, v[5] * sz / 1024,
	    (long)(t1.tms_utime - pt->t.tms_utime) * 1000 / tck,
	    (long)(t1.tms_stime - pt->t.tms_stime) * 1000 / tck,
	    (long)((tv1.tv_sec - pt->tv.tv_sec) * 1000 + (tv1.tv_usec - pt->tv.tv_usec) / 1000));
	if (n > 0 && write(2, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1) < 0)
		return;
}
