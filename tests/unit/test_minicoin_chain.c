// SPDX-License-Identifier: MIT
/* The chainstate end to end, in a temporary directory: genesis, mining, the IBD latch,
 * rejection reasons for bad blocks, coins cache hits and misses, flushes forced by a
 * small cache, persistence across a clean close, and replay after an unflushed one. */
#include "check.h"

#include "chain.h"
#include "log.h"
#include "miner.h"
#include "pow.h"
#include "script.h"
#include "versionbits.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/test_minicoin_chain.XXXXXX";
static const uint8_t pay_script[] = {OP_1};

static int submit(void *ctx, const struct block *b, char *reject, size_t rlen)
{
	return chain_process_block(ctx, b, reject, rlen);
}

static struct chainstate *open_chain(size_t cache_bytes)
{
	struct chain_options o = {
	    .netdir = dir,
	    .coins_cache_bytes = cache_bytes,
	    .coinsdb_cache_bytes = 1 << 20,
	    .index_cache_bytes = 1 << 20,
	    .max_tip_age = 24 * 60 * 60,
	};
	struct chainstate *cs = NULL;

	CHECK_EQ_INT(chain_open(chainparams_regtest(), &o, &cs), 0);
	return cs;
}

static int height(struct chainstate *cs)
{
	struct block_index *tip;
	int h;

	chain_lock(cs);
	tip = chain_tip(cs);
	h = tip ? tip->height : -1;
	chain_unlock(cs);
	return h;
}

static int mine(struct chainstate *cs, int n)
{
	struct miner *m = miner_new(cs, submit, cs);
	struct u256 *hashes;
	char reject[128];
	int count, err;

	err = miner_generate(m, pay_script, sizeof(pay_script), n, 1000000, &hashes, &count, reject,
			     sizeof(reject));
	free(hashes);
	miner_free(m);
	return err ? err : count;
}

/* A block template with a valid nonce, after `tweak` changed it. */
static void solve(struct block *b)
{
	struct u256 h;

	for (b->hdr.nonce = 0;; b->hdr.nonce++) {
		header_hash(&b->hdr, &h);
		if (pow_check(&h, b->hdr.bits, chainparams_regtest()))
			return;
	}
}

static void expect_reject(struct chainstate *cs, struct block *b, const char *why)
{
	char reject[128] = "";

	CHECK_EQ_INT(chain_process_block(cs, b, reject, sizeof(reject)), -EINVAL);
	CHECK_EQ_STR(reject, why);
	block_clear(b);
}

static void test_rejections(struct chainstate *cs)
{
	struct miner *m = miner_new(cs, submit, cs);
	struct block b;
	struct u256 h;

	miner_create_block(m, pay_script, sizeof(pay_script), 1, &b);
	b.hdr.prev.b[0] ^= 1;
	solve(&b);
	expect_reject(cs, &b, "prev-blk-not-found");

	miner_create_block(m, pay_script, sizeof(pay_script), 1, &b);
	b.hdr.merkle.b[0] ^= 1;
	solve(&b);
	expect_reject(cs, &b, "bad-txnmrklroot");

	miner_create_block(m, pay_script, sizeof(pay_script), 1, &b);
	for (b.hdr.nonce = 0;; b.hdr.nonce++) {
		header_hash(&b.hdr, &h);
		if (!pow_check(&h, b.hdr.bits, chainparams_regtest()))
			break;
	}
	expect_reject(cs, &b, "high-hash");

	miner_create_block(m, pay_script, sizeof(pay_script), 1, &b);
	b.vtx[0].vout[0].value += 1;
	block_merkle_root(&b, &b.hdr.merkle, NULL);
	solve(&b);
	expect_reject(cs, &b, "bad-cb-amount");

	miner_create_block(m, pay_script, sizeof(pay_script), 1, &b);
	chain_lock(cs);
	b.hdr.time = (uint32_t)block_index_mtp(chain_tip(cs));
	chain_unlock(cs);
	solve(&b);
	expect_reject(cs, &b, "time-too-old");

	miner_create_block(m, pay_script, sizeof(pay_script), 1, &b);
	b.hdr.time += 3 * 60 * 60;
	solve(&b);
	expect_reject(cs, &b, "time-too-new");

	miner_create_block(m, pay_script, sizeof(pay_script), 1, &b);
	b.hdr.bits = 0x207ffffe;
	solve(&b);
	expect_reject(cs, &b, "bad-diffbits");

	miner_create_block(m, pay_script, sizeof(pay_script), 1, &b);
	b.vtx[0].vin[0].script_sig.len = 1;
	block_merkle_root(&b, &b.hdr.merkle, NULL);
	solve(&b);
	expect_reject(cs, &b, "bad-cb-length");

	miner_create_block(m, pay_script, sizeof(pay_script), 1, &b);
	b.vtx[0].vin[0].witness[0].p[0] = 1;
	solve(&b);
	expect_reject(cs, &b, "bad-witness-merkle-match");
	miner_free(m);
}

