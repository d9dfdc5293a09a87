/* SPDX-License-Identifier: MIT */
/* Checked allocation and a bump-pointer arena for front-end data (tokens, AST, types).
 * x*() functions never return NULL: on exhaustion they call the out-of-memory hook, which
 * the CLI sets to print one line and exit (library code never exits by itself). The VM
 * does not use these: it allocates through its own hook so that it can fail softly. */
#ifndef UTAP_UTIL_ALLOC_H
#define UTAP_UTIL_ALLOC_H

#include <stddef.h>

typedef void (*util_oom_fn)(size_t want);

/* Installs the out-of-memory handler; the default prints "utap: out of memory" and aborts. */
void util_set_oom(util_oom_fn fn);

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* asprintf that never fails; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Arena: many small allocations freed in one call. Memory is zeroed. */
struct arena;
struct arena *arena_new(void);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for -v statistics and tests). */
size_t arena_used(const struct arena *a);

#endif
