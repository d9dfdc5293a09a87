// SPDX-License-Identifier: MIT
/* Stack built-ins (stap's linux/ucontext*.stp and context-symbols.stp): the user stack of
 * the probed task comes from the backend's probe_ctx backtrace op, at most MAXBACKTRACE
 * (20) frames, symbolized as stap's runtime prints them (runtime/stack.c, sym.c). Where
 * there is no traced task (begin/end/timer probes) stap's "no user backtrace" output is
 * given. utap never sees the kernel: the kernel variants behave as stap does when no
 * kernel stack is available (no frames, "<no kernel backtrace at PP>", addresses as hex). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rt/rt.h"
#include "rt/sym.h"

#define MAXBACKTRACE 20

/* frames of the probed task's stack, 0 when there is none */
static int user_frames(struct rt_call *c, uint64_t *pcs)
{
	struct probe_ctx *p = c->t->pctx;
	if (!p || !p->ops || !p->ops->backtrace)
		return 0;
	int n = p->ops->backtrace(p, pcs, MAXBACKTRACE);
	return n < 0 ? 0 : n;
}

static const char *cur_pp(const struct rt_call *c)
{
	const struct bc_program *p = c->t->vm->prog;
	int i = c->t->probe;
	return i >= 0 && i < p->probes.n && p->probes.v[i].pp ? p->probes.v[i].pp : "";
}

static int unwind_error(struct rt_call *c, int64_t depth)
{
	char msg[96];
	snprintf(msg, sizeof(msg), "reached end of stack before unwinding to level %" PRId64,
		 depth);
	return rt_error_nonear(c, msg);
}

/* Appends the frames in a form to the output (print) or to the result (sprint, cut at
 * MAXSTRINGLEN-1 as stap's _stp_stack_user_sprint does). */
static void emit_stack(struct rt_call *c, enum rt_sym_form form, bool to_string)
{
	uint64_t pcs[MAXBACKTRACE];
	int n = user_frames(c, pcs);
	char *out = c->t->tmp->s, line[8192];
	size_t len = 0, room = rt_cap(c) - 1;
	struct rt_symctx sc;
	if (n == 0)
		snprintf(line, sizeof(line), "<no user backtrace at %s>\n", cur_pp(c));
	else
		rt_sym_begin(c, &sc);
	for (int i = 0; i < (n ? n : 1); i++) {
		if (n)
			rt_sym_format(&sc, pcs[i], form, line, sizeof(line));
		size_t k = strlen(line);
		if (!to_string) {
			vm_out(c->t, line, k);
			continue;
		}
		k = k < room - len ? k : room - len;
		memcpy(out + len, line, k);
		len += k;
	}
	if (n)
		rt_sym_end(&sc);
	if (to_string)
		rt_ret_str(c, out, len);
}

int rt_ubacktrace(struct rt_call *c)
{
	uint64_t pcs[MAXBACKTRACE];
	int n = user_frames(c, pcs);
	char buf[MAXBACKTRACE * 20];
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "0x%" PRIx64 " ", pcs[i]);
	rt_ret_str(c, buf, len);
	return RT_OK;
}

int rt_sprint_ubacktrace(struct rt_call *c)
{
	emit_stack(c, RT_SYM_SIMPLE, true);
	return RT_OK;
}

int rt_print_ubacktrace(struct rt_call *c)
{
	emit_stack(c, RT_SYM_FULL, false);
	return RT_OK;
}

int rt_print_ubacktrace_fileline(struct rt_call *c)
{
	emit_stack(c, RT_SYM_FULLER, false);
	return RT_OK;
}

int rt_print_ubacktrace_brief(struct rt_call *c)
{
	emit_stack(c, RT_SYM_BRIEF, false);
	return RT_OK;
}

/* ustack(n): frame n; as stap's tapset falls back to parsing ubacktrace(), a negative n
 * gives frame 0 */
int rt_ustack(struct rt_call *c)
{
	uint64_t pcs[MAXBACKTRACE];
	int64_t depth = c->l[0];
	int n = user_frames(c, pcs);
	int64_t k = depth < 0 ? 0 : depth;
	if (k >= n)
		return unwind_error(c, depth);
	c->l[0] = (int64_t)pcs[k];
	return RT_OK;
}

