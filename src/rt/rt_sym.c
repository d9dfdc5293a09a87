// SPDX-License-Identifier: MIT
/* Address symbolization for usymname/usymdata/umodname/probefunc: finds the file mapping
 * of the address in /proc/PID/maps (PID is the probed task, or utap itself), converts
 * the address to the file's link-time address and asks the ELF reader for the symbol. */
#include "rt/sym.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "elf/elf.h"

struct mapping {
	uint64_t start, end, off;
	char path[4096];
};

static int find_mapping(int32_t pid, uint64_t addr, struct mapping *m)
{
	char fn[64];
	snprintf(fn, sizeof(fn), "/proc/%d/maps", (int)pid);
	FILE *f = fopen(fn, "re");
	if (!f)
		return -ENOENT;
	char line[4352];
	int rc = -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long s, e, o;
		int pos = 0;
		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %n", &s, &e, &o, &pos) < 3 || !pos)
			continue;
		if (addr < s || addr >= e)
			continue;
		char *p = line + pos;
		p[strcspn(p, "\n")] = 0;
		if (p[0] != '/')
			break; /* anonymous, [stack], [vdso]...: no file to read */
		m->start = s;
		m->end = e;
		m->off = o;
		snprintf(m->path, sizeof(m->path), "%s", p);
		rc = 0;
		break;
	}
	fclose(f);
	return rc;
}

int rt_sym_lookup(struct rt_call *c, uint64_t addr, enum rt_sym_form form)
{
	struct probe_ctx *p = c->t->pctx;
	int32_t pid = p && p->ops ? p->pid : (int32_t)getpid();
	char buf[8192];
	struct mapping m;
	struct elf_file *ef = NULL;
	struct elf_sym sym;
	uint64_t off = 0, vaddr;
	bool found = false;
	if (find_mapping(pid, addr, &m) == 0) {
		char err[128];
		if (elf_file_open(m.path, &ef, err, sizeof(err)) == 0 &&
		    elf_file_offset_to_vaddr(ef, addr - m.start + m.off, &vaddr) == 0 &&
		    elf_file_sym_by_addr(ef, vaddr, &sym, &off) == 0 && sym.name && *sym.name)
			found = true;
	} else if (form == RT_SYM_MODULE || form == RT_SYM_NAME_ONLY) {
		return -ENOENT;
	}
	switch (form) {
	case RT_SYM_MODULE:
		snprintf(buf, sizeof(buf), "%s", m.path);
		break;
	case RT_SYM_DATA:
		if (found)
			snprintf(buf, sizeof(buf), "%s+%#" PRIx64 "/%#" PRIx64 " [%s]", sym.name,
				 off, sym.size, m.path);
		else
			snprintf(buf, sizeof(buf), "%#" PRIx64, addr);
		break;
	default:
		if (found)
			snprintf(buf, sizeof(buf), "%s", sym.name);
		else if (form == RT_SYM_NAME_ONLY)
			buf[0] = 0;
		else
			snprintf(buf, sizeof(buf), "%#" PRIx64, addr);
	}
	elf_file_free(ef);
	if (form == RT_SYM_NAME_ONLY && !found)
		return -ENOENT;
	rt_ret_str(c, buf, strlen(buf));
	return 0;
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

int rt_umodname(struct rt_call *c)
{
	if (rt_sym_lookup(c, (uint64_t)c->l[0], RT_SYM_MODULE) < 0) {
		vm_thread_error(c->t, "module cannot be found");
		return RT_ERROR;
	}
	return RT_OK;
}
