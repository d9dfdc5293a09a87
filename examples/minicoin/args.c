// SPDX-License-Identifier: MIT
/* Option storage and parsing. Values live in a small array; lookups are linear, which is
 * plenty for a few dozen options. */
#include "args.h"

#include "alloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arg_value {
	char *name, *value;
	bool cmdline;
};

struct args {
	const char *const *known;
	struct arg_value *v;
	size_t n;
};

struct args *args_new(const char *const *known)
{
	struct args *a = xcalloc(1, sizeof(*a));

	a->known = known;
	return a;
}

void args_free(struct args *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].value);
	}
	free(a->v);
	free(a);
}

static bool is_known(const struct args *a, const char *name)
{
	for (size_t i = 0; a->known[i]; i++)
		if (strcmp(a->known[i], name) == 0)
			return true;
	return false;
}

static struct arg_value *find(const struct args *a, const char *name)
{
	for (size_t i = a->n; i-- > 0;)
		if (strcmp(a->v[i].name, name) == 0)
			return &a->v[i];
	return NULL;
}

static void set(struct args *a, const char *name, const char *value, bool cmdline)
{
	struct arg_value *v = find(a, name);

	if (v) {
		if (v->cmdline && !cmdline)
			return; /* the command line wins */
		free(v->value);
		v->value = xstrdup(value);
		v->cmdline = cmdline;
		return;
	}
	a->v = xrealloc(a->v, (a->n + 1) * sizeof(*a->v));
	a->v[a->n++] = (struct arg_value){xstrdup(name), xstrdup(value), cmdline};
}

/* InterpretNegatedOption: "-nofoo" means foo=0, "-nofoo=0" means foo=1. */
static void set_option(struct args *a, const char *name, const char *value, bool cmdline)
{
	if (strncmp(name, "no", 2) == 0 && !is_known(a, name) && is_known(a, name + 2)) {
		bool neg = *value == '\0' || atoi(value) != 0;

		set(a, name + 2, neg ? "0" : "1", cmdline);
		return;
	}
	set(a, name, value, cmdline);
}

int args_parse_cmdline(struct args *a, int argc, char **argv, int *first, char **err)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq;
		char *name;

		if (arg[0] != '-')
			break;
		if (arg[1] == '-')
			arg++;
		eq = strchr(arg, '=');
		name = eq ? strndup(arg + 1, (size_t)(eq - arg - 1)) : xstrdup(arg + 1);
		if (!name)
			name = xstrdup("");
		if (!is_known(a, name) && !(strncmp(name, "no", 2) == 0 && is_known(a, name + 2))) {
			*err = xasprintf("Invalid parameter %s", argv[i]);
			free(name);
			return -EINVAL;
		}
		set_option(a, name, eq ? eq + 1 : "", true);
		free(name);
	}
	*first = i;
	return 0;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* One config line; *in_section tracks whether the current section applies. */
static int config_line(struct args *a, char *line, const char *section, bool *in_section,
		       char **err, int lineno)
{
	char *hash = strchr(line, '#'), *eq, *key;

	if (hash)
		*hash = '\0';
	line = trim(line);
	if (!*line)
		return 0;
	if (line[0] == '[' && line[strlen(line) - 1] == ']') {
		line[strlen(line) - 1] = '\0';
		*in_section = strcmp(trim(line + 1), section) == 0;
		return 0;
	}
	eq = strchr(line, '=');
	if (!eq || eq == line) {
		*err = xasprintf("parse error on line %d: %s", lineno, line);
		return -EINVAL;
	}
	*eq = '\0';
	key = trim(line);
	if (*in_section &&
	    (is_known(a, key) || (strncmp(key, "no", 2) == 0 && is_known(a, key + 2))))
		set_option(a, key, trim(eq + 1), false);
	return 0;
}

int args_read_config(struct args *a, const char *path, const char *section, char **err)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	bool in_section = true;
	int lineno = 0, ret = 0;

	if (!f)
		return errno == ENOENT ? -ENOENT : -errno;
	while (getline(&line, &cap, f) >= 0) {
		ret = config_line(a, line, section, &in_section, err, ++lineno);
		if (ret)
			break;
	}
	free(line);
	fclose(f);
	return ret;
}

bool args_is_set(const struct args *a, const char *name)
{
	return find(a, name) != NULL;
}

const char *args_get(const struct args *a, const char *name, const char *def)
{
	const struct arg_value *v = find(a, name);

	return v ? v->value : def;
}

int64_t args_get_int(const struct args *a, const char *name, int64_t def)
{
	const struct arg_value *v = find(a, name);

	return v ? strtoll(v->value, NULL, 10) : def;
}

bool args_get_bool(const struct args *a, const char *name, bool def)
{
	const struct arg_value *v = find(a, name);

	if (!v)
		return def;
	return v->value[0] == '\0' || strtoll(v->value, NULL, 10) != 0;
}
