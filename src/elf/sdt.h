/* SPDX-License-Identifier: MIT */
/* SystemTap SDT probe notes (.note.stapsdt, type 3, owner "stapsdt"): one struct
 * sdt_note per probe site, with addresses adjusted for .stapsdt.base and mapped to file
 * offsets. Argument strings are kept as text; target/arch.h decodes them.
 *
 * Ownership: sdt_notes_read() returns a set the caller frees with sdt_notes_free(); the
 * notes and every string in them live until then (independent of the elf_file, which may
 * be freed first). Errors: 0 or -errno (-ENOENT: no .note.stapsdt section, -EINVAL:
 * malformed note; err gets a message naming the file). Malformed individual notes are
 * skipped when sdt_notes_read() can still walk the section; a broken section header
 * fails the whole read. */
#ifndef UTAP_ELF_SDT_H
#define UTAP_ELF_SDT_H

#include <stddef.h>
#include <stdint.h>

#include "elf/elf.h"

struct sdt_notes;

struct sdt_note {
	const char *provider; /* "myapp" */
	const char *name;     /* "query__done" (dtrace "-" already written as "__") */
	const char *args;     /* "-4@%edi 8@%rsi", "" when there are no arguments */
	int nargs;	      /* stap's count: number of '@', or of space-separated fields */
	int index;	      /* position in the section, from 0 */
	/* Link-time addresses after the .stapsdt.base adjustment: when the file has a
	 * .stapsdt.base section and the note's base != 0, pc and sema (if != 0) both get
	 * + (sh_addr(.stapsdt.base) - base). stap 4.8 adjusts both (tapsets.cxx
	 * setup_note_probe_entry); libbpf adjusts only pc, but prelink moves the whole
	 * image, so the semaphore moves too. */
	uint64_t pc;
	uint64_t sema;		   /* 0 = no semaphore (unsigned short counter) */
	uint64_t base;		   /* as recorded in the note */
	uint64_t pc_raw, sema_raw; /* as recorded in the note */
	/* File offsets of pc and sema through the PT_LOADs (what a kernel uprobe wants);
	 * SDT_NO_OFFSET when the address is not inside any PT_LOAD file image. */
	uint64_t pc_offset;
	uint64_t sema_offset;
};

#define SDT_NO_OFFSET UINT64_MAX

/* Reads every note of ef's .note.stapsdt section. A file without the section gives a
 * valid empty set (count 0) and returns 0. */
int sdt_notes_read(const struct elf_file *ef, struct sdt_notes **out, char *err, size_t errlen);
/* NULL is accepted. */
void sdt_notes_free(struct sdt_notes *notes);
size_t sdt_notes_count(const struct sdt_notes *notes);
/* Note i in section order, or NULL when out of range. */
const struct sdt_note *sdt_notes_get(const struct sdt_notes *notes, size_t i);

/* Parses one raw note section image (the bytes of .note.stapsdt) without an elf_file:
 * is64 selects 8-byte addresses. stapsdt_base is sh_addr(.stapsdt.base) or 0 if absent.
 * File offsets are left as SDT_NO_OFFSET. Used by tests and fuzzing. */
int sdt_notes_parse(const void *data, size_t size, int is64, uint64_t stapsdt_base,
		    struct sdt_notes **out);

/* stap's argument count rule for an argument string. */
int sdt_count_args(const char *args);

/* Run-time address of the probe site / semaphore for a given load bias (0 for ET_EXEC). */
static inline uint64_t sdt_note_pc_at(const struct sdt_note *n, uint64_t bias)
{
	return n->pc + bias;
}
static inline uint64_t sdt_note_sema_at(const struct sdt_note *n, uint64_t bias)
{
	return n->sema ? n->sema + bias : 0;
}

#endif
