// SPDX-License-Identifier: MIT
/* Probe-discovery test target: a probe with a semaphore, as dtrace -G would define it
 * (unsigned short in .probes); _SDT_HAS_SEMAPHORES must precede <sys/sdt.h>. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

unsigned short tgt_sema_probe_semaphore __attribute__((section(".probes"), used));
volatile int sink;

void sema_probe(int x);
__attribute__((noinline)) void sema_probe(int x)
{
	if (tgt_sema_probe_semaphore)
		sink = x;
	STAP_PROBE1(tgt_sema, probe, x);
}
