/* SPDX-License-Identifier: MIT */
/* A tiny ELF writer for unit tests: builds a 32- or 64-bit little-endian image in memory
 * with a text and a data PT_LOAD (data at vaddr = offset + 0x1000, as real linkers do),
 * optional PT_TLS / PT_INTERP / PT_DYNAMIC / build-id note, .stapsdt.base, .probes,
 * .note.stapsdt, .symtab/.strtab. Layout is fixed so tests can predict offsets. */
#ifndef UTAP_TESTS_ELFGEN_H
#define UTAP_TESTS_ELFGEN_H

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct eg_note {
	uint64_t pc, base, sema;
	const char *prov, *name, *args;
};

struct eg_sym {
	const char *name;
	uint64_t value, size;
	unsigned char type, bind;
	int sec; /* EG_SEC_* or 0 for SHN_UNDEF */
};

enum { EG_SEC_UNDEF = 0, EG_SEC_TEXT = 1, EG_SEC_DATA = 2, EG_SEC_TLS = 3 };

struct eg_spec {
	int is64;            /* 1: ELFCLASS64 */
	uint16_t type;       /* ET_EXEC / ET_DYN */
	uint16_t machine;    /* EM_X86_64 ... */
	uint64_t base;       /* vaddr of file offset 0 (0 for PIE, 0x400000 for EXEC) */
	int has_stapsdt_base;
	int64_t prelink_shift; /* added to .stapsdt.base's sh_addr (simulates prelink) */
	const struct eg_note *notes;
	int nnotes;
	const struct eg_sym *syms;
	int nsyms;
	int use_dynsym;      /* put the symbols in .dynsym instead of .symtab */
	uint64_t tls_memsz, tls_align; /* 0 = no PT_TLS */
	const char *interp;  /* NULL = none */
	int dt_debug;        /* add a .dynamic with DT_DEBUG */
	const unsigned char *build_id;
	int build_id_len;
};

/* Fixed layout (file offsets; text vaddr = base + off, data vaddr = base + off + 0x1000). */
#define EG_TEXT_OFF 0x1000u
#define EG_TEXT_SIZE 0x1000u
#define EG_SBASE_OFF 0x2000u /* .stapsdt.base, 1 byte, in the text segment */
#define EG_DATA_OFF 0x3000u  /* .data (0x100), .probes (0x10), .tdata, .dynamic */
#define EG_DATA_SIZE 0x100u
#define EG_PROBES_OFF (EG_DATA_OFF + EG_DATA_SIZE)
#define EG_TDATA_OFF (EG_PROBES_OFF + 0x10u)
#define EG_DYN_OFF (EG_TDATA_OFF + 0x40u)
#define EG_DATA_END (EG_DYN_OFF + 0x40u)
#define EG_DATA_DELTA 0x1000u

struct eg_buf {
	unsigned char *p;
	size_t len, cap;
};

static inline void eg_reserve(struct eg_buf *b, size_t n)
{
	if (n > b->cap) {
		size_t c = b->cap ? b->cap : 4096;
		while (c < n)
			c *= 2;
		b->p = realloc(b->p, c);
		memset(b->p + b->cap, 0, c - b->cap);
		b->cap = c;
	}
	if (n > b->len)
		b->len = n;
}

static inline void eg_put(struct eg_buf *b, size_t off, uint64_t v, int size)
{
	eg_reserve(b, off + (size_t)size);
	for (int i = 0; i < size; i++)
		b->p[off + (size_t)i] = (unsigned char)(v >> (8 * i));
}

static inline size_t eg_bytes(struct eg_buf *b, size_t off, const void *d, size_t n)
{
	eg_reserve(b, off + n);
	memcpy(b->p + off, d, n);
	return off + n;
}

