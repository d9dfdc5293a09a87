// SPDX-License-Identifier: MIT
/* Blockchain RPCs (Core's rpc/blockchain.cpp, 2018 field sets and key order):
 * getblockcount, getbestblockhash, getblockhash, getblock, getblockchaininfo, gettxout. */
#include "rpc.h"

#include "hex.h"
#include "json_out.h"
#include "pow.h"
#include "txjson.h"
#include "versionbits.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static json_t *hash_json(const struct u256 *h)
{
	char hex[65];

	u256_hex(h, hex);
	return json_string(hex);
}

static json_t *getblockcount(struct rpc_call *c)
{
	json_t *r;

	if (!rpc_check_nargs(c, 0, 0))
		return NULL;
	chain_lock(c->node->chain);
	r = json_integer(chain_tip(c->node->chain)->height);
	chain_unlock(c->node->chain);
	return r;
}

static json_t *getbestblockhash(struct rpc_call *c)
{
	json_t *r;

	if (!rpc_check_nargs(c, 0, 0))
		return NULL;
	chain_lock(c->node->chain);
	r = hash_json(&chain_tip(c->node->chain)->hash);
	chain_unlock(c->node->chain);
	return r;
}

static json_t *getblockhash(struct rpc_call *c)
{
	struct block_index *e;
	int height;

	if (!rpc_check_nargs(c, 1, 1) || !rpc_get_int(c, rpc_arg(c, 0), &height))
		return NULL;
	chain_lock(c->node->chain);
	e = chain_at(c->node->chain, height);
	chain_unlock(c->node->chain);
	if (!e)
		return rpc_fail(c, RPC_INVALID_PARAMETER, "Block height out of range");
	return hash_json(&e->hash);
}

static void fmt_hex32(char out[9], uint32_t v)
{
	snprintf(out, 9, "%08x", v);
}

/* blockToJSON; cs_main held */
static json_t *block_json(struct chainstate *cs, const struct block *b, const struct block_index *e,
			  bool details)
{
	json_t *o = json_object(), *txs = json_array();
	struct block_index *next = chain_at(cs, e->height + 1);
	char hex[65];

	json_object_set_new(o, "hash", hash_json(&e->hash));
	json_object_set_new(
	    o, "confirmations",
	    json_integer(chain_contains(cs, e) ? chain_tip(cs)->height - e->height + 1 : -1));
	json_object_set_new(o, "strippedsize", json_integer((json_int_t)block_size(b, false)));
	json_object_set_new(o, "size", json_integer((json_int_t)block_size(b, true)));
	json_object_set_new(o, "weight", json_integer((json_int_t)block_weight(b)));
	json_object_set_new(o, "height", json_integer(e->height));
	json_object_set_new(o, "version", json_integer(b->hdr.version));
	fmt_hex32(hex, (uint32_t)b->hdr.version);
	json_object_set_new(o, "versionHex", json_string(hex));
	json_object_set_new(o, "merkleroot", hash_json(&b->hdr.merkle));
	for (size_t i = 0; i < b->ntx; i++) {
		struct u256 id;

		if (details) {
			json_array_append_new(txs, txjson_tx(&b->vtx[i]));
			continue;
		}
		tx_txid(&b->vtx[i], &id);
		json_array_append_new(txs, hash_json(&id));
	}
	json_object_set_new(o, "tx", txs);
	json_object_set_new(o, "time", json_integer(b->hdr.time));
	json_object_set_new(o, "mediantime", json_integer(block_index_mtp(e)));
	json_object_set_new(o, "nonce", json_integer(b->hdr.nonce));
	fmt_hex32(hex, b->hdr.bits);
	json_object_set_new(o, "bits", json_string(hex));
	json_object_set_new(o, "difficulty", json_real(pow_difficulty(e->hdr.bits)));
	arith_hex(&e->chainwork, hex);
	json_object_set_new(o, "chainwork", json_string(hex));
	json_object_set_new(o, "nTx", json_integer(e->ntx));
	if (e->prev)
		json_object_set_new(o, "previousblockhash", hash_json(&e->prev->hash));
	if (next && next->prev == e)
		json_object_set_new(o, "nextblockhash", hash_json(&next->hash));
	return o;
}

