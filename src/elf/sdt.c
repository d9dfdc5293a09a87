// SPDX-License-Identifier: MIT
/* Walks .note.stapsdt: each note is {namesz, descsz, type=3}, "stapsdt\0", then a desc of
 * pc, base, sema (8 bytes each, 4 on ELFCLASS32) and three NUL-terminated strings
 * (provider, name, args). Every length is checked against the section before use, as
 * libbpf's usdt.c does. Addresses get the .stapsdt.base (prelink) adjustment and file
 * offsets. Argument operands are decoded elsewhere (target/arch.h). */
#include <errno.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/sdt.h"
#include "util/alloc.h"
#include "util/errbuf.h"

#define NT_STAPSDT 3
#define SDT_OWNER "stapsdt"

struct sdt_notes {
	struct sdt_note *v;
	size_t n, cap;
	char *strings; /* one block holding every provider/name/args string */
	size_t strings_len, strings_cap;
};

int sdt_count_args(const char *args)
{
	int ats = 0, spaces = 0;
	for (const char *p = args; *p; p++) {
		ats += *p == '@';
		spaces += *p == ' ';
	}
	if (ats)
		return ats;
	return args[0] ? spaces + 1 : 0;
}

static uint64_t get_addr(const unsigned char *p, int is64)
{
	if (is64) {
		uint64_t v;
		memcpy(&v, p, 8);
		return v;
	}
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* Length of the NUL-terminated string at p within [p, end), or -1 when unterminated. */
static long str_in(const char *p, const char *end)
{
	const char *z = memchr(p, '\0', (size_t)(end - p));
	return z ? (long)(z - p) : -1;
}

struct raw_note {
	uint64_t pc, base, sema;
	const char *prov, *name, *args;
	size_t prov_len, name_len, args_len;
};

/* desc -> pc base sema provider NUL name NUL args NUL (anything after is padding). */
static int decode_desc(const unsigned char *desc, size_t descsz, int is64, struct raw_note *r)
{
	size_t asz = is64 ? 8 : 4;
	if (descsz < 3 * asz + 3)
		return -EINVAL;
	r->pc = get_addr(desc, is64);
	r->base = get_addr(desc + asz, is64);
	r->sema = get_addr(desc + 2 * asz, is64);
	const char *p = (const char *)desc + 3 * asz, *end = (const char *)desc + descsz;
	long l = str_in(p, end);
	if (l < 0)
		return -EINVAL;
	r->prov = p;
	r->prov_len = (size_t)l;
	p += l + 1;
	if (p >= end || (l = str_in(p, end)) < 0)
		return -EINVAL;
	r->name = p;
	r->name_len = (size_t)l;
	p += l + 1;
	if (p >= end || (l = str_in(p, end)) < 0)
		return -EINVAL;
	r->args = p;
	r->args_len = (size_t)l;
	return 0;
}

/* Appends s to the string block and returns its offset there. */
static size_t add_string(struct sdt_notes *ns, const char *s, size_t len)
{
	if (ns->strings_len + len + 1 > ns->strings_cap) {
		size_t cap = ns->strings_cap ? ns->strings_cap : 256;
		while (cap < ns->strings_len + len + 1)
			cap *= 2;
		ns->strings = xrealloc(ns->strings, cap);
		ns->strings_cap = cap;
	}
	size_t off = ns->strings_len;
	memcpy(ns->strings + off, s, len);
	ns->strings[off + len] = '\0';
	ns->strings_len += len + 1;
	return off;
}

static void add_note(struct sdt_notes *ns, const struct raw_note *r, uint64_t stapsdt_base)
{
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 16;
		ns->v = xrealloc(ns->v, ns->cap * sizeof(*ns->v));
	}
	struct sdt_note *n = &ns->v[ns->n];
	*n = (struct sdt_note){
	    .index = (int)ns->n,
	    .pc = r->pc,
	    .sema = r->sema,
	    .base = r->base,
	    .pc_raw = r->pc,
	    .sema_raw = r->sema,
	    .pc_offset = SDT_NO_OFFSET,
	    .sema_offset = SDT_NO_OFFSET,
	};
	/* Strings go into one block that may move while growing: keep offsets for now,
	 * turn them into pointers in finish(). */
	n->provider = (const char *)(uintptr_t)add_string(ns, r->prov, r->prov_len);
	n->name = (const char *)(uintptr_t)add_string(ns, r->name, r->name_len);
	n->args = (const char *)(uintptr_t)add_string(ns, r->args, r->args_len);
	/* prelink adjustment: only with a .stapsdt.base section and a recorded base
	 * (libbpf 69d85c5f); applied to the semaphore too, as stap does. */
	if (stapsdt_base && r->base) {
		uint64_t delta = stapsdt_base - r->base;
		n->pc += delta;
		if (n->sema)
			n->sema += delta;
	}
	ns->n++;
}

