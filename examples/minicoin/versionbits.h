/* SPDX-License-Identifier: MIT */
/* BIP9 version bits: the state of each deployment for the block after a given one, the
 * block version a miner signals with, and the statistics getblockchaininfo reports. */
#ifndef MINICOIN_VERSIONBITS_H
#define MINICOIN_VERSIONBITS_H

#include "blockindex.h"
#include "chainparams.h"

#include <stdint.h>

#define VERSIONBITS_TOP_BITS 0x20000000
#define VERSIONBITS_TOP_MASK 0xe0000000u

enum vb_state { VB_DEFINED, VB_STARTED, VB_LOCKED_IN, VB_ACTIVE, VB_FAILED };

struct vb_stats {
	int period, threshold, elapsed, count;
	bool possible;
};

/* State for the block following prev (NULL: for genesis). Caches results in the index. */
enum vb_state versionbits_state(const struct chainparams *p, enum deployment_pos d,
				struct block_index *prev);
/* First height of the period since which the state for the block after prev holds. */
int versionbits_since(const struct chainparams *p, enum deployment_pos d, struct block_index *prev);
void versionbits_stats(const struct chainparams *p, enum deployment_pos d, struct block_index *prev,
		       struct vb_stats *out);
/* ComputeBlockVersion: top bits plus every deployment that is STARTED or LOCKED_IN. */
int32_t versionbits_block_version(const struct chainparams *p, struct block_index *prev);
const char *versionbits_state_name(enum vb_state s);

#endif
