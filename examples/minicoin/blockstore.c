// SPDX-License-Identifier: MIT
/* blk?????.dat files. Appends go through one open stream; reads open the file anew as
 * Core's OpenBlockFile does, so a reader never disturbs the append position. Callers
 * hold cs_main. */
#include "blockstore.h"

#include "alloc.h"
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_BLOCKFILE_SIZE 0x8000000u	    /* 128 MiB */
#define MAX_BLOCK_RECORD (4u * 1000 * 1000) /* MAX_BLOCK_SERIALIZED_SIZE */

struct blockstore {
	char *dir;
	uint8_t magic[4];
	int file; /* current append file */
	FILE *out;
	uint64_t size; /* bytes in the current file */
};

static char *blk_path(const struct blockstore *bs, int file)
{
	return xasprintf("%s/blk%05d.dat", bs->dir, file);
}

static int open_append(struct blockstore *bs)
{
	char *path = blk_path(bs, bs->file);
	struct stat st;

	bs->out = fopen(path, "ab");
	if (!bs->out) {
		int err = -errno;

		log_printf("Unable to open file %s\n", path);
		free(path);
		return err;
	}
	bs->size = fstat(fileno(bs->out), &st) == 0 ? (uint64_t)st.st_size : 0;
	free(path);
	return 0;
}

struct blockstore *blockstore_open(const char *dir, const uint8_t magic[4], int last_file)
{
	struct blockstore *bs = xcalloc(1, sizeof(*bs));

	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		log_printf("Unable to create directory %s\n", dir);
		free(bs);
		return NULL;
	}
	bs->dir = xstrdup(dir);
	memcpy(bs->magic, magic, 4);
	bs->file = last_file;
	if (open_append(bs) < 0) {
		blockstore_close(bs);
		return NULL;
	}
	return bs;
}

void blockstore_close(struct blockstore *bs)
{
	if (!bs)
		return;
	if (bs->out)
		fclose(bs->out);
	free(bs->dir);
	free(bs);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int blockstore_append(struct blockstore *bs, const uint8_t *data, size_t len, int *file,
		      uint32_t *pos)
{
	uint8_t hdr[8];
	int err;

	if (len > MAX_BLOCK_RECORD)
		return -EFBIG;
	if (bs->size + sizeof(hdr) + len > MAX_BLOCKFILE_SIZE) {
		log_printf("Leaving block file %d: %llu bytes\n", bs->file,
			   (unsigned long long)bs->size);
		blockstore_sync(bs);
		fclose(bs->out);
		bs->out = NULL;
		bs->file++;
		err = open_append(bs);
		if (err)
			return err;
	}
	memcpy(hdr, bs->magic, 4);
	put_le32(hdr + 4, (uint32_t)len);
	if (fwrite(hdr, 1, sizeof(hdr), bs->out) != sizeof(hdr) ||
	    fwrite(data, 1, len, bs->out) != len || fflush(bs->out) != 0)
		return errno ? -errno : -EIO;
	*file = bs->file;
	*pos = (uint32_t)(bs->size + sizeof(hdr));
	bs->size += sizeof(hdr) + len;
	return 0;
}

int blockstore_read(struct blockstore *bs, int file, uint32_t pos, uint8_t **data, size_t *len)
{
	char *path = blk_path(bs, file);
	FILE *f = fopen(path, "rb");
	uint8_t hdr[8];
	uint32_t n;
	int err = 0;

	free(path);
	if (!f)
		return errno == ENOENT ? -ENOENT : -errno;
	if (pos < sizeof(hdr) || fseek(f, (long)pos - (long)sizeof(hdr), SEEK_SET) != 0 ||
	    fread(hdr, 1, sizeof(hdr), f) != sizeof(hdr) || memcmp(hdr, bs->magic, 4) != 0) {
		err = -EINVAL;
		goto out;
	}
	n = (uint32_t)hdr[4] | (uint32_t)hdr[5] << 8 | (uint32_t)hdr[6] << 16 |
	    (uint32_t)hdr[7] << 24;
	if (n > MAX_BLOCK_RECORD) {
		err = -EINVAL;
		goto out;
	}
	*data = xmalloc(n);
	if (fread(*data, 1, n, f) != n) {
		free(*data);
		err = -EINVAL;
		goto out;
	}
	*len = n;
out:
	fclose(f);
	return err;
}

int blockstore_sync(struct blockstore *bs)
{
	if (fflush(bs->out) != 0 || fsync(fileno(bs->out)) != 0)
		return -errno;
	return 0;
}

int blockstore_last_file(const struct blockstore *bs)
{
	return bs->file;
}

uint64_t blockstore_usage(const struct blockstore *bs)
{
	uint64_t total = 0;

	for (int f = 0; f <= bs->file; f++) {
		char *path = blk_path(bs, f);
		struct stat st;

		if (stat(path, &st) == 0)
			total += (uint64_t)st.st_size;
		free(path);
	}
	return total;
}
