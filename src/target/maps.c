// SPDX-License-Identifier: MIT
/* /proc/PID/maps reader and load-bias computation (see maps.h). Each line is
 * "start-end perms offset major:minor inode [path]"; anonymous, [heap], [vdso] and
 * similar pseudo paths are dropped. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "target/maps.h"
#include "util/alloc.h"
#include "util/strbuf.h"

static const char deleted_suffix[] = " (deleted)";

/* line -> start "-" end " " perms " " offset " " major ":" minor " " inode [" " path] */
static bool maps_parse_line(const char *line, struct maps_entry *e)
{
	unsigned long long start, end, off, ino;
	unsigned int maj, min;
	char perms[8];
	int pos = 0;

	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end, perms, &off, &maj, &min,
		   &ino, &pos) != 7)
		return false;
	const char *path = line + pos;
	if (path[0] != '/' || end <= start)
		return false;
	size_t len = strlen(path);
	size_t sl = sizeof(deleted_suffix) - 1;
	if (len > sl && strcmp(path + len - sl, deleted_suffix) == 0)
		len -= sl;
	*e = (struct maps_entry){
	    .start = start,
	    .end = end,
	    .offset = off,
	    .ino = ino,
	    .dev = makedev(maj, min),
	    .exec = strlen(perms) >= 3 && perms[2] == 'x',
	    .path = xstrndup(path, len),
	};
	return true;
}

int maps_parse(const char *text, struct maps *m)
{
	int cap = 0;

	m->v = NULL;
	m->n = 0;
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *line = xstrndup(text, len);
		struct maps_entry e;
		if (maps_parse_line(line, &e)) {
			if (m->n == cap) {
				cap = cap ? cap * 2 : 32;
				m->v = xrealloc(m->v, (size_t)cap * sizeof(*m->v));
			}
			m->v[m->n++] = e;
		}
		free(line);
		text += len + (nl != NULL);
	}
	return 0;
}

int maps_read(pid_t pid, struct maps *m)
{
	char path[40], buf[8192];
	struct strbuf sb = {0};

	m->v = NULL;
	m->n = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			close(fd);
			sb_free(&sb);
			return -err;
		}
		if (n == 0)
			break;
		sb_add(&sb, buf, (size_t)n);
	}
	close(fd);
	maps_parse(sb.len ? sb.s : "", m);
	sb_free(&sb);
	return 0;
}

void maps_free(struct maps *m)
{
	for (int i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

int maps_bias(const struct maps_entry *e, const struct elf_file *ef, uint64_t *bias)
{
	if (elf_file_type(ef) == ET_EXEC) {
		*bias = 0;
		return 0;
	}
	long pg = sysconf(_SC_PAGESIZE);
	uint64_t mask = ~(uint64_t)(pg > 0 ? pg - 1 : 4095);
	size_t n = elf_file_phdr_count(ef);
	for (size_t i = 0; i < n; i++) {
		const struct elf_phdr *ph = elf_file_phdr(ef, i);
		/* Two PT_LOADs may start in the same file page (.rodata and .data
		 * often do); only the executable one is unique, so only it counts. */
		if (ph->type != PT_LOAD || !(ph->flags & PF_X) || !e->exec ||
		    (ph->offset & mask) != e->offset)
			continue;
		/* start maps the page holding p_offset, i.e. vaddr (p_vaddr & mask) */
		*bias = e->start - (ph->vaddr & mask);
		return 0;
	}
	return -ENOENT;
}
