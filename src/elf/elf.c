// SPDX-License-Identifier: MIT
/* Opens an ELF file with libelf and caches what the tracer needs: program headers, the
 * section table, one symbol table (sorted by name and by address), dynamic entries,
 * PT_INTERP and the build-id. Every offset read from the file is checked against the
 * file size before use. It does not read SDT notes (sdt.c) or decode operands (arch). */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf/elf.h"
#include "util/alloc.h"
#include "util/errbuf.h"

struct sym_table {
	struct elf_sym *syms; /* defined and undefined symbols with a name */
	size_t n;
	struct elf_sym **by_name; /* sorted by name, then preference */
	struct elf_sym **by_addr; /* defined FUNC/OBJECT/NOTYPE, sorted by value */
	size_t n_addr;
};

struct elf_file {
	char *path;
	int fd;
	void *image; /* in-memory copy (elf_file_open_mem), else NULL */
	Elf *elf;
	const char *raw; /* elf_rawfile() */
	size_t raw_size;
	GElf_Ehdr ehdr;
	struct elf_phdr *phdrs;
	size_t nphdrs;
	struct elf_section *secs;
	size_t nsecs;
	struct sym_table syms;	  /* .symtab, else .dynsym */
	struct sym_table dynsyms; /* .dynsym */
	GElf_Dyn *dyn;
	size_t ndyn;
	uint64_t dyn_addr; /* sh_addr / p_vaddr of the dynamic table */
	size_t dyn_entsize;
	size_t dyn_strtab; /* section index of the dynamic string table, 0 = none */
	char *interp;
	uint8_t *build_id;
	size_t build_id_len;
};

/* True when [off, off+len) lies inside the file image. */
static bool in_file(const struct elf_file *ef, uint64_t off, uint64_t len)
{
	return off <= ef->raw_size && len <= ef->raw_size - off;
}

static int load_phdrs(struct elf_file *ef)
{
	size_t n;
	if (elf_getphdrnum(ef->elf, &n) != 0)
		return -EINVAL;
	if (n > 65535)
		return -EINVAL;
	ef->phdrs = xcalloc(n ? n : 1, sizeof(*ef->phdrs));
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(ef->elf, (int)i, &ph))
			return -EINVAL;
		ef->phdrs[ef->nphdrs++] = (struct elf_phdr){
		    .type = ph.p_type,
		    .flags = ph.p_flags,
		    .offset = ph.p_offset,
		    .vaddr = ph.p_vaddr,
		    .filesz = ph.p_filesz,
		    .memsz = ph.p_memsz,
		    .align = ph.p_align,
		};
	}
	return 0;
}

static int load_sections(struct elf_file *ef)
{
	size_t shnum, shstrndx;
	if (elf_getshdrnum(ef->elf, &shnum) != 0)
		return -EINVAL;
	if (shnum == 0)
		return 0;
	if (elf_getshdrstrndx(ef->elf, &shstrndx) != 0)
		shstrndx = SHN_UNDEF;
	if (shnum > 1u << 20)
		return -EINVAL;
	ef->secs = xcalloc(shnum, sizeof(*ef->secs));
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(ef->elf, scn)) != NULL) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || ef->nsecs >= shnum)
			return -EINVAL;
		const char *name = NULL;
		if (shstrndx != SHN_UNDEF)
			name = elf_strptr(ef->elf, shstrndx, sh.sh_name);
		ef->secs[ef->nsecs++] = (struct elf_section){
		    .name = name ? name : "",
		    .type = sh.sh_type,
		    .flags = sh.sh_flags,
		    .addr = sh.sh_addr,
		    .offset = sh.sh_offset,
		    .size = sh.sh_size,
		    .index = elf_ndxscn(scn),
		};
	}
	return 0;
}

static const struct elf_section *find_section(const struct elf_file *ef, const char *name)
{
	for (size_t i = 0; i < ef->nsecs; i++)
		if (strcmp(ef->secs[i].name, name) == 0)
			return &ef->secs[i];
	return NULL;
}

