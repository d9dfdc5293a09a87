// SPDX-License-Identifier: MIT
/* Source files: loading a script from a path, stdin or a string into the front-end arena.
 * The text is cut at its first NUL byte, because stap reads scripts with
 * getline(..., '\0'); everything after a NUL is invisible to it. No decoding happens here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/srcfile.h"
#include "util/strbuf.h"

struct srcfile *srcfile_from_text(struct arena *a, const char *name, const char *text, size_t len)
{
	struct srcfile *f = arena_alloc(a, sizeof(*f));
	const char *nul = memchr(text, '\0', len);
	if (nul)
		len = (size_t)(nul - text);
	f->name = arena_strdup(a, name);
	f->text = arena_strndup(a, text, len);
	f->len = len;
	return f;
}

/* Reads up to the first NUL (nothing after it is visible anyway, so /dev/zero ends at
 * once) and at most SRCFILE_MAX_BYTES (so an endless stream cannot exhaust memory). */
static int read_stream(FILE *fp, struct strbuf *sb)
{
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		const char *nul = memchr(buf, '\0', n);
		if (sb->len + (nul ? (size_t)(nul - buf) : n) > SRCFILE_MAX_BYTES)
			return -EFBIG;
		if (nul) {
			sb_add(sb, buf, (size_t)(nul - buf));
			break;
		}
		sb_add(sb, buf, n);
	}
	return 0;
}

struct srcfile *srcfile_load(struct arena *a, const char *path, const char *name, int *err)
{
	struct strbuf sb = STRBUF_INIT;
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *fp = is_stdin ? stdin : fopen(path, "r");
	struct srcfile *f;

	if (!fp) {
		*err = -errno;
		return NULL;
	}
	/* A read error after a successful open (a directory, EISDIR) leaves what was read,
	 * as stap's getline does: the file then looks empty. */
	int rc = read_stream(fp, &sb);
	if (!is_stdin)
		fclose(fp);
	if (rc < 0) {
		sb_free(&sb);
		*err = rc;
		return NULL;
	}
	f = srcfile_from_text(a, name ? name : path, sb.s ? sb.s : "", sb.len);
	*err = 0;
	sb_free(&sb);
	return f;
}
