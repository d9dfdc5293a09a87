// SPDX-License-Identifier: MIT
/* The compile-matrix program of tests/check-dtrace.sh, valid C11 and C++17. Uses every
 * probe of matrix.d through the generated header (MX_HEADER), plus <utap/sdt.h>'s own
 * macros. With -DMX_LIB it is a shared library without main. Prints "evals=N sum=S":
 * N counts evaluations of side-effecting probe arguments (0 when probes are compiled
 * out; guarded probes never evaluate theirs while no tracer is attached). */
#include MX_HEADER
#include <stdio.h>
#include <utap/sdt.h>

struct mx_conn {
	int fd;
};

static int evals;
static int side(int v)
{
	evals++;
	return v;
}

#ifdef __cplusplus
template <typename T> static T twice(T x)
{
	UTAP_PROBE(mxt, twice, x);
	return x + x;
}
#define TWICE(x) twice(x)
#else
#define TWICE(x) ((x) + (x))
#endif

#ifdef __cplusplus
extern "C"
#endif
    int
    mx_run(int n);
int mx_run(int n)
{
	struct mx_conn conn = {n};
	const char *q = "select";
	long sum = 0;
	MX_START();
	for (int i = 0; i < n; i++) {
		if (MX_QUERY_DONE_ENABLED())
			MX_QUERY_DONE(q, side(i));
		MX_QUERY_DONE(q + i % 2, i);
		sum += i;
	}
	MX_BIG((char)n, (unsigned char)(n + 1), (short)-n, (unsigned short)n, n, (unsigned)n,
	       (long)n, (unsigned long)n, (long long)sum, (unsigned long long)sum, (void *)&conn,
	       q);
	MX_ANY();
	MX_ANY(side(n));
	MX_ANY(n, &conn);
	if (n > 100)
		MX2_EV(&conn);
	else
		MX2_EV(&conn + 0);
	UTAP_PROBE(mxd, direct, n, &conn);
	STAP_PROBE2(mxd, stap2, n, sum);
	DTRACE_PROBE(mxd, dt0);
	UTAP_PROBE12(mxd, twelve, n, n, n, n, n, n, n, n, n, n, n, sum);
	sum += TWICE(n) + (long)TWICE((long)n);
	return (int)sum;
}

#ifndef MX_LIB
int main(int argc, char **argv)
{
	(void)argv;
	int sum = mx_run(argc + 3);
	printf("evals=%d sum=%d\n", evals, sum);
	return 0;
}
#endif
