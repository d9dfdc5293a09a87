// SPDX-License-Identifier: MIT
/* Hash primitives over OpenSSL EVP one-shot digests, and the uint256 display helpers.
 * No hashing is implemented here; that is libcrypto's job. */
#include "hash.h"

#include "hex.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

static void digest(const EVP_MD *md, const void *data, size_t len, uint8_t *out)
{
	if (!EVP_Digest(data, len, out, NULL, md, NULL))
		abort(); /* only fails when libcrypto is unusable */
}

void hash_sha256(const void *data, size_t len, uint8_t out[32])
{
	digest(EVP_sha256(), data, len, out);
}

void hash_sha256d(const void *data, size_t len, struct u256 *out)
{
	uint8_t once[32];

	hash_sha256(data, len, once);
	hash_sha256(once, sizeof(once), out->b);
}

void hash_hash160(const void *data, size_t len, uint8_t out[20])
{
	uint8_t sha[32];

	hash_sha256(data, len, sha);
	digest(EVP_ripemd160(), sha, sizeof(sha), out);
}

bool u256_is_zero(const struct u256 *h)
{
	static const struct u256 zero;

	return memcmp(h->b, zero.b, 32) == 0;
}

bool u256_eq(const struct u256 *a, const struct u256 *b)
{
	return memcmp(a->b, b->b, 32) == 0;
}

void u256_hex(const struct u256 *h, char out[65])
{
	uint8_t rev[32];

	for (int i = 0; i < 32; i++)
		rev[i] = h->b[31 - i];
	hex_encode(rev, 32, out);
}

int u256_from_hex(const char *s, struct u256 *out)
{
	uint8_t raw[32];
	size_t n;

	if (strlen(s) != 64 || hex_decode(s, raw, sizeof(raw), &n) < 0 || n != 32)
		return -EINVAL;
	for (int i = 0; i < 32; i++)
		out->b[i] = raw[31 - i];
	return 0;
}