static inline size_t eg_align(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

struct eg_shdr {
	uint32_t name, type;
	uint64_t flags, addr, off, size;
	uint32_t link, info;
	uint64_t align, entsize;
};

/* Appends name to a string table, returning its offset. */
static inline uint32_t eg_str(struct eg_buf *t, const char *s)
{
	size_t off = t->len;
	eg_bytes(t, off, s, strlen(s) + 1);
	return (uint32_t)off;
}

static inline void eg_write_shdr(struct eg_buf *b, size_t off, int is64, const struct eg_shdr *s)
{
	if (is64) {
		eg_put(b, off, s->name, 4);
		eg_put(b, off + 4, s->type, 4);
		eg_put(b, off + 8, s->flags, 8);
		eg_put(b, off + 16, s->addr, 8);
		eg_put(b, off + 24, s->off, 8);
		eg_put(b, off + 32, s->size, 8);
		eg_put(b, off + 40, s->link, 4);
		eg_put(b, off + 44, s->info, 4);
		eg_put(b, off + 48, s->align, 8);
		eg_put(b, off + 56, s->entsize, 8);
	} else {
		eg_put(b, off, s->name, 4);
		eg_put(b, off + 4, s->type, 4);
		eg_put(b, off + 8, s->flags, 4);
		eg_put(b, off + 12, s->addr, 4);
		eg_put(b, off + 16, s->off, 4);
		eg_put(b, off + 20, s->size, 4);
		eg_put(b, off + 24, s->link, 4);
		eg_put(b, off + 28, s->info, 4);
		eg_put(b, off + 32, s->align, 4);
		eg_put(b, off + 36, s->entsize, 4);
	}
}

static inline void eg_write_phdr(struct eg_buf *b, size_t off, int is64, uint32_t type,
				 uint32_t flags, uint64_t foff, uint64_t vaddr, uint64_t filesz,
				 uint64_t memsz, uint64_t align)
{
	if (is64) {
		eg_put(b, off, type, 4);
		eg_put(b, off + 4, flags, 4);
		eg_put(b, off + 8, foff, 8);
		eg_put(b, off + 16, vaddr, 8);
		eg_put(b, off + 24, vaddr, 8);
		eg_put(b, off + 32, filesz, 8);
		eg_put(b, off + 40, memsz, 8);
		eg_put(b, off + 48, align, 8);
	} else {
		eg_put(b, off, type, 4);
		eg_put(b, off + 4, foff, 4);
		eg_put(b, off + 8, vaddr, 4);
		eg_put(b, off + 12, vaddr, 4);
		eg_put(b, off + 16, filesz, 4);
		eg_put(b, off + 20, memsz, 4);
		eg_put(b, off + 24, flags, 4);
		eg_put(b, off + 28, align, 4);
	}
}

/* Builds the image; *len gets its size. Caller frees the result. */
static inline unsigned char *eg_build(const struct eg_spec *sp, size_t *len)
{
	struct eg_buf b = {0}, shstr = {0}, str = {0};
	int w = sp->is64 ? 8 : 4;
	size_t ehsize = sp->is64 ? 64 : 52, phentsize = sp->is64 ? 56 : 32;
	size_t shentsize = sp->is64 ? 64 : 40;
	uint64_t dbase = sp->base + EG_DATA_DELTA;
	struct eg_shdr sh[16];
	int nsh = 0;
	memset(sh, 0, sizeof(sh));
	eg_str(&shstr, "");
	eg_str(&str, "");
	nsh++; /* SHN_UNDEF */

	/* text segment contents */
	size_t phoff = ehsize, nph = 0;
	size_t off = phoff + 8 * phentsize; /* room for up to 8 program headers */
	size_t interp_off = 0, interp_len = 0, bid_off = 0, bid_len = 0;
	if (sp->interp) {
		interp_off = off;
		interp_len = strlen(sp->interp) + 1;
		off = eg_bytes(&b, off, sp->interp, interp_len);
		sh[nsh++] = (struct eg_shdr){eg_str(&shstr, ".interp"), SHT_PROGBITS, SHF_ALLOC,
			sp->base + interp_off, interp_off, interp_len, 0, 0, 1, 0};
	}
	if (sp->build_id_len) {
		bid_off = eg_align(off, 4);
		eg_put(&b, bid_off, 4, 4);
		eg_put(&b, bid_off + 4, (uint64_t)sp->build_id_len, 4);
		eg_put(&b, bid_off + 8, NT_GNU_BUILD_ID, 4);
		eg_bytes(&b, bid_off + 12, "GNU", 4);
		off = eg_bytes(&b, bid_off + 16, sp->build_id, (size_t)sp->build_id_len);
		bid_len = off - bid_off;
		sh[nsh++] = (struct eg_shdr){eg_str(&shstr, ".note.gnu.build-id"), SHT_NOTE,
			SHF_ALLOC, sp->base + bid_off, bid_off, bid_len, 0, 0, 4, 0};
	}
	eg_reserve(&b, EG_TEXT_OFF + EG_TEXT_SIZE);
	memset(b.p + EG_TEXT_OFF, 0x90, EG_TEXT_SIZE);
	int text_idx = nsh;
	sh[nsh++] = (struct eg_shdr){eg_str(&shstr, ".text"), SHT_PROGBITS,
		SHF_ALLOC | SHF_EXECINSTR, sp->base + EG_TEXT_OFF, EG_TEXT_OFF, EG_TEXT_SIZE, 0, 0,
		16, 0};
	if (sp->has_stapsdt_base) {
		eg_put(&b, EG_SBASE_OFF, 0, 1);
		sh[nsh++] = (struct eg_shdr){eg_str(&shstr, ".stapsdt.base"), SHT_PROGBITS,
			SHF_ALLOC, sp->base + EG_SBASE_OFF + (uint64_t)sp->prelink_shift,
			EG_SBASE_OFF, 1, 0, 0, 1, 0};
	}
	/* data segment */
	eg_reserve(&b, EG_DATA_END);
	int data_idx = nsh;
	sh[nsh++] = (struct eg_shdr){eg_str(&shstr, ".data"), SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
		dbase + EG_DATA_OFF, EG_DATA_OFF, EG_DATA_SIZE, 0, 0, 8, 0};
	sh[nsh++] = (struct eg_shdr){eg_str(&shstr, ".probes"), SHT_PROGBITS,
		SHF_ALLOC | SHF_WRITE, dbase + EG_PROBES_OFF, EG_PROBES_OFF, 0x10, 0, 0, 2, 0};
	int tls_idx = nsh;
	if (sp->tls_memsz)
		sh[nsh++] = (struct eg_shdr){eg_str(&shstr, ".tdata"), SHT_PROGBITS,
			SHF_ALLOC | SHF_WRITE | SHF_TLS, dbase + EG_TDATA_OFF, EG_TDATA_OFF,
			sp->tls_memsz, 0, 0, sp->tls_align, 0};
	int dynstr_idx = 0;
	if (sp->dt_debug) {
		dynstr_idx = nsh + 1;
		size_t e = 2u * (size_t)w;
		eg_put(&b, EG_DYN_OFF, DT_DEBUG, w);
		eg_put(&b, EG_DYN_OFF + (size_t)w, 0, w);
		eg_put(&b, EG_DYN_OFF + e, DT_NULL, w);
		sh[nsh++] = (struct eg_shdr){eg_str(&shstr, ".dynamic"), SHT_DYNAMIC,
			SHF_ALLOC | SHF_WRITE, dbase + EG_DYN_OFF, EG_DYN_OFF, 2 * e,
			(uint32_t)dynstr_idx, 0, 8, e};
		size_t ds = b.len;
		eg_put(&b, ds, 0, 1);
		sh[nsh++] = (struct eg_shdr){eg_str(&shstr, ".dynstr"), SHT_STRTAB, 0, 0, ds, 1,
			0, 0, 1, 0};
	}
	/* .note.stapsdt */
	size_t no = eg_align(b.len, 8), n0 = no;
	for (int i = 0; i < sp->nnotes; i++) {
		const struct eg_note *n = &sp->notes[i];
		size_t pl = strlen(n->prov) + 1, nl = strlen(n->name) + 1, al = strlen(n->args) + 1;
		size_t descsz = 3u * (size_t)w + pl + nl + al;
		eg_put(&b, no, 8, 4);
		eg_put(&b, no + 4, descsz, 4);
		eg_put(&b, no + 8, 3, 4);
		eg_bytes(&b, no + 12, "stapsdt", 8);
		size_t d = no + 20;
		eg_put(&b, d, n->pc, w);
		eg_put(&b, d + (size_t)w, n->base, w);
		eg_put(&b, d + 2u * (size_t)w, n->sema, w);
		d += 3u * (size_t)w;
		d = eg_bytes(&b, d, n->prov, pl);
		d = eg_bytes(&b, d, n->name, nl);
		d = eg_bytes(&b, d, n->args, al);
		no = eg_align(d, 4);
		eg_reserve(&b, no);
	}
	if (sp->nnotes)
		sh[nsh++] = (struct eg_shdr){eg_str(&shstr, ".note.stapsdt"), SHT_NOTE, 0, 0, n0,
			no - n0, 0, 0, 4, 0};
	/* symbols */
	if (sp->nsyms) {
		size_t symsz = sp->is64 ? 24 : 16;
		size_t so = eg_align(b.len, 8);
		eg_reserve(&b, so + symsz);
		for (int i = 0; i < sp->nsyms; i++) {
			const struct eg_sym *s = &sp->syms[i];
			size_t e = so + symsz * (size_t)(i + 1);
			int shndx = s->sec == EG_SEC_TEXT ? text_idx : s->sec == EG_SEC_DATA ? data_idx :
				    s->sec == EG_SEC_TLS ? tls_idx : 0;
			unsigned char info = (unsigned char)((s->bind << 4) | (s->type & 0xf));
			eg_put(&b, e, eg_str(&str, s->name), 4);
			if (sp->is64) {
				eg_put(&b, e + 4, info, 1);
				eg_put(&b, e + 6, (uint64_t)shndx, 2);
				eg_put(&b, e + 8, s->value, 8);
				eg_put(&b, e + 16, s->size, 8);
			} else {
				eg_put(&b, e + 4, s->value, 4);
				eg_put(&b, e + 8, s->size, 4);
				eg_put(&b, e + 12, info, 1);
				eg_put(&b, e + 14, (uint64_t)shndx, 2);
			}
		}
		size_t stro = b.len;
		eg_bytes(&b, stro, str.p, str.len);
		int strtab_idx = nsh + 1;
		sh[nsh++] = (struct eg_shdr){eg_str(&shstr, sp->use_dynsym ? ".dynsym" : ".symtab"),
			sp->use_dynsym ? SHT_DYNSYM : SHT_SYMTAB, 0, 0, so,
			symsz * (size_t)(sp->nsyms + 1), (uint32_t)strtab_idx, 1, 8, symsz};
		sh[nsh++] = (struct eg_shdr){eg_str(&shstr, sp->use_dynsym ? ".dynstr2" : ".strtab"),
			SHT_STRTAB, 0, 0, stro, str.len, 0, 0, 1, 0};
	}
	int shstr_idx = nsh;
	uint32_t shname = eg_str(&shstr, ".shstrtab");
	size_t sso = b.len;
	eg_bytes(&b, sso, shstr.p, shstr.len);
	sh[nsh++] = (struct eg_shdr){shname, SHT_STRTAB, 0, 0, sso, shstr.len, 0, 0, 1, 0};
	size_t shoff = eg_align(b.len, 8);
	for (int i = 0; i < nsh; i++)
		eg_write_shdr(&b, shoff + shentsize * (size_t)i, sp->is64, &sh[i]);

	/* program headers */
	eg_write_phdr(&b, phoff + phentsize * nph++, sp->is64, PT_LOAD, PF_R | PF_X, 0, sp->base,
		      EG_SBASE_OFF + 0x10, EG_SBASE_OFF + 0x10, 0x1000);
	eg_write_phdr(&b, phoff + phentsize * nph++, sp->is64, PT_LOAD, PF_R | PF_W, EG_DATA_OFF,
		      dbase + EG_DATA_OFF, EG_DATA_END - EG_DATA_OFF, EG_DATA_END - EG_DATA_OFF + 0x100,
		      0x1000);
	if (sp->tls_memsz)
		eg_write_phdr(&b, phoff + phentsize * nph++, sp->is64, PT_TLS, PF_R, EG_TDATA_OFF,
			      dbase + EG_TDATA_OFF, sp->tls_memsz, sp->tls_memsz, sp->tls_align);
	if (sp->interp)
		eg_write_phdr(&b, phoff + phentsize * nph++, sp->is64, PT_INTERP, PF_R, interp_off,
			      sp->base + interp_off, interp_len, interp_len, 1);
	if (sp->dt_debug)
		eg_write_phdr(&b, phoff + phentsize * nph++, sp->is64, PT_DYNAMIC, PF_R | PF_W,
			      EG_DYN_OFF, dbase + EG_DYN_OFF, 0x20, 0x20, 8);
	if (bid_len)
		eg_write_phdr(&b, phoff + phentsize * nph++, sp->is64, PT_NOTE, PF_R, bid_off,
			      sp->base + bid_off, bid_len, bid_len, 4);

	/* ELF header */
	unsigned char ident[EI_NIDENT] = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3,
		(unsigned char)(sp->is64 ? ELFCLASS64 : ELFCLASS32), ELFDATA2LSB, EV_CURRENT};
	eg_bytes(&b, 0, ident, EI_NIDENT);
	size_t h = EI_NIDENT;
	eg_put(&b, h, sp->type, 2);
	eg_put(&b, h + 2, sp->machine, 2);
	eg_put(&b, h + 4, EV_CURRENT, 4);
	h += 8;
	eg_put(&b, h, sp->base + EG_TEXT_OFF, w); /* e_entry */
	eg_put(&b, h + (size_t)w, phoff, w);
	eg_put(&b, h + 2u * (size_t)w, shoff, w);
	h += 3u * (size_t)w;
	eg_put(&b, h, 0, 4);                 /* e_flags */
	eg_put(&b, h + 4, ehsize, 2);
	eg_put(&b, h + 6, phentsize, 2);
	eg_put(&b, h + 8, nph, 2);
	eg_put(&b, h + 10, shentsize, 2);
	eg_put(&b, h + 12, (uint64_t)nsh, 2);
	eg_put(&b, h + 14, (uint64_t)shstr_idx, 2);
	free(shstr.p);
	free(str.p);
	*len = b.len;
	return b.p;
}

#endif