static json_t *getblock(struct rpc_call *c)
{
	struct chainstate *cs = c->node->chain;
	struct block_index *e;
	struct block b;
	struct u256 hash;
	json_t *v, *r;
	int verbosity = 1;
	bool flag;

	if (!rpc_check_nargs(c, 1, 2) ||
	    !rpc_get_hash(c, json_array_get(c->params, 0), "blockhash", &hash))
		return NULL;
	v = rpc_arg(c, 1);
	if (v && json_is_number(v) && !rpc_get_int(c, v, &verbosity))
		return NULL;
	if (v && !json_is_number(v)) {
		if (!rpc_get_bool(c, v, &flag))
			return NULL;
		verbosity = flag;
	}
	chain_lock(cs);
	e = chain_lookup(cs, &hash);
	if (!e) {
		chain_unlock(cs);
		return rpc_fail(c, RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
	}
	if (chain_read_block(cs, e, &b) < 0) {
		chain_unlock(cs);
		return rpc_fail(c, RPC_MISC_ERROR, "Block not found on disk");
	}
	if (verbosity <= 0) {
		struct wbuf raw = {0};
		char *h;

		block_serialize(&b, &raw, true);
		h = hex_dup(raw.data, raw.len);
		r = json_string(h);
		free(h);
		wbuf_free(&raw);
	} else {
		r = block_json(cs, &b, e, verbosity >= 2);
	}
	chain_unlock(cs);
	block_clear(&b);
	return r;
}

/* SoftForkDesc: the 2018 "IsSuperMajority" soft forks, activated by height on regtest */
static json_t *softfork(const char *name, int version, int height, int activation)
{
	return json_pack("{s:s,s:i,s:{s:b}}", "id", name, "version", version, "reject", "status",
			 height >= activation);
}

/* BIP9SoftForkDesc */
static json_t *bip9_desc(const struct chainparams *p, enum deployment_pos d,
			 struct block_index *tip)
{
	enum vb_state s = versionbits_state(p, d, tip);
	const struct bip9_deployment *dep = &p->deployments[d];
	json_t *o = json_object();

	json_object_set_new(o, "status", json_string(versionbits_state_name(s)));
	if (s == VB_STARTED)
		json_object_set_new(o, "bit", json_integer(dep->bit));
	json_object_set_new(o, "startTime", json_integer(dep->start_time));
	json_object_set_new(o, "timeout", json_integer(dep->timeout));
	json_object_set_new(o, "since", json_integer(versionbits_since(p, d, tip)));
	if (s == VB_STARTED) {
		struct vb_stats st;

		versionbits_stats(p, d, tip, &st);
		json_object_set_new(o, "statistics",
				    json_pack("{s:i,s:i,s:i,s:i,s:b}", "period", st.period,
					      "threshold", st.threshold, "elapsed", st.elapsed,
					      "count", st.count, "possible", st.possible));
	}
	return o;
}

static json_t *getblockchaininfo(struct rpc_call *c)
{
	struct chainstate *cs = c->node->chain;
	const struct chainparams *p = chain_params(cs);
	struct block_index *tip, *hdr;
	json_t *o = json_object();
	char hex[65];

	if (!rpc_check_nargs(c, 0, 0)) {
		json_decref(o);
		return NULL;
	}
	chain_lock(cs);
	tip = chain_tip(cs);
	hdr = chain_best_header(cs);
	json_object_set_new(o, "chain", json_string(p->name));
	json_object_set_new(o, "blocks", json_integer(tip->height));
	json_object_set_new(o, "headers", json_integer(hdr ? hdr->height : -1));
	json_object_set_new(o, "bestblockhash", hash_json(&tip->hash));
	json_object_set_new(o, "difficulty", json_real(pow_difficulty(tip->hdr.bits)));
	json_object_set_new(o, "mediantime", json_integer(block_index_mtp(tip)));
	json_object_set_new(o, "verificationprogress", json_real(chain_progress(cs, tip)));
	json_object_set_new(o, "initialblockdownload", json_boolean(chain_is_ibd(cs)));
	arith_hex(&tip->chainwork, hex);
	json_object_set_new(o, "chainwork", json_string(hex));
	json_object_set_new(o, "size_on_disk", json_integer((json_int_t)chain_disk_usage(cs)));
	json_object_set_new(o, "pruned", json_false());
	json_object_set_new(o, "softforks",
			    json_pack("[o,o,o]", softfork("bip34", 2, tip->height, p->bip34_height),
				      softfork("bip66", 3, tip->height, p->bip66_height),
				      softfork("bip65", 4, tip->height, p->bip65_height)));
	json_object_set_new(o, "bip9_softforks",
			    json_pack("{s:o,s:o}", "csv", bip9_desc(p, DEPLOYMENT_CSV, tip),
				      "segwit", bip9_desc(p, DEPLOYMENT_SEGWIT, tip)));
	json_object_set_new(o, "warnings", json_string(chain_warnings(cs)));
	chain_unlock(cs);
	return o;
}

static json_t *gettxout(struct rpc_call *c)
{
	struct chainstate *cs = c->node->chain;
	struct outpoint op;
	struct coin coin;
	struct block_index *best;
	json_t *o;
	bool mempool = true;
	int n, err;

	if (!rpc_check_nargs(c, 2, 3) ||
	    !rpc_get_hash(c, json_array_get(c->params, 0), "txid", &op.txid) ||
	    !rpc_get_int(c, rpc_arg(c, 1), &n) ||
	    (rpc_arg(c, 2) && !rpc_get_bool(c, rpc_arg(c, 2), &mempool)))
		return NULL;
	op.n = (uint32_t)n;
	chain_lock(cs);
	err = chain_get_coin(cs, &op, &coin); /* minicoin has no mempool to consult */
	best = err ? NULL : chain_coins_tip(cs);
	chain_unlock(cs);
	if (err == -ENOENT)
		return json_null();
	if (err || !best) {
		if (!err)
			coin_clear(&coin);
		return rpc_fail(c, RPC_INTERNAL_ERROR, "Database error");
	}
	o = json_object();
	json_object_set_new(o, "bestblock", hash_json(&best->hash));
	json_object_set_new(o, "confirmations", json_integer(best->height - (int)coin.height + 1));
	json_object_set_new(o, "value", json_amount(coin.value));
	json_object_set_new(o, "scriptPubKey",
			    txjson_script_pubkey(coin.script.p, coin.script.len));
	json_object_set_new(o, "coinbase", json_boolean(coin.coinbase));
	coin_clear(&coin);
	return o;
}

const struct rpc_command rpc_blockchain_commands[] = {
    {"blockchain", "getbestblockhash", getbestblockhash, "",
     "getbestblockhash\n"
     "\nReturns the hash of the best (tip) block in the longest blockchain.\n"
     "\nResult:\n\"hex\"      (string) the block hash hex encoded\n"},
    {"blockchain", "getblock", getblock, "blockhash,verbosity",
     "getblock \"blockhash\" ( verbosity )\n"
     "\nIf verbosity is 0, returns a string that is serialized, hex-encoded data for block "
     "'hash'.\nIf verbosity is 1, returns an Object with information about block <hash>.\n"
     "If verbosity is 2, returns an Object with information about block <hash> and "
     "information about each transaction.\n"
     "\nArguments:\n"
     "1. \"blockhash\"          (string, required) The block hash\n"
     "2. verbosity              (numeric, optional, default=1) 0 for hex encoded data, 1 "
     "for a json object, and 2 for json object with transaction data\n"},
    {"blockchain", "getblockchaininfo", getblockchaininfo, "",
     "getblockchaininfo\n"
     "Returns an object containing various state info regarding blockchain processing.\n"},
    {"blockchain", "getblockcount", getblockcount, "",
     "getblockcount\n"
     "\nReturns the number of blocks in the longest blockchain.\n"
     "\nResult:\nn    (numeric) The current block count\n"},
    {"blockchain", "getblockhash", getblockhash, "height",
     "getblockhash height\n"
     "\nReturns hash of block in best-block-chain at height provided.\n"
     "\nArguments:\n1. height         (numeric, required) The height index\n"
     "\nResult:\n\"hash\"         (string) The block hash\n"},
    {"blockchain", "gettxout", gettxout, "txid,n,include_mempool",
     "gettxout \"txid\" n ( include_mempool )\n"
     "\nReturns details about an unspent transaction output.\n"
     "\nArguments:\n"
     "1. \"txid\"             (string, required) The transaction id\n"
     "2. \"n\"                (numeric, required) vout number\n"
     "3. \"include_mempool\"  (boolean, optional) Whether to include the mempool. Default: "
     "true.\n"},
    {0},
};
