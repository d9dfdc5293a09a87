/* SPDX-License-Identifier: MIT */
/* The calling convention of native built-ins (rt/builtins.def) and the table the VM
 * dispatches through. Arguments arrive in consecutive registers of their type, in
 * order: longs at l[0..], strings at rt_str(c, 0..). A long result goes to l[0], a
 * string result to rt_str(c, 0): both alias the first argument of that type, so read
 * arguments before writing the result. */
#ifndef UTAP_RT_RT_H
#define UTAP_RT_RT_H

#include "vm/vm_int.h"

struct rt_call {
	struct vm_thread *t;
	int64_t *l;
	char *s;
	size_t stride;
};

static inline struct vstr *rt_str(const struct rt_call *c, int i)
{
	return (struct vstr *)(c->s + (size_t)i * c->stride);
}

static inline size_t rt_cap(const struct rt_call *c)
{
	return (size_t)c->t->vm->lim.MAXSTRINGLEN;
}

/* Sets the result string (cut at MAXSTRINGLEN-1 and at a NUL). */
static inline void rt_ret_str(struct rt_call *c, const char *s, size_t n)
{
	vstr_set(rt_str(c, 0), rt_cap(c), s, n);
}

/* Return values of a built-in. */
enum { RT_OK = 0, RT_ERROR = -1, RT_ABORT = -2 };

typedef int (*rt_fn)(struct rt_call *c);

struct rt_builtin {
	const char *name;
	char ret; /* 'L', 'S' or 'V' */
	const char *params;
	rt_fn fn;
};

/* builtins.def in order; rt_nbuiltins entries. */
extern const struct rt_builtin rt_builtins[];
extern const int rt_nbuiltins;

/* Looks up a built-in by name and arity; -1 if none. */
int rt_builtin_find(const char *name, int nargs);

/* The kernel's simple_strtoull/_parse_integer, as stap's strtol() uses it: no leading
 * spaces, optional 0x (base 16 or 0) or 0 (base 0) prefix, stops at the first bad digit. */
uint64_t rt_simple_strtoull(const char *s, unsigned base);

/* Reports a run-time error whose message stap prints without "near" (error()). */
int rt_error_nonear(struct rt_call *c, const char *msg);

#define BUILTIN(name, ret, params, impl) int impl(struct rt_call *c);
#include "rt/builtins.def"

#endif
