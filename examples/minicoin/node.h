/* SPDX-License-Identifier: MIT */
/* What the RPC commands operate on: the running node's chainstate and miner. */
#ifndef MINICOIN_NODE_H
#define MINICOIN_NODE_H

#include "chain.h"
#include "miner.h"

#include <stdint.h>

struct node {
	struct chainstate *chain;
	struct miner *miner;
	int64_t start_time;
};

#endif
