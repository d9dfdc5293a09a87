// SPDX-License-Identifier: MIT
/* Control and logging built-ins (tapset logging.stp, random.stp, system.stp): exit,
 * abort, error, warn, log, assert, randint, system. */
#include <string.h>

#include "rt/rt.h"

/* exit(): the session stops; the current handler keeps running */
int rt_exit(struct rt_call *c)
{
	struct vm *vm = c->t->vm;
	if (vm->state != VM_ERROR)
		vm->state = VM_STOPPING;
	vm->exit_requested = true;
	return RT_OK;
}

/* abort(): as exit(), and the handler ends at once, uncatchably, with no message */
int rt_abort(struct rt_call *c)
{
	rt_exit(c);
	c->t->aborted = true;
	return RT_ABORT;
}

int rt_error(struct rt_call *c)
{
	return rt_error_nonear(c, rt_str(c, 0)->s);
}

int rt_warn(struct rt_call *c)
{
	vm_warn(c->t->vm, rt_str(c, 0)->s);
	return RT_OK;
}

int rt_log(struct rt_call *c)
{
	vm_out(c->t, rt_str(c, 0)->s, rt_str(c, 0)->len);
	vm_out(c->t, "\n", 1);
	return RT_OK;
}

int rt_assert1(struct rt_call *c)
{
	return c->l[0] ? RT_OK : rt_error_nonear(c, "Assertion failed");
}

int rt_assert2(struct rt_call *c)
{
	return c->l[0] ? RT_OK : rt_error_nonear(c, rt_str(c, 0)->s);
}

static uint64_t next_random(struct vm *vm)
{
	/* xorshift64* */
	uint64_t x = vm->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	vm->rng = x;
	return x * 0x2545F4914F6CDD1DULL;
}

int rt_randint(struct rt_call *c)
{
	uint64_t n = (uint64_t)c->l[0];
	if (n > 1024 * 1024) {
		c->t->errmsg = "range too wide";
		return RT_ERROR;
	}
	c->l[0] = n ? (int64_t)(next_random(c->t->vm) % n) : 0;
	return RT_OK;
}

/* switch_file(): stap's tapset signals stapio, which moves -o output on to FILE.1,
 * FILE.2, ...; here the output written so far is flushed to the current file first */
int rt_switch_file(struct rt_call *c)
{
	struct vm *vm = c->t->vm;
	vm_out_flush(c->t);
	if (vm->cfg.switch_file)
		vm->cfg.switch_file(vm->cfg.ud);
	return RT_OK;
}

int rt_system(struct rt_call *c)
{
	struct vm *vm = c->t->vm;
	if (vm->cfg.system)
		vm->cfg.system(vm->cfg.ud, rt_str(c, 0)->s);
	return RT_OK;
}
