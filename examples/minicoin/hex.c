// SPDX-License-Identifier: MIT
/* Hex encoding and decoding for hashes, scripts and raw blocks. */
#include "hex.h"

#include "alloc.h"

#include <errno.h>
#include <string.h>

static const char digits[] = "0123456789abcdef";

void hex_encode(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

char *hex_dup(const uint8_t *p, size_t n)
{
	char *s = xmalloc(2 * n + 1);

	hex_encode(p, n, s);
	return s;
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool hex_is_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n % 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (hex_val(s[i]) < 0)
			return false;
	return true;
}

int hex_decode(const char *s, uint8_t *out, size_t max, size_t *n)
{
	size_t len = strlen(s);

	if (!hex_is_valid(s))
		return -EINVAL;
	if (len / 2 > max)
		return -ENOSPC;
	for (size_t i = 0; i < len / 2; i++)
		out[i] = (uint8_t)(hex_val(s[2 * i]) << 4 | hex_val(s[2 * i + 1]));
	*n = len / 2;
	return 0;
}
