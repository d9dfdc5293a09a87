// SPDX-License-Identifier: MIT
/* Following dlopen/dlclose: an int3 on the dynamic linker's _dl_debug_state (the r_brk
 * of r_debug), which ld.so calls before and after every change of the link map. glibc
 * calls it with RT_CONSISTENT after mapping new objects and before relocating them or
 * running their constructors, so a rescan of /proc/PID/maps there arms new libraries
 * before any of their code runs (usdt spec §7). The function is a bare `ret`
 * (optionally after endbr64); the trap emulates that ret instead of single-stepping. */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/ptrace.h>

#include "target/mem.h"
#include "target/tgt.h"
#include "util/alloc.h"

static const char *rdebug_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static struct elf_file *rdebug_interp_elf(struct target *t, const char *path)
{
	struct elf_file *ef;

	vec_foreach(&t->interp_cache, it)
	{
		if (strcmp(elf_file_path(*it), path) == 0)
			return *it;
	}
	if (elf_file_open(path, &ef, NULL, 0) < 0)
		return NULL;
	vec_push(&t->interp_cache, ef);
	return ef;
}

/* The run-time address of the `ret` of _dl_debug_state in the dynamic linker mapped by
 * e, or 0. */
static uint64_t rdebug_find(struct target *t, struct tmm *mm, const struct maps_entry *e)
{
	struct elf_file *ef = rdebug_interp_elf(t, e->path);
	struct elf_sym sym;
	uint64_t bias;
	uint8_t code[5];

	if (!ef || maps_bias(e, ef, &bias) < 0)
		return 0;
	if (elf_file_class(ef) != ELFCLASS64) {
		/* the emulated ret below pops 8 bytes: x86-64 processes only */
		tq_warn(t, "cannot follow dlopen in 32-bit process %d", (int)mm->pid);
		return UINT64_MAX;
	}
	if (elf_file_dynsym_by_name(ef, "_dl_debug_state", &sym) < 0 &&
	    elf_file_sym_by_name(ef, "_dl_debug_state", &sym) < 0)
		return 0;
	uint64_t addr = bias + sym.value;
	if (tmm_read(t, mm, addr, code, sizeof(code)) < 0)
		return 0;
	if (code[0] == 0xc3)
		return addr;
	if (memcmp(code, "\xf3\x0f\x1e\xfa\xc3", 5) == 0)
		return addr + 4;
	tq_warn(t, "cannot follow dlopen in process %d: unexpected code at _dl_debug_state in %s",
		(int)mm->pid, e->path);
	return UINT64_MAX;
}

void rdebug_hook(struct target *t, struct tmm *mm, const struct maps *m)
{
	if (mm->dl_hooked)
		return;
	for (int i = 0; i < m->n; i++) {
		const struct maps_entry *e = &m->v[i];
		if (strncmp(rdebug_basename(e->path), "ld-", 3) != 0)
			continue;
		uint64_t addr = rdebug_find(t, mm, e);
		if (!addr)
			continue;
		mm->dl_hooked = true;
		if (addr == UINT64_MAX)
			return;
		if (tmm_bp_add(t, mm, addr, TBP_DLSTATE))
			mm->dl_addr = addr;
		return;
	}
}

int rdebug_hit(struct target *t, struct tthread *th, struct user_regs_struct *regs)
{
	uint64_t ret;
	int rc = mem_read(th->tid, regs->rsp, &ret, sizeof(ret));

	if (rc < 0)
		return rc;
	regs->rip = ret;
	regs->rsp += 8;
	if (ptrace(PTRACE_SETREGS, th->tid, NULL, regs) < 0)
		return -errno;
	rc = tmm_rescan(t, th->proc->mm);
	return rc == -ESRCH ? 0 : rc;
}
