/* SPDX-License-Identifier: MIT */
/* /proc/PID/maps: the file-backed mappings of a process, and the load bias of an ELF
 * object found there (§7 of the usdt spec: bias = start - offset - (p_vaddr - p_offset)
 * of the PT_LOAD that the mapping's file offset falls in). Nothing here knows probes. */
#ifndef UTAP_TARGET_MAPS_H
#define UTAP_TARGET_MAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "elf/elf.h"

struct maps_entry {
	uint64_t start, end, offset;
	uint64_t ino;
	dev_t dev;
	bool exec;  /* 'x' permission */
	char *path; /* as the kernel prints it, " (deleted)" removed; owned by struct maps */
};

struct maps {
	struct maps_entry *v;
	int n;
};

/* Reads /proc/PID/maps, keeping file-backed mappings only (paths starting with '/').
 * Returns 0, -ESRCH (no such process) or -errno; on failure *m is empty. */
int maps_read(pid_t pid, struct maps *m);
/* Parses maps text (for tests and the fuzzer). Malformed lines are skipped. */
int maps_parse(const char *text, struct maps *m);
void maps_free(struct maps *m);

/* The load bias of ELF file ef mapped by entry e: 0 for ET_EXEC; for ET_DYN the bias
 * computed through the executable PT_LOAD whose page-aligned file offset equals
 * e->offset (e must be an executable mapping). Returns 0 with *bias, or -ENOENT when
 * this mapping is not the executable segment of ef. */
int maps_bias(const struct maps_entry *e, const struct elf_file *ef, uint64_t *bias);

#endif
