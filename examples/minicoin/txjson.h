/* SPDX-License-Identifier: MIT */
/* Transactions and output scripts as RPC JSON (Core's core_write.cpp: TxToUniv and
 * ScriptPubKeyToUniv, 2018 field set). */
#ifndef MINICOIN_TXJSON_H
#define MINICOIN_TXJSON_H

#include "tx.h"

#include <jansson.h>

/* {"asm", "hex", "reqSigs", "type", "addresses"}; the last two only for scripts with
 * an address. */
json_t *txjson_script_pubkey(const uint8_t *s, size_t len);
/* The decoded transaction with its "hex". */
json_t *txjson_tx(const struct tx *tx);

#endif
