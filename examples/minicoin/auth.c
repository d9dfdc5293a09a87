// SPDX-License-Identifier: MIT
/* Cookie files and Basic authentication. Randomness and base64 come from libcrypto. */
#include "auth.h"

#include "alloc.h"
#include "hex.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COOKIE_USER "__cookie__"

int auth_cookie_generate(const char *dir, char **userpass)
{
	uint8_t rnd[32];
	char hex[65], *tmp, *path, *cookie;
	int fd, err = 0;
	size_t len;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return -EIO;
	hex_encode(rnd, sizeof(rnd), hex);
	cookie = xasprintf("%s:%s", COOKIE_USER, hex);
	tmp = xasprintf("%s/.cookie.tmp", dir);
	path = xasprintf("%s/.cookie", dir);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	len = strlen(cookie);
	if (fd < 0 || write(fd, cookie, len) != (ssize_t)len)
		err = -errno;
	if (fd >= 0 && close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, path) < 0)
		err = -errno;
	free(tmp);
	free(path);
	if (err) {
		free(cookie);
		return err;
	}
	*userpass = cookie;
	return 0;
}

int auth_cookie_read(const char *dir, char **userpass)
{
	char *path = xasprintf("%s/.cookie", dir), *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(path, "r");
	ssize_t n;

	free(path);
	if (!f)
		return -errno;
	n = getline(&line, &cap, f);
	fclose(f);
	if (n < 0) {
		free(line);
		return -EINVAL;
	}
	line[strcspn(line, "\r\n")] = '\0';
	*userpass = line;
	return 0;
}

void auth_cookie_delete(const char *dir)
{
	char *path = xasprintf("%s/.cookie", dir);

	unlink(path);
	free(path);
}

/* TimingResistantEqual: the time depends on the lengths only. */
static bool timing_resistant_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	unsigned char acc = 0;

	if (blen == 0)
		return alen == 0;
	acc = (unsigned char)(alen != blen);
	for (size_t i = 0; i < alen; i++)
		acc |= (unsigned char)(a[i] ^ b[i % blen]);
	return acc == 0;
}

bool auth_check(const char *userpass, const char *header)
{
	const char *b64;
	size_t n, pad = 0;
	unsigned char *dec;
	int len;
	bool ok;

	if (!header || strncmp(header, "Basic ", 6) != 0)
		return false;
	b64 = header + 6;
	while (*b64 == ' ' || *b64 == '\t')
		b64++;
	n = strlen(b64);
	while (n && (b64[n - 1] == ' ' || b64[n - 1] == '\t' || b64[n - 1] == '\r'))
		n--;
	if (n == 0 || n % 4 != 0 || n > 4096)
		return false;
	dec = xmalloc(n / 4 * 3 + 1);
	len = EVP_DecodeBlock(dec, (const unsigned char *)b64, (int)n);
	if (len < 0) {
		free(dec);
		return false;
	}
	/* EVP_DecodeBlock counts the bytes the '=' padding stands for */
	if (b64[n - 1] == '=')
		pad++;
	if (b64[n - 2] == '=')
		pad++;
	len -= (int)pad;
	ok = timing_resistant_equal((const char *)dec, (size_t)len, userpass, strlen(userpass));
	free(dec);
	return ok;
}

char *auth_basic_header(const char *userpass)
{
	size_t n = strlen(userpass);
	char *out = xmalloc(6 + 4 * ((n + 2) / 3) + 1);

	memcpy(out, "Basic ", 6);
	EVP_EncodeBlock((unsigned char *)out + 6, (const unsigned char *)userpass, (int)n);
	return out;
}
