/* SPDX-License-Identifier: MIT */
/* The regtest chain's parameters (Core's CRegTestParams, as of 2018 where they differ
 * from today's): genesis, proof-of-work limit, subsidy schedule, soft-fork heights,
 * BIP9 deployments, network magic and RPC port. minicoin implements no other chain. */
#ifndef MINICOIN_CHAINPARAMS_H
#define MINICOIN_CHAINPARAMS_H

#include "arith.h"
#include "block.h"

#include <stdint.h>

enum deployment_pos { DEPLOYMENT_TESTDUMMY, DEPLOYMENT_CSV, DEPLOYMENT_SEGWIT, MAX_DEPLOYMENTS };

#define BIP9_ALWAYS_ACTIVE (-1)

struct bip9_deployment {
	const char *name;
	int bit;
	int64_t start_time;
	int64_t timeout;
};

struct chainparams {
	const char *name; /* "regtest": getblockchaininfo.chain and the datadir subdir */
	uint8_t magic[4]; /* pchMessageStart, also the blk file record marker */
	int rpc_port;
	struct arith256 pow_limit;
	int64_t pow_target_spacing;
	int64_t pow_target_timespan;
	int subsidy_halving_interval;
	int bip34_height, bip65_height, bip66_height;
	int vb_window;	  /* nMinerConfirmationWindow */
	int vb_threshold; /* nRuleChangeActivationThreshold */
	struct bip9_deployment deployments[MAX_DEPLOYMENTS];
	/* chainTxData for GuessVerificationProgress: all zero on regtest */
	int64_t txdata_time, txdata_count;
	double txdata_rate;
	const char *genesis_hash_hex;
};

const struct chainparams *chainparams_regtest(void);
/* CreateGenesisBlock(1296688602, 2, 0x207fffff, 1, 50 * COIN); caller clears it. */
void chainparams_genesis(struct block *out);
/* GetBlockSubsidy: 50 BTC halved every subsidy_halving_interval blocks, 0 after 64. */
int64_t chainparams_subsidy(const struct chainparams *p, int height);

#endif
