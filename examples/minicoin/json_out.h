/* SPDX-License-Identifier: MIT */
/* JSON text as Bitcoin Core's UniValue writes it, from jansson trees: compact, keys in
 * insertion order, UniValue's string escapes, doubles with 16 significant digits, and
 * amounts with exactly eight decimals ("50.00000000"). */
#ifndef MINICOIN_JSON_OUT_H
#define MINICOIN_JSON_OUT_H

#include <jansson.h>
#include <stdint.h>

/* A monetary amount in satoshis (ValueFromAmount). Written as a number with 8 decimals;
 * in the tree it is an object with the single key JSON_AMOUNT_KEY, so it must only be
 * serialized with json_write(). */
#define JSON_AMOUNT_KEY "\001amount"
json_t *json_amount(int64_t sat);
/* UniValue::write(): compact text, fresh string. */
char *json_write(const json_t *v);

#endif