static const struct elf_section *find_section_type(const struct elf_file *ef, uint32_t type)
{
	for (size_t i = 0; i < ef->nsecs; i++)
		if (ef->secs[i].type == type)
			return &ef->secs[i];
	return NULL;
}

/* Section data through libelf, refusing sections that claim bytes beyond the file. */
static Elf_Data *section_data(const struct elf_file *ef, const struct elf_section *s)
{
	if (s->type == SHT_NOBITS || !in_file(ef, s->offset, s->size))
		return NULL;
	Elf_Scn *scn = elf_getscn(ef->elf, s->index);
	if (!scn)
		return NULL;
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || (d->d_size && !d->d_buf) || d->d_size > s->size)
		return NULL;
	return d;
}

static int sym_rank(const struct elf_sym *s)
{
	if (s->shndx == SHN_UNDEF)
		return 3;
	if (s->bind == STB_GLOBAL)
		return 0;
	if (s->bind == STB_WEAK)
		return 1;
	return 2;
}

static int cmp_sym_name(const void *a, const void *b)
{
	const struct elf_sym *x = *(struct elf_sym *const *)a, *y = *(struct elf_sym *const *)b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	c = sym_rank(x) - sym_rank(y);
	if (c)
		return c;
	return x < y ? -1 : x > y;
}

static int cmp_sym_addr(const void *a, const void *b)
{
	const struct elf_sym *x = *(struct elf_sym *const *)a, *y = *(struct elf_sym *const *)b;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x < y ? -1 : x > y;
}

static bool sym_addressable(const struct elf_sym *s)
{
	if (s->shndx == SHN_UNDEF || s->shndx == SHN_ABS || !s->name[0])
		return false;
	return s->type == STT_FUNC || s->type == STT_OBJECT || s->type == STT_NOTYPE ||
	       s->type == STT_GNU_IFUNC;
}

static int load_symtab(struct elf_file *ef, const struct elf_section *s, struct sym_table *t)
{
	Elf_Data *d = section_data(ef, s);
	if (!d)
		return -EINVAL;
	size_t entsize = gelf_fsize(ef->elf, ELF_T_SYM, 1, EV_CURRENT);
	if (!entsize)
		return -EINVAL;
	size_t n = d->d_size / entsize;
	Elf_Scn *scn = elf_getscn(ef->elf, s->index);
	GElf_Shdr sh;
	if (!scn || !gelf_getshdr(scn, &sh))
		return -EINVAL;
	t->syms = xcalloc(n ? n : 1, sizeof(*t->syms));
	for (size_t i = 0; i < n; i++) {
		GElf_Sym gs;
		if (!gelf_getsym(d, (int)i, &gs))
			break;
		const char *name = elf_strptr(ef->elf, sh.sh_link, gs.st_name);
		if (!name || !name[0])
			continue;
		t->syms[t->n++] = (struct elf_sym){
		    .name = name,
		    .value = gs.st_value,
		    .size = gs.st_size,
		    .type = GELF_ST_TYPE(gs.st_info),
		    .bind = GELF_ST_BIND(gs.st_info),
		    .shndx = gs.st_shndx,
		};
	}
	t->by_name = xcalloc(t->n ? t->n : 1, sizeof(*t->by_name));
	t->by_addr = xcalloc(t->n ? t->n : 1, sizeof(*t->by_addr));
	for (size_t i = 0; i < t->n; i++) {
		t->by_name[i] = &t->syms[i];
		if (sym_addressable(&t->syms[i]))
			t->by_addr[t->n_addr++] = &t->syms[i];
	}
	qsort(t->by_name, t->n, sizeof(*t->by_name), cmp_sym_name);
	qsort(t->by_addr, t->n_addr, sizeof(*t->by_addr), cmp_sym_addr);
	return 0;
}

static void free_symtab(struct sym_table *t)
{
	free(t->syms);
	free(t->by_name);
	free(t->by_addr);
	memset(t, 0, sizeof(*t));
}

