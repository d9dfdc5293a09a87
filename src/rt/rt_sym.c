// SPDX-License-Identifier: MIT
/* Address symbolization for usymname/usymdata/umodname/probefunc and the backtrace
 * printers: finds the file mapping of the address in /proc/PID/maps (PID is the probed
 * task, or utap itself), converts the address to the file's link-time address and asks
 * the ELF reader for the symbol. Layouts follow stap's _stp_snprint_addr (runtime/sym.c):
 * a module without a symbol prints as "0xaddr [module+0xoff/0xsize]" relative to its
 * mapping, an unknown address as plain hex. ELF files stay open in a small per-VM cache
 * keyed by path, device, inode and mtime. */
#include "rt/sym.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <elfutils/libdwfl.h>

#include "elf/elf.h"

struct rt_map {
	uint64_t start, end, off;
	char *path;
};

#define SYMCACHE_SIZE 16

struct rt_symcache_entry {
	char *path;
	dev_t dev;
	ino_t ino;
	struct timespec mtime;
	struct elf_file *ef; /* NULL: the file could not be read as ELF */
	Dwfl *dwfl;	     /* line tables (libdwfl, offline), opened at the first need */
	Dwfl_Module *mod;
	bool dwfl_tried;
};

struct rt_symcache {
	struct rt_symcache_entry e[SYMCACHE_SIZE];
	int next; /* round-robin victim */
};

void rt_symcache_free(struct rt_symcache *sc)
{
	if (!sc)
		return;
	for (int i = 0; i < SYMCACHE_SIZE; i++) {
		free(sc->e[i].path);
		elf_file_free(sc->e[i].ef);
		if (sc->e[i].dwfl)
			dwfl_end(sc->e[i].dwfl);
	}
	free(sc);
}

static struct rt_symcache_entry *symcache_get(struct vm *vm, const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return NULL;
	if (!vm->symcache && !(vm->symcache = calloc(1, sizeof(*vm->symcache))))
		return NULL;
	struct rt_symcache *sc = vm->symcache;
	for (int i = 0; i < SYMCACHE_SIZE; i++) {
		struct rt_symcache_entry *e = &sc->e[i];
		if (e->path && !strcmp(e->path, path) && e->dev == st.st_dev &&
		    e->ino == st.st_ino && e->mtime.tv_sec == st.st_mtim.tv_sec &&
		    e->mtime.tv_nsec == st.st_mtim.tv_nsec)
			return e;
	}
	struct rt_symcache_entry *e = &sc->e[sc->next];
	sc->next = (sc->next + 1) % SYMCACHE_SIZE;
	free(e->path);
	elf_file_free(e->ef);
	if (e->dwfl)
		dwfl_end(e->dwfl);
	*e = (struct rt_symcache_entry){.dev = st.st_dev, .ino = st.st_ino, .mtime = st.st_mtim};
	e->path = strdup(path);
	if (!e->path || elf_file_open(path, &e->ef, NULL, 0) < 0)
		e->ef = NULL;
	return e;
}

/* The source file and line of link-time address vaddr in e's file, from its DWARF line
 * table (in the file or its separate debuginfo). 0, or -ENOENT. */
static int symcache_line(struct rt_symcache_entry *e, uint64_t vaddr, const char **file, int *line)
{
	static char *debuginfo_path;
	static const Dwfl_Callbacks cbs = {
	    .find_debuginfo = dwfl_standard_find_debuginfo,
	    .section_address = dwfl_offline_section_address,
	    .debuginfo_path = &debuginfo_path,
	};
	if (!e->dwfl_tried) {
		e->dwfl_tried = true;
		e->dwfl = dwfl_begin(&cbs);
		if (e->dwfl) {
			dwfl_report_begin(e->dwfl);
			e->mod = dwfl_report_offline(e->dwfl, e->path, e->path, -1);
			dwfl_report_end(e->dwfl, NULL, NULL);
		}
	}
	Dwarf_Addr bias;
	if (!e->mod || !dwfl_module_getelf(e->mod, &bias))
		return -ENOENT;
	Dwfl_Line *l = dwfl_module_getsrc(e->mod, vaddr + bias);
	const char *f = l ? dwfl_lineinfo(l, NULL, line, NULL, NULL, NULL) : NULL;
	if (!f)
		return -ENOENT;
	*file = f;
	return 0;
}

/* ---- maps ---------------------------------------------------------------------------- */

