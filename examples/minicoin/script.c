// SPDX-License-Identifier: MIT
/* Script building, Solver-style classification and asm printing, after Core's
 * script/script.cpp, script/standard.cpp and core_write.cpp. */
#include "script.h"

#include "alloc.h"
#include "hex.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define MAX_SCRIPT_SIZE 10000

void script_push_data(struct wbuf *w, const void *p, size_t len)
{
	if (len < OP_PUSHDATA1) {
		wbuf_u8(w, (uint8_t)len);
	} else if (len <= 0xff) {
		wbuf_u8(w, OP_PUSHDATA1);
		wbuf_u8(w, (uint8_t)len);
	} else if (len <= 0xffff) {
		wbuf_u8(w, OP_PUSHDATA2);
		wbuf_u8(w, (uint8_t)len);
		wbuf_u8(w, (uint8_t)(len >> 8));
	} else {
		wbuf_u8(w, OP_PUSHDATA4);
		wbuf_u32(w, (uint32_t)len);
	}
	wbuf_put(w, p, len);
}

/* CScriptNum::serialize: little-endian magnitude, sign in the top bit of the last byte. */
void script_push_int(struct wbuf *w, int64_t n)
{
	uint8_t buf[9];
	size_t len = 0;
	uint64_t abs = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;

	if (n == -1 || (n >= 1 && n <= 16)) {
		wbuf_u8(w, (uint8_t)(n + (OP_1 - 1)));
		return;
	}
	if (n == 0) {
		wbuf_u8(w, OP_0);
		return;
	}
	while (abs) {
		buf[len++] = (uint8_t)abs;
		abs >>= 8;
	}
	if (buf[len - 1] & 0x80)
		buf[len++] = n < 0 ? 0x80 : 0;
	else if (n < 0)
		buf[len - 1] |= 0x80;
	script_push_data(w, buf, len);
}

/* CScript::GetOp: one opcode and its pushed data. Returns false on a truncated push. */
static bool script_get_op(const uint8_t *s, size_t len, size_t *pc, int *op, const uint8_t **data,
			  size_t *dlen)
{
	size_t n;

	*data = NULL;
	*dlen = 0;
	if (*pc >= len)
		return false;
	*op = s[(*pc)++];
	if (*op > OP_PUSHDATA4)
		return true;
	if (*op < OP_PUSHDATA1) {
		n = (size_t)*op;
	} else {
		size_t w = *op == OP_PUSHDATA1 ? 1 : *op == OP_PUSHDATA2 ? 2 : 4;

		if (len - *pc < w)
			return false;
		n = 0;
		for (size_t i = 0; i < w; i++)
			n |= (size_t)s[*pc + i] << (8 * i);
		*pc += w;
	}
	if (len - *pc < n)
		return false;
	*data = s + *pc;
	*dlen = n;
	*pc += n;
	return true;
}

bool script_witness_program(const uint8_t *s, size_t len, int *version, const uint8_t **prog,
			    size_t *prog_len)
{
	if (len < 4 || len > 42)
		return false;
	if (s[0] != OP_0 && (s[0] < OP_1 || s[0] > OP_16))
		return false;
	if ((size_t)s[1] + 2 != len)
		return false;
	*version = s[0] == OP_0 ? 0 : s[0] - (OP_1 - 1);
	*prog = s + 2;
	*prog_len = len - 2;
	return true;
}

static bool valid_pubkey_size(const uint8_t *p, size_t n)
{
	if (n == 33)
		return p[0] == 2 || p[0] == 3;
	if (n == 65)
		return p[0] == 4 || p[0] == 6 || p[0] == 7;
	return false;
}

static bool push_only(const uint8_t *s, size_t len, size_t pc)
{
	const uint8_t *d;
	size_t dl;
	int op;

	while (pc < len) {
		if (!script_get_op(s, len, &pc, &op, &d, &dl) || op > OP_16)
			return false;
	}
	return true;
}

