// SPDX-License-Identifier: MIT
/* Block and header serialization, block hashes and merkle roots. Checks of what a block
 * may contain live in validation.c; this file only knows the formats. */
#include "block.h"

#include "alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t commitment_header[6] = {0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed};

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Offsets: 0 version, 4 prev, 36 merkle, 68 time, 72 bits, 76 nonce; all little-endian. */
void header_serialize(const struct header *h, uint8_t out[HEADER_SIZE])
{
	put_le32(out, (uint32_t)h->version);
	memcpy(out + 4, h->prev.b, 32);
	memcpy(out + 36, h->merkle.b, 32);
	put_le32(out + 68, h->time);
	put_le32(out + 72, h->bits);
	put_le32(out + 76, h->nonce);
}

void header_deserialize(struct header *h, const uint8_t in[HEADER_SIZE])
{
	h->version = (int32_t)get_le32(in);
	memcpy(h->prev.b, in + 4, 32);
	memcpy(h->merkle.b, in + 36, 32);
	h->time = get_le32(in + 68);
	h->bits = get_le32(in + 72);
	h->nonce = get_le32(in + 76);
}

void header_hash(const struct header *h, struct u256 *out)
{
	uint8_t raw[HEADER_SIZE];

	header_serialize(h, raw);
	hash_sha256d(raw, sizeof(raw), out);
}

void block_serialize(const struct block *b, struct wbuf *w, bool witness)
{
	uint8_t raw[HEADER_SIZE];

	header_serialize(&b->hdr, raw);
	wbuf_put(w, raw, sizeof(raw));
	wbuf_compact(w, b->ntx);
	for (size_t i = 0; i < b->ntx; i++)
		tx_serialize(&b->vtx[i], w, witness);
}

int block_deserialize(struct block *b, const uint8_t *p, size_t len)
{
	struct rbuf r;
	uint8_t raw[HEADER_SIZE];
	uint64_t n;

	memset(b, 0, sizeof(*b));
	rbuf_init(&r, p, len);
	rbuf_read(&r, raw, sizeof(raw));
	header_deserialize(&b->hdr, raw);
	n = rbuf_compact(&r);
	/* every transaction takes at least 10 bytes, which bounds the allocation */
	if (r.err || n > rbuf_left(&r) / 10)
		return -EINVAL;
	b->vtx = xcalloc((size_t)n, sizeof(*b->vtx));
	for (size_t i = 0; i < n; i++) {
		if (tx_deserialize(&b->vtx[i], &r) < 0)
			goto fail;
		b->ntx++;
	}
	if (rbuf_left(&r) == 0)
		return 0;
fail:
	block_clear(b);
	return -EINVAL;
}

void block_clear(struct block *b)
{
	for (size_t i = 0; i < b->ntx; i++)
		tx_clear(&b->vtx[i]);
	free(b->vtx);
	memset(b, 0, sizeof(*b));
}

void block_add_tx(struct block *b, struct tx *tx)
{
	b->vtx = xrealloc(b->vtx, (b->ntx + 1) * sizeof(*b->vtx));
	b->vtx[b->ntx++] = *tx;
	memset(tx, 0, sizeof(*tx));
}

/* ComputeMerkleRoot: pair up hashes level by level, duplicating an odd last one. Two equal
 * siblings mean the tree could be "mutated" without changing the root. */
static void merkle_root(struct u256 *leaves, size_t n, struct u256 *root, bool *mutated)
{
	bool mut = false;

	if (n == 0) {
		memset(root, 0, sizeof(*root));
		if (mutated)
			*mutated = false;
		return;
	}
	while (n > 1) {
		for (size_t i = 0; i + 1 < n; i += 2)
			mut |= u256_eq(&leaves[i], &leaves[i + 1]);
		if (n & 1) {
			leaves[n] = leaves[n - 1];
			n++;
		}
		for (size_t i = 0; i < n / 2; i++) {
			uint8_t pair[64];

			memcpy(pair, leaves[2 * i].b, 32);
			memcpy(pair + 32, leaves[2 * i + 1].b, 32);
			hash_sha256d(pair, sizeof(pair), &leaves[i]);
		}
		n /= 2;
	}
	*root = leaves[0];
	if (mutated)
		*mutated = mut;
}

void block_merkle_root(const struct block *b, struct u256 *root, bool *mutated)
{
	struct u256 *leaves = xcalloc(b->ntx + 1, sizeof(*leaves));

	for (size_t i = 0; i < b->ntx; i++)
		tx_txid(&b->vtx[i], &leaves[i]);
	merkle_root(leaves, b->ntx, root, mutated);
	free(leaves);
}

void block_witness_merkle_root(const struct block *b, struct u256 *root)
{
	struct u256 *leaves = xcalloc(b->ntx + 1, sizeof(*leaves));

	for (size_t i = 1; i < b->ntx; i++)
		tx_wtxid(&b->vtx[i], &leaves[i]);
	merkle_root(leaves, b->ntx, root, NULL);
	free(leaves);
}

int block_witness_commitment_index(const struct block *b)
{
	const struct tx *cb;
	int idx = -1;

	if (b->ntx == 0)
		return -1;
	cb = &b->vtx[0];
	for (size_t i = 0; i < cb->nout; i++) {
		const struct bytes *s = &cb->vout[i].script;

		if (s->len >= 38 && memcmp(s->p, commitment_header, 6) == 0)
			idx = (int)i;
	}
	return idx;
}

void block_commitment_script(const struct u256 *witness_root, const struct u256 *reserved,
			     uint8_t out[38])
{
	uint8_t buf[64];
	struct u256 commit;

	memcpy(buf, witness_root->b, 32);
	memcpy(buf + 32, reserved->b, 32);
	hash_sha256d(buf, sizeof(buf), &commit);
	memcpy(out, commitment_header, 6);
	memcpy(out + 6, commit.b, 32);
}

size_t block_size(const struct block *b, bool witness)
{
	struct wbuf w = {0};
	size_t n;

	block_serialize(b, &w, witness);
	n = w.len;
	wbuf_free(&w);
	return n;
}

size_t block_weight(const struct block *b)
{
	return block_size(b, false) * (WITNESS_SCALE_FACTOR - 1) + block_size(b, true);
}
