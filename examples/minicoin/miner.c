// SPDX-License-Identifier: MIT
/* The regtest miner. Blocks are built as Core's 2018 BlockAssembler builds them: version
 * from the BIP9 states, time max(MTP + 1, now), coinbase version 2 with BIP34 height and
 * extranonce, the subsidy to the requested script, and the segwit commitment output with
 * its 32-byte zero witness reserved value. No mempool: the coinbase is the only
 * transaction. */
#include "miner.h"

#include "alloc.h"
#include "pow.h"
#include "script.h"
#include "versionbits.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INNER_LOOP_COUNT 0x10000

struct miner {
	struct chainstate *cs;
	miner_submit_fn submit;
	void *ctx;
	pthread_mutex_t mu; /* one generate call at a time: each builds on the last */
};

struct miner *miner_new(struct chainstate *cs, miner_submit_fn submit, void *ctx)
{
	struct miner *m = xcalloc(1, sizeof(*m));

	m->cs = cs;
	m->submit = submit;
	m->ctx = ctx;
	pthread_mutex_init(&m->mu, NULL);
	return m;
}

void miner_free(struct miner *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->mu);
	free(m);
}

static void build_coinbase(struct tx *cb, int height, unsigned extranonce, int64_t value,
			   const uint8_t *script, size_t slen)
{
	struct wbuf sig = {0};
	uint8_t en[4];
	size_t enlen = 0;

	/* CScript() << nHeight << CScriptNum(nExtraNonce): the extranonce is pushed as data */
	script_push_int(&sig, height);
	for (unsigned v = extranonce; v; v >>= 8)
		en[enlen++] = (uint8_t)v;
	if (enlen && (en[enlen - 1] & 0x80))
		en[enlen++] = 0;
	script_push_data(&sig, en, enlen);

	memset(cb, 0, sizeof(*cb));
	cb->version = 2;
	cb->nin = 1;
	cb->vin = xcalloc(1, sizeof(*cb->vin));
	cb->vin[0].prevout.n = 0xffffffffu;
	cb->vin[0].script_sig.p = sig.data;
	cb->vin[0].script_sig.len = sig.len;
	cb->vin[0].sequence = SEQUENCE_FINAL;
	tx_add_output(cb, value, script, slen);
}

/* GenerateCoinbaseCommitment: the witness root of a coinbase-only block is zero. */
static void add_commitment(struct block *b)
{
	static const struct u256 reserved;
	struct txin *in = &b->vtx[0].vin[0];
	struct u256 root;
	uint8_t script[38];

	block_witness_merkle_root(b, &root);
	block_commitment_script(&root, &reserved, script);
	tx_add_output(&b->vtx[0], 0, script, sizeof(script));
	in->nwitness = 1;
	in->witness = xcalloc(1, sizeof(*in->witness));
	bytes_set(&in->witness[0], reserved.b, 32);
}

void miner_create_block(struct miner *m, const uint8_t *script, size_t slen, unsigned extranonce,
			struct block *out)
{
	const struct chainparams *p = chain_params(m->cs);
	struct block_index *tip;
	struct tx cb;
	int64_t now = time(NULL), mtp;

	chain_lock(m->cs);
	tip = chain_tip(m->cs);
	memset(out, 0, sizeof(*out));
	mtp = block_index_mtp(tip);
	out->hdr.version = versionbits_block_version(p, tip);
	out->hdr.prev = tip->hash;
	out->hdr.time = (uint32_t)(now > mtp + 1 ? now : mtp + 1);
	out->hdr.bits = pow_next_bits(tip, out->hdr.time, p);
	out->hdr.nonce = 0;
	build_coinbase(&cb, tip->height + 1, extranonce, chainparams_subsidy(p, tip->height + 1),
		       script, slen);
	chain_unlock(m->cs);
	block_add_tx(out, &cb);
	add_commitment(out);
	block_merkle_root(out, &out->hdr.merkle, NULL);
}

static void push_hash(struct u256 **hashes, int *count, const struct u256 *h)
{
	*hashes = xrealloc(*hashes, (size_t)(*count + 1) * sizeof(**hashes));
	(*hashes)[(*count)++] = *h;
}

int miner_generate(struct miner *m, const uint8_t *script, size_t slen, int n, uint64_t max_tries,
		   struct u256 **hashes, int *count, char *reject, size_t rlen)
{
	struct u256 last_prev = {{0}}, hash;
	const struct chainparams *p = chain_params(m->cs);
	unsigned extranonce = 0;
	int err = 0;

	*hashes = NULL;
	*count = 0;
	pthread_mutex_lock(&m->mu);
	while (*count < n) {
		struct block b;

		/* IncrementExtraNonce: restarts at 1 on each new parent */
		chain_lock(m->cs);
		if (!u256_eq(&last_prev, &chain_tip(m->cs)->hash)) {
			last_prev = chain_tip(m->cs)->hash;
			extranonce = 0;
		}
		chain_unlock(m->cs);
		miner_create_block(m, script, slen, ++extranonce, &b);
		header_hash(&b.hdr, &hash);
		while (max_tries > 0 && b.hdr.nonce < INNER_LOOP_COUNT &&
		       !pow_check(&hash, b.hdr.bits, p)) {
			b.hdr.nonce++;
			max_tries--;
			header_hash(&b.hdr, &hash);
		}
		if (max_tries == 0 || b.hdr.nonce == INNER_LOOP_COUNT) {
			block_clear(&b);
			if (max_tries == 0)
				break;
			continue;
		}
		err = m->submit(m->ctx, &b, reject, rlen);
		block_clear(&b);
		if (err) {
			err = -EIO;
			break;
		}
		push_hash(hashes, count, &hash);
	}
	pthread_mutex_unlock(&m->mu);
	return err;
}