/* ucallers(n): frames 0..n (all with -1) as "0x.. 0x..", stopping before MAXSTRINGLEN */
int rt_ucallers(struct rt_call *c)
{
	uint64_t pcs[MAXBACKTRACE];
	int64_t want = c->l[0];
	int n = user_frames(c, pcs);
	char *buf = c->t->tmp->s;
	size_t len = 0, cap = rt_cap(c);
	for (int64_t i = 0; i <= want || want == -1; i++) {
		if (i >= n) {
			if (want == -1)
				break;
			return unwind_error(c, want);
		}
		char item[24];
		int k = snprintf(item, sizeof(item), "%s0x%" PRIx64, i ? " " : "", pcs[i]);
		if (len + (size_t)k > cap)
			break;
		memcpy(buf + len, item, (size_t)k < cap - 1 - len ? (size_t)k : cap - 1 - len);
		len += (size_t)k < cap - 1 - len ? (size_t)k : cap - 1 - len;
	}
	rt_ret_str(c, buf, len);
	return RT_OK;
}

/* print_usyms/sprint_usyms (and the kernel print_syms/sprint_syms): one line
 * " TOKEN : DATA\n" per space-separated address, DATA as usymdata()/symdata() give it */
static void emit_syms(struct rt_call *c, bool user, bool to_string)
{
	char *in = c->t->tmp->s;
	size_t cap = rt_cap(c);
	snprintf(in, cap, "%s", rt_str(c, 0)->s);
	char out[8192 + 512];
	size_t len = 0;
	struct rt_symctx sc;
	if (user)
		rt_sym_begin(c, &sc);
	char *save = NULL;
	for (char *tok = strtok_r(in, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		uint64_t addr = rt_simple_strtoull(tok, 16);
		char data[8192], line[8192 + 64];
		if (user)
			rt_sym_format(&sc, addr, RT_SYM_DATA, data, sizeof(data));
		else
			snprintf(data, sizeof(data), "0x%" PRIx64, addr);
		int k = snprintf(line, sizeof(line), " %s : %s\n", tok, data);
		if (!to_string) {
			vm_out(c->t, line, (size_t)k);
			continue;
		}
		if (len + (size_t)k > cap || len + (size_t)k >= sizeof(out))
			break;
		memcpy(out + len, line, (size_t)k);
		len += (size_t)k;
	}
	if (user)
		rt_sym_end(&sc);
	if (to_string)
		rt_ret_str(c, out, len);
}

int rt_print_usyms(struct rt_call *c)
{
	emit_syms(c, true, false);
	return RT_OK;
}

int rt_sprint_usyms(struct rt_call *c)
{
	emit_syms(c, true, true);
	return RT_OK;
}

/* ---- the kernel side: never a stack ------------------------------------------------- */

int rt_backtrace(struct rt_call *c)
{
	vstr_clear(rt_str(c, 0));
	return RT_OK;
}

static void no_kernel_backtrace(struct rt_call *c, bool to_string)
{
	char line[512];
	int k = snprintf(line, sizeof(line), "<no kernel backtrace at %s>\n", cur_pp(c));
	if (to_string)
		rt_ret_str(c, line, (size_t)k);
	else
		vm_out(c->t, line, (size_t)k);
}

int rt_print_backtrace(struct rt_call *c)
{
	no_kernel_backtrace(c, false);
	return RT_OK;
}

int rt_sprint_backtrace(struct rt_call *c)
{
	no_kernel_backtrace(c, true);
	return RT_OK;
}

int rt_stack(struct rt_call *c)
{
	return unwind_error(c, c->l[0]);
}

int rt_callers(struct rt_call *c)
{
	if (c->l[0] >= 0)
		return unwind_error(c, c->l[0]);
	vstr_clear(rt_str(c, 0));
	return RT_OK;
}

int rt_symname(struct rt_call *c)
{
	char buf[24];
	int k = snprintf(buf, sizeof(buf), "0x%" PRIx64, (uint64_t)c->l[0]);
	rt_ret_str(c, buf, (size_t)k);
	return RT_OK;
}

int rt_print_syms(struct rt_call *c)
{
	emit_syms(c, false, false);
	return RT_OK;
}

int rt_sprint_syms(struct rt_call *c)
{
	emit_syms(c, false, true);
	return RT_OK;
}
