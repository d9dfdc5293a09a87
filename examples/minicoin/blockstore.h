/* SPDX-License-Identifier: MIT */
/* Raw block storage in blocks/blk?????.dat, as Core lays it out: each record is the
 * network magic, a 4-byte little-endian length and the serialized block; a file is
 * closed at 128 MiB and the next one started. Positions point at the block bytes. */
#ifndef MINICOIN_BLOCKSTORE_H
#define MINICOIN_BLOCKSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blockstore;

/* Opens the directory (created if missing), appending to file last_file. NULL on error
 * (logged). */
struct blockstore *blockstore_open(const char *dir, const uint8_t magic[4], int last_file);
void blockstore_close(struct blockstore *bs);
/* Appends one record and flushes it to the OS. Returns 0 or -errno. */
int blockstore_append(struct blockstore *bs, const uint8_t *data, size_t len, int *file,
		      uint32_t *pos);
/* Reads the record at (file, pos) into a fresh buffer, checking magic and length.
 * Returns 0, -ENOENT for a missing file, -EINVAL for a bad record, or -errno. */
int blockstore_read(struct blockstore *bs, int file, uint32_t pos, uint8_t **data, size_t *len);
/* fsyncs the file being appended to (FlushBlockFile). */
int blockstore_sync(struct blockstore *bs);
int blockstore_last_file(const struct blockstore *bs);
/* Bytes in all blk files (CalculateCurrentUsage). */
uint64_t blockstore_usage(const struct blockstore *bs);

#endif
