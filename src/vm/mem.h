/* SPDX-License-Identifier: MIT */
/* The VM's one allocator hook, in the style of Lua's lua_Alloc: every byte of VM state
 * (globals, maps, statistics, string buffers, the register stack) comes through a
 * struct vm_mem, so that the whole VM can later live in an arena or in shared memory.
 * Failures are soft (NULL / -ENOMEM). A debug knob fails the N-th allocation so that
 * tests can walk every out-of-memory path (`check-oom`). */
#ifndef UTAP_VM_MEM_H
#define UTAP_VM_MEM_H

#include <stddef.h>

/* Same contract as lua_Alloc: nsize == 0 frees ptr (returns NULL); otherwise behaves as
 * realloc(ptr, nsize) where osize is the size of the old block (0 when ptr is NULL). */
typedef void *(*vm_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);

struct vm_mem {
	vm_alloc_fn fn;
	void *ud;
	size_t used;  /* bytes currently handed out */
	size_t peak;  /* high-water mark of used */
	long nallocs; /* allocations (and growing reallocs) attempted so far */
	long fail_at; /* debug: fail allocation number fail_at (1-based); 0 = never */
};

/* The default hook: malloc/realloc/free. */
void *vm_mem_default_fn(void *ud, void *ptr, size_t osize, size_t nsize);

/* Initializes m with fn (NULL = the default hook). fail_at comes from the environment
 * variable UTAP_VM_FAIL_ALLOC when set, so that whole runs can be OOM-tested. */
void vm_mem_init(struct vm_mem *m, vm_alloc_fn fn, void *ud);

/* Zeroed allocation of n bytes; NULL on failure (or when the debug knob fires). */
void *vm_mem_alloc(struct vm_mem *m, size_t n);
/* Resizes p (osize bytes) to nsize bytes; new bytes are zeroed. NULL on failure, in which
 * case p is untouched. */
void *vm_mem_realloc(struct vm_mem *m, void *p, size_t osize, size_t nsize);
/* Frees p of size n (p may be NULL). */
void vm_mem_free(struct vm_mem *m, void *p, size_t n);

#endif
