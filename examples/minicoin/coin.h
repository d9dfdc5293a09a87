/* SPDX-License-Identifier: MIT */
/* One unspent output (Core's Coin): value, script, height and coinbase flag, with the
 * chainstate database's compressed serialization (CTxOutCompressor). */
#ifndef MINICOIN_COIN_H
#define MINICOIN_COIN_H

#include "ser.h"

#include <stdbool.h>
#include <stdint.h>

struct coin {
	int64_t value;
	struct bytes script;
	uint32_t height;
	bool coinbase;
};

/* Deep copy into dst (which must not own anything). */
void coin_copy(struct coin *dst, const struct coin *src);
void coin_clear(struct coin *c);
/* VARINT(height*2+coinbase), VARINT(CompressAmount(value)), compressed script. */
void coin_serialize(const struct coin *c, struct wbuf *w);
/* Returns 0 or -EINVAL; on error c owns nothing. */
int coin_deserialize(struct coin *c, const uint8_t *p, size_t len);
uint64_t coin_compress_amount(uint64_t n);
uint64_t coin_decompress_amount(uint64_t x);

#endif
