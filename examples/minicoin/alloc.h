/* SPDX-License-Identifier: MIT */
/* Checked allocation for the minicoin node: like Bitcoin Core's operator new, running out
 * of memory ends the process with a message instead of returning NULL to every caller. */
#ifndef MINICOIN_ALLOC_H
#define MINICOIN_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* printf into a fresh string; never NULL. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
