/* SPDX-License-Identifier: MIT */
/* Growable byte strings (may contain NUL bytes). Storage from xrealloc; sb->s is always
 * NUL-terminated after any append. */
#ifndef UTAP_UTIL_STRBUF_H
#define UTAP_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *s;
	size_t len, cap;
};

/* clang-format off */
#define STRBUF_INIT {0}
/* clang-format on */

void sb_add(struct strbuf *sb, const void *data, size_t n);
void sb_addc(struct strbuf *sb, char c);
void sb_adds(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_reset(struct strbuf *sb);
/* Returns the buffer (caller frees) and resets sb. Never NULL. */
char *sb_detach(struct strbuf *sb);
void sb_free(struct strbuf *sb);

#endif
