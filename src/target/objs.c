// SPDX-License-Identifier: MIT
/* Registered objects and probe sites: target_add_site() groups sites by object (one
 * elf_file per path, kept open for symbol lookups) and by pc (several probe ids on one
 * nop), and decodes each site's argument string once through arch.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "target/tgt.h"
#include "util/alloc.h"

static struct tobj *tobj_by_path(struct target *t, const char *path)
{
	vec_foreach(&t->objs, it)
	{
		if (strcmp((*it)->path, path) == 0)
			return *it;
	}
	return NULL;
}

struct tobj *tobj_find(struct target *t, const char *path, dev_t dev, uint64_t ino)
{
	vec_foreach(&t->objs, it)
	{
		struct tobj *o = *it;
		if (o->ino && o->ino == ino && o->dev == dev)
			return o;
	}
	return tobj_by_path(t, path);
}

static int tobj_open(struct target *t, const char *path, struct tobj **out)
{
	struct elf_file *ef;
	char err[200];
	int rc = elf_file_open(path, &ef, err, sizeof(err));
	if (rc < 0) {
		tgt_errmsg(t, "%s", err);
		return rc;
	}
	struct tobj *o = xcalloc(1, sizeof(*o));
	struct stat st;
	o->path = xstrdup(path);
	o->ef = ef;
	o->machine = elf_file_machine(ef);
	if (stat(path, &st) == 0) {
		o->dev = st.st_dev;
		o->ino = st.st_ino;
	}
	vec_push(&t->objs, o);
	*out = o;
	return 0;
}

static struct tsite *tsite_new(struct tobj *o, const struct target_site *s)
{
	struct tsite *site = xcalloc(1, sizeof(*site));
	struct sdt_arg tmp[SDT_MAX_ARGS];

	site->obj = o;
	site->pc = s->pc;
	site->sema = s->sema;
	site->args = xstrdup(s->args ? s->args : "");
	site->nargs = arch_parse_args(o->machine, site->args, o->ef, tmp, SDT_MAX_ARGS);
	int keep = site->nargs < SDT_MAX_ARGS ? site->nargs : SDT_MAX_ARGS;
	site->argv = xcalloc((size_t)(keep ? keep : 1), sizeof(*site->argv));
	memcpy(site->argv, tmp, (size_t)keep * sizeof(*tmp));
	vec_push(&o->sites, site);
	return site;
}

int target_add_site(struct target *t, const struct target_site *s)
{
	struct tobj *o;

	if (t->started)
		return -EBUSY;
	if (!s->path || !s->pc)
		return -EINVAL;
	o = tobj_by_path(t, s->path);
	if (!o) {
		int rc = tobj_open(t, s->path, &o);
		if (rc < 0)
			return rc;
	}
	vec_foreach(&o->sites, it)
	{
		struct tsite *site = *it;
		if (site->pc == s->pc) {
			vec_push(&site->ids, s->probe_id);
			return 0;
		}
	}
	struct tsite *site = tsite_new(o, s);
	vec_push(&site->ids, s->probe_id);
	return 0;
}

void tobj_free_all(struct target *t)
{
	vec_foreach(&t->objs, it)
	{
		struct tobj *o = *it;
		vec_foreach(&o->sites, s)
		{
			free((*s)->args);
			free((*s)->argv);
			vec_free(&(*s)->ids);
			free(*s);
		}
		vec_free(&o->sites);
		elf_file_free(o->ef);
		free(o->path);
		free(o);
	}
	vec_free(&t->objs);
}