static int read_maps(int32_t pid, struct rt_map **out)
{
	char fn[64];
	snprintf(fn, sizeof(fn), "/proc/%d/maps", (int)pid);
	FILE *f = fopen(fn, "re");
	*out = NULL;
	if (!f)
		return 0;
	char line[4352];
	int n = 0, cap = 0;
	struct rt_map *v = NULL;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long s, e, o;
		int pos = 0;
		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %n", &s, &e, &o, &pos) < 3 || !pos)
			continue;
		char *p = line + pos;
		p[strcspn(p, "\n")] = 0;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			struct rt_map *nv = realloc(v, (size_t)cap * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		/* anonymous, [stack], [vdso]...: no file to read, but the address is taken */
		v[n++] = (struct rt_map){s, e, o, p[0] == '/' ? strdup(p) : NULL};
	}
	fclose(f);
	*out = v;
	return n;
}

void rt_sym_begin(struct rt_call *c, struct rt_symctx *sc)
{
	struct probe_ctx *p = c->t->pctx;
	int32_t pid = p && p->ops ? p->pid : (int32_t)getpid();
	sc->c = c;
	sc->nmaps = read_maps(pid, &sc->maps);
}

void rt_sym_end(struct rt_symctx *sc)
{
	for (int i = 0; i < sc->nmaps; i++)
		free(sc->maps[i].path);
	free(sc->maps);
	sc->maps = NULL;
	sc->nmaps = 0;
}

/* ---- lookup and layout --------------------------------------------------------------- */

struct sym_info {
	const char *module; /* full path, NULL if unknown */
	const char *name;   /* NULL if unknown */
	uint64_t off, size; /* within the symbol, or within the module's mapping */
	const char *file;   /* source file, NULL if unknown (only looked up when asked) */
	int line;	    /* source line, 0 if unknown */
};

