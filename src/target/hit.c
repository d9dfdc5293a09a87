// SPDX-License-Identifier: MIT
/* The probe_ctx handed to the VM for a hit or a begin/end event: $argN through the
 * site's decoded operands (arch.h) against the registers saved at the trap, target
 * memory through mem.c, registers by DWARF number. Everything is read lazily. */
#include <errno.h>
#include <stddef.h>
#include <sys/ptrace.h>

#include "target/mem.h"
#include "target/tgt.h"

static int thit_mem(void *priv, uint64_t addr, void *buf, size_t len)
{
	struct thit *h = priv;

	if (!h->th)
		return -ESRCH;
	return mem_read(h->th->tid, addr, buf, len);
}

static int thit_read_mem(struct probe_ctx *ctx, uint64_t addr, void *buf, size_t len)
{
	return thit_mem(ctx->priv, addr, buf, len);
}

static const struct arch_regs *thit_aregs(struct thit *h)
{
	if (!h->have_aregs) {
		uint64_t pc = h->site ? h->site->pc + h->bias : h->regs.rip;
		arch_regs_from_user(&h->aregs, &h->regs, pc);
		h->have_aregs = true;
	}
	return &h->aregs;
}

static int thit_arg(struct probe_ctx *ctx, int n, int64_t *val)
{
	struct thit *h = ctx->priv;

	if (!h->site || n < 1 || n > h->site->nargs)
		return -ENOENT;
	if (n > SDT_MAX_ARGS)
		return -EINVAL;
	return arch_eval_arg(&h->site->argv[n - 1], thit_aregs(h), h->bias, thit_mem, h, val);
}

static int thit_reg(struct probe_ctx *ctx, int regno, uint64_t *val)
{
	struct thit *h = ctx->priv;
	const struct arch_regs *r = thit_aregs(h);

	if (regno < 0 || regno > ARCH_X86_RIP)
		return -EINVAL;
	*val = regno == ARCH_X86_RIP ? r->pc : r->r[regno];
	return 0;
}

static int thit_backtrace(struct probe_ctx *ctx, uint64_t *pcs, int max)
{
	struct thit *h = ctx->priv;

	if (!h->th || !h->th->proc || !h->th->proc->mm || h->th->state != TH_STOPPED)
		return -ESRCH;
	return tunwind_stack(h->th->proc->mm, h->th->tid, thit_aregs(h), pcs, max);
}

const struct probe_ctx_ops thit_ops = {
    .arg = thit_arg,
    .read_mem = thit_read_mem,
    .reg = thit_reg,
    .backtrace = thit_backtrace,
};

static void thit_fill(struct target *t, struct tthread *th, pid_t pid, pid_t tid,
		      struct tsite *site, uint64_t bias)
{
	struct thit *h = &t->hit;

	h->t = t;
	h->th = th;
	h->site = site;
	h->bias = bias;
	h->have_aregs = false;
	t->ctx = (struct probe_ctx){
	    .ops = &thit_ops,
	    .priv = h,
	    .pid = pid,
	    .tid = tid,
	    .pc = site ? site->pc + bias : h->regs.rip,
	    .nargs = site ? site->nargs : -1,
	};
}

/* A probe hit: the registers were already fetched into t->hit.regs. */
void thit_prepare(struct target *t, struct tthread *th, struct tsite *site, uint64_t bias)
{
	thit_fill(t, th, th->proc->pid, th->tid, site, bias);
}

/* A begin/end event: registers when the task is held in a stop, zeros otherwise; th is
 * NULL for a task that is gone (memory reads then fail with -ESRCH). */
void thit_prepare_task(struct target *t, struct tthread *th, pid_t pid, pid_t tid)
{
	if (!th || th->state != TH_STOPPED ||
	    ptrace(PTRACE_GETREGS, th->tid, NULL, &t->hit.regs) < 0)
		t->hit.regs = (struct user_regs_struct){0};
	thit_fill(t, th, pid, tid, NULL, 0);
}
