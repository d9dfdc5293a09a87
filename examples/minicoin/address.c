// SPDX-License-Identifier: MIT
/* Address encoding after Core's base58.cpp, bech32.cpp and key_io.cpp, restricted to the
 * regtest prefixes. Checksums use hash_sha256d; nothing here touches keys. */
#include "address.h"

#include "alloc.h"
#include "hash.h"
#include "script.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define PREFIX_PUBKEY 111
#define PREFIX_SCRIPT 196
#define BECH32_HRP "bcrt"
#define BECH32_CONST 1u
#define BECH32M_CONST 0x2bc830a3u

static const char b58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
static const char b32[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* EncodeBase58Check: version byte, payload, 4 checksum bytes, in base 58. */
static char *base58check_encode(uint8_t version, const uint8_t *payload, size_t n)
{
	uint8_t buf[64], digits[96];
	size_t len = 0, ndig = 0, zeros = 0;
	struct u256 sum;
	char *out;

	buf[len++] = version;
	memcpy(buf + len, payload, n);
	len += n;
	hash_sha256d(buf, len, &sum);
	memcpy(buf + len, sum.b, 4);
	len += 4;
	while (zeros < len && buf[zeros] == 0)
		zeros++;
	for (size_t i = zeros; i < len; i++) {
		unsigned carry = buf[i];

		for (size_t j = 0; j < ndig; j++) {
			carry += (unsigned)digits[j] << 8;
			digits[j] = (uint8_t)(carry % 58);
			carry /= 58;
		}
		while (carry) {
			digits[ndig++] = (uint8_t)(carry % 58);
			carry /= 58;
		}
	}
	out = xmalloc(zeros + ndig + 1);
	memset(out, '1', zeros);
	for (size_t i = 0; i < ndig; i++)
		out[zeros + i] = b58[digits[ndig - 1 - i]];
	out[zeros + ndig] = '\0';
	return out;
}

/* DecodeBase58Check into out (version byte first); returns the length or -EINVAL. */
static int base58check_decode(const char *s, uint8_t *out, size_t max)
{
	uint8_t bytes[64];
	size_t n = 0, zeros = 0, slen = strlen(s);
	struct u256 sum;

	if (slen > 80)
		return -EINVAL;
	while (s[zeros] == '1')
		zeros++;
	for (size_t i = zeros; i < slen; i++) {
		const char *p = strchr(b58, s[i]);
		unsigned carry;

		if (!p || !s[i])
			return -EINVAL;
		carry = (unsigned)(p - b58);
		for (size_t j = 0; j < n; j++) {
			carry += (unsigned)bytes[j] * 58;
			bytes[j] = (uint8_t)carry;
			carry >>= 8;
		}
		while (carry) {
			if (n == sizeof(bytes))
				return -EINVAL;
			bytes[n++] = (uint8_t)carry;
			carry >>= 8;
		}
	}
	if (zeros + n < 4 || zeros + n > max)
		return -EINVAL;
	memset(out, 0, zeros);
	for (size_t i = 0; i < n; i++)
		out[zeros + i] = bytes[n - 1 - i];
	n += zeros;
	hash_sha256d(out, n - 4, &sum);
	if (memcmp(sum.b, out + n - 4, 4) != 0)
		return -EINVAL;
	return (int)(n - 4);
}

static uint32_t bech32_polymod(const uint8_t *v, size_t n)
{
	static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
	uint32_t chk = 1;

	for (size_t i = 0; i < n; i++) {
		uint8_t top = (uint8_t)(chk >> 25);

		chk = (chk & 0x1ffffff) << 5 ^ v[i];
		for (int j = 0; j < 5; j++)
			if ((top >> j) & 1)
				chk ^= gen[j];
	}
	return chk;
}

/* The checksum runs over the expanded HRP (high bits, 0, low bits) and the data. */
static size_t hrp_expand(uint8_t *v)
{
	size_t h = strlen(BECH32_HRP), n = 0;

	for (size_t i = 0; i < h; i++)
		v[n++] = (uint8_t)(BECH32_HRP[i] >> 5);
	v[n++] = 0;
	for (size_t i = 0; i < h; i++)
		v[n++] = BECH32_HRP[i] & 31;
	return n;
}

/* ConvertBits between 8- and 5-bit groups; false on invalid padding. */
static bool convert_bits(uint8_t *out, size_t *outlen, int to, const uint8_t *in, size_t inlen,
			 int from, bool pad)
{
	uint32_t acc = 0, maxv = (1u << to) - 1;
	int bits = 0;

	*outlen = 0;
	for (size_t i = 0; i < inlen; i++) {
		acc = (acc << from) | in[i];
		bits += from;
		while (bits >= to) {
			bits -= to;
			out[(*outlen)++] = (uint8_t)((acc >> bits) & maxv);
		}
	}
	if (pad && bits)
		out[(*outlen)++] = (uint8_t)((acc << (to - bits)) & maxv);
	else if (!pad && (bits >= from || ((acc << (to - bits)) & maxv)))
		return false;
	return true;
}

static char *segwit_encode(int version, const uint8_t *prog, size_t plen)
{
	uint8_t data[80], v[160];
	size_t n, dlen = 1, vn;
	uint32_t mod;
	char *out, *p;

	data[0] = (uint8_t)version;
	convert_bits(data + 1, &n, 5, prog, plen, 8, true);
	dlen += n;
	vn = hrp_expand(v);
	memcpy(v + vn, data, dlen);
	memset(v + vn + dlen, 0, 6);
	mod = bech32_polymod(v, vn + dlen + 6) ^ (version ? BECH32M_CONST : BECH32_CONST);
	out = p = xmalloc(strlen(BECH32_HRP) + 1 + dlen + 6 + 1);
	p += strlen(strcpy(p, BECH32_HRP "1"));
	for (size_t i = 0; i < dlen; i++)
		*p++ = b32[data[i]];
	for (int i = 0; i < 6; i++)
		*p++ = b32[(mod >> (5 * (5 - i))) & 31];
	*p = '\0';
	return out;
}

static int segwit_decode(const char *s, struct wbuf *script)
{
	size_t len = strlen(s), hlen = strlen(BECH32_HRP), dlen, vn, plen;
	uint8_t data[90], v[200], prog[64];
	bool lower = false, upper = false;
	uint32_t mod;

	if (len < hlen + 8 || len > 90 || strncasecmp(s, BECH32_HRP "1", hlen + 1) != 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		lower |= islower((unsigned char)s[i]) != 0;
		upper |= isupper((unsigned char)s[i]) != 0;
	}
	if (lower && upper)
		return -EINVAL;
	dlen = len - hlen - 1;
	for (size_t i = 0; i < dlen; i++) {
		const char *p = strchr(b32, tolower((unsigned char)s[hlen + 1 + i]));

		if (!p || !*p)
			return -EINVAL;
		data[i] = (uint8_t)(p - b32);
	}
	vn = hrp_expand(v);
	memcpy(v + vn, data, dlen);
	mod = bech32_polymod(v, vn + dlen);
	if (data[0] > 16 || mod != (data[0] ? BECH32M_CONST : BECH32_CONST))
		return -EINVAL;
	if (!convert_bits(prog, &plen, 8, data + 1, dlen - 7, 5, false) || plen < 2 || plen > 40)
		return -EINVAL;
	if (data[0] == 0 && plen != 20 && plen != 32)
		return -EINVAL;
	wbuf_u8(script, data[0] ? (uint8_t)(OP_1 + data[0] - 1) : OP_0);
	script_push_data(script, prog, plen);
	return 0;
}

int address_to_script(const char *addr, struct wbuf *script)
{
	uint8_t raw[64];
	int n = base58check_decode(addr, raw, sizeof(raw));

	if (n == 21 && raw[0] == PREFIX_PUBKEY) {
		static const uint8_t pre[] = {OP_DUP, OP_HASH160, 20};
		static const uint8_t post[] = {OP_EQUALVERIFY, OP_CHECKSIG};

		wbuf_put(script, pre, sizeof(pre));
		wbuf_put(script, raw + 1, 20);
		wbuf_put(script, post, sizeof(post));
		return 0;
	}
	if (n == 21 && raw[0] == PREFIX_SCRIPT) {
		wbuf_u8(script, OP_HASH160);
		script_push_data(script, raw + 1, 20);
		wbuf_u8(script, OP_EQUAL);
		return 0;
	}
	return segwit_decode(addr, script);
}

char *address_from_script(const uint8_t *s, size_t len)
{
	const uint8_t *prog;
	size_t plen;
	uint8_t h160[20];
	int ver;

	switch (script_classify(s, len)) {
	case SCRIPT_PUBKEY:
		hash_hash160(s + 1, len - 2, h160);
		return base58check_encode(PREFIX_PUBKEY, h160, 20);
	case SCRIPT_PUBKEYHASH:
		return base58check_encode(PREFIX_PUBKEY, s + 3, 20);
	case SCRIPT_SCRIPTHASH:
		return base58check_encode(PREFIX_SCRIPT, s + 2, 20);
	case SCRIPT_WITNESS_V0_KEYHASH:
	case SCRIPT_WITNESS_V0_SCRIPTHASH:
	case SCRIPT_WITNESS_UNKNOWN:
		script_witness_program(s, len, &ver, &prog, &plen);
		return segwit_encode(ver, prog, plen);
	default:
		return NULL;
	}
}
