/* SPDX-License-Identifier: MIT */
/* Scripts as byte strings: building pushes (CScript << ...), classifying output scripts
 * (Core's Solver names) and printing them as Core's ScriptToAsmStr does. No evaluation:
 * minicoin's blocks spend nothing. */
#ifndef MINICOIN_SCRIPT_H
#define MINICOIN_SCRIPT_H

#include "ser.h"

#include <stdbool.h>
#include <stdint.h>

enum opcode {
#define OP(code, name, str) name = code,
#include "script_ops.def"
#undef OP
};

enum script_type {
	SCRIPT_NONSTANDARD,
	SCRIPT_PUBKEY,
	SCRIPT_PUBKEYHASH,
	SCRIPT_SCRIPTHASH,
	SCRIPT_NULLDATA,
	SCRIPT_WITNESS_V0_KEYHASH,
	SCRIPT_WITNESS_V0_SCRIPTHASH,
	SCRIPT_WITNESS_UNKNOWN,
};

/* Appends a minimal data push (direct, PUSHDATA1/2/4 by size). */
void script_push_data(struct wbuf *w, const void *p, size_t len);
/* Appends CScript() << n: OP_0, OP_1NEGATE, OP_1..OP_16 or a CScriptNum push. */
void script_push_int(struct wbuf *w, int64_t n);
/* The Solver's classification of an output script. */
enum script_type script_classify(const uint8_t *s, size_t len);
/* Witness program check (BIP141): returns true and the version and program. */
bool script_witness_program(const uint8_t *s, size_t len, int *version, const uint8_t **prog,
			    size_t *prog_len);
const char *script_type_name(enum script_type t);
/* OP_RETURN first, or too long: never enters the UTXO set. */
bool script_is_unspendable(const uint8_t *s, size_t len);
/* ScriptToAsmStr(script, false); fresh string. */
char *script_asm(const uint8_t *s, size_t len);

#endif
