// SPDX-License-Identifier: MIT
/* libFuzzer harness for the ELF reader and the SDT note reader: the input is an ELF
 * image; everything a tracer does with a file is exercised on it (notes, argument
 * decoding, symbol and address lookups). Seed with real binaries (tests/elf targets,
 * system libraries with notes). Errors are expected; crashes and sanitizer reports are
 * bugs. */
#include <stddef.h>
#include <stdint.h>

#include "elf/elf.h"
#include "elf/sdt.h"
#include "target/arch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int no_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	(void)addr;
	for (size_t i = 0; i < len; i++)
		((uint8_t *)buf)[i] = (uint8_t)i;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_file *ef;
	char err[256];
	if (elf_file_open_mem(data, size, "fuzz", &ef, err, sizeof(err)) != 0)
		return 0;
	struct sdt_notes *ns;
	if (sdt_notes_read(ef, &ns, err, sizeof(err)) == 0) {
		struct arch_regs regs = {.pc = 0x1000};
		for (size_t i = 0; i < sdt_notes_count(ns) && i < 64; i++) {
			const struct sdt_note *n = sdt_notes_get(ns, i);
			struct sdt_arg a[SDT_MAX_ARGS];
			int na =
			    arch_parse_args(elf_file_machine(ef), n->args, ef, a, SDT_MAX_ARGS);
			for (int k = 0; k < na && k < SDT_MAX_ARGS; k++) {
				int64_t v;
				char buf[128];
				arch_eval_arg(&a[k], &regs, 0x5000, no_mem, NULL, &v);
				arch_format_arg(elf_file_machine(ef), &a[k], buf, sizeof(buf));
			}
			struct elf_sym s;
			elf_file_sym_by_addr(ef, n->pc, &s, NULL);
		}
		sdt_notes_free(ns);
	}
	struct elf_sym s;
	uint64_t v;
	elf_file_sym_by_name(ef, "main", &s);
	elf_file_dynsym_by_name(ef, "_dl_debug_state", &s);
	elf_file_dt_debug_addr(ef, &v);
	elf_file_offset_to_vaddr(ef, 0x1000, &v);
	elf_file_vaddr_to_offset(ef, elf_file_entry(ef), &v);
	elf_file_base_vaddr(ef);
	elf_file_soname(ef);
	elf_file_is_pie(ef);
	char hex[160];
	elf_file_build_id_hex(ef, hex, sizeof(hex));
	elf_file_free(ef);
	return 0;
}