static void test_fresh(void)
{
	struct chainstate *cs = open_chain(1 << 20);
	struct block_index *e;
	struct outpoint op;
	struct coin c;
	struct block b;
	uint64_t hits, misses;

	CHECK_EQ_INT(height(cs), -1);
	CHECK_EQ_INT(chain_activate_best(cs), 0);
	CHECK_EQ_INT(height(cs), 0);
	chain_lock(cs);
	CHECK(chain_is_ibd(cs));
	chain_unlock(cs);
	CHECK_EQ_INT(mine(cs, 3), 3);
	CHECK_EQ_INT(height(cs), 3);
	chain_lock(cs);
	CHECK(!chain_is_ibd(cs));
	e = chain_at(cs, 1);
	CHECK_EQ_INT(chain_read_block(cs, e, &b), 0);
	tx_txid(&b.vtx[0], &op.txid);
	op.n = 0;
	CHECK_EQ_INT(chain_get_coin(cs, &op, &c), 0);
	CHECK(c.value == 50 * COIN && c.height == 1 && c.coinbase);
	coin_clear(&c);
	op.n = 1; /* the witness commitment: unspendable, never a coin */
	CHECK_EQ_INT(chain_get_coin(cs, &op, &c), -ENOENT);
	block_clear(&b);
	chain_unlock(cs);
	chain_cache_stats(cs, &hits, &misses);
	CHECK_EQ_INT(hits, 1);
	CHECK_EQ_INT(misses, 3 * 2 + 1); /* BIP30 lookups of both outputs per block, then op 1 */
	test_rejections(cs);
	CHECK_EQ_INT(height(cs), 3);
	CHECK_EQ_INT(chain_flush(cs, FLUSH_ALWAYS), 0);
	chain_close(cs);
}

static void test_reopen(void)
{
	struct chainstate *cs = open_chain(1 << 20);
	uint64_t hits, misses;

	CHECK_EQ_INT(height(cs), 3); /* the flushed tip, before any activation */
	CHECK_EQ_INT(chain_activate_best(cs), 0);
	CHECK_EQ_INT(height(cs), 3);
	/* unflushed blocks are replayed from the block files on the next start */
	CHECK_EQ_INT(mine(cs, 4), 4);
	chain_close(cs);
	cs = open_chain(1 << 20);
	CHECK_EQ_INT(height(cs), 3);
	CHECK_EQ_INT(chain_activate_best(cs), 0);
	CHECK_EQ_INT(height(cs), 7);
	chain_lock(cs);
	for (int h = 0; h <= 7; h++)
		CHECK(block_index_ancestor(chain_tip(cs), h) == chain_at(cs, h));
	CHECK(block_index_ancestor(chain_tip(cs), 8) == NULL);
	chain_unlock(cs);
	chain_cache_stats(cs, &hits, &misses);
	CHECK_EQ_INT(misses, 4 * 2);
	chain_close(cs);
}

/* With a cache of a few entries every block overflows it, so the coins reach the database
 * without any explicit flush. */
static void test_small_cache(void)
{
	struct chainstate *cs = open_chain(1200);

	CHECK_EQ_INT(chain_activate_best(cs), 0);
	CHECK_EQ_INT(mine(cs, 5), 5);
	chain_close(cs);
	cs = open_chain(1200);
	CHECK(height(cs) >= 10);
	chain_close(cs);
}

/* BIP9 on regtest (2018): testdummy and csv are STARTED from height 144 (blocks signal
 * bits 28 and 0), LOCKED_IN from 288, ACTIVE from 432; segwit is always active. */
static void test_versionbits(void)
{
	const struct chainparams *p = chainparams_regtest();
	struct chainstate *cs = open_chain(1 << 20);
	struct block_index *tip;

	CHECK_EQ_INT(chain_activate_best(cs), 0);
	CHECK_EQ_INT(mine(cs, 440 - height(cs)), 440 - 12);
	chain_lock(cs);
	CHECK_EQ_INT(chain_at(cs, 143)->hdr.version, 0x20000000);
	CHECK_EQ_INT(chain_at(cs, 144)->hdr.version, 0x30000001);
	CHECK_EQ_INT(chain_at(cs, 431)->hdr.version, 0x30000001);
	CHECK_EQ_INT(chain_at(cs, 432)->hdr.version, 0x20000000);
	tip = chain_tip(cs);
	CHECK_EQ_INT(versionbits_state(p, DEPLOYMENT_CSV, tip), VB_ACTIVE);
	CHECK_EQ_INT(versionbits_since(p, DEPLOYMENT_CSV, tip), 432);
	CHECK_EQ_INT(versionbits_state(p, DEPLOYMENT_CSV, chain_at(cs, 300)), VB_LOCKED_IN);
	CHECK_EQ_INT(versionbits_since(p, DEPLOYMENT_CSV, chain_at(cs, 300)), 288);
	CHECK_EQ_INT(versionbits_state(p, DEPLOYMENT_CSV, chain_at(cs, 142)), VB_DEFINED);
	CHECK_EQ_INT(versionbits_state(p, DEPLOYMENT_SEGWIT, NULL), VB_ACTIVE);
	CHECK_EQ_INT(chainparams_subsidy(p, 150), 25 * COIN);
	chain_unlock(cs);
	chain_close(cs);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	log_open(NULL, false, false);
	test_fresh();
	test_reopen();
	test_small_cache();
	test_versionbits();
	log_close();
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return check_done("test_minicoin_chain");
}
