// SPDX-License-Identifier: MIT
/* Test helper for check-elf.sh: prints every SDT note of each file given, in a form that
 * awk can also produce from `readelf -n` (raw note addresses, zero-padded to the ELF
 * class width), and with -a each argument's decoding (arch_format_arg). */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include "elf/elf.h"
#include "elf/sdt.h"
#include "target/arch.h"

static void dump(const char *path, int show_args)
{
	struct elf_file *ef;
	struct sdt_notes *ns;
	char err[512];
	if (elf_file_open(path, &ef, err, sizeof(err)) != 0) {
		printf("ERROR %s\n", err);
		return;
	}
	if (sdt_notes_read(ef, &ns, err, sizeof(err)) != 0) {
		printf("ERROR %s\n", err);
		elf_file_free(ef);
		return;
	}
	int w = elf_file_class(ef) == ELFCLASS64 ? 16 : 8;
	printf("FILE %s\n", path);
	for (size_t i = 0; i < sdt_notes_count(ns); i++) {
		const struct sdt_note *n = sdt_notes_get(ns, i);
		printf("%s %s 0x%0*llx 0x%0*llx 0x%0*llx %s\n", n->provider, n->name, w,
		       (unsigned long long)n->pc_raw, w, (unsigned long long)n->base, w,
		       (unsigned long long)n->sema_raw, n->args);
		if (!show_args)
			continue;
		struct sdt_arg a[SDT_MAX_ARGS];
		int na = arch_parse_args(elf_file_machine(ef), n->args, ef, a, SDT_MAX_ARGS);
		for (int k = 0; k < na && k < SDT_MAX_ARGS; k++) {
			char buf[256];
			arch_format_arg(elf_file_machine(ef), &a[k], buf, sizeof(buf));
			printf("  arg%d %s\n", k + 1, buf);
		}
	}
	sdt_notes_free(ns);
	elf_file_free(ef);
}

int main(int argc, char **argv)
{
	int show_args = argc > 1 && strcmp(argv[1], "-a") == 0;
	for (int i = 1 + show_args; i < argc; i++)
		dump(argv[i], show_args);
	return 0;
}
