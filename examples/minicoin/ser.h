/* SPDX-License-Identifier: MIT */
/* Bitcoin's serialization primitives: a growable write buffer and a bounds-checked
 * reader with little-endian integers, CompactSize and Core's VARINT. Reader errors are
 * sticky: after the first overrun every read returns 0 and r->err stays -EINVAL. */
#ifndef MINICOIN_SER_H
#define MINICOIN_SER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Core's MAX_SIZE: no vector or script length may exceed it. */
#define SER_MAX_SIZE 0x02000000u

/* An owned byte string (scripts, witness items). */
struct bytes {
	uint8_t *p;
	size_t len;
};

void bytes_set(struct bytes *b, const void *p, size_t len);
void bytes_free(struct bytes *b);

struct wbuf {
	uint8_t *data;
	size_t len, cap;
};

void wbuf_put(struct wbuf *w, const void *p, size_t n);
void wbuf_u8(struct wbuf *w, uint8_t v);
void wbuf_u32(struct wbuf *w, uint32_t v);
void wbuf_u64(struct wbuf *w, uint64_t v);
void wbuf_compact(struct wbuf *w, uint64_t n);
void wbuf_varint(struct wbuf *w, uint64_t n);
/* CompactSize length followed by the bytes. */
void wbuf_bytes(struct wbuf *w, const struct bytes *b);
void wbuf_free(struct wbuf *w);

struct rbuf {
	const uint8_t *p;
	size_t len, pos;
	int err;
};

void rbuf_init(struct rbuf *r, const void *p, size_t len);
uint8_t rbuf_u8(struct rbuf *r);
uint32_t rbuf_u32(struct rbuf *r);
uint64_t rbuf_u64(struct rbuf *r);
/* CompactSize, rejecting non-canonical encodings and sizes above SER_MAX_SIZE. */
uint64_t rbuf_compact(struct rbuf *r);
uint64_t rbuf_varint(struct rbuf *r);
void rbuf_read(struct rbuf *r, void *out, size_t n);
/* CompactSize length then that many bytes into a fresh struct bytes. */
void rbuf_bytes(struct rbuf *r, struct bytes *out);
size_t rbuf_left(const struct rbuf *r);

#endif
