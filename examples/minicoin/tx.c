// SPDX-License-Identifier: MIT
/* Transaction (de)serialization as in Core's primitives/transaction.h: the extended format
 * with marker 0x00 and flag 0x01 is used when any input carries witness data. */
#include "tx.h"

#include "alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool tx_has_witness(const struct tx *tx)
{
	for (size_t i = 0; i < tx->nin; i++)
		if (tx->vin[i].nwitness)
			return true;
	return false;
}

bool tx_is_coinbase(const struct tx *tx)
{
	return tx->nin == 1 && u256_is_zero(&tx->vin[0].prevout.txid) &&
	       tx->vin[0].prevout.n == 0xffffffffu;
}

static void write_inputs(const struct tx *tx, struct wbuf *w)
{
	wbuf_compact(w, tx->nin);
	for (size_t i = 0; i < tx->nin; i++) {
		const struct txin *in = &tx->vin[i];

		wbuf_put(w, in->prevout.txid.b, 32);
		wbuf_u32(w, in->prevout.n);
		wbuf_bytes(w, &in->script_sig);
		wbuf_u32(w, in->sequence);
	}
}

static void write_outputs(const struct tx *tx, struct wbuf *w)
{
	wbuf_compact(w, tx->nout);
	for (size_t i = 0; i < tx->nout; i++) {
		wbuf_u64(w, (uint64_t)tx->vout[i].value);
		wbuf_bytes(w, &tx->vout[i].script);
	}
}

void tx_serialize(const struct tx *tx, struct wbuf *w, bool witness)
{
	bool ext = witness && tx_has_witness(tx);

	wbuf_u32(w, (uint32_t)tx->version);
	if (ext) {
		wbuf_u8(w, 0); /* marker: an empty input vector */
		wbuf_u8(w, 1); /* flag: witness follows the outputs */
	}
	write_inputs(tx, w);
	write_outputs(tx, w);
	for (size_t i = 0; ext && i < tx->nin; i++) {
		wbuf_compact(w, tx->vin[i].nwitness);
		for (size_t j = 0; j < tx->vin[i].nwitness; j++)
			wbuf_bytes(w, &tx->vin[i].witness[j]);
	}
	wbuf_u32(w, tx->locktime);
}

/* A vector count must be backed by at least one byte per element still unread, which also
 * bounds the allocation made for it by the input size. */
static size_t read_count(struct rbuf *r)
{
	uint64_t n = rbuf_compact(r);

	if (n > rbuf_left(r)) {
		r->err = -EINVAL;
		return 0;
	}
	return (size_t)n;
}

static void read_inputs(struct tx *tx, struct rbuf *r)
{
	tx->nin = read_count(r);
	tx->vin = xcalloc(tx->nin, sizeof(*tx->vin));
	for (size_t i = 0; i < tx->nin && !r->err; i++) {
		struct txin *in = &tx->vin[i];

		rbuf_read(r, in->prevout.txid.b, 32);
		in->prevout.n = rbuf_u32(r);
		rbuf_bytes(r, &in->script_sig);
		in->sequence = rbuf_u32(r);
	}
}

static void read_outputs(struct tx *tx, struct rbuf *r)
{
	tx->nout = read_count(r);
	tx->vout = xcalloc(tx->nout, sizeof(*tx->vout));
	for (size_t i = 0; i < tx->nout && !r->err; i++) {
		tx->vout[i].value = (int64_t)rbuf_u64(r);
		rbuf_bytes(r, &tx->vout[i].script);
	}
}

static void read_witness(struct tx *tx, struct rbuf *r)
{
	for (size_t i = 0; i < tx->nin && !r->err; i++) {
		struct txin *in = &tx->vin[i];

		in->nwitness = read_count(r);
		in->witness = xcalloc(in->nwitness, sizeof(*in->witness));
		for (size_t j = 0; j < in->nwitness && !r->err; j++)
			rbuf_bytes(r, &in->witness[j]);
	}
}

/* UnserializeTransaction: an empty input vector followed by flag 1 announces witness
 * data; unknown flags and a witness flag without any witness are errors. */
int tx_deserialize(struct tx *tx, struct rbuf *r)
{
	uint8_t flags = 0;

	memset(tx, 0, sizeof(*tx));
	tx->version = (int32_t)rbuf_u32(r);
	read_inputs(tx, r);
	if (tx->nin == 0 && !r->err) {
		flags = rbuf_u8(r);
		if (flags) {
			free(tx->vin);
			read_inputs(tx, r);
			read_outputs(tx, r);
		}
	} else {
		read_outputs(tx, r);
	}
	if (flags & 1) {
		flags &= (uint8_t)~1;
		read_witness(tx, r);
		if (!r->err && !tx_has_witness(tx))
			r->err = -EINVAL; /* superfluous witness record */
	}
	if (flags)
		r->err = -EINVAL; /* unknown optional data */
	tx->locktime = rbuf_u32(r);
	if (r->err) {
		tx_clear(tx);
		return -EINVAL;
	}
	return 0;
}

void tx_clear(struct tx *tx)
{
	for (size_t i = 0; tx->vin && i < tx->nin; i++) {
		bytes_free(&tx->vin[i].script_sig);
		for (size_t j = 0; tx->vin[i].witness && j < tx->vin[i].nwitness; j++)
			bytes_free(&tx->vin[i].witness[j]);
		free(tx->vin[i].witness);
	}
	for (size_t i = 0; tx->vout && i < tx->nout; i++)
		bytes_free(&tx->vout[i].script);
	free(tx->vin);
	free(tx->vout);
	memset(tx, 0, sizeof(*tx));
}

static void tx_hash(const struct tx *tx, bool witness, struct u256 *out)
{
	struct wbuf w = {0};

	tx_serialize(tx, &w, witness);
	hash_sha256d(w.data, w.len, out);
	wbuf_free(&w);
}

void tx_txid(const struct tx *tx, struct u256 *out)
{
	tx_hash(tx, false, out);
}

void tx_wtxid(const struct tx *tx, struct u256 *out)
{
	tx_hash(tx, true, out);
}

size_t tx_size(const struct tx *tx, bool witness)
{
	struct wbuf w = {0};
	size_t n;

	tx_serialize(tx, &w, witness);
	n = w.len;
	wbuf_free(&w);
	return n;
}

void tx_add_output(struct tx *tx, int64_t value, const uint8_t *script, size_t len)
{
	tx->vout = xrealloc(tx->vout, (tx->nout + 1) * sizeof(*tx->vout));
	tx->vout[tx->nout].value = value;
	bytes_set(&tx->vout[tx->nout].script, script, len);
	tx->nout++;
}