static void sym_resolve(struct rt_symctx *sc, uint64_t addr, bool want_line, struct sym_info *si)
{
	*si = (struct sym_info){0};
	const struct rt_map *m = NULL;
	for (int i = 0; i < sc->nmaps && !m; i++)
		if (addr >= sc->maps[i].start && addr < sc->maps[i].end)
			m = &sc->maps[i];
	if (!m || !m->path || addr == 0)
		return;
	si->module = m->path;
	si->off = addr - m->start;
	si->size = m->end - m->start;
	struct rt_symcache_entry *e = symcache_get(sc->c->t->vm, m->path);
	uint64_t vaddr, off;
	struct elf_sym sym;
	if (!e || !e->ef || elf_file_offset_to_vaddr(e->ef, addr - m->start + m->off, &vaddr) < 0)
		return;
	if (elf_file_sym_by_addr(e->ef, vaddr, &sym, &off) == 0 && sym.name && *sym.name) {
		si->name = sym.name[0] == '.' && sym.name[1] ? sym.name + 1 : sym.name;
		si->off = off;
		si->size = sym.size;
	}
	if (want_line && symcache_line(e, vaddr, &si->file, &si->line) < 0)
		si->file = NULL, si->line = 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* " at FILE[:LINE]" for the FULLER layout, "" without a file */
static void at_file(const struct sym_info *si, char *buf, size_t n)
{
	if (!si->file)
		*buf = 0;
	else if (si->line)
		snprintf(buf, n, " at %s:%d", si->file, si->line);
	else
		snprintf(buf, n, " at %s", si->file);
}

/* the source forms: FILE, LINE, FILE:LINE (or ??:LINE); -ENOENT without them */
static int format_source(const struct sym_info *si, enum rt_sym_form form, char *buf, size_t n)
{
	if (form == RT_SYM_FILE && si->file)
		snprintf(buf, n, "%s", si->file);
	else if (form == RT_SYM_LINE && si->line)
		snprintf(buf, n, "%d", si->line);
	else if (form == RT_SYM_FILELINE && si->file && si->line)
		snprintf(buf, n, "%s:%d", si->file, si->line);
	else if (form == RT_SYM_FILELINE && si->file)
		snprintf(buf, n, "%s", si->file);
	else if (form == RT_SYM_FILELINE && si->line)
		snprintf(buf, n, "??:%d", si->line);
	else
		return -ENOENT;
	return 0;
}

/* " 0xADDR : sym+0xoff/0xsize[ at F:L] [mod]" (FULL, FULLER) or "sym+0xoff/0xsize [mod]"
 * (DATA); a module without a symbol gives "0xADDR [mod+0xoff/0xsize]" */
static int format_data(const struct sym_info *si, uint64_t addr, enum rt_sym_form form, char *buf,
		       size_t n)
{
	bool full = form != RT_SYM_DATA;
	char hex[32] = "", at[4200];
	if (full)
		snprintf(hex, sizeof(hex), "0x%" PRIx64 " : ", addr);
	at_file(si, at, sizeof(at));
	if (si->name)
		snprintf(buf, n, "%s%s%s+0x%" PRIx64 "/0x%" PRIx64 "%s [%s]%s", full ? " " : "",
			 hex, si->name, si->off, si->size, at, si->module, full ? "\n" : "");
	else if (si->module)
		snprintf(buf, n, "%s0x%" PRIx64 " [%s+0x%" PRIx64 "/0x%" PRIx64 "]%s%s",
			 full ? " " : "", addr, si->module, si->off, si->size, at,
			 full ? "\n" : "");
	else
		return -ENOENT;
	return 0;
}

int rt_sym_format(struct rt_symctx *sc, uint64_t addr, enum rt_sym_form form, char *buf, size_t n)
{
	struct sym_info si;
	bool want_line = form == RT_SYM_FULLER || form == RT_SYM_FILE || form == RT_SYM_LINE ||
			 form == RT_SYM_FILELINE;
	sym_resolve(sc, addr, want_line, &si);
	const char *mod = si.module, *name = si.name;
	switch (form) {
	case RT_SYM_MODULE:
		snprintf(buf, n, "%s", mod ? mod : "");
		return mod ? 0 : -ENOENT;
	case RT_SYM_NAME_ONLY:
		snprintf(buf, n, "%s", name ? name : "");
		return name ? 0 : -ENOENT;
	case RT_SYM_NAME:
		if (!name)
			break;
		snprintf(buf, n, "%s", name);
		return 0;
	case RT_SYM_BRIEF:
		if (!name)
			break;
		snprintf(buf, n, "%s+0x%" PRIx64 "\n", name, si.off);
		return 0;
	case RT_SYM_SIMPLE:
		if (name)
			snprintf(buf, n, "%s+0x%" PRIx64 " [%s]\n", name, si.off, base_name(mod));
		else if (mod)
			snprintf(buf, n, "0x%" PRIx64 " [%s+0x%" PRIx64 "]\n", addr, base_name(mod),
				 si.off);
		else
			break;
		return 0;
	case RT_SYM_FILE:
	case RT_SYM_LINE:
	case RT_SYM_FILELINE:
		if (format_source(&si, form, buf, n) == 0)
			return 0;
		break;
	case RT_SYM_DATA:
	case RT_SYM_FULL:
	case RT_SYM_FULLER:
		if (format_data(&si, addr, form, buf, n) == 0)
			return 0;
		break;
	}
	/* no names: hex only, with the form's spacing */
	bool full = form == RT_SYM_FULL || form == RT_SYM_FULLER;
	snprintf(buf, n, "%s0x%" PRIx64 "%s", full ? " " : "", addr,
		 full || form == RT_SYM_SIMPLE || form == RT_SYM_BRIEF ? "\n" : "");
	return -ENOENT;
}

int rt_sym_lookup(struct rt_call *c, uint64_t addr, enum rt_sym_form form)
{
	struct rt_symctx sc;
	char buf[8192];
	rt_sym_begin(c, &sc);
	int rc = rt_sym_format(&sc, addr, form, buf, sizeof(buf));
	rt_sym_end(&sc);
	rt_ret_str(c, buf, strlen(buf));
	return rc;
}

int rt_usymname(struct rt_call *c)
{
	rt_sym_lookup(c, (uint64_t)c->l[0], RT_SYM_NAME);
	return RT_OK;
}

int rt_usymdata(struct rt_call *c)
{
	rt_sym_lookup(c, (uint64_t)c->l[0], RT_SYM_DATA);
	return RT_OK;
}

int rt_usymfile(struct rt_call *c)
{
	rt_sym_lookup(c, (uint64_t)c->l[0], RT_SYM_FILE);
	return RT_OK;
}

int rt_usymline(struct rt_call *c)
{
	rt_sym_lookup(c, (uint64_t)c->l[0], RT_SYM_LINE);
	return RT_OK;
}

int rt_usymfileline(struct rt_call *c)
{
	rt_sym_lookup(c, (uint64_t)c->l[0], RT_SYM_FILELINE);
	return RT_OK;
}

int rt_umodname(struct rt_call *c)
{
	if (rt_sym_lookup(c, (uint64_t)c->l[0], RT_SYM_MODULE) < 0) {
		vm_thread_error(c->t, "module cannot be found");
		return RT_ERROR;
	}
	return RT_OK;
}