static int load_symbols(struct elf_file *ef)
{
	const struct elf_section *sym = find_section_type(ef, SHT_SYMTAB);
	const struct elf_section *dyn = find_section_type(ef, SHT_DYNSYM);
	/* A broken symbol table is not fatal: the file simply has no symbols. */
	if (dyn && load_symtab(ef, dyn, &ef->dynsyms) != 0)
		free_symtab(&ef->dynsyms);
	if (sym && load_symtab(ef, sym, &ef->syms) == 0)
		return 0;
	free_symtab(&ef->syms);
	if (dyn && load_symtab(ef, dyn, &ef->syms) != 0)
		free_symtab(&ef->syms);
	return 0;
}

static void load_dynamic(struct elf_file *ef)
{
	const struct elf_section *s = find_section_type(ef, SHT_DYNAMIC);
	if (!s)
		return;
	Elf_Data *d = section_data(ef, s);
	size_t entsize = gelf_fsize(ef->elf, ELF_T_DYN, 1, EV_CURRENT);
	if (!d || !entsize)
		return;
	Elf_Scn *scn = elf_getscn(ef->elf, s->index);
	GElf_Shdr sh;
	if (!scn || !gelf_getshdr(scn, &sh))
		return;
	size_t n = d->d_size / entsize;
	ef->dyn = xcalloc(n ? n : 1, sizeof(*ef->dyn));
	for (size_t i = 0; i < n; i++) {
		if (!gelf_getdyn(d, (int)i, &ef->dyn[ef->ndyn]))
			break;
		if (ef->dyn[ef->ndyn++].d_tag == DT_NULL)
			break;
	}
	ef->dyn_addr = s->addr;
	ef->dyn_entsize = entsize;
	ef->dyn_strtab = sh.sh_link;
}

static void load_interp(struct elf_file *ef)
{
	for (size_t i = 0; i < ef->nphdrs; i++) {
		const struct elf_phdr *p = &ef->phdrs[i];
		if (p->type != PT_INTERP || !p->filesz || p->filesz > 4096)
			continue;
		if (!in_file(ef, p->offset, p->filesz))
			return;
		ef->interp = xstrndup(ef->raw + p->offset, (size_t)p->filesz);
		return;
	}
}

/* Walks a note area (libbpf-style bounds checks) looking for NT_GNU_BUILD_ID. */
static void scan_build_id(struct elf_file *ef, const char *p, size_t size)
{
	size_t off = 0;
	while (size - off >= 12) {
		uint32_t hdr[3];
		memcpy(hdr, p + off, sizeof(hdr));
		size_t namesz = hdr[0], descsz = hdr[1];
		size_t name_off = off + 12;
		if (namesz > size - name_off)
			return;
		size_t desc_off = name_off + ((namesz + 3) & ~(size_t)3);
		if (desc_off > size || descsz > size - desc_off)
			return;
		if (hdr[2] == NT_GNU_BUILD_ID && namesz == 4 &&
		    memcmp(p + name_off, "GNU", 4) == 0 && descsz > 0 && descsz <= 64) {
			ef->build_id = xmalloc(descsz);
			memcpy(ef->build_id, p + desc_off, descsz);
			ef->build_id_len = descsz;
			return;
		}
		size_t next = desc_off + ((descsz + 3) & ~(size_t)3);
		if (next <= off || next > size)
			return;
		off = next;
	}
}

static void load_build_id(struct elf_file *ef)
{
	for (size_t i = 0; i < ef->nphdrs && !ef->build_id; i++) {
		const struct elf_phdr *p = &ef->phdrs[i];
		if (p->type == PT_NOTE && in_file(ef, p->offset, p->filesz))
			scan_build_id(ef, ef->raw + p->offset, (size_t)p->filesz);
	}
	for (size_t i = 0; i < ef->nsecs && !ef->build_id; i++) {
		const struct elf_section *s = &ef->secs[i];
		if (s->type == SHT_NOTE && in_file(ef, s->offset, s->size))
			scan_build_id(ef, ef->raw + s->offset, (size_t)s->size);
	}
}

