/* SPDX-License-Identifier: MIT */
/* 256-bit hashes as Bitcoin keeps them: 32 raw digest bytes in "internal" order (the
 * display form, hash_hex(), is byte-reversed). SHA-256, SHA-256d and HASH160 come from
 * OpenSSL's libcrypto. */
#ifndef MINICOIN_HASH_H
#define MINICOIN_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct u256 {
	uint8_t b[32];
};

void hash_sha256(const void *data, size_t len, uint8_t out[32]);
/* SHA256(SHA256(data)): block hashes, txids, merkle nodes, checksums. */
void hash_sha256d(const void *data, size_t len, struct u256 *out);
/* RIPEMD160(SHA256(data)): the key and script hashes inside addresses. */
void hash_hash160(const void *data, size_t len, uint8_t out[20]);

bool u256_is_zero(const struct u256 *h);
bool u256_eq(const struct u256 *a, const struct u256 *b);
/* Display form: 64 lowercase hex digits, last byte first (uint256::GetHex). */
void u256_hex(const struct u256 *h, char out[65]);
/* Parses the display form; exactly 64 hex digits. Returns 0 or -EINVAL. */
int u256_from_hex(const char *s, struct u256 *out);

#endif
