// SPDX-License-Identifier: MIT
/* The VM allocator hook: accounting, zeroing and the fail-the-N-th-allocation debug knob
 * around one lua_Alloc-style function. Nothing here knows what is being allocated. */
#include "vm/mem.h"

#include <stdlib.h>
#include <string.h>

void *vm_mem_default_fn(void *ud, void *ptr, size_t osize, size_t nsize)
{
	(void)ud;
	(void)osize;
	if (nsize == 0) {
		free(ptr);
		return NULL;
	}
	return realloc(ptr, nsize);
}

void vm_mem_init(struct vm_mem *m, vm_alloc_fn fn, void *ud)
{
	memset(m, 0, sizeof(*m));
	m->fn = fn ? fn : vm_mem_default_fn;
	m->ud = ud;
	const char *e = getenv("UTAP_VM_FAIL_ALLOC");
	if (e && *e)
		m->fail_at = strtol(e, NULL, 10);
}

static int should_fail(struct vm_mem *m)
{
	m->nallocs++;
	return m->fail_at > 0 && m->nallocs == m->fail_at;
}

void *vm_mem_realloc(struct vm_mem *m, void *p, size_t osize, size_t nsize)
{
	if (nsize == 0) {
		vm_mem_free(m, p, osize);
		return NULL;
	}
	if (nsize > osize && should_fail(m))
		return NULL;
	void *q = m->fn(m->ud, p, p ? osize : 0, nsize);
	if (!q)
		return NULL;
	if (nsize > osize)
		memset((char *)q + osize, 0, nsize - osize);
	m->used = m->used - (p ? osize : 0) + nsize;
	if (m->used > m->peak)
		m->peak = m->used;
	return q;
}

void *vm_mem_alloc(struct vm_mem *m, size_t n)
{
	return vm_mem_realloc(m, NULL, 0, n ? n : 1);
}

void vm_mem_free(struct vm_mem *m, void *p, size_t n)
{
	if (!p)
		return;
	m->fn(m->ud, p, n, 0);
	m->used -= n;
}