enum script_type script_classify(const uint8_t *s, size_t len)
{
	const uint8_t *prog;
	size_t plen;
	int ver;

	if (len == 23 && s[0] == OP_HASH160 && s[1] == 20 && s[22] == OP_EQUAL)
		return SCRIPT_SCRIPTHASH;
	if (script_witness_program(s, len, &ver, &prog, &plen)) {
		if (ver == 0 && plen == 20)
			return SCRIPT_WITNESS_V0_KEYHASH;
		if (ver == 0 && plen == 32)
			return SCRIPT_WITNESS_V0_SCRIPTHASH;
		return ver ? SCRIPT_WITNESS_UNKNOWN : SCRIPT_NONSTANDARD;
	}
	if (len >= 1 && s[0] == OP_RETURN && push_only(s, len, 1))
		return SCRIPT_NULLDATA;
	if (len == 25 && s[0] == OP_DUP && s[1] == OP_HASH160 && s[2] == 20 &&
	    s[23] == OP_EQUALVERIFY && s[24] == OP_CHECKSIG)
		return SCRIPT_PUBKEYHASH;
	if ((len == 35 || len == 67) && s[0] == len - 2 && s[len - 1] == OP_CHECKSIG &&
	    valid_pubkey_size(s + 1, len - 2))
		return SCRIPT_PUBKEY;
	return SCRIPT_NONSTANDARD;
}

const char *script_type_name(enum script_type t)
{
	static const char *const names[] = {
	    [SCRIPT_NONSTANDARD] = "nonstandard",
	    [SCRIPT_PUBKEY] = "pubkey",
	    [SCRIPT_PUBKEYHASH] = "pubkeyhash",
	    [SCRIPT_SCRIPTHASH] = "scripthash",
	    [SCRIPT_NULLDATA] = "nulldata",
	    [SCRIPT_WITNESS_V0_KEYHASH] = "witness_v0_keyhash",
	    [SCRIPT_WITNESS_V0_SCRIPTHASH] = "witness_v0_scripthash",
	    [SCRIPT_WITNESS_UNKNOWN] = "witness_unknown",
	};

	return names[t];
}

bool script_is_unspendable(const uint8_t *s, size_t len)
{
	return (len > 0 && s[0] == OP_RETURN) || len > MAX_SCRIPT_SIZE;
}

static const char *op_name(int op)
{
	switch (op) {
#define OP(code, name, str)                                                                        \
	case code:                                                                                 \
		return str;
#include "script_ops.def"
#undef OP
	default:
		return "OP_UNKNOWN";
	}
}

/* CScriptNum(vch, false).getint() for pushes of at most 4 bytes. */
static long long small_num(const uint8_t *d, size_t n)
{
	long long v = 0;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		v |= (long long)d[i] << (8 * i);
	if (d[n - 1] & 0x80)
		return -(long long)(v & ~(0x80ll << (8 * (n - 1))));
	return v;
}

static void asm_append(struct wbuf *out, const char *s)
{
	wbuf_put(out, s, strlen(s));
}

char *script_asm(const uint8_t *s, size_t len)
{
	struct wbuf out = {0};
	size_t pc = 0;

	while (pc < len) {
		const uint8_t *d;
		size_t dl;
		int op;

		if (out.len)
			asm_append(&out, " ");
		if (!script_get_op(s, len, &pc, &op, &d, &dl)) {
			asm_append(&out, "[error]");
			break;
		}
		if (op <= OP_PUSHDATA4 && dl <= 4) {
			char num[24];

			snprintf(num, sizeof(num), "%lld", small_num(d, dl));
			asm_append(&out, num);
		} else if (op <= OP_PUSHDATA4) {
			char *hex = hex_dup(d, dl);

			asm_append(&out, hex);
			free(hex);
		} else {
			asm_append(&out, op_name(op));
		}
	}
	wbuf_u8(&out, 0);
	return (char *)out.data;
}
