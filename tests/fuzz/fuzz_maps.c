// SPDX-License-Identifier: MIT
/* libFuzzer harness for the /proc/PID/maps parser and the load-bias computation of the
 * ptrace backend: the input is maps text; every parsed entry's bias is computed
 * against this very binary's ELF image. Crashes and sanitizer reports are bugs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf/elf.h"
#include "target/maps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct elf_file *self;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!self && elf_file_open("/proc/self/exe", &self, NULL, 0) < 0)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	struct maps m;
	maps_parse(text, &m);
	for (int i = 0; i < m.n; i++) {
		uint64_t bias;
		if (maps_bias(&m.v[i], self, &bias) == 0 && !m.v[i].exec && elf_file_is_dyn(self))
			abort(); /* only executable mappings give a bias */
	}
	maps_free(&m);
	free(text);
	return 0;
}
