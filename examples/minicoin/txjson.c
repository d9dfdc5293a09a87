// SPDX-License-Identifier: MIT
/* JSON renderings of scripts and transactions for getblock (verbosity 2) and gettxout. */
#include "txjson.h"

#include "address.h"
#include "block.h"
#include "hex.h"
#include "json_out.h"
#include "script.h"

#include <stdlib.h>

json_t *txjson_script_pubkey(const uint8_t *s, size_t len)
{
	json_t *o = json_object();
	enum script_type t = script_classify(s, len);
	char *text = script_asm(s, len), *addr;

	json_object_set_new(o, "asm", json_string(text));
	free(text);
	text = hex_dup(s, len);
	json_object_set_new(o, "hex", json_string(text));
	free(text);
	addr = address_from_script(s, len);
	if (!addr) {
		json_object_set_new(o, "type", json_string(script_type_name(t)));
		return o;
	}
	json_object_set_new(o, "reqSigs", json_integer(1));
	json_object_set_new(o, "type", json_string(script_type_name(t)));
	json_object_set_new(o, "addresses", json_pack("[s]", addr));
	free(addr);
	return o;
}

static json_t *hex_string(const uint8_t *p, size_t n)
{
	char *h = hex_dup(p, n);
	json_t *s = json_string(h);

	free(h);
	return s;
}

static json_t *input_json(const struct tx *tx, const struct txin *in)
{
	json_t *o = json_object();
	char hash[65], *text;

	if (tx_is_coinbase(tx)) {
		json_object_set_new(o, "coinbase",
				    hex_string(in->script_sig.p, in->script_sig.len));
	} else {
		u256_hex(&in->prevout.txid, hash);
		json_object_set_new(o, "txid", json_string(hash));
		json_object_set_new(o, "vout", json_integer(in->prevout.n));
		text = script_asm(in->script_sig.p, in->script_sig.len);
		json_object_set_new(o, "scriptSig",
				    json_pack("{s:s,s:o}", "asm", text, "hex",
					      hex_string(in->script_sig.p, in->script_sig.len)));
		free(text);
	}
	if (in->nwitness) {
		json_t *w = json_array();

		for (size_t i = 0; i < in->nwitness; i++)
			json_array_append_new(w, hex_string(in->witness[i].p, in->witness[i].len));
		json_object_set_new(o, "txinwitness", w);
	}
	json_object_set_new(o, "sequence", json_integer(in->sequence));
	return o;
}

json_t *txjson_tx(const struct tx *tx)
{
	json_t *o = json_object(), *vin = json_array(), *vout = json_array();
	size_t size = tx_size(tx, true), weight = tx_size(tx, false) * 3 + size;
	struct wbuf raw = {0};
	struct u256 id;
	char hash[65];

	tx_txid(tx, &id);
	u256_hex(&id, hash);
	json_object_set_new(o, "txid", json_string(hash));
	tx_wtxid(tx, &id);
	u256_hex(&id, hash);
	json_object_set_new(o, "hash", json_string(hash));
	json_object_set_new(o, "version", json_integer(tx->version));
	json_object_set_new(o, "size", json_integer((json_int_t)size));
	json_object_set_new(o, "vsize", json_integer((json_int_t)((weight + 3) / 4)));
	json_object_set_new(o, "weight", json_integer((json_int_t)weight));
	json_object_set_new(o, "locktime", json_integer(tx->locktime));
	for (size_t i = 0; i < tx->nin; i++)
		json_array_append_new(vin, input_json(tx, &tx->vin[i]));
	json_object_set_new(o, "vin", vin);
	for (size_t i = 0; i < tx->nout; i++)
		json_array_append_new(
		    vout,
		    json_pack("{s:o,s:I,s:o}", "value", json_amount(tx->vout[i].value), "n",
			      (json_int_t)i, "scriptPubKey",
			      txjson_script_pubkey(tx->vout[i].script.p, tx->vout[i].script.len)));
	json_object_set_new(o, "vout", vout);
	tx_serialize(tx, &raw, true);
	json_object_set_new(o, "hex", hex_string(raw.data, raw.len));
	wbuf_free(&raw);
	return o;
}
