// SPDX-License-Identifier: MIT
/* libFuzzer harness for the SDT argument decoder: the first byte picks the machine, the
 * rest is a note argument string (several arguments, as in a note). Every decoded
 * argument is formatted and evaluated against fixed registers and a fake memory. */
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "target/arch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fake_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr < 4096)
		return -14;
	memset(buf, (int)(addr & 0xff), len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4096)
		return 0;
	static const int machines[] = {EM_X86_64, EM_386, EM_AARCH64, EM_PPC64};
	int machine = machines[data[0] & 3];
	/* one exact-length spec (no NUL needed) ... */
	struct sdt_arg one;
	arch_parse_arg(machine, (const char *)data + 1, size - 1, NULL, &one);
	/* ... and the NUL-terminated argument list of a note */
	char *s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	struct sdt_arg a[SDT_MAX_ARGS];
	int n = arch_parse_args(machine, s, NULL, a, SDT_MAX_ARGS);
	struct arch_regs regs;
	memset(&regs, 0x41, sizeof(regs));
	for (int i = 0; i < n && i < SDT_MAX_ARGS; i++) {
		int64_t v;
		char buf[160];
		arch_eval_arg(&a[i], &regs, 0x10000, fake_mem, NULL, &v);
		arch_format_arg(machine, &a[i], buf, sizeof(buf));
	}
	free(s);
	return 0;
}
