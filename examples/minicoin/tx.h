/* SPDX-License-Identifier: MIT */
/* Transactions: the in-memory form, Core's wire serialization (with and without the
 * BIP144 witness), and txid/wtxid. A struct tx owns all its buffers; tx_clear frees them. */
#ifndef MINICOIN_TX_H
#define MINICOIN_TX_H

#include "hash.h"
#include "ser.h"

#include <stdbool.h>
#include <stdint.h>

#define SEQUENCE_FINAL 0xffffffffu
#define COIN 100000000ll

struct outpoint {
	struct u256 txid;
	uint32_t n;
};

struct txin {
	struct outpoint prevout;
	struct bytes script_sig;
	uint32_t sequence;
	struct bytes *witness; /* witness stack items */
	size_t nwitness;
};

struct txout {
	int64_t value;
	struct bytes script;
};

struct tx {
	int32_t version;
	struct txin *vin;
	size_t nin;
	struct txout *vout;
	size_t nout;
	uint32_t locktime;
};

void tx_serialize(const struct tx *tx, struct wbuf *w, bool witness);
/* Reads one transaction (witness allowed). Returns 0 or -EINVAL; on error tx is cleared. */
int tx_deserialize(struct tx *tx, struct rbuf *r);
void tx_clear(struct tx *tx);
void tx_txid(const struct tx *tx, struct u256 *out);
void tx_wtxid(const struct tx *tx, struct u256 *out);
bool tx_has_witness(const struct tx *tx);
bool tx_is_coinbase(const struct tx *tx);
/* Serialized size with (witness=true) or without the witness. */
size_t tx_size(const struct tx *tx, bool witness);
/* Appends an output, copying the script. */
void tx_add_output(struct tx *tx, int64_t value, const uint8_t *script, size_t len);

#endif
