// SPDX-License-Identifier: MIT
/* Consensus checks on blocks, in the order and with the reject reasons of Core (2018).
 * minicoin checks no signatures: a block whose non-coinbase transaction spends an
 * existing coin is rejected rather than accepted unverified. */
#include "validation.h"

#include "pow.h"
#include "script.h"
#include "versionbits.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LOCKTIME_THRESHOLD 500000000u

static int reject_with(char *reject, size_t rlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int reject_with(char *reject, size_t rlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reject, rlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool money_range(int64_t v)
{
	return v >= 0 && v <= MAX_MONEY;
}

/* CheckTransaction */
static int check_tx(const struct tx *tx, char *reject, size_t rlen)
{
	int64_t total = 0;

	if (tx->nin == 0)
		return reject_with(reject, rlen, "bad-txns-vin-empty");
	if (tx->nout == 0)
		return reject_with(reject, rlen, "bad-txns-vout-empty");
	if (tx_size(tx, false) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT)
		return reject_with(reject, rlen, "bad-txns-oversize");
	for (size_t i = 0; i < tx->nout; i++) {
		if (tx->vout[i].value < 0)
			return reject_with(reject, rlen, "bad-txns-vout-negative");
		if (tx->vout[i].value > MAX_MONEY)
			return reject_with(reject, rlen, "bad-txns-vout-toolarge");
		total += tx->vout[i].value;
		if (!money_range(total))
			return reject_with(reject, rlen, "bad-txns-txouttotal-toolarge");
	}
	for (size_t i = 0; i < tx->nin; i++)
		for (size_t j = i + 1; j < tx->nin; j++)
			if (tx->vin[i].prevout.n == tx->vin[j].prevout.n &&
			    u256_eq(&tx->vin[i].prevout.txid, &tx->vin[j].prevout.txid))
				return reject_with(reject, rlen, "bad-txns-inputs-duplicate");
	if (tx_is_coinbase(tx)) {
		size_t n = tx->vin[0].script_sig.len;

		if (n < 2 || n > 100)
			return reject_with(reject, rlen, "bad-cb-length");
		return 0;
	}
	for (size_t i = 0; i < tx->nin; i++)
		if (u256_is_zero(&tx->vin[i].prevout.txid) && tx->vin[i].prevout.n == 0xffffffffu)
			return reject_with(reject, rlen, "bad-txns-prevout-null");
	return 0;
}

int validation_check_block(const struct block *b, const struct u256 *hash,
			   const struct chainparams *p, char *reject, size_t rlen)
{
	struct u256 root;
	bool mutated;
	int err;

	if (!pow_check(hash, b->hdr.bits, p))
		return reject_with(reject, rlen, "high-hash");
	block_merkle_root(b, &root, &mutated);
	if (!u256_eq(&root, &b->hdr.merkle))
		return reject_with(reject, rlen, "bad-txnmrklroot");
	if (mutated)
		return reject_with(reject, rlen, "bad-txns-duplicate");
	if (b->ntx == 0 || b->ntx * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT ||
	    block_size(b, false) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT)
		return reject_with(reject, rlen, "bad-blk-length");
	if (!tx_is_coinbase(&b->vtx[0]))
		return reject_with(reject, rlen, "bad-cb-missing");
	for (size_t i = 1; i < b->ntx; i++)
		if (tx_is_coinbase(&b->vtx[i]))
			return reject_with(reject, rlen, "bad-cb-multiple");
	for (size_t i = 0; i < b->ntx; i++) {
		err = check_tx(&b->vtx[i], reject, rlen);
		if (err)
			return err;
	}
	return 0;
}

static bool tx_is_final(const struct tx *tx, int height, int64_t cutoff)
{
	if (tx->locktime == 0)
		return true;
	if ((int64_t)tx->locktime < (tx->locktime < LOCKTIME_THRESHOLD ? height : cutoff))
		return true;
	for (size_t i = 0; i < tx->nin; i++)
		if (tx->vin[i].sequence != SEQUENCE_FINAL)
			return false;
	return true;
}

/* ContextualCheckBlockHeader */
static int check_header_context(const struct header *h, struct block_index *prev,
				const struct chainparams *p, int64_t now, char *reject, size_t rlen)
{
	int height = prev->height + 1;

	if (h->bits != pow_next_bits(prev, h->time, p))
		return reject_with(reject, rlen, "bad-diffbits");
	if ((int64_t)h->time <= block_index_mtp(prev))
		return reject_with(reject, rlen, "time-too-old");
	if ((int64_t)h->time > now + MAX_FUTURE_BLOCK_TIME)
		return reject_with(reject, rlen, "time-too-new");
	if ((h->version < 2 && height >= p->bip34_height) ||
	    (h->version < 3 && height >= p->bip66_height) ||
	    (h->version < 4 && height >= p->bip65_height))
		return reject_with(reject, rlen, "bad-version(0x%08x)", (unsigned)h->version);
	return 0;
}

static int check_bip34(const struct block *b, int height, char *reject, size_t rlen)
{
	struct wbuf expect = {0};
	const struct bytes *sig = &b->vtx[0].vin[0].script_sig;
	bool ok;

	script_push_int(&expect, height);
	ok = sig->len >= expect.len && memcmp(sig->p, expect.data, expect.len) == 0;
	wbuf_free(&expect);
	return ok ? 0 : reject_with(reject, rlen, "bad-cb-height");
}

/* BIP141: a commitment in the coinbase binds the witness merkle root and a 32-byte
 * reserved value carried as the coinbase input's only witness item. */
static int check_witness(const struct block *b, struct block_index *prev,
			 const struct chainparams *p, char *reject, size_t rlen)
{
	int pos = -1;

	if (versionbits_state(p, DEPLOYMENT_SEGWIT, prev) == VB_ACTIVE)
		pos = block_witness_commitment_index(b);
	if (pos >= 0) {
		const struct txin *in = &b->vtx[0].vin[0];
		struct u256 root, reserved;
		uint8_t script[38];

		if (in->nwitness != 1 || in->witness[0].len != 32)
			return reject_with(reject, rlen, "bad-witness-nonce-size");
		block_witness_merkle_root(b, &root);
		memcpy(reserved.b, in->witness[0].p, 32);
		block_commitment_script(&root, &reserved, script);
		if (memcmp(script + 6, b->vtx[0].vout[pos].script.p + 6, 32) != 0)
			return reject_with(reject, rlen, "bad-witness-merkle-match");
		return 0;
	}
	for (size_t i = 0; i < b->ntx; i++)
		if (tx_has_witness(&b->vtx[i]))
			return reject_with(reject, rlen, "unexpected-witness");
	return 0;
}

int validation_contextual_check(const struct block *b, struct block_index *prev,
				const struct chainparams *p, int64_t now, char *reject, size_t rlen)
{
	int height = prev->height + 1, err;
	int64_t cutoff = b->hdr.time;

	err = check_header_context(&b->hdr, prev, p, now, reject, rlen);
	if (err)
		return err;
	if (versionbits_state(p, DEPLOYMENT_CSV, prev) == VB_ACTIVE)
		cutoff = block_index_mtp(prev); /* BIP113 */
	for (size_t i = 0; i < b->ntx; i++)
		if (!tx_is_final(&b->vtx[i], height, cutoff))
			return reject_with(reject, rlen, "bad-txns-nonfinal");
	if (height >= p->bip34_height) {
		err = check_bip34(b, height, reject, rlen);
		if (err)
			return err;
	}
	err = check_witness(b, prev, p, reject, rlen);
	if (err)
		return err;
	if (block_weight(b) > MAX_BLOCK_WEIGHT)
		return reject_with(reject, rlen, "bad-blk-weight");
	return 0;
}

/* Inputs of non-coinbase transactions: missing coins are Core's reason; present ones
 * would need script verification, which minicoin does not implement. */
static int check_inputs(const struct block *b, struct coins_cache *coins, char *reject, size_t rlen)
{
	for (size_t i = 1; i < b->ntx; i++) {
		for (size_t j = 0; j < b->vtx[i].nin; j++) {
			int have = coins_have(coins, &b->vtx[i].vin[j].prevout);

			if (have < 0)
				return have;
			if (!have)
				return reject_with(reject, rlen, "bad-txns-inputs-missingorspent");
			return reject_with(reject, rlen,
					   "mandatory-script-verify-flag-failed (minicoin "
					   "verifies no signatures)");
		}
	}
	return 0;
}

/* BIP30: no transaction may overwrite an unspent output of an earlier one. These are
 * the coins cache lookups (misses, on a fresh chain) of every block connected. */
static int check_bip30(const struct block *b, struct coins_cache *coins, char *reject, size_t rlen)
{
	for (size_t i = 0; i < b->ntx; i++) {
		struct outpoint op;

		tx_txid(&b->vtx[i], &op.txid);
		for (op.n = 0; op.n < b->vtx[i].nout; op.n++) {
			int have = coins_have(coins, &op);

			if (have < 0)
				return have;
			if (have)
				return reject_with(reject, rlen, "bad-txns-BIP30");
		}
	}
	return 0;
}

/* UpdateCoins for transactions that spend nothing: every output becomes a coin. */
static void add_outputs(const struct block *b, const struct block_index *e,
			struct coins_cache *coins)
{
	for (size_t i = 0; i < b->ntx; i++) {
		struct outpoint op;

		tx_txid(&b->vtx[i], &op.txid);
		for (op.n = 0; op.n < b->vtx[i].nout; op.n++) {
			struct coin c = {
			    .value = b->vtx[i].vout[op.n].value,
			    .script = b->vtx[i].vout[op.n].script,
			    .height = (uint32_t)e->height,
			    .coinbase = i == 0,
			};

			coins_add(coins, &op, &c);
		}
	}
}

int validation_connect_block(const struct block *b, const struct block_index *e,
			     struct coins_cache *coins, const struct chainparams *p, char *reject,
			     size_t rlen)
{
	struct u256 genesis;
	int64_t out = 0;
	int err;

	u256_from_hex(p->genesis_hash_hex, &genesis);
	if (u256_eq(&e->hash, &genesis)) {
		coins_set_best_block(coins, &e->hash);
		return 0;
	}
	err = check_bip30(b, coins, reject, rlen);
	if (!err)
		err = check_inputs(b, coins, reject, rlen);
	if (err)
		return err;
	for (size_t i = 0; i < b->vtx[0].nout; i++)
		out += b->vtx[0].vout[i].value;
	if (out > chainparams_subsidy(p, e->height))
		return reject_with(reject, rlen, "bad-cb-amount");
	add_outputs(b, e, coins);
	coins_set_best_block(coins, &e->hash);
	return 0;
}