static int load_all(struct elf_file *ef, char *err, size_t errlen)
{
	if (elf_kind(ef->elf) != ELF_K_ELF) {
		errbuf_printf(err, errlen, "%s: not an ELF file", ef->path);
		return -ENOEXEC;
	}
	ef->raw = elf_rawfile(ef->elf, &ef->raw_size);
	if (!ef->raw || !gelf_getehdr(ef->elf, &ef->ehdr)) {
		errbuf_printf(err, errlen, "%s: invalid ELF header: %s", ef->path, elf_errmsg(-1));
		return -ENOEXEC;
	}
	int rc = load_phdrs(ef);
	if (rc == 0)
		rc = load_sections(ef);
	if (rc) {
		errbuf_printf(err, errlen, "%s: malformed ELF file: %s", ef->path, elf_errmsg(-1));
		return rc;
	}
	load_symbols(ef);
	load_dynamic(ef);
	load_interp(ef);
	load_build_id(ef);
	return 0;
}

static struct elf_file *file_new(const char *name)
{
	struct elf_file *ef = xcalloc(1, sizeof(*ef));
	ef->path = xstrdup(name);
	ef->fd = -1;
	return ef;
}

static bool libelf_ready(void)
{
	static int ok = -1;
	if (ok < 0)
		ok = elf_version(EV_CURRENT) != EV_NONE;
	return ok;
}

int elf_file_open(const char *path, struct elf_file **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!libelf_ready()) {
		errbuf_printf(err, errlen, "%s: libelf initialisation failed", path);
		return -ENOSYS;
	}
	struct elf_file *ef = file_new(path);
	int rc;
	struct stat st;
	ef->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (ef->fd < 0 || fstat(ef->fd, &st) != 0) {
		rc = -errno;
		errbuf_printf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = S_ISDIR(st.st_mode) ? -EISDIR : -ENOEXEC;
		errbuf_printf(err, errlen, "%s: not a regular file", path);
		goto fail;
	}
	ef->elf = elf_begin(ef->fd, ELF_C_READ_MMAP, NULL);
	if (!ef->elf) {
		rc = -ENOEXEC;
		errbuf_printf(err, errlen, "%s: cannot read ELF: %s", path, elf_errmsg(-1));
		goto fail;
	}
	rc = load_all(ef, err, errlen);
	if (rc)
		goto fail;
	/* Everything is reachable through the mapping now: give the descriptor back, so
	 * that holding many files (a glob over /usr/bin) does not run out of them. */
	if (elf_cntl(ef->elf, ELF_C_FDREAD) == 0) {
		close(ef->fd);
		ef->fd = -1;
	}
	*out = ef;
	return 0;
fail:
	elf_file_free(ef);
	return rc;
}

int elf_file_open_mem(const void *data, size_t size, const char *name, struct elf_file **out,
		      char *err, size_t errlen)
{
	*out = NULL;
	if (!libelf_ready()) {
		errbuf_printf(err, errlen, "%s: libelf initialisation failed", name);
		return -ENOSYS;
	}
	struct elf_file *ef = file_new(name);
	ef->image = xmalloc(size ? size : 1);
	if (size)
		memcpy(ef->image, data, size);
	int rc;
	ef->elf = elf_memory(ef->image, size);
	if (!ef->elf) {
		rc = -ENOEXEC;
		errbuf_printf(err, errlen, "%s: cannot read ELF: %s", name, elf_errmsg(-1));
		goto fail;
	}
	rc = load_all(ef, err, errlen);
	if (rc)
		goto fail;
	*out = ef;
	return 0;
fail:
	elf_file_free(ef);
	return rc;
}

void elf_file_free(struct elf_file *ef)
{
	if (!ef)
		return;
	free_symtab(&ef->syms);
	free_symtab(&ef->dynsyms);
	free(ef->phdrs);
	free(ef->secs);
	free(ef->dyn);
	free(ef->interp);
	free(ef->build_id);
	if (ef->elf)
		elf_end(ef->elf);
	if (ef->fd >= 0)
		close(ef->fd);
	free(ef->image);
	free(ef->path);
	free(ef);
}

