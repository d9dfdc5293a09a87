/* SPDX-License-Identifier: MIT */
/* Script values and run-time limits. Longs are int64_t. Strings live in fixed-capacity
 * buffers (struct vstr) of MAXSTRINGLEN bytes: at most MAXSTRINGLEN-1 bytes of text plus a
 * NUL, never allocated on the hot path, silently truncated as in stap. The limits are
 * stap's runtime_defines.h macros, overridable with -D NAME=VALUE. */
#ifndef UTAP_VM_VALUE_H
#define UTAP_VM_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* X-macro of the -D limits: name, default. MAXACTION_INTERRUPTIBLE defaults to
 * 10 * MAXACTION (stap's INTERRUPTIBLE=1 build) and is the budget actually enforced. */
#define VM_LIMITS(X)                                                                               \
	X(MAXSTRINGLEN, 512)                                                                       \
	X(MAXACTION, 1000)                                                                         \
	X(MAXACTION_INTERRUPTIBLE, 0)                                                              \
	X(MAXNESTING, 0)                                                                           \
	X(MAXMAPENTRIES, 2048)                                                                     \
	X(MAXERRORS, 0)                                                                            \
	X(MAXSKIPPED, 100)                                                                         \
	X(MAXBACKTRACE, 20)                                                                        \
	X(STP_BUFFER_SIZE, 8192)                                                                   \
	X(HIST_ELISION, 2)

struct vm_limits {
#define X(name, def) int64_t name;
	VM_LIMITS(X)
#undef X
	/* MAXNESTING when not given: deepest static call chain + 1 (+10 if recursive); the
	 * compiler computes it. */
};

/* Fills l with stap's defaults (MAXNESTING = 0 means "let the compiler decide"). */
void vm_limits_default(struct vm_limits *l);
/* Applies one "-D NAME=VALUE" definition. Unknown names are accepted and ignored (stap
 * passes them to the C compiler). Returns 0, or -EINVAL for a bad value of a known
 * limit. */
int vm_limits_define(struct vm_limits *l, const char *def);
/* Derives dependent limits (MAXACTION_INTERRUPTIBLE) after all -D options. */
void vm_limits_finish(struct vm_limits *l);

/* A string register or variable: len < cap always; s[len] == 0. The capacity is the VM's
 * MAXSTRINGLEN and is not stored here. */
struct vstr {
	uint32_t len;
	char s[];
};

/* Bytes one struct vstr of capacity maxstringlen takes (8-byte aligned). */
static inline size_t vstr_stride(int64_t maxstringlen)
{
	return (sizeof(struct vstr) + (size_t)maxstringlen + 7) & ~(size_t)7;
}

/* Sets dst to n bytes of src, truncated to cap-1 bytes and cut at an embedded NUL. */
static inline void vstr_set(struct vstr *dst, size_t cap, const char *src, size_t n)
{
	if (n > cap - 1)
		n = cap - 1;
	const char *z = memchr(src, 0, n);
	if (z)
		n = (size_t)(z - src);
	memmove(dst->s, src, n);
	dst->s[n] = 0;
	dst->len = (uint32_t)n;
}

/* Appends n bytes of src to dst (truncating at cap-1; cut at NUL). src may alias dst. */
static inline void vstr_append(struct vstr *dst, size_t cap, const char *src, size_t n)
{
	size_t room = cap - 1 - dst->len;
	if (n > room)
		n = room;
	const char *z = memchr(src, 0, n);
	if (z)
		n = (size_t)(z - src);
	memmove(dst->s + dst->len, src, n);
	dst->len += (uint32_t)n;
	dst->s[dst->len] = 0;
}

/* Copies one clean string (same capacity, no NULs inside) to another. */
static inline void vstr_copy(struct vstr *dst, const struct vstr *src)
{
	if (dst != src) {
		memcpy(dst->s, src->s, (size_t)src->len + 1);
		dst->len = src->len;
	}
}

static inline void vstr_clear(struct vstr *dst)
{
	dst->len = 0;
	dst->s[0] = 0;
}

#endif
