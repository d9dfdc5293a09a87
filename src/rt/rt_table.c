// SPDX-License-Identifier: MIT
/* The built-in table generated from builtins.def, and helpers shared by the built-ins. */
#include <string.h>

#include "rt/rt.h"

const struct rt_builtin rt_builtins[] = {
#define BUILTIN(name, ret, params, impl) {#name, #ret[0], params, impl},
#include "rt/builtins.def"
};

const int rt_nbuiltins = (int)(sizeof(rt_builtins) / sizeof(rt_builtins[0]));

int rt_builtin_find(const char *name, int nargs)
{
	for (int i = 0; i < rt_nbuiltins; i++)
		if (strcmp(rt_builtins[i].name, name) == 0 &&
		    (int)strlen(rt_builtins[i].params) == nargs)
			return i;
	return -1;
}

int rt_error_nonear(struct rt_call *c, const char *msg)
{
	size_t n = strnlen(msg, rt_cap(c) - 1);
	memcpy(c->t->errbuf, msg, n);
	c->t->errbuf[n] = 0;
	c->t->errmsg = c->t->errbuf;
	c->t->errnear = -1;
	return RT_ERROR;
}
