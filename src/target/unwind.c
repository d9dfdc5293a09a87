// SPDX-License-Identifier: MIT
/* User-space stack unwinding for ubacktrace() and friends, through elfutils' unwinder
 * (libdwfl: .eh_frame/.debug_frame CFI, with the backend's frame-pointer fallback where
 * a function has none). One Dwfl per address space, fed with our own register file and
 * memory reader (the thread is already stopped by us, so libdwfl must not ptrace it);
 * its module list follows /proc/PID/maps, re-reported only when the text changed. */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target/mem.h"
#include "target/tgt.h"

struct tunwind {
	Dwfl *dwfl;
	bool attached;
	char *maps; /* the /proc/PID/maps text the module list was reported from */
	size_t maps_len;
	int memfd;		      /* the address space's /proc/PID/mem */
	pid_t tid;		      /* the thread being unwound (its registers below) */
	const struct arch_regs *regs; /* its registers, pc = the probe address */
};

struct tunwind_walk {
	uint64_t *pcs;
	int max, n;
};

static char *tunwind_read_maps(pid_t pid, size_t *len)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		char *nb = realloc(buf, cap * 2);
		if (!nb) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		cap *= 2;
	}
	fclose(f);
	*len = n;
	return buf;
}

static pid_t tunwind_next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	return 0; /* only dwfl_getthread_frames() on a known tid is used */
}

static bool tunwind_get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_argp)
{
	struct tunwind *u = arg;
	*thread_argp = u;
	return tid == u->tid;
}

static bool tunwind_memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
	struct tunwind *u = arg;
	uint64_t w;
	if (mem_pread(u->memfd, addr, &w, sizeof(w)) < 0)
		return false;
	*result = w;
	return true;
}

/* DWARF x86-64 numbering 0 rax .. 15 r15, 16 rip: the layout of arch_regs */
static bool tunwind_initial_registers(Dwfl_Thread *thread, void *arg)
{
	struct tunwind *u = arg;
	Dwarf_Word r[ARCH_X86_RIP + 1];
	for (int i = 0; i < ARCH_X86_RIP; i++)
		r[i] = u->regs->r[i];
	r[ARCH_X86_RIP] = u->regs->pc;
	return dwfl_thread_state_registers(thread, 0, ARCH_X86_RIP + 1, r);
}

static const Dwfl_Thread_Callbacks tunwind_thread_cbs = {
    .next_thread = tunwind_next_thread,
    .get_thread = tunwind_get_thread,
    .memory_read = tunwind_memory_read,
    .set_initial_registers = tunwind_initial_registers,
};

static char *debuginfo_path;
static const Dwfl_Callbacks tunwind_cbs = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .debuginfo_path = &debuginfo_path,
};

void tunwind_free(struct tunwind *u)
{
	if (!u)
		return;
	if (u->dwfl)
		dwfl_end(u->dwfl);
	free(u->maps);
	free(u);
}

/* Brings the module list in line with the process's current mappings. */
static int tunwind_sync(struct tunwind *u, pid_t pid)
{
	size_t len;
	char *text = tunwind_read_maps(pid, &len);
	if (!text)
		return -ESRCH;
	if (u->maps && len == u->maps_len && !memcmp(text, u->maps, len)) {
		free(text);
		return 0;
	}
	FILE *f = fmemopen(text, len ? len : 1, "r");
	if (!f) {
		free(text);
		return -ENOMEM;
	}
	dwfl_report_begin(u->dwfl);
	int rc = len ? dwfl_linux_proc_maps_report(u->dwfl, f) : 0;
	dwfl_report_end(u->dwfl, NULL, NULL);
	fclose(f);
	free(u->maps);
	u->maps = text;
	u->maps_len = len;
	if (rc != 0)
		return -EIO;
	if (!u->attached) {
		if (!dwfl_attach_state(u->dwfl, NULL, pid, &tunwind_thread_cbs, u))
			return -EIO;
		u->attached = true;
	}
	return 0;
}

static int tunwind_frame(Dwfl_Frame *state, void *arg)
{
	struct tunwind_walk *w = arg;
	Dwarf_Addr pc;
	bool activation;
	if (!dwfl_frame_pc(state, &pc, &activation) || pc == 0)
		return DWARF_CB_ABORT;
	/* a frame that does not move on (corrupt stack, CFI loop) ends the walk */
	if (w->n > 0 && w->pcs[w->n - 1] == pc && w->n >= 2 && w->pcs[w->n - 2] == pc)
		return DWARF_CB_ABORT;
	w->pcs[w->n++] = pc;
	return w->n < w->max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

int tunwind_stack(struct tmm *mm, pid_t tid, const struct arch_regs *regs, uint64_t *pcs, int max)
{
	if (max <= 0)
		return 0;
	if (mm->memfd < 0)
		return -ESRCH;
	struct tunwind *u = mm->uw;
	if (!u) {
		u = calloc(1, sizeof(*u));
		if (!u)
			return -ENOMEM;
		u->dwfl = dwfl_begin(&tunwind_cbs);
		if (!u->dwfl) {
			free(u);
			return -ENOMEM;
		}
		mm->uw = u;
	}
	u->memfd = mm->memfd;
	int rc = tunwind_sync(u, mm->pid);
	if (rc == -ESRCH)
		return rc;
	struct tunwind_walk w = {.pcs = pcs, .max = max};
	if (rc == 0) {
		u->tid = tid;
		u->regs = regs;
		/* the end of the stack often comes back as an error: keep what was found */
		dwfl_getthread_frames(u->dwfl, tid, tunwind_frame, &w);
		u->regs = NULL;
	}
	if (w.n == 0) /* no unwinder for this pc: the probe address at least */
		pcs[w.n++] = regs->pc;
	return w.n;
}