const char *elf_file_path(const struct elf_file *ef)
{
	return ef->path;
}

int elf_file_type(const struct elf_file *ef)
{
	return ef->ehdr.e_type;
}

int elf_file_class(const struct elf_file *ef)
{
	return ef->ehdr.e_ident[EI_CLASS];
}

int elf_file_machine(const struct elf_file *ef)
{
	return ef->ehdr.e_machine;
}

uint64_t elf_file_entry(const struct elf_file *ef)
{
	return ef->ehdr.e_entry;
}

bool elf_file_is_dyn(const struct elf_file *ef)
{
	return ef->ehdr.e_type == ET_DYN;
}

bool elf_file_is_pie(const struct elf_file *ef)
{
	if (ef->ehdr.e_type != ET_DYN)
		return false;
	uint64_t flags1;
	if (elf_file_dynamic(ef, DT_FLAGS_1, &flags1) == 0 && (flags1 & DF_1_PIE))
		return true;
	return ef->interp != NULL;
}

size_t elf_file_phdr_count(const struct elf_file *ef)
{
	return ef->nphdrs;
}

const struct elf_phdr *elf_file_phdr(const struct elf_file *ef, size_t i)
{
	return i < ef->nphdrs ? &ef->phdrs[i] : NULL;
}

uint64_t elf_file_base_vaddr(const struct elf_file *ef)
{
	uint64_t best = UINT64_MAX;
	for (size_t i = 0; i < ef->nphdrs; i++) {
		const struct elf_phdr *p = &ef->phdrs[i];
		if (p->type != PT_LOAD)
			continue;
		uint64_t v = p->vaddr;
		if (p->align > 1 && (p->align & (p->align - 1)) == 0)
			v &= ~(p->align - 1);
		if (v < best)
			best = v;
	}
	return best == UINT64_MAX ? 0 : best;
}

const struct elf_phdr *elf_file_tls(const struct elf_file *ef)
{
	for (size_t i = 0; i < ef->nphdrs; i++)
		if (ef->phdrs[i].type == PT_TLS)
			return &ef->phdrs[i];
	return NULL;
}

int elf_file_section(const struct elf_file *ef, const char *name, struct elf_section *out)
{
	const struct elf_section *s = find_section(ef, name);
	if (!s)
		return -ENOENT;
	*out = *s;
	return 0;
}

int elf_file_section_data(const struct elf_file *ef, const char *name, const void **data,
			  size_t *size)
{
	const struct elf_section *s = find_section(ef, name);
	if (!s || s->type == SHT_NOBITS)
		return -ENOENT;
	Elf_Data *d = section_data(ef, s);
	if (!d)
		return -EINVAL;
	*data = d->d_buf;
	*size = d->d_size;
	return 0;
}

int elf_file_vaddr_to_offset(const struct elf_file *ef, uint64_t vaddr, uint64_t *off)
{
	for (size_t i = 0; i < ef->nphdrs; i++) {
		const struct elf_phdr *p = &ef->phdrs[i];
		if (p->type != PT_LOAD || vaddr < p->vaddr || vaddr - p->vaddr >= p->filesz)
			continue;
		*off = vaddr - p->vaddr + p->offset;
		return 0;
	}
	return -ENOENT;
}

int elf_file_offset_to_vaddr(const struct elf_file *ef, uint64_t off, uint64_t *vaddr)
{
	for (size_t i = 0; i < ef->nphdrs; i++) {
		const struct elf_phdr *p = &ef->phdrs[i];
		if (p->type != PT_LOAD || off < p->offset || off - p->offset >= p->filesz)
			continue;
		*vaddr = off - p->offset + p->vaddr;
		return 0;
	}
	return -ENOENT;
}

