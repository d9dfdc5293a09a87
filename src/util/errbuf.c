// SPDX-License-Identifier: MIT
/* Messages into a caller's fixed error buffer (see errbuf.h); nothing else. */
#include <stdarg.h>
#include <stdio.h>

#include "util/errbuf.h"

void errbuf_printf(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}
