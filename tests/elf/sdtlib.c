// SPDX-License-Identifier: MIT
/* Probe-discovery test target: a -fPIC shared library with SDT probes on a TLS variable
 * (general-dynamic model: __tls_get_addr), an exported global (through the GOT) and a
 * static one. */
#include <sys/sdt.h>

__thread int lib_tls = 11;
int lib_global = 12;
static long lib_static[4] = {1, 2, 3, 4};

__attribute__((noinline)) int lib_work(int i)
{
	STAP_PROBE3(tgtlib, work, lib_tls, lib_global, lib_static[i & 3]);
	return lib_tls + lib_global;
}