static void finish(struct sdt_notes *ns)
{
	for (size_t i = 0; i < ns->n; i++) {
		struct sdt_note *n = &ns->v[i];
		n->provider = ns->strings + (uintptr_t)n->provider;
		n->name = ns->strings + (uintptr_t)n->name;
		n->args = ns->strings + (uintptr_t)n->args;
		n->nargs = sdt_count_args(n->args);
	}
}

/* Walks the notes of one section image. Notes of another owner or type are skipped;
 * a stapsdt note with a malformed desc is skipped; a header that runs past the end
 * stops the walk with -EINVAL (what was read so far is kept). */
static int walk_notes(struct sdt_notes *ns, const unsigned char *data, size_t size, int is64,
		      uint64_t stapsdt_base)
{
	size_t off = 0;
	while (off < size) {
		if (size - off < 12)
			return -EINVAL;
		uint32_t hdr[3];
		memcpy(hdr, data + off, sizeof(hdr));
		size_t namesz = hdr[0], descsz = hdr[1];
		size_t name_off = off + 12;
		if (namesz > size - name_off)
			return -EINVAL;
		size_t desc_off = name_off + ((namesz + 3) & ~(size_t)3);
		if (desc_off > size || descsz > size - desc_off)
			return -EINVAL;
		size_t next = desc_off + ((descsz + 3) & ~(size_t)3);
		if (hdr[2] == NT_STAPSDT && namesz == sizeof(SDT_OWNER) &&
		    memcmp(data + name_off, SDT_OWNER, sizeof(SDT_OWNER)) == 0) {
			struct raw_note r;
			if (decode_desc(data + desc_off, descsz, is64, &r) == 0)
				add_note(ns, &r, stapsdt_base);
		}
		if (next > size)
			break; /* last note without trailing padding */
		off = next;
	}
	return 0;
}

int sdt_notes_parse(const void *data, size_t size, int is64, uint64_t stapsdt_base,
		    struct sdt_notes **out)
{
	struct sdt_notes *ns = xcalloc(1, sizeof(*ns));
	int rc = walk_notes(ns, data, size, is64, stapsdt_base);
	finish(ns);
	*out = ns;
	return rc;
}

static void map_offsets(struct sdt_notes *ns, const struct elf_file *ef)
{
	for (size_t i = 0; i < ns->n; i++) {
		struct sdt_note *n = &ns->v[i];
		uint64_t off;
		if (elf_file_vaddr_to_offset(ef, n->pc, &off) == 0)
			n->pc_offset = off;
		if (n->sema && elf_file_vaddr_to_offset(ef, n->sema, &off) == 0)
			n->sema_offset = off;
	}
}

int sdt_notes_read(const struct elf_file *ef, struct sdt_notes **out, char *err, size_t errlen)
{
	*out = NULL;
	struct elf_section base;
	uint64_t stapsdt_base = 0;
	if (elf_file_section(ef, ".stapsdt.base", &base) == 0)
		stapsdt_base = base.addr;
	struct elf_section sec;
	if (elf_file_section(ef, ".note.stapsdt", &sec) != 0) {
		*out = xcalloc(1, sizeof(**out));
		return 0;
	}
	const void *data;
	size_t size;
	int rc = elf_file_section_data(ef, ".note.stapsdt", &data, &size);
	if (rc) {
		errbuf_printf(err, errlen, "%s: unreadable .note.stapsdt section",
			      elf_file_path(ef));
		return rc;
	}
	struct sdt_notes *ns;
	rc = sdt_notes_parse(data, size, elf_file_class(ef) == ELFCLASS64, stapsdt_base, &ns);
	if (rc) {
		errbuf_printf(err, errlen, "%s: malformed .note.stapsdt section",
			      elf_file_path(ef));
		sdt_notes_free(ns);
		return rc;
	}
	map_offsets(ns, ef);
	*out = ns;
	return 0;
}

void sdt_notes_free(struct sdt_notes *ns)
{
	if (!ns)
		return;
	free(ns->v);
	free(ns->strings);
	free(ns);
}

size_t sdt_notes_count(const struct sdt_notes *ns)
{
	return ns->n;
}

const struct sdt_note *sdt_notes_get(const struct sdt_notes *ns, size_t i)
{
	return i < ns->n ? &ns->v[i] : NULL;
}
