// SPDX-License-Identifier: MIT
/* Run-time limits: stap's runtime_defines.h defaults and their -D NAME=VALUE overrides. */
#include "vm/value.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void vm_limits_default(struct vm_limits *l)
{
#define X(name, def) l->name = def;
	VM_LIMITS(X)
#undef X
}

static int parse_value(const char *v, int64_t *out)
{
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 0);
	/* stap passes the text to the C compiler: allow an integer suffix such as 10000L */
	while (*end == 'L' || *end == 'l' || *end == 'U' || *end == 'u')
		end++;
	if (errno || end == v || *end)
		return -EINVAL;
	*out = n;
	return 0;
}

int vm_limits_define(struct vm_limits *l, const char *def)
{
	const char *eq = strchr(def, '=');
	size_t nlen = eq ? (size_t)(eq - def) : strlen(def);
	const char *val = eq ? eq + 1 : "1";
	int64_t v;
#define X(name, dflt)                                                                              \
	if (nlen == sizeof(#name) - 1 && memcmp(def, #name, nlen) == 0) {                          \
		if (parse_value(val, &v) < 0)                                                      \
			return -EINVAL;                                                            \
		l->name = v;                                                                       \
		return 0;                                                                          \
	}
	VM_LIMITS(X)
#undef X
	return 0;
}

void vm_limits_finish(struct vm_limits *l)
{
	if (l->MAXACTION_INTERRUPTIBLE == 0)
		l->MAXACTION_INTERRUPTIBLE = l->MAXACTION * 10;
	if (l->MAXSTRINGLEN < 2)
		l->MAXSTRINGLEN = 2;
	if (l->MAXSTRINGLEN > (1 << 24))
		l->MAXSTRINGLEN = 1 << 24;
	if (l->STP_BUFFER_SIZE < 64)
		l->STP_BUFFER_SIZE = 64;
}
