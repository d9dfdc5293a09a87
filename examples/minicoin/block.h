/* SPDX-License-Identifier: MIT */
/* Blocks: the 80-byte header, the block (header + transactions), their serialization,
 * hashes and merkle roots (Core's primitives/block.h and consensus/merkle.cpp). */
#ifndef MINICOIN_BLOCK_H
#define MINICOIN_BLOCK_H

#include "hash.h"
#include "ser.h"
#include "tx.h"

#include <stdbool.h>
#include <stdint.h>

#define HEADER_SIZE 80
#define WITNESS_SCALE_FACTOR 4

struct header {
	int32_t version;
	struct u256 prev;
	struct u256 merkle;
	uint32_t time;
	uint32_t bits;
	uint32_t nonce;
};

struct block {
	struct header hdr;
	struct tx *vtx;
	size_t ntx;
};

void header_serialize(const struct header *h, uint8_t out[HEADER_SIZE]);
void header_deserialize(struct header *h, const uint8_t in[HEADER_SIZE]);
/* SHA256d of the serialized header. */
void header_hash(const struct header *h, struct u256 *out);

void block_serialize(const struct block *b, struct wbuf *w, bool witness);
/* Parses exactly len bytes. Returns 0 or -EINVAL (then b is cleared). */
int block_deserialize(struct block *b, const uint8_t *p, size_t len);
void block_clear(struct block *b);
/* Appends a transaction, taking ownership of its buffers (tx is zeroed). */
void block_add_tx(struct block *b, struct tx *tx);

/* BlockMerkleRoot over txids; *mutated reports duplicate sibling pairs (CVE-2012-2459). */
void block_merkle_root(const struct block *b, struct u256 *root, bool *mutated);
/* BlockWitnessMerkleRoot: wtxids with the coinbase's counted as zero. */
void block_witness_merkle_root(const struct block *b, struct u256 *root);
/* GetWitnessCommitmentIndex: the last coinbase output carrying the BIP141 commitment
 * header, or -1. */
int block_witness_commitment_index(const struct block *b);
/* The commitment script for a witness root and reserved value (6a24aa21a9ed || hash). */
void block_commitment_script(const struct u256 *witness_root, const struct u256 *reserved,
			     uint8_t out[38]);
size_t block_size(const struct block *b, bool witness);
/* GetBlockWeight: stripped size * 3 + total size. */
size_t block_weight(const struct block *b);

#endif
