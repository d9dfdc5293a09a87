/* SPDX-License-Identifier: MIT */
/* Read-only view of one ELF file (executable or shared object, 32- or 64-bit) through
 * libelf: program headers, sections, vaddr <-> file offset mapping, symbols, dynamic
 * entries, build-id. It never maps or relocates anything and never touches a process.
 *
 * Ownership: elf_file_open*() returns an object the caller frees with elf_file_free().
 * Every pointer handed out by a getter (names, strings, struct elf_phdr rows, section
 * data) is owned by the object and stays valid until elf_file_free().
 * Errors: int functions return 0 or -errno (-ENOENT: no such file/section/symbol,
 * -ENOEXEC: not a usable ELF file, -EINVAL: malformed contents, -ENOMEM). Functions that
 * take `char *err, size_t errlen` also write a one-line message naming the file there
 * (err may be NULL). Hostile input never causes an out-of-bounds read. */
#ifndef UTAP_ELF_ELF_H
#define UTAP_ELF_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_file;

/* One program header, widened to 64 bits. */
struct elf_phdr {
	uint32_t type;	 /* PT_* */
	uint32_t flags;	 /* PF_R | PF_W | PF_X */
	uint64_t offset; /* p_offset */
	uint64_t vaddr;	 /* p_vaddr */
	uint64_t filesz, memsz, align;
};

/* One section header, widened to 64 bits; name owned by the elf_file. */
struct elf_section {
	const char *name;
	uint32_t type; /* SHT_* */
	uint64_t flags, addr, offset, size;
	size_t index;
};

/* One symbol; name owned by the elf_file. value is the link-time st_value (for STT_TLS:
 * the offset inside the TLS template). */
struct elf_sym {
	const char *name;
	uint64_t value, size;
	uint8_t type, bind; /* STT_*, STB_* */
	uint16_t shndx;
};

/* Opens path read-only. */
int elf_file_open(const char *path, struct elf_file **out, char *err, size_t errlen);
/* Opens an in-memory image (copied; used by tests and the fuzzer). name is used in
 * messages and returned by elf_file_path(). */
int elf_file_open_mem(const void *data, size_t size, const char *name, struct elf_file **out,
		      char *err, size_t errlen);
/* NULL is accepted. */
void elf_file_free(struct elf_file *ef);

/* The path or name given at open time. */
const char *elf_file_path(const struct elf_file *ef);
/* ET_EXEC, ET_DYN, ... (e_type). */
int elf_file_type(const struct elf_file *ef);
/* ELFCLASS32 or ELFCLASS64. */
int elf_file_class(const struct elf_file *ef);
/* EM_X86_64, EM_AARCH64, EM_386, ... (e_machine). */
int elf_file_machine(const struct elf_file *ef);
/* e_entry (link-time). */
uint64_t elf_file_entry(const struct elf_file *ef);
/* True for position-independent images (ET_DYN): their load bias is not 0. */
bool elf_file_is_dyn(const struct elf_file *ef);
/* True for an ET_DYN executable (has PT_INTERP or DF_1_PIE), false for libraries/ET_EXEC. */
bool elf_file_is_pie(const struct elf_file *ef);

/* Program headers: count, and row i (NULL when out of range). */
size_t elf_file_phdr_count(const struct elf_file *ef);
const struct elf_phdr *elf_file_phdr(const struct elf_file *ef, size_t i);
/* Lowest PT_LOAD p_vaddr rounded down to its p_align (0 if none): run-time base of the
 * first mapping minus this value is the load bias. */
uint64_t elf_file_base_vaddr(const struct elf_file *ef);
/* The PT_TLS header, or NULL if the file has no TLS segment. */
const struct elf_phdr *elf_file_tls(const struct elf_file *ef);

/* Section lookup by name (first match). -ENOENT if absent. */
int elf_file_section(const struct elf_file *ef, const char *name, struct elf_section *out);
/* Raw bytes of a section (SHT_NOBITS gives -ENOENT). Bounds-checked against the file. */
int elf_file_section_data(const struct elf_file *ef, const char *name, const void **data,
			  size_t *size);

/* Maps a link-time vaddr to its file offset through the PT_LOAD that holds it in its file
 * image (p_vaddr <= vaddr < p_vaddr + p_filesz). -ENOENT if no segment holds it. */
int elf_file_vaddr_to_offset(const struct elf_file *ef, uint64_t vaddr, uint64_t *off);
/* The inverse: file offset -> link-time vaddr. -ENOENT if no PT_LOAD covers off. */
int elf_file_offset_to_vaddr(const struct elf_file *ef, uint64_t off, uint64_t *vaddr);
/* The PT_LOAD holding vaddr (in memsz), or NULL. */
const struct elf_phdr *elf_file_segment_of(const struct elf_file *ef, uint64_t vaddr);

/* Symbols from .symtab, or from .dynsym when the file has no .symtab. Lookup by exact
 * name; defined symbols (shndx != SHN_UNDEF) are preferred, and among them global ones.
 * Returns 0 or -ENOENT. */
int elf_file_sym_by_name(const struct elf_file *ef, const char *name, struct elf_sym *out);
/* Like elf_file_sym_by_name but searches .dynsym only (what ld.so itself exports). */
int elf_file_dynsym_by_name(const struct elf_file *ef, const char *name, struct elf_sym *out);
/* The defined STT_FUNC/STT_OBJECT/STT_NOTYPE symbol containing addr (value <= addr <
 * value + size; size-0 symbols match only their exact address). Returns 0 or -ENOENT;
 * *off receives addr - value when off is not NULL. */
int elf_file_sym_by_addr(const struct elf_file *ef, uint64_t addr, struct elf_sym *out,
			 uint64_t *off);
/* Number of symbols in the table used for lookups (0 if none). */
size_t elf_file_sym_count(const struct elf_file *ef);

/* PT_INTERP string (e.g. "/lib64/ld-linux-x86-64.so.2") or NULL. */
const char *elf_file_interp(const struct elf_file *ef);
/* DT_SONAME or NULL. */
const char *elf_file_soname(const struct elf_file *ef);
/* First dynamic entry with tag d_tag: its value. -ENOENT if absent. */
int elf_file_dynamic(const struct elf_file *ef, int64_t tag, uint64_t *val);
/* Link-time address of the d_val word of the DT_DEBUG entry (ld.so stores &_r_debug there
 * at run time; add the load bias and read a pointer). -ENOENT if there is none. */
int elf_file_dt_debug_addr(const struct elf_file *ef, uint64_t *vaddr);
/* GNU build-id bytes (owned by ef). -ENOENT if absent. */
int elf_file_build_id(const struct elf_file *ef, const uint8_t **id, size_t *len);
/* Build-id as lowercase hex into buf (needs 2*len+1 bytes). -ENOENT / -ENOSPC. */
int elf_file_build_id_hex(const struct elf_file *ef, char *buf, size_t buflen);

#endif
