// SPDX-License-Identifier: MIT
/* Regtest consensus parameters and the genesis block. The genesis coinbase is the same
 * transaction as mainnet's (the "Times 03/Jan/2009" one); only time, bits and nonce
 * differ, giving hash 0f9188f1...2206. */
#include "chainparams.h"

#include "alloc.h"
#include "hex.h"
#include "script.h"

#include <string.h>

static const char genesis_message[] =
    "The Times 03/Jan/2009 Chancellor on brink of second bailout for banks";
static const char genesis_pubkey[] =
    "04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61de"
    "b649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f";

static struct chainparams regtest = {
    .name = "regtest",
    .magic = {0xfa, 0xbf, 0xb5, 0xda},
    .rpc_port = 18443,
    .pow_target_spacing = 10 * 60,
    .pow_target_timespan = 14 * 24 * 60 * 60,
    .subsidy_halving_interval = 150,
    /* 2018 regtest: BIP34 not enforced by height (the miner still writes it) */
    .bip34_height = 100000000,
    .bip65_height = 1351,
    .bip66_height = 1251,
    .vb_window = 144,
    .vb_threshold = 108,
    .deployments =
	{
	    [DEPLOYMENT_TESTDUMMY] = {"testdummy", 28, 0, 999999999999ll},
	    [DEPLOYMENT_CSV] = {"csv", 0, 0, 999999999999ll},
	    [DEPLOYMENT_SEGWIT] = {"segwit", 1, BIP9_ALWAYS_ACTIVE, 999999999999ll},
	},
    .genesis_hash_hex = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
};

const struct chainparams *chainparams_regtest(void)
{
	/* powLimit = 0x7fff...ff */
	if (regtest.pow_limit.pn[7] == 0) {
		memset(regtest.pow_limit.pn, 0xff, sizeof(regtest.pow_limit.pn));
		regtest.pow_limit.pn[7] = 0x7fffffff;
	}
	return &regtest;
}

void chainparams_genesis(struct block *out)
{
	struct tx cb = {.version = 1};
	struct wbuf sig = {0}, spk = {0};
	static const uint8_t nbits_push[] = {0xff, 0xff, 0x00, 0x1d};
	static const uint8_t four[] = {4};
	uint8_t pubkey[65];
	size_t n;

	script_push_data(&sig, nbits_push, sizeof(nbits_push));
	script_push_data(&sig, four, sizeof(four));
	script_push_data(&sig, genesis_message, strlen(genesis_message));
	hex_decode(genesis_pubkey, pubkey, sizeof(pubkey), &n);
	script_push_data(&spk, pubkey, n);
	wbuf_u8(&spk, OP_CHECKSIG);

	cb.nin = 1;
	cb.vin = xcalloc(1, sizeof(*cb.vin));
	cb.vin[0].prevout.n = 0xffffffffu;
	cb.vin[0].script_sig.p = sig.data;
	cb.vin[0].script_sig.len = sig.len;
	cb.vin[0].sequence = SEQUENCE_FINAL;
	tx_add_output(&cb, 50 * COIN, spk.data, spk.len);
	wbuf_free(&spk);

	memset(out, 0, sizeof(*out));
	out->hdr.version = 1;
	out->hdr.time = 1296688602;
	out->hdr.bits = 0x207fffff;
	out->hdr.nonce = 2;
	block_add_tx(out, &cb);
	block_merkle_root(out, &out->hdr.merkle, NULL);
}

int64_t chainparams_subsidy(const struct chainparams *p, int height)
{
	int halvings = height / p->subsidy_halving_interval;

	if (halvings >= 64)
		return 0;
	return (50 * COIN) >> halvings;
}
