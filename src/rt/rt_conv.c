// SPDX-License-Identifier: MIT
/* Byte-order built-ins (tapset endian.stp, inet.stp) for a little-endian host. */
#include <byteswap.h>

#include "rt/rt.h"

int rt_big_endian2(struct rt_call *c)
{
	c->l[0] = bswap_16((uint16_t)c->l[0]);
	return RT_OK;
}

int rt_big_endian4(struct rt_call *c)
{
	c->l[0] = bswap_32((uint32_t)c->l[0]);
	return RT_OK;
}

int rt_big_endian8(struct rt_call *c)
{
	c->l[0] = (int64_t)bswap_64((uint64_t)c->l[0]);
	return RT_OK;
}

int rt_little_endian2(struct rt_call *c)
{
	c->l[0] = (uint16_t)c->l[0];
	return RT_OK;
}

int rt_little_endian4(struct rt_call *c)
{
	c->l[0] = (uint32_t)c->l[0];
	return RT_OK;
}

int rt_little_endian8(struct rt_call *c)
{
	(void)c;
	return RT_OK;
}

int rt_htonl(struct rt_call *c)
{
	return rt_big_endian4(c);
}

int rt_htonll(struct rt_call *c)
{
	return rt_big_endian8(c);
}

int rt_htons(struct rt_call *c)
{
	return rt_big_endian2(c);
}
