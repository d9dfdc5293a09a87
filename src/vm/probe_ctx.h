/* SPDX-License-Identifier: MIT */
/* The probe-context interface: the VM's only view of the traced world. A backend (today
 * ptrace, next an in-process agent) fills one struct probe_ctx per probe hit and hands it
 * to vm_run_probe(). The VM never sees ptrace, pids' memory maps or ELF files. Keep this
 * small: every operation here must be cheap to provide from inside the target too. */
#ifndef UTAP_VM_PROBE_CTX_H
#define UTAP_VM_PROBE_CTX_H

#include <stddef.h>
#include <stdint.h>

struct probe_ctx;

struct probe_ctx_ops {
	/* $argN (1-based) of the current mark, sign/zero-extended per its note size.
	 * Returns 0, -ENOENT (no such argument), -EINVAL (operand form that cannot be
	 * evaluated), -EFAULT (memory operand unreadable) or -ESRCH (target gone). */
	int (*arg)(struct probe_ctx *ctx, int n, int64_t *val);
	/* Reads len bytes of target memory at addr. Returns 0 or -EFAULT/-EIO/-ESRCH.
	 * Partial reads are failures. */
	int (*read_mem)(struct probe_ctx *ctx, uint64_t addr, void *buf, size_t len);
	/* A register by DWARF x86-64 number (0 rax .. 16 rip); -EINVAL if unknown. */
	int (*reg)(struct probe_ctx *ctx, int dwarf_regno, uint64_t *val);
	/* The user stack of the task: pcs[0] = pc (the probe address), then the return
	 * addresses, innermost first, at most max. Returns the number of frames or -errno
	 * (-ESRCH target gone). NULL when the backend cannot unwind. */
	int (*backtrace)(struct probe_ctx *ctx, uint64_t *pcs, int max);
};

struct probe_ctx {
	const struct probe_ctx_ops *ops; /* NULL in begin/end/timer probes: no target */
	void *priv;                      /* backend data */
	int32_t pid, tid;                /* the task that hit the probe (utap's own in begin/end) */
	uint64_t pc;                     /* run-time address of the probe site (uaddr()) */
	int nargs;                       /* number of mark arguments, -1 if not a mark */
};

#endif