const struct elf_phdr *elf_file_segment_of(const struct elf_file *ef, uint64_t vaddr)
{
	for (size_t i = 0; i < ef->nphdrs; i++) {
		const struct elf_phdr *p = &ef->phdrs[i];
		if (p->type == PT_LOAD && vaddr >= p->vaddr && vaddr - p->vaddr < p->memsz)
			return p;
	}
	return NULL;
}

static int table_by_name(const struct sym_table *t, const char *name, struct elf_sym *out)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= t->n || strcmp(t->by_name[lo]->name, name) != 0)
		return -ENOENT;
	*out = *t->by_name[lo]; /* the sort puts the preferred definition first */
	return 0;
}

int elf_file_sym_by_name(const struct elf_file *ef, const char *name, struct elf_sym *out)
{
	return table_by_name(&ef->syms, name, out);
}

int elf_file_dynsym_by_name(const struct elf_file *ef, const char *name, struct elf_sym *out)
{
	return table_by_name(&ef->dynsyms, name, out);
}

/* Among symbols starting at or before addr, the nearest one that contains it; on ties
 * (aliases) prefer sized, global, then function symbols. */
int elf_file_sym_by_addr(const struct elf_file *ef, uint64_t addr, struct elf_sym *out,
			 uint64_t *off)
{
	const struct sym_table *t = &ef->syms;
	size_t lo = 0, hi = t->n_addr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->by_addr[mid]->value <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	const struct elf_sym *best = NULL;
	for (size_t i = lo, seen = 0; i > 0 && seen < 256; i--, seen++) {
		const struct elf_sym *s = t->by_addr[i - 1];
		bool inside = s->size ? addr - s->value < s->size : addr == s->value;
		if (!inside)
			continue;
		if (best && best->value > s->value)
			break;
		if (!best || (!best->size && s->size) ||
		    (best->size && s->size && sym_rank(s) < sym_rank(best)) ||
		    (sym_rank(s) == sym_rank(best) && s->type == STT_FUNC &&
		     best->type != STT_FUNC))
			best = s;
	}
	if (!best)
		return -ENOENT;
	*out = *best;
	if (off)
		*off = addr - best->value;
	return 0;
}

size_t elf_file_sym_count(const struct elf_file *ef)
{
	return ef->syms.n;
}

const char *elf_file_interp(const struct elf_file *ef)
{
	return ef->interp;
}

const char *elf_file_soname(const struct elf_file *ef)
{
	uint64_t v;
	if (!ef->dyn_strtab || elf_file_dynamic(ef, DT_SONAME, &v) != 0)
		return NULL;
	return elf_strptr(ef->elf, ef->dyn_strtab, (size_t)v);
}

int elf_file_dynamic(const struct elf_file *ef, int64_t tag, uint64_t *val)
{
	for (size_t i = 0; i < ef->ndyn; i++)
		if (ef->dyn[i].d_tag == tag) {
			*val = ef->dyn[i].d_un.d_val;
			return 0;
		}
	return -ENOENT;
}

int elf_file_dt_debug_addr(const struct elf_file *ef, uint64_t *vaddr)
{
	size_t word = ef->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
	for (size_t i = 0; i < ef->ndyn; i++)
		if (ef->dyn[i].d_tag == DT_DEBUG) {
			*vaddr = ef->dyn_addr + i * ef->dyn_entsize + word;
			return 0;
		}
	return -ENOENT;
}

int elf_file_build_id(const struct elf_file *ef, const uint8_t **id, size_t *len)
{
	if (!ef->build_id)
		return -ENOENT;
	*id = ef->build_id;
	*len = ef->build_id_len;
	return 0;
}

int elf_file_build_id_hex(const struct elf_file *ef, char *buf, size_t buflen)
{
	if (!ef->build_id)
		return -ENOENT;
	if (buflen < ef->build_id_len * 2 + 1)
		return -ENOSPC;
	for (size_t i = 0; i < ef->build_id_len; i++)
		snprintf(buf + 2 * i, 3, "%02x", ef->build_id[i]);
	return 0;
}
