/* SPDX-License-Identifier: MIT */
/* The (char *err, size_t errlen) convention of library functions that return -errno or
 * NULL and describe the failure in a caller's fixed buffer (the ELF readers). */
#ifndef UTAP_UTIL_ERRBUF_H
#define UTAP_UTIL_ERRBUF_H

#include <stddef.h>

/* Formats the message into err, truncated to errlen; does nothing when err is NULL or
 * errlen is 0 (the caller wants no message). */
void errbuf_printf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
